from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "edubureau.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from edubureau.core import signals  # noqa: F401  (login / logout events into the audit log)
