"""Who may open what, and which rows they see: every page, export and API endpoint, for every persona.

Out-of-scope rows are absent from lists and exports and give 404 on detail pages and the API; a
missing function permission gives 403; anonymous users are sent to the login page (401/403 on the API).
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from tests.conftest import PERSONA_NAMES
from tests.factories import school_form_data

ALL = {"A", "A1", "B", "C"}
VISIBLE_SCHOOLS: dict[str, set[str]] = {
    "system_admin": ALL,
    "leader": ALL,
    "section_staff": ALL,
    "supervisor": {"B"},
    "township_school": {"A", "A1", "C"},
    "school_a_admin": {"A"},
    "school_a_clerk": {"A"},
    "school_b_clerk": {"B"},
    "security_admin": set(),
    "audit_admin": set(),
}
SCHOOL_READERS = {name for name, schools in VISIBLE_SCHOOLS.items() if schools}
SCHOOL_EDITORS = {"section_staff", "school_a_admin", "school_a_clerk", "school_b_clerk"}

# url name -> the personas that may open it (everyone else: 403)
PAGES: dict[str, set[str]] = {
    "reports:home": set(PERSONA_NAMES),
    "accounts:profile": set(PERSONA_NAMES),
    "registry:school_list": SCHOOL_READERS,
    "registry:school_export": SCHOOL_READERS - {"system_admin"},
    "registry:school_create": {"section_staff"},
    "registry:area_list": SCHOOL_READERS,
    "registry:area_create": {"system_admin", "section_staff"},
    "accounts:user_list": {"system_admin"},
    "accounts:user_create": {"system_admin"},
    "accounts:orgunit_list": {"system_admin"},
    "accounts:orgunit_create": {"system_admin"},
    "accounts:zone_list": {"system_admin"},
    "accounts:zone_create": {"system_admin"},
    "accounts:lockout_list": {"security_admin"},
    "audit:changelog_list": {"audit_admin"},
    "audit:login_list": {"audit_admin", "security_admin"},
}


def _school(personas, key: str):
    county = personas.county
    return {"A": county.school_a, "A1": county.site_a1, "B": county.school_b, "C": county.school_c}[key]


def _names(personas, keys: set[str]) -> set[str]:
    return {_school(personas, key).name for key in keys}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("url_name", sorted(PAGES))
def test_page_access_by_role(personas, login, persona, url_name):
    client = login(personas[persona])
    response = client.get(reverse(url_name))
    assert response.status_code == (200 if persona in PAGES[url_name] else 403)


@pytest.mark.parametrize("url_name", sorted(PAGES))
def test_anonymous_users_are_sent_to_login(db, client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", sorted(SCHOOL_READERS))
def test_school_list_shows_exactly_the_schools_in_scope(personas, login, persona):
    client = login(personas[persona])
    response = client.get(reverse("registry:school_list"))
    shown = {school.name for school in response.context["page"]}
    assert shown == _names(personas, VISIBLE_SCHOOLS[persona])


@pytest.mark.parametrize("persona", sorted(SCHOOL_READERS - {"system_admin"}))
def test_school_export_holds_exactly_the_schools_in_scope(personas, login, persona):
    client = login(personas[persona])
    response = client.get(reverse("registry:school_export"))
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    rows = workbook.get_sheet_by_index(0).to_python()
    assert {row[1] for row in rows[1:]} == _names(personas, VISIBLE_SCHOOLS[persona])


@pytest.mark.parametrize("persona", sorted(SCHOOL_READERS))
@pytest.mark.parametrize("key", sorted(ALL))
def test_school_detail_is_404_outside_scope(personas, login, persona, key):
    client = login(personas[persona])
    response = client.get(reverse("registry:school_detail", args=[_school(personas, key).pk]))
    assert response.status_code == (200 if key in VISIBLE_SCHOOLS[persona] else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("key", sorted(ALL))
def test_school_edit_page_needs_permission_and_scope(personas, login, persona, key):
    client = login(personas[persona])
    response = client.get(reverse("registry:school_edit", args=[_school(personas, key).pk]))
    if persona not in SCHOOL_EDITORS:
        expected = 403
    else:
        expected = 200 if key in VISIBLE_SCHOOLS[persona] else 404
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_refused_school_edit_changes_nothing(personas, login, persona):
    school_b = personas.county.school_b
    client = login(personas[persona])
    data = school_form_data(school_b, principal="篡改者")
    response = client.post(reverse("registry:school_edit", args=[school_b.pk]), data)
    school_b.refresh_from_db()
    if persona in {"section_staff", "school_b_clerk"}:
        assert response.status_code == 302
        assert school_b.principal == "篡改者"
    else:
        assert response.status_code in {403, 404}
        assert school_b.principal == ""


# -- API ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_school_list_holds_exactly_the_schools_in_scope(personas, login, persona):
    client = login(personas[persona])
    response = client.get("/api/v1/schools/")
    if persona not in SCHOOL_READERS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert {row["name"] for row in response.json()["results"]} == _names(personas, VISIBLE_SCHOOLS[persona])


@pytest.mark.parametrize("persona", sorted(SCHOOL_READERS))
@pytest.mark.parametrize("key", sorted(ALL))
def test_api_school_detail_is_404_outside_scope(personas, login, persona, key):
    client = login(personas[persona])
    response = client.get(f"/api/v1/schools/{_school(personas, key).pk}/")
    assert response.status_code == (200 if key in VISIBLE_SCHOOLS[persona] else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_refused_school_patch_changes_nothing(personas, login, persona):
    school_a = personas.county.school_a
    client = login(personas[persona])
    response = client.patch(
        f"/api/v1/schools/{school_a.pk}/", {"principal": "篡改者"}, content_type="application/json"
    )
    school_a.refresh_from_db()
    if persona in {"section_staff", "school_a_admin", "school_a_clerk"}:
        assert response.status_code == 200, response.content
        assert school_a.principal == "篡改者"
    else:
        assert response.status_code in {403, 404}
        assert school_a.principal == ""


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_users_are_for_the_system_admin_only(personas, login, persona):
    response = login(personas[persona]).get("/api/v1/users/")
    assert response.status_code == (200 if persona == "system_admin" else 403)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_areas_follow_the_registry_permission(personas, login, persona):
    response = login(personas[persona]).get("/api/v1/areas/")
    assert response.status_code == (200 if persona in SCHOOL_READERS else 403)


def test_api_areas_of_a_school_clerk_are_their_township_and_above(personas, login):
    response = login(personas["school_b_clerk"]).get("/api/v1/areas/")
    assert {row["name"] for row in response.json()["results"]} == {"示范县", "南河乡"}


@pytest.mark.parametrize("path", ["/api/v1/schools/", "/api/v1/areas/", "/api/v1/users/"])
def test_api_refuses_anonymous_users(db, client, path):
    assert client.get(path).status_code in {401, 403}
