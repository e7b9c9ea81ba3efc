"""The school list export: the columns of the school import template (registry/imports_specs.py), so
that an exported list re-imports unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from edubureau.imports.exporting import export_rows, text_columns
from edubureau.registry.imports_specs import SCHOOLS
from edubureau.registry.models import School


def school_export_rows(schools: QuerySet[School]) -> Iterator[list[Any]]:
    related = schools.select_related("township", "parent", "merged_into")
    return export_rows(SCHOOLS, related, unmasked=True)


def school_export_headers() -> list[str]:
    return SCHOOLS.headers()


def school_text_columns() -> list[int]:
    return text_columns(SCHOOLS)
