"""Exporting an entity's rows in its template's columns, so that an export re-imports unchanged.

Sensitive columns are masked unless the user holds the spec's `sensitive_permission`; every export is
recorded in the audit log, with whether it was unmasked.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any

from django.db.models import QuerySet

from edubureau.core.audit import record_change
from edubureau.core.models import AuditAction
from edubureau.imports.spec import Column, ImportSpec
from edubureau.lib.excel import write_xlsx

EXPORT_CHUNK = 2000


def _mask(column: Column, value: Any) -> Any:
    if column.mask is not None:
        return column.mask(value)
    text = "" if value is None else str(value)
    return text[:2] + "*" * max(0, len(text) - 4) + text[-2:] if len(text) > 4 else "*" * len(text)


def may_see_sensitive(spec: ImportSpec, user: Any) -> bool:
    return not spec.sensitive_permission or bool(user.has_perm(spec.sensitive_permission))


def _getter(column: Column, *, unmasked: bool) -> Callable[[Any], Any]:
    if column.make_export is not None:
        export = column.make_export()
    else:
        export = column.export or operator.attrgetter(column.key)
    if not column.is_sensitive or unmasked:
        return export

    def masked(obj: Any) -> Any:
        return _mask(column, export(obj))

    return masked


def export_rows(spec: ImportSpec, queryset: QuerySet[Any], *, unmasked: bool) -> Iterator[list[Any]]:
    """One list of cell values per object, in the spec's column order, streamed from the database."""
    getters = [_getter(column, unmasked=unmasked) for column in spec.columns]
    for obj in queryset.iterator(chunk_size=EXPORT_CHUNK):
        yield [get(obj) for get in getters]


def text_columns(spec: ImportSpec) -> list[int]:
    return [index for index, column in enumerate(spec.columns) if column.is_text]


def export_to_file(
    spec: ImportSpec, *, actor: Any, params: Mapping[str, str], description: str = ""
) -> IO[bytes]:
    """The user's rows of `spec` (narrowed by `params`) as an .xlsx temporary file, rewound; audited.
    Needs the spec's export permission (the caller's view or command checks it)."""
    queryset = spec.export_queryset(actor, params)
    unmasked = may_see_sensitive(spec, actor) and any(column.is_sensitive for column in spec.columns)
    handle = write_xlsx(
        spec.headers(),
        export_rows(spec, queryset, unmasked=may_see_sensitive(spec, actor)),
        sheet_name=str(spec.sheet_name or spec.label),
        text_columns=text_columns(spec),
    )
    record_change(
        actor=actor,
        action=AuditAction.EXPORT,
        object_repr=f"{spec.label} {description}".strip(),
        changes={"unmasked": [None, unmasked]} if unmasked else {},
    )
    return handle
