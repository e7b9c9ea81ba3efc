"""Fast bulk writes for imports: one prepared INSERT or UPDATE statement, executed for many rows.

`bulk_create` and `bulk_update` prepare every value of every row through the SQL compiler (and
bulk_update builds a CASE per field), which costs more than reading and validating the row. Here each
field's conversion is chosen once: plain values (text, numbers, booleans, foreign-key ids) go to the
driver as they are, the others through the field's own `get_db_prep_save`. The caller has validated
the values (lengths, choices); the database still enforces its constraints, inside the caller's
transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connections, models
from django.utils import timezone

CHUNK = 2000
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.ForeignKey,
)


def _converter(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any] | None:
    """None when the driver takes the Python value as it is; otherwise the field's own preparation."""
    if isinstance(field, _PLAIN_FIELDS) and not isinstance(field, models.AutoField | models.BigAutoField):
        return None

    def convert(value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    return convert


def _columns(model: type[models.Model], names: Sequence[str]) -> list[models.Field[Any, Any]]:
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    return [by_attname[name] for name in names]


def _prepared(
    rows: Iterable[Sequence[Any]], converters: list[Callable[[Any], Any] | None]
) -> list[tuple[Any, ...]]:
    if not any(converters):
        return [tuple(row) for row in rows]
    return [
        tuple(
            value if convert is None or value is None else convert(value)
            for value, convert in zip(row, converters, strict=True)
        )
        for row in rows
    ]


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
    connection = connections[model._default_manager.db]
    stamps = _timestamps(model, creating=True)
    fields = _columns(model, [*names, *stamps])
    converters = [_converter(field, connection) for field in fields[: len(names)]]
    extra = _constants(fields[len(names) :], stamps.values(), connection)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: no statement to parse, one stream for all rows.
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for start in range(0, len(rows), CHUNK):
                    for row in _prepared(rows[start : start + CHUNK], converters):
                        copy.write_row((*row, *extra))
            return len(rows)
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 (names from the model)
        for start in range(0, len(rows), CHUNK):
            prepared = _prepared(rows[start : start + CHUNK], converters)
            cursor.executemany(sql, [(*row, *extra) for row in prepared])
    return len(rows)


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
            chunk = rows[start : start + CHUNK]
            values = _prepared([row[1:] for row in chunk], converters)
            cursor.executemany(
                sql, [(*prepared, *extra, row[0]) for prepared, row in zip(values, chunk, strict=True)]
            )
    return len(rows)
