"""Live progress of an import job, for the job page that polls it while a task works.

A commit checks and writes inside one transaction, so counters saved on the job's row would be seen
only when it ends: the counters go to the cache, which the web and worker processes share (a file
cache by default, see settings), and the job row gets the final counts when the task is done.
"""

from __future__ import annotations

from django.core.cache import cache

from edubureau.imports.models import ImportJob

LIVE_SECONDS = 24 * 3600


def _key(job_pk: int) -> str:
    return f"imports:job:{job_pk}:progress"


def report(job_pk: int, *, checked: int, written: int, expected: int | None = None) -> None:
    """The task's latest counts; `expected` is how many rows the file says it holds, if it says."""
    counts = {"read": checked, "validated": checked, "written": written, "expected": expected}
    cache.set(_key(job_pk), counts, LIVE_SECONDS)


def forget(job_pk: int) -> None:
    cache.delete(_key(job_pk))


def live_counts(job: ImportJob) -> dict[str, int | None]:
    """Rows read, validated and written: the running task's latest report, else the job's own."""
    return cache.get(_key(job.pk)) or {
        "read": job.rows_read,
        "validated": job.rows_validated,
        "written": job.rows_written,
        "expected": None,
    }
