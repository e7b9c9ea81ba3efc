"""Every write to accounts: users, organisation units, supervision zones, lockouts. All audited."""

from __future__ import annotations

from typing import Any

from axes.utils import reset
from django.core.exceptions import PermissionDenied
from django.db import transaction
from rest_framework.authtoken.models import Token

from edubureau.accounts.models import OrgUnit, SupervisionZone, User
from edubureau.core.audit import diff, record_change, record_create, record_update, snapshot
from edubureau.core.models import AuditAction
from edubureau.core.roles import Perm, Role

# 三员分立: the three administrators are created from the command line (`edubureau adduser`), never
# by one another in the pages, so that no one of them can grant themselves another's powers.
ADMINISTRATOR_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
USER_AUDIT_FIELDS = ("username", "full_name", "phone", "role", "org_unit_id", "zone_id", "is_active")


def _require(actor: Any, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied


@transaction.atomic
def save_user(*, actor: Any, user: User, password: str | None = None) -> User:
    """Create or update a (validated) business user; a new user needs `password`. Needs
    accounts.manage_users; administrator roles are refused."""
    _require(actor, Perm.MANAGE_USERS)
    if user.role in ADMINISTRATOR_ROLES:
        raise PermissionDenied
    is_new = user.pk is None
    before = {} if is_new else snapshot(User.objects.get(pk=user.pk), USER_AUDIT_FIELDS)
    if password:
        user.set_password(password)
    user.save()
    if is_new:
        record_create(actor=actor, instance=user)
    elif record_update(actor=actor, instance=user, before=before):
        revoke_tokens(user)  # a token must not outlive a change of role, unit, zone or activity
    return user


def revoke_tokens(user: User) -> None:
    """Invalidate the user's API token (after a password reset or a change of what they may do)."""
    Token.objects.filter(user=user).delete()


@transaction.atomic
def reset_password(*, actor: Any, user: User, password: str) -> None:
    """Set a new (validated) password for a business user. Needs accounts.manage_users."""
    _require(actor, Perm.MANAGE_USERS)
    if user.role in ADMINISTRATOR_ROLES:
        raise PermissionDenied
    user.set_password(password)
    user.save(update_fields=["password"])
    revoke_tokens(user)
    record_change(actor=actor, action=AuditAction.UPDATE, instance=user, changes={"password": ["***", "***"]})


@transaction.atomic
def change_own_password(*, user: User, password: str) -> None:
    """A signed-in user sets their own (validated) password."""
    user.set_password(password)
    user.save(update_fields=["password"])
    revoke_tokens(user)
    record_change(actor=user, action=AuditAction.UPDATE, instance=user, changes={"password": ["***", "***"]})


@transaction.atomic
def save_org_unit(*, actor: Any, unit: OrgUnit) -> OrgUnit:
    """Create or update an organisation unit. Needs accounts.manage_users."""
    _require(actor, Perm.MANAGE_USERS)
    before = None if unit.pk is None else snapshot(OrgUnit.objects.get(pk=unit.pk))
    unit.save()
    if before is None:
        record_create(actor=actor, instance=unit)
    else:
        record_update(actor=actor, instance=unit, before=before)
    return unit


@transaction.atomic
def save_zone(*, actor: Any, zone: SupervisionZone, school_pks: list[int]) -> SupervisionZone:
    """Create or update a supervision zone and its schools. Needs accounts.manage_users."""
    _require(actor, Perm.MANAGE_USERS)
    is_new = zone.pk is None
    before_schools = [] if is_new else sorted(zone.schools.values_list("pk", flat=True))
    before = {} if is_new else snapshot(SupervisionZone.objects.get(pk=zone.pk))
    zone.save()
    zone.schools.set(school_pks)
    changes = diff(before, snapshot(zone))
    if before_schools != sorted(school_pks):
        changes["schools"] = [before_schools, sorted(school_pks)]
    if changes:
        action = AuditAction.CREATE if is_new else AuditAction.UPDATE
        record_change(actor=actor, action=action, instance=zone, changes=changes)
    return zone


@transaction.atomic
def unlock_user(*, actor: Any, user: User) -> int:
    """Clear the failed-login record of `user`, lifting a lockout. Needs accounts.unlock_users."""
    _require(actor, Perm.UNLOCK_USERS)
    cleared = int(reset(username=user.username))
    record_change(
        actor=actor, action=AuditAction.UPDATE, instance=user, changes={"lockout": ["locked", "unlocked"]}
    )
    return cleared
