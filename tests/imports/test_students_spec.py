"""The student spec: each bad input is a row error naming row, column and value, with nothing
written; re-imports and export → import are no-ops; scope holds for imports and exports."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import include, path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from edubureau import urls as project_urls
from edubureau.core.models import AuditAction, ChangeLog
from edubureau.imports import engine
from edubureau.imports.exporting import export_to_file
from edubureau.imports.services import import_file
from edubureau.imports.spec import ImportContext, get_spec
from edubureau.imports.template_workbook import write_template
from edubureau.lib.chinese_ids import make_resident_id
from edubureau.lib.school_year import school_year_of
from edubureau.registry import urls_exports
from edubureau.registry.choices_people import StudentEventKind, StudentStatus
from edubureau.registry.imports_specs.common import today
from edubureau.registry.models import SchoolClass, Student, StudentEvent
from edubureau.registry.selectors import roster_on
from tests import factories

# Each test runs with the sheet read whole and read in parts of a row or two.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reading_modes")]
# The export URLs on top of the project's (until registry/urls.py includes them).
urlpatterns = [
    path("exports/", include((urls_exports.urlpatterns, "registry_exports"))),
    *project_urls.urlpatterns,
]

BIRTH = dt.date(2015, 3, 1)
ENROLLED = dt.date(2021, 9, 1)


def headers() -> list[str]:
    return get_spec("students").headers()


def pupil_id(sequence: int = 1, sex: str = "male", birth: dt.date = BIRTH) -> str:
    return make_resident_id("330101", birth, sequence, sex)  # type: ignore[arg-type]


def j_number(sequence: int = 1) -> str:
    """A valid J-form 学籍号 (a pupil without an ID number)."""
    return "J" + make_resident_id("330101", BIRTH, sequence, "male")


L_NUMBER = "L330101201503011234"


def wrong_check(id_number: str) -> str:
    return id_number[:-1] + ("1" if id_number[-1] != "1" else "2")


def id_ending_in_x() -> str:
    return next(number for sequence in range(500) if (number := pupil_id(sequence))[-1] == "X")


def make_pupil(school: Any) -> Student:
    """factories.make_student, with the sex its ID number says (the factory always writes 男)."""
    student = factories.make_student(school=school)
    student.sex = "1" if int(student.id_number[16]) % 2 else "2"
    student.save(update_fields=["sex"])
    return student


def like(student: Any, **cells: Any) -> dict[str, Any]:
    """The cells that make a row agree with an existing pupil's ID number."""
    sex = "男" if int(student.id_number[16]) % 2 else "女"
    return {"身份证号": student.id_number, "出生日期": student.birth_date, "性别": sex, **cells}


def student_row(sequence: int = 1, **cells: Any) -> list[Any]:
    """One row of the student template by header: a valid boy of school A, grade 1 class 1."""
    id_number = cells.pop("身份证号", pupil_id(sequence))
    values: dict[str, Any] = {
        "学籍号": f"G{id_number}",
        "身份证号": id_number,
        "姓名": f"学生{sequence}",
        "性别": "男",
        "出生日期": BIRTH,
        "民族": "汉族",
        "户籍": "本县",
        "学校标识码": "2133000001",
        "学校名称": "",
        "年级": "一年级",
        "班号": 1,
        "入学日期": ENROLLED,
        "状态": "在读",
        "留守儿童": "否",
        "随迁子女": "否",
        "残疾类型": "",
        "安置方式": "",
        "建档立卡户": "否",
        "低保": "否",
        "寄宿生": "否",
    }
    values.update(cells)
    return [values[header] for header in headers()]


def run(source: Any, user: Any, name: str = "students.xlsx"):  # type: ignore[no-untyped-def]
    return import_file(actor=user, spec_name="students", source=source, file_name=name, file_sha256="0" * 64)


def errors_of(outcome: Any) -> list[tuple[int, str, str]]:
    return [(error.row_number, error.header, error.value) for error in outcome.validation.errors]


def assert_refused(outcome: Any, expected: list[tuple[int, str, str]]) -> None:
    assert errors_of(outcome) == expected
    assert all(error.column_number and error.message for error in outcome.validation.errors)
    assert outcome.batch is None


