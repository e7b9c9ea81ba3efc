"""How each open school of the demo county is organised: the grades it teaches, how many parallel
classes (sections) each grade has, how big they are, which grades share a class, where new pupils
come in and where its pupils come from.

County-seat schools have many large classes (some 46–55, a few 大班额 56–65), town schools fewer and
smaller, village schools one small class per grade, teaching points a few multi-grade classes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from edubureau.demo.plan import SchoolSpec
from edubureau.registry.choices import DemonstrationLevel, Ownership, SchoolStatus, SchoolType, UrbanRural
from edubureau.registry.choices_people import ClassType

SEAT, TOWN, VILLAGE = "seat", "town", "village"
KINDERGARTEN_GRADES = (-2, -1, 0)
PRIMARY_GRADES = (1, 2, 3, 4, 5, 6)
JUNIOR_GRADES = (7, 8, 9)
SENIOR_GRADES = (10, 11, 12)
# The last grade of each stage: pupils leave it by graduating (毕业), except a 九年一贯制 school's
# sixth-graders, who simply go on to its seventh grade.
STAGE_ENDS = frozenset({0, 6, 9, 12})


@dataclass(frozen=True, slots=True)
class SizeRule:
    """How many pupils a class (or, in a multi-grade school, a grade) has: normal around `mean`."""

    mean: float
    sd: float
    low: int
    high: int

    def draw(self, rng: random.Random) -> int:
        return max(self.low, min(self.high, round(rng.gauss(self.mean, self.sd))))


@dataclass(eq=False)
class Layout:
    """One school's organisation. `groups` are the grades that share classes (one grade each, except
    in multi-grade and special classes); `sections[g]` counts grade g's parallel classes."""

    school: SchoolSpec
    setting: str
    sections: dict[int, int]
    sizes: dict[int, SizeRule]
    groups: tuple[tuple[int, ...], ...]
    class_type: str = ClassType.REGULAR
    entry_grades: tuple[int, ...] = ()
    boarding: float = 0.0

    @cached_property
    def grades(self) -> tuple[int, ...]:
        return tuple(self.sections)

    @cached_property
    def region(self) -> str:
        """Where the school draws its pupils from: the county seat, or its own town or township."""
        return SEAT if self.setting == SEAT else self.school.township.code

    def stage_start(self, grade: int) -> int:
        """The grade a pupil now in `grade` started this school in (before the three demo years)."""
        if self.school.school_type == SchoolType.NINE_YEAR:
            return 1  # most of its juniors came up from its own primary grades
        starts = [entry for entry in self.entry_grades if entry <= grade]
        return max(starts) if starts else min(self.grades)

    def graduates_from(self, grade: int) -> bool:
        """Whether a pupil finishing `grade` here leaves the school (or its stage) with a diploma."""
        if grade == max(self.grades):
            return True
        return grade in STAGE_ENDS and not (self.school.school_type == SchoolType.NINE_YEAR and grade == 6)

    def boarding_chance(self, grade: int) -> float:
        """How likely a pupil of `grade` boards (住校): only at boarding schools, older pupils more."""
        if not self.school.is_boarding:
            return 0.0
        return self.boarding if grade >= 4 else self.boarding / 4


def setting_of(school: SchoolSpec) -> str:
    if school.urban_rural in (UrbanRural.CITY_CENTRE, UrbanRural.CITY_FRINGE):
        return SEAT
    return VILLAGE if school.urban_rural == UrbanRural.VILLAGE else TOWN


def _regular(
    school: SchoolSpec,
    grades: tuple[int, ...],
    sections: int,
    rule: SizeRule,
    *,
    entry_grades: tuple[int, ...],
    boarding: float = 0.0,
) -> Layout:
    return Layout(
        school,
        setting_of(school),
        dict.fromkeys(grades, sections),
        dict.fromkeys(grades, rule),
        tuple((grade,) for grade in grades),
        entry_grades=entry_grades,
        boarding=boarding,
    )


def _combine(first: Layout, second: Layout) -> Layout:
    """A school of two stages (九年一贯制, 完全中学): the two layouts side by side."""
    return Layout(
        first.school,
        first.setting,
        first.sections | second.sections,
        first.sizes | second.sizes,
        first.groups + second.groups,
        entry_grades=first.entry_grades + second.entry_grades,
        boarding=second.boarding,
    )


def _kindergarten(rng: random.Random, school: SchoolSpec) -> Layout:
    setting = setting_of(school)
    if school.ownership == Ownership.PRIVATE:
        sections, mean = (4, 27.0) if setting == SEAT else (3, 25.0)
    elif school.is_county_direct:
        sections, mean = (8 if school.demonstration_level == DemonstrationLevel.PROVINCE else 7), 33.0
    elif setting == SEAT:
        sections, mean = 6, 32.0
    else:
        sections, mean = (rng.randint(4, 5) if school.township.name.endswith("镇") else 3), 27.0
    layout = _regular(school, KINDERGARTEN_GRADES, sections, SizeRule(mean, 3.5, 15, 42), entry_grades=(-2,))
    # 小班 smaller than 中班, 中班 smaller than 大班.
    layout.sizes = {grade: SizeRule(mean + 2.5 * grade, 3.5, 12, 44) for grade in KINDERGARTEN_GRADES}
    return layout


