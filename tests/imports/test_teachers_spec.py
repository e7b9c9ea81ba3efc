"""The staff spec: subjects and this year's training hours upserted, scope, ID agreement, no-ops."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from edubureau.imports.exporting import export_to_file
from edubureau.imports.services import import_file
from edubureau.imports.spec import get_spec
from edubureau.lib.chinese_ids import make_resident_id
from edubureau.registry.choices_people import TeacherEventKind
from edubureau.registry.imports_specs.common import today
from edubureau.registry.models import Teacher, TeacherEvent, TrainingRecord
from tests import factories
from tests.imports.conftest import write_workbook

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1985, 6, 1)


def teacher_id(sequence: int = 1) -> str:
    return make_resident_id("330101", BIRTH, sequence, "female")


def teacher_row(sequence: int = 1, **cells: Any) -> list[Any]:
    values: dict[str, Any] = {
        "身份证号": teacher_id(sequence),
        "姓名": f"教师{sequence}",
        "性别": "女",
        "出生日期": BIRTH,
        "学校标识码": "2133000001",
        "学校名称": "",
        "编制情况": "",
        "岗位类别": "",
        "最高学历": "本科",
        "专业技术职务": "",
        "任教学科": "",
        "任教学段": "",
        "骨干教师级别": "",
        "双师型教师": "否",
        "持有教师资格证": "是",
        "从教起始年份": 2008,
        "继续教育": "",
    }
    values.update(cells)
    return [values[header] for header in get_spec("teachers").headers()]


@pytest.fixture
def teachers_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    counter = iter(range(1000))

    def _make(*rows: list[Any]) -> Path:
        headers = get_spec("teachers").headers()
        return write_workbook(tmp_path / f"teachers-{next(counter)}.xlsx", [headers, *rows])

    return _make


def run(source: Any, user: Any):  # type: ignore[no-untyped-def]
    return import_file(
        actor=user, spec_name="teachers", source=source, file_name="t.xlsx", file_sha256="0" * 64
    )


def errors_of(outcome: Any) -> list[tuple[int, str, str]]:
    return [(error.row_number, error.header, error.value) for error in outcome.validation.errors]


def test_subjects_and_training_hours_are_upserted(personas, teachers_file):
    run(teachers_file(teacher_row(1, 任教学科="语文、数学", 继续教育=72)), personas["school_a_clerk"])
    teacher = Teacher.objects.get()
    assert sorted(teacher.subjects.values_list("name", flat=True)) == ["数学", "语文"]
    assert list(TrainingRecord.objects.values_list("year", "hours")) == [(today().year, Decimal("72.0"))]

    outcome = run(
        teachers_file(teacher_row(1, 任教学科="数学，英语", 继续教育="80.5")), personas["school_a_clerk"]
    )

    assert outcome.validation.counts["changed"] == 1
    assert sorted(teacher.subjects.values_list("name", flat=True)) == ["数学", "英语"]
    assert list(TrainingRecord.objects.values_list("year", "hours")) == [(today().year, Decimal("80.5"))]


def test_reimport_and_export_then_import_change_nothing(personas, teachers_file):
    path = teachers_file(teacher_row(1, 任教学科="语文 数学", 继续教育=72), teacher_row(2))
    run(path, personas["section_staff"])
    assert run(path, personas["section_staff"]).validation.counts["unchanged"] == 2

    handle = export_to_file(get_spec("teachers"), actor=personas["school_a_clerk"], params={})
    outcome = run(io.BytesIO(handle.read()), personas["school_a_clerk"])

    assert outcome.validation.counts == {"read": 2, "new": 0, "changed": 0, "unchanged": 2, "errors": 0}


@pytest.mark.parametrize(
    ("cells", "header", "value"),
    [
        ({"身份证号": teacher_id()[:-1] + ("1" if teacher_id()[-1] != "1" else "2")}, "身份证号", None),
        ({"出生日期": dt.date(1985, 6, 2)}, "出生日期", "1985-06-02"),
        ({"性别": "男"}, "性别", "男"),
        ({"学校标识码": "2133000003"}, "学校标识码", "2133000003"),
        ({"任教学科": "语文、炼丹"}, "任教学科", "语文、炼丹"),
        ({"继续教育": "12.34"}, "继续教育", "12.34"),
        ({"最高学历": "博士后"}, "最高学历", "博士后"),
    ],
)
def test_a_bad_cell_is_a_row_error_and_nothing_is_written(personas, teachers_file, cells, header, value):
    outcome = run(teachers_file(teacher_row(1, **cells)), personas["school_a_clerk"])

    assert [(row, column) for row, column, _value in errors_of(outcome)] == [(2, header)]
    if value is not None:
        assert errors_of(outcome)[0][2] == value
    assert outcome.batch is None and not Teacher.objects.exists()


def test_a_teacher_of_a_school_outside_scope_is_refused_without_saying_where(personas, teachers_file):
    other = factories.make_teacher(school=personas.county.school_b)
    row = teacher_row(
        1,
        身份证号=other.id_number,
        出生日期=other.birth_date,
        性别="男" if int(other.id_number[16]) % 2 else "女",
    )

    outcome = run(teachers_file(row), personas["school_a_clerk"])

    assert errors_of(outcome) == [(2, "身份证号", other.id_number)]
    assert "南河乡中心小学" not in outcome.validation.errors[0].message
    assert "其他学校" in outcome.validation.errors[0].message
    assert Teacher.objects.get().school == personas.county.school_b


def test_a_move_between_schools_is_recorded_as_transfer_events(personas, teachers_file):
    run(teachers_file(teacher_row(1)), personas["section_staff"])

    run(teachers_file(teacher_row(1, 学校标识码="2133000003")), personas["section_staff"])

    assert Teacher.objects.get().school == personas.county.school_b
    kinds = TeacherEvent.objects.order_by("pk").values_list("kind", "school__code")
    assert list(kinds) == [
        (TeacherEventKind.TRANSFER_OUT, "2133000001"),
        (TeacherEventKind.TRANSFER_IN, "2133000003"),
    ]
