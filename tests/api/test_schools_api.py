from __future__ import annotations

from rest_framework.authtoken.models import Token

from edubureau.core.models import AuditAction, ChangeLog
from edubureau.registry.models import School


def _payload(personas, **changes):
    payload = {
        "code": "2133008888",
        "name": "南河乡新建小学",
        "school_type": "211",
        "ownership": "21",
        "urban_rural": "220",
        "township": personas.county.south.pk,
    }
    payload.update(changes)
    return payload


def test_section_staff_creates_a_school_through_the_api(personas, login):
    client = login(personas["section_staff"])
    response = client.post("/api/v1/schools/", _payload(personas), content_type="application/json")
    assert response.status_code == 201, response.content
    school = School.objects.get(code="2133008888")
    assert response.json()["county"] == personas.county.county.pk
    assert ChangeLog.objects.filter(action=AuditAction.CREATE, object_pk=str(school.pk)).exists()


def test_api_refuses_a_nine_digit_code_naming_the_field(personas, login):
    client = login(personas["section_staff"])
    response = client.post(
        "/api/v1/schools/", _payload(personas, code="213300888"), content_type="application/json"
    )
    assert response.status_code == 400
    assert "213300888" in response.json()["code"][0]
    assert not School.objects.filter(name="南河乡新建小学").exists()


def test_api_refuses_a_duplicate_code_and_an_unknown_type(personas, login):
    client = login(personas["section_staff"])
    response = client.post(
        "/api/v1/schools/",
        _payload(personas, code="2133000001", school_type="999"),
        content_type="application/json",
    )
    errors = response.json()
    assert response.status_code == 400
    assert "北关镇中心小学" in errors["code"][0]
    assert "999" in errors["school_type"][0]
    assert School.objects.count() == 4


def test_a_school_clerk_cannot_create_schools_through_the_api(personas, login):
    response = login(personas["school_a_clerk"]).post(
        "/api/v1/schools/", _payload(personas), content_type="application/json"
    )
    assert response.status_code == 403
    assert School.objects.count() == 4


def test_a_school_clerk_patch_cannot_move_their_school(personas, login):
    school = personas.county.school_a
    client = login(personas["school_a_clerk"])
    response = client.patch(
        f"/api/v1/schools/{school.pk}/",
        {"township": personas.county.south.pk, "phone": "0571-1234567"},
        content_type="application/json",
    )
    school.refresh_from_db()
    assert response.status_code == 200
    assert (school.township, school.phone) == (personas.county.north, "0571-1234567")


def test_token_authentication_sees_the_same_scope(personas, client):
    token = Token.objects.create(user=personas["school_b_clerk"])
    response = client.get("/api/v1/schools/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert [row["name"] for row in response.json()["results"]] == ["南河乡中心小学"]


def test_the_api_list_runs_a_constant_number_of_queries(personas, login, count_queries):
    from tests import factories

    client = login(personas["leader"])
    few = count_queries(lambda: client.get("/api/v1/schools/"))
    for number in range(30):
        factories.make_school(township=personas.county.south, name=f"南河乡第{number}小学")
    assert count_queries(lambda: client.get("/api/v1/schools/")) == few


def test_the_openapi_schema_and_docs_are_served(personas, login):
    client = login(personas["leader"])
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/schools/" in schema.content
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs
