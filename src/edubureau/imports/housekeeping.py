"""Retention of import files. An uploaded roster holds children's ID numbers, and so does its error
workbook, so both are deleted once their job is finished and old enough. The job row stays as the
record of the import (counts, first errors, link to its ImportBatch); the audit log is not touched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from edubureau.imports.models import ImportJob, ImportJobStatus
from edubureau.imports.reading import parts_directory

# Listed rather than "not running": a status added later keeps its files until someone decides.
# A validated job that was never committed is abandoned once it is this old.
FINISHED_STATUSES = (ImportJobStatus.VALIDATED, ImportJobStatus.COMMITTED, ImportJobStatus.FAILED)


@dataclass(frozen=True)
class PurgeResult:
    """What one purge removed: the jobs whose files went, the files deleted and their total size."""

    jobs: int = 0
    files: int = 0
    bytes: int = 0


def purge_import_files(
    *, older_than: datetime.timedelta, now: datetime.datetime | None = None
) -> PurgeResult:
    """Delete from storage the uploaded file and the error workbook of every finished job (imported,
    failed, or validated and left) last changed before `now - older_than`; blank the job's file fields
    and set its `files_purged_at`. A job still being validated or imported keeps its files, and a file
    already missing from storage is skipped. A system task (command, scheduled task): no permission.
    """
    now = now or timezone.now()
    cutoff = now - older_than
    stale = ImportJob.objects.filter(
        status__in=FINISHED_STATUSES, updated_at__lt=cutoff, files_purged_at__isnull=True
    ).values_list("pk", flat=True)
    jobs = files = size = 0
    for pk in list(stale):
        removed = _purge_job(pk, cutoff=cutoff, now=now)
        if removed is not None:
            jobs, files, size = jobs + 1, files + len(removed), size + sum(removed)
    # By the clock, whatever `now` says: a part being read at this moment is never old.
    parts = _purge_stale_parts(min(cutoff, timezone.now() - older_than))
    return PurgeResult(jobs=jobs, files=files + len(parts), bytes=size + sum(parts))


def _purge_stale_parts(cutoff: datetime.datetime) -> list[int]:
    """The sizes of the temporary parts of large sheets (`lib.xlsx_parts`) left behind by a reading
    process that could not remove them (killed, or the machine stopped), now deleted: they hold the
    rows of an upload. Every import removes its own; one older than the cutoff belongs to none."""
    sizes = []
    for path in parts_directory().glob("edubureau-sheet-*.xlsx"):
        try:
            stat = path.stat()
            if datetime.datetime.fromtimestamp(stat.st_mtime, tz=datetime.UTC) < cutoff:
                path.unlink()
                sizes.append(stat.st_size)
        except FileNotFoundError:  # removed meanwhile
            continue
    return sizes


@transaction.atomic
def _purge_job(pk: int, *, cutoff: datetime.datetime, now: datetime.datetime) -> list[int] | None:
    """Purge one job, unless it changed since it was listed: the sizes of the files deleted, or None.

    The row is locked and re-checked first, so that a job a user just sent to be committed is left
    alone; the files are deleted before the row is marked, so that if a deletion fails the job stays
    unmarked and the next run tries again."""
    job = (
        ImportJob.objects.select_for_update()
        .filter(pk=pk, status__in=FINISHED_STATUSES, updated_at__lt=cutoff, files_purged_at__isnull=True)
        .only("pk", "file", "error_file")
        .first()
    )
    if job is None:
        return None
    sizes = [
        size
        for stored in (job.file, job.error_file)
        if stored and (size := _delete_stored(stored.storage, stored.name)) is not None
    ]
    # update(), not save(): `updated_at` keeps saying when the import itself last changed.
    ImportJob.objects.filter(pk=pk).update(file="", error_file="", files_purged_at=now)
    return sizes


def _delete_stored(storage: Storage, name: str) -> int | None:
    """Delete one stored file: its size in bytes, or None if it was already gone."""
    try:
        size = storage.size(name)
    except FileNotFoundError:
        return None
    storage.delete(name)
    return size
