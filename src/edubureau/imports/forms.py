from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

ACCEPTED_SUFFIXES = (".xlsx", ".xls", ".xlsm")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel file"), help_text=_(".xlsx or .xls, filled in from the template."))
    sheet = forms.CharField(
        label=_("Sheet"), max_length=100, required=False, help_text=_("Leave empty to read the first sheet.")
    )

    def clean_file(self) -> UploadedFile:
        uploaded: UploadedFile = self.cleaned_data["file"]
        if Path(uploaded.name or "").suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx or .xls)."))
        limit = settings.IMPORT_MAX_MEGABYTES
        if (uploaded.size or 0) > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the largest accepted is %(limit)d MB: split it."),
                params={"size": (uploaded.size or 0) / 1024 / 1024, "limit": limit},
            )
        return uploaded
