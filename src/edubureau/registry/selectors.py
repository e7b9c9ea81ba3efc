from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from edubureau.registry.choices import SchoolStatus
from edubureau.registry.choices_people import StudentStatus
from edubureau.registry.models import Area, DropoutCase, School, SchoolClass, Student, StudentEvent


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


def classes_with_pupils(user: Any) -> QuerySet[SchoolClass]:
    """The user's classes, each with `pupils`: its pupils in school (the count the 班额 bands use)."""
    return (
        SchoolClass.objects.visible_to(user)
        .select_related("school", "head_teacher")
        .annotate(pupils=Count("students", filter=Q(students__status=StudentStatus.IN_SCHOOL)))
        .order_by("school__code", "-school_year", "grade", "number")
    )


def roster_on(school: School, day: Any) -> QuerySet[Student]:
    """The pupils 在读 at `school` on `day`, rebuilt from the events (not from the current rows):
    each pupil's latest event on or before that day says where they were and in what status."""
    latest = StudentEvent.objects.filter(student=OuterRef("pk"), date__lte=day).order_by("-date", "-pk")
    return (
        Student.objects.annotate(
            school_then=Subquery(latest.values("school")[:1]),
            status_then=Subquery(latest.values("status_after")[:1]),
        )
        .filter(school_then=school.pk, status_then=StudentStatus.IN_SCHOOL)
        .order_by("student_number")
    )


def dropout_ledger(user: Any) -> QuerySet[DropoutCase]:
    """控辍保学: the dropout cases in the user's scope, open ones first, with their follow-ups."""
    return (
        DropoutCase.objects.visible_to(user)
        .select_related("student", "school", "school__township")
        .prefetch_related("follow_ups")
        .order_by(F("closed_on").asc(nulls_first=True), "-dropped_on")
    )


def open_dropouts_by_township(user: Any) -> list[dict[str, Any]]:
    """Open dropout cases counted by township and school, for the 控辍保学 summary."""
    return list(
        DropoutCase.objects.visible_to(user)
        .filter(closed_on__isnull=True)
        .values("school__township__name", "school__name")
        .annotate(open_cases=Count("pk"))
        .order_by("school__township__name", "school__name")
    )


@dataclass(frozen=True)
class TownshipDropouts:
    township: str
    open_cases: int
    schools: list[tuple[str, int]]


def open_dropouts_summary(user: Any) -> list[TownshipDropouts]:
    """Open dropout cases by township, each with its schools' counts (one query)."""
    summary: dict[str, TownshipDropouts] = {}
    for row in open_dropouts_by_township(user):
        name = row["school__township__name"]
        entry = summary.setdefault(name, TownshipDropouts(name, 0, []))
        entry.schools.append((row["school__name"], row["open_cases"]))
        summary[name] = TownshipDropouts(name, entry.open_cases + row["open_cases"], entry.schools)
    return list(summary.values())
