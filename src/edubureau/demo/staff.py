"""The demo county's teachers and staff (教职工), planned from the current year's pupils.

Each school gets 专任教师 for each stage it teaches at a realistic 生师比 (lower in villages, where
small schools still need a teacher per class or two), plus about a tenth more non-teaching staff
at the larger schools. Age, sex, degree, title, subjects and 骨干 levels follow the stage and place.
Their careers (retirements, moves, 交流轮岗, training hours, classes they head) are in `staff_events`.
"""

from __future__ import annotations

import math
import random
from collections import Counter

from edubureau.demo.identity import IdAllocator, PeopleFactory
from edubureau.demo.layout import SEAT, VILLAGE, Layout
from edubureau.demo.plan import CountyPlan, SchoolSpec
from edubureau.demo.records import DEMO_TODAY, CountyRoster, Person, TeacherSpec, age_on
from edubureau.registry.choices import Ownership, SchoolType
from edubureau.registry.choices_people import BackboneLevel, Degree, Post, Staffing, Stage, Title

# Pupils per 专任教师, by stage and place (county seat, town, village).
RATIOS: dict[str, tuple[float, float, float]] = {
    Stage.PRESCHOOL: (15.0, 15.5, 15.5),
    Stage.PRIMARY: (21.0, 18.0, 13.5),
    Stage.JUNIOR: (14.0, 13.0, 12.5),
    Stage.SENIOR: (12.5, 12.5, 12.5),
    Stage.VOCATIONAL: (17.0, 17.0, 17.0),
    Stage.SPECIAL: (3.5, 3.5, 3.5),
}
PLACES = (SEAT, "town", VILLAGE)
MINIMUM_TEACHERS: dict[str, int] = {SchoolType.PRIMARY_TEACHING_POINT: 2, SchoolType.PRIMARY: 3}
STAFF_SHARE = 0.1  # non-teaching staff per 专任教师, at schools with at least 10 of them
FEMALE_SHARE: dict[str, float] = {
    Stage.PRESCHOOL: 0.97,
    Stage.PRIMARY: 0.75,
    Stage.JUNIOR: 0.55,
    Stage.SENIOR: 0.48,
    Stage.VOCATIONAL: 0.45,
    Stage.SPECIAL: 0.7,
}
DEGREES = (Degree.POSTGRADUATE, Degree.BACHELOR, Degree.JUNIOR_COLLEGE, Degree.SENIOR_SECONDARY)
DEGREE_WEIGHTS = {
    Stage.PRESCHOOL: (0, 35, 55, 10),
    Stage.PRIMARY: (1, 55, 41, 3),
    Stage.JUNIOR: (2, 86, 12, 0),
    Stage.SENIOR: (12, 87, 1, 0),
    Stage.VOCATIONAL: (8, 80, 12, 0),
    Stage.SPECIAL: (3, 67, 30, 0),
    "": (0, 40, 40, 20),
}
# Subjects taught (Subject codes) and how often, by stage.
SUBJECTS: dict[str, dict[str, int]] = {
    Stage.PRESCHOOL: {"preschool": 90, "music": 5, "art": 5},
    Stage.PRIMARY: {
        "chinese": 32, "mathematics": 28, "english": 8, "pe": 7, "music": 5, "art": 5, "science": 4,
        "morality_law": 4, "it": 2, "mental_health": 1, "labour": 1, "practice": 1, "other": 2,
    },
    Stage.JUNIOR: {
        "chinese": 15, "mathematics": 15, "english": 14, "physics": 7, "chemistry": 5, "biology": 6,
        "history": 6, "geography": 6, "morality_law": 6, "pe": 7, "music": 3, "art": 3, "it": 3,
        "mental_health": 1,
    },
    Stage.SENIOR: {
        "chinese": 14, "mathematics": 14, "english": 14, "physics": 10, "chemistry": 8, "biology": 8,
        "history": 6, "geography": 6, "politics": 6, "pe": 6, "music": 2, "art": 2, "it": 3,
        "mental_health": 1,
    },
    Stage.VOCATIONAL: {
        "vocational": 50, "chinese": 8, "mathematics": 8, "english": 6, "politics": 5, "pe": 5, "it": 8,
        "art": 3, "music": 2, "history": 2, "other": 3,
    },
    Stage.SPECIAL: {"special": 70, "pe": 10, "music": 10, "art": 10},
}  # fmt: skip
START_AGES: dict[str, int] = {Degree.POSTGRADUATE: 25, Degree.BACHELOR: 22, Degree.JUNIOR_COLLEGE: 20}
SPORT_AND_ART = ("pe", "music", "art")
BACKBONE = ((BackboneLevel.PROVINCE, 0.006), (BackboneLevel.CITY, 0.025), (BackboneLevel.COUNTY, 0.06))


