from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from edubureau.accounts.models import User
from edubureau.core.models import AuditAction, ChangeLog
from edubureau.core.roles import Role
from tests import factories

STRONG_PASSWORD = "Audit-pass-2026"


def _password_file(tmp_path, password: str):
    path = tmp_path / "password.txt"
    path.write_text(password + "\n", encoding="utf-8")
    return path


def _adduser(*args) -> str:
    out = StringIO()
    call_command("adduser", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def test_adduser_creates_an_audit_admin_from_a_password_file_and_audits_it(db, tmp_path):
    output = _adduser(
        "auditor2",
        "--role",
        Role.AUDIT_ADMIN,
        "--full-name",
        "审计员",
        "--password-file",
        _password_file(tmp_path, STRONG_PASSWORD),
    )
    user = User.objects.get(username="auditor2")
    assert user.role == Role.AUDIT_ADMIN and user.full_name == "审计员"
    assert user.check_password(STRONG_PASSWORD)
    assert "已创建用户 auditor2" in output
    entry = ChangeLog.objects.get(action=AuditAction.CREATE, object_pk=str(user.pk))
    assert entry.actor_id is None
    assert entry.changes["username"] == [None, "auditor2"]
    assert entry.changes["role"] == [None, Role.AUDIT_ADMIN]
    assert user.password not in str(entry.changes)


def test_adduser_refuses_a_weak_password_in_chinese_and_creates_nothing(db, tmp_path):
    with pytest.raises(CommandError, match="密码不符合要求") as refused:
        _adduser(
            "secadmin2", "--role", Role.SECURITY_ADMIN, "--password-file", _password_file(tmp_path, "abc123")
        )
    assert "太常见" in str(refused.value)  # Django's own Chinese message, listed under ours
    assert not User.objects.filter(username="secadmin2").exists()
    assert not ChangeLog.objects.exists()


def test_adduser_prompts_twice_and_refuses_passwords_that_differ(db, monkeypatch):
    answers = iter([STRONG_PASSWORD, "Another-pass-2026"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="不一致"):
        _adduser("sysadmin2", "--role", Role.SYSTEM_ADMIN)
    assert not User.objects.filter(username="sysadmin2").exists()


def test_adduser_takes_a_typed_password_for_a_system_admin(db, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": STRONG_PASSWORD)
    _adduser("sysadmin2", "--role", Role.SYSTEM_ADMIN)
    assert User.objects.get(username="sysadmin2").check_password(STRONG_PASSWORD)


def test_adduser_creates_a_school_clerk_in_a_school_unit(county, tmp_path):
    unit = factories.make_school_unit(county.school_a)
    _adduser(
        "clerk_a",
        "--role",
        Role.SCHOOL_CLERK,
        "--org-unit-id",
        unit.pk,
        "--password-file",
        _password_file(tmp_path, STRONG_PASSWORD),
    )
    assert User.objects.get(username="clerk_a").org_unit == unit


def test_adduser_refuses_a_school_role_without_a_school_unit(db, tmp_path):
    with pytest.raises(CommandError, match="不能创建用户"):
        _adduser(
            "clerk_x",
            "--role",
            Role.SCHOOL_CLERK,
            "--password-file",
            _password_file(tmp_path, STRONG_PASSWORD),
        )
    assert not User.objects.exists()


def test_adduser_refuses_an_unknown_org_unit(db, tmp_path):
    with pytest.raises(CommandError, match="没有编号为 999 的组织机构"):
        _adduser(
            "clerk_x",
            "--role",
            Role.SCHOOL_CLERK,
            "--org-unit-id",
            999,
            "--password-file",
            _password_file(tmp_path, STRONG_PASSWORD),
        )


def test_adduser_refuses_a_username_that_exists(personas, tmp_path):
    with pytest.raises(CommandError, match="不能创建用户 leader"):
        _adduser(
            "leader", "--role", Role.AUDIT_ADMIN, "--password-file", _password_file(tmp_path, STRONG_PASSWORD)
        )
    assert User.objects.get(username="leader").role == Role.LEADER
