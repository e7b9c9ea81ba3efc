"""Re-admission (升学, a family back in the county) through the student import: a pupil who graduated or
transferred out is admitted at the importer's school as the 入学登记 form admits them, with the same
identity checks, and the import tells a clerk no more about a pupil of another school than the form."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from edubureau.accounts.choices import OrgUnitKind
from edubureau.core.roles import Role
from edubureau.lib.chinese_ids import make_resident_id
from edubureau.lib.school_year import school_year_of
from edubureau.registry import services
from edubureau.registry.choices_people import Sex, StudentEventKind, StudentStatus
from edubureau.registry.imports_specs.common import today
from edubureau.registry.models import Student, StudentEvent
from edubureau.registry.selectors import roster_on
from tests import factories
from tests.imports.test_students_spec import j_number, make_pupil, run, student_row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reading_modes")]

GRADUATED_ON = dt.date(2025, 7, 1)
ADMITTED_ON = dt.date(2025, 9, 1)
SCHOOL_A, SCHOOL_B, SCHOOL_C = "北关镇中心小学", "南河乡中心小学", "北关镇初级中学"
CODE_B, CODE_C = "2133000003", "2133000004"


@pytest.fixture
def school_c_clerk(personas):
    """The clerk of the junior high (school C), who may see no primary school."""
    unit = factories.make_org_unit(kind=OrgUnitKind.SCHOOL, name=SCHOOL_C, school=personas.county.school_c)
    return factories.make_user(role=Role.SCHOOL_CLERK, username="school_c_clerk", org_unit=unit)


def left(personas: Any, pupil: Student, kind: str = StudentEventKind.GRADUATE) -> Student:
    """`pupil` graduated (or moved out of the county) on GRADUATED_ON, recorded by the registry section."""
    services.record_student_event(
        actor=personas["section_staff"], student=pupil, kind=kind, date=GRADUATED_ON
    )
    pupil.refresh_from_db()
    return pupil


@pytest.fixture
def graduate(personas):
    """A sixth-grader of school A who graduated in July."""
    return left(personas, make_pupil(personas.county.school_a))


def admission_row(pupil: Student, school: str = CODE_C, **cells: Any) -> list[Any]:
    """The row that admits `pupil` to `school`'s seventh grade, class 2, on ADMITTED_ON."""
    values = {"学籍号": pupil.student_number, "身份证号": pupil.id_number or "", "姓名": pupil.name}
    values |= {"出生日期": pupil.birth_date, "性别": "男" if pupil.sex == Sex.MALE else "女"}
    values |= {"学校标识码": school, "年级": "七年级", "班号": 2, "入学日期": ADMITTED_ON, **cells}
    return student_row(1, **values)


def messages(outcome: Any) -> str:
    return " ".join(error.message for error in outcome.validation.errors)


def events_of(pupil: Student) -> list[tuple[str, dt.date, int]]:
    return list(pupil.events.order_by("date", "pk").values_list("kind", "date", "school"))


def test_the_junior_highs_clerk_readmits_a_graduate_of_a_primary_school(
    personas, students_file, graduate, school_c_clerk
):
    county = personas.county

    outcome = run(students_file(admission_row(graduate, 姓名="新名字")), school_c_clerk)

    assert outcome.validation.counts == {"read": 1, "new": 0, "changed": 1, "unchanged": 0, "errors": 0}
    assert outcome.batch is not None
    pupil = Student.objects.select_related("school_class").get()
    assert (pupil.school, pupil.status, pupil.grade, pupil.name) == (
        county.school_c,
        "in_school",
        7,
        "新名字",
    )
    assert (pupil.enrolment_date, pupil.school_class.school, pupil.school_class.grade) == (
        ADMITTED_ON,
        county.school_c,
        7,
    )
    assert (pupil.school_class.number, pupil.school_class.school_year) == (2, school_year_of(today()))
    assert events_of(pupil) == [
        (StudentEventKind.ENROL, dt.date(2021, 9, 1), county.school_a.pk),
        (StudentEventKind.GRADUATE, GRADUATED_ON, county.school_a.pk),
        (StudentEventKind.ENROL, ADMITTED_ON, county.school_c.pk),
    ]
    assert pupil.events.order_by("pk").last().recorded_by == school_c_clerk
    assert list(roster_on(county.school_a, dt.date(2025, 6, 1))) == [pupil]
    assert list(roster_on(county.school_c, ADMITTED_ON)) == [pupil]
    assert not roster_on(county.school_a, ADMITTED_ON).exists()


