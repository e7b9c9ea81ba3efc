"""The Excel import/export spec of pupils (学生学籍). Natural key: 学籍号.

An import adds pupils (each with its 入学 event, so that the roster at any past date can be rebuilt)
and corrects the other fields of pupils already registered. It never changes a pupil's school or
status: those are events recorded by the transfer, dropout and return forms. A pupil registered at
another school is refused, naming that school, by 学籍号 and by 身份证号.

Classes are named by grade and class number and belong to the current school year; a class that does
not exist yet is created with the import. Lookups (schools, classes) are loaded once per file and the
current rows are fetched a batch at a time, so the per-row work stays dictionary lookups.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from edubureau.core.roles import Perm
from edubureau.imports.bulk import allocate_pks, insert_columns, insert_rows, update_rows
from edubureau.imports.spec import ImportContext, ImportSpec, Row, RowProblems, register
from edubureau.lib.school_year import school_year_of
from edubureau.registry.choices_people import ClassType, StudentEventKind, StudentStatus
from edubureau.registry.filters import StudentFilter
from edubureau.registry.imports_specs.common import (
    choice_map,
    id_agreement,
    load_schools,
    not_in_future,
    resolve_school,
    today,
    with_keys,
)
from edubureau.registry.imports_specs.student_columns import COLUMNS, CORRECTABLE, NAME_LENGTH
from edubureau.registry.models import SchoolClass, Student, StudentEvent


def prepare(context: ImportContext) -> None:
    """Schools, the current school year's classes of the user's schools; per-file bookkeeping."""
    load_schools(context)
    school_year = school_year_of(today())
    classes = SchoolClass.objects.filter(
        school_year=school_year, school__in=context.lookups["writable_schools"]
    ).values_list("school_id", "grade", "number", "pk")
    context.lookups["school_year"] = school_year
    context.lookups["classes"] = {(school, grade, number): pk for school, grade, number, pk in classes}
    context.lookups["number_of_id"] = {}  # 身份证号 → the 学籍号 of the first row that gave it
    context.lookups["id_of_number"] = {}  # 学籍号 → 身份证号, for the batch look-ups
    context.lookups["conflicts"] = {}  # 学籍号 → the problem found against the database
    context.lookups["status_labels"] = choice_map(StudentStatus, get_language())


def _check_numbers(row: Row, context: ImportContext) -> RowProblems:
    """G numbers carry the ID number; the ID agrees with birth date and sex; no ID twice in a file."""
    number, id_number = row["student_number"], row["id_number"]
    problems: RowProblems = []
    if number[0] == "G" and not id_number:
        problems.append(("id_number", gettext("A G student number needs the ID number it is made of.")))
    elif number[0] == "G" and number[1:] != id_number:
        message = gettext("A G student number is G followed by the ID number, here %(expected)s.")
        problems.append(("student_number", message % {"expected": "G" + id_number}))
    if not id_number:
        return problems
    problems += id_agreement(row, id_number)
    first = context.lookups["number_of_id"].setdefault(id_number, number)
    if first != number:
        message = gettext("The same ID number is given in this file for student number %(number)s.")
        problems.append(("id_number", message % {"number": first}))
    context.lookups["id_of_number"][number] = id_number
    return problems


def _check_class_and_care(row: Row) -> RowProblems:
    problems: RowProblems = []
    if (row["grade"] is None) != (row["class_number"] is None):
        missing = "grade" if row["grade"] is None else "class_number"
        problems.append((missing, gettext("Give both the grade and the class number, or neither.")))
    if row["disability_placement"] and not row["disability_type"]:
        problems.append(("disability_placement", gettext("A placement needs a disability type.")))
    if len(row["name"]) > NAME_LENGTH:
        problems.append(("name", gettext("At most %(limit)d characters.") % {"limit": NAME_LENGTH}))
    if row["enrolment_date"] < row["birth_date"]:
        problems.append(("enrolment_date", gettext("The enrolment date is before the birth date.")))
    return problems


def row_check(row: Row, context: ImportContext) -> RowProblems:
    """School in scope, numbers consistent, dates possible, class named completely."""
    problems = resolve_school(row, context)
    problems += _check_numbers(row, context)
    problems += not_in_future(row, "birth_date", "enrolment_date")
    problems += _check_class_and_care(row)
    return problems


ELSEWHERE_OUT_OF_SCOPE = gettext_noop(
    "This pupil is registered at another school of the county; ask the registry section."
)


def _elsewhere(school: str, status: str, context: ImportContext) -> str:
    return gettext(
        "This pupil is registered at %(school)s (%(status)s). A pupil moves to another school by a "
        "transfer (转学) recorded on the pupil's page, not by an import."
    ) % {"school": school, "status": context.lookups["status_labels"].get(status, status)}


def _current_row(values: dict[str, Any]) -> Row:
    values["id_number"] = values["id_number"] or ""
    values["school"] = values.pop("school__code")
    values["grade"] = values.pop("school_class__grade")
    values["class_number"] = values.pop("school_class__number")
    return values


def existing(keys: Sequence[Any], context: ImportContext) -> dict[Any, Row]:
    """Current values by 学籍号 for pupils of the user's schools. A pupil of another school, or an ID
    number that belongs to another pupil, is recorded as a conflict that create/change checks report."""
    lookups = context.lookups
    names, conflicts = lookups["school_names"], lookups["conflicts"]
    rows = with_keys(Student.objects.all(), "student_number", keys).values(
        "pk", "student_number", "id_number", "school_id", "school__code", "status",
        "school_class__grade", "school_class__number", *CORRECTABLE,
    )  # fmt: skip
    current: dict[Any, Row] = {}
    for values in rows:
        if values["school_id"] in lookups["writable_schools"]:
            current[values["student_number"]] = _current_row(values)
        else:  # outside the user's scope: say that it is registered, never where (no child locator)
            conflicts[values["student_number"]] = ("student_number", gettext(ELSEWHERE_OUT_OF_SCOPE))
    wanted = {lookups["id_of_number"][key]: key for key in keys if key in lookups["id_of_number"]}
    holders = with_keys(Student.objects.all(), "id_number", list(wanted)).values_list(
        "id_number", "student_number", "school_id", "status"
    )
    for id_number, holder, school_id, status in holders:
        if holder == wanted[id_number]:
            continue
        if school_id in lookups["writable_schools"]:
            message = gettext("This ID number belongs to the pupil with student number %(number)s.") % {
                "number": holder
            }
            message = f"{message} {_elsewhere(names[school_id], status, context)}"
        else:
            message = gettext(ELSEWHERE_OUT_OF_SCOPE)
        conflicts.setdefault(wanted[id_number], ("id_number", message))
    return current


def create_check(row: Row, context: ImportContext) -> RowProblems:
    conflict = context.lookups["conflicts"].get(row["student_number"])
    if conflict:
        return [conflict]
    if row["status"] != StudentStatus.IN_SCHOOL:
        return [("status", gettext("A new pupil is registered as in school; later changes are events."))]
    return []


def change_check(row: Row, current: Row, changed: list[str], context: ImportContext) -> RowProblems:
    """The school and the status change only through events (transfer, dropout, return)."""
    conflict = context.lookups["conflicts"].get(row["student_number"])
    if conflict:
        return [conflict]
    problems: RowProblems = []
    if "school" in changed:
        school = context.lookups["school_names"][current["school_id"]]
        problems.append(("school", _elsewhere(school, current["status"], context)))
    if "status" in changed:
        message = gettext(
            "The status changes through the transfer, dropout and return forms, so that the pupil's "
            "history stays true; it is now “%(status)s”."
        )
        problems.append(("status", message % {"status": context.lookups["status_labels"][current["status"]]}))
    return problems


def _class_pks(rows: list[Row], context: ImportContext) -> dict[tuple[int, int, int], int]:
    """The current year's class of every (school, grade, number) the rows name, creating the missing."""
    classes: dict[tuple[int, int, int], int] = context.lookups["classes"]
    wanted = {
        (row["school_id"], row["grade"], row["class_number"]) for row in rows if row["grade"] is not None
    }
    missing = sorted(wanted - classes.keys())
    if missing:
        year = context.lookups["school_year"]
        names = ("school_id", "school_year", "grade", "number", "class_type", "head_teacher_id")
        insert_rows(
            SchoolClass,
            names,
            [[school, year, grade, number, ClassType.REGULAR, None] for school, grade, number in missing],
        )
        created = SchoolClass.objects.filter(school_year=year, school__in={key[0] for key in missing})
        classes.update(
            {(s, g, n): pk for s, g, n, pk in created.values_list("school_id", "grade", "number", "pk")}
        )
        context.lookups["classes_created"] = len(missing)
    return classes


