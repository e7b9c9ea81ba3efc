"""Cleaning one row of a sheet: each imported column's cleaner on its cell, and the row's problems
named by row, column and value. The hot path of every import is `RowCleaner.clean`: one precompiled
(position, cleaner) plan per sheet, one dict per row; choice columns remember their few spellings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from edubureau.imports.reading import column_name
from edubureau.imports.spec import ImportSpec, Row
from edubureau.lib.cells import CellError

# A broken cell must become a row error, never a crash: these are what a cleaner may raise on input
# it was not written for, besides CellError.
CELL_FAILURES = (CellError, ValueError, TypeError, ArithmeticError)


@dataclass(frozen=True)
class RowError:
    """One problem in one row: which cell, what it held, and why it is refused."""

    row_number: int
    column_number: int | None
    header: str
    value: str
    message: str

    def describe(self) -> str:
        if self.column_number is None:
            return self.message
        return _("Column %(number)d (%(letter)s) “%(header)s” “%(value)s”: %(message)s") % {
            "number": self.column_number,
            "letter": column_name(self.column_number - 1),
            "header": self.header,
            "value": self.value,
            "message": self.message,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row_number,
            "column": self.column_number,
            "header": self.header,
            "value": self.value,
            "message": self.message,
        }


def cell_text(value: Any) -> str:
    """A raw cell as the user would recognise it in a message."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def memoized(cleaner: Callable[[Any], Any], limit: int = 4096) -> Callable[[Any], Any]:
    """`cleaner` remembering its results, for a column of few distinct values (a choice column).

    The type is part of the key, so that 1, 1.0 and True (equal in a dict) stay apart. A value that
    raises is not remembered: it raises again, with the same message. `cleaner` must be pure.
    """
    texts: dict[str, Any] = {}
    others: dict[tuple[type, Any], Any] = {}

    def clean(value: Any) -> Any:
        if value.__class__ is str:
            if value in texts:
                return texts[value]
            result = texts[value] = cleaner(value)
        else:
            key = (value.__class__, value)
            try:
                if key in others:
                    return others[key]
            except TypeError:  # unhashable: not one of the values worth remembering
                return cleaner(value)
            result = others[key] = cleaner(value)
        if len(texts) + len(others) > limit:
            texts.clear()
            others.clear()
        return result

    return clean


class RowCleaner:
    """The per-sheet plan: each imported column's position, cleaner and Excel column number."""

    def __init__(self, spec: ImportSpec, positions: dict[str, int]) -> None:
        cleaners = spec.cleaners()
        columns = spec.imported_columns
        self.keys = [column.key for column in columns]
        # A column with choices holds a handful of spellings: its cleaner runs once for each.
        self.plan: list[tuple[int, Callable[[Any], Any]]] = [
            (positions[key], memoized(cleaners[key]) if column.choices else cleaners[key])
            for key, column in zip(self.keys, columns, strict=True)
        ]
        self.required = [index for index, column in enumerate(columns) if column.required]
        self.width = max(position for position, _cleaner in self.plan) + 1 if self.plan else 0
        self.positions = positions
        self.spec = spec

    def column_number(self, key: str) -> int | None:
        position = self.positions.get(key)
        return None if position is None else position + 1  # every row starts at column A

    def error(self, number: int, key: str, cells: list[Any], message: str) -> RowError:
        position = self.positions.get(key)
        raw = cells[position] if position is not None and position < len(cells) else ""
        header = str(self.spec.column(key).header) if position is not None else ""
        return RowError(number, self.column_number(key), header, cell_text(raw), message)

    def cells_of(self, row: Row) -> list[Any]:
        """A clean row's values at their columns' places, for a message when its cells are not at hand."""
        cells: list[Any] = [""] * self.width
        for (position, _cleaner), key in zip(self.plan, self.keys, strict=True):
            cells[position] = row.get(key)
        return cells

    def clean(self, number: int, cells: list[Any]) -> tuple[Row, list[RowError]]:
        """The fast path for a row whose every cell is fine; any doubt, and the row is cleaned again
        column by column, which finds and names each problem."""
        if len(cells) < self.width:
            return self.clean_each(number, cells)
        try:
            values = [cleaner(cells[position]) for position, cleaner in self.plan]
        except CELL_FAILURES:
            return self.clean_each(number, cells)
        for index in self.required:
            value = values[index]
            if value is None or value == "":
                return self.clean_each(number, cells)
        return dict(zip(self.keys, values, strict=True)), []

    def clean_each(self, number: int, cells: list[Any]) -> tuple[Row, list[RowError]]:
        row: Row = {}
        problems: list[RowError] = []
        width = len(cells)
        for (position, cleaner), key, index in zip(self.plan, self.keys, range(len(self.keys)), strict=True):
            raw = cells[position] if position < width else ""
            try:
                value = cleaner(raw)
            except CELL_FAILURES as exc:
                problems.append(self.error(number, key, cells, str(exc) or _("This value is not valid.")))
                continue
            if index in self.required and (value is None or value == ""):
                problems.append(self.error(number, key, cells, _("This column is required.")))
            row[key] = value
        return row, problems