def test_reimporting_the_readmission_file_changes_nothing(personas, students_file, graduate, school_c_clerk):
    path = students_file(admission_row(graduate))
    run(path, school_c_clerk)
    before = list(Student.objects.values().order_by("pk"))

    outcome = run(path, school_c_clerk)

    assert outcome.validation.counts == {"read": 1, "new": 0, "changed": 0, "unchanged": 1, "errors": 0}
    assert list(Student.objects.values().order_by("pk")) == before
    assert StudentEvent.objects.count() == 3


def test_a_family_back_in_the_county_is_readmitted_at_another_school(personas, students_file):
    # given a pupil of school A who moved out of the county
    pupil = left(personas, make_pupil(personas.county.school_a), StudentEventKind.TRANSFER_OUT)
    # when school B's clerk imports them into school B
    row = admission_row(pupil, CODE_B, 年级="五年级")
    outcome = run(students_file(row), personas["school_b_clerk"])
    # then they are 在读 there, with an 入学 event at school B
    assert outcome.validation.counts["changed"] == 1, messages(outcome)
    pupil.refresh_from_db()
    assert (pupil.school, pupil.status, pupil.grade) == (personas.county.school_b, "in_school", 5)
    assert events_of(pupil)[-1] == (StudentEventKind.ENROL, ADMITTED_ON, personas.county.school_b.pk)


@pytest.fixture
def pupil_without_id(personas):
    """A graduate of school A with a J number and no ID number: birth date and sex are all that
    identify them."""
    pupil = make_pupil(personas.county.school_a)
    Student.objects.filter(pk=pupil.pk).update(student_number=j_number(77), id_number=None)
    pupil.refresh_from_db()
    return left(personas, pupil)


@pytest.mark.parametrize("header", ["出生日期", "性别"])
def test_a_readmission_with_another_identity_is_refused_naming_the_column(
    personas, students_file, pupil_without_id, school_c_clerk, header
):
    other = {
        "出生日期": pupil_without_id.birth_date + dt.timedelta(days=1),
        "性别": "女" if pupil_without_id.sex == Sex.MALE else "男",
    }
    row = admission_row(pupil_without_id, **{header: other[header]})

    outcome = run(students_file(row), school_c_clerk)

    [error] = outcome.validation.errors
    assert (error.row_number, error.header) == (2, header)
    stored = (pupil_without_id.birth_date.isoformat(), pupil_without_id.get_sex_display(), SCHOOL_A)
    assert not any(text in error.message for text in stored)
    assert outcome.batch is None
    assert Student.objects.get() == pupil_without_id
    assert Student.objects.values_list("school", "status").get() == (personas.county.school_a.pk, "graduated")
    assert StudentEvent.objects.count() == 2


def test_a_readmission_with_another_id_number_is_refused_naming_the_column(
    personas, students_file, graduate, school_c_clerk
):
    # given a graduate with a J number whose registration holds an ID number
    Student.objects.filter(pk=graduate.pk).update(student_number=j_number(78))
    graduate.refresh_from_db()
    sex = "male" if graduate.sex == Sex.MALE else "female"
    other_id = next(
        number
        for sequence in (7, 8)
        if (number := make_resident_id("330101", graduate.birth_date, sequence, sex)) != graduate.id_number
    )
    # when a row gives another ID number of the same birth date and sex
    outcome = run(students_file(admission_row(graduate, 身份证号=other_id)), school_c_clerk)
    # then the ID number column is refused, without the registration's number
    [error] = outcome.validation.errors
    assert (error.row_number, error.header, error.value) == (2, "身份证号", other_id)
    assert graduate.id_number not in error.message
    assert Student.objects.values_list("school", "status").get() == (personas.county.school_a.pk, "graduated")


