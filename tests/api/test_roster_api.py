from __future__ import annotations

import pytest

from tests import factories
from tests.conftest import PERSONA_NAMES

SEES = {
    "leader": {"A", "B"},
    "section_staff": {"A", "B"},
    "supervisor": {"B"},
    "township_school": {"A"},
    "school_a_admin": {"A"},
    "school_a_clerk": {"A"},
    "school_b_clerk": {"B"},
}


@pytest.fixture
def rosters(personas):
    county = personas.county
    return {
        "students": {
            "A": factories.make_student(school=county.school_a, name="甲学生"),
            "B": factories.make_student(school=county.school_b, name="乙学生"),
        },
        "teachers": {
            "A": factories.make_teacher(school=county.school_a, name="甲老师"),
            "B": factories.make_teacher(school=county.school_b, name="乙老师"),
        },
    }


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("kind", ["students", "teachers"])
def test_roster_api_lists_exactly_the_scope(personas, rosters, login, persona, kind):
    client = login(personas[persona])
    response = client.get(f"/api/v1/{kind}/")
    if persona not in SEES:
        assert response.status_code == 403
        return
    expected = {rosters[kind][key].name for key in SEES[persona]}
    assert {row["name"] for row in response.json()["results"]} == expected
    for key, row in rosters[kind].items():
        detail = client.get(f"/api/v1/{kind}/{row.pk}/")
        assert detail.status_code == (200 if key in SEES[persona] else 404)


def test_id_numbers_are_masked_by_default_and_shown_to_a_clerk_on_request_audited(personas, rosters, login):
    from edubureau.core.models import AuditAction, ChangeLog

    pupil = rosters["students"]["A"]
    masked = pupil.id_number[:6] + "********" + pupil.id_number[-4:]
    leader_row = login(personas["leader"]).get(f"/api/v1/students/{pupil.pk}/", {"show_id": "1"}).json()
    clerk = login(personas["school_a_clerk"])
    clerk_list = clerk.get("/api/v1/students/").json()["results"]
    clerk_row = clerk.get(f"/api/v1/students/{pupil.pk}/", {"show_id": "1"}).json()
    assert (leader_row["id_number"], leader_row["birth_date"]) == (masked, str(pupil.birth_date.year))
    assert [row["id_number"] for row in clerk_list] == [masked]
    assert (clerk_row["id_number"], clerk_row["birth_date"]) == (
        pupil.id_number,
        pupil.birth_date.isoformat(),
    )
    views = ChangeLog.objects.filter(action=AuditAction.VIEW_SENSITIVE, object_pk=str(pupil.pk))
    assert list(views.values_list("actor_name", flat=True)) == ["school_a_clerk"]


def test_the_roster_api_runs_a_constant_number_of_queries(personas, rosters, login, count_queries):
    client = login(personas["leader"])
    few = count_queries(lambda: client.get("/api/v1/teachers/"))
    for _number in range(10):
        factories.make_teacher(school=personas.county.school_c)
    assert count_queries(lambda: client.get("/api/v1/teachers/")) == few
