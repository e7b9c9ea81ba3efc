from __future__ import annotations

from typing import Any

from django.contrib.auth.models import UserManager
from django.db import models

from edubureau.core.scoping import restrict


class UserQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> UserQuerySet:
        """Accounts of the units in the user's scope (county, township, school)."""
        return restrict(
            self,
            user,
            school_path="org_unit__school",
            area_paths=("org_unit__area", "org_unit__area__parent", "org_unit__school__county"),
        )


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class OrgUnitQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> OrgUnitQuerySet:
        return restrict(
            self, user, school_path="school", area_paths=("area", "area__parent", "school__county")
        )
