"""Classes (班级), students (学籍) and what happens to them: events, transfers, dropout follow-up."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Protocol, TypeVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import TimeStampedModel
from edubureau.lib.codes import ETHNICITIES
from edubureau.registry.choices_people import (
    MIXED_GRADE_CLASS_TYPES,
    ClassType,
    DisabilityPlacement,
    DisabilityType,
    DropoutOutcome,
    FollowUpKind,
    Grade,
    Household,
    Sex,
    StudentEventKind,
    StudentStatus,
    stage_of_grade,
)
from edubureau.registry.models.places import School
from edubureau.registry.querysets import ByStudentQuerySet, SchoolScopedQuerySet, TransferQuerySet


class SchoolClass(TimeStampedModel):
    """A class (班级) of one school in one school year (2025 = the 2025–2026 学年)."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="classes"
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))
    grade = models.SmallIntegerField(_("grade"), choices=Grade.choices)
    number = models.PositiveSmallIntegerField(_("class number"))
    class_type = models.CharField(
        _("class type"), max_length=16, choices=ClassType.choices, default=ClassType.REGULAR
    )
    head_teacher = models.ForeignKey(
        "registry.Teacher",
        verbose_name=_("head teacher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="head_of_classes",
    )

    objects: ClassVar[SchoolScopedQuerySet] = SchoolScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["school", "-school_year", "grade", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "grade", "number"], name="class_unique_number"
            )
        ]
        indexes = [models.Index(fields=["school_year", "grade"], name="class_year_grade_idx")]

    def __str__(self) -> str:
        return f"{self.get_grade_display()}（{self.number}）班"

    def holds_grade(self, grade: int) -> bool:
        return class_holds_grade(self.grade, self.class_type, grade)


def class_holds_grade(class_grade: int, class_type: str, grade: int) -> bool:
    """Whether a pupil of `grade` may sit in a class of `class_grade`: a class holds its own grade; a
    multi-grade class (复式班), recorded under its lowest grade, also the grades above it of its stage."""
    if grade == class_grade:
        return True
    return (
        class_type in MIXED_GRADE_CLASS_TYPES
        and class_grade < grade
        and stage_of_grade(class_grade) == stage_of_grade(grade)
    )


class GradedClass(Protocol):
    """A class as the choice below needs it: a SchoolClass, or a row of one loaded by an import."""

    @property
    def grade(self) -> int: ...

    @property
    def class_type(self) -> str: ...


_C = TypeVar("_C", bound=GradedClass)


def class_for_grade(classes: Iterable[_C], grade: int) -> _C | None:
    """Of the classes of one school and year that share a class number, the one a pupil of `grade`
    named by that number sits in: the grade's own class, else the multi-grade class of its stage
    nearest below it; None when neither exists."""
    nearest: _C | None = None
    for school_class in classes:
        if school_class.grade == grade:
            return school_class
        holds = class_holds_grade(school_class.grade, school_class.class_type, grade)
        if holds and (nearest is None or school_class.grade > nearest.grade):
            nearest = school_class
    return nearest


def mixed_class_above(classes: Iterable[_C], grade: int) -> _C | None:
    """Of classes sharing a number, the multi-grade class of `grade`'s stage nearest above it, if any.
    Where a stage's class of a number is multi-grade, a grade it does not hold gets no new class of
    that number by itself: the class was named wrongly, or recorded under the wrong grade."""
    above = [
        school_class
        for school_class in classes
        if school_class.class_type in MIXED_GRADE_CLASS_TYPES
        and school_class.grade > grade
        and stage_of_grade(school_class.grade) == stage_of_grade(grade)
    ]
    return min(above, key=lambda school_class: school_class.grade, default=None)


