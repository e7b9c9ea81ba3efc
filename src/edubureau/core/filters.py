from __future__ import annotations

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import AuditAction, ChangeLog


class ChangeLogFilter(django_filters.FilterSet):
    actor_name = django_filters.CharFilter(label=_("User name"), lookup_expr="icontains")
    action = django_filters.ChoiceFilter(
        label=_("Action"),
        choices=[
            (c.value, c.label)
            for c in (
                AuditAction.CREATE,
                AuditAction.UPDATE,
                AuditAction.DELETE,
                AuditAction.IMPORT,
                AuditAction.EXPORT,
            )
        ],
    )
    content_type = django_filters.ModelChoiceFilter(
        label=_("Object type"),
        queryset=ContentType.objects.filter(app_label__in=["registry", "accounts", "core"]),
    )
    object_repr = django_filters.CharFilter(label=_("Object"), lookup_expr="icontains")
    at_from = django_filters.DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte")
    at_to = django_filters.DateFilter(label=_("To"), field_name="at", lookup_expr="date__lte")

    class Meta:
        model = ChangeLog
        fields = ("actor_name", "action", "content_type", "object_repr", "at_from", "at_to")


class LoginEventFilter(django_filters.FilterSet):
    actor_name = django_filters.CharFilter(label=_("User name"), lookup_expr="icontains")
    action = django_filters.ChoiceFilter(
        label=_("Action"),
        choices=[
            (c.value, c.label) for c in (AuditAction.LOGIN, AuditAction.LOGIN_FAILED, AuditAction.LOGOUT)
        ],
    )
    ip_address = django_filters.CharFilter(label=_("IP address"))
    at_from = django_filters.DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte")
    at_to = django_filters.DateFilter(label=_("To"), field_name="at", lookup_expr="date__lte")

    class Meta:
        model = ChangeLog
        fields = ("actor_name", "action", "ip_address", "at_from", "at_to")
