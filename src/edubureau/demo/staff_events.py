"""Teachers' careers over the demo's three school years: retirements, moves out of, within and into
the county (调出、调动、调入), the yearly 交流轮岗 (about a tenth of eligible teachers, a quarter of
them 骨干), continuing-education hours for the last three calendar years, and the classes each
teacher heads (班主任)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

from edubureau.demo import roster_names
from edubureau.demo.layout import SEAT, Layout
from edubureau.demo.plan import SchoolSpec
from edubureau.demo.records import DEMO_TODAY, YEARS, ClassSpec, TeacherEventSpec, TeacherSpec, age_on
from edubureau.demo.staff import StaffPlanner, stage_of
from edubureau.lib.school_year import school_year_of
from edubureau.registry.choices import SchoolType
from edubureau.registry.choices_people import BackboneLevel, Post, Staffing, Stage, TeacherEventKind, Title

TRAINING_YEARS = tuple(range(DEMO_TODAY.year - 3, DEMO_TODAY.year))  # the last three full calendar years
RETIRED_SHARE = 0.025
LEFT_COUNTY_SHARE = 0.004
MOVED_SHARE = 0.01
CAME_IN_SHARE = 0.006
EXCHANGE_SHARE = 0.1
EXCHANGE_BACKBONE_SHARE = 0.25
EXCHANGE_YEARS = 6  # 在同一学校任教满6年 before a teacher is due to rotate
HEAD_TEACHER_SHARE = 0.95
MIN_COLLEAGUES = 4  # teachers leave or move only from schools with at least this many of their stage
EXCHANGE_TYPES = frozenset(
    {
        SchoolType.PRIMARY,
        SchoolType.JUNIOR_HIGH,
        SchoolType.NINE_YEAR,
        SchoolType.COMPLETE_SECONDARY,
    }
)


def _count(share: float, total: int) -> int:
    return max(1, round(share * total)) if total else 0


def _summer_day(planner: StaffPlanner, year: int) -> dt.date:
    """A day of the summer holiday before school year `year`: when teachers change schools."""
    return dt.date(year, 8, planner.rng.randint(15, 31))


def plan_careers(planner: StaffPlanner, teachers: list[TeacherSpec]) -> list[TeacherSpec]:
    """The teachers' events, plus the retired teachers (not in service) the county still lists."""
    retired = retirements(planner, teachers)
    left_county(planner, teachers)
    moves_in_county(planner, teachers)
    came_in(planner, teachers)
    for year in YEARS:
        exchanges(planner, teachers, year)
    everyone = teachers + retired
    for teacher in everyone:
        training(planner, teacher)
    return everyone


def retirements(planner: StaffPlanner, teachers: list[TeacherSpec]) -> list[TeacherSpec]:
    """Teachers who reached retirement age (women 55, men 60) since the start of the first year."""
    rng = planner.rng
    first_day = dt.date(YEARS[0], 9, 1)
    retired: list[TeacherSpec] = []
    for colleague in rng.sample(teachers, min(len(teachers), _count(RETIRED_SHARE, len(teachers)))):
        male = rng.random() < 0.45
        retired_on = first_day + dt.timedelta(days=rng.randrange((DEMO_TODAY - first_day).days))
        age = 60 if male else 55
        birth = dt.date(retired_on.year - age, retired_on.month, min(retired_on.day, 28))
        person = planner.people.person(birth, male=male, young=False)
        layout = planner.layout_of[colleague.school]
        teacher = planner.teacher(layout, colleague.stage, colleague.post, person=person)
        teacher.is_active, teacher.staffing = False, Staffing.ESTABLISHED
        teacher.title = rng.choice((Title.FIRST, Title.SENIOR)) if colleague.stage else Title.NONE
        teacher.events.append(TeacherEventSpec(TeacherEventKind.RETIREMENT, retired_on, teacher.school))
        retired.append(teacher)
    return retired