@pytest.mark.parametrize(
    "kind",
    [None, StudentEventKind.SUSPEND, StudentEventKind.DROP_OUT],
    ids=["in-school", "suspended", "dropped-out"],
)
def test_a_pupil_still_registered_elsewhere_is_refused_as_before_without_saying_where(
    personas, students_file, school_c_clerk, kind
):
    pupil = make_pupil(personas.county.school_a)
    if kind is not None:
        pupil = left(personas, pupil, kind)
    status = pupil.status

    outcome = run(students_file(admission_row(pupil)), school_c_clerk)

    [error] = outcome.validation.errors
    assert (error.row_number, error.header, error.value) == (2, "学籍号", pupil.student_number)
    assert "其他学校" in error.message and SCHOOL_A not in error.message
    assert Student.objects.values_list("school", "status").get() == (personas.county.school_a.pk, status)


def test_a_graduates_row_that_keeps_them_graduated_says_no_more_than_before(
    personas, students_file, graduate, school_c_clerk
):
    outcome = run(students_file(admission_row(graduate, 状态="已毕业")), school_c_clerk)

    [error] = outcome.validation.errors
    assert (error.header, error.value) == ("学籍号", graduate.student_number)
    assert "其他学校" in error.message and SCHOOL_A not in error.message and "已毕业" not in error.message


def test_the_school_b_clerk_cannot_readmit_a_graduate_into_a_school_outside_their_scope(
    personas, students_file, graduate
):
    outcome = run(students_file(admission_row(graduate)), personas["school_b_clerk"])

    [error] = outcome.validation.errors
    assert (error.row_number, error.header, error.value) == (2, "学校标识码", CODE_C)
    assert SCHOOL_A not in error.message
    assert Student.objects.values_list("school", "status").get() == (personas.county.school_a.pk, "graduated")
    assert StudentEvent.objects.count() == 2


def test_section_staff_readmit_a_graduate_they_can_see(personas, students_file, graduate):
    outcome = run(students_file(admission_row(graduate)), personas["section_staff"])

    assert outcome.validation.counts["changed"] == 1, messages(outcome)
    assert Student.objects.values_list("school", "status").get() == (personas.county.school_c.pk, "in_school")


def test_an_old_row_of_a_graduate_at_the_same_school_is_still_refused_as_a_status_change(
    personas, students_file, graduate
):
    # given the school's export from before the pupil graduated
    row = admission_row(
        graduate, 学校标识码="2133000001", 年级="六年级", 班号=1, 入学日期=dt.date(2021, 9, 1)
    )
    # when it is imported again after the graduation
    outcome = run(students_file(row), personas["school_a_clerk"])
    # then the pupil is not enrolled again: a status change, as before
    assert [(error.header, error.value) for error in outcome.validation.errors] == [("状态", "在读")]
    assert Student.objects.get().status == StudentStatus.GRADUATED
    assert StudentEvent.objects.count() == 2


def test_a_readmission_dated_before_the_pupil_left_is_refused_without_the_date(
    personas, students_file, graduate, school_c_clerk
):
    outcome = run(students_file(admission_row(graduate, 入学日期=dt.date(2025, 6, 1))), school_c_clerk)

    assert [(error.header, error.value) for error in outcome.validation.errors] == [
        ("入学日期", "2025-06-01")
    ]
    assert "离开" in messages(outcome) and "2025-07" not in messages(outcome)
    graduate.refresh_from_db()
    assert (graduate.school, graduate.status) == (personas.county.school_a, "graduated")
