"""Roles and what each may do (function permissions).

Data scope (which schools) is a separate question, answered by `core.scoping`; the two are never merged.
The role vocabulary lives here, below every app, because scope and menus need it everywhere.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")
    LEADER = "leader", _("Bureau leader")
    SECTION_STAFF = "section_staff", _("Section staff")
    SUPERVISOR = "supervisor", _("Supervisor")
    TOWNSHIP_SCHOOL = "township_school", _("Township central school")
    SCHOOL_ADMIN = "school_admin", _("School administrator")
    SCHOOL_CLERK = "school_clerk", _("School data clerk")


class Perm:
    """Function permission codes, checked through `user.has_perm`."""

    VIEW_AREA = "registry.view_area"
    CHANGE_AREA = "registry.change_area"
    VIEW_SCHOOL = "registry.view_school"
    ADD_SCHOOL = "registry.add_school"
    CHANGE_SCHOOL = "registry.change_school"
    EXPORT_SCHOOL = "registry.export_school"
    VIEW_STUDENT = "registry.view_student"
    CHANGE_STUDENT = "registry.change_student"
    VIEW_STUDENT_ID = "registry.view_student_id_number"
    VIEW_TEACHER = "registry.view_teacher"
    CHANGE_TEACHER = "registry.change_teacher"
    MANAGE_USERS = "accounts.manage_users"
    UNLOCK_USERS = "accounts.unlock_users"
    VIEW_SECURITY_EVENTS = "accounts.view_security_events"
    VIEW_AUDIT_LOG = "core.view_changelog"


_READ_REGISTRY = {Perm.VIEW_AREA, Perm.VIEW_SCHOOL, Perm.EXPORT_SCHOOL, Perm.VIEW_STUDENT, Perm.VIEW_TEACHER}
# Who keeps rosters: the bureau's registry section and each school's own users. Full ID numbers are
# shown only to them (PIPL: sensitive personal information); everyone else sees them masked.
_KEEP_ROSTERS = {Perm.CHANGE_STUDENT, Perm.CHANGE_TEACHER, Perm.VIEW_STUDENT_ID}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset({Perm.MANAGE_USERS, Perm.VIEW_AREA, Perm.CHANGE_AREA, Perm.VIEW_SCHOOL}),
    Role.SECURITY_ADMIN: frozenset({Perm.UNLOCK_USERS, Perm.VIEW_SECURITY_EVENTS}),
    Role.AUDIT_ADMIN: frozenset({Perm.VIEW_AUDIT_LOG, Perm.VIEW_SECURITY_EVENTS}),
    Role.LEADER: frozenset(_READ_REGISTRY),
    Role.SECTION_STAFF: frozenset(
        _READ_REGISTRY | _KEEP_ROSTERS | {Perm.ADD_SCHOOL, Perm.CHANGE_SCHOOL, Perm.CHANGE_AREA}
    ),
    Role.SUPERVISOR: frozenset(_READ_REGISTRY),
    Role.TOWNSHIP_SCHOOL: frozenset(_READ_REGISTRY),
    Role.SCHOOL_ADMIN: frozenset(_READ_REGISTRY | _KEEP_ROSTERS | {Perm.CHANGE_SCHOOL}),
    Role.SCHOOL_CLERK: frozenset(_READ_REGISTRY | _KEEP_ROSTERS | {Perm.CHANGE_SCHOOL}),
}


def permissions_of(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())
