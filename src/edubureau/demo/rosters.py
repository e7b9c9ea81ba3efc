"""The demo county's pupils over three school years (学籍), planned in memory.

The first school year is filled grade by grade, each pupil enrolled when they started the school. Each
later year: the pupils of a stage's last grade graduate (毕业) and most go on to a school of the next
stage in their town or the county seat, the others move up a grade, and each school's entry grades
are filled up with newcomers. During each year a few pupils transfer, move away, drop out (and are
persuaded back), suspend their studies or die (`roster_events`). Classes are re-formed every year;
each pupil's class is the last one they were in.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from edubureau.demo.identity import IdAllocator, PeopleFactory
from edubureau.demo.layout import SEAT, TOWN, VILLAGE, Layout, plan_layouts
from edubureau.demo.plan import CountyPlan, SchoolSpec
from edubureau.demo.records import CURRENT_YEAR, YEARS, ClassSpec, CountyRoster, EventSpec, PupilSpec
from edubureau.demo.roster_events import YearContext, plan_year_events
from edubureau.demo.roster_names import MINORITY_ETHNICITIES
from edubureau.demo.staff import StaffPlanner
from edubureau.demo.staff_events import assign_head_teachers, plan_careers
from edubureau.registry.choices import SchoolType
from edubureau.registry.choices_people import (
    ClassType,
    DisabilityPlacement,
    DisabilityType,
    Household,
    StudentEventKind,
    StudentStatus,
)

IN_SCHOOL = StudentStatus.IN_SCHOOL
# (month, day) a stage's last grade graduates on, by that grade.
GRADUATION_DAYS = {0: (7, 10), 6: (7, 1), 9: (6, 28), 12: (6, 10)}
# The share of a stage's graduates who go on to the next stage in the county, by its first grade.
CONTINUE_CHANCE = {1: 0.93, 7: 0.985, 10: 0.9}
COUNTY = ""  # the region of senior secondary schools: the whole county
TO_SEAT_CHANCE = 0.15  # rural primary graduates who go to a junior high of the county seat
NO_ID_SHARE = 0.03  # pupils without an ID number: a J-form 学籍号
# Chances of being 留守儿童, 随迁子女, 建档立卡 and 低保, by where the school is.
GROUP_CHANCES = {
    SEAT: (0.04, 0.09, 0.01, 0.01),
    TOWN: (0.11, 0.04, 0.035, 0.02),
    VILLAGE: (0.19, 0.01, 0.06, 0.035),
}
DISABILITY_TYPES: tuple[str, ...] = (
    DisabilityType.INTELLECTUAL,
    DisabilityType.PHYSICAL,
    DisabilityType.HEARING,
    DisabilityType.SPEECH,
    DisabilityType.VISUAL,
    DisabilityType.MENTAL,
    DisabilityType.MULTIPLE,
)
DISABILITY_WEIGHTS = (35, 20, 12, 8, 8, 7, 10)
# The 大班额 planted in the current year: the county seat's biggest junior and senior intakes each get
# one class of more than 65 (超大班额).
OVERSIZED = {SchoolType.JUNIOR_HIGH: (7, 68), SchoolType.COMPLETE_SECONDARY: (10, 67)}


@dataclass(eq=False, slots=True)
class Opening:
    """The places left in a school's entry grade after the pupils who simply moved up."""

    layout: Layout
    grade: int
    capacity: int


def enrol_day(school_year: int) -> dt.date:
    return dt.date(school_year, 9, 1)