def test_new_pupils_are_registered_with_their_enrolment_event_and_class(personas, students_file):
    path = students_file(student_row(1), student_row(2, 年级="二年级", 班号=3, 性别="1"))

    outcome = run(path, personas["school_a_clerk"])

    assert outcome.validation.counts == {"read": 2, "new": 2, "changed": 0, "unchanged": 0, "errors": 0}
    school_a = personas.county.school_a
    pupil = Student.objects.select_related("school_class").get(student_number=f"G{pupil_id(2)}")
    assert (pupil.school, pupil.status, pupil.grade, pupil.school_class.grade, pupil.school_class.number) == (
        school_a,
        StudentStatus.IN_SCHOOL,
        2,
        2,
        3,
    )
    assert pupil.school_class.school_year == school_year_of(today())
    assert SchoolClass.objects.filter(school=school_a).count() == 2
    events = StudentEvent.objects.filter(student__school=school_a).values_list("kind", "date", "school")
    assert sorted(events) == [(StudentEventKind.ENROL, ENROLLED, school_a.pk)] * 2
    assert set(roster_on(school_a, ENROLLED).values_list("name", flat=True)) == {"学生1", "学生2"}
    assert not roster_on(school_a, ENROLLED - dt.timedelta(days=1)).exists()


def test_reimporting_the_same_file_changes_nothing(personas, students_file):
    path = students_file(
        student_row(1, 留守儿童="是", 残疾类型="视力残疾", 安置方式="随班就读"), student_row(2)
    )
    run(path, personas["school_a_clerk"])
    before = list(Student.objects.values().order_by("pk"))

    outcome = run(path, personas["school_a_clerk"])

    assert outcome.validation.counts == {"read": 2, "new": 0, "changed": 0, "unchanged": 2, "errors": 0}
    assert list(Student.objects.values().order_by("pk")) == before
    assert StudentEvent.objects.count() == 2


def test_a_lowercase_x_is_stored_as_x(personas, students_file):
    id_number = id_ending_in_x()
    path = students_file(student_row(身份证号=id_number.lower(), 学籍号=f"g{id_number.lower()}"))

    outcome = run(path, personas["school_a_clerk"])

    assert outcome.validation.counts["new"] == 1
    assert Student.objects.get().id_number == id_number


def test_the_other_fields_of_a_registered_pupil_are_corrected(personas, students_file):
    run(students_file(student_row(1)), personas["school_a_clerk"])

    outcome = run(students_file(student_row(1, 姓名="张小三", 低保="是", 班号=2)), personas["school_a_clerk"])

    assert outcome.validation.counts["changed"] == 1
    pupil = Student.objects.select_related("school_class").get()
    assert (pupil.name, pupil.is_dibao, pupil.school_class.number) == ("张小三", True, 2)
    assert StudentEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("cells", "header", "value"),
    [
        pytest.param(
            {"身份证号": wrong_check(pupil_id())}, "身份证号", wrong_check(pupil_id()), id="bad-check"
        ),
        pytest.param({"身份证号": 3.30101201503e17}, "身份证号", "3.30101201503e+17", id="scientific-number"),
        pytest.param({"身份证号": "3.30101E+17"}, "身份证号", "3.30101E+17", id="scientific-text"),
        pytest.param({"出生日期": dt.date(2015, 3, 2)}, "出生日期", "2015-03-02", id="birth-disagrees"),
        pytest.param({"性别": "女"}, "性别", "女", id="sex-disagrees"),
        pytest.param({"学籍号": f"G{pupil_id(2)}"}, "学籍号", f"G{pupil_id(2)}", id="g-not-id"),
        pytest.param({"民族": "火星族"}, "民族", "火星族", id="unknown-ethnicity"),
        pytest.param({"学校标识码": "2133999999"}, "学校标识码", "2133999999", id="unknown-school"),
        pytest.param({"学校标识码": "2133000003"}, "学校标识码", "2133000003", id="school-out-of-scope"),
        pytest.param({"年级": 13}, "年级", "13", id="grade-out-of-range"),
        pytest.param({"年级": ""}, "年级", "", id="class-without-grade"),
        pytest.param({"入学日期": dt.date(2099, 9, 1)}, "入学日期", "2099-09-01", id="future-enrolment"),
        pytest.param({"入学日期": dt.date(2014, 9, 1)}, "入学日期", "2014-09-01", id="enrolled-before-born"),
        pytest.param({"状态": "已毕业"}, "状态", "已毕业", id="new-pupil-not-in-school"),
        pytest.param({"学籍号": "G110105********002X"}, "学籍号", "G110105********002X", id="masked"),
        pytest.param({"姓名": ""}, "姓名", "", id="no-name"),
    ],
)
def test_a_bad_cell_is_a_row_error_and_nothing_is_written(personas, students_file, cells, header, value):
    path = students_file(student_row(5), student_row(1, **cells))

    outcome = run(path, personas["school_a_clerk"])

    assert (3, header, value) in errors_of(outcome)
    assert all(error.row_number == 3 and error.column_number for error in outcome.validation.errors)
    assert outcome.batch is None
    assert not Student.objects.exists()
    assert not SchoolClass.objects.exists()


