"""Writes to teachers' careers (教职工变动): a move between two schools of the county (调动), leaving
the county (调出), an exchange rotation (交流轮岗) and retirement (退休). Each is a TeacherEvent; the
teacher's row holds the current state (school, in service), as pupils' rows do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.audit import FieldChanges, record_change
from edubureau.core.models import AuditAction
from edubureau.core.roles import Perm
from edubureau.registry.choices import SchoolStatus
from edubureau.registry.choices_people import TeacherEventKind
from edubureau.registry.models import School, Teacher, TeacherEvent


def _lock_teacher_in_scope(actor: Any, teacher: Teacher) -> None:
    """Refuse without registry.change_teacher or outside the actor's scope; otherwise lock the row until
    commit and refresh what the checks read, in case another clerk's change landed since the form."""
    if not actor.has_perm(Perm.CHANGE_TEACHER):
        raise PermissionDenied
    current = (
        Teacher.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .filter(pk=teacher.pk)
        .only("pk", "is_active", "school_id")
        .first()
    )
    if current is None:
        raise PermissionDenied
    teacher.is_active, teacher.school_id = current.is_active, current.school_id


def _refuse_unless_in_service(teacher: Teacher) -> None:
    if not teacher.is_active:
        raise ValidationError(
            _("%(name)s is no longer in service: retired or left the county.") % {"name": teacher.name}
        )


def _refuse_impossible_date(teacher: Teacher, date: dt.date, field: str = "date") -> None:
    """A change happens today or before, not before the teacher started teaching, and not before the
    last change on record (the history is read in date order)."""
    if date > timezone.localdate():
        raise ValidationError({field: _("The date %(date)s is in the future.") % {"date": date}})
    if teacher.start_year and date.year < teacher.start_year:
        raise ValidationError(
            {
                field: _("The date %(date)s is before %(name)s started teaching, in %(year)s.")
                % {"date": date, "name": teacher.name, "year": teacher.start_year}
            }
        )
    last = TeacherEvent.objects.filter(teacher=teacher).aggregate(last=Max("date"))["last"]
    if last is not None and date < last:
        raise ValidationError(
            {
                field: _("The date %(date)s is before the last recorded change of %(name)s, on %(last)s.")
                % {"date": date, "name": teacher.name, "last": last}
            }
        )


def _refuse_unless_other_open_school(teacher: Teacher, school: School, field: str) -> None:
    if school.pk == teacher.school_id:
        raise ValidationError(
            {field: _("%(name)s is already at %(school)s.") % {"name": teacher.name, "school": school.name}}
        )
    if school.status != SchoolStatus.OPEN or school.county_id != teacher.school.county_id:
        raise ValidationError(
            {field: _("%(school)s is not an open school of the county.") % {"school": school.name}}
        )


def _record(actor: Any, teacher: Teacher, changes: FieldChanges) -> None:
    record_change(actor=actor, action=AuditAction.UPDATE, instance=teacher, changes=changes)


@transaction.atomic
def transfer_teacher(
    *, actor: Any, teacher: Teacher, to_school: School, date: dt.date, note: str = ""
) -> tuple[TeacherEvent, TeacherEvent]:
    """Move a teacher in service to another open school of the county (县内调动): a 调出 event at the
    old school and a 调入 event at the new one, and the teacher's school changes. Needs
    registry.change_teacher and the teacher in the actor's scope; the receiving school need not be
    (as for pupils' transfers: the sending school decides, the receiving one sees the teacher arrive)."""
    _lock_teacher_in_scope(actor, teacher)
    _refuse_unless_in_service(teacher)
    _refuse_unless_other_open_school(teacher, to_school, "to_school")
    _refuse_impossible_date(teacher, date)
    from_school = teacher.school
    events = TeacherEvent.objects.bulk_create(
        [
            TeacherEvent(
                teacher=teacher,
                kind=TeacherEventKind.TRANSFER_OUT,
                date=date,
                school=from_school,
                counterpart_school=to_school,
                note=note,
                recorded_by=actor,
            ),
            TeacherEvent(
                teacher=teacher,
                kind=TeacherEventKind.TRANSFER_IN,
                date=date,
                school=to_school,
                counterpart_school=from_school,
                note=note,
                recorded_by=actor,
            ),
        ]
    )
    teacher.school = to_school
    teacher.save(update_fields=["school", "updated_at"])
    changes: FieldChanges = {"event": [None, "transfer"], "school_id": [from_school.pk, to_school.pk]}
    _record(actor, teacher, {**changes, **_end_running_exchange(teacher, date)})
    return events[0], events[1]


