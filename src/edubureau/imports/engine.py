"""Checking rows against a spec and writing them: the cells and row rules (`CellChecks`, no database,
run alongside by `imports.pipeline`), the comparison with the database, and the writes in one
transaction. No views, no files: rows in, results out.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from edubureau.core.audit import record_change
from edubureau.core.models import AuditAction, ImportBatch
from edubureau.imports.bulk import tuned_for_bulk
from edubureau.imports.rows import RowCleaner, RowError, cell_text
from edubureau.imports.spec import CHECKED_KEYS, ImportContext, ImportSpec, Row
from edubureau.lib.collector import fewer_collections

LOOKUP_BATCH = 5000  # keys a look-up binds: within SQLite's 32,766 variables, and few round trips

# (rows read and checked, rows written) so far, and the rows the file says it holds (if it says)
Progress = Callable[[int, int, int | None], None]


@dataclass
class Validation:
    """The outcome of checking every row: counts, and every error with its row's cells. The clean rows
    themselves are written as they come (or, for `validate`, kept in `new_rows` and `changed_rows`)."""

    rows_read: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    written: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_cells: dict[int, list[Any]] = field(default_factory=dict)
    new_rows: list[Row] = field(default_factory=list)
    changed_rows: list[Row] = field(default_factory=list)

    @property
    def error_rows(self) -> int:
        return len(self.error_cells)

    def sort_errors(self) -> None:
        """In file order: by row, then column (errors come from two places, at different times)."""
        self.errors.sort(key=lambda error: (error.row_number, error.column_number or 0))

    @property
    def counts(self) -> dict[str, int]:
        return {
            "read": self.rows_read,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "errors": self.error_rows,
        }


Chunk = Sequence[tuple[int, list[Any]]]
Checked = list[tuple[int, Row, list[Any] | None]]  # (row number, clean row, its cells)


@dataclass
class CheckedChunk:
    """What the cell checks found in one chunk: its clean rows, and its errors with their cells."""

    rows_read: int
    clean: Checked
    errors: list[RowError]
    error_cells: dict[int, list[Any]]


class CellChecks:
    """The checks of a chunk that need no database: the cells, the spec's row checks and keys seen
    twice in the file. They keep only the keys seen, so that they can run in a thread or in another
    process (`imports.pipeline`) while the caller compares and writes."""

    def __init__(
        self, spec: ImportSpec, context: ImportContext, positions: dict[str, int], *, keep_cells: bool = True
    ) -> None:
        self.spec = spec
        self.context = context
        self.cleaner = RowCleaner(spec, positions)
        self.seen: dict[Any, int] = context.lookups.setdefault(CHECKED_KEYS, {})
        # The cells of a clean row are needed only if the database then refuses it (for the error
        # workbook); across processes they would double what is sent, so they are read again then.
        self.keep_cells = keep_cells

    def check(self, chunk: Chunk) -> CheckedChunk:
        spec, context, cleaner, seen = self.spec, self.context, self.cleaner, self.seen
        row_check, key_name, keep_cells = spec.row_check, spec.natural_key, self.keep_cells
        found = CheckedChunk(len(chunk), [], [], {})
        rows, problems_of = cleaner.clean_chunk(chunk)
        for index, (number, cells) in enumerate(chunk):
            row = rows[index]
            problems = problems_of.get(index)
            if not problems and (row_problems := row_check(row, context)):
                problems = [cleaner.error(number, key, cells, message) for key, message in row_problems]
            if not problems:
                key = row[key_name]
                first = seen.setdefault(key, number)
                if first == number:
                    found.clean.append((number, row, cells if keep_cells else None))
                    continue
                message = _("The same value appears in rows %(first)d and %(second)d.") % {
                    "first": first,
                    "second": number,
                }
                problems = [cleaner.error(number, key_name, cells, message)]
            found.errors.extend(problems)
            found.error_cells[number] = cells
        return found


class _Comparison:
    """The checks against the database, on the caller's connection: new, changed or unchanged, and
    may this user create or change it."""

    def __init__(self, spec: ImportSpec, context: ImportContext, positions: dict[str, int]) -> None:
        self.spec = spec
        self.context = context
        self.cleaner = RowCleaner(spec, positions)
        self.keys = [column.key for column in spec.imported_columns]
        self.without_cells: list[int] = []  # rows refused here whose cells must be read again

    def compare(self, checked: Checked, result: Validation) -> tuple[list[Row], list[Row]]:
        """The batch's clean rows as new and changed; unchanged ones and errors go to `result`."""
        if not checked:
            return [], []
        spec, context, keys = self.spec, self.context, self.keys
        key_name = spec.natural_key
        current_rows = spec.existing([row for _number, row, _cells in checked], context)
        new: list[Row] = []
        changed: list[Row] = []
        for number, row, cells in checked:
            current = current_rows.get(row[key_name])
            if current is None:
                problems = spec.create_check(row, context)
                bucket: list[Row] | None = new
            elif current.get("pk") is None:
                problems = [(key_name, _("This record exists but is outside your data scope."))]
                bucket = None
            else:
                differing = [key for key in keys if row[key] != current.get(key)]
                if not differing:
                    result.unchanged += 1
                    continue
                problems = spec.change_check(row, current, differing, context)
                row["pk"] = current["pk"]
                bucket = changed
            if problems:
                if cells is None:  # sent without them: the row's values stand in until they are read again
                    cells = self.cleaner.cells_of(row)
                    self.without_cells.append(number)
                result.errors.extend(self.cleaner.error(number, key, cells, text) for key, text in problems)
                result.error_cells[number] = cells
            elif bucket is not None:
                bucket.append(row)
        result.new += len(new)
        result.changed += len(changed)
        return new, changed


