"""The Excel import/export spec of classes (班级). Natural key: 学校标识码 + 学年 + 年级 + 班号.

The engine keys a row by one column, so `row_check` folds the four into the 班号 column's value (a
tuple); a duplicate in the file is then reported on 班号 with its row. The head teacher is named by
身份证号 and must be on the staff of the class's school. The pupil count is exported for reading only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from edubureau.core.roles import Perm
from edubureau.imports.bulk import insert_rows, update_rows
from edubureau.imports.spec import Column, ImportContext, ImportSpec, Row, RowProblems, register
from edubureau.lib.cells import CellError, clean_int, clean_text
from edubureau.registry.choices_people import ClassType, Grade
from edubureau.registry.filters import ClassFilter
from edubureau.registry.imports_specs.common import (
    choice_cleaner,
    choice_column,
    choice_map,
    clean_id_number,
    clean_school_code,
    load_schools,
    masked,
    resolve_school,
)
from edubureau.registry.models import SchoolClass, Teacher
from edubureau.registry.selectors import classes_with_pupils

_YEAR = re.compile(r"(\d{4})(?:\s*[-—–~至]\s*\d{4})?\s*(?:学年)?")
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def _clean_school_year(value: Any) -> int | None:
    """2025, or 2025-2026 / 2025—2026学年 as people write it: the year the school year starts."""
    text = clean_text(value)
    if not text:
        return None
    match = _YEAR.fullmatch(text)
    if match is None:
        raise CellError(
            gettext("“%(value)s” is not a school year such as 2025 or 2025-2026.") % {"value": text}
        )
    return clean_int(match.group(1), min_value=EARLIEST_YEAR, max_value=LATEST_YEAR)


def _clean_number(value: Any) -> int | None:
    return clean_int(value, min_value=1, max_value=99)


def _grade_label() -> Any:
    labels = choice_map(Grade, get_language())
    return lambda school_class: labels[str(school_class.grade)]


COLUMNS: tuple[Column, ...] = (
    Column(
        "school",
        _("school identification code"),
        clean_school_code,
        required=True,
        is_text=True,
        few_values=True,
        export=lambda school_class: school_class.school.code,
    ),
    Column("school_name", _("school name"), is_imported=False, export=lambda c: c.school.name),
    Column("school_year", _("school year"), _clean_school_year, required=True, example="2025"),
    Column(
        "grade",
        _("grade"),
        make_cleaner=choice_cleaner(Grade, None),
        required=True,
        choices=[(str(code), name) for code, name in Grade.choices],
        dropdown_labels=True,
        make_export=_grade_label,
        example="一年级",
    ),
    Column("number", _("class number"), _clean_number, required=True, example="1"),
    choice_column("class_type", _("class type"), ClassType, ClassType.REGULAR),
    Column(
        "head_teacher",
        _("head teacher"),
        clean_id_number,
        is_text=True,
        is_sensitive=True,
        mask=masked,
        export=lambda school_class: (
            school_class.head_teacher.id_number if school_class.head_teacher_id else ""
        ),
        help_text=_("The head teacher's ID number; a member of staff of the class's school."),
    ),
    Column(
        "head_teacher_name",
        _("full name"),
        is_imported=False,
        export=lambda c: c.head_teacher.name if c.head_teacher_id else "",
    ),
    Column("pupils", _("students"), is_imported=False, export=lambda c: c.pupils),
)


def prepare(context: ImportContext) -> None:
    """Schools and the staff of the user's schools (for the head teachers), once per file."""
    load_schools(context)
    staff = Teacher.objects.filter(school__in=context.lookups["writable_schools"])
    context.lookups["staff"] = {
        id_number: (pk, school) for id_number, pk, school in staff.values_list("id_number", "pk", "school_id")
    }


def row_check(row: Row, context: ImportContext) -> RowProblems:
    problems = resolve_school(row, context)
    row["head_teacher_id"] = None
    if row["head_teacher"] and not problems:
        pk, school = context.lookups["staff"].get(row["head_teacher"], (None, None))
        if school != row["school_id"]:
            problems.append(("head_teacher", gettext("No member of this school's staff has this ID number.")))
        row["head_teacher_id"] = pk
    row["class_number"] = row["number"]
    row["number"] = (row["school"], row["school_year"], row["grade"], row["number"])
    return problems


def existing(new_rows: Sequence[Row], context: ImportContext) -> dict[Any, Row]:
    wanted = {row["number"] for row in new_rows}
    rows = SchoolClass.objects.filter(
        school__code__in={key[0] for key in wanted}, school_year__in={key[1] for key in wanted}
    ).values(
        "pk",
        "school_id",
        "school__code",
        "school_year",
        "grade",
        "number",
        "class_type",
        "head_teacher__id_number",
    )
    current: dict[Any, Row] = {}
    for values in rows:
        key = (values["school__code"], values["school_year"], values["grade"], values["number"])
        if key not in wanted:
            continue
        if values["school_id"] not in context.lookups["writable_schools"]:
            current[key] = {"pk": None}
            continue
        current[key] = {
            "pk": values["pk"],
            "school": key[0],
            "school_year": key[1],
            "grade": key[2],
            "number": key,
            "class_type": values["class_type"],
            "head_teacher": values["head_teacher__id_number"] or "",
        }
    return current


def write(new_rows: list[Row], changed_rows: list[Row], context: ImportContext) -> None:
    insert_rows(
        SchoolClass,
        ("school_id", "school_year", "grade", "number", "class_type", "head_teacher_id"),
        [
            [
                row["school_id"],
                row["school_year"],
                row["grade"],
                row["class_number"],
                row["class_type"],
                row["head_teacher_id"],
            ]
            for row in new_rows
        ],
    )
    update_rows(
        SchoolClass,
        ("class_type", "head_teacher_id"),
        [[row["pk"], row["class_type"], row["head_teacher_id"]] for row in changed_rows],
    )


def export_queryset(user: Any, params: Mapping[str, str]) -> QuerySet[SchoolClass]:
    """The class list page's rows: the user's classes, with their pupils in school, the same filters."""
    return ClassFilter(params, queryset=classes_with_pupils(user), user=user).qs


CLASSES = register(
    ImportSpec(
        name="classes",
        label=_("classes"),
        columns=COLUMNS,
        natural_key="number",
        import_permission=Perm.CHANGE_STUDENT,
        export_permission=Perm.VIEW_STUDENT,
        sensitive_permission=Perm.VIEW_STUDENT_ID,
        existing=existing,
        write=write,
        export_queryset=export_queryset,
        prepare=prepare,
        row_check=row_check,
    )
)
