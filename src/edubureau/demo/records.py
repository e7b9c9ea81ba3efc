"""The demo's people in memory: pupils, classes, teachers and what happened to them, before they are
written. Each record gets its row's `pk` once written, for the rows that refer to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from edubureau.demo.plan import SchoolSpec
from edubureau.lib.school_year import school_year_of
from edubureau.registry.choices_people import Household, StudentStatus

# The demo's "today": fixed, so that one seed always gives the same history.
DEMO_TODAY = dt.date(2026, 11, 23)
CURRENT_YEAR = school_year_of(DEMO_TODAY)
YEARS = (CURRENT_YEAR - 2, CURRENT_YEAR - 1, CURRENT_YEAR)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@dataclass(eq=False, slots=True)
class ClassSpec:
    """One class (班级) of one school year; a multi-grade class carries its lowest grade."""

    school: SchoolSpec
    school_year: int
    grade: int
    number: int
    class_type: str
    head_teacher: TeacherSpec | None = None
    pk: int | None = None


@dataclass(eq=False, slots=True)
class EventSpec:
    """One change of a pupil's registration, at `school`."""

    kind: str
    date: dt.date
    school: SchoolSpec
    status_after: str
    counterpart_school: SchoolSpec | None = None
    counterpart_name: str = ""
    reason: str = ""


@dataclass(eq=False, slots=True)
class Person:
    """Who someone is: what the ID number says, and the name."""

    name: str
    sex: str  # Sex choice: "1" male, "2" female
    birth_date: dt.date
    id_number: str


@dataclass(eq=False, slots=True)
class PupilSpec:
    """One pupil's registration (学籍) and the state the yearly planning moves along: the grade and
    class section they are in, and the return (复学) waiting for them after a dropout or 休学."""

    person: Person
    has_id: bool
    student_number: str
    school: SchoolSpec
    grade: int
    enrolment_date: dt.date
    status: str
    ethnicity: str = "01"
    household: str = Household.LOCAL
    is_left_behind: bool = False
    is_migrant: bool = False
    disability_type: str = ""
    disability_placement: str = ""
    is_registered_poor: bool = False
    is_dibao: bool = False
    is_boarder: bool = False
    section: int = 0
    school_class: ClassSpec | None = None
    rejoin: EventSpec | None = None
    events: list[EventSpec] = field(default_factory=list)
    pk: int | None = None

    def record(self, event: EventSpec) -> None:
        """Append an event and take the status and school it leaves the pupil in."""
        self.events.append(event)
        self.status = event.status_after
        self.school = event.school


@dataclass(eq=False, slots=True)
class TransferSpec:
    pupil: PupilSpec
    from_school: SchoolSpec
    to_school: SchoolSpec
    date: dt.date
    reason: str


@dataclass(eq=False, slots=True)
class FollowUpSpec:
    date: dt.date
    kind: str
    note: str


@dataclass(eq=False, slots=True)
class CaseSpec:
    """A 控辍保学 case: a compulsory-age pupil who dropped out, and what was done."""

    pupil: PupilSpec
    school: SchoolSpec
    dropped_on: dt.date
    reason: str
    follow_ups: list[FollowUpSpec] = field(default_factory=list)
    outcome: str = ""
    closed_on: dt.date | None = None


@dataclass(eq=False, slots=True)
class TeacherEventSpec:
    """One change of a teacher's career, at `school`."""

    kind: str
    date: dt.date
    school: SchoolSpec
    end_date: dt.date | None = None
    counterpart_school: SchoolSpec | None = None
    counterpart_name: str = ""
    note: str = ""


@dataclass(eq=False, slots=True)
class TeacherSpec:
    """One member of staff (教职工)."""

    person: Person
    school: SchoolSpec
    stage: str
    post: str
    staffing: str
    degree: str
    title: str
    start_year: int
    subjects: list[str] = field(default_factory=list)
    backbone_level: str = ""
    is_dual_qualified: bool = False
    has_licence: bool = True
    is_active: bool = True
    joined_year: int = 0  # the school year the teacher came to this school (0: before the window)
    training: list[tuple[int, float]] = field(default_factory=list)
    events: list[TeacherEventSpec] = field(default_factory=list)
    pk: int | None = None


@dataclass(eq=False)
class CountyRoster:
    """One county's rosters: classes of the three school years, pupils, teachers and their history."""

    classes: list[ClassSpec] = field(default_factory=list)
    pupils: list[PupilSpec] = field(default_factory=list)
    transfers: list[TransferSpec] = field(default_factory=list)
    cases: list[CaseSpec] = field(default_factory=list)
    teachers: list[TeacherSpec] = field(default_factory=list)

    def in_school(self) -> list[PupilSpec]:
        return [pupil for pupil in self.pupils if pupil.status == StudentStatus.IN_SCHOOL]
