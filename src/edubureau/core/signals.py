"""Logins, failed logins and logouts go into the audit log. These are authentication events, which
Django only announces through signals; no business data is written here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from edubureau.core.audit import RequestContext, current_request, record_change
from edubureau.core.middleware import client_address
from edubureau.core.models import AuditAction


def _with_address(request: HttpRequest | None) -> None:
    if request is not None and current_request.get() is None:
        current_request.set(RequestContext(ip_address=client_address(request)))


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    _with_address(request)
    record_change(actor=user, action=AuditAction.LOGIN, object_repr=user.username)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _with_address(request)
        record_change(actor=user, action=AuditAction.LOGOUT, object_repr=user.username)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    _with_address(request)
    username = str(credentials.get("username", ""))[:150]
    record_change(actor=None, actor_name=username, action=AuditAction.LOGIN_FAILED, object_repr=username)
