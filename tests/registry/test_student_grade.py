"""A pupil's own grade (Student.grade): filled from the class by the migration, filtered and shown as
the pupil's, given by the 入学登记 form and the import, and in a multi-grade class (复式班, recorded
under its lowest grade) one of the grades the class holds."""

from __future__ import annotations

import datetime as dt
import importlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse

from edubureau.lib.chinese_ids import make_resident_id
from edubureau.lib.school_year import school_year_of
from edubureau.registry import services
from edubureau.registry.choices_people import ClassType, StudentEventKind
from edubureau.registry.filters import StudentFilter
from edubureau.registry.imports_specs.common import today
from edubureau.registry.models import SchoolClass, Student
from edubureau.registry.models.students import class_for_grade, class_holds_grade, mixed_class_above
from tests import factories
from tests.imports.conftest import write_workbook
from tests.imports.test_students_spec import export_as, headers, run, student_row

BIRTH = dt.date(2018, 5, 6)
ID_NUMBER = make_resident_id("330101", BIRTH, 12, "female")
TEACHING_POINT = "2133000002"  # 北关镇李庄教学点, school A's site


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def make_class(school: Any, grade: int, number: int = 1, *, year: int | None = None, **fields: Any) -> Any:
    year = school_year_of(today()) if year is None else year
    return SchoolClass.objects.create(school=school, school_year=year, grade=grade, number=number, **fields)


def multi_grade(school: Any, grade: int, number: int = 1, **fields: Any) -> Any:
    return make_class(school, grade, number, class_type=ClassType.MULTI_GRADE, **fields)


# The rule ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("class_grade", "class_type", "grade", "holds"),
    [
        (1, ClassType.REGULAR, 1, True),
        (1, ClassType.REGULAR, 2, False),
        (1, ClassType.MULTI_GRADE, 3, True),
        (1, ClassType.MULTI_GRADE, 6, True),
        (3, ClassType.MULTI_GRADE, 2, False),  # recorded under its lowest grade
        (5, ClassType.MULTI_GRADE, 7, False),  # never across stages (小学 / 初中)
        (0, ClassType.MULTI_GRADE, 1, False),
        (7, ClassType.SPECIAL, 8, True),  # a special-education class of two grades
        (1, ClassType.BOARDING, 2, False),
    ],
)
def test_which_grades_a_class_holds(class_grade, class_type, grade, holds):
    assert class_holds_grade(class_grade, class_type, grade) is holds


def test_a_grade_sits_in_its_own_class_else_the_multi_grade_class_nearest_below(personas):
    point = personas.county.site_a1
    first, third, fifth = (multi_grade(point, grade) for grade in (1, 3, 5))
    classes = [fifth, first, third]

    assert [class_for_grade(classes, grade) for grade in range(1, 7)] == [
        first,
        first,
        third,
        third,
        fifth,
        fifth,
    ]
    assert class_for_grade(classes, 7) is None
    assert class_for_grade([third], 2) is None
    assert mixed_class_above([fifth, third], 2) == third
    assert mixed_class_above([make_class(point, 4, 2)], 2) is None  # a regular class stands in nobody's way


# The migration ----------------------------------------------------------------------------------


def test_the_migration_fills_each_pupils_grade_from_their_class_and_reverses(personas):
    migration = importlib.import_module("edubureau.registry.migrations.0008_fill_student_grade")
    school = personas.county.school_a
    in_class = factories.make_student(school=school, school_class=make_class(school, 3))
    without_class = factories.make_student(school=school)
    own_grade = factories.make_student(school=school, school_class=multi_grade(school, 1, 2), grade=2)
    Student.objects.filter(pk=in_class.pk).update(grade=None)  # as every row was before

    migration.fill_grades(apps, None)

    grades = dict(Student.objects.values_list("pk", "grade"))
    assert grades == {in_class.pk: 3, without_class.pk: None, own_grade.pk: 2}

    migration.clear_grades(apps, None)

    assert set(Student.objects.values_list("grade", flat=True)) == {None}