def test_a_future_birth_date_is_refused(personas, students_file):
    row = student_row(1, 学籍号=L_NUMBER, 身份证号="", 出生日期=dt.date(2099, 1, 1))

    outcome = run(students_file(row), personas["school_a_clerk"])

    assert (2, "出生日期", "2099-01-01") in errors_of(outcome)
    assert outcome.batch is None and not Student.objects.exists()


def test_duplicates_in_the_file_are_refused_by_student_number_and_by_id_number(personas, students_file):
    same_id = pupil_id(1)
    path = students_file(
        student_row(1),
        student_row(1),
        student_row(2, 学籍号=j_number(2), 身份证号=pupil_id(2)),
        student_row(3, 学籍号=L_NUMBER, 身份证号=same_id),
    )

    outcome = run(path, personas["school_a_clerk"])

    assert ("学籍号", f"G{same_id}") in [
        (e.header, e.value) for e in outcome.validation.errors if e.row_number == 3
    ]
    assert (5, "身份证号", same_id) in errors_of(outcome)
    assert outcome.batch is None and not Student.objects.exists()


@pytest.mark.parametrize(
    ("cells", "header"), [({}, "学籍号"), ({"学籍号": L_NUMBER}, "身份证号")], ids=["by-number", "by-id"]
)
def test_a_pupil_of_a_school_outside_scope_is_refused_without_saying_where(
    personas, students_file, cells, header
):
    other = factories.make_student(school=personas.county.school_b)
    value = other.student_number if header == "学籍号" else other.id_number

    outcome = run(students_file(student_row(1, **like(other, **cells))), personas["school_a_clerk"])

    assert_refused(outcome, [(2, header, value)])
    message = outcome.validation.errors[0].message
    assert "其他学校" in message
    assert "南河乡中心小学" not in message and other.student_number not in message
    assert Student.objects.get() == other


def test_section_staff_cannot_move_a_pupil_by_import(personas, students_file):
    other = factories.make_student(school=personas.county.school_b)
    row = student_row(1, **like(other, 姓名=other.name))

    outcome = run(students_file(row), personas["section_staff"])

    assert_refused(outcome, [(2, "学校标识码", "2133000001")])
    assert "南河乡中心小学" in outcome.validation.errors[0].message
    assert Student.objects.get().school == personas.county.school_b


def test_a_status_change_by_import_is_refused(personas, students_file):
    run(students_file(student_row(1)), personas["school_a_clerk"])

    outcome = run(students_file(student_row(1, 状态="辍学")), personas["school_a_clerk"])

    assert_refused(outcome, [(2, "状态", "辍学")])
    assert Student.objects.get().status == StudentStatus.IN_SCHOOL


def export_as(user: Any, **params: str) -> bytes:
    handle = export_to_file(get_spec("students"), actor=user, params=params)
    with handle:
        return handle.read()


def exported_rows(content: bytes) -> list[list[Any]]:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    return sheet.to_python()


@pytest.mark.parametrize("persona", ["school_a_clerk", "section_staff"])
def test_export_then_import_is_a_no_op(personas, students_file, persona):
    run(
        students_file(student_row(1, 寄宿生="是", 户籍="外县"), student_row(2, 年级="", 班号="")),
        personas["section_staff"],
    )
    make_pupil(personas.county.school_b)
    before = list(Student.objects.values().order_by("pk"))

    outcome = run(io.BytesIO(export_as(personas[persona])), personas[persona])

    expected_rows = 2 if persona == "school_a_clerk" else 3
    assert outcome.validation.counts == {
        "read": expected_rows, "new": 0, "changed": 0, "unchanged": expected_rows, "errors": 0,
    }  # fmt: skip
    assert list(Student.objects.values().order_by("pk")) == before


