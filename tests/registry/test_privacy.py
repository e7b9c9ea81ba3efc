"""Children's personal data: what a role that may not see full ID numbers must not be able to work out."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests import factories
from tests.factories import PASSWORD


def test_a_leader_sees_birth_years_not_birth_dates(personas, login):
    pupil = factories.make_student(school=personas.county.school_a, birth_date=dt.date(2014, 7, 19))
    client = login(personas["leader"])
    listing = client.get(reverse("registry:student_list")).content.decode()
    detail = client.get(reverse("registry:student_detail", args=[pupil.pk])).content.decode()
    assert "2014-07-19" not in listing and "2014-07-19" not in detail
    assert "2014" in listing


def test_a_clerk_sees_full_birth_dates_of_their_pupils(personas, login):
    pupil = factories.make_student(school=personas.county.school_a, birth_date=dt.date(2014, 7, 19))
    detail = login(personas["school_a_clerk"]).get(reverse("registry:student_detail", args=[pupil.pk]))
    assert "2014-07-19" in detail.content.decode()


def test_a_student_number_prefix_search_reveals_nothing_to_a_leader(personas, login):
    pupil = factories.make_student(school=personas.county.school_a)
    prefix = pupil.student_number[:12]
    leader_hits = (
        login(personas["leader"]).get(reverse("registry:student_list"), {"q": prefix}).context["page"]
    )
    clerk_hits = (
        login(personas["school_a_clerk"]).get(reverse("registry:student_list"), {"q": prefix}).context["page"]
    )
    assert list(leader_hits) == []
    assert list(clerk_hits) == [pupil]


def test_a_password_reset_revokes_the_api_token(personas, login):
    clerk = personas["school_b_clerk"]
    token = Token.objects.create(user=clerk)
    login(personas["system_admin"]).post(
        reverse("accounts:user_password", args=[clerk.pk]),
        {"password1": "Chongzhi-2026!", "password2": "Chongzhi-2026!"},
    )
    assert not Token.objects.filter(key=token.key).exists()


def test_changing_ones_own_password_needs_the_current_one(personas, login):
    client = login(personas["school_a_clerk"])
    response = client.post(
        reverse("accounts:profile"),
        {"current_password": "not-my-password", "password1": "Xinmima-2026!", "password2": "Xinmima-2026!"},
    )
    assert response.status_code == 200
    personas["school_a_clerk"].refresh_from_db()
    assert personas["school_a_clerk"].check_password(PASSWORD)


def test_the_api_schema_needs_a_login(db, client):
    assert client.get("/api/v1/schema/").status_code in {401, 403}


def test_a_leaders_student_export_holds_birth_years_and_masked_numbers(personas, login):
    import io

    from python_calamine import CalamineWorkbook

    pupil = factories.make_student(school=personas.county.school_a, birth_date=dt.date(2014, 7, 19))
    response = login(personas["leader"]).get(reverse("registry:student_export"))
    rows = CalamineWorkbook.from_filelike(
        io.BytesIO(b"".join(response.streaming_content))
    ).get_sheet_by_index(0)
    cells = [str(cell) for row in rows.to_python() for cell in row]
    assert pupil.id_number not in cells and "2014-07-19" not in " ".join(cells)
    assert "2014" in cells
