"""What happens to pupils during one school year of the demo: transfers within the county (转学),
moves out of it (转出县外), dropouts (辍学) with their 控辍保学 follow-up and, for about half, a return
(劝返复学), suspensions (休学) and their resumption, and a death or two.

Each pupil has at most one of these a year, dated in term time (in the current year, before the
demo's today), so every pupil's events stay in order.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from edubureau.demo import roster_names
from edubureau.demo.layout import SEAT, VILLAGE, Layout
from edubureau.demo.plan import SchoolSpec
from edubureau.demo.records import (
    CURRENT_YEAR,
    DEMO_TODAY,
    CaseSpec,
    ClassSpec,
    CountyRoster,
    EventSpec,
    FollowUpSpec,
    PupilSpec,
    TransferSpec,
    age_on,
)
from edubureau.lib.school_year import school_year_of
from edubureau.registry.choices import SchoolType
from edubureau.registry.choices_people import (
    ClassType,
    DropoutOutcome,
    FollowUpKind,
    StudentEventKind,
    StudentStatus,
)

# Share of the eligible pupils each year (the current year, only begun, gets `PART_YEAR` of it).
TRANSFER_RATE = 0.007
OUT_OF_COUNTY_RATE = 0.0015
DROPOUT_RATE = 0.0011
SENIOR_DROPOUT_RATE = 0.003
PART_YEAR = 0.6
RETURN_CHANCE = 0.6
RESUME_CHANCE = 0.6
SUSPENSIONS_PER_YEAR = 2
DEATHS = {CURRENT_YEAR - 2: 1, CURRENT_YEAR - 1: 1}
COMPULSORY_AGES = range(6, 16)  # 义务教育适龄, as registry.services.students counts it
COMPULSORY_TYPES = frozenset(
    {
        SchoolType.PRIMARY,
        SchoolType.PRIMARY_TEACHING_POINT,
        SchoolType.JUNIOR_HIGH,
        SchoolType.NINE_YEAR,
        SchoolType.COMPLETE_SECONDARY,
    }
)
TRANSFER_TYPES = COMPULSORY_TYPES | {SchoolType.SENIOR_HIGH}
# Term-time windows for events in past years: (first month, day, last month, day, weight). They end
# before the first graduation (10 June), so that no pupil's event follows their graduation.
WINDOWS = ((9, 2, 11, 30, 45), (12, 1, 1, 15, 10), (2, 20, 4, 30, 35), (5, 1, 6, 5, 10))


def school_stage(grade: int) -> str:
    """The kind of school a pupil of `grade` moves to outside the county."""
    return "primary" if grade <= 6 else "junior" if grade <= 9 else "senior"


@dataclass(eq=False)
class YearContext:
    """What the events of one school year need from the planner."""

    rng: random.Random
    year: int
    roster: CountyRoster
    layout_of: dict[SchoolSpec, Layout]
    class_index: dict[tuple[SchoolSpec, int], list[ClassSpec]]
    used: set[int] = field(default_factory=set)

    def date(self, *, margin: int = 1) -> dt.date:
        """A term-time day of the year; in the current year, between 2 September and `margin` days
        before today."""
        if self.year == CURRENT_YEAR:
            start, end = dt.date(self.year, 9, 2), DEMO_TODAY - dt.timedelta(days=margin)
        else:
            first_month, first_day, last_month, last_day, _ = self.rng.choices(
                WINDOWS, [w[4] for w in WINDOWS]
            )[0]
            start = dt.date(self.year + (first_month < 9), first_month, first_day)
            end = dt.date(self.year + (last_month < 9), last_month, last_day)
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def count(self, rate: float, eligible: int) -> int:
        """How many events of a kind: at least one whenever anyone is eligible."""
        share = rate * (PART_YEAR if self.year == CURRENT_YEAR else 1.0)
        return max(1, round(share * eligible)) if eligible else 0

    def pick(self, pool: list[PupilSpec], wanted: int, weights: list[float] | None = None) -> list[PupilSpec]:
        """Candidates for `wanted` events: a few times as many pupils of `pool` as needed, drawn at
        random (the heavier more often), each once, leaving out the pupils already used this year."""
        if not pool or wanted == 0:
            return []
        draws = min(len(pool), 4 * wanted + 20)
        drawn = self.rng.choices(pool, weights, k=draws) if weights else self.rng.sample(pool, draws)
        unique = {id(pupil): pupil for pupil in drawn if id(pupil) not in self.used}
        return list(unique.values())

    def take(self, pupil: PupilSpec) -> None:
        self.used.add(id(pupil))


def plan_year_events(ctx: YearContext) -> None:
    in_school = ctx.roster.in_school()
    transfers_in_county(ctx, in_school)
    transfers_out_of_county(ctx, in_school)
    dropouts(ctx, in_school)
    senior_dropouts(ctx, in_school)
    suspensions(ctx, in_school)
    deaths(ctx, in_school)
    rejoins(ctx)


def _type_of(pupil: PupilSpec) -> str:
    return pupil.school.school_type


def transfers_in_county(ctx: YearContext, in_school: list[PupilSpec]) -> None:
    pool = [p for p in in_school if p.grade >= 1 and _type_of(p) in TRANSFER_TYPES]
    wanted = ctx.count(TRANSFER_RATE, len(pool))
    destinations = classes_by_grade(ctx)
    for pupil in ctx.pick(pool, wanted):
        if wanted == 0:
            return
        destination = choose_destination(ctx, pupil, destinations.get(pupil.grade, []))
        if destination is not None:
            transfer(ctx, pupil, destination)
            wanted -= 1


def classes_by_grade(ctx: YearContext) -> dict[int, list[tuple[Layout, list[ClassSpec]]]]:
    """The classes pupils can transfer into this year, by grade and school."""
    by_grade: dict[int, list[tuple[Layout, list[ClassSpec]]]] = {}
    for (school, grade), classes in ctx.class_index.items():
        if school.school_type in TRANSFER_TYPES:
            by_grade.setdefault(grade, []).append((ctx.layout_of[school], classes))
    return by_grade


def choose_destination(
    ctx: YearContext, pupil: PupilSpec, schools: list[tuple[Layout, list[ClassSpec]]]
) -> ClassSpec | None:
    """A class of the pupil's grade at another school: mostly in the county seat, or near home."""
    origin = ctx.layout_of[pupil.school]
    candidates: list[ClassSpec] = []
    weights: list[float] = []
    for layout, classes in schools:
        if layout is origin:
            continue
        weight = {SEAT: 3.0, VILLAGE: 0.4}.get(layout.setting, 1.0)
        weight *= 2.0 if layout.region == origin.region else 1.0
        weight *= 0.3 if layout.class_type == ClassType.MULTI_GRADE else 1.0
        candidates += classes
        weights += [weight / len(classes)] * len(classes)
    if not candidates:
        return None
    return ctx.rng.choices(candidates, weights)[0]