class Student(TimeStampedModel):
    """A pupil's registration (学籍), identified by the 19-character 学籍号; its school and status are
    the current ones, and every change of them is a StudentEvent."""

    student_number = models.CharField(_("student number"), max_length=19, unique=True)
    id_number = models.CharField(_("ID number"), max_length=18, unique=True, null=True, blank=True)
    # No index: the list searches names by substring (icontains), which a B-tree cannot serve, and
    # every import would pay for keeping one in order.
    name = models.CharField(_("name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=ETHNICITIES, default="01")
    household = models.CharField(
        _("household registration"), max_length=8, choices=Household.choices, default=Household.LOCAL
    )
    # No index of its own: (school, status) serves every lookup by school, and each index costs
    # every bulk import of a roster.
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="students", db_index=False
    )
    school_class = models.ForeignKey(
        SchoolClass,
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="students",
    )
    # The pupil's own grade: their class's, or in a multi-grade class one of those it holds. A pupil
    # who left keeps the grade they left (a graduate's is the grade they graduated from), as they keep
    # their last class; empty only where nobody said (registered without a grade). No index: lists
    # narrow by school and status first, and every import would pay for one.
    grade = models.SmallIntegerField(_("grade"), choices=Grade.choices, null=True, blank=True)
    enrolment_date = models.DateField(_("enrolment date"))
    status = models.CharField(
        _("status"), max_length=16, choices=StudentStatus.choices, default=StudentStatus.IN_SCHOOL
    )
    is_left_behind = models.BooleanField(_("left-behind child"), default=False)
    is_migrant = models.BooleanField(_("migrant child"), default=False)
    disability_type = models.CharField(
        _("disability type"), max_length=16, choices=DisabilityType.choices, blank=True, default=""
    )
    disability_placement = models.CharField(
        _("disability placement"), max_length=16, choices=DisabilityPlacement.choices, blank=True, default=""
    )
    is_registered_poor = models.BooleanField(_("registered poor household"), default=False)  # 建档立卡
    is_dibao = models.BooleanField(_("minimum living allowance"), default=False)  # 低保
    is_boarder = models.BooleanField(_("boarder"), default=False)

    objects: ClassVar[SchoolScopedQuerySet] = SchoolScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["school", "school_class", "student_number"]
        indexes = [
            models.Index(fields=["school", "status"], name="student_school_status_idx"),
            models.Index(fields=["status", "birth_date"], name="student_status_birth_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class StudentEvent(models.Model):
    """One change in a pupil's registration (enrolled, transferred, suspended, dropped out …), never
    an overwrite: the roster at any past date is rebuilt from these."""

    # The composite indexes below lead with student and with school; the foreign keys need no others.
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="events", db_index=False
    )
    kind = models.CharField(_("event"), max_length=16, choices=StudentEventKind.choices)
    date = models.DateField(_("date"))
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Never filtered on; only a school's deletion (refused while events point at it) would scan.
    counterpart_school = models.ForeignKey(
        School,
        verbose_name=_("counterpart school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    counterpart_name = models.CharField(_("counterpart outside the county"), max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    status_after = models.CharField(_("status after"), max_length=16, choices=StudentStatus.choices)
    # Users are deactivated, not deleted: no index for the rare SET NULL scan.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects: ClassVar[SchoolScopedQuerySet] = SchoolScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("student event")
        verbose_name_plural = _("student events")
        ordering = ["student", "date", "pk"]
        indexes = [
            models.Index(fields=["student", "date"], name="student_event_date_idx"),
            models.Index(fields=["school", "kind", "date"], name="student_event_school_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class Transfer(models.Model):
    """A transfer between two schools of the county: one record that both schools see."""

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_school = models.ForeignKey(
        School, verbose_name=_("from school"), on_delete=models.PROTECT, related_name="+"
    )
    to_school = models.ForeignKey(
        School, verbose_name=_("to school"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects: ClassVar[TransferQuerySet] = TransferQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["from_school", "date"], name="transfer_from_idx"),
            models.Index(fields=["to_school", "date"], name="transfer_to_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.student} {self.from_school} → {self.to_school}"


class DropoutCase(models.Model):
    """控辍保学: a compulsory-age pupil registered as dropped out, followed up until back in school."""

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="dropout_cases"
    )
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="dropout_cases"
    )
    dropped_on = models.DateField(_("dropped out on"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=DropoutOutcome.choices, blank=True, default=""
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects: ClassVar[SchoolScopedQuerySet] = SchoolScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("dropout case")
        verbose_name_plural = _("dropout cases")
        ordering = ["closed_on", "-dropped_on"]
        indexes = [models.Index(fields=["school", "closed_on"], name="dropout_school_open_idx")]

    def __str__(self) -> str:
        return f"{self.student} {self.dropped_on}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class DropoutFollowUp(models.Model):
    """One action taken on a dropout case: a home visit, a persuasion, teaching sent to the home."""

    case = models.ForeignKey(
        DropoutCase, verbose_name=_("dropout case"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("measure"), max_length=16, choices=FollowUpKind.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects: ClassVar[ByStudentQuerySet] = ByStudentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("dropout follow-up")
        verbose_name_plural = _("dropout follow-ups")
        ordering = ["case", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
