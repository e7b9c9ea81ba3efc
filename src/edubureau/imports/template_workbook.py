"""The blank template of an entity: its header row, a 填写说明 sheet (one line per column), a 代码表 sheet
of the valid codes, and dropdowns on the coded columns that point at the 代码表."""

from __future__ import annotations

import tempfile
from typing import IO

import xlsxwriter
from django.utils.translation import gettext as _

from edubureau.imports.reading import column_name
from edubureau.imports.spec import Column, ImportSpec

TEMPLATE_ROWS = 5000  # how far down the dropdowns and text formats reach


def write_template(spec: ImportSpec) -> IO[bytes]:
    """The template workbook of `spec` in a temporary file, rewound; the caller closes it."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (the caller closes it)
    workbook = xlsxwriter.Workbook(handle, {"in_memory": False})
    data = workbook.add_worksheet(str(spec.sheet_name or spec.label)[:31])
    instructions = workbook.add_worksheet(_("Instructions")[:31])
    codes = workbook.add_worksheet(_("Code table")[:31])
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    required = workbook.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "font_color": "#C00000"}
    )
    text = workbook.add_format({"num_format": "@"})
    ranges = _write_codes(codes, spec, header)
    for index, column in enumerate(spec.columns):
        title = str(column.header)
        data.write_string(0, index, title, required if column.required else header)
        data.set_column(index, index, max(10, min(40, len(title) * 2 + 4)), text if column.is_text else None)
        if column.key in ranges:
            data.data_validation(
                1,
                index,
                TEMPLATE_ROWS,
                index,
                {"validate": "list", "source": ranges[column.key], "ignore_blank": True},
            )
    data.freeze_panes(1, 0)
    _write_instructions(instructions, spec, header)
    workbook.close()
    handle.seek(0)
    return handle


def _write_instructions(sheet: xlsxwriter.worksheet.Worksheet, spec: ImportSpec, header: object) -> None:
    titles = [_("Column"), _("Required"), _("Format"), _("Example"), _("Notes")]
    for index, title in enumerate(titles):
        sheet.write_string(0, index, title, header)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 8)
    sheet.set_column(2, 3, 24)
    sheet.set_column(4, 4, 60)
    for row, column in enumerate(spec.columns, start=1):
        sheet.write_string(row, 0, str(column.header))
        sheet.write_string(row, 1, _("Yes") if column.required else _("No"))
        sheet.write_string(row, 2, _format_of(column))
        sheet.write_string(row, 3, column.example)
        sheet.write_string(row, 4, str(column.help_text))


def _format_of(column: Column) -> str:
    if not column.is_imported:
        return _("For reading only; ignored on import")
    if column.choices:
        return _("A value from the code table")
    if column.is_text:
        return _("Text")
    return ""


def _write_codes(sheet: xlsxwriter.worksheet.Worksheet, spec: ImportSpec, header: object) -> dict[str, str]:
    """Two columns (code, label) per coded column; returns each column's dropdown source range."""
    sheet_name = _("Code table")[:31]
    ranges: dict[str, str] = {}
    offset = 0
    code_word, label_word = _("code"), _("Name")
    for column in spec.columns:
        if not column.choices or not column.is_imported:
            continue
        sheet.write_string(0, offset, f"{column.header} · {code_word}", header)
        sheet.write_string(0, offset + 1, f"{column.header} · {label_word}", header)
        sheet.set_column(offset, offset + 1, 18)
        for row, (code, label) in enumerate(column.choices, start=1):
            sheet.write_string(row, offset, code)
            sheet.write_string(row, offset + 1, str(label))
        source_column = column_name(offset + 1 if column.dropdown_labels else offset)
        last = len(column.choices) + 1
        ranges[column.key] = f"='{sheet_name}'!${source_column}$2:${source_column}${last}"
        offset += 3
    return ranges
