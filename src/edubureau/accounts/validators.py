from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy


class NotUsernameValidator:
    """A password may not be the username, nor contain it."""

    def validate(self, password: str, user: Any = None) -> None:
        username = (getattr(user, "username", "") or "").strip().lower()
        if username and username in password.lower():
            raise ValidationError(
                _("The password must not contain the username."), code="password_has_username"
            )

    def get_help_text(self) -> str:
        return _("Your password must not contain your username.")


# Django 5.2's own zh_Hans catalogue translates MinimumLengthValidator's message with a placeholder
# the code no longer passes, so it would show in English. Naming the msgid here keeps it in our
# catalogue, whose translation wins.
DJANGO_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    10,
)
