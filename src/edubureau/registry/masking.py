"""Children's and staff's ID numbers are sensitive personal information (PIPL): masked unless the
role needs them."""

from __future__ import annotations

from typing import Any

from edubureau.core.roles import Perm


def mask_id_number(value: str | None) -> str:
    """110105********002X: the first six and last four characters of an ID or student number."""
    if not value:
        return ""
    if len(value) <= 10:
        return value[:2] + "*" * max(len(value) - 2, 0)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def may_see_id_numbers(user: Any) -> bool:
    return bool(user.has_perm(Perm.VIEW_STUDENT_ID))
