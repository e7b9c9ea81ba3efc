"""The demo county's areas and schools, planned in memory from one seeded random generator.

Nothing here touches the database: the same seed gives the same plan, which `builder` then writes.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from edubureau.demo import names
from edubureau.registry.choices import (
    AreaLevel,
    DemonstrationLevel,
    Ownership,
    SchoolStatus,
    SchoolType,
    UrbanRural,
)

STREETS, TOWNS, RURAL_TOWNSHIPS = 2, 9, 4
PRIVATE_KINDERGARTENS_URBAN, PRIVATE_KINDERGARTENS_TOWN = 5, 3
STREET_VILLAGE_PRIMARIES = 2  # per street, on the urban fringe
RURAL_VILLAGE_PRIMARIES = 78  # spread over the towns and townships
TEACHING_POINTS = 40
NINE_YEAR_SCHOOLS = 3
VILLAGES_PER_TOWNSHIP = 30

# The county-direct (县直) schools of the county seat: name suffix, type, demonstration level.
COUNTY_DIRECT_SCHOOLS: tuple[tuple[str, str, str], ...] = (
    ("第一中学", SchoolType.COMPLETE_SECONDARY, DemonstrationLevel.PROVINCE),
    ("高级中学", SchoolType.SENIOR_HIGH, DemonstrationLevel.CITY),
    ("第二高级中学", SchoolType.SENIOR_HIGH, DemonstrationLevel.NONE),
    ("职业教育中心", SchoolType.VOCATIONAL_HIGH, DemonstrationLevel.NONE),
    ("特殊教育学校", SchoolType.SPECIAL_OTHER, DemonstrationLevel.NONE),
    ("实验中学", SchoolType.JUNIOR_HIGH, DemonstrationLevel.COUNTY),
    ("第二中学", SchoolType.JUNIOR_HIGH, DemonstrationLevel.NONE),
    ("实验小学", SchoolType.PRIMARY, DemonstrationLevel.CITY),
    ("第二实验小学", SchoolType.PRIMARY, DemonstrationLevel.COUNTY),
    ("第一小学", SchoolType.PRIMARY, DemonstrationLevel.NONE),
    ("第二小学", SchoolType.PRIMARY, DemonstrationLevel.NONE),
    ("第三小学", SchoolType.PRIMARY, DemonstrationLevel.NONE),
    ("实验幼儿园", SchoolType.KINDERGARTEN, DemonstrationLevel.PROVINCE),
    ("机关幼儿园", SchoolType.KINDERGARTEN, DemonstrationLevel.CITY),
)
BOARDING_TYPES = frozenset(
    {
        SchoolType.COMPLETE_SECONDARY,
        SchoolType.SENIOR_HIGH,
        SchoolType.VOCATIONAL_HIGH,
        SchoolType.SPECIAL_OTHER,
        SchoolType.NINE_YEAR,
    }
)
MERGED_DATES = (dt.date(2023, 8, 31), dt.date(2024, 8, 31))
SUSPENDED_DATE = dt.date(2024, 7, 15)


@dataclass(eq=False)
class AreaSpec:
    """One planned area (行政区划)."""

    code: str
    name: str
    level: str
    parent: AreaSpec | None = None
    pk: int | None = None

    @property
    def is_street(self) -> bool:
        return self.name.endswith("街道")


@dataclass(eq=False)
class SchoolSpec:
    """One planned school; `code` is given once the whole county is planned."""

    name: str
    school_type: str
    township: AreaSpec
    urban_rural: str
    address: str
    principal: str
    phone: str
    ownership: str = Ownership.PUBLIC
    is_county_direct: bool = False
    is_boarding: bool = False
    demonstration_level: str = DemonstrationLevel.NONE
    parent: SchoolSpec | None = None
    is_counted_as_school: bool = True
    status: str = SchoolStatus.OPEN
    status_date: dt.date | None = None
    merged_into: SchoolSpec | None = None
    code: str = ""
    pk: int | None = None


@dataclass(eq=False)
class CountyPlan:
    """One county: its townships (街道 first, then 镇, then 乡) and its schools."""

    number: int
    county: AreaSpec
    townships: list[AreaSpec]
    schools: list[SchoolSpec] = field(default_factory=list)
    # The central primary school of the first town: where the school logins work.
    key_school: SchoolSpec | None = None

    @property
    def first_town(self) -> AreaSpec:
        return self.townships[STREETS]


def person_name(rng: random.Random) -> str:
    """A plausible Chinese full name: a surname and one or two given-name characters."""
    given = "".join(rng.choice(names.GIVEN_NAME_CHARACTERS) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(names.SURNAMES) + given


def spread(rng: random.Random, total: int, buckets: int, *, minimum: int = 1) -> list[int]:
    """`total` split over `buckets`, unevenly but never below `minimum` (when the total allows)."""
    counts = [total // buckets + (1 if i < total % buckets else 0) for i in range(buckets)]
    for _ in range(buckets * 2):
        giver, taker = rng.sample(range(buckets), 2)
        if counts[giver] > minimum:
            counts[giver] -= 1
            counts[taker] += 1
    return counts


def plan_townships(rng: random.Random, county: AreaSpec) -> list[AreaSpec]:
    """The county seat's 街道 (codes 001…), then the 镇 (101…) and the 乡 (201…)."""
    streets = rng.sample(names.STREET_NAMES, STREETS)
    rural = rng.sample(names.TOWN_NAMES, TOWNS + RURAL_TOWNSHIPS)
    townships = [
        AreaSpec(f"{county.code}{i + 1:03d}", name, AreaLevel.TOWNSHIP, county)
        for i, name in enumerate(streets)
    ]
    townships += [
        AreaSpec(f"{county.code}{101 + i:03d}", f"{name}镇", AreaLevel.TOWNSHIP, county)
        for i, name in enumerate(rural[:TOWNS])
    ]
    townships += [
        AreaSpec(f"{county.code}{201 + i:03d}", f"{name}乡", AreaLevel.TOWNSHIP, county)
        for i, name in enumerate(rural[TOWNS:])
    ]
    return townships


