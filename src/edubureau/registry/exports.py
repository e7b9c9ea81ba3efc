"""The columns of the school list export (the same shape a later import will read)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from edubureau.registry.models import School


@dataclass(frozen=True)
class Column:
    header: str | Promise
    value: Callable[[School], Any]
    is_text: bool = False


SCHOOL_COLUMNS: tuple[Column, ...] = (
    Column(_("school identification code"), lambda s: s.code, is_text=True),
    Column(_("school name"), lambda s: s.name),
    Column(_("school type code"), lambda s: s.school_type, is_text=True),
    Column(_("school type"), lambda s: s.get_school_type_display()),
    Column(_("ownership"), lambda s: s.get_ownership_display()),
    Column(_("urban-rural code"), lambda s: s.urban_rural, is_text=True),
    Column(_("township"), lambda s: s.township.name),
    Column(_("address"), lambda s: s.address),
    Column(_("principal"), lambda s: s.principal),
    Column(_("phone"), lambda s: s.phone, is_text=True),
    Column(_("boarding school"), lambda s: str(_("Yes")) if s.is_boarding else str(_("No"))),
    Column(
        _("demonstration level"),
        lambda s: s.get_demonstration_level_display() if s.demonstration_level else "",
    ),
    Column(_("parent school"), lambda s: s.parent.name if s.parent else ""),
    Column(_("counted as a school"), lambda s: str(_("Yes")) if s.is_counted_as_school else str(_("No"))),
    Column(_("status"), lambda s: s.get_status_display()),
    Column(_("status date"), lambda s: s.status_date.isoformat() if s.status_date else ""),
    Column(_("merged into"), lambda s: s.merged_into.name if s.merged_into else ""),
)


def school_export_rows(schools: QuerySet[School]) -> Iterator[list[Any]]:
    related = schools.select_related("township", "parent", "merged_into")
    for school in related.iterator(chunk_size=2000):
        yield [column.value(school) for column in SCHOOL_COLUMNS]


def school_export_headers() -> list[str]:
    return [str(column.header) for column in SCHOOL_COLUMNS]


def school_text_columns() -> list[int]:
    return [index for index, column in enumerate(SCHOOL_COLUMNS) if column.is_text]
