"""The class spec: the four-part natural key, head teachers of the school, scope, no-ops."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from edubureau.imports.exporting import export_to_file
from edubureau.imports.services import import_file
from edubureau.imports.spec import get_spec
from edubureau.registry.choices_people import ClassType
from edubureau.registry.models import SchoolClass
from tests import factories
from tests.imports.conftest import write_workbook

pytestmark = pytest.mark.django_db


def class_row(**cells: Any) -> list[Any]:
    values: dict[str, Any] = {
        "学校标识码": "2133000001",
        "学校名称": "",
        "学年": "2025-2026学年",
        "年级": "一年级",
        "班号": 1,
        "班级类型": "普通班",
        "班主任": "",
        "姓名": "",
        "学生": "",
    }
    values.update(cells)
    return [values[header] for header in get_spec("classes").headers()]


@pytest.fixture
def classes_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    counter = iter(range(1000))

    def _make(*rows: list[Any]) -> Path:
        headers = get_spec("classes").headers()
        return write_workbook(tmp_path / f"classes-{next(counter)}.xlsx", [headers, *rows])

    return _make


def run(source: Any, user: Any):  # type: ignore[no-untyped-def]
    return import_file(
        actor=user, spec_name="classes", source=source, file_name="c.xlsx", file_sha256="0" * 64
    )


def errors_of(outcome: Any) -> list[tuple[int, str, str]]:
    return [(error.row_number, error.header, error.value) for error in outcome.validation.errors]


def test_classes_are_created_with_their_head_teacher_and_reimport_changes_nothing(personas, classes_file):
    teacher = factories.make_teacher(school=personas.county.school_a)
    path = classes_file(class_row(班主任=teacher.id_number), class_row(班号=2, 学年=2025))

    outcome = run(path, personas["school_a_clerk"])

    assert outcome.validation.counts["new"] == 2
    first = SchoolClass.objects.get(number=1)
    assert (first.school_year, first.grade, first.class_type, first.head_teacher) == (
        2025,
        1,
        ClassType.REGULAR,
        teacher,
    )
    assert run(path, personas["school_a_clerk"]).validation.counts["unchanged"] == 2


def test_export_then_import_changes_nothing(personas, classes_file):
    run(classes_file(class_row(), class_row(年级="二年级")), personas["section_staff"])
    handle = export_to_file(get_spec("classes"), actor=personas["school_a_clerk"], params={})

    outcome = run(io.BytesIO(handle.read()), personas["school_a_clerk"])

    assert outcome.validation.counts == {"read": 2, "new": 0, "changed": 0, "unchanged": 2, "errors": 0}


@pytest.mark.parametrize(
    ("cells", "header", "value"),
    [
        ({"学校标识码": "2133000003"}, "学校标识码", "2133000003"),
        ({"学年": "明年"}, "学年", "明年"),
        ({"年级": 13}, "年级", "13"),
        ({"班号": 0}, "班号", "0"),
        ({"班级类型": "火箭班"}, "班级类型", "火箭班"),
    ],
)
def test_a_bad_cell_is_a_row_error_and_nothing_is_written(personas, classes_file, cells, header, value):
    outcome = run(classes_file(class_row(**cells)), personas["school_a_clerk"])

    assert errors_of(outcome) == [(2, header, value)]
    assert outcome.batch is None and not SchoolClass.objects.exists()


def test_a_head_teacher_of_another_school_is_refused(personas, classes_file):
    teacher = factories.make_teacher(school=personas.county.school_b)

    outcome = run(classes_file(class_row(班主任=teacher.id_number)), personas["section_staff"])

    assert errors_of(outcome) == [(2, "班主任", teacher.id_number)]


def test_a_duplicate_class_in_the_file_is_refused(personas, classes_file):
    outcome = run(classes_file(class_row(), class_row(学年=2025)), personas["school_a_clerk"])

    assert errors_of(outcome) == [(3, "班号", "1")]
    assert not SchoolClass.objects.exists()
