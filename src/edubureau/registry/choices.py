"""National code lists of the registry (../shared/domain/indicators.md §5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")


class SchoolType(models.TextChoices):
    """学校办学类型, JY/T 1001 (GB/T 33782 表4)."""

    KINDERGARTEN = "111", _("Kindergarten")
    ATTACHED_KINDERGARTEN_CLASS = "119", _("Attached kindergarten class")
    PRIMARY = "211", _("Primary school")
    PRIMARY_TEACHING_POINT = "218", _("Primary teaching point")
    ATTACHED_PRIMARY_CLASS = "219", _("Attached primary class")
    JUNIOR_HIGH = "311", _("Junior high school")
    NINE_YEAR = "312", _("Nine-year school")
    ATTACHED_JUNIOR_CLASS = "319", _("Attached junior high class")
    COMPLETE_SECONDARY = "341", _("Complete secondary school")
    SENIOR_HIGH = "342", _("Senior high school")
    TWELVE_YEAR = "345", _("Twelve-year school")
    VOCATIONAL_SPECIALISED = "361", _("Specialised secondary school")
    VOCATIONAL_ADULT = "362", _("Adult specialised secondary school")
    VOCATIONAL_OTHER = "363", _("Other secondary vocational institution")
    VOCATIONAL_ATTACHED = "364", _("Attached secondary vocational class")
    VOCATIONAL_HIGH = "365", _("Vocational high school")
    TECHNICAL = "366", _("Technical school")
    SPECIAL_BLIND = "511", _("School for the blind")
    SPECIAL_DEAF = "512", _("School for the deaf")
    SPECIAL_INTELLECTUAL = "513", _("School for intellectual disability")
    SPECIAL_OTHER = "519", _("Other special education school")


KINDERGARTEN_TYPES = frozenset({"111", "119"})
PRIMARY_TYPES = frozenset({"211", "218", "219"})
JUNIOR_TYPES = frozenset({"311", "312", "319"})
SENIOR_TYPES = frozenset({"341", "342", "345"})
VOCATIONAL_TYPES = frozenset({"361", "362", "363", "364", "365", "366"})
SPECIAL_TYPES = frozenset({"511", "512", "513", "519"})


class Ownership(models.TextChoices):
    """学校办别."""

    PUBLIC = "21", _("Public")
    PRIVATE = "22", _("Private")
    PRIVATE_PUBLIC_AIDED = "23", _("Private, publicly aided")
    OTHER = "29", _("Other")


class UrbanRural(models.TextChoices):
    """统计用城乡划分代码."""

    CITY_CENTRE = "111", _("Main urban area")
    CITY_FRINGE = "112", _("Urban-rural fringe")
    TOWN_CENTRE = "121", _("Town centre")
    TOWN_FRINGE = "122", _("Town-rural fringe")
    SPECIAL_ZONE = "123", _("Special zone")
    TOWNSHIP_CENTRE = "210", _("Township centre")
    VILLAGE = "220", _("Village")


class DemonstrationLevel(models.TextChoices):
    NONE = "", _("None")
    PROVINCE = "province", _("Provincial demonstration")
    CITY = "city", _("City demonstration")
    COUNTY = "county", _("County demonstration")


class SchoolStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MERGED = "merged", _("Merged")
    SUSPENDED = "suspended", _("Suspended")