@transaction.atomic
def record_teacher_leaving(
    *, actor: Any, teacher: Teacher, date: dt.date, destination_name: str, note: str = ""
) -> TeacherEvent:
    """A teacher leaves the county's schools (调出县外): a 调出 event naming where they go, and the
    teacher is no longer in service here. Needs registry.change_teacher and the teacher in scope."""
    _lock_teacher_in_scope(actor, teacher)
    _refuse_unless_in_service(teacher)
    destination_name = destination_name.strip()
    if not destination_name:
        raise ValidationError({"destination_name": _("Name the place or unit the teacher goes to.")})
    _refuse_impossible_date(teacher, date)
    return _record_departure(
        actor, teacher, TeacherEventKind.TRANSFER_OUT, date, note, counterpart_name=destination_name
    )


@transaction.atomic
def retire_teacher(*, actor: Any, teacher: Teacher, date: dt.date, note: str = "") -> TeacherEvent:
    """A teacher retires (退休): a retirement event at their school, and no longer in service. Needs
    registry.change_teacher and the teacher in the actor's scope."""
    _lock_teacher_in_scope(actor, teacher)
    _refuse_unless_in_service(teacher)
    _refuse_impossible_date(teacher, date)
    return _record_departure(actor, teacher, TeacherEventKind.RETIREMENT, date, note)


def _record_departure(
    actor: Any, teacher: Teacher, kind: str, date: dt.date, note: str, counterpart_name: str = ""
) -> TeacherEvent:
    event = TeacherEvent.objects.create(
        teacher=teacher,
        kind=kind,
        date=date,
        school_id=teacher.school_id,
        counterpart_name=counterpart_name,
        note=note,
        recorded_by=actor,
    )
    teacher.is_active = False
    teacher.save(update_fields=["is_active", "updated_at"])
    changes: FieldChanges = {"event": [None, kind], "is_active": [True, False]}
    _record(actor, teacher, {**changes, **_end_running_exchange(teacher, date)})
    return event


def _end_running_exchange(teacher: Teacher, date: dt.date) -> FieldChanges:
    """A teacher who moves or leaves ends an exchange still running that day: it is cut short to the
    date of the move, and the change is returned for the audit entry."""
    running = (
        TeacherEvent.objects.filter(teacher=teacher, kind=TeacherEventKind.EXCHANGE, date__lte=date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=date))
        .first()
    )
    if running is None:
        return {}
    planned_end = running.end_date
    running.end_date = date
    running.save(update_fields=["end_date"])
    return {"exchange_end_date": [planned_end.isoformat() if planned_end else None, date.isoformat()]}


@transaction.atomic
def record_exchange(
    *, actor: Any, teacher: Teacher, exchange_school: School, start: dt.date, end: dt.date, note: str = ""
) -> TeacherEvent:
    """交流轮岗: a teacher in service teaches at another open school of the county from `start` to
    `end`. One EXCHANGE event at the home school naming the exchange school; the teacher stays on the
    home school's staff (the personnel relationship does not move). Needs registry.change_teacher
    and the teacher in the actor's scope; the exchange school need not be."""
    _lock_teacher_in_scope(actor, teacher)
    _refuse_unless_in_service(teacher)
    _refuse_unless_other_open_school(teacher, exchange_school, "exchange_school")
    if end <= start:
        raise ValidationError({"end": _("Must be after the start date, %(start)s.") % {"start": start}})
    _refuse_impossible_date(teacher, start, "start")
    _refuse_overlapping_exchange(teacher, start, end)
    event = TeacherEvent.objects.create(
        teacher=teacher,
        kind=TeacherEventKind.EXCHANGE,
        date=start,
        end_date=end,
        school_id=teacher.school_id,
        counterpart_school=exchange_school,
        note=note,
        recorded_by=actor,
    )
    changes: FieldChanges = {
        "event": [None, "exchange"],
        "exchange_school_id": [None, exchange_school.pk],
        "start": [None, start.isoformat()],
        "end": [None, end.isoformat()],
    }
    _record(actor, teacher, changes)
    return event


def _refuse_overlapping_exchange(teacher: Teacher, start: dt.date, end: dt.date) -> None:
    """One exchange at a time: a teacher cannot teach at two other schools in the same weeks."""
    overlapping = (
        TeacherEvent.objects.filter(teacher=teacher, kind=TeacherEventKind.EXCHANGE, date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "start": _("%(name)s is already on an exchange from %(start)s to %(end)s.")
                % {"name": teacher.name, "start": overlapping.date, "end": overlapping.end_date or "—"}
            }
        )
