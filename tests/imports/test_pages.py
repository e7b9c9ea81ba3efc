"""The upload page, the job page and the downloads, with their permissions and scope."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edubureau.core.models import AuditAction, ChangeLog, ImportBatch
from edubureau.imports.models import ImportJob, ImportJobStatus
from edubureau.registry.models import School
from tests.imports.conftest import SCHOOL_HEADERS, school_row

pytestmark = pytest.mark.django_db


def _upload(client, path):  # type: ignore[no-untyped-def]
    uploaded = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(reverse("imports:upload", args=["schools"]), {"file": uploaded, "sheet": ""})


@pytest.mark.parametrize(
    ("persona", "status"),
    [("section_staff", 200), ("school_a_clerk", 200), ("leader", 403), ("audit_admin", 403), (None, 302)],
)
def test_upload_page_needs_the_import_permission(personas, login, persona, status):
    client = login(personas[persona] if persona else None)

    response = client.get(reverse("imports:upload", args=["schools"]))

    assert response.status_code == status


def test_an_unknown_entity_is_404(personas, login):
    response = login(personas["section_staff"]).get(reverse("imports:upload", args=["planets"]))

    assert response.status_code == 404


def test_template_download(personas, login):
    response = login(personas["section_staff"]).get(reverse("imports:template_download", args=["schools"]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_upload_validates_then_commit_writes(personas, login, workbook):
    client = login(personas["section_staff"])

    response = _upload(client, workbook(school_row("2133000101")))

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "imports:job_detail", args=[job.pk]
    )
    assert (job.status, job.counts["new"], job.actor) == (
        ImportJobStatus.VALIDATED,
        1,
        personas["section_staff"],
    )
    assert not School.objects.filter(code="2133000101").exists()
    page = client.get(reverse("imports:job_detail", args=[job.pk])).content.decode()
    assert 'data-testid="commit"' in page and "hx-trigger" not in page

    client.post(reverse("imports:job_commit", args=[job.pk]))

    job.refresh_from_db()
    assert (job.status, job.rows_written) == (ImportJobStatus.COMMITTED, 1)
    assert School.objects.filter(code="2133000101").exists()
    assert ChangeLog.objects.filter(action=AuditAction.IMPORT, batch=job.batch).count() == 1


def test_errors_are_listed_and_commit_is_refused_unless_valid_only(personas, login, workbook):
    client = login(personas["section_staff"])
    _upload(client, workbook(school_row("2133000101"), school_row("21330001", "短码")))
    job = ImportJob.objects.get()

    page = client.get(reverse("imports:job_detail", args=[job.pk])).content.decode()
    assert (
        "21330001" in page
        and 'data-testid="commit-valid-only"' in page
        and 'data-testid="commit"' not in page
    )
    errors = client.get(reverse("imports:job_errors", args=[job.pk]))
    assert errors.status_code == 200

    client.post(reverse("imports:job_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJobStatus.VALIDATED and not ImportBatch.objects.exists()

    client.post(reverse("imports:job_commit", args=[job.pk]), {"valid_only": "1"})
    job.refresh_from_db()
    assert (job.status, job.rows_written) == (ImportJobStatus.COMMITTED, 1)


def test_a_wrong_template_fails_the_job_with_its_message(personas, login, workbook):
    client = login(personas["section_staff"])

    header = ["别的列" if name == "乡镇" else name for name in SCHOOL_HEADERS]
    _upload(client, workbook(school_row("2133000101"), header=header))

    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED
    assert "别的列" in job.message and "乡镇" in job.message
    assert "别的列" in client.get(reverse("imports:job_detail", args=[job.pk])).content.decode()


@pytest.mark.parametrize("view", ["imports:job_detail", "imports:job_errors"])
def test_another_users_job_is_404(personas, login, workbook, view):
    _upload(login(personas["school_a_clerk"]), workbook(school_row("21330001")))
    job = ImportJob.objects.get()

    response = login(personas["school_b_clerk"]).get(reverse(view, args=[job.pk]))

    assert response.status_code == 404


def test_another_users_job_cannot_be_committed(personas, login, workbook):
    _upload(login(personas["section_staff"]), workbook(school_row("2133000101")))
    job = ImportJob.objects.get()

    response = login(personas["school_a_clerk"]).post(reverse("imports:job_commit", args=[job.pk]))

    assert response.status_code == 404
    assert not School.objects.filter(code="2133000101").exists()


def test_a_running_job_polls_for_progress(personas, login, workbook):
    client = login(personas["section_staff"])
    _upload(client, workbook(school_row("2133000101")))
    ImportJob.objects.update(status=ImportJobStatus.VALIDATING, rows_read=4000, rows_validated=2000)
    job = ImportJob.objects.get()

    page = client.get(
        reverse("imports:job_detail", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()

    assert 'hx-trigger="every 1s"' in page and "<html" not in page
    assert "已读取4000行，已校验2000行" in page


def test_a_validation_shows_how_far_it_is_through_the_rows_the_file_holds(personas, login, workbook):
    from edubureau.imports import progress

    client = login(personas["section_staff"])
    _upload(client, workbook(school_row("2133000101")))
    ImportJob.objects.update(status=ImportJobStatus.VALIDATING)
    job = ImportJob.objects.get()
    progress.report(job.pk, checked=3000, written=0, expected=12000)

    page = client.get(
        reverse("imports:job_detail", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()

    assert 'max="12000" value="3000"' in page


def test_a_commit_shows_its_progress_while_its_transaction_is_open(personas, login, workbook):
    """The task reports to the cache: the job's row would show the counts only after the commit."""
    from edubureau.imports import progress

    client = login(personas["section_staff"])
    _upload(client, workbook(school_row("2133000101")))
    ImportJob.objects.update(status=ImportJobStatus.COMMITTING, counts={"read": 9000})
    job = ImportJob.objects.get()
    progress.report(job.pk, checked=5000, written=4000)

    page = client.get(
        reverse("imports:job_detail", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()

    assert 'max="9000" value="5000"' in page and "已写入4000行" in page


def test_an_upload_over_the_size_limit_is_refused_in_chinese(personas, login, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.IMPORT_MAX_MEGABYTES = 1
    big = SimpleUploadedFile("大文件.xlsx", b"0" * (1024 * 1024 + 1))
    response = login(personas["section_staff"]).post(
        reverse("imports:upload", args=["schools"]), {"file": big}
    )
    assert response.status_code == 200
    assert "1.0 MB" in str(response.context["form"].errors["file"])
