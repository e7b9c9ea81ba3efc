"""Writes to pupils' registrations. A change of school or status is always an event; the pupil's row
holds the current state, so the roster at any past date can be rebuilt from the events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from edubureau.core.audit import record_change, record_create, record_update, snapshot
from edubureau.core.models import AuditAction
from edubureau.core.roles import Perm
from edubureau.lib.school_year import school_year_of
from edubureau.registry.choices_people import (
    STATUS_AFTER_EVENT,
    DropoutOutcome,
    Grade,
    StudentEventKind,
    StudentStatus,
)
from edubureau.registry.models import (
    DropoutCase,
    DropoutFollowUp,
    School,
    SchoolClass,
    Student,
    StudentEvent,
    Transfer,
)
from edubureau.registry.models.students import class_for_grade, mixed_class_above

# 义务教育适龄: from the September after the sixth birthday to the end of the year the pupil turns 15.
COMPULSORY_AGES = range(6, 16)


def _require_student_in_scope(actor: Any, student: Student) -> None:
    """Refuse without registry.change_student or outside the actor's scope. Every service calls it
    before it looks at the pupil's status, so that the refusal tells an outsider nothing of them."""
    if (
        not actor.has_perm(Perm.CHANGE_STUDENT)
        or not Student.objects.visible_to(actor).filter(pk=student.pk).exists()
    ):
        raise PermissionDenied


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@transaction.atomic
def record_student_event(
    *,
    actor: Any,
    student: Student,
    kind: str,
    date: dt.date,
    reason: str = "",
    counterpart_school: School | None = None,
    counterpart_name: str = "",
) -> StudentEvent:
    """Record one event at the pupil's current school and move the pupil to the status it leaves them
    in. Needs registry.change_student and the pupil in the actor's scope."""
    _require_student_in_scope(actor, student)
    return _write_event(
        actor=actor,
        student=student,
        kind=kind,
        date=date,
        reason=reason,
        counterpart_school=counterpart_school,
        counterpart_name=counterpart_name,
    )


def _write_event(
    *,
    actor: Any,
    student: Student,
    kind: str,
    date: dt.date,
    reason: str = "",
    counterpart_school: School | None = None,
    counterpart_name: str = "",
) -> StudentEvent:
    """`record_student_event` once the caller has checked permission and scope."""
    before = snapshot(student, ["status", "school_id"])
    event = StudentEvent.objects.create(
        student=student,
        kind=kind,
        date=date,
        school=student.school,
        reason=reason,
        counterpart_school=counterpart_school,
        counterpart_name=counterpart_name,
        status_after=STATUS_AFTER_EVENT[kind],
        recorded_by=actor,
    )
    student.status = event.status_after
    student.save(update_fields=["status", "updated_at"])
    changes = {
        key: [value, getattr(student, key)] for key, value in before.items() if value != getattr(student, key)
    }
    record_change(
        actor=actor, action=AuditAction.UPDATE, instance=student, changes={"event": [None, kind], **changes}
    )
    return event


def in_school_elsewhere(*, id_number: str | None, student_number: str, school: School) -> Student | None:
    """The pupil already 在读 at another school, by 学籍号 or 身份证号, if there is one."""
    candidates = Student.objects.filter(status=StudentStatus.IN_SCHOOL).exclude(school=school)
    match = candidates.filter(student_number=student_number).select_related("school").first()
    if match is None and id_number:
        match = candidates.filter(id_number=id_number).select_related("school").first()
    return match


