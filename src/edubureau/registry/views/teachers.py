from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from edubureau.core.roles import Perm
from edubureau.core.scoping import get_visible_or_404
from edubureau.core.views import paginate, query_without_page
from edubureau.registry.filters import TeacherFilter
from edubureau.registry.masking import may_see_id_numbers
from edubureau.registry.models import Subject, Teacher


@login_required
@permission_required(Perm.VIEW_TEACHER, raise_exception=True)
def teacher_list(request: HttpRequest) -> HttpResponse:
    teachers = (
        Teacher.objects.visible_to(request.user)
        .select_related("school")
        .prefetch_related(Prefetch("subjects", queryset=Subject.objects.only("pk", "name")))
    )
    filterset = TeacherFilter(request.GET, queryset=teachers, request=request)
    return render(
        request,
        "registry/teacher_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "query": query_without_page(request),
        },
    )


@login_required
@permission_required(Perm.VIEW_TEACHER, raise_exception=True)
def teacher_detail(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = get_visible_or_404(Teacher.objects.select_related("school"), request.user, pk=pk)
    return render(
        request,
        "registry/teacher_detail.html",
        {
            "teacher": teacher,
            "subjects": teacher.subjects.all(),
            "training": teacher.training.all(),
            "events": teacher.events.select_related("school", "counterpart_school"),
            "may_see_id": may_see_id_numbers(request.user),
        },
    )