def _columns(rows: list[Row], classes: dict[tuple[int, int, int], int]) -> dict[str, list[Any]]:
    """The correctable fields, the ID number and the class, a column at a time."""
    columns = {name: [row[name] for row in rows] for name in CORRECTABLE}
    columns["id_number"] = [row["id_number"] or None for row in rows]
    columns["school_class_id"] = [
        None if row["grade"] is None else classes[(row["school_id"], row["grade"], row["class_number"])]
        for row in rows
    ]
    return columns


def write(new_rows: list[Row], changed_rows: list[Row], context: ImportContext) -> None:
    """Insert new pupils with their 入学 events, update the correctable fields of the others."""
    classes = _class_pks(new_rows + changed_rows, context)
    # In 学籍号 order, the unique indexes grow at their end rather than at random places.
    new_rows = sorted(new_rows, key=itemgetter("student_number"))
    pks = allocate_pks(Student, len(new_rows))  # given, so that the events need no query to find them
    insert_columns(
        Student,
        {
            "id": pks,
            "student_number": [row["student_number"] for row in new_rows],
            "school_id": [row["school_id"] for row in new_rows],
            "status": [StudentStatus.IN_SCHOOL] * len(new_rows),
            **_columns(new_rows, classes),
        },
    )
    _enrol(pks, new_rows, context)
    changes = _columns(changed_rows, classes)
    pks_and_values = zip([row["pk"] for row in changed_rows], *changes.values(), strict=True)
    update_rows(Student, list(changes), list(pks_and_values))


