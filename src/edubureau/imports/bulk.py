"""Fast bulk writes for imports: one prepared INSERT or UPDATE statement, executed for many rows.

`bulk_create` and `bulk_update` prepare every value of every row through the SQL compiler (and
bulk_update builds a CASE per field), which costs more than reading and validating the row. Here each
field's conversion is chosen once and applied a column at a time: plain values (text, numbers, ids)
go to the driver as they are; on SQLite booleans as 1 and 0 and dates as ISO text (what its adapters
would make of them, without a look-up per value); the others through the field's own
`get_db_prep_save`. The caller has validated the values (lengths, choices, real dates); the database
still enforces its constraints, inside the caller's transaction.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from typing import Any

from django.db import connections, models
from django.utils import timezone

CHUNK = 5000
# SQLite's page cache while an import writes, in KiB. The default 2 MB cannot hold the index pages
# that thousands of rows inserted in file order touch at random; 64 MB halves the insert time.
SQLITE_CACHE_KIB = 64 * 1024
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,  # AutoField and BigAutoField too: an explicit pk is a plain int
    models.ForeignKey,
)

# How to prepare one column's values for the driver, all at once.
Converter = Callable[[Sequence[Any]], Sequence[Any]]
_SQLITE_BOOLEANS = {True: 1, False: 0}  # 1 and 0 map to themselves; None (NULL) to None


def _sqlite_booleans(values: Sequence[Any]) -> list[Any]:
    # sqlite3 binds exact ints directly; a bool (an int subclass) goes through its adapter look-up,
    # which for an import's six flags a row costs more than the insert of the row's indexes.
    return list(map(_SQLITE_BOOLEANS.get, values))


class _IsoText(dict[Any, Any]):
    """Dates as ISO text, each date converted once: an import's dates repeat (the birthdays of a few
    school years, a handful of enrolment days)."""

    def __missing__(self, day: Any) -> Any:
        if len(self) > 100_000:
            self.clear()
        text = self[day] = None if day is None else day.isoformat()
        return text


_ISO_TEXT = _IsoText()


def _iso_dates(values: Sequence[Any]) -> list[Any]:
    # What Django's SQLite adapter makes of a date, without the driver's adapter look-up per value.
    return list(map(_ISO_TEXT.__getitem__, values))


def _converter(field: models.Field[Any, Any], connection: Any) -> Converter | None:
    """None when the driver takes the Python values as they are; otherwise how to prepare a column."""
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, models.BooleanField):
        return _sqlite_booleans if sqlite else None
    if type(field) is models.DateField:
        # psycopg adapts a datetime.date itself; SQLite gets the same ISO text as adapt_datefield_value.
        return _iso_dates if sqlite else None
    if isinstance(field, _PLAIN_FIELDS):
        return None

    def convert(values: Sequence[Any]) -> list[Any]:
        return [None if value is None else field.get_db_prep_save(value, connection) for value in values]

    return convert


def _columns(model: type[models.Model], names: Sequence[str]) -> list[models.Field[Any, Any]]:
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    return [by_attname[name] for name in names]


def _prepared(
    columns: Sequence[Sequence[Any]], converters: list[Converter | None], extra: Sequence[Any] = ()
) -> list[tuple[Any, ...]]:
    """Rows as the driver takes them, from each column's values, `extra` appended to each row: each
    column converted as a whole, one loop per column rather than one call per value."""
    count = len(columns[0])
    converted = [
        values if convert is None else convert(values)
        for values, convert in zip(columns, converters, strict=True)
    ]
    return list(zip(*converted, *(repeat(value, count) for value in extra), strict=True))


@contextlib.contextmanager
def tuned_for_bulk(alias: str = "default") -> Iterator[None]:
    """The connection set for an import's transaction while the block runs, as it was after.

    SQLite: a larger page cache (memory only: durability, journal_mode=WAL and synchronous=NORMAL
    from the settings, is untouched). PostgreSQL: key look-ups by index even where the statistics
    call the table small, as they do after a fresh install or a first import: the table grows in
    the import's own transaction, and a sequential scan per batch would make the import quadratic.
    """
    connection = connections[alias]
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:  # both end with the transaction, however it ends
            cursor.execute("SET LOCAL enable_seqscan = off")
            # Foreign keys checked as each batch is written, while the reading process works on the
            # next one, rather than all at once at the commit with nothing else to do.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        yield
        return
    if connection.vendor == "postgresql":  # a dry run, in autocommit
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET enable_seqscan")
        return
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


def allocate_pks(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for rows the caller inserts with `insert_rows`, so that it needs
    no query to learn them (child rows such as events need their parent's pk)."""
    connection = connections[model._default_manager.db]
    table, pk = model._meta.db_table, model._meta.pk
    assert pk is not None  # noqa: S101 (every concrete model has one)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The table's own sequence: safe against concurrent inserts, gaps are harmless. One array
            # rather than a row per number: ten times faster for 200,000.
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk.column])
            sequence = cursor.fetchone()[0]
            cursor.execute(
                "SELECT array_agg(nextval(%s::regclass)) FROM generate_series(1, %s)", [sequence, count]
            )
            return sorted(cursor.fetchone()[0] or [])
        if connection.vendor != "sqlite" or not connection.in_atomic_block:
            raise NotImplementedError("allocate_pks: PostgreSQL, or SQLite inside a transaction")
        # Safe on SQLite inside the import's transaction: it began IMMEDIATE (settings), so this
        # connection holds the database's only write lock until it commits and no other writer can
        # take these numbers. sqlite_sequence keeps AUTOINCREMENT's promise not to reuse a deleted pk.
        quote = connection.ops.quote_name
        cursor.execute(
            f"SELECT MAX(top) FROM (SELECT MAX({quote(pk.column)}) AS top FROM {quote(table)} "  # noqa: S608
            "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
            [table],
        )
        first = (cursor.fetchone()[0] or 0) + 1
    return list(range(first, first + count))


