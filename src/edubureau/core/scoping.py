"""Data scope: which schools and areas a user may see. Computed here and nowhere else.

Every scoped QuerySet has `visible_to(user)`, built on `restrict()`; single rows are fetched with
`get_visible_or_404()`, which answers the same 404 for "missing" and "not yours".

The user is read by duck typing (role, org unit, supervision zone) so that core imports no app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.db import models
from django.db.models import Q
from django.http import Http404

from edubureau.core.roles import Role

COUNTY_WIDE_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.LEADER, Role.SECTION_STAFF})
SCHOOL_ROLES = frozenset({Role.SCHOOL_ADMIN, Role.SCHOOL_CLERK})


@dataclass(frozen=True)
class Scope:
    """What one user may see: everything, or the schools in `school_ids` plus every school of the
    areas in `area_ids` (a township, or a county for county staff when several counties share one
    installation)."""

    everything: bool = False
    area_ids: frozenset[int] = frozenset()
    school_ids: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.area_ids and not self.school_ids


class ScopedUser(Protocol):
    is_authenticated: bool
    is_active: bool
    role: str

    def scope_facts(self) -> tuple[int | None, int | None, list[int]]:
        """(area pk of the user's county or township, school pk, supervision-zone school pks)."""
        ...


def scope_for(user: Any) -> Scope:
    """The user's data scope, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return Scope()
    cached: Scope | None = getattr(user, "_edubureau_scope", None)
    if cached is None:
        cached = _compute_scope(user)
        user._edubureau_scope = cached
    return cached


def _compute_scope(user: ScopedUser) -> Scope:
    area_pk, school_pk, zone_school_pks = user.scope_facts()
    if user.role in COUNTY_WIDE_ROLES:
        # County staff of a multi-county installation see their county; without one, everything.
        return Scope(area_ids=frozenset({area_pk})) if area_pk else Scope(everything=True)
    if user.role == Role.TOWNSHIP_SCHOOL and area_pk:
        return Scope(area_ids=frozenset({area_pk}))
    if user.role == Role.SUPERVISOR:
        return Scope(school_ids=frozenset(zone_school_pks))
    if user.role in SCHOOL_ROLES and school_pk:
        return Scope(school_ids=frozenset({school_pk}))
    return Scope()


_Q = TypeVar("_Q", bound=models.QuerySet[Any])


def restrict(queryset: _Q, user: Any, *, school_path: str, area_paths: tuple[str, ...]) -> _Q:
    """Narrow `queryset` to the user's scope. `school_path` leads from the row to a school pk,
    `area_paths` to the area pks a row belongs to (township, county)."""
    scope = scope_for(user)
    if scope.everything:
        return queryset
    if scope.is_empty:
        return queryset.none()
    condition = Q()
    if scope.school_ids:
        condition |= Q(**{f"{school_path}__in": sorted(scope.school_ids)})
    for path in area_paths if scope.area_ids else ():
        condition |= Q(**{f"{path}__in": sorted(scope.area_ids)})
    return queryset.filter(condition)


def get_visible_or_404(queryset: Any, user: Any, **lookup: Any) -> Any:
    """One row of a scoped queryset, or the same 404 whether it is missing or out of scope."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