def _enrol(pks: list[int], new_rows: list[Row], context: ImportContext) -> None:
    """One 入学 event per new pupil (`pks`, in the order of `new_rows`), at the enrolment date and
    school of the file."""
    count = len(pks)
    insert_columns(
        StudentEvent,
        {
            "student_id": pks,
            "kind": [StudentEventKind.ENROL] * count,
            "date": [row["enrolment_date"] for row in new_rows],
            "school_id": [row["school_id"] for row in new_rows],
            "counterpart_school_id": [None] * count,
            "counterpart_name": [""] * count,
            "reason": [""] * count,
            "status_after": [StudentStatus.IN_SCHOOL] * count,
            "recorded_by_id": [getattr(context.user, "pk", None)] * count,
        },
    )


def export_queryset(user: Any, params: Mapping[str, str]) -> QuerySet[Student]:
    """The student list page's rows: the user's scope, then the same filters."""
    students = Student.objects.visible_to(user).select_related("school", "school_class")
    return StudentFilter(params, queryset=students, user=user).qs.order_by("school__code", "student_number")


STUDENTS = register(
    ImportSpec(
        name="students",
        label=_("Students"),
        columns=COLUMNS,
        natural_key="student_number",
        import_permission=Perm.CHANGE_STUDENT,
        export_permission=Perm.VIEW_STUDENT,
        sensitive_permission=Perm.VIEW_STUDENT_ID,
        existing=existing,
        write=write,
        export_queryset=export_queryset,
        prepare=prepare,
        row_check=row_check,
        create_check=create_check,
        change_check=change_check,
    )
)