# Filter, pages, API -----------------------------------------------------------------------------


@pytest.fixture
def mixed_class_pupils(personas):
    """A multi-grade class of grade 1 at school A with a pupil of grade 1 and one of grade 2."""
    school = personas.county.school_a
    school_class = multi_grade(school, 1)
    return {
        grade: factories.make_student(school=school, school_class=school_class, grade=grade, name=name)
        for grade, name in ((1, "一年级生"), (2, "二年级生"))
    }


def test_the_grade_filter_finds_a_grade_2_pupil_in_a_multi_grade_class_of_grade_1(
    personas, mixed_class_pupils, login
):
    user = personas["school_a_clerk"]
    students = Student.objects.visible_to(user)

    assert list(StudentFilter({"grade": "2"}, queryset=students, user=user).qs) == [mixed_class_pupils[2]]
    page = login(user).get(reverse("registry:student_list"), {"grade": "2"})
    assert [pupil.name for pupil in page.context["page"]] == ["二年级生"]
    api = login(user).get("/api/v1/students/", {"grade": "2"}).json()["results"]
    assert [(row["name"], row["grade"]) for row in api] == [("二年级生", 2)]


def test_the_list_and_the_detail_page_show_the_pupils_own_grade(personas, mixed_class_pupils, login):
    client = login(personas["school_a_clerk"])
    pupil = mixed_class_pupils[2]

    listing = client.get(reverse("registry:student_list")).content.decode()
    detail = client.get(reverse("registry:student_detail", args=[pupil.pk])).content.decode()

    assert listing.count("<td>二年级</td>") == 1 and listing.count("<td>一年级</td>") == 1
    assert "<dd>二年级</dd>" in detail and "<dd>一年级（1）班</dd>" in detail


# 入学登记 ------------------------------------------------------------------------------------------


def _enrol_data(school: Any, **changes: Any) -> dict[str, Any]:
    """The 入学登记 form's new pupil, in grade 2, class 1 by default."""
    return factories.enrol_form_data(school, **{"grade": "2", "class_number": "1", **changes})


def test_the_form_puts_a_grade_2_pupil_in_the_multi_grade_class_of_grade_1(personas, login):
    school = personas.county.school_a
    school_class = multi_grade(school, 1, year=2024)

    response = login(personas["school_a_clerk"]).post(reverse("registry:student_enrol"), _enrol_data(school))

    assert response.status_code == 302
    pupil = Student.objects.get()
    assert (pupil.grade, pupil.school_class) == (2, school_class)
    assert SchoolClass.objects.count() == 1


def test_the_form_opens_a_new_class_beside_a_regular_class_of_another_grade(personas, login):
    school = personas.county.school_a
    make_class(school, 1, year=2024)

    login(personas["school_a_clerk"]).post(reverse("registry:student_enrol"), _enrol_data(school))

    pupil = Student.objects.select_related("school_class").get()
    assert (pupil.grade, pupil.school_class.grade, pupil.school_class.number) == (2, 2, 1)


def test_the_form_refuses_a_multi_grade_class_that_cannot_take_the_grade_naming_both(personas, login):
    school = personas.county.school_a
    multi_grade(school, 3, year=2024)

    response = login(personas["school_a_clerk"]).post(reverse("registry:student_enrol"), _enrol_data(school))

    assert response.status_code == 200
    [message] = response.context["form"].errors["class_number"]
    assert "三年级（1）班" in message and "二年级" in message
    assert not Student.objects.exists()
    assert SchoolClass.objects.count() == 1


def test_the_form_takes_a_grade_without_a_class(personas, login):
    school = personas.county.school_a

    data = _enrol_data(school, class_number="")
    response = login(personas["school_a_clerk"]).post(reverse("registry:student_enrol"), data)

    assert response.status_code == 302
    assert Student.objects.values_list("grade", "school_class").get() == (2, None)


