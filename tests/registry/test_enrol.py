from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from edubureau.core.models import AuditAction, ChangeLog
from edubureau.lib.chinese_ids import make_resident_id
from edubureau.registry import services
from edubureau.registry.choices_people import StudentEventKind
from edubureau.registry.models import Student, StudentEvent
from edubureau.registry.selectors import roster_on
from tests import factories

BIRTH = dt.date(2018, 5, 6)
ID_NUMBER = make_resident_id("330101", BIRTH, 12, "female")


def _data(personas, **changes):  # type: ignore[no-untyped-def]
    return factories.enrol_form_data(personas.county.school_a, **changes)


def test_a_clerk_registers_a_pupil_with_class_event_and_audit(personas, login):
    response = login(personas["school_a_clerk"]).post(reverse("registry:student_enrol"), _data(personas))
    assert response.status_code == 302
    pupil = Student.objects.get(student_number="G" + ID_NUMBER)
    assert (pupil.school_class.school_year, pupil.school_class.grade, pupil.school_class.number) == (
        2024,
        1,
        2,
    )
    assert pupil.grade == 1
    assert list(StudentEvent.objects.filter(student=pupil).values_list("kind", flat=True)) == [
        StudentEventKind.ENROL
    ]
    assert ChangeLog.objects.filter(action=AuditAction.CREATE, object_pk=str(pupil.pk)).exists()
    assert list(roster_on(personas.county.school_a, dt.date(2024, 9, 2))) == [pupil]


