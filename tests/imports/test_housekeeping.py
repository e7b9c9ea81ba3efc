"""Retention of import files: finished jobs lose their uploads and error workbooks after the retention
period, the job rows stay, and the job page and the download say so."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from edubureau.imports.housekeeping import PurgeResult, purge_import_files
from edubureau.imports.models import ImportJob, ImportJobStatus
from edubureau.imports.tasks import purge_import_files_task
from tests.imports.conftest import school_row

pytestmark = pytest.mark.django_db

WEEK = datetime.timedelta(days=7)
UPLOAD = b"PK upload with ID numbers"  # 25 bytes
ERRORS = b"PK error workbook"  # 17 bytes


def _job(actor, *, status=ImportJobStatus.COMMITTED, age_days=30, with_errors=True):  # type: ignore[no-untyped-def]
    """A job with a stored upload (and error workbook), last changed `age_days` ago."""
    job = ImportJob(entity="schools", file_name="学校.xlsx", file_sha256="0" * 64, status=status, actor=actor)
    job.file.save("学校.xlsx", ContentFile(UPLOAD), save=False)
    if with_errors:
        job.error_file.save("学校.errors.xlsx", ContentFile(ERRORS), save=False)
    job.save()
    # update(): save() would set updated_at to now again.
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - datetime.timedelta(days=age_days))
    job.refresh_from_db()
    return job


def _stored_names(job):  # type: ignore[no-untyped-def]
    return [stored.name for stored in (job.file, job.error_file) if stored]


@pytest.mark.parametrize(
    "status", [ImportJobStatus.COMMITTED, ImportJobStatus.FAILED, ImportJobStatus.VALIDATED]
)
def test_an_old_finished_job_loses_its_files_and_keeps_its_record(personas, status):
    job = _job(personas["section_staff"], status=status)
    names = _stored_names(job)
    assert len(names) == 2 and all(default_storage.exists(name) for name in names)

    result = purge_import_files(older_than=WEEK)

    assert result == PurgeResult(jobs=1, files=2, bytes=len(UPLOAD) + len(ERRORS))
    assert not any(default_storage.exists(name) for name in names)
    purged = ImportJob.objects.get(pk=job.pk)
    assert (purged.file.name, purged.error_file.name) == ("", "")
    assert purged.files_purged_at is not None
    assert (purged.status, purged.file_name, purged.file_sha256) == (status, "学校.xlsx", "0" * 64)
    assert purged.updated_at == job.updated_at


def test_recent_jobs_keep_their_files(personas):
    job = _job(personas["section_staff"], age_days=6)

    result = purge_import_files(older_than=WEEK)

    assert result == PurgeResult(jobs=0, files=0, bytes=0)
    assert all(default_storage.exists(name) for name in _stored_names(job))
    assert ImportJob.objects.get(pk=job.pk).files_purged_at is None


@pytest.mark.parametrize(
    "status", [ImportJobStatus.UPLOADED, ImportJobStatus.VALIDATING, ImportJobStatus.COMMITTING]
)
def test_a_running_job_keeps_its_files_however_old(personas, status):
    job = _job(personas["section_staff"], status=status, age_days=365)

    result = purge_import_files(older_than=WEEK)

    assert result.jobs == 0
    assert all(default_storage.exists(name) for name in _stored_names(job))
    assert ImportJob.objects.get(pk=job.pk).files_purged_at is None


def test_the_cutoff_counts_back_from_now(personas):
    job = _job(personas["section_staff"], age_days=3)

    result = purge_import_files(older_than=WEEK, now=timezone.now() + datetime.timedelta(days=5))

    assert result.jobs == 1
    assert not default_storage.exists(job.file.name)


def test_files_already_missing_from_storage_are_tolerated(personas):
    job = _job(personas["section_staff"])
    default_storage.delete(job.error_file.name)

    result = purge_import_files(older_than=WEEK)

    assert result == PurgeResult(jobs=1, files=1, bytes=len(UPLOAD))
    assert not default_storage.exists(job.file.name)
    assert ImportJob.objects.get(pk=job.pk).files_purged_at is not None


def test_a_job_without_an_error_workbook_loses_its_upload(personas):
    job = _job(personas["section_staff"], with_errors=False)

    assert purge_import_files(older_than=WEEK) == PurgeResult(jobs=1, files=1, bytes=len(UPLOAD))
    assert not default_storage.exists(job.file.name)


def test_a_purged_job_is_not_counted_again(personas):
    _job(personas["section_staff"])
    purge_import_files(older_than=WEEK)

    assert purge_import_files(older_than=WEEK) == PurgeResult(jobs=0, files=0, bytes=0)


def test_the_command_prints_what_it_removed_and_succeeds(personas):
    job = _job(personas["section_staff"], age_days=10)
    out = io.StringIO()

    call_command("purge_imports", "--days", "7", stdout=out)

    assert out.getvalue() == "已删除 1 个导入任务的 2 个文件，共 42 字节（保留期限 7 天；任务记录保留）。\n"
    assert not default_storage.exists(job.file.name)


def test_the_command_defaults_to_the_retention_setting(personas, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 30
    job = _job(personas["section_staff"], age_days=10)
    out = io.StringIO()

    call_command("purge_imports", stdout=out)

    assert out.getvalue() == "没有超过保留期限（30 天）的导入文件。\n"
    assert default_storage.exists(job.file.name)


def test_the_command_refuses_a_negative_number_of_days(personas):
    job = _job(personas["section_staff"])

    with pytest.raises(CommandError, match="保留天数不能为负数") as caught:
        call_command("purge_imports", "--days", "-1")

    assert caught.value.returncode == 2
    assert default_storage.exists(job.file.name)


def test_the_task_purges_with_the_retention_setting(personas, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 7
    job = _job(personas["section_staff"], age_days=8)

    result = purge_import_files_task.enqueue()

    assert result.return_value == {"jobs": 1, "files": 2, "bytes": len(UPLOAD) + len(ERRORS)}
    assert not default_storage.exists(job.file.name)


def _uploaded_job(client, path):  # type: ignore[no-untyped-def]
    uploaded = SimpleUploadedFile(path.name, path.read_bytes())
    client.post(reverse("imports:upload", args=["schools"]), {"file": uploaded, "sheet": ""})
    return ImportJob.objects.get()


def test_the_job_page_says_the_files_were_removed(personas, login, workbook):
    client = login(personas["section_staff"])
    job = _uploaded_job(client, workbook(school_row("2133000101"), school_row("21330001", "短码")))
    page = client.get(reverse("imports:job_detail", args=[job.pk])).content.decode()
    assert 'data-testid="error-workbook"' in page and 'data-testid="files-purged"' not in page

    purge_import_files(older_than=WEEK, now=timezone.now() + datetime.timedelta(days=8))

    page = client.get(reverse("imports:job_detail", args=[job.pk])).content.decode()
    assert 'data-testid="files-purged"' in page
    assert 'data-testid="error-workbook"' not in page
    assert 'data-testid="commit-valid-only"' not in page  # nothing left to commit from
    assert 'data-testid="error-table"' in page and "21330001" in page  # the first errors stay


def test_the_error_workbook_of_a_purged_job_is_404_not_500(personas, login, workbook):
    client = login(personas["section_staff"])
    job = _uploaded_job(client, workbook(school_row("21330001", "短码")))
    assert client.get(reverse("imports:job_errors", args=[job.pk])).status_code == 200

    purge_import_files(older_than=WEEK, now=timezone.now() + datetime.timedelta(days=8))

    response = client.get(reverse("imports:job_errors", args=[job.pk]))
    assert response.status_code == 404
    assert 'data-testid="files-purged"' in response.content.decode()


def test_an_error_workbook_missing_from_storage_is_404_not_500(personas, login, workbook):
    client = login(personas["section_staff"])
    job = _uploaded_job(client, workbook(school_row("21330001", "短码")))
    default_storage.delete(job.error_file.name)

    response = client.get(reverse("imports:job_errors", args=[job.pk]))

    assert response.status_code == 404


def test_a_purged_job_cannot_be_committed_even_by_a_crafted_post(personas, login, workbook):
    client = login(personas["section_staff"])
    job = _uploaded_job(client, workbook(school_row("2133000101")))
    purge_import_files(older_than=WEEK, now=timezone.now() + datetime.timedelta(days=8))

    client.post(reverse("imports:job_commit", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportJobStatus.VALIDATED and job.batch_id is None


def test_a_commit_whose_upload_vanished_fails_with_a_message_rather_than_hanging(personas, login, workbook):
    from edubureau.imports import services

    client = login(personas["section_staff"])
    job = _uploaded_job(client, workbook(school_row("2133000101")))
    default_storage.delete(job.file.name)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.COMMITTING)
    job.refresh_from_db()

    services.commit_job(job)

    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED and "重新上传" in job.message


def test_a_job_whose_import_breaks_unexpectedly_fails_with_a_message_and_is_logged(
    personas, login, workbook, monkeypatch, caplog
):
    from edubureau.imports import pipeline, services

    client = login(personas["section_staff"])
    job = _uploaded_job(client, workbook(school_row("2133000101")))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.COMMITTING)
    job.refresh_from_db()

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise pipeline.ReadingProcessError("the import's reading process ended unexpectedly")

    monkeypatch.setattr(services, "import_file", broken)
    services.commit_job(job)

    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED and "意外" in job.message
    assert "import job" in caplog.text


def test_parts_of_large_sheets_left_behind_are_deleted_when_old(settings, tmp_path):
    import os

    settings.DATA_DIR = tmp_path
    from edubureau.imports.reading import parts_directory

    old = parts_directory() / "edubureau-sheet-old.xlsx"
    old.write_bytes(b"PK rows of an upload")
    recent = parts_directory() / "edubureau-sheet-new.xlsx"
    recent.write_bytes(b"PK being read")
    month_ago = (timezone.now() - datetime.timedelta(days=30)).timestamp()
    os.utime(old, (month_ago, month_ago))

    result = purge_import_files(older_than=WEEK)

    assert (result.files, result.bytes) == (1, len(b"PK rows of an upload"))
    assert not old.exists() and recent.exists()
