"""The demo county's rosters: pupils, classes and teachers with three school years of history.

The database tests load the demo once per module at a small fraction of its size (every class a
fiftieth of its size, at least one pupil); one test plans the full-size county in memory.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.db import transaction
from django.db.models import F

from edubureau.demo import roster_names
from edubureau.demo.builder import build_plan, load_demo
from edubureau.demo.records import CURRENT_YEAR, DEMO_TODAY, YEARS, age_on
from edubureau.lib.chinese_ids import parse_resident_id, parse_student_number
from edubureau.registry.choices import PRIMARY_TYPES, SchoolStatus, SchoolType
from edubureau.registry.choices_people import (
    ClassType,
    DropoutOutcome,
    Post,
    Sex,
    StudentEventKind,
    StudentStatus,
    TeacherEventKind,
)
from edubureau.registry.models import (
    DropoutCase,
    School,
    SchoolClass,
    Student,
    StudentEvent,
    Teacher,
    TeacherEvent,
    TrainingRecord,
    Transfer,
)
from edubureau.registry.selectors import roster_on

FRACTION = 0.02
IN_SCHOOL = StudentStatus.IN_SCHOOL
SEXES = {"male": Sex.MALE, "female": Sex.FEMALE}
LAST_YEAR_DAY = dt.date(CURRENT_YEAR, 3, 16)  # in the second term of last school year


@pytest.fixture(scope="module")
def rosters(django_db_setup, django_db_blocker):
    """The demo at a fiftieth of its size, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_demo(roster_fraction=FRACTION)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def events(rosters, db) -> dict[int, list[StudentEvent]]:
    """Every pupil's events in the order they happened."""
    by_student: dict[int, list[StudentEvent]] = defaultdict(list)
    for event in StudentEvent.objects.order_by("student", "date", "pk"):
        by_student[event.student_id].append(event)
    return by_student


def test_every_id_number_and_student_number_is_valid_and_agrees_with_the_record(rosters, db):
    students = list(Student.objects.all())
    assert len(students) > 1000
    for student in students:
        number = parse_student_number(student.student_number)
        assert number.birth_date == student.birth_date
        if student.id_number is None:
            assert number.kind == "J"
            continue
        resident = parse_resident_id(student.id_number)
        assert (resident.birth_date, SEXES[resident.sex]) == (student.birth_date, student.sex)
        assert number.kind == "G" and number.id_number == student.id_number
    without_id = sum(student.id_number is None for student in students)
    assert 0 < without_id < len(students) * 0.1


def test_no_id_number_or_student_number_repeats(rosters, db):
    ids = [number for number in Student.objects.values_list("id_number", flat=True) if number]
    ids += list(Teacher.objects.values_list("id_number", flat=True))
    assert len(ids) == len(set(ids))
    assert Student.objects.values("student_number").distinct().count() == Student.objects.count()


def test_each_pupil_starts_with_an_enrolment_and_ends_in_their_status_and_school(rosters, events, db):
    for student in Student.objects.all():
        history = events[student.pk]
        assert history[0].kind == StudentEventKind.ENROL
        assert history[-1].status_after == student.status
        assert history[-1].school_id == student.school_id
        assert [event.pk for event in history] == sorted(event.pk for event in history)
        enrolments = [event for event in history if event.kind == StudentEventKind.ENROL]
        assert enrolments[-1].date == student.enrolment_date


def test_pupils_in_school_sit_in_this_years_class_of_their_school(rosters, db):
    pupils = Student.objects.filter(status=IN_SCHOOL).select_related("school_class")
    assert pupils.exists()
    for pupil in pupils:
        assert pupil.school_class.school_id == pupil.school_id
        assert pupil.school_class.school_year == CURRENT_YEAR


def test_birth_dates_match_the_grade(rosters, db):
    """A pupil of grade g in school year y was born in the September-to-August cohort starting in
    y − 6 − g, or a year or two earlier (a late start, a repeated year); in a multi-grade class too,
    by the pupil's own grade."""
    pupils = Student.objects.filter(status=IN_SCHOOL).exclude(school_class__class_type=ClassType.SPECIAL)
    late = Counter()
    for pupil in pupils.select_related("school_class"):
        cohort = pupil.school_class.school_year - 6 - pupil.grade
        born = pupil.birth_date.year - (pupil.birth_date.month < 9)
        late[cohort - born] += 1
    assert set(late) <= {0, 1, 2}
    assert late[0] > 0.9 * sum(late.values())


