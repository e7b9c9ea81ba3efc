"""Workbook builders for the import tests: real files, written the way people's files are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

SCHOOL_HEADERS = [
    "学校标识码",
    "学校名称",
    "办学类型代码",
    "办学类型",
    "办别",
    "城乡分类代码",
    "乡镇",
    "地址",
    "校长",
    "联系电话",
    "寄宿制学校",
    "示范级别",
    "所属学校",
    "计入学校数",
    "状态",
    "状态变更日期",
    "并入学校",
]


def school_row(
    code: Any = "2133000101", name: str = "新建小学", township: str = "北关镇", **cells: Any
) -> list[Any]:
    """One row of the school template, by header: defaults for a valid new primary school."""
    values: dict[str, Any] = {
        "学校标识码": code,
        "学校名称": name,
        "办学类型代码": "211",
        "办学类型": "小学",
        "办别": "公办",
        "城乡分类代码": "220",
        "乡镇": township,
        "地址": "",
        "校长": "",
        "联系电话": "",
        "寄宿制学校": "否",
        "示范级别": "",
        "所属学校": "",
        "计入学校数": "是",
        "状态": "在办",
        "状态变更日期": "",
        "并入学校": "",
    }
    values.update(cells)
    return [values[header] for header in SCHOOL_HEADERS]


def write_workbook(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    sheet: str = "Sheet1",
    extra_sheets: Sequence[str] = (),
    merge: Sequence[tuple[int, int, int, int]] = (),
) -> Path:
    """Write `rows` as they are (str stays text, numbers numbers, dates real dates); `merge` lists
    (first_row, first_col, last_row, last_col) ranges merged with their top-left value."""
    workbook = xlsxwriter.Workbook(str(path))
    for name in extra_sheets:
        workbook.add_worksheet(name).write(0, 0, "别的表")
    worksheet = workbook.add_worksheet(sheet)
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    merged = {(first_row, first_col) for first_row, first_col, *_rest in merge}
    for row_index, row in enumerate(rows):
        for col_index, value in enumerate(row):
            if (row_index, col_index) in merged or value is None or value == "":
                continue
            if isinstance(value, dt.date):
                worksheet.write_datetime(
                    row_index, col_index, dt.datetime.combine(value, dt.time()), date_format
                )
            elif isinstance(value, str):
                worksheet.write_string(row_index, col_index, value)
            else:
                worksheet.write(row_index, col_index, value)
    for first_row, first_col, last_row, last_col in merge:
        worksheet.merge_range(first_row, first_col, last_row, last_col, rows[first_row][first_col])
    workbook.close()
    return path


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def workbook(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a workbook of school rows under the school template header and return its path."""
    counter = iter(range(1000))

    def _make(*rows: Sequence[Any], header: Sequence[str] | None = None, **options: Any) -> Path:
        path = tmp_path / f"schools-{next(counter)}.xlsx"
        return write_workbook(path, [list(header or SCHOOL_HEADERS), *rows], **options)

    return _make


@pytest.fixture(params=["whole sheet", "in parts, in a process"])
def reading_modes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, settings) -> str:  # type: ignore[no-untyped-def]
    """Run a test twice: the sheet read whole with its cells checked in a thread, and the sheet cut
    into parts of a row or two, read and checked in a forked process, with the rows handed on two
    at a time (so that checks and writes span several batches)."""
    if request.param != "whole sheet":
        from edubureau.imports import reading
        from edubureau.lib import xlsx_parts

        monkeypatch.setattr(xlsx_parts, "SPLIT_FROM_BYTES", 0)
        monkeypatch.setattr(xlsx_parts, "PART_BYTES", 300)
        monkeypatch.setattr(reading, "CHUNK_ROWS", 2)
        settings.IMPORT_PROCESS_FROM_BYTES = 0
    return str(request.param)


@pytest.fixture
def students_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Students workbooks in the template's columns: `students_file(row, …)` writes a new one."""
    from edubureau.imports.spec import get_spec

    counter = iter(range(1000))

    def _make(*rows: list[Any]) -> Path:
        headers = get_spec("students").headers()  # in the language active when the test writes
        return write_workbook(tmp_path / f"students-{next(counter)}.xlsx", [headers, *rows])

    return _make
