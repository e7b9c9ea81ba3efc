"""The command line, the error workbook, the template and export → import."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from edubureau.core.models import AuditAction, ChangeLog, ImportBatch
from edubureau.imports.exporting import export_to_file
from edubureau.imports.spec import get_spec
from edubureau.imports.template_workbook import write_template
from edubureau.registry.models import School
from tests.imports.conftest import SCHOOL_HEADERS, school_row
from tests.imports.test_engine import errors_of, run

pytestmark = pytest.mark.django_db


def _rows(path_or_handle, sheet=0):  # type: ignore[no-untyped-def]
    if isinstance(path_or_handle, Path):
        book = CalamineWorkbook.from_path(str(path_or_handle))
    else:
        book = CalamineWorkbook.from_filelike(path_or_handle)
    chosen = book.get_sheet_by_index(sheet) if isinstance(sheet, int) else book.get_sheet_by_name(sheet)
    return chosen.to_python()


def test_cli_import_commits_and_prints_the_counts(personas, workbook, capsys):
    path = workbook(school_row("2133000101"))

    call_command("import", "schools", str(path), "--user", "jijiao")

    assert "新增 1" in capsys.readouterr().out
    assert School.objects.filter(code="2133000101").exists()


def test_cli_import_with_errors_exits_1_and_writes_the_error_workbook(personas, workbook, capsys):
    path = workbook(school_row("2133000101"), school_row("21330001", "短码小学"))

    with pytest.raises(CommandError) as caught:
        call_command("import", "schools", str(path), "--user", "jijiao")

    assert caught.value.returncode == 1
    error_path = path.with_name(path.stem + ".错误.xlsx")
    rows = _rows(error_path)
    assert rows[0] == [*SCHOOL_HEADERS, "错误说明"]
    assert [row[0] for row in rows[1:]] == ["21330001"]
    assert "第3行" in rows[1][-1] and "学校标识码" in rows[1][-1] and "21330001" in rows[1][-1]
    assert not School.objects.filter(code="2133000101").exists()


def test_cli_dry_run_and_valid_only(personas, workbook):
    path = workbook(school_row("2133000101"), school_row("21330001", "短码小学"))

    with pytest.raises(CommandError):
        call_command("import", "schools", str(path), "--user", "jijiao", "--dry-run")
    call_command("import", "schools", str(path), "--user", "jijiao", "--valid-only")

    assert list(School.objects.filter(code__startswith="21330001").values_list("code", flat=True)) == [
        "2133000101"
    ]


@pytest.mark.parametrize(
    "arguments",
    [
        ["schools", "missing.xlsx", "--user", "jijiao"],
        ["planets", "{path}", "--user", "jijiao"],
        ["schools", "{path}", "--user", "nobody"],
        ["schools", "{path}", "--user", "leader"],  # may read schools, not import them
    ],
)
def test_cli_bad_usage_exits_2(personas, workbook, arguments):
    path = workbook(school_row("2133000101"))

    with pytest.raises(CommandError) as caught:
        call_command("import", *[argument.format(path=path) for argument in arguments])

    assert caught.value.returncode == 2
    assert not ImportBatch.objects.exists()


def test_the_error_workbook_reuploaded_as_is_reports_the_same_errors(personas, workbook):
    path = workbook(
        school_row("2133000101"), school_row("21330001", "短码小学"), school_row("2133000102", 乡镇="无此镇")
    )
    with pytest.raises(CommandError):
        call_command("import", "schools", str(path), "--user", "jijiao")
    error_path = path.with_name(path.stem + ".错误.xlsx")

    outcome = run(error_path, personas["section_staff"], dry_run=True)

    assert errors_of(outcome) == [(2, "学校标识码", "21330001"), (3, "乡镇", "无此镇")]


def test_export_then_import_changes_nothing(personas, tmp_path):
    personas.county.site_a1.status_date = None
    spec = get_spec("schools")
    handle = export_to_file(spec, actor=personas["section_staff"], params={})
    path = tmp_path / "export.xlsx"
    path.write_bytes(handle.read())

    outcome = run(path, personas["section_staff"])

    assert outcome.validation.counts == {"read": 4, "new": 0, "changed": 0, "unchanged": 4, "errors": 0}
    assert ChangeLog.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_cli_export_writes_the_users_schools_only(personas, tmp_path, capsys):
    path = tmp_path / "a.xlsx"

    call_command("export", "schools", str(path), "--user", "school_a_clerk")

    rows = _rows(path)
    assert rows[0] == SCHOOL_HEADERS
    assert [row[0] for row in rows[1:]] == [personas.county.school_a.code]


def test_cli_export_follows_filters(personas, tmp_path):
    path = tmp_path / "south.xlsx"

    call_command(
        "export", "schools", str(path), "--user", "jijiao", "--filter", f"township={personas.county.south.pk}"
    )

    assert [row[1] for row in _rows(path)[1:]] == ["南河乡中心小学"]


def test_the_template_has_header_instructions_codes_and_dropdowns(db):
    handle = write_template(get_spec("schools"))
    content = handle.read()

    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    assert book.sheet_names == ["学校", "填写说明", "代码表"]
    assert book.get_sheet_by_index(0).to_python()[0] == SCHOOL_HEADERS
    instructions = book.get_sheet_by_name("填写说明").to_python()
    assert [row[0] for row in instructions[1:]] == SCHOOL_HEADERS
    codes = book.get_sheet_by_name("代码表").to_python()
    assert [row for row in codes if row and row[0] == "211"][0][:2] == ["211", "小学"]
    assert b"dataValidation" in _sheet_xml(content)


def _sheet_xml(content: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")
