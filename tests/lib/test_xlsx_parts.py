"""Cutting a sheet into parts gives the rows that calamine reads from the whole sheet, at the same
row numbers and columns, whatever the file's shape; a sheet that cannot be cut safely is refused."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from edubureau.lib import xlsx_parts


@pytest.fixture(autouse=True)
def _tiny_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_parts, "SPLIT_FROM_BYTES", 0)
    monkeypatch.setattr(xlsx_parts, "PART_BYTES", 600)  # a few rows a part


def _write(
    path: Path, rows: dict[int, list[Any]], *, shared: bool = True, first_column: int = 0, **options: Any
) -> Path:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": not shared, **options})
    workbook.add_worksheet("说明").write(0, 0, "填写说明")
    sheet = workbook.add_worksheet("学生")
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for number in sorted(rows):
        for index, value in enumerate(rows[number]):
            if isinstance(value, dt.date):
                sheet.write_datetime(number, first_column + index, value, dates)
            else:
                sheet.write(number, first_column + index, value)
    workbook.close()
    return path


def _whole(path: Path, name: str) -> list[tuple[int, list[Any]]]:
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name)
    start_row, start_column = sheet.start or (0, 0)
    return [(start_row + index, [""] * start_column + row) for index, row in enumerate(sheet.to_python())]


def _parted(path: Path | io.BytesIO, name: str | None) -> list[tuple[int, list[Any]]]:
    split = xlsx_parts.split_sheet(path, name)
    assert split is not None
    try:
        found = [
            (part.first_row + index, row) for part in split.parts() for index, row in enumerate(part.rows)
        ]
    finally:
        split.close()
    assert not split.path.exists()
    return found


def _trimmed(rows: list[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
    """Without empty rows and trailing empty cells: parts differ from the whole sheet only there."""
    kept = []
    for number, cells in rows:
        while cells and cells[-1] == "":
            cells = cells[:-1]
        if cells:
            kept.append((number, cells))
    return kept


def _roster(count: int) -> dict[int, list[Any]]:
    rows: dict[int, list[Any]] = {0: ["学籍号", "姓名", "出生日期", "班号", "备注"]}
    for number in range(1, count + 1):
        rows[number] = [
            f"G{number:018d}",
            f"学生{number % 7}",
            dt.date(2015, 1, 1) + dt.timedelta(number),
            number % 4,
            "",
        ]
    return rows


@pytest.mark.parametrize("shared", [True, False], ids=["shared strings", "inline strings"])
def test_the_parts_hold_the_rows_of_the_whole_sheet(tmp_path, shared):
    path = _write(tmp_path / "roster.xlsx", _roster(300), shared=shared)

    split = xlsx_parts.split_sheet(path, "学生")
    assert split is not None and split.count > 10  # really cut, a few rows a part
    split.close()

    parted = _parted(path, "学生")

    assert _trimmed(parted) == _trimmed(_whole(path, "学生"))
    assert parted[0] == (0, ["学籍号", "姓名", "出生日期", "班号", "备注"])
    assert isinstance(parted[1][1][2], dt.date)  # the styles came along: a date stays a date


def test_gaps_leading_columns_and_a_title_keep_their_places(tmp_path):
    rows = {
        0: ["2026年学生名册"],
        3: ["学籍号", "姓名"],
        4: ["G1", "甲"],
        40: ["G2", "乙"],
        41: ["", ""],
        90: ["G3", "丙"],
    }
    path = _write(tmp_path / "gaps.xlsx", rows, first_column=2)

    parted = _trimmed(_parted(path, "学生"))

    assert parted == _trimmed(_whole(path, "学生"))
    assert parted[-1] == (90, ["", "", "G3", "丙"])


def test_the_first_sheet_is_read_when_no_name_is_given_and_a_file_object_works(tmp_path):
    path = _write(tmp_path / "first.xlsx", _roster(20))

    parted = _parted(io.BytesIO(path.read_bytes()), None)

    assert _trimmed(parted) == [(0, ["填写说明"])]


def test_a_1904_workbook_keeps_its_dates(tmp_path):
    path = _write(tmp_path / "mac.xlsx", _roster(30), date_1904=True)

    assert _trimmed(_parted(path, "学生")) == _trimmed(_whole(path, "学生"))


def _rewrite_sheet(path: Path, change: Any) -> Path:
    """A copy of the workbook with the 学生 sheet's XML changed."""
    target = path.with_name("changed.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = change(data)
            copy.writestr(item, data)
    return target


def test_rows_without_their_numbers_are_not_cut(tmp_path):
    import re

    path = _rewrite_sheet(
        _write(tmp_path / "r.xlsx", _roster(50)), lambda xml: re.sub(rb'<row r="\d+"', b"<row", xml)
    )

    assert xlsx_parts.split_sheet(path, "学生") is None


def test_a_prefixed_namespace_is_cut_at_its_own_row_tags(tmp_path):
    def prefixed(xml: bytes) -> bytes:
        xml = xml.replace(b'<worksheet xmlns="', b'<x:worksheet xmlns:x="').replace(
            b"</worksheet>", b"</x:worksheet>"
        )
        for tag in (
            b"sheetData",
            b"row",
            b"c",
            b"v",
            b"dimension",
            b"sheetViews",
            b"sheetView",
            b"sheetFormatPr",
            b"pageMargins",
            b"is",
            b"t",
            b"selection",
            b"cols",
            b"col",
        ):
            xml = xml.replace(b"<" + tag + b">", b"<x:" + tag + b">").replace(
                b"<" + tag + b" ", b"<x:" + tag + b" "
            )
            xml = xml.replace(b"</" + tag + b">", b"</x:" + tag + b">")
        return xml

    path = _rewrite_sheet(_write(tmp_path / "ns.xlsx", _roster(60)), prefixed)

    assert _trimmed(_parted(path, "学生")) == _trimmed(_whole(path, "学生"))


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04broken"])
def test_a_file_that_is_not_a_workbook_is_left_to_calamine(tmp_path, content):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)

    assert xlsx_parts.split_sheet(path, None) is None


