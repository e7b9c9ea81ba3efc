from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from edubureau.core.audit import record_change
from edubureau.core.models import AuditAction
from edubureau.core.roles import Perm
from edubureau.core.scoping import get_visible_or_404
from edubureau.core.views import paginate, query_without_page
from edubureau.registry import services
from edubureau.registry.filters import StudentFilter
from edubureau.registry.forms_students import DatedForm, EnrolForm, FollowUpForm, TransferForm
from edubureau.registry.masking import may_see_id_numbers
from edubureau.registry.models import DropoutCase, SchoolClass, Student, Transfer
from edubureau.registry.selectors import dropout_ledger, open_dropouts_summary


@login_required
@permission_required(Perm.VIEW_STUDENT, raise_exception=True)
def student_list(request: HttpRequest) -> HttpResponse:
    students = Student.objects.visible_to(request.user).select_related("school", "school_class")
    filterset = StudentFilter(request.GET, queryset=students, request=request)
    return render(
        request,
        "registry/student_list.html",
        {
            "may_see_id": may_see_id_numbers(request.user),
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "query": query_without_page(request),
            "school_class": _narrowed_to_class(request),
        },
    )


def _narrowed_to_class(request: HttpRequest) -> SchoolClass | None:
    """The class the list is narrowed to (a pupil count of the class list links here), if visible."""
    pk = request.GET.get("school_class", "")
    if not pk.isdigit():
        return None
    return SchoolClass.objects.visible_to(request.user).select_related("school").filter(pk=int(pk)).first()


@login_required
@permission_required(Perm.VIEW_STUDENT, raise_exception=True)
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    related = Student.objects.select_related("school", "school_class")
    student = get_visible_or_404(related, request.user, pk=pk)
    show_id = request.GET.get("show_id") == "1" and may_see_id_numbers(request.user)
    if show_id:
        record_change(
            actor=request.user,
            action=AuditAction.VIEW_SENSITIVE,
            instance=student,
            changes={"id_number": ["***", "***"]},
        )
    events = student.events.select_related("school", "counterpart_school")
    transfers = Transfer.objects.filter(student=student).select_related("from_school", "to_school")
    return render(
        request,
        "registry/student_detail.html",
        {
            "student": student,
            "events": events,
            "transfers": transfers,
            "show_id": show_id,
            "may_see_id": may_see_id_numbers(request.user),
            "may_change": request.user.has_perm(Perm.CHANGE_STUDENT),
            "cases": student.dropout_cases.prefetch_related("follow_ups"),
        },
    )


def _student_action(
    request: HttpRequest, pk: int, form: Any, title: str, act: Callable[[Student, dict[str, Any]], Any]
) -> HttpResponse:
    """The shape every single-pupil change shares: scoped fetch, form, service, message, redirect."""
    student = get_visible_or_404(Student.objects.select_related("school"), request.user, pk=pk)
    bound = (
        form(request.POST or None, student=student) if form is TransferForm else form(request.POST or None)
    )
    if request.method == "POST" and bound.is_valid():
        try:
            act(student, bound.cleaned_data)
        except ValidationError as error:
            bound.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return _back_to_student(request, student)
    return render(
        request, "registry/student_action.html", {"student": student, "form": bound, "title": title}
    )


def _back_to_student(request: HttpRequest, student: Student) -> HttpResponse:
    """The pupil's page, or the list when the change took the pupil out of the user's scope (a school
    clerk who transferred a pupil to another school may no longer open their page)."""
    if Student.objects.visible_to(request.user).filter(pk=student.pk).exists():
        return redirect("registry:student_detail", pk=student.pk)
    return redirect("registry:student_list")


@login_required
@permission_required(Perm.CHANGE_STUDENT, raise_exception=True)
def student_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    return _student_action(
        request,
        pk,
        TransferForm,
        _("Transfer to another school"),
        lambda student, data: services.transfer_student(
            actor=request.user,
            student=student,
            to_school=data["to_school"],
            date=data["date"],
            reason=data["reason"],
        ),
    )


@login_required
@permission_required(Perm.CHANGE_STUDENT, raise_exception=True)
def student_dropout(request: HttpRequest, pk: int) -> HttpResponse:
    return _student_action(
        request,
        pk,
        DatedForm,
        _("Register a dropout"),
        lambda student, data: services.register_dropout(
            actor=request.user, student=student, date=data["date"], reason=data["reason"]
        ),
    )


@login_required
@permission_required(Perm.CHANGE_STUDENT, raise_exception=True)
def student_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _student_action(
        request,
        pk,
        DatedForm,
        _("Return to school"),
        lambda student, data: services.return_to_school(
            actor=request.user, student=student, date=data["date"], reason=data["reason"]
        ),
    )


@login_required
@permission_required(Perm.VIEW_STUDENT, raise_exception=True)
def dropout_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/dropout_list.html",
        {
            "page": paginate(request, dropout_ledger(request.user)),
            "query": query_without_page(request),
            "by_township": open_dropouts_summary(request.user),
        },
    )


@login_required
@permission_required(Perm.CHANGE_STUDENT, raise_exception=True)
def dropout_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_visible_or_404(DropoutCase.objects.select_related("student", "school"), request.user, pk=pk)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_dropout_follow_up(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("registry:dropout_list")
    return render(
        request,
        "registry/student_action.html",
        {
            "student": case.student,
            "form": form,
            "title": _("Add a follow-up action"),
        },
    )


def _readmittable(request: HttpRequest) -> Student | None:
    """The registration a posted 学籍号 continues (升学, return from outside the county), if any.
    Deliberately not scoped: the pupil left another school; nothing of it is shown, and the form
    checks the posted ID number, birth date and sex against it."""
    number = request.POST.get("student_number", "").strip().upper()
    if not number:
        return None
    return Student.objects.filter(student_number=number, status__in=services.students.READMITTABLE).first()


@login_required
@permission_required(Perm.CHANGE_STUDENT, raise_exception=True)
def student_enrol(request: HttpRequest) -> HttpResponse:
    form = EnrolForm(request.POST or None, instance=_readmittable(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            student = services.enrol_student(
                actor=request.user,
                student=form.save(commit=False),
                grade=form.cleaned_data["grade"],
                class_number=form.cleaned_data["class_number"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Pupil “%(name)s” registered.") % {"name": student.name})
            return redirect("registry:student_detail", pk=student.pk)
    return render(request, "registry/student_enrol.html", {"form": form})
