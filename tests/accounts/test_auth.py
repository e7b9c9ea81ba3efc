from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from edubureau.accounts.models import User
from edubureau.core.models import AuditAction, ChangeLog
from edubureau.core.roles import Role
from tests.factories import PASSWORD


def _post_login(client, username: str, password: str):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.8"
    )


def test_login_page_is_chinese(db, client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "登录" in page and "用户名" in page and "密码" in page


def test_a_user_logs_in_and_out_and_both_are_recorded(personas, client):
    response = _post_login(client, "leader", PASSWORD)
    assert response.status_code == 302
    client.post(reverse("accounts:logout"), REMOTE_ADDR="10.0.0.8")
    actions = list(ChangeLog.objects.filter(actor_name="leader").values_list("action", "ip_address"))
    assert (AuditAction.LOGIN, "10.0.0.8") in actions
    assert (AuditAction.LOGOUT, "10.0.0.8") in actions


def test_a_wrong_password_gives_a_chinese_message_and_is_recorded(personas, client):
    response = _post_login(client, "leader", "wrong-password-1")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert ChangeLog.objects.filter(action=AuditAction.LOGIN_FAILED, actor_name="leader").count() == 1


def test_five_failures_lock_the_account_with_a_chinese_message(personas, client):
    for _attempt in range(5):
        _post_login(client, "leader", "wrong-password-1")
    locked = _post_login(client, "leader", PASSWORD)
    assert locked.status_code == 403
    assert "锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_concerns_one_account_only(personas, client):
    for _attempt in range(6):
        _post_login(client, "leader", "wrong-password-1")
    assert _post_login(client, "jijiao", PASSWORD).status_code == 302


def test_the_security_admin_unlocks_a_locked_account(personas, client, login):
    for _attempt in range(6):
        _post_login(client, "leader", "wrong-password-1")
    security = login(personas["security_admin"])
    listing = security.get(reverse("accounts:lockout_list")).content.decode()
    assert "leader" in listing
    security.post(reverse("accounts:lockout_clear"), {"username": "leader"})
    client.logout()
    assert _post_login(client, "leader", PASSWORD).status_code == 302


def test_only_the_security_admin_may_unlock(personas, login):
    response = login(personas["system_admin"]).post(reverse("accounts:lockout_clear"), {"username": "leader"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("password", "fragment"),
    [("Ab1-short", "10"), ("1234567890123", "数字"), ("leader-2026-pass", "用户名")],
)
def test_password_rules_refuse_weak_passwords_in_chinese(db, password, fragment):
    user = User(username="leader", role=Role.LEADER)
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert any(fragment in message for message in error.value.messages)


def test_a_good_password_passes(db):
    validate_password("Qingshan-2026!", User(username="leader", role=Role.LEADER))


def test_sessions_expire_after_30_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_a_user_changes_their_own_password(personas, login):
    client = login(personas["school_a_clerk"])
    response = client.post(
        reverse("accounts:profile"),
        {"current_password": PASSWORD, "password1": "Xinmima-2026!", "password2": "Xinmima-2026!"},
    )
    assert response.status_code == 302
    personas["school_a_clerk"].refresh_from_db()
    assert personas["school_a_clerk"].check_password("Xinmima-2026!")


def test_a_weak_new_password_is_refused_and_nothing_changes(personas, login):
    client = login(personas["school_a_clerk"])
    response = client.post(
        reverse("accounts:profile"),
        {"current_password": PASSWORD, "password1": "12345678901", "password2": "12345678901"},
    )
    assert response.status_code == 200
    personas["school_a_clerk"].refresh_from_db()
    assert personas["school_a_clerk"].check_password(PASSWORD)


def test_the_system_admin_cannot_open_the_audit_log(personas, login):
    client = login(personas["system_admin"])
    assert client.get(reverse("audit:changelog_list")).status_code == 403
    assert client.get(reverse("audit:login_list")).status_code == 403


def test_the_audit_admin_reads_a_school_edit_in_the_audit_log(personas, login):
    from tests.factories import school_form_data

    school = personas.county.school_b
    login(personas["section_staff"]).post(
        reverse("registry:school_edit", args=[school.pk]), school_form_data(school, principal="赵校长")
    )
    page = login(personas["audit_admin"]).get(reverse("audit:changelog_list")).content.decode()
    assert "赵校长" in page and "南河乡中心小学" in page and "jijiao" in page


def test_the_audit_log_cannot_be_changed_or_deleted(personas):
    entry = ChangeLog.objects.create(action=AuditAction.LOGIN, actor_name="x")
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        ChangeLog.objects.all().delete()
    with pytest.raises(PermissionError):
        ChangeLog.objects.update(actor_name="y")
    assert ChangeLog.objects.filter(actor_name="x").count() == 1


def test_audit_pages_offer_no_way_to_write(personas, login):
    client = login(personas["audit_admin"])
    response = client.post(reverse("audit:changelog_list"), {"action": "delete"})
    assert response.status_code in {403, 405} or ChangeLog.objects.exists()
    assert (
        '<form method="post"'
        not in client.get(reverse("audit:changelog_list")).content.decode().split("<main")[1]
    )