def _movable(teachers: list[TeacherSpec]) -> list[TeacherSpec]:
    """Teachers in service without events yet, at a school that keeps enough of them if they go."""
    teaching = [t for t in teachers if t.is_active and t.post == Post.FULL_TIME_TEACHER]
    colleagues = Counter((t.school, t.stage) for t in teaching)
    return [t for t in teaching if not t.events and colleagues[(t.school, t.stage)] >= MIN_COLLEAGUES]


def left_county(planner: StaffPlanner, teachers: list[TeacherSpec]) -> None:
    """Teachers transferred to another county: no longer in service here, the place they went to
    named as the event's counterpart outside the county."""
    pool = [t for t in _movable(teachers) if age_on(t.person.birth_date, DEMO_TODAY) < 50]
    for teacher in planner.rng.sample(pool, min(len(pool), _count(LEFT_COUNTY_SHARE, len(teachers)))):
        destination = planner.rng.choice(roster_names.OUTSIDE_PLACES)
        day = _summer_day(planner, planner.rng.choice(YEARS))
        teacher.events.append(
            TeacherEventSpec(TeacherEventKind.TRANSFER_OUT, day, teacher.school, counterpart_name=destination)
        )
        teacher.is_active = False


def _schools_teaching(planner: StaffPlanner, stage: str) -> list[Layout]:
    return planner.teaching.get(stage, [])


def moves_in_county(planner: StaffPlanner, teachers: list[TeacherSpec]) -> None:
    """Teachers moved to another school of the county: 调出 at the old school, 调入 at the new."""
    rng = planner.rng
    pool = _movable(teachers)
    for teacher in rng.sample(pool, min(len(pool), _count(MOVED_SHARE, len(teachers)))):
        targets = [
            lay for lay in _schools_teaching(planner, teacher.stage) if lay.school is not teacher.school
        ]
        if not targets:
            continue
        weights = [3.0 if lay.setting == SEAT else 1.0 for lay in targets]
        new = rng.choices(targets, weights)[0].school
        year = rng.choice(YEARS)
        day, old, note = (
            _summer_day(planner, year),
            teacher.school,
            rng.choice(roster_names.TEACHER_TRANSFER_NOTES),
        )
        teacher.events.append(
            TeacherEventSpec(TeacherEventKind.TRANSFER_OUT, day, old, counterpart_school=new, note=note)
        )
        teacher.events.append(
            TeacherEventSpec(TeacherEventKind.TRANSFER_IN, day, new, counterpart_school=old, note=note)
        )
        teacher.school, teacher.joined_year = new, year


def came_in(planner: StaffPlanner, teachers: list[TeacherSpec]) -> None:
    """Teachers who came from another county."""
    rng = planner.rng
    pool = _movable(teachers)
    for teacher in rng.sample(pool, min(len(pool), _count(CAME_IN_SHARE, len(teachers)))):
        year = rng.choice(YEARS)
        note = rng.choice(roster_names.OUTSIDE_TEACHER_NOTES)
        teacher.events.append(
            TeacherEventSpec(
                TeacherEventKind.TRANSFER_IN, _summer_day(planner, year), teacher.school, note=note
            )
        )
        teacher.joined_year = year


def _eligible_for_exchange(teacher: TeacherSpec, year: int) -> bool:
    return (
        teacher.is_active
        and teacher.post == Post.FULL_TIME_TEACHER
        and teacher.staffing == Staffing.ESTABLISHED
        and teacher.stage in (Stage.PRIMARY, Stage.JUNIOR)
        and teacher.school.school_type in EXCHANGE_TYPES
        and teacher.start_year <= year - EXCHANGE_YEARS
        and teacher.joined_year <= year - EXCHANGE_YEARS
        and age_on(teacher.person.birth_date, dt.date(year, 9, 1)) < 55
        and not any(event.kind == TeacherEventKind.EXCHANGE for event in teacher.events)
    )


