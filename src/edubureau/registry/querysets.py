from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from edubureau.core.scoping import restrict, scope_for

if TYPE_CHECKING:
    from edubureau.registry.models import Area, School  # noqa: F401 (named in the generics below)


class AreaQuerySet(models.QuerySet["Area"]):
    def visible_to(self, user: Any) -> AreaQuerySet:
        """Areas the user works in: the whole tree for county-wide users; otherwise the areas of
        their scope, the townships of their schools, and the areas above them."""
        scope = scope_for(user)
        if scope.everything:
            return self
        if scope.is_empty:
            return self.none()
        areas = self.model.objects
        pks: set[int] = set(scope.area_ids)
        if scope.area_ids:
            pks.update(areas.filter(parent__in=scope.area_ids).values_list("pk", flat=True))
        if scope.school_ids:
            pks.update(areas.filter(schools__in=scope.school_ids).values_list("pk", flat=True))
        frontier = set(pks)
        while frontier:  # the areas above: a handful of levels at most
            parents = set(
                areas.filter(pk__in=frontier, parent__isnull=False).values_list("parent_id", flat=True)
            )
            frontier = parents - pks
            pks |= parents
        return self.filter(pk__in=sorted(pks))


class SchoolQuerySet(models.QuerySet["School"]):
    def visible_to(self, user: Any) -> SchoolQuerySet:
        return restrict(self, user, school_path="pk", area_paths=("township", "county"))

    def editable_by(self, user: Any) -> SchoolQuerySet:
        """Schools the user may change: within scope, and only with the change permission."""
        if not user.has_perm("registry.change_school"):
            return self.none()
        return self.visible_to(user)


class SchoolScopedQuerySet(models.QuerySet[Any]):
    """Rows that belong to a school through the foreign key named by `school_field`."""

    school_field = "school"

    def visible_to(self, user: Any) -> SchoolScopedQuerySet:
        field = self.school_field
        return restrict(self, user, school_path=field, area_paths=(f"{field}__township", f"{field}__county"))


class ByStudentQuerySet(SchoolScopedQuerySet):
    school_field = "case__school"


class TeacherScopedQuerySet(SchoolScopedQuerySet):
    school_field = "teacher__school"


class TransferQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> TransferQuerySet:
        """A transfer is seen by both schools (and whoever sees either)."""
        scope = scope_for(user)
        if scope.everything:
            return self
        visible_schools = restrict(
            self.model.from_school.field.related_model.objects.all(),
            user,
            school_path="pk",
            area_paths=("township", "county"),
        ).values("pk")
        return self.filter(
            models.Q(from_school__in=visible_schools) | models.Q(to_school__in=visible_schools)
        )