def test_a_masked_export_cannot_be_reimported(personas, students_file):
    run(students_file(student_row(1)), personas["section_staff"])
    content = export_as(personas["leader"])
    assert exported_rows(content)[1][:2] == [
        f"G{pupil_id(1)[:6]}********{pupil_id(1)[-4:]}",
        f"{pupil_id(1)[:6]}********{pupil_id(1)[-4:]}",
    ]
    before = list(Student.objects.values().order_by("pk"))

    outcome = run(io.BytesIO(content), personas["section_staff"])

    assert [(e.row_number, e.header) for e in outcome.validation.errors] == [
        (2, "学籍号"),
        (2, "身份证号"),
        (2, "出生日期"),
    ]
    assert outcome.batch is None
    assert list(Student.objects.values().order_by("pk")) == before


def test_only_unmasked_exports_are_audited_as_unmasked(personas):
    export_as(personas["leader"])
    export_as(personas["school_a_clerk"])

    entries = ChangeLog.objects.filter(action=AuditAction.EXPORT).order_by("pk")
    assert [(entry.actor_name, entry.changes) for entry in entries] == [
        ("leader", {}),
        ("school_a_clerk", {"unmasked": [None, True]}),
    ]


def test_the_school_a_clerk_exports_only_school_a(personas):
    mine = factories.make_student(school=personas.county.school_a)
    factories.make_student(school=personas.county.school_b)

    rows = exported_rows(export_as(personas["school_a_clerk"], school=str(personas.county.school_b.pk)))

    assert [row[0] for row in rows[1:]] == [mine.student_number]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("persona", "status"),
    [(None, 302), ("system_admin", 403), ("leader", 200), ("school_a_clerk", 200), ("section_staff", 200)],
)
def test_the_export_page_access(personas, login, persona, status):
    factories.make_student(school=personas.county.school_b)
    client = login(personas[persona] if persona else None)

    response = client.get("/exports/students/export/", {"school": personas.county.school_b.pk})

    assert response.status_code == status
    if status == 200:
        rows = exported_rows(b"".join(response.streaming_content))
        assert len(rows) == (1 if persona == "school_a_clerk" else 2)


def test_the_template_holds_no_data(personas):
    factories.make_student(school=personas.county.school_b)

    with write_template(get_spec("students")) as handle:
        rows = exported_rows(handle.read())

    assert rows == [headers()]


cells = st.one_of(
    st.text(max_size=25),
    st.sampled_from(
        ["", " ", "G", "X", "x", "3.30101E+17", "110105********002X", "汉", "在读", "13", "二年级"]
    ),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(),
    st.none(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(replacements=st.dictionaries(st.integers(min_value=0, max_value=19), cells, max_size=6))
def test_any_cells_give_a_clean_row_or_row_errors(personas, replacements):
    row = student_row(1)
    for index, value in replacements.items():
        row[index] = value
    spec = get_spec("students")

    result = engine.validate(
        spec,
        [(2, row)],
        ImportContext(user=personas["school_a_clerk"]),
        positions={column.key: index for index, column in enumerate(spec.columns)},
    )

    assert result.rows_read == 1
    clean = len(result.new_rows) + len(result.changed_rows) + result.unchanged
    assert clean + result.error_rows == 1
    for error in result.errors:
        assert error.row_number == 2 and error.message and error.column_number
        assert error.header in headers()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (f"G{pupil_id(7)}", j_number(1)),  # a G row, then a J row giving the ID number it is made of
        (j_number(1), f"G{pupil_id(7)}"),
        (j_number(1), j_number(2)),
    ],
)
def test_an_id_number_given_twice_in_a_file_names_the_first_rows_student_number(
    personas, students_file, first, second
):
    rows = [
        student_row(7, 学籍号=first, 身份证号=pupil_id(7)),
        student_row(7, 学籍号=second, 身份证号=pupil_id(7)),
    ]

    outcome = run(students_file(*rows), personas["school_a_clerk"])

    assert [(error.row_number, error.header) for error in outcome.validation.errors] == [(3, "身份证号")]
    assert first in outcome.validation.errors[0].message
    assert Student.objects.count() == 0
