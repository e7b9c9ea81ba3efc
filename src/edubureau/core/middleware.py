"""Makes the client address available to services that write the audit log."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from edubureau.core.audit import RequestContext, current_request


def client_address(request: HttpRequest) -> str | None:
    if settings.SECURE_PROXY_SSL_HEADER and (forwarded := request.META.get("HTTP_X_FORWARDED_FOR")):
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(RequestContext(ip_address=client_address(request)))
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
