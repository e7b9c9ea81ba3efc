"""`edubureau adduser USERNAME --role ROLE …`: create a user of any role from the command line.

The three administrators (系统、安全、审计管理员) are created only here, never in the pages
(三员分立): whoever runs this command has the server, not merely another administrator's account.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from edubureau.accounts.models import OrgUnit, SupervisionZone, User
from edubureau.accounts.services import USER_AUDIT_FIELDS
from edubureau.core.audit import record_change, snapshot
from edubureau.core.models import AuditAction
from edubureau.core.roles import Role

ACTOR_NAME = "edubureau adduser"


def _messages(error: ValidationError) -> str:
    return "\n".join(f"  - {message}" for message in error.messages)


def _lookup(model: type[OrgUnit] | type[SupervisionZone], pk: int | None, label: str) -> Any:
    if pk is None:
        return None
    found = model._default_manager.filter(pk=pk).first()
    if found is None:
        raise CommandError(f"没有编号为 {pk} 的{label}。")
    return found


def build_user(
    *, username: str, role: str, full_name: str, org_unit_pk: int | None, zone_pk: int | None
) -> User:
    """An unsaved, validated user (username free, role and organisation unit consistent)."""
    user = User(
        username=username,
        role=role,
        full_name=full_name,
        org_unit=_lookup(OrgUnit, org_unit_pk, "组织机构"),
        zone=_lookup(SupervisionZone, zone_pk, "督学责任区"),
    )
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise CommandError(f"不能创建用户 {username}：\n{_messages(error)}") from error
    return user


def read_password(password_file: Path | None) -> str:
    """The password: the first line of `password_file`, or typed twice at a hidden prompt."""
    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise CommandError(f"无法读取密码文件 {password_file}：{error.strerror}") from error
        password = lines[0] if lines else ""
    else:
        password = getpass.getpass("密码：")
        if password != getpass.getpass("再次输入密码："):
            raise CommandError("两次输入的密码不一致，未创建用户。")
    if not password:
        raise CommandError("密码不能为空，未创建用户。")
    return password


def check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise CommandError(f"密码不符合要求，未创建用户：\n{_messages(error)}") from error


@transaction.atomic
def create_user(user: User, password: str) -> User:
    """Save the user with a hashed password and record the creation in the audit log (without the
    password hash: the audit administrator reads the log)."""
    user.set_password(password)
    user.save()
    changes = {
        name: [None, value]
        for name, value in snapshot(user, USER_AUDIT_FIELDS).items()
        if value not in (None, "")
    }
    changes["password"] = [None, "***"]
    record_change(
        actor=None, action=AuditAction.CREATE, instance=user, changes=changes, actor_name=ACTOR_NAME
    )
    return user


class Command(BaseCommand):
    help = (
        "Create a user of any role, including the system, security and audit administrators, which "
        "the web pages refuse to create (三员分立)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--full-name", default="", help="full name (姓名)")
        parser.add_argument("--org-unit-id", type=int, help="pk of the user's organisation unit")
        parser.add_argument("--zone-id", type=int, help="pk of a supervisor's supervision zone")
        parser.add_argument(
            "--password-file", type=Path, help="read the password from the first line of this file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            user = build_user(
                username=options["username"],
                role=options["role"],
                full_name=options["full_name"],
                org_unit_pk=options["org_unit_id"],
                zone_pk=options["zone_id"],
            )
            password = read_password(options["password_file"])
            check_password(password, user)
            create_user(user, password)
            self.stdout.write(f"已创建用户 {user.username}（{Role(user.role).label}）。")
