from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from edubureau.registry.choices import SchoolStatus
from edubureau.registry.models import Area, School


@dataclass(frozen=True)
class AreaRow:
    area: Area
    depth: int
    school_count: int


def area_tree(user: Any) -> list[AreaRow]:
    """The visible areas in tree order (depth-first by code), with the open schools in scope under each
    township. Two queries whatever the size of the tree."""
    areas = list(Area.objects.visible_to(user).order_by("code"))
    counts = dict(
        School.objects.visible_to(user)
        .filter(status=SchoolStatus.OPEN)
        .values_list("township")
        .annotate(n=Count("pk"))
        .values_list("township", "n")
    )
    children: dict[int | None, list[Area]] = {}
    visible = {area.pk for area in areas}
    for area in areas:
        parent = area.parent_id if area.parent_id in visible else None
        children.setdefault(parent, []).append(area)
    rows: list[AreaRow] = []

    def walk(parent: int | None, depth: int) -> None:
        for area in children.get(parent, []):
            rows.append(AreaRow(area, depth, counts.get(area.pk, 0)))
            walk(area.pk, depth + 1)

    walk(None, 0)
    return rows


def school_counts_by_type(user: Any) -> list[dict[str, Any]]:
    """Open schools in the user's scope, by school type (for the home page)."""
    return list(
        School.objects.visible_to(user)
        .filter(status=SchoolStatus.OPEN)
        .values("school_type")
        .annotate(total=Count("pk"), counted=Count("pk", filter=Q(is_counted_as_school=True)))
        .order_by("school_type")
    )