def stage_of(school: SchoolSpec, grade: int) -> str:
    """The stage (学段) a class of `grade` at `school` is taught in."""
    if school.school_type == SchoolType.VOCATIONAL_HIGH:
        return Stage.VOCATIONAL
    if school.school_type == SchoolType.SPECIAL_OTHER:
        return Stage.SPECIAL
    if grade <= 0:
        return Stage.PRESCHOOL
    return Stage.PRIMARY if grade <= 6 else Stage.JUNIOR if grade <= 9 else Stage.SENIOR


def stages_taught(layout: Layout) -> list[str]:
    return list(dict.fromkeys(stage_of(layout.school, grade) for grade in layout.grades))


class StaffPlanner:
    """Plans one county's teachers from its own generator."""

    def __init__(
        self, seed: int, county: CountyPlan, ids: IdAllocator, layouts: list[Layout], fraction: float
    ) -> None:
        self.rng = random.Random(f"{seed}-staff-{county.number}")
        self.people = PeopleFactory(self.rng, ids, county.county.code)
        self.layouts = layouts
        self.layout_of = {layout.school: layout for layout in layouts}
        self.teaching: dict[str, list[Layout]] = {}  # the schools teaching each stage
        for layout in layouts:
            for stage in stages_taught(layout):
                self.teaching.setdefault(stage, []).append(layout)
        self.fraction = fraction

    def plan(self, roster: CountyRoster) -> list[TeacherSpec]:
        pupils = Counter((pupil.school, stage_of(pupil.school, pupil.grade)) for pupil in roster.in_school())
        teachers: list[TeacherSpec] = []
        for layout in self.layouts:
            school_teachers: list[TeacherSpec] = []
            for stage in stages_taught(layout):
                count = self.teachers_needed(layout, stage, pupils[(layout.school, stage)])
                school_teachers += [self.teacher(layout, stage) for _ in range(count)]
                self.cover_sport_and_art([t for t in school_teachers if t.stage == stage], layout)
            school_teachers += self.support_staff(layout, len(school_teachers))
            teachers += school_teachers
        return teachers

    def teachers_needed(self, layout: Layout, stage: str, pupils: int) -> int:
        if pupils == 0:
            return 0
        ratio = RATIOS[stage][PLACES.index(layout.setting)]
        minimum = MINIMUM_TEACHERS.get(layout.school.school_type, 1) if layout.setting == VILLAGE else 1
        minimum = max(1, round(minimum * min(1.0, self.fraction)))
        return max(minimum, math.ceil(pupils / ratio))

    def support_staff(self, layout: Layout, teachers: int) -> list[TeacherSpec]:
        count = round(teachers * STAFF_SHARE) if teachers >= 10 else 0
        posts = self.rng.choices(
            (Post.ADMINISTRATION, Post.TEACHING_SUPPORT, Post.WORKER), (5, 3, 2), k=count
        )
        return [self.teacher(layout, "", post) for post in posts]

    def age(self, layout: Layout, female: bool) -> int:
        """Teachers' ages: county-seat schools in their forties, villages both young 特岗 teachers and
        old local ones, private kindergartens young."""
        if layout.school.ownership == Ownership.PRIVATE:
            age = self.rng.gauss(28, 5)
        elif layout.setting == VILLAGE:
            age = self.rng.gauss(28, 4) if self.rng.random() < 0.45 else self.rng.gauss(50, 5)
        else:
            age = self.rng.gauss(40 if layout.setting == SEAT else 42, 9)
        return max(22, min(54 if female else 59, round(age)))

    def teacher(
        self, layout: Layout, stage: str, post: str = Post.FULL_TIME_TEACHER, *, person: Person | None = None
    ) -> TeacherSpec:
        """A member of staff; `person` when who they are is already known (a retired teacher)."""
        if person is None:
            female = self.rng.random() < FEMALE_SHARE.get(stage, 0.5)
            person = self.people.adult(self.age(layout, female), male=not female, today=DEMO_TODAY)
        age = age_on(person.birth_date, DEMO_TODAY)
        degree = self.degree(stage, age, layout)
        teacher = TeacherSpec(
            person,
            layout.school,
            stage,
            post,
            self.staffing(layout, post),
            degree,
            self.title(age, stage, layout) if post == Post.FULL_TIME_TEACHER else Title.NONE,
            self.start_year(person.birth_date.year, degree),
        )
        if post == Post.FULL_TIME_TEACHER:
            self.teaching_details(teacher, layout, age)
        else:
            teacher.has_licence = post == Post.ADMINISTRATION and self.rng.random() < 0.8
        return teacher

    def teaching_details(self, teacher: TeacherSpec, layout: Layout, age: int) -> None:
        teacher.subjects = self.subjects(teacher.stage)
        teacher.backbone_level = self.backbone(layout, age, teacher.title)
        vocational = teacher.subjects[0] == "vocational"
        teacher.is_dual_qualified = self.rng.random() < (
            0.6 if vocational else 0.1 if teacher.stage == Stage.VOCATIONAL else 0.0
        )
        private = layout.school.ownership == Ownership.PRIVATE
        teacher.has_licence = self.rng.random() < (0.85 if private else 0.975)

    def staffing(self, layout: Layout, post: str) -> str:
        if layout.school.ownership == Ownership.PRIVATE:
            return Staffing.NON_ESTABLISHED
        chance = 0.35 if post == Post.WORKER else 0.9
        return Staffing.ESTABLISHED if self.rng.random() < chance else Staffing.NON_ESTABLISHED

    def degree(self, stage: str, age: int, layout: Layout) -> str:
        weights = list(DEGREE_WEIGHTS[stage])
        if age >= 48 or layout.school.ownership == Ownership.PRIVATE:
            weights[2] += weights[1] // 3
            weights[3] += weights[1] // 10
        return self.rng.choices(DEGREES, weights)[0]

    def title(self, age: int, stage: str, layout: Layout) -> str:
        if layout.school.ownership == Ownership.PRIVATE:
            return self.rng.choices((Title.NONE, Title.THIRD, Title.SECOND), (70, 15, 15))[0]
        senior_bonus = 10 if stage in (Stage.SENIOR, Stage.VOCATIONAL) else 0
        if age < 25:
            options: tuple[str, ...] = (Title.NONE, Title.THIRD, Title.SECOND)
            weights = [50, 40, 10]
        elif age < 32:
            options, weights = (Title.THIRD, Title.SECOND, Title.FIRST), [10, 65, 25]
        elif age < 42:
            options, weights = (Title.SECOND, Title.FIRST, Title.SENIOR), [30, 55, 15 + senior_bonus]
        else:
            options = (Title.SECOND, Title.FIRST, Title.SENIOR, Title.FULL_SENIOR)
            weights = [10, 50, 37 + senior_bonus, 3]
        return self.rng.choices(options, weights)[0]

    def start_year(self, birth_year: int, degree: str) -> int:
        years = START_AGES.get(degree, 19)
        return min(DEMO_TODAY.year, birth_year + years + self.rng.choice((0, 0, 1, 2)))

    def subjects(self, stage: str) -> list[str]:
        pool = SUBJECTS[stage]
        first = self.rng.choices(list(pool), list(pool.values()))[0]
        if stage in (Stage.PRIMARY, Stage.JUNIOR) and self.rng.random() < 0.12:
            second = self.rng.choices(list(pool), list(pool.values()))[0]
            return [first] if second == first else [first, second]
        return [first]

    def cover_sport_and_art(self, teachers: list[TeacherSpec], layout: Layout) -> None:
        """Schools of some size have 体育、音乐、美术 teachers; small village schools share the
        teaching out (包班), and only some manage it."""
        if not teachers or teachers[0].stage not in (Stage.PRIMARY, Stage.JUNIOR):
            return
        wanted = [
            code for code, least in zip(SPORT_AND_ART, (4, 6, 8), strict=True) if len(teachers) >= least
        ]
        if not wanted and self.rng.random() < 0.4:
            wanted = [self.rng.choice(SPORT_AND_ART)]
        for code in wanted:
            if any(code in teacher.subjects for teacher in teachers):
                continue
            others = [t for t in teachers if not set(t.subjects) & set(SPORT_AND_ART)]
            chosen = self.rng.choice(others or teachers)
            chosen.subjects = [code] if len(teachers) >= 6 else [*chosen.subjects, code]

    def backbone(self, layout: Layout, age: int, title: str) -> str:
        """骨干教师: about 6% county, 2.5% city and 0.6% province level among experienced teachers,
        more of them in the county seat."""
        if age < 30 or title in (Title.NONE, Title.THIRD):
            return BackboneLevel.NONE
        factor = {SEAT: 1.4, VILLAGE: 0.6}.get(layout.setting, 1.0)
        draw = self.rng.random()
        for level, chance in BACKBONE:
            if draw < chance * factor:
                return level
            draw -= chance * factor
        return BackboneLevel.NONE