def _batches(result: Validation, chunk: CheckedChunk) -> Iterator[Checked]:
    """The chunk's clean rows, at most LOOKUP_BATCH at a time (the look-ups' bound parameters); its
    counts and errors are added to `result`."""
    result.rows_read += chunk.rows_read
    result.errors += chunk.errors
    result.error_cells.update(chunk.error_cells)
    for start in range(0, len(chunk.clean), LOOKUP_BATCH):
        yield chunk.clean[start : start + LOOKUP_BATCH]


def _batched(rows: Iterable[tuple[int, list[Any]]], size: int) -> Iterator[tuple[tuple[int, list[Any]], ...]]:
    iterator = iter(rows)
    while batch := tuple(itertools.islice(iterator, size)):
        yield batch


def validate(
    spec: ImportSpec,
    rows: Iterable[tuple[int, list[Any]]],
    context: ImportContext,
    *,
    positions: dict[str, int],
) -> Validation:
    """Check every row: cells, the spec's row checks, duplicates within the file, scope and change
    rights against the database. Nothing is written; the clean rows are kept in the result. (The
    rows of a file go through `run`; this is for rows at hand, as in tests.)"""
    spec.prepare(context)
    checks = CellChecks(spec, context, positions)
    comparison = _Comparison(spec, context, positions)
    result = Validation()
    for rows_batch in _batched(rows, LOOKUP_BATCH):
        for checked in _batches(result, checks.check(rows_batch)):
            new, changed = comparison.compare(checked, result)
            result.new_rows += new
            result.changed_rows += changed
    result.sort_errors()
    return result


def _restore_cells(result: Validation, found: dict[int, list[Any]]) -> None:
    """Put the cells read again into the error rows, and the values as typed into their messages."""
    result.error_cells.update(found)
    for index, error in enumerate(result.errors):
        cells = found.get(error.row_number)
        if cells is not None and error.column_number is not None:
            position = error.column_number - 1
            result.errors[index] = replace(
                error, value=cell_text(cells[position] if position < len(cells) else "")
            )


class _DiscardedImportError(Exception):
    """Raised inside the import's transaction to roll back what was written."""


def run(
    spec: ImportSpec,
    context: ImportContext,
    source: Callable[[ImportSpec, ImportContext], Any],
    *,
    file_name: str,
    file_sha256: str,
    dry_run: bool = False,
    valid_only: bool = False,
    progress: Progress | None = None,
) -> tuple[Any, Validation, ImportBatch | None]:
    """Check every row and, unless `dry_run`, write the clean rows as they come, a batch at a time,
    in one transaction with one ImportBatch and one audit entry. `source(spec, context)` is a context
    manager giving (the sheet, its CheckedChunks, a function giving the cells of rows by number, for
    clean rows sent without theirs): `imports.pipeline` reads and checks alongside.

    While errors remain, nothing is kept unless `valid_only` is set: writing stops at the first
    error and the transaction is rolled back at the end (the rest is still checked, so that every
    error is reported). Nothing is recorded when there is nothing new or changed.
    """
    spec.prepare(context)
    result = Validation()
    batch: ImportBatch | None = None
    try:
        with (
            fewer_collections(),
            contextlib.nullcontext() if dry_run else transaction.atomic(),
            tuned_for_bulk(),
            source(spec, context) as (sheet, chunks, cells_of),
        ):
            comparison = _Comparison(spec, context, sheet.positions)
            for chunk in chunks:
                for checked in _batches(result, chunk):
                    new, changed = comparison.compare(checked, result)
                    if not dry_run and (valid_only or not result.errors) and (new or changed):
                        spec.write(new, changed, context)
                        result.written += len(new) + len(changed)
                if progress is not None:
                    progress(result.rows_read, result.written, sheet.rows_expected)
            if comparison.without_cells:
                _restore_cells(result, cells_of(comparison.without_cells))
            if not dry_run:
                batch = _record(spec, result, context, file_name, file_sha256, valid_only)
    except _DiscardedImportError:
        result.written = 0
    result.sort_errors()
    return sheet, result, batch


def _record(
    spec: ImportSpec,
    result: Validation,
    context: ImportContext,
    file_name: str,
    file_sha256: str,
    valid_only: bool,
) -> ImportBatch:
    """The import's ImportBatch and audit entry; rolls the import back when it must not be kept."""
    if (result.errors and not valid_only) or not result.written:
        raise _DiscardedImportError
    counts = result.counts
    batch = ImportBatch.objects.create(
        entity=spec.name,
        file_name=file_name[:255],
        file_sha256=file_sha256,
        actor=context.user,
        counts={**counts, "valid_only": valid_only},
    )
    record_change(
        actor=context.user,
        action=AuditAction.IMPORT,
        batch=batch,
        object_repr=f"{spec.label} {file_name}",
        changes={name: [None, value] for name, value in counts.items()},
    )
    return batch
