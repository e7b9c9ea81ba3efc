from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.audit import snapshot
from edubureau.core.roles import Perm
from edubureau.core.scoping import get_visible_or_404
from edubureau.core.views import paginate, query_without_page
from edubureau.imports.exporting import export_to_file
from edubureau.lib.excel import XLSX_CONTENT_TYPE
from edubureau.registry import services
from edubureau.registry.filters import SchoolFilter
from edubureau.registry.forms import AreaForm, SchoolForm
from edubureau.registry.imports_specs import SCHOOLS
from edubureau.registry.models import Area, School
from edubureau.registry.selectors import area_tree


@login_required
@permission_required(Perm.VIEW_SCHOOL, raise_exception=True)
def school_list(request: HttpRequest) -> HttpResponse:
    schools = School.objects.visible_to(request.user).select_related("township")
    filterset = SchoolFilter(request.GET, queryset=schools, request=request)
    return render(
        request,
        "registry/school_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "query": query_without_page(request),
            "can_add": request.user.has_perm(Perm.ADD_SCHOOL),
        },
    )


@login_required
@permission_required(Perm.EXPORT_SCHOOL, raise_exception=True)
def school_export(request: HttpRequest) -> FileResponse:
    handle = export_to_file(
        SCHOOLS, actor=request.user, params=request.GET, description=request.GET.urlencode()
    )
    file_name = _("schools") + timezone.localdate().strftime("-%Y%m%d") + ".xlsx"
    return FileResponse(handle, as_attachment=True, filename=file_name, content_type=XLSX_CONTENT_TYPE)


@login_required
@permission_required(Perm.VIEW_SCHOOL, raise_exception=True)
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    related = School.objects.select_related("township", "county", "parent", "merged_into")
    school = get_visible_or_404(related, request.user, pk=pk)
    history = school.history.select_related("changed_by")[:50]
    sites = school.sites.visible_to(request.user).only("pk", "name", "code", "school_type")
    return render(
        request,
        "registry/school_detail.html",
        {
            "school": school,
            "history": history,
            "sites": sites,
            "can_edit": School.objects.editable_by(request.user).filter(pk=school.pk).exists(),
        },
    )


@login_required
@permission_required(Perm.ADD_SCHOOL, raise_exception=True)
def school_create(request: HttpRequest) -> HttpResponse:
    form = SchoolForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        school = services.create_school(actor=request.user, school=form.save(commit=False))
        messages.success(request, _("School “%(name)s” created.") % {"name": school.name})
        return redirect("registry:school_detail", pk=school.pk)
    return render(request, "registry/school_form.html", {"form": form, "school": None})


@login_required
@permission_required(Perm.CHANGE_SCHOOL, raise_exception=True)
def school_edit(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_visible_or_404(School.objects.select_related("township"), request.user, pk=pk)
    before = snapshot(school)
    form = SchoolForm(request.POST or None, instance=school, user=request.user)
    if request.method == "POST" and form.is_valid():
        changes = services.update_school(actor=request.user, school=form.save(commit=False), before=before)
        messages.success(request, _("Saved; fields changed: %(count)d.") % {"count": len(changes)})
        return redirect("registry:school_detail", pk=school.pk)
    return render(request, "registry/school_form.html", {"form": form, "school": school})


@login_required
@permission_required(Perm.VIEW_AREA, raise_exception=True)
def area_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/area_list.html",
        {
            "rows": area_tree(request.user),
            "can_edit": request.user.has_perm(Perm.CHANGE_AREA),
        },
    )


@login_required
@permission_required(Perm.CHANGE_AREA, raise_exception=True)
def area_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    area = get_visible_or_404(Area.objects, request.user, pk=pk) if pk is not None else Area()
    before = snapshot(area) if pk is not None else None
    form = AreaForm(request.POST or None, instance=area, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_area(actor=request.user, area=form.save(commit=False), before=before)
        messages.success(request, _("Area “%(name)s” saved.") % {"name": area.name})
        return redirect("registry:area_list")
    return render(request, "registry/area_form.html", {"form": form, "area": area if pk else None})
