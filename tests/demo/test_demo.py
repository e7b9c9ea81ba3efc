from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse

from edubureau.accounts.choices import OrgUnitKind
from edubureau.accounts.models import OrgUnit, SupervisionZone, User
from edubureau.core.roles import Role
from edubureau.demo.builder import build_plan
from edubureau.demo.people import DEMO_PASSWORD
from edubureau.registry.choices import AreaLevel, Ownership, SchoolStatus, SchoolType
from edubureau.registry.choices_people import StudentStatus
from edubureau.registry.models import Area, School, Student, Teacher

LOGINS = {
    "sysadmin": Role.SYSTEM_ADMIN,
    "secadmin": Role.SECURITY_ADMIN,
    "auditor": Role.AUDIT_ADMIN,
    "leader": Role.LEADER,
    "jijiao": Role.SECTION_STAFF,
    "dudao": Role.SUPERVISOR,
    "zhongxin": Role.TOWNSHIP_SCHOOL,
    "xiaozhang": Role.SCHOOL_ADMIN,
    "tianbao": Role.SCHOOL_CLERK,
}


def _run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db) -> str:
    """The demo without rosters: schools and users only (the rosters have their own tests)."""
    return _run_demo("--no-rosters")


def _count(school_types) -> int:
    return School.objects.filter(school_type__in=school_types).count()


def test_demo_creates_one_county_of_the_size_the_issue_names(demo):
    county = Area.objects.get(level=AreaLevel.COUNTY)
    assert county.parent.level == AreaLevel.CITY
    assert 13 <= county.children.count() <= 17
    assert 20 <= _count(["111"]) <= 30
    assert School.objects.filter(school_type="111", ownership=Ownership.PRIVATE).count() >= 3
    assert 90 <= _count(["211"]) <= 110
    assert 35 <= _count(["218"]) <= 45
    assert 12 <= _count(["311", "312"]) <= 18
    assert _count(["312"]) >= 2
    assert _count(["341", "342"]) == 3
    assert _count(["341"]) == 1
    assert _count(["365"]) == 1
    assert _count(["513", "519"]) == 1


def test_every_school_belongs_to_the_county_of_its_township(demo):
    schools = School.objects.select_related("township")
    assert all(school.county_id == school.township.parent_id for school in schools)
    assert all(school.township.level == AreaLevel.TOWNSHIP for school in schools)
    assert all(len(school.code) == 10 and school.code.isdigit() for school in schools)


def test_township_codes_extend_their_county_code(demo):
    county = Area.objects.get(level=AreaLevel.COUNTY)
    codes = list(county.children.values_list("code", flat=True))
    assert all(len(code) == 9 and code.startswith(county.code) for code in codes)
    assert any(name.endswith("街道") for name in county.children.values_list("name", flat=True))


def test_teaching_points_hang_under_an_open_primary_of_their_township(demo):
    points = School.objects.filter(school_type=SchoolType.PRIMARY_TEACHING_POINT).select_related("parent")
    assert points.exists()
    for point in points:
        assert point.parent.school_type == SchoolType.PRIMARY
        assert point.parent.township_id == point.township_id
        assert point.parent.status == SchoolStatus.OPEN
        assert point.is_counted_as_school is False


def test_merged_and_suspended_schools_carry_their_date_and_successor(demo):
    merged = School.objects.filter(status=SchoolStatus.MERGED).select_related("merged_into")
    suspended = School.objects.filter(status=SchoolStatus.SUSPENDED)
    assert merged.count() >= 1 and suspended.count() >= 1
    assert all(school.status_date is not None for school in [*merged, *suspended])
    assert all(school.merged_into.status == SchoolStatus.OPEN for school in merged)


def test_there_is_one_login_per_role_and_each_satisfies_the_role_rules(demo):
    users = User.objects.select_related("org_unit").in_bulk(list(LOGINS), field_name="username")
    assert {name: user.role for name, user in users.items()} == LOGINS
    for user in users.values():
        user.clean()
    assert users["xiaozhang"].org_unit == users["tianbao"].org_unit
    assert users["xiaozhang"].org_unit.school.township == users["zhongxin"].org_unit.area


def test_every_role_logs_in_with_the_printed_password(demo, client):
    for username in LOGINS:
        assert username in demo
        response = client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        client.post(reverse("accounts:logout"))


def test_the_output_is_a_chinese_login_table_with_counts(demo):
    assert all(word in demo for word in ("角色", "用户名", "密码", "说明", DEMO_PASSWORD))
    assert "学校 185 所" in demo
    assert "访问 http://127.0.0.1:8000" in demo


def test_every_school_has_a_clerk_active_while_it_is_open(demo):
    clerks = User.objects.filter(username__startswith="clerk_", role=Role.SCHOOL_CLERK).select_related(
        "org_unit__school"
    )
    by_school = {clerk.org_unit.school.code: clerk for clerk in clerks}
    schools = School.objects.all()
    assert set(by_school) == {school.code for school in schools}
    assert all(by_school[school.code].is_active == (school.status == SchoolStatus.OPEN) for school in schools)
    assert all(clerk.username == f"clerk_{code}" for code, clerk in by_school.items())


