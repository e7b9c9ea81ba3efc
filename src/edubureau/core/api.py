"""Pieces every app's REST API shares: role permissions and scoped querysets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request


class RolePermission(permissions.BasePermission):
    """Reads need `read`; creating needs `create` (or `write`); changing needs `write`."""

    read: str = ""
    write: str = ""
    create: str = ""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            needed = self.read
        elif request.method == "POST":
            needed = self.create or self.write
        else:
            needed = self.write
        return bool(needed) and bool(request.user.has_perm(needed))


class ScopedQuerysetMixin(generics.GenericAPIView):  # type: ignore[type-arg]
    """Every queryset starts from `visible_to(request.user)`: out of scope is 404, never data."""

    base_queryset: QuerySet[Any]

    def get_queryset(self) -> QuerySet[Any]:
        return self.base_queryset.visible_to(self.request.user)  # type: ignore[attr-defined]


def raise_form_errors(form: forms.BaseForm) -> None:
    """Turn a Django form's errors (already in Chinese) into an API 400, field by field."""
    raise serializers.ValidationError(
        {field: [str(message) for message in messages] for field, messages in form.errors.items()}
    )
