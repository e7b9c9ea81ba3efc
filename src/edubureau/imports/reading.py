"""Reading an uploaded workbook (.xlsx or .xls, through python-calamine): choose the sheet, find the
header row under any title rows, check the header against the spec, and yield the data rows.

Nothing here knows a model: the output is (Excel row number, cells) in file order, plus where each of
the spec's columns sits in those cells.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from python_calamine import CalamineError, CalamineWorkbook

from edubureau.imports.spec import ImportSpec
from edubureau.lib.xlsx_parts import Part, SplitSheet, part_of, split_sheet

HEADER_SEARCH_ROWS = 10
HEADER_MATCH_SHARE = 0.6
# The column the error workbook adds; a re-uploaded error workbook passes the header check.
ERROR_COLUMN_HEADER_MSGID = gettext_noop("Errors")


class ReadError(Exception):
    """The file cannot be read as this entity's sheet: the message says why, in the user's language."""


@dataclass
class SheetRows:
    """A sheet positioned after its header: where each spec column is (every row starts at column A)
    and the data rows to come, a chunk at a time."""

    sheet_name: str
    header_row_number: int
    file_headers: list[str]
    positions: dict[str, int]
    chunks: Iterator[list[tuple[int, list[Any]]]]
    # How many rows follow the header, empty ones included, if the file says (for a progress bar).
    rows_expected: int | None = None

    @property
    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        return itertools.chain.from_iterable(self.chunks)

    def close(self) -> None:
        """Stop reading early: the parts' temporary file and thread go (nothing to do once read)."""
        close = getattr(self.chunks, "close", None)
        if close is not None:
            close()


def normalise_header(value: Any) -> str:
    """A header cell compared loosely: full-width folded, every kind of space and the required-marks
    people add (*, ＊) removed."""
    text = unicodedata.normalize("NFKC", str(value))
    return "".join(text.split()).strip("*").replace("*", "")


def column_name(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 → A, 27 → AB)."""
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def open_workbook(source: str | Path | IO[bytes]) -> CalamineWorkbook:
    try:
        if isinstance(source, str | Path):
            return CalamineWorkbook.from_path(str(source))
        return CalamineWorkbook.from_filelike(source)
    except (CalamineError, OSError, ValueError, TypeError) as exc:
        raise ReadError(_("The file is not an Excel workbook (.xlsx or .xls) that can be read.")) from exc


def _known_headers(spec: ImportSpec) -> dict[str, str]:
    """Normalised header text → column key, for the translated header and its English msgid."""
    known: dict[str, str] = {}
    for column in spec.columns:
        known[normalise_header(column.header)] = column.key
        msgid = getattr(column.header, "_proxy____args", None)
        if msgid:
            known.setdefault(normalise_header(msgid[0]), column.key)
    return known


def _score(cells: Sequence[Any], known: dict[str, str]) -> int:
    return len({known[name] for name in map(normalise_header, cells) if name in known})


def _combine(upper: Sequence[Any], lower: Sequence[Any]) -> list[Any]:
    """Two header rows as one: the lower cell where it has text (under a merged group title), the
    upper one where the lower is empty (a header cell merged down over both rows)."""
    width = max(len(upper), len(lower))
    padded_upper = list(upper) + [""] * (width - len(upper))
    padded_lower = list(lower) + [""] * (width - len(lower))
    return [low if normalise_header(low) else up for up, low in zip(padded_upper, padded_lower, strict=True)]


def _find_header(head: list[list[Any]], spec: ImportSpec) -> tuple[int, list[Any]] | None:
    """(index of the last header row, header cells) of the best-matching single or merged two-row
    header among the first rows, if it matches at least HEADER_MATCH_SHARE of the spec's headers."""
    known = _known_headers(spec)
    needed = max(1, round(HEADER_MATCH_SHARE * len(spec.imported_columns)))
    best: tuple[int, int, list[Any]] | None = None
    for index, cells in enumerate(head):
        candidates: list[tuple[int, list[Any]]] = [(index, list(cells))]
        if index + 1 < len(head):
            candidates.append((index + 1, _combine(cells, head[index + 1])))
        for last_index, header in candidates:
            score = _score(header, known)
            if score >= needed and (best is None or score > best[0]):
                best = (score, last_index, header)
    return None if best is None else (best[1], best[2])


def _positions(spec: ImportSpec, header: Sequence[Any]) -> dict[str, int]:
    """Column key → cell index; ReadError naming the missing and unexpected columns."""
    known = _known_headers(spec)
    ignored = {normalise_header(_(ERROR_COLUMN_HEADER_MSGID)), normalise_header(ERROR_COLUMN_HEADER_MSGID)}
    positions: dict[str, int] = {}
    unexpected: list[str] = []
    for index, cell in enumerate(header):
        name = normalise_header(cell)
        if not name or name in ignored:
            continue
        key = known.get(name)
        if key is None or key in positions:
            unexpected.append(str(cell).strip())
        else:
            positions[key] = index
    missing = [str(column.header) for column in spec.imported_columns if column.key not in positions]
    if missing or unexpected:
        problems = []
        if missing:
            problems.append(_("missing columns: %(names)s") % {"names": "、".join(missing)})
        if unexpected:
            problems.append(_("unexpected columns: %(names)s") % {"names": "、".join(unexpected)})
        raise ReadError(
            _("This file does not follow the template of “%(label)s”: %(problems)s.")
            % {"label": spec.label, "problems": "；".join(problems)}
        )
    return positions