@transaction.atomic
def transfer_student(
    *, actor: Any, student: Student, to_school: School, date: dt.date, reason: str = ""
) -> Transfer:
    """Move a pupil 在读 at one school of the county to another: one Transfer both schools see, a
    转出 event at the old school and a 转入 event at the new one. Needs registry.change_student and
    the pupil in scope (the receiving school need not be)."""
    _require_student_in_scope(actor, student)
    if student.status != StudentStatus.IN_SCHOOL:
        raise ValidationError(
            _("Only a pupil in school can be transferred; %(name)s is “%(status)s”.")
            % {"name": student.name, "status": student.get_status_display()}
        )
    if to_school.pk == student.school_id:
        raise ValidationError(_("The pupil is already at %(school)s.") % {"school": to_school.name})
    from_school = student.school
    transfer = Transfer.objects.create(
        student=student,
        from_school=from_school,
        to_school=to_school,
        date=date,
        reason=reason,
        recorded_by=actor,
    )
    StudentEvent.objects.bulk_create(
        [
            StudentEvent(
                student=student,
                kind=StudentEventKind.TRANSFER_OUT,
                date=date,
                school=from_school,
                counterpart_school=to_school,
                reason=reason,
                status_after=StudentStatus.TRANSFERRED_OUT,
                recorded_by=actor,
            ),
            StudentEvent(
                student=student,
                kind=StudentEventKind.TRANSFER_IN,
                date=date,
                school=to_school,
                counterpart_school=from_school,
                reason=reason,
                status_after=StudentStatus.IN_SCHOOL,
                recorded_by=actor,
            ),
        ]
    )
    student.school, student.school_class = to_school, None
    student.save(update_fields=["school", "school_class", "updated_at"])
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=student,
        changes={"school_id": [from_school.pk, to_school.pk], "event": [None, "transfer"]},
    )
    return transfer


@transaction.atomic
def register_dropout(*, actor: Any, student: Student, date: dt.date, reason: str = "") -> DropoutCase | None:
    """Register a pupil 在读 as dropped out. A compulsory-age pupil (6–15) is put on the 控辍保学 ledger,
    whose case is returned; older pupils get only the event. Needs registry.change_student and the
    pupil in scope."""
    _require_student_in_scope(actor, student)
    if student.status != StudentStatus.IN_SCHOOL:
        raise ValidationError(
            _("Only a pupil in school can drop out; %(name)s is “%(status)s”.")
            % {"name": student.name, "status": student.get_status_display()}
        )
    _write_event(actor=actor, student=student, kind=StudentEventKind.DROP_OUT, date=date, reason=reason)
    if age_on(student.birth_date, date) not in COMPULSORY_AGES:
        return None
    return DropoutCase.objects.create(student=student, school=student.school, dropped_on=date, reason=reason)


@transaction.atomic
def add_dropout_follow_up(
    *, actor: Any, case: DropoutCase, date: dt.date, kind: str, note: str = ""
) -> DropoutFollowUp:
    """Record an action taken on an open dropout case. Needs registry.change_student and scope."""
    _require_student_in_scope(actor, case.student)
    if not case.is_open:
        raise ValidationError(_("This dropout case is closed."))
    follow_up = DropoutFollowUp.objects.create(case=case, date=date, kind=kind, note=note, recorded_by=actor)
    record_change(actor=actor, action=AuditAction.CREATE, instance=follow_up, changes={"kind": [None, kind]})
    return follow_up


@transaction.atomic
def return_to_school(*, actor: Any, student: Student, date: dt.date, reason: str = "") -> StudentEvent:
    """A dropped-out pupil is persuaded back (劝返复学): 在读 again, and their open case closed. Needs
    registry.change_student and the pupil in scope."""
    _require_student_in_scope(actor, student)
    if student.status != StudentStatus.DROPPED_OUT:
        raise ValidationError(_("%(name)s has not dropped out.") % {"name": student.name})
    event = _write_event(actor=actor, student=student, kind=StudentEventKind.RETURN, date=date, reason=reason)
    DropoutCase.objects.filter(student=student, closed_on__isnull=True).update(
        outcome=DropoutOutcome.RETURNED, closed_on=date
    )
    return event


# A pupil whose registration left the county's schools may be admitted again with the same 学籍号:
# after 毕业 at the next stage (升学), after 转出 when the family comes back.
READMITTABLE = frozenset({StudentStatus.GRADUATED, StudentStatus.TRANSFERRED_OUT})
# Says that the date is too early, never when the pupil left (which would tell where they were).
READMITTED_BEFORE_LEAVING = gettext_noop(
    "The enrolment date is before the pupil left their previous school: a pupil is on one roster at a time."
)


