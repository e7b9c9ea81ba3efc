"""Every write of the import machinery: uploads become jobs, jobs are validated and committed.

Permissions: importing an entity needs its spec's `import_permission`; the spec's own checks decide,
row by row, what the user may create or change within their data scope.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from edubureau.core.audit import record_change
from edubureau.core.models import AuditAction, ImportBatch
from edubureau.imports import engine, pipeline
from edubureau.imports import progress as live_progress
from edubureau.imports.errors import write_error_workbook
from edubureau.imports.models import ImportJob, ImportJobStatus
from edubureau.imports.reading import ReadError, SheetRows, read_sheet
from edubureau.imports.spec import ImportContext, ImportSpec, get_spec

FIRST_ERRORS = 100
logger = logging.getLogger(__name__)


@dataclass
class ImportOutcome:
    """What one pass over a file found and, unless it was refused or a dry run, wrote."""

    sheet: SheetRows
    validation: engine.Validation
    batch: ImportBatch | None

    @property
    def is_committed(self) -> bool:
        return self.batch is not None


def spec_for(actor: Any, spec_name: str) -> ImportSpec:
    """The spec, if the actor may import it; PermissionDenied otherwise, LookupError if unknown."""
    spec = get_spec(spec_name)
    if not actor.has_perm(spec.import_permission):
        raise PermissionDenied
    return spec


def sha256_of(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    handle.seek(0)
    return digest.hexdigest()


def import_file(
    *,
    actor: Any,
    spec_name: str,
    source: str | Path | IO[bytes],
    file_name: str,
    file_sha256: str,
    sheet: str | None = None,
    dry_run: bool = False,
    valid_only: bool = False,
    progress: engine.Progress | None = None,
) -> ImportOutcome:
    """Read, validate and (unless `dry_run`, and only if no errors remain or `valid_only`) write the
    file, in one transaction, so that what is written is exactly what was validated; the rows are
    written a batch at a time as they are checked (`engine.run`). Raises ReadError for a file that is
    not this entity's sheet. Needs the spec's import permission."""
    spec = spec_for(actor, spec_name)

    def read() -> SheetRows:
        return read_sheet(source, spec, sheet)

    alongside = pipeline.checked_in_process if _is_large(source) else pipeline.checked_in_thread
    rows, validation, batch = engine.run(
        spec,
        ImportContext(user=actor),
        lambda spec, context: alongside(spec, context, read),
        file_name=file_name,
        file_sha256=file_sha256,
        dry_run=dry_run,
        valid_only=valid_only,
        progress=progress,
    )
    return ImportOutcome(rows, validation, batch)


def _is_large(source: str | Path | IO[bytes]) -> bool:
    """Whether the file is worth reading in a process of its own (IMPORT_PROCESS_FROM_BYTES)."""
    if isinstance(source, str | Path):
        size = Path(source).stat().st_size
    else:
        position = source.tell()
        size = source.seek(0, io.SEEK_END)
        source.seek(position)
    return size >= settings.IMPORT_PROCESS_FROM_BYTES


def write_errors_of(outcome: ImportOutcome, target: str | Path | IO[bytes]) -> None:
    write_error_workbook(
        target,
        outcome.validation,
        file_headers=outcome.sheet.file_headers,
        sheet_name=outcome.sheet.sheet_name,
    )


@transaction.atomic
def start_import(
    *, actor: Any, spec_name: str, uploaded_file: UploadedFile, sheet: str | None = None
) -> ImportJob:
    """Store an upload as a new job (validated by a background task). Needs the import permission."""
    spec_for(actor, spec_name)
    digest = hashlib.sha256()
    for block in uploaded_file.chunks():
        digest.update(block)
    uploaded_file.seek(0)
    job = ImportJob(
        entity=spec_name,
        file_name=(uploaded_file.name or "upload.xlsx")[:255],
        file_sha256=digest.hexdigest(),
        sheet_name=(sheet or "")[:100],
        actor=actor,
    )
    job.file.save(Path(job.file_name).name, uploaded_file, save=False)
    job.save()
    record_change(
        actor=actor,
        action=AuditAction.CREATE,
        instance=job,
        changes={
            name: [None, getattr(job, name)] for name in ("entity", "file_name", "file_sha256", "sheet_name")
        },
    )
    return job


def _progress_of(job: ImportJob) -> engine.Progress:
    def progress(checked: int, written: int, expected: int | None) -> None:
        live_progress.report(job.pk, checked=checked, written=written, expected=expected)

    return progress


def validate_job(job: ImportJob) -> ImportJob:
    """Read and validate the job's file (a dry run), recording counts, the first errors and the error
    workbook on the job. Runs as a background task; the permission was checked at upload."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.VALIDATING)
    outcome = _import_job_file(job, dry_run=True)
    if isinstance(outcome, str):
        return _fail(job, outcome)
    _store_outcome(job, outcome, ImportJobStatus.VALIDATED)
    return job


