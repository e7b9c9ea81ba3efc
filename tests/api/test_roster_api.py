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


def test_id_numbers_are_masked_for_the_leader_and_full_for_the_clerk(personas, rosters, login):
    pupil = rosters["students"]["A"]
    leader_row = login(personas["leader"]).get(f"/api/v1/students/{pupil.pk}/").json()
    clerk_row = login(personas["school_a_clerk"]).get(f"/api/v1/students/{pupil.pk}/").json()
    assert leader_row["id_number"] == pupil.id_number[:6] + "********" + pupil.id_number[-4:]
    assert clerk_row["id_number"] == pupil.id_number


def test_the_roster_api_runs_a_constant_number_of_queries(personas, rosters, login, count_queries):
    client = login(personas["leader"])
    few = count_queries(lambda: client.get("/api/v1/teachers/"))
    for _number in range(10):
        factories.make_teacher(school=personas.county.school_c)
    assert count_queries(lambda: client.get("/api/v1/teachers/")) == few
