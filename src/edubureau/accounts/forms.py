from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from edubureau.accounts.models import OrgUnit, SupervisionZone, User
from edubureau.accounts.services import ADMINISTRATOR_ROLES
from edubureau.core.roles import Role
from edubureau.registry.models import Area, School


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Wrong user name or password. After 5 failed attempts in 15 minutes the account is locked."
        ),
        "inactive": _("This account is disabled. Ask the system administrator."),
    }


class PasswordFieldsMixin(forms.Form):
    password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=_("At least 10 characters, not all digits, not containing the user name."),
    )
    password2 = forms.CharField(label=_("Repeat the new password"), widget=forms.PasswordInput, strip=False)

    def check_password(self, user: Any) -> str:
        password1 = self.cleaned_data.get("password1") or ""
        if password1 != (self.cleaned_data.get("password2") or ""):
            self.add_error("password2", _("The two passwords differ."))
            return ""
        try:
            password_validation.validate_password(password1, user)
        except forms.ValidationError as error:
            self.add_error("password1", error)
            return ""
        return password1


class PasswordForm(PasswordFieldsMixin):
    """An administrator's reset of another user's password."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["password"] = self.check_password(self.user)
        return data


class OwnPasswordForm(PasswordForm):
    """A user's change of their own password: the current one first, so that an unattended session
    cannot be turned into a taken-over account."""

    current_password = forms.CharField(label=_("Current password"), widget=forms.PasswordInput, strip=False)
    field_order = ("current_password", "password1", "password2")

    def clean_current_password(self) -> str:
        current: str = self.cleaned_data["current_password"]
        if not self.user.check_password(current):
            raise forms.ValidationError(_("The current password is not correct."))
        return current


class UserForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ("username", "full_name", "phone", "role", "org_unit", "zone", "is_active")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = cast(forms.ChoiceField, self.fields["role"])
        role_field.choices = [
            (value, label) for value, label in Role.choices if value not in ADMINISTRATOR_ROLES
        ]
        self.fields["org_unit"].queryset = OrgUnit.objects.select_related("school")  # type: ignore[attr-defined]
        self.fields["username"].help_text = _("Letters, digits and @/./+/-/_ only.")


class NewUserForm(UserForm, PasswordFieldsMixin):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["password"] = self.check_password(self.instance)
        return data


class OrgUnitForm(forms.ModelForm[OrgUnit]):
    class Meta:
        model = OrgUnit
        fields = ("name", "kind", "parent", "area", "school")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.only("pk", "name", "code")  # type: ignore[attr-defined]
        self.fields["area"].queryset = Area.objects.all()  # type: ignore[attr-defined]


class ZoneForm(forms.ModelForm[SupervisionZone]):
    class Meta:
        model = SupervisionZone
        fields = ("name", "schools")
        widgets = {"schools": forms.SelectMultiple(attrs={"size": 12})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = School.objects.only("pk", "name", "code")  # type: ignore[attr-defined]