def transfer(ctx: YearContext, pupil: PupilSpec, to_class: ClassSpec) -> None:
    """One Transfer both schools see, a 转出 event at the old school and a 转入 at the new one."""
    ctx.take(pupil)
    date, reason = ctx.date(), ctx.rng.choice(roster_names.TRANSFER_REASONS)
    old, new = pupil.school, to_class.school
    ctx.roster.transfers.append(TransferSpec(pupil, old, new, date, reason))
    pupil.record(
        EventSpec(StudentEventKind.TRANSFER_OUT, date, old, StudentStatus.TRANSFERRED_OUT, new, reason=reason)
    )
    pupil.record(
        EventSpec(StudentEventKind.TRANSFER_IN, date, new, StudentStatus.IN_SCHOOL, old, reason=reason)
    )
    pupil.school_class, pupil.section = to_class, to_class.number
    pupil.is_boarder = pupil.is_boarder and new.is_boarding


def transfers_out_of_county(ctx: YearContext, in_school: list[PupilSpec]) -> None:
    """Pupils who move away with their families: a 转出 event naming the school they go to."""
    pool = [p for p in in_school if p.grade >= 1 and p.school_class is not None]
    pool = [p for p in pool if p.school_class and p.school_class.class_type != ClassType.SPECIAL]
    weights = [4.0 if p.is_migrant else 1.0 for p in pool]
    wanted = ctx.count(OUT_OF_COUNTY_RATE, len(pool))
    for pupil in ctx.pick(pool, wanted, weights)[:wanted]:
        ctx.take(pupil)
        name = roster_names.outside_school(ctx.rng, school_stage(pupil.grade))
        reason = ctx.rng.choice(roster_names.OUT_OF_COUNTY_REASONS)
        event = EventSpec(
            StudentEventKind.TRANSFER_OUT,
            ctx.date(),
            pupil.school,
            StudentStatus.TRANSFERRED_OUT,
            counterpart_name=name,
            reason=reason,
        )
        pupil.record(event)


def _dropout_weight(ctx: YearContext, pupil: PupilSpec) -> float:
    weight = 4.0 if pupil.grade >= 7 else 1.0 if pupil.grade >= 4 else 0.25
    weight *= 1.0 if ctx.layout_of[pupil.school].setting == SEAT else 1.5
    weight *= 2.0 if pupil.is_left_behind or pupil.is_registered_poor else 1.0
    return weight


def dropouts(ctx: YearContext, in_school: list[PupilSpec]) -> None:
    """Compulsory-age pupils who stop coming: each becomes a 控辍保学 case."""
    pool = [p for p in in_school if 1 <= p.grade <= 9 and _type_of(p) in COMPULSORY_TYPES]
    wanted = ctx.count(DROPOUT_RATE, len(pool))
    for pupil in ctx.pick(pool, wanted, [_dropout_weight(ctx, p) for p in pool]):
        if wanted == 0:
            return
        date = ctx.date(margin=10)
        if age_on(pupil.person.birth_date, date) in COMPULSORY_AGES:
            drop_out(ctx, pupil, date)
            wanted -= 1


