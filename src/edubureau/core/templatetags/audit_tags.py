"""Showing field-level changes ({field: [before, after]}) with the fields' own names, not identifiers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models

register = template.Library()


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: Any
    after: Any


def field_label(model: type[models.Model] | None, name: str) -> str:
    """The verbose name of `name` (an attribute name such as `township_id`) on `model`, else `name`."""
    if model is None:
        return name
    try:
        field = model._meta.get_field(name.removesuffix("_id"))
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


@register.filter
def change_rows(changes: dict[str, list[Any]], model: Any = None) -> list[ChangeRow]:
    """Rows to show for a change set; `model` is a model class, a ContentType or a model instance."""
    if model is not None and hasattr(model, "model_class"):
        model = model.model_class()
    elif model is not None and not isinstance(model, type):
        model = type(model)
    return [ChangeRow(field_label(model, name), *pair) for name, pair in (changes or {}).items()]
