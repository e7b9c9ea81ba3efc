"""The demo county's people, planned in memory: the bureau's organisation units, the supervision zones
(督学责任区) and one user for every role, plus a data clerk for every school."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from edubureau.accounts.choices import OrgUnitKind
from edubureau.core.roles import Role
from edubureau.demo import names
from edubureau.demo.plan import AreaSpec, CountyPlan, SchoolSpec, person_name
from edubureau.registry.choices import SchoolStatus

# Shared by every demo user: ≥ 10 characters, not all digits, contains no demo username.
DEMO_PASSWORD = "Demo@2026edu"  # noqa: S105 - printed for everyone on purpose: demo data only
ZONES = 5
ZONE_LETTERS = "abcdefghij"


@dataclass(eq=False)
class UnitSpec:
    """One planned organisation unit."""

    name: str
    kind: str
    parent: UnitSpec | None = None
    area: AreaSpec | None = None
    school: SchoolSpec | None = None
    pk: int | None = None


@dataclass(eq=False)
class ZoneSpec:
    """One planned supervision zone and its schools."""

    name: str
    schools: list[SchoolSpec]
    pk: int | None = None


@dataclass(eq=False)
class UserSpec:
    """One planned user."""

    username: str
    role: str
    full_name: str
    unit: UnitSpec | None = None
    zone: ZoneSpec | None = None
    is_active: bool = True


@dataclass(eq=False)
class OrgChart:
    """A county's units: the bureau, its sections, a central school per township, a unit per school."""

    bureau: UnitSpec
    sections: dict[str, UnitSpec] = field(default_factory=dict)
    townships: dict[str, UnitSpec] = field(default_factory=dict)
    schools: dict[str, UnitSpec] = field(default_factory=dict)

    def by_depth(self) -> list[list[UnitSpec]]:
        """The units in creation order: every parent in an earlier list than its children."""
        middle = list(self.sections.values()) + list(self.townships.values())
        return [[self.bureau], middle, list(self.schools.values())]


@dataclass(eq=False)
class CountyPeople:
    chart: OrgChart
    zones: list[ZoneSpec]
    users: list[UserSpec]


def plan_org_chart(county: CountyPlan) -> OrgChart:
    area = county.county
    chart = OrgChart(UnitSpec(f"{area.name}教育局", OrgUnitKind.BUREAU, area=area))
    for name in names.SECTION_NAMES:
        chart.sections[name] = UnitSpec(name, OrgUnitKind.SECTION, parent=chart.bureau, area=area)
    for township in county.townships:
        chart.townships[township.code] = UnitSpec(
            f"{township.name}中心校", OrgUnitKind.TOWNSHIP, parent=chart.bureau, area=township
        )
    for school in county.schools:
        parent = chart.bureau if school.is_county_direct else chart.townships[school.township.code]
        chart.schools[school.code] = UnitSpec(school.name, OrgUnitKind.SCHOOL, parent=parent, school=school)
    return chart


def plan_zones(county: CountyPlan) -> list[ZoneSpec]:
    """The townships in code order, cut into `ZONES` runs; each zone holds the open schools of its run."""
    townships = county.townships
    zones: list[ZoneSpec] = []
    for index in range(ZONES):
        run = townships[index * len(townships) // ZONES : (index + 1) * len(townships) // ZONES]
        schools = [
            school
            for school in county.schools
            if school.township in run and school.status == SchoolStatus.OPEN
        ]
        zones.append(ZoneSpec(f"{county.county.name}第{names.CHINESE_ORDINALS[index]}督学责任区", schools))
    return zones


def plan_bureau_users(
    rng: random.Random, chart: OrgChart, zones: list[ZoneSpec], suffix: str
) -> list[UserSpec]:
    """The leader, the basic-education section's staff member and one supervisor per zone."""
    users = [
        UserSpec(f"leader{suffix}", Role.LEADER, person_name(rng), chart.bureau),
        UserSpec(
            f"jijiao{suffix}",
            Role.SECTION_STAFF,
            person_name(rng),
            chart.sections[names.BASIC_EDUCATION_SECTION],
        ),
    ]
    supervision = chart.sections[names.SUPERVISION_SECTION]
    for index, zone in enumerate(zones):
        base = "dudao" if index == 0 else f"dudao_{ZONE_LETTERS[index]}"
        users.append(UserSpec(f"{base}{suffix}", Role.SUPERVISOR, person_name(rng), supervision, zone))
    return users


def plan_school_users(rng: random.Random, county: CountyPlan, chart: OrgChart, suffix: str) -> list[UserSpec]:
    """A central-school user per township, the key school's admin and clerk, and a clerk per school
    (inactive for merged and suspended schools)."""
    users: list[UserSpec] = []
    for township in county.townships:
        username = f"zhongxin{suffix}" if township is county.first_town else f"zx_{township.code}"
        users.append(
            UserSpec(username, Role.TOWNSHIP_SCHOOL, person_name(rng), chart.townships[township.code])
        )
    if county.key_school is not None:
        key_unit = chart.schools[county.key_school.code]
        users.append(UserSpec(f"xiaozhang{suffix}", Role.SCHOOL_ADMIN, county.key_school.principal, key_unit))
        users.append(UserSpec(f"tianbao{suffix}", Role.SCHOOL_CLERK, person_name(rng), key_unit))
    for school in county.schools:
        users.append(
            UserSpec(
                f"clerk_{school.code}",
                Role.SCHOOL_CLERK,
                person_name(rng),
                chart.schools[school.code],
                is_active=school.status == SchoolStatus.OPEN,
            )
        )
    return users


def plan_people(seed: int, county: CountyPlan) -> CountyPeople:
    """Units, zones and users of one county. The role logins of counties after the first end in the
    county's number (`leader2`; no base name ends in a digit, so they never collide); township and
    clerk logins carry the township's or school's code."""
    rng = random.Random(f"{seed}-people-{county.number}")
    suffix = "" if county.number == 1 else str(county.number)
    chart = plan_org_chart(county)
    zones = plan_zones(county)
    users = plan_bureau_users(rng, chart, zones, suffix) + plan_school_users(rng, county, chart, suffix)
    return CountyPeople(chart, zones, users)


def plan_administrators(seed: int, unit: UnitSpec | None) -> list[UserSpec]:
    """The three administrators (三员分立), one set for the whole installation."""
    rng = random.Random(f"{seed}-administrators")
    return [
        UserSpec("sysadmin", Role.SYSTEM_ADMIN, person_name(rng), unit),
        UserSpec("secadmin", Role.SECURITY_ADMIN, person_name(rng), unit),
        UserSpec("auditor", Role.AUDIT_ADMIN, person_name(rng), unit),
    ]