CHUNK_ROWS = 5000  # rows handed on at a time: a batch of database look-ups and of writes


def _has_value(cells: list[Any]) -> bool:
    for cell in cells:
        if cell.__class__ is str:
            if cell and not cell.isspace():
                return True
        elif cell is not None:
            return True
    return False


Numbered = tuple[int, list[Any]]  # (Excel row number, cells)


def _chunks(rows: list[Numbered], parts: Iterator[Part]) -> Iterator[list[Numbered]]:
    """The rows that are not entirely empty, CHUNK_ROWS at a time: `rows` first, then the parts'."""
    pending = [row for row in rows if _has_value(row[1])]
    for part in itertools.chain([None], parts):
        if part is not None:
            first = part.first_row + 1
            pending += [(first + index, cells) for index, cells in enumerate(part.rows) if _has_value(cells)]
        while len(pending) >= CHUNK_ROWS:
            yield pending[:CHUNK_ROWS]
            pending = pending[CHUNK_ROWS:]
    if pending:
        yield pending


def _whole_sheet(source: str | Path | IO[bytes], sheet: str | None) -> tuple[str, Iterator[Part], int]:
    """The sheet read whole by calamine (an .xls file, a small or unusual .xlsx), as one part."""
    workbook = open_workbook(source)
    names = workbook.sheet_names
    if sheet:
        if sheet not in names:
            raise ReadError(
                _("There is no sheet named “%(sheet)s”; the workbook has: %(names)s.")
                % {"sheet": sheet, "names": "、".join(names)}
            )
        worksheet = workbook.get_sheet_by_name(sheet)
    elif names:
        worksheet = workbook.get_sheet_by_index(0)
    else:
        raise ReadError(_("The workbook has no sheet."))
    part = part_of(worksheet)
    return worksheet.name, iter([part]), part.first_row + len(part.rows)


def parts_directory() -> Path:
    """Where a large sheet's parts are written while it is read: under DATA_DIR, on disk."""
    directory = Path(settings.DATA_DIR) / "tmp"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def read_sheet(source: str | Path | IO[bytes], spec: ImportSpec, sheet: str | None = None) -> SheetRows:
    """Open the workbook, choose the sheet (by name, or the first), find and check the header.

    A large .xlsx sheet is read a part at a time (`lib.xlsx_parts`); anything else whole. The caller
    must consume or close `chunks` (it holds a temporary file while the parts are read)."""
    split = split_sheet(source, sheet, directory=parts_directory())
    last_row: int | None
    if split is None:
        if not isinstance(source, str | Path):
            source.seek(0)
        sheet_name, parts, last_row = _whole_sheet(source, sheet)
    else:
        sheet_name, parts, last_row = split.sheet_name, split.parts(), split.last_row
    try:
        sheet_rows = _positioned(sheet_name, parts, spec, split)
    except BaseException:
        _close(parts, split)
        raise
    if last_row is not None:
        sheet_rows.rows_expected = max(0, last_row - sheet_rows.header_row_number)
    return sheet_rows


def _close(parts: Iterator[Part], split: SplitSheet | None) -> None:
    close = getattr(parts, "close", None)
    if close is not None:
        close()
    if split is not None:
        split.close()


def _positioned(
    sheet_name: str, parts: Iterator[Part], spec: ImportSpec, split: SplitSheet | None
) -> SheetRows:
    head: list[tuple[int, list[Any]]] = []
    for part in parts:  # whole parts: the rows after the header are data
        head += enumerate(part.rows, start=part.first_row + 1)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    found = _find_header([cells for _number, cells in head[:HEADER_SEARCH_ROWS]], spec)
    if found is None:
        raise ReadError(
            _(
                "No header row of “%(label)s” was found in the first %(count)d rows of sheet “%(sheet)s”; "
                "expected columns: %(names)s."
            )
            % {
                "label": spec.label,
                "count": HEADER_SEARCH_ROWS,
                "sheet": sheet_name,
                "names": "、".join(spec.headers()),
            }
        )
    header_index, header = found
    positions = _positions(spec, header)
    return SheetRows(
        sheet_name=sheet_name,
        header_row_number=head[header_index][0],
        file_headers=["" if cell is None else str(cell) for cell in header],
        positions=positions,
        chunks=_closing(_chunks(head[header_index + 1 :], parts), parts, split),
    )


def _closing(
    chunks: Iterator[list[tuple[int, list[Any]]]], parts: Iterator[Part], split: SplitSheet | None
) -> Iterator[list[tuple[int, list[Any]]]]:
    try:
        yield from chunks
    finally:
        _close(parts, split)
