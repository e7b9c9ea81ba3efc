"""Reading a large .xlsx sheet a part at a time, with the parsing of the next part in a thread.

python-calamine parses a whole sheet before it returns a cell, holding every cell in memory. A
roster of a million rows would take a minute of waiting and gigabytes. Here the sheet's XML is cut at
row boundaries into parts of a few megabytes, written as the sheets of one uncompressed workbook
that keeps the original shared strings and styles (so the strings are read once and dates keep
their formats), and calamine reads one part at a time. Calamine releases the GIL while it parses,
so the next part is parsed while the caller checks and writes the rows of this one; memory holds a
few parts, whatever the file's size.

Only the sheet's XML is touched, and only between rows: `split_sheet` returns None for anything
unusual (no row numbers, no sheet data, an .xls file), and the caller reads the sheet whole.
"""

from __future__ import annotations

import contextlib
import html
import queue
import re
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from python_calamine import CalamineSheet, CalamineWorkbook

PART_BYTES = 4 << 20  # of sheet XML, about 5,000 rows of a roster
SPLIT_FROM_BYTES = 2 * PART_BYTES  # a smaller sheet is read whole: nothing to gain
READ_BYTES = 1 << 20
PARTS_AHEAD = 2  # parsed parts waiting for the caller: memory is about this many parts

_ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_WORKBOOK_PROPERTIES = re.compile(rb"<(?:\w+:)?workbookPr\s[^>]*/>")
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData(\s[^>]*)?(/?)>")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s[^>]*/>")
_DIMENSION_REF = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+:[A-Z]+(\d+)\"")
_FIRST_ROW = re.compile(rb"<(?:\w+:)?row(\s[^>]*)?>")

_WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(frozen=True)
class Part:
    """Rows of one part: the sheet's row index (0-based) of its first row, and its cells, each row
    starting at column A."""

    first_row: int
    rows: list[list[Any]]


@dataclass(frozen=True)
class _Workbook:
    sheets: list[tuple[str, str]]  # (name, zip member of its XML), in workbook order
    shared_strings: str | None
    styles: str | None
    properties: bytes