@transaction.atomic
def enrol_student(
    *, actor: Any, student: Student, grade: int | None = None, class_number: int | None = None
) -> Student:
    """Register a pupil (入学登记) 在读 at `student.school` in `grade`, with its ENROL event and, given a
    class number, its class of that school year (`class_for_pupil`). A saved `student` is a
    re-admission (升学, return from outside the county) and must have graduated or transferred out;
    it leaves its old class. Needs registry.change_student and the new school in scope; refuses a
    pupil 在读 elsewhere, naming the school, and a class that cannot take the grade (an error of the
    `class_number` field)."""
    if (
        not actor.has_perm(Perm.CHANGE_STUDENT)
        or not School.objects.visible_to(actor).filter(pk=student.school_id).exists()
    ):
        raise PermissionDenied
    _refuse_if_registered(actor, student)
    before = None if student.pk is None else snapshot(Student.objects.get(pk=student.pk))
    _place(student, grade, class_number)
    student.status = StudentStatus.IN_SCHOOL
    student.save()
    StudentEvent.objects.create(
        student=student,
        kind=StudentEventKind.ENROL,
        date=student.enrolment_date,
        school=student.school,
        status_after=StudentStatus.IN_SCHOOL,
        recorded_by=actor,
    )
    if before is None:
        record_create(actor=actor, instance=student)
    else:
        record_update(actor=actor, instance=student, before=before)
    return student


def _place(student: Student, grade: int | None, class_number: int | None) -> None:
    """The pupil's grade and class at their (new) school: a re-admitted pupil leaves the old class."""
    student.grade, student.school_class = grade, None
    if class_number is None:
        return
    if grade is None:
        raise ValidationError({"grade": _("A class number needs the grade.")})
    student.school_class = class_for_pupil(
        school=student.school,
        school_year=school_year_of(student.enrolment_date),
        grade=grade,
        number=class_number,
    )


def class_for_pupil(*, school: School, school_year: int, grade: int, number: int) -> SchoolClass:
    """The class a pupil of `grade` joins when named by class `number`: the grade's own class of that
    number; else a multi-grade class of that number that holds the grade; else a new class of the
    grade, unless the stage's class of that number is a multi-grade class recorded under a higher
    grade (refused, naming the class and the grade)."""
    classes = list(SchoolClass.objects.filter(school=school, school_year=school_year, number=number))
    found = class_for_grade(classes, grade)
    if found is not None:
        return found
    above = mixed_class_above(classes, grade)
    if above is not None:
        raise ValidationError({"class_number": class_refuses_grade_message(str(above), grade)})
    school_class, _created = SchoolClass.objects.get_or_create(
        school=school, school_year=school_year, grade=grade, number=number
    )
    return school_class


def class_refuses_grade_message(class_name: str, grade: int) -> str:
    return _(
        "%(class)s takes pupils of its own grade and of the grades above it in the same stage, "
        "not of %(grade)s."
    ) % {"class": class_name, "grade": Grade(grade).label}


def _refuse_if_registered(actor: Any, student: Student) -> None:
    elsewhere = in_school_elsewhere(
        id_number=student.id_number, student_number=student.student_number, school=student.school
    )
    if elsewhere is not None and elsewhere.pk != student.pk:
        raise ValidationError(registered_elsewhere_message(actor, elsewhere.school))
    if student.pk is not None:
        stored = Student.objects.values("status", "id_number", "birth_date", "sex").get(pk=student.pk)
        if stored["status"] not in READMITTABLE:
            raise ValidationError(_("Only a pupil who graduated or transferred out can be admitted again."))
        same_id = not stored["id_number"] or stored["id_number"] == student.id_number
        if not same_id or (stored["birth_date"], stored["sex"]) != (student.birth_date, student.sex):
            raise ValidationError(_("The ID number, birth date and sex must be those of the registration."))
        left_on = StudentEvent.objects.filter(student_id=student.pk).aggregate(last=Max("date"))["last"]
        if left_on is not None and student.enrolment_date < left_on:
            raise ValidationError({"enrolment_date": _(READMITTED_BEFORE_LEAVING)})


def registered_elsewhere_message(actor: Any, school: School) -> str:
    """Where a pupil is registered, said only to someone who may see that school: a clerk must not be
    able to find out which school any child of the county attends."""
    if School.objects.visible_to(actor).filter(pk=school.pk).exists():
        return _("This pupil is in school at %(school)s; record a transfer there instead.") % {
            "school": school.name
        }
    return _("This pupil is registered at another school of the county; ask the registry section.")
