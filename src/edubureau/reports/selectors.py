"""What each role's home page shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone

from edubureau.accounts.selectors import current_lockouts
from edubureau.core.models import ChangeLog
from edubureau.core.roles import Perm
from edubureau.registry.choices import SchoolStatus, SchoolType
from edubureau.registry.models import School
from edubureau.registry.selectors import school_counts_by_type


@dataclass
class HomeSummary:
    school_total: int = 0
    by_type: list[dict[str, Any]] = field(default_factory=list)
    by_township: list[dict[str, Any]] = field(default_factory=list)
    own_schools: list[School] = field(default_factory=list)
    lockout_count: int | None = None
    audit_today: int | None = None


def home_summary(user: Any) -> HomeSummary:
    summary = HomeSummary()
    if user.has_perm(Perm.VIEW_SCHOOL):
        labels = dict(SchoolType.choices)
        summary.by_type = [
            {**row, "label": labels.get(row["school_type"], row["school_type"])}
            for row in school_counts_by_type(user)
        ]
        summary.school_total = sum(row["total"] for row in summary.by_type)
        summary.by_township = list(
            School.objects.visible_to(user)
            .filter(status=SchoolStatus.OPEN)
            .values("township__name")
            .annotate(total=Count("pk"))
            .order_by("township__code")
        )
        summary.own_schools = list(
            School.objects.visible_to(user).select_related("township").order_by("code")[:12]
        )
    if user.has_perm(Perm.UNLOCK_USERS):
        summary.lockout_count = len(current_lockouts())
    if user.has_perm(Perm.VIEW_AUDIT_LOG):
        summary.audit_today = ChangeLog.objects.filter(at__date=timezone.localdate()).count()
    return summary
