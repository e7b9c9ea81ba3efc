from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "edubureau.imports"
    label = "imports"
    verbose_name = _("Excel import and export")

    def ready(self) -> None:
        # Each app declares its importable entities in `<app>/imports_specs.py`; importing them here
        # keeps this app free of imports from the apps above it.
        autodiscover_modules("imports_specs")
