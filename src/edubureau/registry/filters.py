"""Filters of the registry's lists (schools, classes, students, teachers), each shared by the page, its
export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from edubureau.lib.clock import today
from edubureau.lib.school_year import school_year_of
from edubureau.registry.choices import AreaLevel, Ownership, SchoolStatus, SchoolType, UrbanRural
from edubureau.registry.choices_people import ClassType, Degree, Grade, Post, StudentStatus, Title
from edubureau.registry.masking import may_see_id_numbers
from edubureau.registry.models import Area, School, SchoolClass, Student, Teacher


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Keyword"), method="search")
    school_type = django_filters.ChoiceFilter(label=_("School type"), choices=SchoolType.choices)
    township = django_filters.ModelChoiceFilter(
        label=_("Township"), queryset=Area.objects.none(), empty_label=_("All")
    )
    urban_rural = django_filters.ChoiceFilter(label=_("Urban-rural code"), choices=UrbanRural.choices)
    ownership = django_filters.ChoiceFilter(label=_("Ownership"), choices=Ownership.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SchoolStatus.choices)

    class Meta:
        model = School
        fields = ("q", "school_type", "township", "urban_rural", "ownership", "status")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = kwargs.get("request")
        user = user or getattr(request, "user", None)
        self.filters["township"].queryset = Area.objects.visible_to(user).filter(level=AreaLevel.TOWNSHIP)

    def search(self, queryset: QuerySet[School], name: str, value: str) -> QuerySet[School]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(code__startswith=value) | Q(principal__icontains=value)
        )


STUDENT_GROUPS = [
    ("left_behind", _("Left-behind children")),
    ("migrant", _("Migrant children")),
    ("disabled", _("Pupils with disabilities")),
    ("poor", _("Registered poor or minimum allowance")),
    ("boarder", _("Boarders")),
]
STUDENT_GROUP_FILTERS: dict[str, dict[str, Any]] = {
    "left_behind": {"is_left_behind": True},
    "migrant": {"is_migrant": True},
    "disabled": {"disability_type__gt": ""},
    "poor": {"is_registered_poor": True},
    "boarder": {"is_boarder": True},
}


# 班额 bands of the national standard (domain/indicators.md §4): pupils in school per class.
CLASS_SIZES = (
    ("oversized", _("Oversized (46–55)"), 46, 55),
    ("large", _("Large class (56–65)"), 56, 65),
    ("very_large", _("Very large class (66 or more)"), 66, None),
)


class ClassFilter(django_filters.FilterSet):
    """Filters of the class list; its queryset carries `pupils` (pupils in school) for the size bands."""

    school = django_filters.ModelChoiceFilter(
        label=_("School"), queryset=School.objects.none(), empty_label=_("All")
    )
    school_year = django_filters.NumberFilter(label=_("School year"))
    grade = django_filters.ChoiceFilter(label=_("Grade"), choices=Grade.choices)
    class_type = django_filters.ChoiceFilter(label=_("Class type"), choices=ClassType.choices)
    size = django_filters.ChoiceFilter(
        label=_("Class size"), method="of_size", choices=[(key, label) for key, label, *_ in CLASS_SIZES]
    )

    class Meta:
        model = SchoolClass
        fields = ("school", "school_year", "grade", "class_type", "size")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        self.filters["school"].queryset = School.objects.visible_to(user).only("pk", "name")

    def of_size(self, queryset: QuerySet[SchoolClass], name: str, value: str) -> QuerySet[SchoolClass]:
        for key, _label, smallest, largest in CLASS_SIZES:
            if key == value:  # `pupils` is the annotation of selectors.classes_with_pupils
                queryset = queryset.filter(**{"pupils__gte": smallest})
                return queryset if largest is None else queryset.filter(**{"pupils__lte": largest})
        return queryset


class StudentFilter(django_filters.FilterSet):
    """Filters of the student list, shared by the page, its export and the API."""

    q = django_filters.CharFilter(label=_("Keyword"), method="search")
    school = django_filters.ModelChoiceFilter(
        label=_("School"), queryset=School.objects.none(), empty_label=_("All")
    )
    # The pupil's own grade, not their class's: a multi-grade class holds several.
    grade = django_filters.ChoiceFilter(label=_("Grade"), choices=Grade.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=StudentStatus.choices)
    group = django_filters.ChoiceFilter(label=_("Group"), method="in_group", choices=STUDENT_GROUPS)
    # The classes of the chosen school this school year (every class of the county would be too long a
    # list), and the class a pupil count of the class list links to.
    school_class = django_filters.ModelChoiceFilter(
        label=_("Class"), queryset=SchoolClass.objects.none(), empty_label=_("All")
    )

    class Meta:
        model = Student
        fields = ("q", "school", "grade", "status", "group", "school_class")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        self.user = user
        self.filters["school"].queryset = School.objects.visible_to(user).only("pk", "name")
        self.filters["school_class"].queryset = self._classes_offered()

    def _classes_offered(self) -> QuerySet[SchoolClass]:
        data = self.data or {}
        school, linked = str(data.get("school", "")), str(data.get("school_class", ""))
        wanted = Q(pk=int(linked)) if linked.isdigit() else Q(pk__in=[])
        if school.isdigit():
            wanted |= Q(school_id=int(school), school_year=school_year_of(today()))
        return SchoolClass.objects.visible_to(self.user).filter(wanted).order_by("grade", "number")

    def search(self, queryset: QuerySet[Student], name: str, value: str) -> QuerySet[Student]:
        """By name; by 学籍号 prefix only for those who may see full numbers (a prefix search would
        otherwise reveal a masked number a digit at a time)."""
        value = value.strip()
        if not value:
            return queryset
        condition = Q(name__icontains=value)
        if may_see_id_numbers(self.user):
            condition |= Q(student_number__startswith=value.upper())
        return queryset.filter(condition)

    def in_group(self, queryset: QuerySet[Student], name: str, value: str) -> QuerySet[Student]:
        return queryset.filter(**STUDENT_GROUP_FILTERS[value]) if value in STUDENT_GROUP_FILTERS else queryset


class TeacherFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Keyword"), method="search")
    school = django_filters.ModelChoiceFilter(
        label=_("School"), queryset=School.objects.none(), empty_label=_("All")
    )
    post = django_filters.ChoiceFilter(label=_("Post"), choices=Post.choices)
    title = django_filters.ChoiceFilter(label=_("Professional title"), choices=Title.choices)
    degree = django_filters.ChoiceFilter(label=_("Highest degree"), choices=Degree.choices)

    class Meta:
        model = Teacher
        fields = ("q", "school", "post", "title", "degree")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        self.filters["school"].queryset = School.objects.visible_to(user).only("pk", "name")

    def search(self, queryset: QuerySet[Teacher], name: str, value: str) -> QuerySet[Teacher]:
        return queryset.filter(name__icontains=value.strip()) if value.strip() else queryset
