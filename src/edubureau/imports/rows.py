"""Cleaning the rows of a sheet: each imported column's cleaner on its cells, and each row's problems
named by row, column and value. The hot path of every import is `RowCleaner.clean_chunk`: one
precompiled (position, cleaner) plan per sheet, each cleaner mapped over its column of a chunk, one
dict per row; choice columns remember their few spellings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from edubureau.imports.reading import column_name
from edubureau.imports.spec import Cleaner, Column, ImportSpec, Row
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


class Memoized:
    """`cleaner` remembering its results, for a column of few distinct values (a choice column).

    The type is part of the key, so that 1, 1.0 and True (equal in a dict) stay apart. A value that
    raises is not remembered: it raises again, with the same message. `cleaner` must be pure.
    """

    def __init__(self, cleaner: Callable[[Any], Any], limit: int = 4096) -> None:
        self.cleaner = cleaner
        self.limit = limit
        self.texts: dict[str, Any] = {}
        self.others: dict[tuple[type, Any], Any] = {}

    def __call__(self, value: Any) -> Any:
        if value.__class__ is str:
            texts = self.texts
            if value in texts:
                return texts[value]
            result = texts[value] = self.cleaner(value)
        else:
            key = (value.__class__, value)
            try:
                if key in self.others:
                    return self.others[key]
            except TypeError:  # unhashable: not one of the values worth remembering
                return self.cleaner(value)
            result = self.others[key] = self.cleaner(value)
        if len(self.texts) + len(self.others) > self.limit:
            self.texts.clear()
            self.others.clear()
        return result

    def column(self, values: Sequence[Any]) -> list[Any]:
        """`values` cleaned: the texts already seen by a dictionary look-up each, without a call."""
        get, missing = self.texts.get, _MISSING
        cleaned = [get(value, missing) for value in values]  # a number never equals a text key
        for index, value in enumerate(cleaned):
            if value is missing:
                cleaned[index] = self(values[index])
        return cleaned


_MISSING = object()


def _planned(cleaner: Cleaner, column: Column) -> Cleaner:
    """A column with choices, or marked as holding few values, has a handful of spellings: its
    cleaner runs once for each."""
    return Memoized(cleaner) if column.choices or column.few_values else cleaner


class RowCleaner:
    """The per-sheet plan: each imported column's position, cleaner and Excel column number."""

    def __init__(self, spec: ImportSpec, positions: dict[str, int]) -> None:
        cleaners = spec.cleaners()
        columns = spec.imported_columns
        self.keys = [column.key for column in columns]
        self.plan: list[tuple[int, Callable[[Any], Any]]] = [
            (positions[key], _planned(cleaners[key], column))
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

    def clean_chunk(
        self, chunk: Sequence[tuple[int, list[Any]]]
    ) -> tuple[list[Row], dict[int, list[RowError]]]:
        """`clean` for each row of a chunk, column by column: each cleaner mapped over its column (a
        choice column's known texts by look-up), then the rows put together. A row with a cell its
        cleaner refuses, or a required cell empty, is cleaned again by `clean_each`, which names each
        problem. Every row comes out as `clean` gives it; the problems by the row's index."""
        width = self.width
        problems: dict[int, list[RowError]] = {}
        if not chunk or any(len(cells) < width for _number, cells in chunk):
            rows = []
            for index, (number, cells) in enumerate(chunk):
                row, problems[index] = self.clean(number, cells)
                rows.append(row)
            return rows, {index: found for index, found in problems.items() if found}
        # Rows at least `width` long (some longer): the columns up to the shortest row are enough.
        cells_columns = list(zip(*(cells for _number, cells in chunk), strict=False))
        doubtful: set[int] = set()
        columns: list[list[Any]] = []
        for index, (position, cleaner) in enumerate(self.plan):
            values = cells_columns[position]
            try:
                cleaned = cleaner.column(values) if isinstance(cleaner, Memoized) else [*map(cleaner, values)]
            except CELL_FAILURES:
                cleaned = self._cleaned_one_by_one(cleaner, values, doubtful)
            if index in self.required:
                doubtful.update(row for row, value in enumerate(cleaned) if value is None or value == "")
            columns.append(cleaned)
        keys = self.keys
        rows = [dict(zip(keys, values)) for values in zip(*columns)]  # noqa: B905 (as long, by construction)
        for index in sorted(doubtful):
            number, cells = chunk[index]
            rows[index], problems[index] = self.clean_each(number, cells)
        return rows, problems

    @staticmethod
    def _cleaned_one_by_one(cleaner: Cleaner, values: Sequence[Any], doubtful: set[int]) -> list[Any]:
        """A column in which some cell was refused: each cell on its own, the refused rows noted."""
        cleaned: list[Any] = []
        for row, value in enumerate(values):
            try:
                cleaned.append(cleaner(value))
            except CELL_FAILURES:
                doubtful.add(row)
                cleaned.append(None)
        return cleaned

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
