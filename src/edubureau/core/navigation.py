"""The left menu, by role: each entry names the URL and the function permission it needs."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from edubureau.core.roles import Perm


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    permission: str | None = None
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class MenuGroup:
    label: str | Promise
    items: tuple[MenuItem, ...]


MENU: tuple[MenuGroup, ...] = (
    MenuGroup(_("Workbench"), (MenuItem(_("Home"), "reports:home"),)),
    MenuGroup(
        _("Registry"),
        (
            MenuItem(_("Schools"), "registry:school_list", Perm.VIEW_SCHOOL),
            MenuItem(_("Import schools"), "imports:upload", Perm.CHANGE_SCHOOL, args=("schools",)),
            MenuItem(_("Classes"), "registry:class_list", Perm.VIEW_STUDENT),
            MenuItem(_("Students"), "registry:student_list", Perm.VIEW_STUDENT),
            MenuItem(_("Dropout follow-up"), "registry:dropout_list", Perm.VIEW_STUDENT),
            MenuItem(_("Teachers and staff"), "registry:teacher_list", Perm.VIEW_TEACHER),
            MenuItem(_("Administrative areas"), "registry:area_list", Perm.VIEW_AREA),
        ),
    ),
    MenuGroup(
        _("System administration"),
        (
            MenuItem(_("Users"), "accounts:user_list", Perm.MANAGE_USERS),
            MenuItem(_("Organisation units"), "accounts:orgunit_list", Perm.MANAGE_USERS),
            MenuItem(_("Supervision zones"), "accounts:zone_list", Perm.MANAGE_USERS),
        ),
    ),
    MenuGroup(
        _("Security"),
        (
            MenuItem(_("Locked accounts"), "accounts:lockout_list", Perm.UNLOCK_USERS),
            MenuItem(_("Login records"), "audit:login_list", Perm.VIEW_SECURITY_EVENTS),
            MenuItem(_("Audit log"), "audit:changelog_list", Perm.VIEW_AUDIT_LOG),
        ),
    ),
    MenuGroup(
        _("Personal"),
        (
            MenuItem(_("My account"), "accounts:profile"),
            MenuItem(_("API documentation"), "api-docs"),
        ),
    ),
)
