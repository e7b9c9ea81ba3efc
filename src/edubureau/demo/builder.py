"""Loading the demo county (演示数据): planned in memory from one seed, then written with bulk inserts
in one transaction. Later issues add their data here, after the schools and users exist.

The rosters (classes, pupils, teachers and three school years of their history) are the bulk of it;
`roster_fraction` shrinks every class to that fraction of its size (0 leaves the rosters out), so
that tests can load a small county quickly."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from edubureau.accounts.models import OrgUnit, SupervisionZone, User
from edubureau.demo.identity import IdAllocator
from edubureau.demo.people import (
    DEMO_PASSWORD,
    CountyPeople,
    UnitSpec,
    UserSpec,
    ZoneSpec,
    plan_administrators,
    plan_people,
)
from edubureau.demo.plan import AreaSpec, CountyPlan, SchoolSpec, plan_counties
from edubureau.demo.records import CountyRoster
from edubureau.demo.roster_writer import write_rosters
from edubureau.demo.rosters import plan_rosters
from edubureau.registry.models import Area, School

DEFAULT_SEED = 2026
MAX_SCALE = 99  # county codes 349901…349999 under the one demo city


@dataclass(eq=False)
class DemoPlan:
    """Everything the demo loads, before it is written."""

    seed: int
    scale: int
    city: AreaSpec
    counties: list[CountyPlan]
    people: list[CountyPeople]
    administrators: list[UserSpec]
    rosters: list[CountyRoster] = field(default_factory=list)

    def areas_by_level(self) -> list[list[AreaSpec]]:
        return [
            [self.city],
            [county.county for county in self.counties],
            [township for county in self.counties for township in county.townships],
        ]

    @property
    def schools(self) -> list[SchoolSpec]:
        return [school for county in self.counties for school in county.schools]

    @property
    def zones(self) -> list[ZoneSpec]:
        return [zone for people in self.people for zone in people.zones]

    @property
    def users(self) -> list[UserSpec]:
        return self.administrators + [user for people in self.people for user in people.users]

    def plan_rosters(self, fraction: float) -> Iterator[CountyRoster]:
        """Each county's rosters in turn, at `fraction` of their size; one allocator of ID numbers
        for them all, so that no two people share one."""
        ids = IdAllocator()
        for county in self.counties:
            yield plan_rosters(self.seed, county, ids, fraction)


def build_plan(*, scale: int = 1, seed: int = DEFAULT_SEED, roster_fraction: float = 1.0) -> DemoPlan:
    """The demo for `scale` counties. With one county the administrators belong to its bureau; with
    several they belong to no unit and see the whole installation. Each county gets its rosters at
    `roster_fraction` of their full size (none at 0)."""
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"scale must be between 1 and {MAX_SCALE}")
    if not 0 <= roster_fraction <= 1:
        raise ValueError("roster_fraction must be between 0 and 1")
    city, counties = plan_counties(seed, scale)
    people = [plan_people(seed, county) for county in counties]
    admin_unit = people[0].chart.bureau if scale == 1 else None
    plan = DemoPlan(seed, scale, city, counties, people, plan_administrators(seed, admin_unit))
    if roster_fraction:
        plan.rosters = list(plan.plan_rosters(roster_fraction))
    return plan


@transaction.atomic
def load_demo(*, scale: int = 1, seed: int = DEFAULT_SEED, roster_fraction: float = 1.0) -> DemoPlan:
    """Write the demo into an empty database. Demo rows are not audited one by one: they are not
    anyone's business change. The rosters are planned and written one county at a time (a county's
    take ~100 MB in memory) and not kept in the plan returned."""
    if not 0 <= roster_fraction <= 1:
        raise ValueError("roster_fraction must be between 0 and 1")
    plan = build_plan(scale=scale, seed=seed, roster_fraction=0)
    write_areas(plan)
    write_schools(plan)
    write_org_units(plan)
    write_zones(plan)
    write_users(plan)
    for roster in plan.plan_rosters(roster_fraction) if roster_fraction else ():
        write_rosters([roster])
    return plan


class _Spec(Protocol):
    pk: int | None


_S = TypeVar("_S", bound=_Spec)
_M = TypeVar("_M", bound=models.Model)


def _insert(model: type[_M], specs: Sequence[_S], build: Callable[[_S], _M]) -> None:
    """Bulk-insert one row per spec and give each spec its row's pk (for the rows that refer to it)."""
    created = model._default_manager.bulk_create([build(spec) for spec in specs])
    for spec, row in zip(specs, created, strict=True):
        spec.pk = row.pk


def _pk(spec: _Spec | None) -> int | None:
    return spec.pk if spec is not None else None


def _written_pk(spec: _Spec | None) -> int:
    """The pk of a row that must already be written (a school's township and county)."""
    if spec is None or spec.pk is None:
        raise RuntimeError("demo rows written out of order")
    return spec.pk


def write_areas(plan: DemoPlan) -> None:
    for level in plan.areas_by_level():
        _insert(
            Area,
            level,
            lambda area: Area(code=area.code, name=area.name, level=area.level, parent_id=_pk(area.parent)),
        )


def _school_row(spec: SchoolSpec) -> School:
    return School(
        code=spec.code,
        name=spec.name,
        school_type=spec.school_type,
        ownership=spec.ownership,
        urban_rural=spec.urban_rural,
        township_id=_written_pk(spec.township),
        county_id=_written_pk(spec.township.parent),
        address=spec.address,
        principal=spec.principal,
        phone=spec.phone,
        is_boarding=spec.is_boarding,
        demonstration_level=spec.demonstration_level,
        parent_id=_pk(spec.parent),
        is_counted_as_school=spec.is_counted_as_school,
        status=spec.status,
        status_date=spec.status_date,
        merged_into_id=_pk(spec.merged_into),
    )


def write_schools(plan: DemoPlan) -> None:
    """Schools that point at no other school first, then teaching points and merged schools."""
    schools = plan.schools
    independent = [school for school in schools if school.parent is None and school.merged_into is None]
    dependent = [school for school in schools if school.parent is not None or school.merged_into is not None]
    _insert(School, independent, _school_row)
    _insert(School, dependent, _school_row)


def _unit_row(spec: UnitSpec) -> OrgUnit:
    return OrgUnit(
        name=spec.name,
        kind=spec.kind,
        parent_id=_pk(spec.parent),
        area_id=_pk(spec.area),
        school_id=_pk(spec.school),
    )


def write_org_units(plan: DemoPlan) -> None:
    for depth in range(3):
        _insert(
            OrgUnit, [unit for people in plan.people for unit in people.chart.by_depth()[depth]], _unit_row
        )


def write_zones(plan: DemoPlan) -> None:
    zones = plan.zones
    _insert(SupervisionZone, zones, lambda zone: SupervisionZone(name=zone.name))
    through = SupervisionZone.schools.through
    through.objects.bulk_create(
        [
            through(supervisionzone_id=zone.pk, school_id=school.pk)
            for zone in zones
            for school in zone.schools
        ]
    )


def write_users(plan: DemoPlan) -> None:
    """All demo users share one password, hashed once (hashing thousands one by one takes minutes)."""
    password = make_password(DEMO_PASSWORD)
    User.objects.bulk_create(
        [
            User(
                username=user.username,
                password=password,
                role=user.role,
                full_name=user.full_name,
                org_unit_id=_pk(user.unit),
                zone_id=_pk(user.zone),
                is_active=user.is_active,
            )
            for user in plan.users
        ]
    )