class CountyPlanner:
    """Plans one county's schools in a fixed order, drawing every choice from `rng`."""

    def __init__(self, rng: random.Random, number: int, county: AreaSpec) -> None:
        self.rng = rng
        self.plan = CountyPlan(number, county, plan_townships(rng, county))
        self.phone_prefix = f"0{900 + number:03d}"
        self.brands = rng.sample(
            names.KINDERGARTEN_BRANDS, PRIVATE_KINDERGARTENS_URBAN + PRIVATE_KINDERGARTENS_TOWN
        )
        combos = len(names.VILLAGE_HEADS) * len(names.VILLAGE_TAILS)
        self.villages = {
            township.code: [self._village_name(n) for n in rng.sample(range(combos), VILLAGES_PER_TOWNSHIP)]
            for township in self.plan.townships
        }

    @staticmethod
    def _village_name(number: int) -> str:
        head, tail = divmod(number, len(names.VILLAGE_TAILS))
        return names.VILLAGE_HEADS[head] + names.VILLAGE_TAILS[tail]

    @property
    def streets(self) -> list[AreaSpec]:
        return self.plan.townships[:STREETS]

    @property
    def rural(self) -> list[AreaSpec]:
        return self.plan.townships[STREETS:]

    def street_address(self, place: str) -> str:
        return f"{place}{self.rng.choice(names.ROAD_NAMES)}{self.rng.randint(1, 299)}号"

    def village_address(self, township: AreaSpec, village: str) -> str:
        return f"{township.name}{village}" + ("" if village.endswith("村") else "村")

    def add(
        self, name: str, school_type: str, township: AreaSpec, urban_rural: str, address: str, **fields: Any
    ) -> SchoolSpec:
        phone = f"{self.phone_prefix}-{self.rng.randint(5100000, 8899999)}"
        school = SchoolSpec(
            name, school_type, township, urban_rural, address, person_name(self.rng), phone, **fields
        )
        self.plan.schools.append(school)
        return school

    def centre_code(self, township: AreaSpec) -> str:
        """镇中心区 for a town, 乡中心区 for a township."""
        return UrbanRural.TOWN_CENTRE if township.name.endswith("镇") else UrbanRural.TOWNSHIP_CENTRE

    def plan_county_direct(self) -> None:
        county = self.plan.county.name
        for suffix, school_type, level in COUNTY_DIRECT_SCHOOLS:
            self.add(
                f"{county}{suffix}",
                school_type,
                self.rng.choice(self.streets),
                UrbanRural.CITY_CENTRE,
                self.street_address(county),
                is_county_direct=True,
                demonstration_level=level,
                is_boarding=school_type in BOARDING_TYPES,
            )

    def plan_streets(self) -> None:
        for street in self.streets:
            self.add(
                f"{street.name}中心幼儿园",
                SchoolType.KINDERGARTEN,
                street,
                UrbanRural.CITY_CENTRE,
                self.street_address(self.plan.county.name),
            )
            for _ in range(STREET_VILLAGE_PRIMARIES):
                village = self.villages[street.code].pop()
                self.add(
                    f"{street.name}{village}小学",
                    SchoolType.PRIMARY,
                    street,
                    UrbanRural.CITY_FRINGE,
                    self.village_address(street, village),
                )

    def plan_private_kindergartens(self) -> None:
        county = self.plan.county.name
        for brand in self.brands[:PRIVATE_KINDERGARTENS_URBAN]:
            self.add(
                f"{county}{brand}幼儿园",
                SchoolType.KINDERGARTEN,
                self.rng.choice(self.streets),
                UrbanRural.CITY_CENTRE,
                self.street_address(county),
                ownership=Ownership.PRIVATE,
            )
        towns = self.rng.sample(self.rural[:TOWNS], PRIVATE_KINDERGARTENS_TOWN)
        for brand, town in zip(self.brands[PRIVATE_KINDERGARTENS_URBAN:], towns, strict=True):
            self.add(
                f"{town.name}{brand}幼儿园",
                SchoolType.KINDERGARTEN,
                town,
                UrbanRural.TOWN_FRINGE,
                self.street_address(town.name),
                ownership=Ownership.PRIVATE,
            )

    def add_centre(self, township: AreaSpec, suffix: str, school_type: str, **fields: Any) -> SchoolSpec:
        """A school in the centre of a town or township, named after it."""
        return self.add(
            f"{township.name}{suffix}",
            school_type,
            township,
            self.centre_code(township),
            self.street_address(township.name),
            **fields,
        )

    def plan_rural_centres(self) -> None:
        """Every town and township: a central kindergarten, a central primary and a boarding junior high
        (three of them 九年一贯制)."""
        nine_year = set(self.rng.sample(range(len(self.rural)), NINE_YEAR_SCHOOLS))
        for index, township in enumerate(self.rural):
            kindergarten_level, primary_level = self._maybe_county_level(0.25), self._maybe_county_level(0.2)
            self.add_centre(
                township, "中心幼儿园", SchoolType.KINDERGARTEN, demonstration_level=kindergarten_level
            )
            primary = self.add_centre(
                township,
                "中心小学",
                SchoolType.PRIMARY,
                demonstration_level=primary_level,
                is_boarding=self.rng.random() < 0.5,
            )
            if township is self.plan.first_town:
                self.plan.key_school = primary
            if index in nine_year:
                self.add_centre(township, "九年一贯制学校", SchoolType.NINE_YEAR, is_boarding=True)
            else:
                self.add_centre(township, "初级中学", SchoolType.JUNIOR_HIGH, is_boarding=True)

    def _maybe_county_level(self, chance: float) -> str:
        return DemonstrationLevel.COUNTY if self.rng.random() < chance else DemonstrationLevel.NONE

    def plan_village_schools(self, school_type: str, total: int) -> list[SchoolSpec]:
        """Village primaries (小学) or teaching points (教学点), spread over the towns and townships."""
        suffix = "小学" if school_type == SchoolType.PRIMARY else "教学点"
        planned: list[SchoolSpec] = []
        for township, count in zip(self.rural, spread(self.rng, total, len(self.rural)), strict=True):
            for _ in range(count):
                village = self.villages[township.code].pop()
                planned.append(
                    self.add(
                        f"{township.name}{village}{suffix}",
                        school_type,
                        township,
                        UrbanRural.VILLAGE,
                        self.village_address(township, village),
                        is_boarding=self.rng.random() < 0.05 and suffix == "小学",
                    )
                )
        return planned

    def plan_closures(self, village_primaries: list[SchoolSpec]) -> None:
        """Two village primaries merged into their township's central primary (撤并)."""
        for school, date in zip(
            self.rng.sample(village_primaries, len(MERGED_DATES)), MERGED_DATES, strict=True
        ):
            school.status, school.status_date = SchoolStatus.MERGED, date
            school.merged_into = self.open_primaries(school.township)[0]

    def open_primaries(self, township: AreaSpec) -> list[SchoolSpec]:
        """The township's open primary schools, its central primary first."""
        return [
            school
            for school in self.plan.schools
            if school.township is township
            and school.school_type == SchoolType.PRIMARY
            and school.status == SchoolStatus.OPEN
        ]

    def attach_teaching_points(self, points: list[SchoolSpec]) -> None:
        """Each teaching point under a primary of its township (not counted as a school); one suspended."""
        for point in points:
            point.parent = self.rng.choice(self.open_primaries(point.township))
            point.is_counted_as_school = False
        suspended = self.rng.choice(points)
        suspended.status, suspended.status_date = SchoolStatus.SUSPENDED, SUSPENDED_DATE

    def assign_codes(self) -> None:
        """10-digit 学校标识码: 2, the province digits 34, the county number, then a sparse serial."""
        serials = sorted(self.rng.sample(range(100000), len(self.plan.schools)))
        for school, serial in zip(self.plan.schools, serials, strict=True):
            school.code = f"234{self.plan.number:02d}{serial:05d}"


