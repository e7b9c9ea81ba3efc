from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from edubureau.core.scoping import SCHOOL_ROLES
from edubureau.registry.choices import AreaLevel, SchoolStatus
from edubureau.registry.models import Area, School, validate_school_code

# What a school may correct about itself; identity, type, township and status are the bureau's.
SCHOOL_SELF_SERVICE_FIELDS = ("address", "principal", "phone", "is_boarding")


class SchoolForm(forms.ModelForm[School]):
    # Declared so that a code of the wrong length gets the message naming the value (the model
    # field's own length check would answer first, and say less).
    code = forms.CharField(
        label=_("school identification code"), max_length=64, validators=[validate_school_code]
    )

    class Meta:
        model = School
        fields = (
            "code",
            "name",
            "school_type",
            "ownership",
            "urban_rural",
            "township",
            "address",
            "principal",
            "phone",
            "is_boarding",
            "demonstration_level",
            "parent",
            "is_counted_as_school",
            "status",
            "status_date",
            "merged_into",
        )
        widgets = {"status_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        townships = Area.objects.visible_to(user).filter(level=AreaLevel.TOWNSHIP)
        schools = School.objects.visible_to(user).only("pk", "name", "code")
        if "township" in self.fields:
            self.fields["township"].queryset = townships  # type: ignore[attr-defined]
        for name in ("parent", "merged_into"):
            if name in self.fields:
                field = self.fields[name]
                field.queryset = schools.exclude(pk=self.instance.pk) if self.instance.pk else schools  # type: ignore[attr-defined]
        if getattr(user, "role", None) in SCHOOL_ROLES:
            for name in list(self.fields):
                if name not in SCHOOL_SELF_SERVICE_FIELDS:
                    del self.fields[name]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        clash = School.objects.filter(code=code).exclude(pk=self.instance.pk).only("name").first()
        if clash is not None:
            raise ValidationError(
                _("The school identification code “%(code)s” is already used by “%(school)s”."),
                code="duplicate",
                params={"code": code, "school": clash.name},
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status", self.instance.status)
        if "status" in self.fields:
            if status == SchoolStatus.MERGED and not data.get("merged_into"):
                self.add_error("merged_into", _("A merged school must name the school it was merged into."))
            if status != SchoolStatus.OPEN and not data.get("status_date"):
                self.add_error("status_date", _("Give the date the school was merged or suspended."))
        return data

    def validate_unique(self) -> None:
        # clean_code() gives the duplicate-code message with the other school's name.
        self._validate_unique = False
        super().validate_unique()


class AreaForm(forms.ModelForm[Area]):
    class Meta:
        model = Area
        fields = ("code", "name", "level", "parent")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Area.objects.visible_to(user)
        self.fields["parent"].queryset = parents.exclude(pk=self.instance.pk) if self.instance.pk else parents  # type: ignore[attr-defined]
