"""Where an import's rows are read and their cells checked, while the caller compares and writes.

The caller's thread owns the database connection: it looks each batch up and writes it. Reading the
file and checking the cells need no database, so they run alongside:

- `checked_in_thread`: the next chunk is checked in a thread. Enough for small files, and what the
  tests of every bad-input case run through.
- `checked_in_process`: a forked process reads the file and checks every chunk, sending the results
  through a pipe. For large files: reading, checking and writing are each a few seconds of Python
  for 200,000 rows, and in one process they would take turns on the interpreter lock. The child
  never touches the database (its inherited connections are put out of its reach), so the caller's
  transaction and the test database's are the only ones in play.

Both yield the sheet's header first, then a `CheckedChunk` per chunk, in file order; the pipe keeps
the child at most a chunk or two ahead, so memory stays flat whatever the file's size.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import marshal
import multiprocessing
import signal
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from django.db import connections
from django.utils import translation

from edubureau.imports.engine import CellChecks, CheckedChunk
from edubureau.imports.reading import SheetRows
from edubureau.imports.spec import ImportContext, ImportSpec
from edubureau.lib.collector import for_bulk_work_until_exit

Reader = Callable[[], SheetRows]
PIPE_BYTES = 1 << 20
STOP_SECONDS = 10  # for a reading process told to stop (its pipe closed) to clean up before it is killed
CellsOf = Callable[[list[int]], dict[int, list[Any]]]
Source = tuple[SheetRows, Iterator[CheckedChunk], CellsOf]


@contextlib.contextmanager
def checked_in_thread(spec: ImportSpec, context: ImportContext, read: Reader) -> Iterator[Source]:
    sheet = read()
    checks = CellChecks(spec, context, sheet.positions)
    language = translation.get_language()

    def check(chunk: Any) -> CheckedChunk:
        with translation.override(language):
            return checks.check(chunk)

    def checked() -> Generator[CheckedChunk, None, None]:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-check") as pool:
            ahead: Future[CheckedChunk] | None = None
            for chunk in sheet.chunks:
                future = pool.submit(check, chunk)
                if ahead is not None:
                    yield ahead.result()
                ahead = future
            if ahead is not None:
                yield ahead.result()

    chunks = checked()
    try:
        yield sheet, chunks, lambda numbers: {}  # the cells stay with the clean rows
    finally:
        chunks.close()
        sheet.close()


class ReadingProcessError(RuntimeError):
    """The reading process ended without saying why (killed, out of memory)."""


@contextlib.contextmanager
def checked_in_process(spec: ImportSpec, context: ImportContext, read: Reader) -> Iterator[Source]:
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    _widen(receiving)
    child = fork.Process(
        target=_read_and_check,
        args=(sending, spec, context, read, translation.get_language()),
        name="import-reader",
        daemon=True,
    )
    child.start()
    sending.close()
    try:
        sheet = _receive(receiving)
        yield (
            replace(sheet, chunks=iter(())),
            _received_chunks(receiving),
            lambda numbers: _cells_of(read, numbers),
        )
    finally:
        receiving.close()  # a child still sending fails at once, and stops by itself
        child.join(timeout=STOP_SECONDS)
        if child.is_alive():
            child.terminate()
            child.join()


def _widen(receiving: Any) -> None:
    """A pipe that holds a chunk or more (Linux: up to fs.pipe-max-size, 1 MB by default, rather than
    64 KB), so that the reading process goes on to the next chunk while the last one waits."""
    with contextlib.suppress(AttributeError, OSError):  # elsewhere, or refused: the default size
        fcntl.fcntl(receiving.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _cells_of(read: Reader, numbers: list[int]) -> dict[int, list[Any]]:
    """The cells of these rows, read again from the file (for the few clean rows the database then
    refused: the reading process sends clean rows without their cells)."""
    wanted = set(numbers)
    found: dict[int, list[Any]] = {}
    sheet = read()
    try:
        for chunk in sheet.chunks:
            found.update((number, cells) for number, cells in chunk if number in wanted)
            if len(found) == len(wanted):
                break
    finally:
        sheet.close()
    return found


def _receive(receiving: Any) -> Any:
    try:
        kind, payload = receiving.recv()
    except EOFError:
        raise ReadingProcessError("the import's reading process ended unexpectedly") from None
    if kind == "failed":
        raise payload
    return payload


def _received_chunks(receiving: Any) -> Iterator[CheckedChunk]:
    while (chunk := _receive(receiving)) is not None:
        yield unpacked(chunk) if isinstance(chunk, Packed) else chunk


@dataclass
class Packed:
    """A CheckedChunk as the reading process sends it: the clean rows a column at a time in one
    `marshal` blob (a third of what pickling the rows costs the reading process, which sets the
    import's pace), their dates as day numbers; the rest of the chunk (counts, errors) as it is."""

    chunk: CheckedChunk  # without its clean rows
    rows: bytes


_DATE = dt.date


def packed(chunk: CheckedChunk) -> CheckedChunk | Packed:
    """The chunk packed when its clean rows share their keys and hold only what marshal takes as it
    is (text, numbers, booleans, None, and lists and tuples of them) and dates; else as it is."""
    rows = [row for _number, row, _cells in chunk.clean]
    if not rows or not rows[0]:
        return chunk
    keys = tuple(rows[0])
    if any(len(row) != len(keys) for row in rows):
        return chunk
    try:
        columns = [[row[key] for row in rows] for key in keys]  # KeyError: another row's other keys
        dates = [index for index, column in enumerate(columns) if column[0].__class__ is _DATE]
        for index in dates:
            columns[index] = [None if day is None else _day_number(day) for day in columns[index]]
        blob = marshal.dumps((keys, [number for number, _row, _cells in chunk.clean], columns, dates))
    except (KeyError, ValueError):  # a datetime, a str subclass, a Decimal…: pickled as it is
        return chunk
    return Packed(replace(chunk, clean=[]), blob)


def _day_number(day: Any) -> int:
    if day.__class__ is not _DATE:
        raise ValueError(day)
    return int(day.toordinal())


def unpacked(packed: Packed) -> CheckedChunk:
    keys, numbers, columns, dates = marshal.loads(packed.rows)  # noqa: S302 (from our own child)
    from_day_number = _DATE.fromordinal
    for index in dates:
        columns[index] = [None if day is None else from_day_number(day) for day in columns[index]]
    rows = [dict(zip(keys, values, strict=True)) for values in zip(*columns, strict=True)]
    return replace(
        packed.chunk, clean=[(number, row, None) for number, row in zip(numbers, rows, strict=True)]
    )


def _read_and_check(
    sending: Any, spec: ImportSpec, context: ImportContext, read: Reader, language: str
) -> None:
    """The reading process: the header, then each chunk's checks, then None; or what went wrong.
    Stopped by the importing process (SIGTERM), it still removes its temporary parts."""
    _out_of_reach_of_the_database()
    for_bulk_work_until_exit()
    signal.signal(signal.SIGTERM, _stop)
    sheet: SheetRows | None = None
    try:
        with translation.override(language):
            sheet = read()
            sending.send(("sheet", replace(sheet, chunks=iter(()))))
            checks = CellChecks(spec, context, sheet.positions, keep_cells=False)
            for chunk in sheet.chunks:
                sending.send(("chunk", packed(checks.check(chunk))))
            sending.send(("chunk", None))
    except BaseException as exc:  # noqa: BLE001 (reported to the importing process, which raises it)
        with contextlib.suppress(Exception):
            sending.send(("failed", exc))
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a stop now would interrupt the clean-up
        if sheet is not None:
            sheet.close()  # the parts' temporary workbook and their thread: os._exit runs no finalizer
        sending.close()


def _stop(signum: int, frame: Any) -> None:
    raise SystemExit(1)


_INHERITED: list[Any] = []


def _refuse(*args: Any, **kwargs: Any) -> None:
    raise RuntimeError("The import's reading process may not use the database.")


def _out_of_reach_of_the_database() -> None:
    """Take the inherited connections from Django without closing them: closing would end the
    parent's session on a shared socket. They are kept referenced until the process exits (by
    os._exit, which runs no finalizer)."""
    for connection in connections.all(initialized_only=True):
        _INHERITED.append(connection.connection)
        connection.connection = None
        connection.connect = _refuse  # type: ignore[method-assign]
