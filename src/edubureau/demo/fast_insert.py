"""Inserting many rows quickly, for the demo's largest tables (pupils and their events).

`bulk_create` prepares every value of every model instance field by field, and on SQLite it may bind
only 999 values per query (45 pupils); for ~200,000 rows that is most of the demo's load time. Here
the rows are plain tuples, primary keys are given (numbered on from the table's largest), and one
parameterised INSERT runs with `executemany`. The model's other columns get their auto timestamps
or their defaults, the same for every row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

BATCH_SIZE = 5000


def _batches(rows: Iterable[tuple[Any, ...]]) -> Iterable[list[tuple[Any, ...]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


def next_pk(model: type[models.Model]) -> int:
    """The first free primary key of `model`'s table."""
    top = model._default_manager.aggregate(top=Max("pk"))["top"]
    return (top or 0) + 1


def _fixed_values(model: type[models.Model], given: Sequence[str]) -> dict[str, Any]:
    """Values for the columns not given: now for auto timestamps, else the field's default."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    fixed: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fixed[field.get_attname_column()[1]] = now
        elif field.has_default() and not callable(field.default):
            fixed[field.get_attname_column()[1]] = field.get_db_prep_save(field.get_default(), connection)
        elif field.null:
            fixed[field.get_attname_column()[1]] = None
        else:
            raise ValueError(f"{model.__name__}.{field.name} needs a value")
    return fixed


def insert_rows(model: type[models.Model], attnames: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert `rows`, each holding the values of the fields `attnames` (the pk among them), in order.

    Values go to the driver as they are: str, int, bool, date, Decimal and None are all it needs.
    On PostgreSQL the rows are copied in (COPY), and the table's id sequence is moved past the given
    keys afterwards. `rows` may be a generator, but must not query the database while it runs.
    """
    fixed = _fixed_values(model, attnames)
    fields = {field.attname: field for field in model._meta.concrete_fields}
    columns = [fields[name].get_attname_column()[1] for name in attnames] + list(fixed)
    quote = connection.ops.quote_name
    # Only the model's own table and column names, quoted, go into the SQL; the values are bound.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    tail = tuple(fixed.values())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor.cursor, model._meta.db_table, columns, (row + tail for row in rows))
        else:
            for batch in _batches(rows):
                cursor.executemany(sql, [row + tail for row in batch])
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)


def _copy(cursor: Any, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """PostgreSQL's COPY … FROM STDIN, through psycopg: many times faster than INSERTs."""
    quote = connection.ops.quote_name
    statement = f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN"
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