def _timestamps(model: type[models.Model], *, creating: bool) -> dict[str, Any]:
    """The automatic timestamps `save()` would have set, one value for the whole batch."""
    now = timezone.now()
    stamps: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or (creating and getattr(field, "auto_now_add", False)):
            stamps[field.attname] = now
    return stamps


def _constants(
    fields: Sequence[models.Field[Any, Any]], values: Iterable[Any], connection: Any
) -> tuple[Any, ...]:
    """The same value for every row (a timestamp), prepared once."""
    return tuple(
        field.get_db_prep_save(value, connection) for field, value in zip(fields, values, strict=True)
    )


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """INSERT `rows` (values in the order of the attribute `names`), with automatic timestamps."""
    if not rows:
        return 0
    return insert_columns(model, dict(zip(names, zip(*rows, strict=True), strict=True)))


def insert_columns(model: type[models.Model], columns: Mapping[str, Sequence[Any]]) -> int:
    """INSERT rows given a column at a time (attribute name → every row's value, all as long), with
    automatic timestamps. Cheaper than `insert_rows` for a caller that holds dicts: no row to build."""
    values = list(columns.values())
    count = len(values[0]) if values else 0
    if not count:
        return 0
    connection = connections[model._default_manager.db]
    stamps = _timestamps(model, creating=True)
    fields = _columns(model, [*columns, *stamps])
    converters = [_converter(field, connection) for field in fields[: len(values)]]
    extra = _constants(fields[len(values) :], stamps.values(), connection)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in fields)
    chunks = (
        _prepared([column[start : start + CHUNK] for column in values], converters, extra)
        for start in range(0, count, CHUNK)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: no statement to parse, one stream for all rows.
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for chunk in chunks:
                    for row in chunk:
                        copy.write_row(row)
            return count
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608 (names from the model)
        for chunk in chunks:
            cursor.executemany(sql, chunk)
    return count


def update_rows(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """UPDATE by primary key: each row is (pk, values in the order of `names`); `auto_now` set too."""
    if not rows:
        return 0
    connection = connections[model._default_manager.db]
    stamps = _timestamps(model, creating=False)
    fields = _columns(model, [*names, *stamps])
    converters = [_converter(field, connection) for field in fields[: len(names)]]
    extra = _constants(fields[len(names) :], stamps.values(), connection)
    quote = connection.ops.quote_name
    pk = model._meta.pk
    assert pk is not None  # noqa: S101 (every concrete model has one)
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 (names from the model, values bound)
        quote(model._meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in fields),
        quote(pk.column),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            pks, *columns = zip(*rows[start : start + CHUNK], strict=True)
            # The statement's parameters: the values, the timestamps, then the pk of the WHERE.
            stamp_columns = [[value] * len(pks) for value in extra]
            plain = [None] * (len(extra) + 1)
            cursor.executemany(sql, _prepared([*columns, *stamp_columns, pks], [*converters, *plain]))
    return len(rows)


def insert_select(
    model: type[models.Model],
    source: type[models.Model],
    pks: Sequence[int],
    *,
    copied: Mapping[str, str],
    constants: Mapping[str, Any],
) -> int:
    """A row of `model` for each row of `source` with these pks, written by the database itself
    (INSERT … SELECT): `copied` maps a column of the new rows to the source's column it takes,
    `constants` gives the others one value each; automatic timestamps are set. Nothing crosses
    from Python per row, which for an import's 入学 events halves their cost."""
    if not pks:
        return 0
    connection = connections[model._default_manager.db]
    stamps = _timestamps(model, creating=True)
    targets = _columns(model, [*copied, *constants, *stamps])
    sources = _columns(source, list(copied.values()))
    values = _constants(targets[len(copied) :], [*constants.values(), *stamps.values()], connection)
    quote = connection.ops.quote_name
    source_pk = source._meta.pk
    assert source_pk is not None  # noqa: S101 (every concrete model has one)
    selected = [quote(field.column) for field in sources] + ["%s"] * len(values)
    sql = "INSERT INTO {} ({}) SELECT {} FROM {} WHERE {}".format(  # noqa: S608 (names from the models)
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in targets),
        ", ".join(selected),
        quote(source._meta.db_table),
        quote(source_pk.column),
    )
    ordered = sorted(pks)
    with connection.cursor() as cursor:
        if ordered[-1] - ordered[0] + 1 == len(ordered):  # a run of pks, as allocate_pks gives
            cursor.execute(f"{sql} BETWEEN %s AND %s", [*values, ordered[0], ordered[-1]])
        else:
            for start in range(0, len(ordered), CHUNK):
                part = ordered[start : start + CHUNK]
                cursor.execute(f"{sql} IN ({', '.join(['%s'] * len(part))})", [*values, *part])
    return len(pks)
