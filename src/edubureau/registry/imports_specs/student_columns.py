"""The columns of the student sheet (学生学籍): template, export and import share them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from edubureau.imports.spec import Column
from edubureau.lib.cells import clean_choice, clean_date, clean_int
from edubureau.lib.chinese_ids import clean_student_number
from edubureau.lib.codes import ETHNICITIES
from edubureau.registry.choices_people import (
    DisabilityPlacement,
    DisabilityType,
    Grade,
    Household,
    Sex,
    StudentStatus,
)
from edubureau.registry.imports_specs.common import (
    YES_NO,
    birth_year,
    choice_cleaner,
    choice_column,
    choice_map,
    clean_flag,
    clean_free_text,
    clean_id_number,
    clean_school_code,
    masked,
    refuse_masked,
    yes_no,
)

ETHNICITY_NAMES = dict(ETHNICITIES)
# The fields an import may change on a registered pupil; school and status only through events (or a
# re-admission, which is one).
CORRECTABLE = (
    "name", "sex", "birth_date", "ethnicity", "household", "grade", "enrolment_date", "is_left_behind",
    "is_migrant", "disability_type", "disability_placement", "is_registered_poor", "is_dibao",
    "is_boarder",
)  # fmt: skip
NAME_LENGTH = 50


def _clean_student_number(value: Any) -> str:
    refuse_masked(value)
    return clean_student_number(value)


def _clean_ethnicity(value: Any) -> str:
    return clean_choice(value, ETHNICITY_NAMES)


def _clean_class_number(value: Any) -> int | None:
    return clean_int(value, min_value=1, max_value=99)


def _iso(field: str) -> Any:
    return lambda obj: getattr(obj, field).isoformat() if getattr(obj, field) else ""


def _grade_label() -> Any:
    """The pupil's own grade (in a multi-grade class, not the class's)."""
    labels = choice_map(Grade, get_language())
    return lambda student: "" if student.grade is None else labels[str(student.grade)]


def _flag(key: str, header: Any) -> Column:
    return Column(key, header, clean_flag(False), choices=YES_NO, make_export=yes_no(key), example="否")


COLUMNS: tuple[Column, ...] = (
    Column(
        "student_number",
        _("student number"),
        _clean_student_number,
        required=True,
        is_text=True,
        is_sensitive=True,
        mask=masked,
        example="G330101201503010012",
        help_text=_("19 characters: G and the ID number, or the J or L number of a pupil without one."),
    ),
    Column(
        "id_number",
        _("ID number"),
        clean_id_number,
        is_text=True,
        is_sensitive=True,
        mask=masked,
        export=lambda student: student.id_number or "",
        example="330101201503010012",
        help_text=_("18 characters; required with a G number. Set the column's format to text."),
    ),
    Column("name", _("full name"), clean_free_text, required=True, example="张三"),
    choice_column("sex", _("sex"), Sex, required=True, example="男"),
    Column(
        "birth_date",
        _("birth date"),
        clean_date,
        required=True,
        export=_iso("birth_date"),
        is_sensitive=True,
        mask=birth_year,
    ),
    Column(
        "ethnicity",
        _("ethnicity"),
        _clean_ethnicity,
        required=True,
        choices=ETHNICITIES,
        dropdown_labels=True,
        export=lambda student: ETHNICITY_NAMES.get(student.ethnicity, ""),
        example="汉族",
    ),
    choice_column("household", _("household registration"), Household, Household.LOCAL, example="本县"),
    Column(
        "school",
        _("school identification code"),
        clean_school_code,
        required=True,
        is_text=True,
        few_values=True,
        export=lambda student: student.school.code,
        example="2133000001",
    ),
    Column("school_name", _("school name"), is_imported=False, export=lambda s: s.school.name),
    Column(
        "grade",
        _("grade"),
        make_cleaner=choice_cleaner(Grade, None),
        choices=[(str(code), name) for code, name in Grade.choices],
        dropdown_labels=True,
        make_export=_grade_label,
        example="一年级",
    ),
    Column(
        "class_number",
        _("class number"),
        _clean_class_number,
        export=lambda student: student.school_class.number if student.school_class_id else "",
        example="1",
        help_text=_(
            "With the grade: the class of the current school year (created if missing). In a "
            "multi-grade class, each pupil gives their own grade and the class's number."
        ),
    ),
    Column("enrolment_date", _("enrolment date"), clean_date, required=True, export=_iso("enrolment_date")),
    choice_column(
        "status",
        _("status"),
        StudentStatus,
        StudentStatus.IN_SCHOOL,
        {"在读": StudentStatus.IN_SCHOOL},
        help_text=_("New pupils are in school; later changes go through the transfer and dropout forms."),
    ),
    _flag("is_left_behind", _("left-behind child")),
    _flag("is_migrant", _("migrant child")),
    choice_column("disability_type", _("disability type"), DisabilityType),
    choice_column("disability_placement", _("disability placement"), DisabilityPlacement),
    _flag("is_registered_poor", _("registered poor household")),
    _flag("is_dibao", _("minimum living allowance")),
    _flag("is_boarder", _("boarder")),
)
