"""Small pieces every list page shares, and the audit-log pages (audit administrator only)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from edubureau.core.filters import ChangeLogFilter, LoginEventFilter
from edubureau.core.models import AuditAction, ChangeLog
from edubureau.core.roles import Perm

PAGE_SIZE = 20


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int = PAGE_SIZE) -> Page[Any]:
    """The requested page; a page number out of range gives the last page, junk gives the first."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, for pagination and export links."""
    return urlencode([(key, value) for key, value in request.GET.items() if key != "page"])


LOGIN_ACTIONS = (AuditAction.LOGIN, AuditAction.LOGIN_FAILED, AuditAction.LOGOUT)


@login_required
@permission_required(Perm.VIEW_AUDIT_LOG, raise_exception=True)
def changelog_list(request: HttpRequest) -> HttpResponse:
    entries = ChangeLog.objects.exclude(action__in=LOGIN_ACTIONS).select_related("content_type")
    filterset = ChangeLogFilter(request.GET, queryset=entries)
    return render(
        request,
        "core/changelog_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "query": query_without_page(request),
        },
    )


@login_required
@permission_required(Perm.VIEW_SECURITY_EVENTS, raise_exception=True)
def login_list(request: HttpRequest) -> HttpResponse:
    entries = ChangeLog.objects.filter(action__in=LOGIN_ACTIONS)
    filterset = LoginEventFilter(request.GET, queryset=entries)
    return render(
        request,
        "core/login_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "query": query_without_page(request),
        },
    )