def test_a_readmitted_pupil_takes_the_new_grade_and_leaves_the_old_class(personas, login):
    county = personas.county
    pupil = factories.make_student(
        school=county.school_a, birth_date=dt.date(2013, 3, 1), school_class=make_class(county.school_a, 6)
    )
    services.record_student_event(
        actor=personas["section_staff"],
        student=pupil,
        kind=StudentEventKind.GRADUATE,
        date=dt.date(2025, 7, 1),
    )
    data = _enrol_data(
        county.school_c,
        student_number=pupil.student_number,
        id_number=pupil.id_number,
        name=pupil.name,
        birth_date=pupil.birth_date.isoformat(),
        sex=pupil.sex,
        enrolment_date="2025-09-01",
        grade="7",
        class_number="",
    )

    response = login(personas["section_staff"]).post(reverse("registry:student_enrol"), data)

    assert response.status_code == 302, response.context["form"].errors
    pupil.refresh_from_db()
    assert (pupil.school, pupil.grade, pupil.school_class) == (county.school_c, 7, None)


# Import and export ------------------------------------------------------------------------------


def students_file(tmp_path: Path, *rows: list[Any]) -> Path:
    return write_workbook(tmp_path / f"students-{len(list(tmp_path.iterdir()))}.xlsx", [headers(), *rows])


def point_row(sequence: int, grade: str, **cells: Any) -> list[Any]:
    return student_row(sequence, 学校标识码=TEACHING_POINT, 年级=grade, 班号=1, **cells)


def test_an_import_puts_two_grades_in_one_multi_grade_class_and_exports_them_back_unchanged(
    personas, tmp_path
):
    # given a teaching point's multi-grade class, recorded under grade 1
    school_class = multi_grade(personas.county.site_a1, 1)
    staff = personas["section_staff"]
    # when its pupils of grades 1 and 2 are imported with the class's number
    outcome = run(students_file(tmp_path, point_row(1, "一年级"), point_row(2, "二年级")), staff)
    # then both sit in it, each with their own grade, and no class is created
    assert outcome.validation.counts["new"] == 2, outcome.validation.errors
    assert sorted(Student.objects.values_list("grade", "school_class")) == [
        (1, school_class.pk),
        (2, school_class.pk),
    ]
    assert SchoolClass.objects.count() == 1
    # and the export says each pupil's own grade, and imports back as it was
    exported = export_as(staff)
    before = list(Student.objects.values().order_by("pk"))
    again = run(io.BytesIO(exported), staff)
    assert again.validation.counts == {"read": 2, "new": 0, "changed": 0, "unchanged": 2, "errors": 0}
    assert list(Student.objects.values().order_by("pk")) == before


def test_an_import_moves_a_pupil_up_a_grade_within_their_multi_grade_class(personas, tmp_path):
    school_class = multi_grade(personas.county.site_a1, 1)
    staff = personas["section_staff"]
    run(students_file(tmp_path, point_row(1, "一年级")), staff)

    outcome = run(students_file(tmp_path, point_row(1, "二年级")), staff)

    assert outcome.validation.counts["changed"] == 1
    assert Student.objects.values_list("grade", "school_class").get() == (2, school_class.pk)


def test_an_import_refuses_a_multi_grade_class_that_cannot_take_the_grade(personas, tmp_path):
    multi_grade(personas.county.site_a1, 3)

    outcome = run(students_file(tmp_path, point_row(1, "一年级")), personas["section_staff"])

    [error] = outcome.validation.errors
    assert (error.row_number, error.header, error.value) == (2, "班号", "1")
    assert "三年级（1）班" in error.message and "一年级" in error.message
    assert not Student.objects.exists() and SchoolClass.objects.count() == 1


def test_an_import_takes_a_grade_without_a_class_and_exports_it_back_unchanged(personas, tmp_path):
    clerk = personas["school_a_clerk"]
    run(students_file(tmp_path, student_row(1, 年级="三年级", 班号="")), clerk)
    assert Student.objects.values_list("grade", "school_class").get() == (3, None)

    again = run(io.BytesIO(export_as(clerk)), clerk)

    assert again.validation.counts["unchanged"] == 1
