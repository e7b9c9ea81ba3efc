"""An import in progress or done: the uploaded file, where validation and writing stand, the result."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import ImportBatch, TimeStampedModel


class ImportJobStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    VALIDATING = "validating", _("Validating")
    VALIDATED = "validated", _("Validated")
    COMMITTING = "committing", _("Importing")
    COMMITTED = "committed", _("Imported")
    FAILED = "failed", _("Failed")


RUNNING_STATUSES = frozenset(
    {ImportJobStatus.UPLOADED, ImportJobStatus.VALIDATING, ImportJobStatus.COMMITTING}
)


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def visible_to(self, user: Any) -> ImportJobQuerySet:
        """A job is its uploader's alone: it holds their file and the rows of their scope."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(actor=user)


class ImportJob(TimeStampedModel):
    """One upload of one Excel file for one entity (学校, 学生…): validated first, then committed or
    abandoned. Progress counters are updated while a background task runs, so a page reload shows
    where it stands."""

    entity = models.CharField(_("entity"), max_length=64)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64)
    sheet_name = models.CharField(_("sheet"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportJobStatus.choices, default=ImportJobStatus.UPLOADED
    )
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_validated = models.PositiveIntegerField(_("rows validated"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    first_errors = models.JSONField(_("first errors"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    error_file = models.FileField(_("error workbook"), upload_to="imports/errors/%Y/%m/", blank=True)
    is_valid_only = models.BooleanField(_("valid rows only"), default=False)
    # Set when the retention period passed and the uploaded file and error workbook were deleted
    # (imports.housekeeping): the row stays as the record of what was imported.
    files_purged_at = models.DateTimeField(_("files removed at"), null=True, blank=True)
    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import batch"), null=True, blank=True, on_delete=models.PROTECT
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.CASCADE, related_name="+"
    )

    objects: ClassVar[ImportJobQuerySet] = ImportJobQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.entity} {self.file_name}"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def error_count(self) -> int:
        return int(self.counts.get("errors", 0))
