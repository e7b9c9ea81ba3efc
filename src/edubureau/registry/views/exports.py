"""Exports of the class, student and teacher lists: the list page's filtered rows, in the columns of the
entity's import template (so that an export re-imports), ID numbers masked unless the role may see
them, every export audited (by `export_to_file`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.roles import Perm
from edubureau.imports.exporting import export_to_file
from edubureau.imports.spec import ImportSpec
from edubureau.lib.excel import XLSX_CONTENT_TYPE
from edubureau.registry.imports_specs.classes import CLASSES
from edubureau.registry.imports_specs.students import STUDENTS
from edubureau.registry.imports_specs.teachers import TEACHERS


def _export(request: HttpRequest, spec: ImportSpec, file_stem: str) -> FileResponse:
    """The spec's export queryset starts from visible_to(user) and applies the list page's filters."""
    handle = export_to_file(spec, actor=request.user, params=request.GET, description=request.GET.urlencode())
    file_name = file_stem + timezone.localdate().strftime("-%Y%m%d") + ".xlsx"
    return FileResponse(handle, as_attachment=True, filename=file_name, content_type=XLSX_CONTENT_TYPE)


@login_required
@permission_required(Perm.VIEW_STUDENT, raise_exception=True)
def student_export(request: HttpRequest) -> FileResponse:
    return _export(request, STUDENTS, _("students"))


@login_required
@permission_required(Perm.VIEW_TEACHER, raise_exception=True)
def teacher_export(request: HttpRequest) -> FileResponse:
    return _export(request, TEACHERS, _("teachers"))


@login_required
@permission_required(Perm.VIEW_STUDENT, raise_exception=True)
def class_export(request: HttpRequest) -> FileResponse:
    return _export(request, CLASSES, _("classes"))
