"""Pages of the import machinery: upload, the job's progress and result, downloads. Each view checks
the entity's import permission; a job is fetched only through its owner's scope (404 otherwise)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from edubureau.core.scoping import get_visible_or_404
from edubureau.imports import progress as live_progress
from edubureau.imports import services, tasks
from edubureau.imports.errors import ERROR_WORKBOOK_SUFFIX
from edubureau.imports.forms import UploadForm
from edubureau.imports.models import ImportJob
from edubureau.imports.spec import ImportSpec
from edubureau.imports.template_workbook import write_template
from edubureau.lib.excel import XLSX_CONTENT_TYPE


def _spec(request: HttpRequest, entity: str) -> ImportSpec:
    try:
        return services.spec_for(request.user, entity)
    except LookupError as exc:
        raise Http404 from exc


def _job(request: HttpRequest, pk: int) -> ImportJob:
    job: ImportJob = get_visible_or_404(ImportJob.objects, request.user, pk=pk)
    _spec(request, job.entity)
    return job


@login_required
def upload(request: HttpRequest, entity: str) -> HttpResponse:
    spec = _spec(request, entity)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.start_import(
            actor=request.user,
            spec_name=spec.name,
            uploaded_file=form.cleaned_data["file"],
            sheet=form.cleaned_data["sheet"] or None,
        )
        tasks.validate_job.enqueue(job.pk)
        return redirect("imports:job_detail", pk=job.pk)
    jobs = ImportJob.objects.visible_to(request.user).filter(entity=spec.name)[:10]
    return render(request, "imports/upload.html", {"spec": spec, "form": form, "jobs": jobs})


@login_required
def template_download(request: HttpRequest, entity: str) -> FileResponse:
    spec = _spec(request, entity)
    return FileResponse(
        write_template(spec),
        as_attachment=True,
        filename=f"{spec.label}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    context = {"job": job, "spec": _spec(request, job.entity), "progress": live_progress.live_counts(job)}
    if request.headers.get("HX-Request"):
        return render(request, "imports/_job_status.html", context)
    return render(request, "imports/job_detail.html", context)


@login_required
@require_POST
def job_commit(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        job = services.commit_import(
            actor=request.user, job=job, valid_only=request.POST.get("valid_only") == "1"
        )
    except PermissionDenied:
        return redirect("imports:job_detail", pk=job.pk)
    tasks.commit_job.enqueue(job.pk)
    return redirect("imports:job_detail", pk=job.pk)


@login_required
def job_errors(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = _job(request, pk)
    if job.files_purged_at is not None:
        # An old link (history, a bookmark) to a workbook deleted after the retention period: a 404
        # that is the job page, saying so.
        context = {"job": job, "spec": _spec(request, job.entity)}
        return render(request, "imports/job_detail.html", context, status=404)
    if not job.error_file:
        raise Http404
    try:
        handle = job.error_file.open("rb")
    except FileNotFoundError as exc:  # gone from storage behind the job's back: not a server error
        raise Http404 from exc
    name = Path(job.file_name).stem + ERROR_WORKBOOK_SUFFIX
    return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)
