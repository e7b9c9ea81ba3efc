from __future__ import annotations

from typing import Any

from django import template

from edubureau.registry.masking import mask_id_number

register = template.Library()


@register.filter
def masked(value: str | None) -> str:
    """An ID or student number with its middle hidden (110105********002X)."""
    return mask_id_number(value)


@register.filter
def birth(value: Any, full: bool) -> str:
    """A birth date in full for roster keepers, else the year only: the masked part of an ID number
    is the birth date, so showing it beside the mask would undo the mask."""
    if not value:
        return ""
    return value.isoformat() if full else str(value.year)
