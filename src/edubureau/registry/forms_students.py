from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.lib.cells import CellError
from edubureau.lib.chinese_ids import parse_resident_id, parse_student_number
from edubureau.registry.choices import SchoolStatus
from edubureau.registry.choices_people import FollowUpKind, Grade, Sex
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


class EnrolForm(forms.ModelForm[Student]):
    """入学登记: one new pupil, checked as the import checks a row (numbers, ID against the record). The
    grade is the pupil's own; with a class number it names the class (the service finds or creates
    it, and refuses a multi-grade class that cannot take the grade)."""

    grade = forms.TypedChoiceField(
        label=_("Grade"), choices=[("", "—"), *Grade.choices], coerce=int, required=False, empty_value=None
    )
    class_number = forms.IntegerField(label=_("class number"), min_value=1, max_value=99, required=False)

    class Meta:
        model = Student
        fields = (
            "student_number",
            "id_number",
            "name",
            "sex",
            "birth_date",
            "ethnicity",
            "household",
            "school",
            "enrolment_date",
            "is_left_behind",
            "is_migrant",
            "disability_type",
            "disability_placement",
            "is_registered_poor",
            "is_dibao",
            "is_boarder",
        )
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "enrolment_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["school"]
        field.queryset = School.objects.visible_to(user).filter(status=SchoolStatus.OPEN).only("pk", "name")  # type: ignore[attr-defined]

    def clean_student_number(self) -> str:
        number: str = _checked(parse_student_number, self.cleaned_data["student_number"]).number
        registered = Student.objects.filter(student_number=number).exclude(pk=self.instance.pk)
        current = registered.select_related("school").only("status", "school__name").first()
        if (
            current is not None
            and not School.objects.visible_to(self.user).filter(pk=current.school_id).exists()
        ):
            raise forms.ValidationError(
                _("This pupil is registered at another school of the county; ask the registry section.")
            )
        if current is not None:
            raise forms.ValidationError(
                _(
                    "This student number is registered at %(school)s (%(status)s): in school there, use a "
                    "transfer; suspended or dropped out, use the pupil's page."
                ),
                params={"school": current.school.name, "status": current.get_status_display()},
            )
        return number

    def clean_id_number(self) -> str | None:
        value = (self.cleaned_data.get("id_number") or "").strip()
        return _checked(parse_resident_id, value).number if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number, id_number = data.get("student_number"), data.get("id_number")
        if number and number.startswith("G") and number[1:] != (id_number or ""):
            self.add_error(
                "id_number",
                _("A G student number is G followed by the ID number, here %(expected)s.")
                % {"expected": number[1:]},
            )
        if id_number:
            self._check_against_id(parse_resident_id(id_number), data)
        # A grade alone is fine (a pupil not yet in a class); a class is named by grade and number.
        if data.get("class_number") is not None and data.get("grade") is None:
            self.add_error("grade", _("A class number needs the grade."))
        return data

    def _check_against_id(self, resident: Any, data: dict[str, Any]) -> None:
        if data.get("birth_date") and data["birth_date"] != resident.birth_date:
            self.add_error(
                "birth_date",
                _("The ID number %(id)s says the birth date is %(date)s.")
                % {"id": resident.number, "date": resident.birth_date.isoformat()},
            )
        sex = Sex.MALE if resident.sex == "male" else Sex.FEMALE
        if data.get("sex") and data["sex"] != sex:
            self.add_error(
                "sex",
                _("The ID number %(id)s says the sex is %(sex)s.")
                % {"id": resident.number, "sex": sex.label},
            )


def _checked(parse: Any, value: str) -> Any:
    try:
        return parse(value.strip())
    except CellError as error:
        raise forms.ValidationError(str(error)) from error
