"""Users, their organisation units and supervision zones: the facts data scope is computed from."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from edubureau.accounts.choices import OrgUnitKind
from edubureau.accounts.querysets import OrgUnitQuerySet, ScopedUserManager
from edubureau.core.models import TimeStampedModel
from edubureau.core.roles import Role
from edubureau.core.scoping import SCHOOL_ROLES
from edubureau.registry.choices import AreaLevel
from edubureau.registry.models import Area, School


class OrgUnit(TimeStampedModel):
    """An organisation unit: the bureau (局), one of its sections (股室), a township central school
    (中心校, tied to its township) or a school (tied to its registry record)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="org_units",
        help_text=_("The county of a bureau or section; the township of a township central school."),
    )
    school = models.OneToOneField(
        School,
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="org_unit",
    )

    objects: Any = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == OrgUnitKind.SCHOOL and self.school_id is None:
            raise ValidationError({"school": _("A school unit must name its school.")})
        if self.kind == OrgUnitKind.TOWNSHIP and (self.area is None or self.area.level != AreaLevel.TOWNSHIP):
            raise ValidationError({"area": _("A township central school must name its township.")})


class SupervisionZone(TimeStampedModel):
    """A supervisor's responsibility zone (督学责任区): the schools one 责任督学 looks after."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    schools = models.ManyToManyField(
        School, verbose_name=_("schools"), related_name="supervision_zones", blank=True
    )

    class Meta:
        verbose_name = _("supervision zone")
        verbose_name_plural = _("supervision zones")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Which kind of unit each role belongs to.
ROLE_UNIT_KINDS: dict[str, set[str]] = {
    Role.TOWNSHIP_SCHOOL: {OrgUnitKind.TOWNSHIP},
    Role.SCHOOL_ADMIN: {OrgUnitKind.SCHOOL},
    Role.SCHOOL_CLERK: {OrgUnitKind.SCHOOL},
    Role.SECTION_STAFF: {OrgUnitKind.SECTION, OrgUnitKind.BUREAU},
    Role.LEADER: {OrgUnitKind.BUREAU, OrgUnitKind.SECTION},
    Role.SUPERVISOR: {OrgUnitKind.BUREAU, OrgUnitKind.SECTION},
}


class User(AbstractUser):
    """A person who signs in: bureau staff, a supervisor, a school's administrator or clerk."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organisation unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    zone = models.ForeignKey(
        SupervisionZone,
        verbose_name=_("supervision zone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervisors",
    )

    objects: ClassVar[ScopedUserManager] = ScopedUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        indexes = [models.Index(fields=["role"], name="user_role_idx")]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        kinds = ROLE_UNIT_KINDS.get(self.role)
        unit = self.org_unit
        if kinds and (unit is None or unit.kind not in kinds):
            raise ValidationError(
                {
                    "org_unit": _("This role needs an organisation unit of kind: %(kinds)s.")
                    % {"kinds": "、".join(str(OrgUnitKind(kind).label) for kind in sorted(kinds))}
                }
            )
        if self.role == Role.SUPERVISOR and self.zone_id is None:
            raise ValidationError({"zone": _("A supervisor needs a supervision zone.")})

    def scope_facts(self) -> tuple[int | None, int | None, list[int]]:
        """The facts `core.scoping` derives the data scope from."""
        unit = self.org_unit
        area_pk = unit.area_id if unit is not None else None
        school_pk = unit.school_id if unit is not None and self.role in SCHOOL_ROLES else None
        zone_pks: list[int] = []
        if self.role == Role.SUPERVISOR and self.zone_id is not None:
            zone_pks = list(
                SupervisionZone.schools.through.objects.filter(supervisionzone_id=self.zone_id).values_list(
                    "school_id", flat=True
                )
            )
        return area_pk, school_pk, zone_pks