def _primary(rng: random.Random, school: SchoolSpec) -> Layout:
    setting = setting_of(school)
    boarding = 0.35 if school.is_boarding else 0.0
    if school.is_county_direct:
        sections = rng.randint(6, 7) + (1 if school.demonstration_level else 0)
        rule = SizeRule(49.5, 3.5, 42, 62)
    elif setting == SEAT:
        sections, rule = 2, SizeRule(42, 5, 28, 52)
    elif setting == TOWN:
        sections = rng.randint(3, 4) if school.township.name.endswith("镇") else rng.randint(2, 3)
        rule = SizeRule(44, 5, 30, 56)
    else:
        sections, rule = 1, SizeRule(18, 8, 4, 38)
    return _regular(school, PRIMARY_GRADES, sections, rule, entry_grades=(1,), boarding=boarding)


def _teaching_point(rng: random.Random, school: SchoolSpec) -> Layout:
    """Six grades of a few pupils each, taught in two or three multi-grade classes (复式班)."""
    groups = rng.choice((((1, 2, 3), (4, 5, 6)), ((1, 2), (3, 4), (5, 6))))
    rule = SizeRule(rng.uniform(3, 11), 2.5, 1, 15)
    layout = _regular(school, PRIMARY_GRADES, 1, rule, entry_grades=(1,))
    layout.groups, layout.class_type = groups, ClassType.MULTI_GRADE
    return layout


def _junior(rng: random.Random, school: SchoolSpec) -> Layout:
    if school.is_county_direct:
        sections = 18 if school.demonstration_level else 14
        rule = SizeRule(51, 3.5, 44, 63)
    else:
        sections = rng.randint(5, 6) if school.township.name.endswith("镇") else rng.randint(3, 4)
        rule = SizeRule(47, 4.5, 34, 56)
    return _regular(school, JUNIOR_GRADES, sections, rule, entry_grades=(7,), boarding=0.65)


def _nine_year(rng: random.Random, school: SchoolSpec) -> Layout:
    primary = _regular(school, PRIMARY_GRADES, 2, SizeRule(38, 6, 22, 50), entry_grades=(1,))
    junior = _regular(school, JUNIOR_GRADES, 3, SizeRule(45, 4, 34, 54), entry_grades=(7,), boarding=0.5)
    return _combine(primary, junior)


def _senior(school: SchoolSpec, sections: int, rule: SizeRule) -> Layout:
    return _regular(school, SENIOR_GRADES, sections, rule, entry_grades=(10,), boarding=0.8)


def _complete_secondary(rng: random.Random, school: SchoolSpec) -> Layout:
    junior = _regular(school, JUNIOR_GRADES, 10, SizeRule(51, 3.5, 44, 63), entry_grades=(7,))
    return _combine(junior, _senior(school, 12, SizeRule(52.5, 3.5, 44, 64)))


def _senior_high(rng: random.Random, school: SchoolSpec) -> Layout:
    if school.demonstration_level:
        return _senior(school, 14, SizeRule(52, 3.5, 44, 63))
    return _senior(school, 10, SizeRule(50, 4, 40, 60))


def _vocational(rng: random.Random, school: SchoolSpec) -> Layout:
    layout = _regular(school, SENIOR_GRADES, 16, SizeRule(45, 5, 30, 55), entry_grades=(10,), boarding=0.85)
    layout.sections[12] = 14  # third-year pupils partly out on placements (顶岗实习)
    return layout


def _special(rng: random.Random, school: SchoolSpec) -> Layout:
    """Grades 1–9 in small classes of two grades each (the ninth on its own)."""
    layout = _regular(school, PRIMARY_GRADES + JUNIOR_GRADES, 1, SizeRule(9, 2.5, 4, 13), entry_grades=(1,))
    layout.groups = ((1, 2), (3, 4), (5, 6), (7, 8), (9,))
    layout.class_type, layout.boarding = ClassType.SPECIAL, 0.6
    return layout


PLANNERS: dict[str, Callable[[random.Random, SchoolSpec], Layout]] = {
    SchoolType.KINDERGARTEN: _kindergarten,
    SchoolType.PRIMARY: _primary,
    SchoolType.PRIMARY_TEACHING_POINT: _teaching_point,
    SchoolType.JUNIOR_HIGH: _junior,
    SchoolType.NINE_YEAR: _nine_year,
    SchoolType.COMPLETE_SECONDARY: _complete_secondary,
    SchoolType.SENIOR_HIGH: _senior_high,
    SchoolType.VOCATIONAL_HIGH: _vocational,
    SchoolType.SPECIAL_OTHER: _special,
}


def plan_layouts(rng: random.Random, schools: list[SchoolSpec]) -> list[Layout]:
    """The layout of every open school (closed and suspended ones have no pupils in the demo years)."""
    return [
        PLANNERS[school.school_type](rng, school)
        for school in schools
        if school.status == SchoolStatus.OPEN and school.school_type in PLANNERS
    ]
