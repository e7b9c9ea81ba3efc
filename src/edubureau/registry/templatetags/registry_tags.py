from __future__ import annotations

from django import template

from edubureau.registry.masking import mask_id_number

register = template.Library()


@register.filter
def masked(value: str | None) -> str:
    """An ID or student number with its middle hidden (110105********002X)."""
    return mask_id_number(value)
