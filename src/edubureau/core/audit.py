"""Recording business changes in the audit log. Services call these explicitly (signals miss
`update()` and `bulk_create`)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from edubureau.core.models import AuditAction, ChangeLog
from edubureau.lib.chinese_ids import mask_id


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None


current_request: ContextVar[RequestContext | None] = ContextVar("edubureau_request", default=None)

FieldChanges = dict[str, list[Any]]
SECRET_FIELDS = frozenset({"password"})
MASKED_FIELDS = frozenset({"id_number", "student_number"})


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value (foreign keys by pk, dates as ISO strings)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `instance`, by attribute name (`township_id`, not `township`).
    Automatic timestamps are left out (they change on every save and say nothing), and so are secrets
    such as password hashes, which must never reach the log."""
    names = fields or [
        field.attname
        for field in instance._meta.concrete_fields
        if not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False)
    ]
    return {name: _plain(getattr(instance, name)) for name in names if name not in SECRET_FIELDS}


def _loggable(changes: FieldChanges) -> FieldChanges:
    """What the log may hold of a change set: secrets never, ID numbers masked (the audit
    administrator reads the log and may not see children's full ID numbers)."""
    safe: FieldChanges = {}
    for name, pair in changes.items():
        if name in SECRET_FIELDS:
            safe[name] = ["***", "***"]
        elif name in MASKED_FIELDS:
            safe[name] = [mask_id(str(value)) if value else value for value in pair]
        else:
            safe[name] = pair
    return safe


def diff(before: dict[str, Any], after: dict[str, Any]) -> FieldChanges:
    """Field-level differences: {field: [before, after]} for the fields whose value changed."""
    keys = before.keys() | after.keys()
    return {
        key: [before.get(key), after.get(key)] for key in sorted(keys) if before.get(key) != after.get(key)
    }


def record_change(
    *,
    actor: Any,
    action: str,
    instance: models.Model | None = None,
    changes: FieldChanges | None = None,
    batch: Any = None,
    object_repr: str = "",
    actor_name: str = "",
) -> ChangeLog:
    """Append one entry to the audit log, with the address of the current request if there is one."""
    context = current_request.get()
    actor_pk = getattr(actor, "pk", None)
    return ChangeLog.objects.create(
        actor_id=actor_pk,
        actor_name=(actor_name or getattr(actor, "username", "") or "")[:150],
        ip_address=context.ip_address if context else None,
        action=action,
        content_type=ContentType.objects.get_for_model(instance) if instance is not None else None,
        object_pk=str(instance.pk) if instance is not None else "",
        object_repr=(object_repr or str(instance or ""))[:255],
        changes=_loggable(changes or {}),
        batch=batch,
    )


def record_create(*, actor: Any, instance: models.Model) -> ChangeLog:
    after = snapshot(instance)
    changes = {key: [None, value] for key, value in after.items() if value not in (None, "")}
    return record_change(actor=actor, action=AuditAction.CREATE, instance=instance, changes=changes)


def record_update(*, actor: Any, instance: models.Model, before: dict[str, Any]) -> FieldChanges:
    """Record the fields that changed since `before` (a `snapshot`); nothing if none did."""
    changes = diff(before, snapshot(instance, before.keys()))
    if changes:
        record_change(actor=actor, action=AuditAction.UPDATE, instance=instance, changes=changes)
    return changes


def record_delete(*, actor: Any, instance: models.Model) -> ChangeLog:
    before = snapshot(instance)
    changes = {key: [value, None] for key, value in before.items() if value not in (None, "")}
    return record_change(actor=actor, action=AuditAction.DELETE, instance=instance, changes=changes)
