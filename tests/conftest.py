"""Personas: one small county, and one user for every role.

The county has two townships. North has school A (with its teaching point A1) and school C; South
has school B. The supervisor's zone holds school B only; the township central school is North's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import settings as hypothesis_settings

from edubureau.accounts.choices import OrgUnitKind
from edubureau.accounts.models import User
from edubureau.core.roles import Role
from edubureau.registry.choices import SchoolType
from edubureau.registry.models import Area, School
from tests import factories


@dataclass
class County:
    county: Area
    north: Area
    south: Area
    school_a: School
    site_a1: School
    school_b: School
    school_c: School


@dataclass
class Personas:
    county: County
    users: dict[str, User]

    def __getitem__(self, name: str) -> User:
        return self.users[name]


# Timing is no test condition here: the machines are shared and noisy, so Hypothesis's per-example
# deadline would make property tests flaky. Speed is measured by `edubureau bench`.
hypothesis_settings.register_profile("edubureau", deadline=None)
hypothesis_settings.load_profile("edubureau")

PERSONA_NAMES = (
    "system_admin",
    "security_admin",
    "audit_admin",
    "leader",
    "section_staff",
    "supervisor",
    "township_school",
    "school_a_admin",
    "school_a_clerk",
    "school_b_clerk",
)


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    # One cache per test: the file cache of the settings would be shared by the parallel workers.
    settings.CACHES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    }
    cache.clear()


@pytest.fixture
def county(db: None) -> County:
    county = factories.make_county("示范县")
    north = factories.make_township(county, "北关镇")
    south = factories.make_township(county, "南河乡")
    school_a = factories.make_school(township=north, name="北关镇中心小学", code="2133000001")
    site_a1 = factories.make_school(
        township=north,
        name="北关镇李庄教学点",
        code="2133000002",
        school_type=SchoolType.PRIMARY_TEACHING_POINT,
        parent=school_a,
    )
    school_b = factories.make_school(township=south, name="南河乡中心小学", code="2133000003")
    school_c = factories.make_school(
        township=north, name="北关镇初级中学", code="2133000004", school_type=SchoolType.JUNIOR_HIGH
    )
    return County(county, north, south, school_a, site_a1, school_b, school_c)


@pytest.fixture
def personas(county: County) -> Personas:
    bureau = factories.make_org_unit(kind=OrgUnitKind.BUREAU, name="示范县教育局")
    section = factories.make_org_unit(kind=OrgUnitKind.SECTION, name="基础教育股", parent=bureau)
    north_unit = factories.make_org_unit(kind=OrgUnitKind.TOWNSHIP, name="北关镇中心校", area=county.north)
    unit_a = factories.make_school_unit(county.school_a)
    unit_b = factories.make_school_unit(county.school_b)
    zone = factories.make_zone(county.school_b, name="第二责任区")
    make = factories.make_user
    users = {
        "system_admin": make(role=Role.SYSTEM_ADMIN, username="sysadmin", org_unit=bureau),
        "security_admin": make(role=Role.SECURITY_ADMIN, username="secadmin", org_unit=bureau),
        "audit_admin": make(role=Role.AUDIT_ADMIN, username="auditor", org_unit=bureau),
        "leader": make(role=Role.LEADER, username="leader", org_unit=bureau),
        "section_staff": make(role=Role.SECTION_STAFF, username="jijiao", org_unit=section),
        "supervisor": make(role=Role.SUPERVISOR, username="dudao", org_unit=bureau, zone=zone),
        "township_school": make(role=Role.TOWNSHIP_SCHOOL, username="beiguan", org_unit=north_unit),
        "school_a_admin": make(role=Role.SCHOOL_ADMIN, username="school_a_admin", org_unit=unit_a),
        "school_a_clerk": make(role=Role.SCHOOL_CLERK, username="school_a_clerk", org_unit=unit_a),
        "school_b_clerk": make(role=Role.SCHOOL_CLERK, username="school_b_clerk", org_unit=unit_b),
    }
    return Personas(county, users)


@pytest.fixture
def count_queries():  # type: ignore[no-untyped-def]
    """Run a callable and return how many database queries it made."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def _count(action) -> int:  # type: ignore[no-untyped-def]
        with CaptureQueriesContext(connection) as context:
            action()
        return len(context.captured_queries)

    return _count


@pytest.fixture
def login(client: Client):  # type: ignore[no-untyped-def]
    """Log the test client in as a user (or stay anonymous with None) and return it."""

    def _login(user: User | None) -> Client:
        client.logout()
        if user is not None:
            client.force_login(user, backend="edubureau.accounts.backends.RoleBackend")
        return client

    return _login
