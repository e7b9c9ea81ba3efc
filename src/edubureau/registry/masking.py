"""Children's and staff's ID numbers are sensitive personal information (PIPL): masked unless the
role needs them."""

from __future__ import annotations

from typing import Any

from edubureau.core.roles import Perm
from edubureau.lib.chinese_ids import mask_id


def mask_id_number(value: str | None) -> str:
    """110105********002X, G110105********002X: the middle of an ID or student number hidden."""
    return mask_id(value) if value else ""


def may_see_id_numbers(user: Any) -> bool:
    return bool(user.has_perm(Perm.VIEW_STUDENT_ID))
