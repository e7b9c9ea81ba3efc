"""Every write to the registry. Each records the change in the audit log and, for schools, in the
school's own history."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edubureau.core.audit import record_create, record_update
from edubureau.core.roles import Perm
from edubureau.registry.models import Area, School, SchoolHistory


def _history_summary(changes: dict[str, list[Any]]) -> str:
    fields = (School._meta.get_field(name.removesuffix("_id")) for name in changes)
    labels = [str(getattr(field, "verbose_name", field.name)) for field in fields]
    return "、".join(labels)[:200]


def _set_county(school: School) -> None:
    """A school's county is its township's parent (kept on the school for one-join county filters)."""
    county = school.township.parent
    if county is None:
        raise ValidationError(
            _("The township “%(name)s” belongs to no county.") % {"name": school.township.name}
        )
    school.county = county


@transaction.atomic
def create_school(*, actor: Any, school: School) -> School:
    """Save a new, validated school (its county follows its township). Needs registry.add_school."""
    if not actor.has_perm(Perm.ADD_SCHOOL):
        raise PermissionDenied
    _set_county(school)
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
    _set_county(school)
    school.save()
    changes = record_update(actor=actor, instance=school, before=before)
    if changes:
        SchoolHistory.objects.create(
            school=school, changed_by=actor, summary=_history_summary(changes), changes=changes
        )
    return changes


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