def test_an_unknown_sheet_and_a_small_sheet_are_left_to_calamine(tmp_path, monkeypatch):
    path = _write(tmp_path / "small.xlsx", _roster(5))
    assert xlsx_parts.split_sheet(path, "没有这个表") is None

    monkeypatch.setattr(xlsx_parts, "SPLIT_FROM_BYTES", 10 << 20)
    assert xlsx_parts.split_sheet(path, "学生") is None


def test_stopping_early_removes_the_parts_and_the_thread(tmp_path):
    import threading

    split = xlsx_parts.split_sheet(_write(tmp_path / "big.xlsx", _roster(400)), "学生")
    assert split is not None and split.count > 3
    parts = split.parts()
    next(parts)
    parts.close()
    split.close()

    assert not split.path.exists()
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("xlsx-parts")]


def test_a_workbook_with_a_chart_sheet_is_left_to_calamine(tmp_path):
    """Calamine numbers chart sheets among the sheets: the parts' numbering would differ from it."""
    path = tmp_path / "chart.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    data = workbook.add_worksheet("学生")
    data.write_column(0, 0, [1, 2, 3])
    chart = workbook.add_chart({"type": "column"})
    chart.add_series({"values": "=学生!$A$1:$A$3"})
    workbook.add_chartsheet("图表").set_chart(chart)
    workbook.close()

    assert xlsx_parts.split_sheet(path, "学生") is None


def test_an_empty_sheet_is_left_to_calamine(tmp_path):
    path = tmp_path / "empty.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("学生")
    workbook.close()

    assert xlsx_parts.split_sheet(path, "学生") is None


def test_the_last_row_the_sheet_declares_is_kept(tmp_path):
    split = xlsx_parts.split_sheet(_write(tmp_path / "roster.xlsx", _roster(300)), "学生")
    assert split is not None
    split.close()

    assert split.last_row == 301  # the header and 300 rows: <dimension ref="A1:E301"/>
