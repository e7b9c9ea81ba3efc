"""Forms for one teacher's career changes. Field names are the services' keyword arguments, so that a
view passes `cleaned_data` as it is and a service's refusal naming an argument lands on its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.registry.choices import SchoolStatus
from edubureau.registry.models import School, Teacher


def _not_in_future(date: dt.date) -> dt.date:
    if date > timezone.localdate():
        raise forms.ValidationError(_("The date %(date)s is in the future."), params={"date": date})
    return date


def other_county_schools(teacher: Teacher) -> QuerySet[School]:
    """The open schools of the teacher's county but their own: any of them may receive the teacher,
    not only those in the clerk's scope."""
    return (
        School.objects.filter(county_id=teacher.school.county_id, status=SchoolStatus.OPEN)
        .exclude(pk=teacher.school_id)
        .only("pk", "name")
    )


class TeacherChangeForm(forms.Form):
    """What every change carries: the day it took effect and a note. Used as it is for retirement."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, teacher: Teacher, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teacher = teacher

    def clean_date(self) -> dt.date:
        return _not_in_future(self.cleaned_data["date"])


class TeacherTransferForm(TeacherChangeForm):
    to_school = forms.ModelChoiceField(label=_("Receiving school"), queryset=School.objects.none())
    field_order = ("to_school", "date", "note")

    def __init__(self, *args: Any, teacher: Teacher, **kwargs: Any) -> None:
        super().__init__(*args, teacher=teacher, **kwargs)
        self.fields["to_school"].queryset = other_county_schools(teacher)  # type: ignore[attr-defined]


class TeacherLeaveForm(TeacherChangeForm):
    destination_name = forms.CharField(
        label=_("Destination outside the county"),
        max_length=100,
        help_text=_("The county, city or employer the teacher goes to."),
    )
    field_order = ("destination_name", "date", "note")


class TeacherExchangeForm(forms.Form):
    exchange_school = forms.ModelChoiceField(label=_("Exchange school"), queryset=School.objects.none())
    start = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, teacher: Teacher, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teacher = teacher
        self.fields["exchange_school"].queryset = other_county_schools(teacher)  # type: ignore[attr-defined]

    def clean_start(self) -> dt.date:
        return _not_in_future(self.cleaned_data["start"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("Must be after the start date, %(start)s.") % {"start": start})
        return data
