from __future__ import annotations

import pytest
from django.urls import reverse

from edubureau.accounts.models import SupervisionZone, User
from edubureau.core.models import AuditAction, ChangeLog
from edubureau.core.roles import Role
from tests import factories


def _new_user_data(personas, **changes):
    data = {
        "username": "wang_clerk",
        "full_name": "王填报",
        "phone": "",
        "role": Role.SCHOOL_CLERK,
        "org_unit": personas["school_a_clerk"].org_unit.pk,
        "zone": "",
        "is_active": "on",
        "password1": "Tianbao-2026!",
        "password2": "Tianbao-2026!",
    }
    data.update(changes)
    return data


def test_the_system_admin_creates_a_school_clerk_who_then_sees_only_that_school(personas, login, client):
    admin = login(personas["system_admin"])
    response = admin.post(reverse("accounts:user_create"), _new_user_data(personas))
    assert response.status_code == 302
    user = User.objects.get(username="wang_clerk")
    assert user.check_password("Tianbao-2026!")
    assert ChangeLog.objects.filter(
        action=AuditAction.CREATE, object_pk=str(user.pk), actor_name="sysadmin"
    ).exists()
    schools = login(user).get(reverse("registry:school_list")).context["page"]
    assert [school.name for school in schools] == ["北关镇中心小学"]


def test_a_weak_password_for_a_new_user_is_refused_and_nothing_is_created(personas, login):
    admin = login(personas["system_admin"])
    response = admin.post(
        reverse("accounts:user_create"),
        _new_user_data(personas, password1="12345678901", password2="12345678901"),
    )
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.filter(username="wang_clerk").exists()


def test_a_school_role_without_a_school_unit_is_refused(personas, login):
    admin = login(personas["system_admin"])
    data = _new_user_data(personas, org_unit=personas["leader"].org_unit.pk)
    response = admin.post(reverse("accounts:user_create"), data)
    assert "org_unit" in response.context["form"].errors
    assert not User.objects.filter(username="wang_clerk").exists()


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_the_system_admin_cannot_create_an_administrator(personas, login, role):
    admin = login(personas["system_admin"])
    admin.post(reverse("accounts:user_create"), _new_user_data(personas, role=role, org_unit=""))
    assert not User.objects.filter(username="wang_clerk").exists()


@pytest.mark.parametrize("target", ["audit_admin", "security_admin", "system_admin"])
def test_the_system_admin_cannot_edit_or_reset_an_administrator(personas, login, target):
    admin = login(personas["system_admin"])
    user = personas[target]
    assert admin.get(reverse("accounts:user_edit", args=[user.pk])).status_code == 403
    response = admin.post(
        reverse("accounts:user_password", args=[user.pk]),
        {"password1": "Hijack-pass-2026", "password2": "Hijack-pass-2026"},
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.check_password(factories.PASSWORD)


def test_the_system_admin_deactivates_a_user_and_the_change_is_audited(personas, login):
    admin = login(personas["system_admin"])
    clerk = personas["school_b_clerk"]
    data = {
        "username": clerk.username,
        "full_name": "",
        "phone": "",
        "role": clerk.role,
        "org_unit": clerk.org_unit_id,
        "zone": "",
    }
    assert admin.post(reverse("accounts:user_edit", args=[clerk.pk]), data).status_code == 302
    clerk.refresh_from_db()
    assert clerk.is_active is False
    entry = ChangeLog.objects.get(action=AuditAction.UPDATE, object_pk=str(clerk.pk))
    assert entry.changes == {"is_active": [True, False]}


def test_the_system_admin_resets_a_password(personas, login):
    admin = login(personas["system_admin"])
    clerk = personas["school_b_clerk"]
    response = admin.post(
        reverse("accounts:user_password", args=[clerk.pk]),
        {"password1": "Chongzhi-2026!", "password2": "Chongzhi-2026!"},
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password("Chongzhi-2026!")


def test_a_supervisor_zone_is_edited_and_the_supervisor_scope_follows(personas, login):
    admin = login(personas["system_admin"])
    zone = SupervisionZone.objects.get(name="第二责任区")
    county = personas.county
    response = admin.post(
        reverse("accounts:zone_edit", args=[zone.pk]),
        {"name": "第二责任区", "schools": [county.school_b.pk, county.school_c.pk]},
    )
    assert response.status_code == 302
    entry = ChangeLog.objects.get(action=AuditAction.UPDATE, object_pk=str(zone.pk))
    assert entry.changes["schools"] == [
        [county.school_b.pk],
        sorted([county.school_b.pk, county.school_c.pk]),
    ]
    supervisor = User.objects.get(pk=personas["supervisor"].pk)
    names = {s.name for s in login(supervisor).get(reverse("registry:school_list")).context["page"]}
    assert names == {"南河乡中心小学", "北关镇初级中学"}


def test_an_org_unit_of_kind_school_must_name_its_school(personas, login):
    admin = login(personas["system_admin"])
    response = admin.post(reverse("accounts:orgunit_create"), {"name": "某校", "kind": "school"})
    assert response.status_code == 200
    assert "school" in response.context["form"].errors


def test_an_api_token_is_issued_on_the_profile_page(personas, login):
    client = login(personas["leader"])
    client.post(reverse("accounts:token_regenerate"))
    page = client.get(reverse("accounts:profile")).content.decode()
    from rest_framework.authtoken.models import Token

    assert Token.objects.get(user=personas["leader"]).key in page


@pytest.mark.parametrize("url_name", ["accounts:user_list", "accounts:orgunit_list", "accounts:zone_list"])
def test_account_lists_run_a_constant_number_of_queries(personas, login, count_queries, url_name):
    client = login(personas["system_admin"])
    url = reverse(url_name)
    few = count_queries(lambda: client.get(url))
    for number in range(15):
        school = factories.make_school(township=personas.county.south, name=f"南河乡第{number}小学")
        unit = factories.make_school_unit(school)
        zone = factories.make_zone(school)
        factories.make_user(role=Role.SCHOOL_CLERK, org_unit=unit)
        factories.make_user(role=Role.SUPERVISOR, org_unit=personas["leader"].org_unit, zone=zone)
    assert count_queries(lambda: client.get(url)) == few
