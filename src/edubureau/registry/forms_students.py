from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.registry.choices import SchoolStatus
from edubureau.registry.choices_people import FollowUpKind
from edubureau.registry.models import School, Student


class DatedForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def clean_date(self) -> Any:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date %(date)s is in the future."), params={"date": date})
        return date


class TransferForm(DatedForm):
    to_school = forms.ModelChoiceField(label=_("To school"), queryset=School.objects.none())

    def __init__(self, *args: Any, student: Student, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any open school of the county may receive the pupil, not only those in the clerk's scope.
        field = self.fields["to_school"]
        field.queryset = (  # type: ignore[attr-defined]
            School.objects.filter(county_id=student.school.county_id, status=SchoolStatus.OPEN)
            .exclude(pk=student.school_id)
            .only("pk", "name")
        )


class FollowUpForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Measure"), choices=FollowUpKind.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
