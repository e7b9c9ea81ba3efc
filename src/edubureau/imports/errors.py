"""The error workbook: the file's own header and the rows that had errors, cells as they were, bad
cells in red, and a last column explaining each error. Fixed and re-uploaded as is, it imports."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from django.utils.translation import gettext as _

from edubureau.imports.engine import Validation
from edubureau.imports.reading import ERROR_COLUMN_HEADER_MSGID
from edubureau.imports.rows import RowError, cell_text

# Next to the uploaded file (command line) or as the download name: <name>.错误.xlsx.
ERROR_WORKBOOK_SUFFIX = ".错误.xlsx"


def write_error_workbook(
    target: str | Path | IO[bytes],
    validation: Validation,
    *,
    file_headers: list[str],
    sheet_name: str = "Sheet1",
) -> None:
    """Write the error rows of `validation` to `target` (a path or a binary file), streaming."""
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet(sheet_name[:31] or "Sheet1")
    text = workbook.add_format({"num_format": "@"})
    bad = workbook.add_format({"num_format": "@", "bg_color": "#FFC7CE", "font_color": "#9C0006"})
    header_format = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    error_format = workbook.add_format({"font_color": "#9C0006", "text_wrap": False})
    width = len(file_headers)
    for index, header in enumerate(file_headers):
        sheet.write_string(0, index, header, header_format)
        sheet.set_column(index, index, max(10, min(40, len(header) * 2 + 4)), text)
    sheet.write_string(0, width, _(ERROR_COLUMN_HEADER_MSGID), header_format)
    sheet.set_column(width, width, 80)
    by_row: dict[int, list[RowError]] = defaultdict(list)
    for error in validation.errors:
        by_row[error.row_number].append(error)
    for out_row, number in enumerate(sorted(validation.error_cells), start=1):
        cells = validation.error_cells[number]
        errors = by_row.get(number, [])
        bad_positions = {e.column_number - 1 for e in errors if e.column_number is not None}
        for index in range(width):
            value = cells[index] if index < len(cells) else ""
            style = bad if index in bad_positions else text
            if isinstance(value, bool):
                sheet.write_boolean(out_row, index, value, style)
                continue
            shown = _cell_for_workbook(value)
            if shown or index in bad_positions:
                sheet.write_string(out_row, index, shown, style)
        explanation = _("Row %(number)d: ") % {"number": number} + "；".join(e.describe() for e in errors)
        sheet.write_string(out_row, width, explanation, error_format)
    sheet.freeze_panes(1, 0)
    workbook.close()


def _cell_for_workbook(value: Any) -> str:
    """The original cell as text, so that codes keep their digits and dates their written form."""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return cell_text(value)