def test_every_pupil_has_a_grade_their_class_holds(rosters, db):
    pupils = Student.objects.select_related("school_class")
    assert not pupils.filter(grade__isnull=True).exists()
    for pupil in pupils.exclude(school_class__class_type=ClassType.REGULAR):
        assert pupil.school_class.holds_grade(pupil.grade), (pupil.grade, pupil.school_class)
    assert (
        not pupils.filter(school_class__class_type=ClassType.REGULAR)
        .exclude(grade=F("school_class__grade"))
        .exists()
    )


def test_teaching_points_teach_two_or_three_grades_in_each_multi_grade_class(rosters, db):
    in_class = Student.objects.filter(
        status=IN_SCHOOL, school__school_type=SchoolType.PRIMARY_TEACHING_POINT
    ).values_list("school_class", "school_class__class_type", "grade")
    grades: dict[int, set[int]] = defaultdict(set)
    for school_class, class_type, grade in in_class:
        assert class_type == ClassType.MULTI_GRADE
        grades[school_class].add(grade)
    assert grades
    spans = Counter(len(held) for held in grades.values())
    assert set(spans) <= {1, 2, 3}  # a grade may have no pupil left in a small class
    assert spans[2] and spans[3]


def _place_on(history: list[StudentEvent], day: dt.date) -> tuple[int, str] | None:
    before = [event for event in history if event.date <= day]
    return (before[-1].school_id, before[-1].status_after) if before else None


def test_the_roster_of_last_year_is_what_the_events_say(rosters, events, db):
    for school in School.objects.filter(school_type__in=[SchoolType.PRIMARY, SchoolType.JUNIOR_HIGH])[:12]:
        roster = set(roster_on(school, LAST_YEAR_DAY).values_list("pk", flat=True))
        expected = {
            pk
            for pk, history in events.items()
            if _place_on(history, LAST_YEAR_DAY) == (school.pk, IN_SCHOOL)
        }
        assert roster == expected
    any_school = School.objects.get(code=rosters.counties[0].key_school.code)
    assert roster_on(any_school, LAST_YEAR_DAY).exists()


def test_pupils_who_stayed_were_on_last_years_roster(rosters, events, db):
    """Pupils now in grades 2–6 of a primary school, never moved, were there last year too."""
    stayed = Student.objects.filter(
        status=IN_SCHOOL, school__school_type=SchoolType.PRIMARY, grade__gte=2
    ).exclude(
        events__kind__in=[StudentEventKind.TRANSFER_IN, StudentEventKind.RETURN, StudentEventKind.RESUME]
    )
    assert stayed.exists()
    rosters_then: dict[int, set[int]] = {}
    for pupil in stayed.select_related("school"):
        if pupil.school_id not in rosters_then:
            rosters_then[pupil.school_id] = set(
                roster_on(pupil.school, LAST_YEAR_DAY).values_list("pk", flat=True)
            )
        assert pupil.pk in rosters_then[pupil.school_id]


def test_each_transfer_has_its_two_events(rosters, events, db):
    transfers = list(Transfer.objects.all())
    assert transfers
    for transfer in transfers:
        history = events[transfer.student_id]
        out = [e for e in history if e.kind == StudentEventKind.TRANSFER_OUT and e.date == transfer.date]
        into = [e for e in history if e.kind == StudentEventKind.TRANSFER_IN and e.date == transfer.date]
        assert [(e.school_id, e.counterpart_school_id) for e in out] == [
            (transfer.from_school_id, transfer.to_school_id)
        ]
        assert [(e.school_id, e.counterpart_school_id) for e in into] == [
            (transfer.to_school_id, transfer.from_school_id)
        ]
        assert out[0].pk < into[0].pk
    moved_away = StudentEvent.objects.filter(kind=StudentEventKind.TRANSFER_OUT, counterpart_school=None)
    assert moved_away.exists() and all(event.counterpart_name for event in moved_away)


def test_dropout_cases_are_of_compulsory_age_and_followed_up(rosters, events, db):
    cases = list(DropoutCase.objects.select_related("student").prefetch_related("follow_ups"))
    assert cases
    for case in cases:
        assert 6 <= age_on(case.student.birth_date, case.dropped_on) <= 15
        follow_ups = list(case.follow_ups.all())
        assert 1 <= len(follow_ups) <= 3
        end = case.closed_on or DEMO_TODAY
        assert all(case.dropped_on < follow_up.date < end for follow_up in follow_ups)
        kinds = [e.kind for e in events[case.student_id]]
        assert StudentEventKind.DROP_OUT in kinds
        if case.closed_on is None:
            assert case.student.status == StudentStatus.DROPPED_OUT
        else:
            assert case.outcome == DropoutOutcome.RETURNED
            returns = [e for e in events[case.student_id] if e.kind == StudentEventKind.RETURN]
            assert [e.date for e in returns] == [case.closed_on]