def _import_job_file(job: ImportJob, **options: Any) -> ImportOutcome | str:
    """The job's file imported (`import_file` with these options), or the message the job fails with:
    a task must leave its job finished, whatever happened."""
    if not job.file:
        return _("The uploaded file is no longer kept; upload it again.")
    try:
        with job.file.open("rb") as handle:
            return import_file(
                actor=job.actor,
                spec_name=job.entity,
                source=handle,
                file_name=job.file_name,
                file_sha256=job.file_sha256,
                sheet=job.sheet_name or None,
                progress=_progress_of(job),
                **options,
            )
    except (ReadError, PermissionDenied) as exc:
        return str(exc) or _("You may not import this.")
    except FileNotFoundError:  # gone from storage behind the job's back
        return _("The uploaded file is no longer kept; upload it again.")
    except Exception:  # noqa: BLE001 (logged; the job says so rather than staying "running" for ever)
        logger.exception("import job %s failed", job.pk)
        return _(
            "The import stopped because of an unexpected error, which has been logged. Nothing was written."
        )


def _fail(job: ImportJob, message: str) -> ImportJob:
    live_progress.forget(job.pk)
    job.refresh_from_db()
    job.status = ImportJobStatus.FAILED
    job.message = message
    job.save(update_fields=["status", "message", "updated_at"])
    return job


def _store_outcome(job: ImportJob, outcome: ImportOutcome, status: str) -> None:
    job.refresh_from_db()
    validation = outcome.validation
    job.status = status
    job.counts = validation.counts
    job.rows_read = job.rows_validated = validation.rows_read
    job.first_errors = [
        error.as_dict() | {"text": error.describe()} for error in validation.errors[:FIRST_ERRORS]
    ]
    if validation.errors:
        handle = io.BytesIO()
        write_errors_of(outcome, handle)
        job.error_file.save(
            f"{Path(job.file_name).stem}.errors.xlsx", ContentFile(handle.getvalue()), save=False
        )
    else:
        job.error_file = ""
    if outcome.batch is not None:
        job.batch = outcome.batch
        job.rows_written = validation.written
    job.save()
    live_progress.forget(job.pk)


def commit_import(*, actor: Any, job: ImportJob, valid_only: bool = False) -> ImportJob:
    """Ask for a validated job to be written (by a background task). Only the job's own actor may,
    with the import permission, only once it has been validated, and only while its file is kept
    (the file is read again to write it)."""
    spec_for(actor, job.entity)
    if job.actor_id != actor.pk or job.status != ImportJobStatus.VALIDATED or job.files_purged_at:
        raise PermissionDenied
    updated = ImportJob.objects.filter(
        pk=job.pk, status=ImportJobStatus.VALIDATED, files_purged_at__isnull=True
    ).update(status=ImportJobStatus.COMMITTING, is_valid_only=valid_only)
    if not updated:
        raise PermissionDenied
    job.refresh_from_db()
    return job


def commit_job(job: ImportJob) -> ImportJob:
    """Re-read, re-validate and write the job's file in one transaction. If errors remain and the user
    did not choose the valid rows only, nothing is written and the job goes back to validated with
    the new errors. Runs as a background task."""
    outcome = _import_job_file(job, valid_only=job.is_valid_only)
    if isinstance(outcome, str):
        return _fail(job, outcome)
    status = ImportJobStatus.COMMITTED if outcome.is_committed else ImportJobStatus.VALIDATED
    _store_outcome(job, outcome, status)
    return job
