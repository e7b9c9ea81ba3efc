"""Every write of the import machinery: uploads become jobs, jobs are validated and committed.

Permissions: importing an entity needs its spec's `import_permission`; the spec's own checks decide,
row by row, what the user may create or change within their data scope.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from edubureau.core.audit import record_change
from edubureau.core.models import AuditAction, ImportBatch
from edubureau.imports import engine
from edubureau.imports.errors import write_error_workbook
from edubureau.imports.models import ImportJob, ImportJobStatus
from edubureau.imports.reading import ReadError, SheetRows, read_sheet
from edubureau.imports.spec import ImportContext, ImportSpec, get_spec

FIRST_ERRORS = 100


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
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Read, validate and (unless `dry_run`, and only if no errors remain or `valid_only`) write the
    file, all inside one transaction, so that what is written is exactly what was validated.
    Raises ReadError for a file that is not this entity's sheet. Needs the spec's import permission."""
    spec = spec_for(actor, spec_name)
    context = ImportContext(user=actor)
    # A dry run writes nothing, so it runs outside a transaction: its progress updates are seen at
    # once by the page that polls them. A real run validates and writes in one transaction.
    with contextlib.nullcontext() if dry_run else transaction.atomic():
        rows = read_sheet(source, spec, sheet)
        validation = engine.validate(
            spec,
            rows.rows,
            context,
            positions=rows.positions,
            first_column=rows.first_column,
            progress=progress,
        )
        batch = None
        if not dry_run:
            batch = engine.commit(
                spec, validation, context, file_name=file_name, file_sha256=file_sha256, valid_only=valid_only
            )
    return ImportOutcome(rows, validation, batch)


def write_errors_of(outcome: ImportOutcome, target: str | Path | IO[bytes]) -> None:
    write_error_workbook(
        target,
        outcome.validation,
        file_headers=outcome.sheet.file_headers,
        first_column=outcome.sheet.first_column,
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


def _progress_of(job: ImportJob, field: str) -> Callable[[int], None]:
    def progress(count: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(**{field: count, "rows_read": count})

    return progress


def validate_job(job: ImportJob) -> ImportJob:
    """Read and validate the job's file (a dry run), recording counts, the first errors and the error
    workbook on the job. Runs as a background task; the permission was checked at upload."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.VALIDATING)
    try:
        with job.file.open("rb") as handle:
            outcome = import_file(
                actor=job.actor,
                spec_name=job.entity,
                source=handle,
                file_name=job.file_name,
                file_sha256=job.file_sha256,
                sheet=job.sheet_name or None,
                dry_run=True,
                progress=_progress_of(job, "rows_validated"),
            )
    except (ReadError, PermissionDenied) as exc:
        return _fail(job, str(exc) or _("You may not import this."))
    _store_outcome(job, outcome, ImportJobStatus.VALIDATED)
    return job


def _fail(job: ImportJob, message: str) -> ImportJob:
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
        job.rows_written = len(validation.new_rows) + len(validation.changed_rows)
    job.save()


def commit_import(*, actor: Any, job: ImportJob, valid_only: bool = False) -> ImportJob:
    """Ask for a validated job to be written (by a background task). Only the job's own actor may,
    with the import permission, and only once it has been validated."""
    spec_for(actor, job.entity)
    if job.actor_id != actor.pk or job.status != ImportJobStatus.VALIDATED:
        raise PermissionDenied
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.VALIDATED).update(
        status=ImportJobStatus.COMMITTING, is_valid_only=valid_only
    )
    if not updated:
        raise PermissionDenied
    job.refresh_from_db()
    return job


def commit_job(job: ImportJob) -> ImportJob:
    """Re-read, re-validate and write the job's file in one transaction. If errors remain and the user
    did not choose the valid rows only, nothing is written and the job goes back to validated with
    the new errors. Runs as a background task."""
    try:
        with job.file.open("rb") as handle:
            outcome = import_file(
                actor=job.actor,
                spec_name=job.entity,
                source=handle,
                file_name=job.file_name,
                file_sha256=job.file_sha256,
                sheet=job.sheet_name or None,
                valid_only=job.is_valid_only,
                progress=_progress_of(job, "rows_validated"),
            )
    except (ReadError, PermissionDenied) as exc:
        return _fail(job, str(exc) or _("You may not import this."))
    status = ImportJobStatus.COMMITTED if outcome.is_committed else ImportJobStatus.VALIDATED
    _store_outcome(job, outcome, status)
    return job