def plan_county(seed: int, number: int, county: AreaSpec) -> CountyPlan:
    """The whole county, from its own generator: county 1 is the same whatever the scale."""
    planner = CountyPlanner(random.Random(f"{seed}-county-{number}"), number, county)
    planner.plan_county_direct()
    planner.plan_streets()
    planner.plan_private_kindergartens()
    planner.plan_rural_centres()
    village_primaries = planner.plan_village_schools(SchoolType.PRIMARY, RURAL_VILLAGE_PRIMARIES)
    planner.plan_closures(village_primaries)
    points = planner.plan_village_schools(SchoolType.PRIMARY_TEACHING_POINT, TEACHING_POINTS)
    planner.attach_teaching_points(points)
    planner.assign_codes()
    return planner.plan


def plan_counties(seed: int, scale: int) -> tuple[AreaSpec, list[CountyPlan]]:
    """The city and its `scale` counties (codes 349901…); the first is always 示范县."""
    city = AreaSpec(names.CITY_CODE, names.CITY_NAME, AreaLevel.CITY)
    other_names = [head + tail for head in names.COUNTY_NAME_HEADS for tail in names.COUNTY_NAME_TAILS]
    random.Random(f"{seed}-county-names").shuffle(other_names)
    county_names = [names.FIRST_COUNTY_NAME] + [f"{name}县" for name in other_names[: scale - 1]]
    counties = [
        AreaSpec(f"{names.CITY_CODE[:4]}{number:02d}", name, AreaLevel.COUNTY, city)
        for number, name in enumerate(county_names, start=1)
    ]
    return city, [plan_county(seed, number, county) for number, county in enumerate(counties, start=1)]
