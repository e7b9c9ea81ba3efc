"""Validating rows against a spec and committing them. No views, no files: rows in, results out.

The hot path is `_RowCleaner.clean`: one precompiled (key, position, cleaner) plan per sheet, one dict
per row, existing rows looked up by natural key a few thousand at a time, and writes in bulk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from edubureau.core.audit import record_change
from edubureau.core.models import AuditAction, ImportBatch
from edubureau.imports.bulk import roomy_cache
from edubureau.imports.reading import column_name
from edubureau.imports.spec import ImportContext, ImportSpec, Row
from edubureau.lib.cells import CellError

LOOKUP_BATCH = 5000  # keys a look-up binds: within SQLite's 32,766 variables, and few round trips
PROGRESS_EVERY = 2000
# A broken cell must become a row error, never a crash: these are what a cleaner may raise on input
# it was not written for, besides CellError.
_CELL_FAILURES = (CellError, ValueError, TypeError, ArithmeticError)

Progress = Callable[[int], None]


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


@dataclass
class Validation:
    """The outcome of checking every row: clean rows bucketed, and every error with its row's cells."""

    rows_read: int = 0
    new_rows: list[Row] = field(default_factory=list)
    changed_rows: list[Row] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_cells: dict[int, list[Any]] = field(default_factory=dict)

    @property
    def error_rows(self) -> int:
        return len(self.error_cells)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "read": self.rows_read,
            "new": len(self.new_rows),
            "changed": len(self.changed_rows),
            "unchanged": self.unchanged,
            "errors": self.error_rows,
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


class _RowCleaner:
    """The per-sheet plan: each imported column's position, cleaner and Excel column number."""

    def __init__(self, spec: ImportSpec, positions: dict[str, int], first_column: int) -> None:
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
        self.first_column = first_column
        self.positions = positions
        self.spec = spec

    def column_number(self, key: str) -> int | None:
        position = self.positions.get(key)
        return None if position is None else self.first_column + position + 1

    def error(self, number: int, key: str, cells: list[Any], message: str) -> RowError:
        position = self.positions.get(key)
        raw = cells[position] if position is not None and position < len(cells) else ""
        header = str(self.spec.column(key).header) if position is not None else ""
        return RowError(number, self.column_number(key), header, cell_text(raw), message)

    def clean(self, number: int, cells: list[Any]) -> tuple[Row, list[RowError]]:
        """The fast path for a row whose every cell is fine; any doubt, and the row is cleaned again
        column by column, which finds and names each problem."""
        if len(cells) < self.width:
            return self.clean_each(number, cells)
        try:
            values = [cleaner(cells[position]) for position, cleaner in self.plan]
        except _CELL_FAILURES:
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
            except _CELL_FAILURES as exc:
                problems.append(self.error(number, key, cells, str(exc) or _("This value is not valid.")))
                continue
            if index in self.required and (value is None or value == ""):
                problems.append(self.error(number, key, cells, _("This column is required.")))
            row[key] = value
        return row, problems


def validate(
    spec: ImportSpec,
    rows: Iterable[tuple[int, list[Any]]],
    context: ImportContext,
    *,
    positions: dict[str, int],
    first_column: int = 0,
    progress: Progress | None = None,
) -> Validation:
    """Check every row: cells, the spec's row checks, duplicates within the file, scope and change
    rights against the database. Nothing is written."""
    spec.prepare(context)
    cleaner = _RowCleaner(spec, positions, first_column)
    result = Validation()
    seen: dict[Any, int] = {}
    pending: list[tuple[int, Row, list[Any]]] = []
    key_name = spec.natural_key
    for number, cells in rows:
        result.rows_read += 1
        row, problems = cleaner.clean(number, cells)
        if not problems:
            problems = [cleaner.error(number, key, cells, msg) for key, msg in spec.row_check(row, context)]
        if not problems:
            key = row[key_name]
            if key in seen:
                message = _("The same value appears in rows %(first)d and %(second)d.") % {
                    "first": seen[key],
                    "second": number,
                }
                problems = [cleaner.error(number, key_name, cells, message)]
            else:
                seen[key] = number
                pending.append((number, row, cells))
        if problems:
            _add_errors(result, number, cells, problems)
        if len(pending) >= LOOKUP_BATCH:
            _compare(spec, pending, context, cleaner, result)
            pending = []
        if progress is not None and result.rows_read % PROGRESS_EVERY == 0:
            progress(result.rows_read)
    _compare(spec, pending, context, cleaner, result)
    if progress is not None:
        progress(result.rows_read)
    result.errors.sort(key=lambda error: (error.row_number, error.column_number or 0))
    return result


def _add_errors(result: Validation, number: int, cells: list[Any], problems: list[RowError]) -> None:
    result.errors.extend(problems)
    result.error_cells[number] = cells


def _compare(
    spec: ImportSpec,
    pending: list[tuple[int, Row, list[Any]]],
    context: ImportContext,
    cleaner: _RowCleaner,
    result: Validation,
) -> None:
    """Bucket a batch of clean rows as new, changed or unchanged against the database."""
    if not pending:
        return
    key_name = spec.natural_key
    current_rows = spec.existing([row[key_name] for _number, row, _cells in pending], context)
    keys = [column.key for column in spec.imported_columns]
    for number, row, cells in pending:
        current = current_rows.get(row[key_name])
        if current is None:
            problems = spec.create_check(row, context)
            bucket = result.new_rows
        elif current.get("pk") is None:
            problems = [(key_name, _("This record exists but is outside your data scope."))]
            bucket = None
        else:
            changed = [key for key in keys if row[key] != current.get(key)]
            if not changed:
                result.unchanged += 1
                continue
            problems = spec.change_check(row, current, changed, context)
            row["pk"] = current["pk"]
            bucket = result.changed_rows
        if problems:
            errors = [cleaner.error(number, key, cells, message) for key, message in problems]
            _add_errors(result, number, cells, errors)
        elif bucket is not None:
            bucket.append(row)


def commit(
    spec: ImportSpec,
    validation: Validation,
    context: ImportContext,
    *,
    file_name: str,
    file_sha256: str,
    valid_only: bool = False,
) -> ImportBatch | None:
    """Write the new and changed rows, one ImportBatch and one audit entry, all in one transaction.

    Refuses (returns None, writes nothing) while errors remain unless `valid_only` is set; writes
    nothing and records nothing when there is nothing new or changed.
    """
    if validation.errors and not valid_only:
        return None
    counts = validation.counts
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            entity=spec.name,
            file_name=file_name[:255],
            file_sha256=file_sha256,
            actor=context.user,
            counts={**counts, "valid_only": valid_only},
        )
        if validation.new_rows or validation.changed_rows:
            with roomy_cache():
                spec.write(validation.new_rows, validation.changed_rows, context)
        record_change(
            actor=context.user,
            action=AuditAction.IMPORT,
            batch=batch,
            object_repr=f"{spec.label} {file_name}",
            changes={name: [None, value] for name, value in counts.items()},
        )
    return batch


def chunks(items: list[Row], size: int) -> Iterator[list[Row]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