def exchanges(planner: StaffPlanner, teachers: list[TeacherSpec], year: int) -> None:
    """交流轮岗 for school year `year`: a tenth of the eligible teachers, 骨干 first."""
    rng = planner.rng
    eligible = [t for t in teachers if _eligible_for_exchange(t, year)]
    wanted = round(EXCHANGE_SHARE * len(eligible))
    backbone = [t for t in eligible if t.backbone_level != BackboneLevel.NONE]
    others = [t for t in eligible if t.backbone_level == BackboneLevel.NONE]
    chosen = rng.sample(backbone, min(len(backbone), math.ceil(EXCHANGE_BACKBONE_SHARE * wanted)))
    chosen += rng.sample(others, min(len(others), wanted - len(chosen)))
    for teacher in chosen:
        home = planner.layout_of[teacher.school]
        from_seat = home.setting == SEAT
        targets = [
            lay
            for lay in _schools_teaching(planner, teacher.stage)
            if (lay.setting == SEAT) != from_seat and lay.school.school_type in EXCHANGE_TYPES
        ]
        if not targets:
            continue
        note = roster_names.EXCHANGE_NOTES[0] if from_seat else rng.choice(roster_names.EXCHANGE_NOTES[1:])
        teacher.events.append(
            TeacherEventSpec(
                TeacherEventKind.EXCHANGE,
                dt.date(year, 9, 1),
                teacher.school,
                end_date=dt.date(year + 1, 8, 31),
                counterpart_school=rng.choice(targets).school,
                note=note,
            )
        )


def _departed_year(teacher: TeacherSpec) -> int | None:
    """The school year a teacher no longer in service left in."""
    if teacher.is_active or not teacher.events:
        return None
    return school_year_of(teacher.events[-1].date)


def training(planner: StaffPlanner, teacher: TeacherSpec) -> None:
    """继续教育学时 for each full calendar year in service: mostly 72 or more, some short."""
    if teacher.post not in (Post.FULL_TIME_TEACHER, Post.ADMINISTRATION):
        return
    departed = _departed_year(teacher)
    for year in TRAINING_YEARS:
        if teacher.start_year <= year and (departed is None or departed >= year):
            low, high = (72, 120) if planner.rng.random() < 0.82 else (40, 71)
            teacher.training.append((year, planner.rng.randint(low * 2, high * 2) / 2))


def _available(teacher: TeacherSpec, year: int) -> bool:
    """Whether the teacher taught at their school in school year `year` (not yet gone, not away on
    交流轮岗)."""
    departed = _departed_year(teacher)
    away = any(e.kind == TeacherEventKind.EXCHANGE and e.date.year == year for e in teacher.events)
    return (
        teacher.start_year <= year
        and teacher.joined_year <= year
        and (departed is None or departed >= year)
        and not away
    )


def assign_head_teachers(
    planner: StaffPlanner, classes: list[ClassSpec], teachers: list[TeacherSpec]
) -> None:
    """Most classes get a head teacher (班主任) of their school and stage, one class each a year
    where the school has enough teachers."""
    pools: dict[tuple[SchoolSpec, str], list[TeacherSpec]] = {}
    for teacher in teachers:
        if teacher.post == Post.FULL_TIME_TEACHER:
            pools.setdefault((teacher.school, teacher.stage), []).append(teacher)
    queues: dict[tuple[SchoolSpec, str, int], tuple[list[TeacherSpec], list[TeacherSpec]]] = {}
    for school_class in classes:
        if planner.rng.random() >= HEAD_TEACHER_SHARE:
            continue
        key = (
            school_class.school,
            stage_of(school_class.school, school_class.grade),
            school_class.school_year,
        )
        if key not in queues:
            pool = [t for t in pools.get(key[:2], []) if _available(t, key[2])]
            planner.rng.shuffle(pool)
            queues[key] = (pool, list(pool))
        everyone, free = queues[key]
        if everyone:
            school_class.head_teacher = free.pop() if free else planner.rng.choice(everyone)
