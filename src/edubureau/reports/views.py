from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from edubureau.reports.selectors import home_summary


@login_required
def home(request: HttpRequest) -> HttpResponse:
    summary = home_summary(request.user)
    chart = {
        "labels": [str(row["label"]) for row in summary.by_type],
        "values": [row["total"] for row in summary.by_type],
    }
    return render(request, "reports/home.html", {"summary": summary, "chart": chart})
