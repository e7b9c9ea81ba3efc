from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgUnitKind(models.TextChoices):
    BUREAU = "bureau", _("Education bureau")
    SECTION = "section", _("Section")
    TOWNSHIP = "township", _("Township central school")
    SCHOOL = "school", _("School")