class RosterPlanner:
    """Plans one county's pupils and classes from its own generator."""

    def __init__(self, seed: int, county: CountyPlan, ids: IdAllocator, fraction: float) -> None:
        self.rng = random.Random(f"{seed}-rosters-{county.number}")
        self.fraction = fraction
        self.people = PeopleFactory(self.rng, ids, county.county.code)
        self.layouts = plan_layouts(self.rng, county.schools)
        self.layout_of = {layout.school: layout for layout in self.layouts}
        self.roster = CountyRoster()
        self.targets: dict[tuple[SchoolSpec, int], list[int]] = {}
        self.class_index: dict[tuple[SchoolSpec, int], list[ClassSpec]] = {}
        self.oversized = self._oversized()

    def _oversized(self) -> dict[tuple[Layout, int], int]:
        chosen: dict[tuple[Layout, int], int] = {}
        for school_type, (grade, size) in OVERSIZED.items():
            seat = [
                lay for lay in self.layouts if lay.school.school_type == school_type and lay.setting == SEAT
            ]
            if seat:
                chosen[(max(seat, key=lambda lay: lay.sections[grade]), grade)] = size
        return chosen

    def plan(self) -> CountyRoster:
        self.populate(YEARS[0])
        for year in YEARS:
            if year != YEARS[0]:
                self.promote(year)
            self.form_classes(year)
            plan_year_events(YearContext(self.rng, year, self.roster, self.layout_of, self.class_index))
        return self.roster

    # Sizes ------------------------------------------------------------------------------------------

    def scaled(self, size: int) -> int:
        return size if self.fraction >= 1 else max(1, round(size * self.fraction))

    def section_sizes(self, layout: Layout, grade: int, year: int) -> list[int]:
        sizes = [self.scaled(layout.sizes[grade].draw(self.rng)) for _ in range(layout.sections[grade])]
        oversized = self.oversized.get((layout, grade))
        if oversized is not None and year == CURRENT_YEAR:
            sizes[0] = self.scaled(oversized)
        return sizes

    # New pupils -------------------------------------------------------------------------------------

    def populate(self, year: int) -> None:
        """The first demo year: every grade of every school, each pupil enrolled when they started."""
        for layout in self.layouts:
            for grade in layout.grades:
                enrolled = enrol_day(year - (grade - layout.stage_start(grade)))
                for section, size in enumerate(self.section_sizes(layout, grade, year), start=1):
                    for _ in range(size):
                        self.new_pupil(layout, grade, year, enrolled).section = section

    def extra_years(self, layout: Layout, grade: int) -> int:
        """How much older than their grade a pupil is: a few started late or repeated a year."""
        if layout.class_type == ClassType.SPECIAL:
            return self.rng.choice((0, 0, 1, 1, 2, 3))
        draw = self.rng.random()
        return 0 if grade < 1 or draw >= 0.045 else (2 if draw < 0.005 else 1)

    def new_pupil(self, layout: Layout, grade: int, year: int, enrolled: dt.date) -> PupilSpec:
        left_behind, migrant, poor, dibao = (
            self.rng.random() < chance for chance in GROUP_CHANCES[layout.setting]
        )
        cohort = year - 6 - grade - self.extra_years(layout, grade)
        person = self.people.pupil_person(cohort, migrant=migrant)
        has_id = self.rng.random() >= NO_ID_SHARE
        pupil = PupilSpec(
            person,
            has_id,
            ("G" if has_id else "J") + person.id_number,
            layout.school,
            grade,
            enrolled,
            IN_SCHOOL,
            ethnicity=self._ethnicity(),
            household=Household.OTHER if migrant or self.rng.random() < 0.01 else Household.LOCAL,
            is_left_behind=left_behind and not migrant and grade <= 9,
            is_migrant=migrant,
            is_registered_poor=poor,
            is_dibao=dibao,
            is_boarder=self.rng.random() < layout.boarding_chance(grade),
        )
        self._disability(pupil, layout)
        pupil.record(EventSpec(StudentEventKind.ENROL, enrolled, layout.school, IN_SCHOOL))
        self.roster.pupils.append(pupil)
        return pupil

    def _ethnicity(self) -> str:
        return self.rng.choice(MINORITY_ETHNICITIES) if self.rng.random() < 0.015 else "01"

    def _disability(self, pupil: PupilSpec, layout: Layout) -> None:
        """About 1% of pupils: most learn in a regular class (随班就读), a few are taught at home
        (送教上门), and the special school's pupils all have one."""
        special = layout.class_type == ClassType.SPECIAL
        draw = self.rng.random()
        if not special and (pupil.grade < 1 or draw >= 0.0105):
            return
        pupil.disability_type = self.rng.choices(DISABILITY_TYPES, DISABILITY_WEIGHTS)[0]
        if special:
            home = draw < 0.2
            placement = DisabilityPlacement.HOME_TEACHING if home else DisabilityPlacement.SPECIAL_SCHOOL
        else:
            home = draw < 0.0012
            placement = DisabilityPlacement.HOME_TEACHING if home else DisabilityPlacement.MAINSTREAM
        pupil.disability_placement = placement

    # The turn of the year ---------------------------------------------------------------------------

    def promote(self, year: int) -> None:
        """The end of the previous year: the last grades graduate, the others move up; then the new
        year's entry grades are filled."""
        pools: dict[int, list[PupilSpec]] = {1: [], 7: [], 10: []}
        for pupil in self.roster.pupils:
            if pupil.status != IN_SCHOOL:
                continue
            layout = self.layout_of[pupil.school]
            if not layout.graduates_from(pupil.grade):
                pupil.grade += 1
                continue
            month, day = GRADUATION_DAYS.get(pupil.grade, (7, 1))
            graduated = dt.date(year, month, day)
            pupil.record(
                EventSpec(StudentEventKind.GRADUATE, graduated, pupil.school, StudentStatus.GRADUATED)
            )
            if pupil.grade + 1 in pools and layout.class_type != ClassType.SPECIAL:
                pools[pupil.grade + 1].append(pupil)
        self.admit(year, pools)

    def openings(self, year: int) -> dict[int, list[Opening]]:
        """Every entry grade's places for `year`, drawn afresh, less the pupils already there."""
        present = Counter((pupil.school, pupil.grade) for pupil in self.roster.in_school())
        openings: dict[int, list[Opening]] = {}
        for layout in self.layouts:
            for grade in layout.entry_grades:
                sizes = self.section_sizes(layout, grade, year)
                self.targets[(layout.school, grade)] = sizes
                free = max(0, sum(sizes) - present[(layout.school, grade)])
                openings.setdefault(grade, []).append(Opening(layout, grade, free))
        return openings

    def admit(self, year: int, pools: dict[int, list[PupilSpec]]) -> None:
        """Graduates go on to a school of the next stage with places; newcomers fill the rest."""
        openings = self.openings(year)
        for grade, graduates in pools.items():
            regular = [o for o in openings.get(grade, []) if o.layout.class_type != ClassType.SPECIAL]
            by_region: dict[str, list[Opening]] = {}
            for place in regular:
                by_region.setdefault(COUNTY if grade == 10 else place.layout.region, []).append(place)
            self.rng.shuffle(graduates)
            for pupil in graduates:
                if self.rng.random() < CONTINUE_CHANCE[grade]:
                    chosen = self.choose_opening(by_region, regular, pupil)
                    if chosen is not None:
                        self.enrol(pupil, chosen, year)
        for grade_openings in openings.values():
            for opening in grade_openings:
                for _ in range(opening.capacity):
                    self.new_pupil(opening.layout, opening.grade, year, enrol_day(year))

    def choose_opening(
        self, by_region: dict[str, list[Opening]], everywhere: list[Opening], pupil: PupilSpec
    ) -> Opening | None:
        """A school with places in the graduate's town (or the county seat); for senior secondary,
        anywhere in the county. Primary graduates find a junior high somewhere whatever happens."""
        origin = self.layout_of[pupil.school]
        region = origin.region
        if origin.setting != SEAT and self.rng.random() < TO_SEAT_CHANCE:
            region = SEAT
        nearby = by_region.get(COUNTY) or by_region.get(region, [])
        choices = [o for o in nearby if o.capacity > 0]
        if not choices and pupil.grade == 6:
            choices = [o for o in everywhere if o.capacity > 0]
        if not choices:
            return None
        return self.rng.choices(choices, [o.capacity for o in choices])[0]

    def enrol(self, pupil: PupilSpec, opening: Opening, year: int) -> None:
        opening.capacity -= 1
        school, enrolled = opening.layout.school, enrol_day(year)
        pupil.record(EventSpec(StudentEventKind.ENROL, enrolled, school, IN_SCHOOL))
        pupil.grade, pupil.section, pupil.enrolment_date = opening.grade, 0, enrolled
        pupil.is_boarder = self.rng.random() < opening.layout.boarding_chance(opening.grade)
        pupil.is_left_behind = pupil.is_left_behind and opening.grade <= 9

    # Classes ----------------------------------------------------------------------------------------

    def members(self, year: int) -> dict[tuple[SchoolSpec, int], list[PupilSpec]]:
        """The pupils of each school and grade this year: those in school and those coming back."""
        members: dict[tuple[SchoolSpec, int], list[PupilSpec]] = {}
        for pupil in self.roster.pupils:
            back = pupil.rejoin is not None and pupil.rejoin.date < enrol_day(year + 1)
            if pupil.status == IN_SCHOOL or back:
                members.setdefault((pupil.school, pupil.grade), []).append(pupil)
        return members

    def form_classes(self, year: int) -> None:
        members = self.members(year)
        self.class_index = {}
        for layout in self.layouts:
            for group in layout.groups:
                pupils = [p for grade in group for p in members.get((layout.school, grade), [])]
                if len(group) > 1 or layout.class_type != ClassType.REGULAR:
                    self.add_class(layout, group, 1, pupils, year)
                    continue
                sections = layout.sections[group[0]]
                deal_sections(pupils, sections, self.targets.get((layout.school, group[0])))
                by_section: dict[int, list[PupilSpec]] = {}
                for pupil in pupils:
                    by_section.setdefault(pupil.section, []).append(pupil)
                for section in range(1, sections + 1):
                    self.add_class(layout, group, section, by_section.get(section, []), year)
        self.targets = {}

    def add_class(
        self, layout: Layout, group: tuple[int, ...], number: int, pupils: list[PupilSpec], year: int
    ) -> None:
        if not pupils:
            return
        school_class = ClassSpec(layout.school, year, group[0], number, layout.class_type)
        self.roster.classes.append(school_class)
        for pupil in pupils:
            pupil.school_class, pupil.section = school_class, number
        for grade in group:
            self.class_index.setdefault((layout.school, grade), []).append(school_class)


def deal_sections(pupils: list[PupilSpec], sections: int, targets: list[int] | None) -> None:
    """Give every pupil without a valid section one: the section furthest below its target size (or
    the smallest, without targets). Pupils keep their section from year to year."""
    counts = [0] * sections
    for pupil in pupils:
        if 1 <= pupil.section <= sections:
            counts[pupil.section - 1] += 1
        else:
            pupil.section = 0
    goals = targets if targets is not None and len(targets) == sections else [0] * sections
    for pupil in pupils:
        if pupil.section == 0:
            index = max(range(sections), key=lambda i: goals[i] - counts[i])
            counts[index] += 1
            pupil.section = index + 1


def plan_rosters(seed: int, county: CountyPlan, ids: IdAllocator, fraction: float) -> CountyRoster:
    """One county's classes, pupils and teachers, `fraction` of the full size."""
    planner = RosterPlanner(seed, county, ids, fraction)
    roster = planner.plan()
    staff = StaffPlanner(seed, county, ids, planner.layouts, fraction)
    roster.teachers = plan_careers(staff, staff.plan(roster))
    assign_head_teachers(staff, roster.classes, roster.teachers)
    return roster
