"""Writing the planned rosters: bulk inserts in dependency order (teachers before the classes they
head, classes before their pupils, pupils before their events), each record taking its row's pk."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models

from edubureau.demo.fast_insert import insert_rows, next_pk
from edubureau.demo.plan import SchoolSpec
from edubureau.demo.records import CaseSpec, ClassSpec, CountyRoster, PupilSpec, TeacherSpec
from edubureau.registry.models import (
    DropoutCase,
    DropoutFollowUp,
    SchoolClass,
    Student,
    StudentEvent,
    Subject,
    Teacher,
    TeacherEvent,
    TrainingRecord,
    Transfer,
)

BATCH_SIZE = 2000

_R = TypeVar("_R")
_M = TypeVar("_M", bound=models.Model)


def _pk(spec: SchoolSpec | ClassSpec | TeacherSpec | None) -> int | None:
    return spec.pk if spec is not None else None


def _id(spec: SchoolSpec | ClassSpec | TeacherSpec | PupilSpec) -> int:
    """The pk of a row that must already be written."""
    if spec.pk is None:
        raise RuntimeError("demo rows written out of order")
    return spec.pk


def _insert(model: type[_M], specs: Sequence[_R], build: Callable[[_R], _M]) -> list[_M]:
    """Bulk-insert one row per spec, in order; the rows come back with their pks."""
    return model._default_manager.bulk_create([build(spec) for spec in specs], batch_size=BATCH_SIZE)


def _bulk(model: type[_M], rows: Iterable[_M]) -> None:
    model._default_manager.bulk_create(list(rows), batch_size=BATCH_SIZE)


def write_rosters(rosters: Sequence[CountyRoster]) -> None:
    teachers = [teacher for roster in rosters for teacher in roster.teachers]
    classes = [school_class for roster in rosters for school_class in roster.classes]
    pupils = [pupil for roster in rosters for pupil in roster.pupils]
    write_teachers(teachers)
    write_classes(classes)
    write_pupils(pupils)
    write_transfers(rosters)
    write_cases([case for roster in rosters for case in roster.cases])


def _teacher_row(spec: TeacherSpec) -> Teacher:
    return Teacher(
        id_number=spec.person.id_number,
        name=spec.person.name,
        sex=spec.person.sex,
        birth_date=spec.person.birth_date,
        school_id=_id(spec.school),
        staffing=spec.staffing,
        post=spec.post,
        degree=spec.degree,
        title=spec.title,
        stage=spec.stage,
        backbone_level=spec.backbone_level,
        is_dual_qualified=spec.is_dual_qualified,
        has_licence=spec.has_licence,
        start_year=spec.start_year,
        is_active=spec.is_active,
    )


def write_teachers(teachers: list[TeacherSpec]) -> None:
    """Teachers, their subjects (through the M2M table), training hours and career events."""
    for spec, row in zip(teachers, _insert(Teacher, teachers, _teacher_row), strict=True):
        spec.pk = row.pk
    subjects = dict(Subject.objects.values_list("code", "pk"))
    through = Teacher.subjects.through
    _bulk(
        through,
        (through(teacher_id=_id(t), subject_id=subjects[code]) for t in teachers for code in t.subjects),
    )
    write_teacher_history(teachers)


def write_teacher_history(teachers: list[TeacherSpec]) -> None:
    _bulk(
        TrainingRecord,
        (
            TrainingRecord(teacher_id=_id(t), year=year, hours=Decimal(str(hours)))
            for t in teachers
            for year, hours in t.training
        ),
    )
    _bulk(
        TeacherEvent,
        (
            TeacherEvent(
                teacher_id=_id(t),
                kind=event.kind,
                date=event.date,
                end_date=event.end_date,
                school_id=_id(event.school),
                counterpart_school_id=_pk(event.counterpart_school),
                counterpart_name=event.counterpart_name,
                note=event.note,
            )
            for t in teachers
            for event in t.events
        ),
    )


def write_classes(classes: list[ClassSpec]) -> None:
    rows = _insert(
        SchoolClass,
        classes,
        lambda spec: SchoolClass(
            school_id=_id(spec.school),
            school_year=spec.school_year,
            grade=spec.grade,
            number=spec.number,
            class_type=spec.class_type,
            head_teacher_id=_pk(spec.head_teacher),
        ),
    )
    for spec, row in zip(classes, rows, strict=True):
        spec.pk = row.pk


STUDENT_FIELDS = (
    "id",
    "student_number",
    "id_number",
    "name",
    "sex",
    "birth_date",
    "ethnicity",
    "household",
    "school_id",
    "grade",
    "school_class_id",
    "enrolment_date",
    "status",
    "is_left_behind",
    "is_migrant",
    "disability_type",
    "disability_placement",
    "is_registered_poor",
    "is_dibao",
    "is_boarder",
)
EVENT_FIELDS = (
    "id",
    "student_id",
    "kind",
    "date",
    "school_id",
    "counterpart_school_id",
    "counterpart_name",
    "reason",
    "status_after",
)


def _student_values(spec: PupilSpec) -> tuple[Any, ...]:
    person = spec.person
    return (
        _id(spec),
        spec.student_number,
        person.id_number if spec.has_id else None,
        person.name,
        str(person.sex),
        person.birth_date,
        spec.ethnicity,
        str(spec.household),
        _id(spec.school),
        spec.grade,  # their own: in a multi-grade class, not the class's
        _pk(spec.school_class),
        spec.enrolment_date,
        str(spec.status),
        spec.is_left_behind,
        spec.is_migrant,
        spec.disability_type,
        spec.disability_placement,
        spec.is_registered_poor,
        spec.is_dibao,
        spec.is_boarder,
    )


def _event_rows(pupils: list[PupilSpec], pk: int) -> Iterator[tuple[Any, ...]]:
    """Each pupil's events in the order they happened, numbered on from `pk`: on one day, the later
    event has the larger pk, as `roster_on` expects."""
    for pupil in pupils:
        for event in pupil.events:
            yield (
                pk,
                _id(pupil),
                str(event.kind),
                event.date,
                _id(event.school),
                _pk(event.counterpart_school),
                event.counterpart_name,
                event.reason,
                str(event.status_after),
            )
            pk += 1


def write_pupils(pupils: list[PupilSpec]) -> None:
    """Pupils and their events: the two largest tables, inserted without model instances."""
    for pk, spec in enumerate(pupils, start=next_pk(Student)):
        spec.pk = pk
    insert_rows(Student, STUDENT_FIELDS, (_student_values(spec) for spec in pupils))
    insert_rows(StudentEvent, EVENT_FIELDS, _event_rows(pupils, next_pk(StudentEvent)))


def write_transfers(rosters: Sequence[CountyRoster]) -> None:
    _bulk(
        Transfer,
        (
            Transfer(
                student_id=_id(transfer.pupil),
                from_school_id=_id(transfer.from_school),
                to_school_id=_id(transfer.to_school),
                date=transfer.date,
                reason=transfer.reason,
            )
            for roster in rosters
            for transfer in roster.transfers
        ),
    )


def write_cases(cases: list[CaseSpec]) -> None:
    rows = _insert(
        DropoutCase,
        cases,
        lambda case: DropoutCase(
            student_id=_id(case.pupil),
            school_id=_id(case.school),
            dropped_on=case.dropped_on,
            reason=case.reason,
            outcome=case.outcome,
            closed_on=case.closed_on,
        ),
    )
    _bulk(
        DropoutFollowUp,
        (
            DropoutFollowUp(case_id=row.pk, date=follow_up.date, kind=follow_up.kind, note=follow_up.note)
            for case, row in zip(cases, rows, strict=True)
            for follow_up in case.follow_ups
        ),
    )