def test_a_lowercase_x_is_stored_as_capital_x(personas, login):
    birth = dt.date(2017, 1, 2)
    number = next(
        n for n in (make_resident_id("330101", birth, s, "male") for s in range(100)) if n.endswith("X")
    )
    data = _data(
        personas,
        student_number="G" + number.lower(),
        id_number=number.lower(),
        birth_date=birth.isoformat(),
        sex="1",
    )
    assert login(personas["school_a_clerk"]).post(reverse("registry:student_enrol"), data).status_code == 302
    assert Student.objects.filter(id_number=number, student_number="G" + number).exists()


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"id_number": ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")}, "id_number", "校验位"),
        ({"birth_date": "2018-05-07"}, "birth_date", "2018-05-06"),
        ({"sex": "1"}, "sex", ID_NUMBER),
        ({"student_number": "G" + ID_NUMBER[:-2]}, "student_number", "19"),
        (
            {"student_number": "G" + make_resident_id("330101", BIRTH, 13, "female")},
            "id_number",
            ID_NUMBER[:6],
        ),
        ({"grade": ""}, "grade", ""),  # a class number without the grade
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    personas, login, changes, field, fragment
):
    response = login(personas["school_a_clerk"]).post(
        reverse("registry:student_enrol"), _data(personas, **changes)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert fragment in " ".join(errors[field])
    assert not Student.objects.exists()


def test_a_pupil_in_school_elsewhere_is_refused_naming_that_school(personas, login):
    other = factories.make_student(school=personas.county.school_b, name="已在读")
    data = _data(
        personas,
        student_number=other.student_number,
        id_number=other.id_number,
        birth_date=other.birth_date.isoformat(),
        sex=other.sex,
    )
    response = login(personas["section_staff"]).post(reverse("registry:student_enrol"), data)
    assert response.status_code == 200
    assert "南河乡中心小学" in response.content.decode()
    assert Student.objects.count() == 1


def test_a_clerk_cannot_register_a_pupil_at_another_school(personas, login):
    data = _data(personas, school=personas.county.school_b.pk)
    response = login(personas["school_a_clerk"]).post(reverse("registry:student_enrol"), data)
    assert response.status_code == 200
    assert "school" in response.context["form"].errors
    assert not Student.objects.exists()


@pytest.mark.parametrize(
    "persona", ["leader", "supervisor", "township_school", "system_admin", "audit_admin"]
)
def test_roles_that_do_not_keep_rosters_cannot_register(personas, login, persona):
    response = login(personas[persona]).post(reverse("registry:student_enrol"), _data(personas))
    assert response.status_code == 403
    assert not Student.objects.exists()


def _graduate_of_school_a(personas):  # type: ignore[no-untyped-def]
    """A pupil of school A who graduated on 2025-07-01."""
    pupil = factories.make_student(
        school=personas.county.school_a, name="升学生", birth_date=dt.date(2013, 3, 1)
    )
    services.record_student_event(
        actor=personas["section_staff"],
        student=pupil,
        kind=StudentEventKind.GRADUATE,
        date=dt.date(2025, 7, 1),
    )
    return pupil


def _admission_to_school_c(personas, pupil, enrolment_date):  # type: ignore[no-untyped-def]
    """The 入学登记 form's data admitting `pupil` to school C's seventh grade."""
    return _data(
        personas,
        student_number=pupil.student_number,
        id_number=pupil.id_number,
        name=pupil.name,
        birth_date=pupil.birth_date.isoformat(),
        sex=pupil.sex,
        school=personas.county.school_c.pk,
        enrolment_date=enrolment_date,
        grade="7",
        class_number="1",
    )


def test_a_graduate_is_admitted_to_the_next_school_with_the_same_student_number(personas, login):
    county = personas.county
    pupil = _graduate_of_school_a(personas)
    data = _admission_to_school_c(personas, pupil, "2025-09-01")
    response = login(personas["section_staff"]).post(reverse("registry:student_enrol"), data)
    assert response.status_code == 302, response.context["form"].errors
    pupil.refresh_from_db()
    assert (pupil.school, pupil.status, Student.objects.count()) == (county.school_c, "in_school", 1)
    assert [e.kind for e in pupil.events.all()] == ["enrol", "graduate", "enrol"]
    assert list(roster_on(county.school_a, dt.date(2025, 6, 1))) == [pupil]
    assert list(roster_on(county.school_c, dt.date(2025, 9, 2))) == [pupil]
    assert list(roster_on(county.school_a, dt.date(2025, 9, 2))) == []


def test_a_pupil_suspended_elsewhere_cannot_be_registered_again(personas, login):
    county = personas.county
    pupil = factories.make_student(school=county.school_b, name="休学生")
    services.record_student_event(
        actor=personas["section_staff"],
        student=pupil,
        kind=StudentEventKind.SUSPEND,
        date=dt.date(2025, 3, 1),
    )
    data = _data(
        personas,
        student_number=pupil.student_number,
        id_number=pupil.id_number,
        birth_date=pupil.birth_date.isoformat(),
        sex=pupil.sex,
    )
    response = login(personas["section_staff"]).post(reverse("registry:student_enrol"), data)
    assert response.status_code == 200
    assert "南河乡中心小学" in " ".join(response.context["form"].errors["student_number"])
    pupil.refresh_from_db()
    assert pupil.school == county.school_b


def test_a_readmission_must_carry_the_registrations_identity(personas, login):
    county = personas.county
    pupil = factories.make_student(school=county.school_b, name="原学生", birth_date=dt.date(2013, 3, 1))
    services.record_student_event(
        actor=personas["section_staff"],
        student=pupil,
        kind=StudentEventKind.GRADUATE,
        date=dt.date(2025, 7, 1),
    )
    impostor = make_resident_id("330101", dt.date(2013, 3, 2), 40, "male")
    data = _data(
        personas,
        student_number=pupil.student_number,
        id_number=impostor,
        name="冒名顶替",
        birth_date="2013-03-02",
        sex="1",
    )
    response = login(personas["school_a_clerk"]).post(reverse("registry:student_enrol"), data)
    assert response.status_code == 200
    pupil.refresh_from_db()
    assert (pupil.name, pupil.id_number, pupil.school) == ("原学生", pupil.id_number, county.school_b)
    assert pupil.status == "graduated"


def test_a_clerk_cannot_find_out_which_school_another_pupil_attends(personas, login):
    other = factories.make_student(school=personas.county.school_b, name="别校学生")
    data = _data(
        personas,
        student_number=other.student_number,
        id_number=other.id_number,
        birth_date=other.birth_date.isoformat(),
        sex=other.sex,
    )
    page = login(personas["school_a_clerk"]).post(reverse("registry:student_enrol"), data).content.decode()
    assert "南河乡中心小学" not in page
    assert not Student.objects.filter(school=personas.county.school_a).exists()


def test_a_readmission_before_the_pupil_left_is_refused_without_saying_when_they_left(personas, login):
    pupil = _graduate_of_school_a(personas)
    data = _admission_to_school_c(personas, pupil, "2025-06-01")  # before the graduation: two rosters at once

    response = login(personas["section_staff"]).post(reverse("registry:student_enrol"), data)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["enrolment_date"])
    assert "离开" in errors and "2025" not in errors
    pupil.refresh_from_db()
    assert (pupil.school, pupil.status) == (personas.county.school_a, "graduated")
