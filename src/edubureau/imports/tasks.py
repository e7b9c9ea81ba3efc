"""Background tasks of the import machinery: thin wrappers that call the services.

Under the immediate backend (tests, `make run`) they run at once inside the request; in production
the database backend runs them in a worker, and the job page polls their progress.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from django_tasks import task

from edubureau.imports import housekeeping, services
from edubureau.imports.models import ImportJob


@task()
def validate_job(job_pk: int) -> None:
    job = ImportJob.objects.select_related("actor").get(pk=job_pk)
    services.validate_job(job)


@task()
def commit_job(job_pk: int) -> None:
    job = ImportJob.objects.select_related("actor").get(pk=job_pk)
    services.commit_job(job)


@task()
def purge_import_files_task(days: int | None = None) -> dict[str, int]:
    """The retention purge as a background task (for a scheduler that enqueues tasks rather than
    running the `purge_imports` command); `days` defaults to IMPORT_FILE_RETENTION_DAYS."""
    retention = settings.IMPORT_FILE_RETENTION_DAYS if days is None else days
    result = housekeeping.purge_import_files(older_than=datetime.timedelta(days=retention))
    return dataclasses.asdict(result)
