"""The registry: administrative areas (行政区划) and schools (学校)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import TimeStampedModel
from edubureau.registry.choices import (
    AreaLevel,
    DemonstrationLevel,
    Ownership,
    SchoolStatus,
    SchoolType,
    UrbanRural,
)
from edubureau.registry.querysets import AreaQuerySet, SchoolQuerySet

area_code_validator = RegexValidator(
    r"^(\d{6}|\d{9}|\d{12})$",
    _("An area code (行政区划代码) has 6 digits (province, city, county), 9 (township) or 12."),
    code="area_code",
)


def validate_school_code(value: str) -> None:
    """学校标识码: exactly 10 ASCII digits."""
    if not (len(value) == 10 and value.isascii() and value.isdigit()):
        raise ValidationError(
            _("The school identification code must be exactly 10 digits (0–9); “%(value)s” is not."),
            code="school_code",
            params={"value": value},
        )


class Area(TimeStampedModel):
    """An administrative area (行政区划): province, city, county or township, with its GB/T 2260 code."""

    code = models.CharField(_("area code"), max_length=12, unique=True, validators=[area_code_validator])
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=16, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects: ClassVar[AreaQuerySet] = AreaQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class School(TimeStampedModel):
    """A school, kindergarten, teaching point or site (学校), identified by its 10-digit 学校标识码."""

    code = models.CharField(
        _("school identification code"), max_length=10, unique=True, validators=[validate_school_code]
    )
    name = models.CharField(_("school name"), max_length=100, db_index=True)
    school_type = models.CharField(_("school type"), max_length=3, choices=SchoolType.choices, db_index=True)
    ownership = models.CharField(
        _("ownership"), max_length=2, choices=Ownership.choices, default=Ownership.PUBLIC
    )
    urban_rural = models.CharField(_("urban-rural code"), max_length=3, choices=UrbanRural.choices)
    township = models.ForeignKey(
        Area,
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="schools",
        limit_choices_to={"level": AreaLevel.TOWNSHIP},
    )
    # Denormalised from township.parent so that county-level filters and scopes take one join.
    county = models.ForeignKey(
        Area,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="county_schools",
        editable=False,
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    principal = models.CharField(_("principal"), max_length=50, blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9+\-() ]{5,20}$", _("Enter a valid phone number."))],
    )
    is_boarding = models.BooleanField(_("boarding school"), default=False)
    demonstration_level = models.CharField(
        _("demonstration level"), max_length=16, choices=DemonstrationLevel.choices, blank=True, default=""
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sites",
        help_text=_("For teaching points and for sites not counted as schools."),
    )
    is_counted_as_school = models.BooleanField(_("counted as a school"), default=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SchoolStatus.choices, default=SchoolStatus.OPEN
    )
    status_date = models.DateField(_("status date"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_schools",
    )

    objects: ClassVar[SchoolQuerySet] = SchoolQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["township", "school_type"], name="school_township_type_idx"),
            models.Index(fields=["county", "school_type"], name="school_county_type_idx"),
            models.Index(fields=["urban_rural"], name="school_urban_rural_idx"),
            models.Index(fields=["ownership"], name="school_ownership_idx"),
            models.Index(fields=["status"], name="school_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class SchoolHistory(models.Model):
    """One change in a school's history (沿革): renamed, re-typed, merged, closed — with the fields
    that changed. Business history shown on the school's page, distinct from the audit log."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="history"
    )
    changed_at = models.DateTimeField(_("time"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.CharField(_("summary"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("school history entry")
        verbose_name_plural = _("school history")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.school} {self.summary}"