def test_every_event_is_dated_before_today(rosters, db):
    assert not StudentEvent.objects.filter(date__gt=DEMO_TODAY).exists()
    assert not TeacherEvent.objects.filter(date__gt=DEMO_TODAY).exists()


def test_every_open_primary_school_with_pupils_has_teachers(rosters, db):
    schools = School.objects.filter(school_type__in=PRIMARY_TYPES, status=SchoolStatus.OPEN)
    for school in schools.filter(students__status=IN_SCHOOL).distinct():
        assert Teacher.objects.filter(school=school, is_active=True, post=Post.FULL_TIME_TEACHER).exists()
    assert not Student.objects.exclude(school__status=SchoolStatus.OPEN).exists()


def test_teachers_have_valid_ids_subjects_and_three_years_of_training(rosters, db):
    teachers = list(Teacher.objects.prefetch_related("subjects", "training"))
    for teacher in teachers:
        resident = parse_resident_id(teacher.id_number)
        assert (resident.birth_date, SEXES[resident.sex]) == (teacher.birth_date, teacher.sex)
        if teacher.post == Post.FULL_TIME_TEACHER:
            assert teacher.subjects.exists() and teacher.stage
    years = set(TrainingRecord.objects.values_list("year", flat=True))
    assert years == {DEMO_TODAY.year - 3, DEMO_TODAY.year - 2, DEMO_TODAY.year - 1}
    assert Teacher.objects.filter(is_active=False).exists()


def test_teachers_who_left_the_county_name_their_destination_as_the_counterpart(rosters, db):
    left = TeacherEvent.objects.filter(kind=TeacherEventKind.TRANSFER_OUT, counterpart_school=None)
    assert left.exists()
    for event in left.select_related("teacher"):
        assert event.counterpart_name in roster_names.OUTSIDE_PLACES
        assert event.note == ""
        assert not event.teacher.is_active
    moved = TeacherEvent.objects.filter(kind=TeacherEventKind.TRANSFER_OUT).exclude(counterpart_school=None)
    assert moved.exists() and not moved.exclude(counterpart_name="").exists()


def test_head_teachers_teach_at_their_classes_school(rosters, db):
    classes = SchoolClass.objects.exclude(head_teacher=None).select_related("head_teacher")
    assert classes.count() > 0.8 * SchoolClass.objects.count()
    assert all(c.head_teacher.school_id == c.school_id for c in classes)
    assert set(SchoolClass.objects.values_list("school_year", flat=True)) == set(YEARS)


def test_new_rows_get_fresh_keys_after_the_load(rosters, db):
    student = Student.objects.first()
    event = StudentEvent.objects.create(
        student=student, kind=StudentEventKind.DEATH, date=DEMO_TODAY, school=student.school,
        status_after=StudentStatus.DECEASED,
    )  # fmt: skip
    assert event.pk > StudentEvent.objects.exclude(pk=event.pk).order_by("-pk")[0].pk


def test_the_full_size_county_has_the_pupils_and_teachers_the_issue_names():
    plan = build_plan()
    roster = plan.rosters[0]
    in_school = roster.in_school()
    active = [teacher for teacher in roster.teachers if teacher.is_active]
    assert 58_000 <= len(in_school) <= 72_000
    assert 4_000 <= len(active) <= 5_000
    sizes = Counter(id(pupil.school_class) for pupil in in_school)
    this_year = [sizes[id(c)] for c in roster.classes if c.school_year == CURRENT_YEAR]
    assert 1 <= sum(size >= 66 for size in this_year) <= 2
    assert 0 < sum(56 <= size <= 65 for size in this_year) < 0.05 * len(this_year)
    points = Counter(
        p.school.code for p in in_school if p.school.school_type == SchoolType.PRIMARY_TEACHING_POINT
    )
    assert sum(total < 50 for total in points.values()) >= 5


def test_the_same_seed_plans_the_same_rosters():
    def pupils(seed: int) -> list[tuple[str, str, str]]:
        roster = build_plan(seed=seed, roster_fraction=FRACTION).rosters[0]
        return [(p.student_number, p.person.name, p.status) for p in roster.pupils]

    assert pupils(2026) == pupils(2026)
    assert pupils(2026) != pupils(7)