def test_the_org_chart_has_a_bureau_sections_townships_and_schools(demo):
    kinds = dict(OrgUnit.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    assert kinds[OrgUnitKind.BUREAU] == 1
    assert kinds[OrgUnitKind.SECTION] >= 5
    assert kinds[OrgUnitKind.TOWNSHIP] == Area.objects.filter(level=AreaLevel.TOWNSHIP).count()
    assert kinds[OrgUnitKind.SCHOOL] == School.objects.count()
    for unit in OrgUnit.objects.select_related("area"):
        unit.clean()


def test_supervision_zones_split_the_open_schools_each_with_a_supervisor(demo):
    zones = SupervisionZone.objects.annotate(n=Count("supervisors")).order_by("pk")
    assert len(zones) == 5
    assert all(zone.n == 1 for zone in zones)
    zoned = list(SupervisionZone.schools.through.objects.values_list("school_id", flat=True))
    assert sorted(zoned) == sorted(
        School.objects.filter(status=SchoolStatus.OPEN).values_list("pk", flat=True)
    )


def test_the_demo_logins_see_their_own_scope(demo):
    zhongxin = User.objects.get(username="zhongxin")
    tianbao = User.objects.get(username="tianbao")
    township = zhongxin.org_unit.area
    assert set(School.objects.visible_to(zhongxin)) == set(School.objects.filter(township=township))
    assert list(School.objects.visible_to(tianbao)) == [tianbao.org_unit.school]


def test_the_same_seed_plans_the_same_county_and_another_seed_another():
    def schools(seed: int) -> list[tuple[str, str, str]]:
        return [(s.code, s.name, s.principal) for s in build_plan(seed=seed, roster_fraction=0).schools]

    def usernames(seed: int) -> list[tuple[str, str]]:
        return [(u.username, u.full_name) for u in build_plan(seed=seed, roster_fraction=0).users]

    assert schools(2026) == schools(2026)
    assert usernames(2026) == usernames(2026)
    assert schools(2026) != schools(7)


def test_the_database_holds_exactly_the_plan(demo):
    planned = [(school.code, school.name) for school in build_plan(roster_fraction=0).schools]
    assert sorted(planned) == list(School.objects.order_by("code").values_list("code", "name"))


def test_the_first_county_is_the_same_at_any_scale():
    one, three = build_plan(scale=1, roster_fraction=0), build_plan(scale=3, roster_fraction=0)
    assert [s.code for s in one.counties[0].schools] == [s.code for s in three.counties[0].schools]


def test_if_empty_loads_nothing_the_second_time_but_prints_the_logins(demo):
    counts = (Area.objects.count(), School.objects.count(), User.objects.count())
    output = _run_demo("--if-empty")
    assert (Area.objects.count(), School.objects.count(), User.objects.count()) == counts
    assert "已有数据" in output
    assert "sysadmin" in output and DEMO_PASSWORD in output


def test_demo_refuses_a_database_that_has_areas_without_if_empty(demo):
    schools = School.objects.count()
    with pytest.raises(CommandError, match="已有"):
        _run_demo()
    assert School.objects.count() == schools


def test_scale_two_makes_two_counties_with_their_own_codes_and_logins(db):
    _run_demo("--scale", "2", "--no-rosters")
    counties = list(Area.objects.filter(level=AreaLevel.COUNTY).order_by("code"))
    assert len(counties) == 2
    assert len({county.code for county in counties}) == 2 and len({county.name for county in counties}) == 2
    first, second = (
        set(School.objects.filter(county=county).values_list("code", flat=True)) for county in counties
    )
    assert len(first) == len(second) == School.objects.count() // 2
    assert (
        User.objects.filter(username__in=["leader", "leader2", "zhongxin2", "xiaozhang2", "dudao2"]).count()
        == 5
    )
    leader2 = User.objects.get(username="leader2")
    assert set(School.objects.visible_to(leader2)) == set(School.objects.filter(county=counties[1]))


def test_an_out_of_range_scale_is_refused_in_chinese(db):
    with pytest.raises(CommandError, match="--scale"):
        _run_demo("--scale", "0")
    assert not Area.objects.exists()


def test_an_out_of_range_roster_fraction_is_refused_in_chinese(db):
    with pytest.raises(CommandError, match="--roster-fraction"):
        _run_demo("--roster-fraction", "2")
    assert not Area.objects.exists()


def test_without_rosters_there_are_no_pupils_or_teachers_and_no_roster_lines(demo):
    assert not Student.objects.exists() and not Teacher.objects.exists()
    assert "在读" not in demo


def test_with_rosters_the_output_counts_pupils_classes_staff_and_dropouts(db):
    output = _run_demo("--roster-fraction", "0.02")
    assert all(word in output for word in ("学生：在读", "班级：", "教职工：在职", "控辍保学"))
    in_school = Student.objects.filter(status=StudentStatus.IN_SCHOOL).count()
    assert f"在读 {in_school} 人" in output