def _attributes(tag: bytes) -> dict[str, str]:
    """A tag's attributes by local name (r:id → id), unescaped."""
    return {
        name.decode().rpartition(":")[2]: html.unescape(value.decode())
        for name, value in _ATTRIBUTE.findall(tag)
    }


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in (PurePosixPath(base).parent / target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id → (type's last word, target member) of a part's relationships."""
    path = PurePosixPath(part)
    rels = str(path.parent / "_rels" / f"{path.name}.rels").lstrip("./")
    try:
        data = archive.read(rels)
    except KeyError:
        return {}
    found = {}
    for tag in _RELATIONSHIP.findall(data):
        attributes = _attributes(tag)
        if attributes.get("TargetMode") == "External":
            continue
        kind = attributes.get("Type", "").rpartition("/")[2]
        found[attributes.get("Id", "")] = (kind, _resolve(part, attributes.get("Target", "")))
    return found


def _workbook(archive: zipfile.ZipFile) -> _Workbook | None:
    package = _relationships(archive, "")
    main = next((target for kind, target in package.values() if kind == "officeDocument"), "xl/workbook.xml")
    try:
        data = archive.read(main)
    except KeyError:
        return None
    related = _relationships(archive, main)
    sheets = []
    for tag in _SHEET.findall(data):
        attributes = _attributes(tag)
        kind, target = related.get(attributes.get("id", ""), ("", ""))
        if kind == "worksheet":
            sheets.append((attributes.get("name", ""), target))
        else:  # a chart sheet or a dialog sheet: calamine's numbering counts them, so ours would differ
            return None
    by_kind = dict(related.values())
    properties = _WORKBOOK_PROPERTIES.search(data)
    return _Workbook(
        sheets=sheets,
        shared_strings=by_kind.get("sharedStrings"),
        styles=by_kind.get("styles"),
        properties=properties.group(0) if properties else b"",
    )


def part_of(sheet: CalamineSheet) -> Part:
    """A calamine sheet's rows as a part, each row from column A (calamine starts them at the first
    column used) and numbered from the sheet's first used row."""
    start_row, start_column = sheet.start or (0, 0)
    rows = sheet.to_python()
    if start_column:
        padding = [""] * start_column
        rows = [padding + row for row in rows]
    return Part(start_row, rows)


class SplitSheet:
    """One sheet of a workbook, cut into parts in an uncompressed temporary workbook."""

    def __init__(self, path: Path, sheet_name: str, count: int, last_row: int | None = None) -> None:
        self.path = path
        self.sheet_name = sheet_name
        self.count = count
        self.last_row = last_row  # the sheet's own word for its last row (its dimension), if it says

    def parts(self) -> Iterator[Part]:
        """The parts in order; each is parsed in a thread while the caller works on the one before."""
        results: queue.Queue[Part | BaseException | None] = queue.Queue(PARTS_AHEAD)
        stop = threading.Event()
        worker = threading.Thread(target=self._parse, args=(results, stop), name="xlsx-parts", daemon=True)
        worker.start()
        try:
            while (item := results.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            while worker.is_alive():  # let a worker blocked on a full queue see the stop
                with contextlib.suppress(queue.Empty):
                    results.get(timeout=0.05)
            worker.join()

    def _parse(self, results: queue.Queue[Part | BaseException | None], stop: threading.Event) -> None:
        try:
            workbook = CalamineWorkbook.from_path(str(self.path))
            for index in range(self.count):
                if stop.is_set():
                    return
                _put(results, part_of(workbook.get_sheet_by_index(index)), stop)
            workbook.close()
            _put(results, None, stop)
        except BaseException as exc:  # noqa: BLE001 (handed to the reading thread, which raises it)
            _put(results, exc, stop)

    def close(self) -> None:
        self.path.unlink(missing_ok=True)


def _put(results: queue.Queue[Any], item: Any, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            results.put(item, timeout=0.05)
        except queue.Full:
            continue
        return


def split_sheet(
    source: str | Path | IO[bytes], sheet: str | None, *, directory: Path | None = None
) -> SplitSheet | None:
    """The sheet named `sheet` (or the first) cut into parts of about PART_BYTES, or None when it is
    smaller than SPLIT_FROM_BYTES or not an .xlsx sheet that can be cut safely (the caller then reads
    it whole). The parts go to a temporary file in `directory` (on disk: /tmp may be memory); the
    caller closes the result, which removes it."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with archive:
        book = _workbook(archive)
        if book is None or not book.sheets:
            return None
        chosen = next((entry for entry in book.sheets if sheet is None or entry[0] == sheet), None)
        if chosen is None or archive.getinfo(chosen[1]).file_size < SPLIT_FROM_BYTES:
            return None
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, kept on disk for calamine)
            prefix="edubureau-sheet-", suffix=".xlsx", dir=directory, delete=False
        )
        path = Path(handle.name)
        try:
            with handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as parts:
                count = _write_parts(archive, chosen[1], parts, PART_BYTES)
                if count:
                    _write_package(archive, book, parts, count)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
            count = 0
        if not count:
            path.unlink(missing_ok=True)
            return None
        return SplitSheet(path, chosen[0], count, _last_row(archive, chosen[1]))


def _last_row(archive: zipfile.ZipFile, member: str) -> int | None:
    """The last row number of the sheet's <dimension ref="A1:T200001"/>, near the start of its XML."""
    with archive.open(member) as stream:
        found = _DIMENSION_REF.search(stream.read(READ_BYTES))
    return int(found.group(1)) if found else None


def _write_parts(archive: zipfile.ZipFile, member: str, parts: zipfile.ZipFile, part_bytes: int) -> int:
    """Cut the sheet's XML after a closing row tag every `part_bytes`; 0 if it cannot be cut."""
    pending = bytearray()
    head: bytes | None = None
    prefix = b""
    count = 0
    with archive.open(member) as stream:
        while block := stream.read(READ_BYTES):
            pending += block
            if head is None:
                found = _SHEET_DATA.search(pending)
                if found is None:
                    continue
                if found.group(3):
                    return 0  # <sheetData/>: no rows
                prefix = found.group(1) or b""
                head = _DIMENSION.sub(b"", bytes(pending[: found.end()]))
                del pending[: found.end()]
            while len(pending) >= part_bytes:
                close = b"</" + prefix + b"row>"
                cut = pending.rfind(close, 0, part_bytes)
                if cut < 0:  # a row longer than a part: cut after it
                    cut = pending.find(close)
                if cut < 0:
                    break
                cut += len(prefix) + 6
                if not count and not _numbered(pending):
                    return 0
                count += 1
                _write_part(parts, count, head, pending[:cut], prefix)
                del pending[:cut]
    end = pending.rfind(b"</" + prefix + b"sheetData>")
    if head is None or end < 0 or (not count and not _numbered(pending)):
        return 0
    if pending[:end].strip() or not count:
        count += 1
        _write_part(parts, count, head, pending[:end], prefix)
    return count


def _numbered(rows: bytearray) -> bool:
    """Whether the rows carry their numbers (r="5"): without them calamine would number each part's
    rows from the top."""
    first = _FIRST_ROW.search(rows)
    return first is None or b" r=" in (first.group(1) or b"")


def _write_part(parts: zipfile.ZipFile, number: int, head: bytes, rows: bytearray, prefix: bytes) -> None:
    with parts.open(f"xl/worksheets/part{number}.xml", "w") as handle:
        handle.write(head)
        handle.write(rows)
        handle.write(b"</" + prefix + b"sheetData></" + prefix + b"worksheet>")


def _write_package(archive: zipfile.ZipFile, book: _Workbook, parts: zipfile.ZipFile, count: int) -> None:
    """The workbook around the parts: its sheets, relationships, content types, and the original
    shared strings and styles."""
    numbers = range(1, count + 1)
    sheets = "".join(f'<sheet name="p{n}" sheetId="{n}" r:id="rp{n}"/>' for n in numbers)
    parts.writestr(
        "xl/workbook.xml",
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:r="{_RELATIONSHIPS}">{book.properties.decode()}<sheets>{sheets}</sheets></workbook>',
    )
    relationships = [
        (f"rp{n}", "worksheet", f"worksheets/part{n}.xml") for n in numbers
    ]  # fmt: skip
    overrides = [("/xl/workbook.xml", _WORKBOOK_TYPE)] + [
        (f"/xl/worksheets/part{n}.xml", _SHEET_TYPE) for n in numbers
    ]
    for kind, member in (("sharedStrings", book.shared_strings), ("styles", book.styles)):
        if member:
            parts.writestr(f"xl/{kind}.xml", archive.read(member))
            relationships.append((kind, kind, f"{kind}.xml"))
            overrides.append(
                (f"/xl/{kind}.xml", f"application/vnd.openxmlformats-officedocument.spreadsheetml.{kind}+xml")
            )
    parts.writestr(
        "xl/_rels/workbook.xml.rels",
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="{key}" Type="{_RELATIONSHIPS}/{kind}" Target="{target}"/>'
            for key, kind, target in relationships
        )
        + "</Relationships>",
    )
    parts.writestr(
        "_rels/.rels",
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
    )
    parts.writestr(
        "[Content_Types].xml",
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
        + "</Types>",
    )
