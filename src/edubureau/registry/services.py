"""Every write to the registry. Each records the change in the audit log and, for schools, in the
school's own history."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from edubureau.core.audit import record_create, record_update, snapshot
from edubureau.core.roles import Perm
from edubureau.registry.models import Area, School, SchoolHistory


def _history_summary(changes: dict[str, list[Any]]) -> str:
    labels = [str(School._meta.get_field(name.removesuffix("_id")).verbose_name) for name in changes]
    return "、".join(labels)[:200]


@transaction.atomic
def create_school(*, actor: Any, school: School) -> School:
    """Save a new, validated school (its county follows its township). Needs registry.add_school."""
    if not actor.has_perm(Perm.ADD_SCHOOL):
        raise PermissionDenied
    school.county_id = school.township.parent_id
    school.save()
    record_create(actor=actor, instance=school)
    SchoolHistory.objects.create(school=school, changed_by=actor, summary=str(_("created")), changes={})
    return school


@transaction.atomic
def update_school(*, actor: Any, school: School, before: dict[str, Any]) -> dict[str, list[Any]]:
    """Save a validated school whose state before the edit was `before` (a `snapshot`), recording
    the field-level changes. Needs registry.change_school and the school in the actor's scope."""
    if not School.objects.editable_by(actor).filter(pk=school.pk).exists():
        raise PermissionDenied
    school.county_id = school.township.parent_id
    school.save()
    changes = record_update(actor=actor, instance=school, before=before)
    if changes:
        SchoolHistory.objects.create(school=school, changed_by=actor, summary=_history_summary(changes), changes=changes)
    return changes


def school_snapshot(school: School) -> dict[str, Any]:
    return snapshot(school)


@transaction.atomic
def save_area(*, actor: Any, area: Area, before: dict[str, Any] | None) -> Area:
    """Create (before=None) or update an area of the tree. Needs registry.change_area."""
    if not actor.has_perm(Perm.CHANGE_AREA):
        raise PermissionDenied
    area.save()
    if before is None:
        record_create(actor=actor, instance=area)
    else:
        record_update(actor=actor, instance=area, before=before)
    return area

