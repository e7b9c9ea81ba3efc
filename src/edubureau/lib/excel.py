"""Writing .xlsx files in constant memory (xlsxwriter's streaming mode)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import IO, Any

import xlsxwriter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_name: str = "Sheet1",
    text_columns: Sequence[int] = (),
) -> IO[bytes]:
    """Write one sheet of `headers` and `rows` to a temporary file and return it, rewound.

    Rows are streamed to disk as they come, so memory stays flat whatever their number. Columns in
    `text_columns` are written as text, so that codes keep their leading zeros and are not shown as
    numbers in scientific notation.
    """
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (the caller closes it)
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet(sheet_name[:31])
    header_format = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    text_format = workbook.add_format({"num_format": "@"})
    text = set(text_columns)
    for column, header in enumerate(headers):
        sheet.write_string(0, column, header, header_format)
        sheet.set_column(
            column, column, max(10, min(40, len(header) * 2 + 4)), text_format if column in text else None
        )
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            if column in text or isinstance(value, str):
                sheet.write_string(row_number, column, str(value), text_format if column in text else None)
            else:
                sheet.write(row_number, column, value)
    sheet.freeze_panes(1, 0)
    workbook.close()
    handle.seek(0)
    return handle
