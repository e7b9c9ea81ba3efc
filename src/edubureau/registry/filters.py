"""Filters of the school list, shared by the page, its export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from edubureau.registry.choices import AreaLevel, Ownership, SchoolStatus, SchoolType, UrbanRural
from edubureau.registry.models import Area, School


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    school_type = django_filters.ChoiceFilter(label=_("School type"), choices=SchoolType.choices)
    township = django_filters.ModelChoiceFilter(label=_("Township"), queryset=Area.objects.none())
    urban_rural = django_filters.ChoiceFilter(label=_("Urban-rural code"), choices=UrbanRural.choices)
    ownership = django_filters.ChoiceFilter(label=_("Ownership"), choices=Ownership.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SchoolStatus.choices)

    class Meta:
        model = School
        fields = ("q", "school_type", "township", "urban_rural", "ownership", "status")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = kwargs.get("request")
        user = user or getattr(request, "user", None)
        self.filters["township"].queryset = Area.objects.visible_to(user).filter(level=AreaLevel.TOWNSHIP)

    def search(self, queryset: QuerySet[School], name: str, value: str) -> QuerySet[School]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(code__startswith=value) | Q(principal__icontains=value)
        )