def drop_out(ctx: YearContext, pupil: PupilSpec, date: dt.date) -> None:
    ctx.take(pupil)
    reason = ctx.rng.choice(roster_names.DROPOUT_REASONS)
    pupil.record(
        EventSpec(StudentEventKind.DROP_OUT, date, pupil.school, StudentStatus.DROPPED_OUT, reason=reason)
    )
    case = CaseSpec(pupil, pupil.school, date, reason)
    ctx.roster.cases.append(case)
    back = date + dt.timedelta(days=ctx.rng.randint(20, 200))
    if (6, 5) < (back.month, back.day) < (9, 1):
        back = dt.date(back.year, 9, 1)  # back after the summer, with the new school year
    if ctx.rng.random() < RETURN_CHANCE and back < DEMO_TODAY:
        case.outcome, case.closed_on = DropoutOutcome.RETURNED, back
        rejoin_later(
            ctx, pupil, EventSpec(StudentEventKind.RETURN, back, pupil.school, StudentStatus.IN_SCHOOL)
        )
    follow_up(ctx, case)


def follow_up(ctx: YearContext, case: CaseSpec) -> None:
    """One to three actions, between the dropout and the return (or today): a home visit first."""
    end = case.closed_on or DEMO_TODAY
    span = (end - case.dropped_on).days - 1
    dates = sorted(
        case.dropped_on + dt.timedelta(days=ctx.rng.randint(1, span)) for _ in range(ctx.rng.randint(1, 3))
    )
    for index, date in enumerate(dates):
        if index == 0:
            kind = FollowUpKind.HOME_VISIT
        elif case.pupil.disability_type or ctx.rng.random() < 0.25:
            kind = FollowUpKind.HOME_TEACHING
        else:
            kind = FollowUpKind.PERSUASION
        note = ctx.rng.choice(roster_names.FOLLOW_UP_NOTES[kind])
        case.follow_ups.append(FollowUpSpec(date, kind, note))


def rejoin_later(ctx: YearContext, pupil: PupilSpec, event: EventSpec) -> None:
    """A return or resumption: at once when it falls in this school year, else when its year comes."""
    if school_year_of(event.date) == ctx.year:
        pupil.record(event)
    else:
        pupil.rejoin = event


def senior_dropouts(ctx: YearContext, in_school: list[PupilSpec]) -> None:
    """Senior pupils past compulsory age who leave: the event only, no 控辍保学 case."""
    pool = [p for p in in_school if p.grade >= 10]
    wanted = ctx.count(SENIOR_DROPOUT_RATE, len(pool))
    for pupil in ctx.pick(pool, wanted):
        if wanted == 0:
            return
        date = ctx.date()
        if age_on(pupil.person.birth_date, date) not in COMPULSORY_AGES:
            ctx.take(pupil)
            reason = ctx.rng.choice(roster_names.SENIOR_DROPOUT_REASONS)
            pupil.record(
                EventSpec(
                    StudentEventKind.DROP_OUT, date, pupil.school, StudentStatus.DROPPED_OUT, reason=reason
                )
            )
            wanted -= 1


def suspensions(ctx: YearContext, in_school: list[PupilSpec]) -> None:
    """休学 for illness; most come back the next September, into the same grade."""
    pool = [p for p in in_school if p.grade >= 1]
    for pupil in ctx.pick(pool, SUSPENSIONS_PER_YEAR)[:SUSPENSIONS_PER_YEAR]:
        ctx.take(pupil)
        reason = ctx.rng.choice(roster_names.SUSPENSION_REASONS)
        pupil.record(
            EventSpec(
                StudentEventKind.SUSPEND, ctx.date(), pupil.school, StudentStatus.SUSPENDED, reason=reason
            )
        )
        if ctx.year < CURRENT_YEAR and ctx.rng.random() < RESUME_CHANCE:
            resumed = dt.date(ctx.year + 1, 9, 1)
            pupil.rejoin = EventSpec(StudentEventKind.RESUME, resumed, pupil.school, StudentStatus.IN_SCHOOL)


def deaths(ctx: YearContext, in_school: list[PupilSpec]) -> None:
    wanted = DEATHS.get(ctx.year, 0)
    for pupil in ctx.pick(in_school, wanted)[:wanted]:
        ctx.take(pupil)
        reason = ctx.rng.choice(roster_names.DEATH_REASONS)
        pupil.record(
            EventSpec(StudentEventKind.DEATH, ctx.date(), pupil.school, StudentStatus.DECEASED, reason=reason)
        )


def rejoins(ctx: YearContext) -> None:
    """The returns and resumptions that fall in this year, decided in an earlier one."""
    for pupil in ctx.roster.pupils:
        if pupil.rejoin is not None and school_year_of(pupil.rejoin.date) == ctx.year:
            pupil.record(pupil.rejoin)
            pupil.rejoin = None
