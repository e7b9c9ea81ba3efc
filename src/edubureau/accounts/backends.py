"""Function permissions by role, through Django's `has_perm` (the data scope is separate)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from edubureau.core.roles import permissions_of


class RoleBackend(ModelBackend):
    """Authenticates like ModelBackend; grants exactly the permissions of the user's role."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(permissions_of(user_obj.role))

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return self.get_all_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()
