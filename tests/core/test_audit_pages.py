from __future__ import annotations

from django.urls import reverse

from edubureau.core.audit import record_change
from edubureau.core.models import AuditAction, ChangeLog


def test_the_audit_log_filters_by_user_and_action(personas, login):
    record_change(actor=personas["leader"], action=AuditAction.EXPORT, object_repr="学校名单")
    record_change(actor=personas["section_staff"], action=AuditAction.UPDATE, object_repr="北关镇中心小学")
    client = login(personas["audit_admin"])
    page = client.get(reverse("audit:changelog_list"), {"actor_name": "jijiao"}).context["page"]
    assert [entry.object_repr for entry in page] == ["北关镇中心小学"]
    page = client.get(reverse("audit:changelog_list"), {"action": "export"}).context["page"]
    assert [entry.actor_name for entry in page] == ["leader"]


def test_login_records_are_not_mixed_into_the_change_log(personas, login, client):
    client.post(reverse("accounts:login"), {"username": "leader", "password": "wrong-one-123"})
    auditor = login(personas["audit_admin"])
    assert not list(auditor.get(reverse("audit:changelog_list")).context["page"])
    logins = list(auditor.get(reverse("audit:login_list")).context["page"])
    assert [(entry.action, entry.actor_name) for entry in logins][-1] == ("login_failed", "leader")


def test_audit_pages_run_a_constant_number_of_queries(personas, login, count_queries):
    client = login(personas["audit_admin"])
    url = reverse("audit:changelog_list")
    record_change(actor=personas["leader"], action=AuditAction.UPDATE, instance=personas.county.school_a)
    few = count_queries(lambda: client.get(url))
    for _number in range(30):
        record_change(actor=personas["leader"], action=AuditAction.UPDATE, instance=personas.county.school_b)
    assert count_queries(lambda: client.get(url)) == few


def test_each_role_gets_its_home_page(personas, login):
    leader_home = login(personas["leader"]).get(reverse("reports:home")).context["summary"]
    clerk_home = login(personas["school_a_clerk"]).get(reverse("reports:home")).context["summary"]
    auditor_home = login(personas["audit_admin"]).get(reverse("reports:home")).context["summary"]
    assert leader_home.school_total == 4
    assert [school.name for school in clerk_home.own_schools] == ["北关镇中心小学"]
    assert auditor_home.school_total == 0 and auditor_home.audit_today is not None


def test_the_menu_shows_only_what_the_role_may_open(personas, login):
    menu = login(personas["school_a_clerk"]).get(reverse("reports:home")).context["menu"]
    labels = [str(item["url"]) for group in menu for item in group["items"]]
    assert reverse("registry:school_list") in labels
    assert reverse("accounts:user_list") not in labels
    assert reverse("audit:changelog_list") not in labels


def test_the_audit_log_never_holds_a_password_hash(personas, login):
    admin = login(personas["system_admin"])
    admin.post(
        reverse("accounts:user_create"),
        {
            "username": "new_clerk",
            "role": "school_clerk",
            "org_unit": personas["school_a_clerk"].org_unit_id,
            "is_active": "on",
            "password1": "Xinzhanghao-2026",
            "password2": "Xinzhanghao-2026",
        },
    )
    entry = ChangeLog.objects.get(action=AuditAction.CREATE, object_repr="new_clerk")
    assert "password" not in entry.changes
    assert "pbkdf2" not in str(entry.changes) and "md5$" not in str(entry.changes)


def test_the_audit_log_holds_id_numbers_masked(personas):
    from tests import factories

    pupil = factories.make_student(school=personas.county.school_a)
    entry = record_change(
        actor=personas["section_staff"],
        action=AuditAction.UPDATE,
        instance=pupil,
        changes={"id_number": [None, pupil.id_number], "name": ["甲", "乙"]},
    )
    assert entry.changes["id_number"] == [None, pupil.id_number[:6] + "********" + pupil.id_number[-4:]]
    assert entry.changes["name"] == ["甲", "乙"]
