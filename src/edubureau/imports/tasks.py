"""Background tasks of the import machinery: thin wrappers that call the services.

Under the immediate backend (tests, `make run`) they run at once inside the request; in production
the database backend runs them in a worker, and the job page polls their progress.
"""

from __future__ import annotations

from django_tasks import task

from edubureau.imports import services
from edubureau.imports.models import ImportJob


@task()
def validate_job(job_pk: int) -> None:
    job = ImportJob.objects.select_related("actor").get(pk=job_pk)
    services.validate_job(job)


@task()
def commit_job(job_pk: int) -> None:
    job = ImportJob.objects.select_related("actor").get(pk=job_pk)
    services.commit_job(job)
