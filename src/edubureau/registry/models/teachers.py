"""Teachers and staff (教职工), their subjects, yearly training hours and career events."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import TimeStampedModel
from edubureau.registry.choices_people import (
    BackboneLevel,
    Degree,
    Post,
    Sex,
    Staffing,
    Stage,
    TeacherEventKind,
    Title,
)
from edubureau.registry.models.places import School
from edubureau.registry.querysets import SchoolScopedQuerySet, TeacherScopedQuerySet


class Subject(models.Model):
    """A subject taught (任教学科), from the national curriculum list; 体育、音乐、美术 feed indicator L3."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=32, unique=True)
    is_sport_or_art = models.BooleanField(_("sport or art"), default=False)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Teacher(TimeStampedModel):
    """A member of staff (教职工) of one school, identified by the 身份证号."""

    id_number = models.CharField(_("ID number"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=50, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="teachers"
    )
    staffing = models.CharField(
        _("staffing"), max_length=16, choices=Staffing.choices, default=Staffing.ESTABLISHED
    )
    post = models.CharField(_("post"), max_length=16, choices=Post.choices, default=Post.FULL_TIME_TEACHER)
    degree = models.CharField(_("highest degree"), max_length=16, choices=Degree.choices)
    title = models.CharField(
        _("professional title"), max_length=16, choices=Title.choices, default=Title.NONE
    )
    subjects = models.ManyToManyField(
        Subject, verbose_name=_("subjects taught"), blank=True, related_name="teachers"
    )
    stage = models.CharField(_("stage taught"), max_length=16, choices=Stage.choices, blank=True, default="")
    backbone_level = models.CharField(
        _("backbone teacher level"), max_length=16, choices=BackboneLevel.choices, blank=True, default=""
    )
    is_dual_qualified = models.BooleanField(_("dual-qualified teacher"), default=False)  # 双师型
    has_licence = models.BooleanField(_("teaching licence"), default=True)
    start_year = models.PositiveSmallIntegerField(_("year started teaching"), null=True, blank=True)
    is_active = models.BooleanField(_("in service"), default=True)

    objects: ClassVar[SchoolScopedQuerySet] = SchoolScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")
        ordering = ["school", "name"]
        indexes = [
            models.Index(fields=["school", "post"], name="teacher_school_post_idx"),
            models.Index(fields=["title"], name="teacher_title_idx"),
            models.Index(fields=["degree"], name="teacher_degree_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class TrainingRecord(models.Model):
    """Continuing-education hours (继续教育学时) of one teacher in one calendar year."""

    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="training"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)

    objects: ClassVar[TeacherScopedQuerySet] = TeacherScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["teacher", "-year"]
        constraints = [models.UniqueConstraint(fields=["teacher", "year"], name="training_one_per_year")]

    def __str__(self) -> str:
        return f"{self.teacher} {self.year}: {self.hours}"


class TeacherEvent(models.Model):
    """A career event: transferred in or out, an exchange rotation (交流轮岗) with its school and
    dates, retirement."""

    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=16, choices=TeacherEventKind.choices)
    date = models.DateField(_("date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    counterpart_school = models.ForeignKey(
        School,
        verbose_name=_("counterpart school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Where a teacher who left the county went (调往…), as students' events name it. The database
    # default lets the import's bulk INSERT, which names only the columns it fills, leave it out.
    counterpart_name = models.CharField(
        _("counterpart outside the county"), max_length=100, blank=True, default="", db_default=""
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects: ClassVar[SchoolScopedQuerySet] = SchoolScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("teacher event")
        verbose_name_plural = _("teacher events")
        ordering = ["teacher", "date", "pk"]
        indexes = [models.Index(fields=["school", "kind", "date"], name="teacher_event_school_idx")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
