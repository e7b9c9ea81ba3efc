"""REST API of accounts: users, for the system administrator only (read-only)."""

from __future__ import annotations

from rest_framework import permissions, serializers, viewsets

from edubureau.accounts.models import User
from edubureau.core.api import RolePermission, ScopedQuerysetMixin
from edubureau.core.roles import Perm


class UserPermission(RolePermission):
    read = Perm.MANAGE_USERS


class UserSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ("id", "username", "full_name", "role", "org_unit", "zone", "is_active", "last_login")
        read_only_fields = fields


class UserViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    base_queryset = User.objects.select_related("org_unit").order_by("username")
    serializer_class = UserSerializer
    permission_classes = (permissions.IsAuthenticated, UserPermission)
    filterset_fields = ("role", "is_active", "org_unit")
