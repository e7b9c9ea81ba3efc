from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from edubureau.core.roles import Perm
from edubureau.core.scoping import get_visible_or_404
from edubureau.core.views import paginate, query_without_page
from edubureau.registry import services
from edubureau.registry.filters import TeacherFilter
from edubureau.registry.forms_teachers import (
    TeacherChangeForm,
    TeacherExchangeForm,
    TeacherLeaveForm,
    TeacherTransferForm,
)
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
            "may_change": request.user.has_perm(Perm.CHANGE_TEACHER),
        },
    )


def _teacher_change(
    request: HttpRequest,
    pk: int,
    form_class: type[TeacherChangeForm | TeacherExchangeForm],
    title: str,
    change: Callable[..., object],
) -> HttpResponse:
    """The shape every single-teacher change shares: scoped fetch, form, service, message, redirect.
    The form's fields are the service's keyword arguments."""
    teacher = get_visible_or_404(Teacher.objects.select_related("school"), request.user, pk=pk)
    form = form_class(request.POST or None, teacher=teacher)
    if request.method == "POST" and form.is_valid():
        try:
            change(actor=request.user, teacher=teacher, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return _back_to_teacher(request, teacher)
    return render(request, "registry/teacher_change.html", {"teacher": teacher, "form": form, "title": title})


def _back_to_teacher(request: HttpRequest, teacher: Teacher) -> HttpResponse:
    """The teacher's page, or the list when the change took the teacher out of the user's scope (a
    school clerk who transferred a colleague to another school may no longer open their page)."""
    if Teacher.objects.visible_to(request.user).filter(pk=teacher.pk).exists():
        return redirect("registry:teacher_detail", pk=teacher.pk)
    return redirect("registry:teacher_list")


@login_required
@permission_required(Perm.CHANGE_TEACHER, raise_exception=True)
def teacher_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    title = _("Transfer within the county")
    return _teacher_change(request, pk, TeacherTransferForm, title, services.transfer_teacher)


@login_required
@permission_required(Perm.CHANGE_TEACHER, raise_exception=True)
def teacher_leave(request: HttpRequest, pk: int) -> HttpResponse:
    title = _("Transfer out of the county")
    return _teacher_change(request, pk, TeacherLeaveForm, title, services.record_teacher_leaving)


@login_required
@permission_required(Perm.CHANGE_TEACHER, raise_exception=True)
def teacher_exchange(request: HttpRequest, pk: int) -> HttpResponse:
    title = _("Record an exchange rotation")
    return _teacher_change(request, pk, TeacherExchangeForm, title, services.record_exchange)


@login_required
@permission_required(Perm.CHANGE_TEACHER, raise_exception=True)
def teacher_retire(request: HttpRequest, pk: int) -> HttpResponse:
    title = _("Record a retirement")
    return _teacher_change(request, pk, TeacherChangeForm, title, services.retire_teacher)
