"""The Excel import/export spec of pupils (学生学籍). Natural key: 学籍号.

An import adds pupils (each with its 入学 event, so that the roster at any past date can be rebuilt)
and corrects the other fields of pupils already registered. It changes a pupil's school and status
only to re-admit a pupil who graduated or transferred out (升学, a family back in the county), as
the 入学登记 form does: the row must carry the registration's ID number, birth date and sex, and the
pupil gets an 入学 event at the new school. Other moves are events recorded by the transfer, dropout
and return forms: a pupil registered at another school is refused, naming that school only to a user
who may see it, by 学籍号 and by 身份证号.

A pupil's grade is their own; grade and class number name the class of the current school year,
created if missing. In a multi-grade class (复式班, recorded under its lowest grade) pupils of several
grades share the class number. Lookups (schools, classes) are loaded once per file and the current
rows are fetched a batch at a time, so the per-row work stays dictionary lookups.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from django.db.models import Max, QuerySet
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from edubureau.core.roles import Perm
from edubureau.imports.bulk import allocate_pks, insert_columns, insert_rows, insert_select, update_rows
from edubureau.imports.spec import CHECKED_KEYS, ImportContext, ImportSpec, Row, RowProblems, register
from edubureau.lib.school_year import school_year_of
from edubureau.registry.choices_people import (
    MIXED_GRADE_CLASS_TYPES,
    ClassType,
    Grade,
    StudentEventKind,
    StudentStatus,
    stage_of_grade,
)
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
from edubureau.registry.models.students import class_for_grade, mixed_class_above
from edubureau.registry.services.students import (
    READMITTABLE,
    READMITTED_BEFORE_LEAVING,
    class_refuses_grade_message,
)

ClassKey = tuple[int, int, int]  # (school, grade, class number)


def prepare(context: ImportContext) -> None:
    """Schools, the current school year's classes of the user's schools; per-file bookkeeping."""
    load_schools(context)
    context.lookups["school_year"] = school_year_of(today())
    _load_classes(context)
    context.lookups["number_of_id"] = {}  # 身份证号 → the 学籍号 of the first J or L row that gave it
    context.lookups["conflicts"] = {}  # 学籍号 → the problem found against the database
    context.lookups["status_labels"] = choice_map(StudentStatus, get_language())


class _ClassRow(NamedTuple):
    grade: int
    class_type: str
    pk: int


def _load_classes(context: ImportContext) -> None:
    """`classes`: (school, grade, class number) → the class a pupil of that grade named by that number
    sits in, its own or a multi-grade class holding it; `refused_classes`: the same keys → the name of
    the multi-grade class that stands in the way of a new class (`mixed_class_above`)."""
    rows = SchoolClass.objects.filter(
        school_year=context.lookups["school_year"], school__in=context.lookups["writable_schools"]
    ).values_list("school_id", "grade", "class_type", "number", "pk")
    classes: dict[ClassKey, int] = {}
    mixed: dict[tuple[int, int], list[_ClassRow]] = {}
    for school, grade, class_type, number, pk in rows:
        classes[(school, grade, number)] = pk
        if class_type in MIXED_GRADE_CLASS_TYPES:
            mixed.setdefault((school, number), []).append(_ClassRow(grade, class_type, pk))
    refused: dict[ClassKey, str] = {}
    for (school, number), candidates in mixed.items():
        stages = {stage_of_grade(candidate.grade) for candidate in candidates}
        for grade in (grade for grade in Grade.values if stage_of_grade(grade) in stages):
            if (school, grade, number) in classes:
                continue
            holder = class_for_grade(candidates, grade)
            if holder is not None:
                classes[(school, grade, number)] = holder.pk
            elif (above := mixed_class_above(candidates, grade)) is not None:
                refused[(school, grade, number)] = str(SchoolClass(grade=above.grade, number=number))
    context.lookups["classes"], context.lookups["refused_classes"] = classes, refused


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
    first = _first_with_id(id_number, number, context)
    if first is not None:
        message = gettext("The same ID number is given in this file for student number %(number)s.")
        problems.append(("id_number", message % {"number": first}))
    return problems


def _first_with_id(id_number: str, number: str, context: ImportContext) -> str | None:
    """The 学籍号 of an earlier row of the file with this ID number, if another. A G number is the ID
    number itself: an earlier G row is found among the keys the engine has seen, and only J and L
    rows are remembered here (a million-row file keeps one key a row, not two)."""
    of_id = context.lookups["number_of_id"]
    if number[0] != "G" and "G" + id_number in context.lookups[CHECKED_KEYS]:
        return "G" + id_number
    first = of_id.get(id_number) if number[0] == "G" else of_id.setdefault(id_number, number)
    return first if first is not None and first != number else None


def _check_class_and_care(row: Row, context: ImportContext) -> RowProblems:
    problems: RowProblems = []
    if row["class_number"] is not None and row["grade"] is None:
        problems.append(("grade", gettext("A class number needs the grade.")))
    elif row["class_number"] is not None:
        key = (row.get("school_id"), row["grade"], row["class_number"])  # no school_id: not in scope
        blocking = context.lookups["refused_classes"].get(key)
        if blocking is not None:
            problems.append(("class_number", class_refuses_grade_message(blocking, row["grade"])))
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
    problems += _check_class_and_care(row, context)
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
    values["class_number"] = values.pop("school_class__number")
    return values


def _readmittable_row(values: dict[str, Any]) -> Row:
    """A pupil outside the user's scope who graduated or transferred out, as far as a re-admission is
    checked against it: status and identity, never the school or the other fields (the 入学登记 form
    tells no more). It never counts as unchanged: the row's school, in scope, always differs."""
    return {
        "pk": values["pk"],
        "status": values["status"],
        "id_number": values["id_number"] or "",
        "birth_date": values["birth_date"],
        "sex": values["sex"],
        "is_outside_scope": True,
    }


def existing(new_rows: Sequence[Row], context: ImportContext) -> dict[Any, Row]:
    """Current values by 学籍号 for pupils of the user's schools, and what a re-admission needs of
    pupils elsewhere who left. Any other pupil of another school, or an ID number that belongs to
    another pupil, is recorded as a conflict that create/change checks report."""
    lookups = context.lookups
    names, conflicts = lookups["school_names"], lookups["conflicts"]
    keys = [row["student_number"] for row in new_rows]
    rows = with_keys(Student.objects.all(), "student_number", keys).values(
        "pk", "student_number", "id_number", "school_id", "school__code", "status",
        "school_class__number", *CORRECTABLE,
    )  # fmt: skip
    current: dict[Any, Row] = {}
    for values in rows:
        if values["school_id"] in lookups["writable_schools"]:
            current[values["student_number"]] = _current_row(values)
        elif values["status"] in READMITTABLE:
            current[values["student_number"]] = _readmittable_row(values)
        else:  # outside the user's scope: say that it is registered, never where (no child locator)
            conflicts[values["student_number"]] = ("student_number", gettext(ELSEWHERE_OUT_OF_SCOPE))
    _add_leaving_dates(current)
    wanted = {row["id_number"]: row["student_number"] for row in new_rows if row["id_number"]}
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


def _add_leaving_dates(current: dict[Any, Row]) -> None:
    """The date of the last event of each pupil who left (a re-admission must not come before it):
    one query, and only when the batch names such pupils."""
    left = {values["pk"]: values for values in current.values() if values["status"] in READMITTABLE}
    if not left:
        return
    last_events = (
        StudentEvent.objects.filter(student_id__in=list(left)).values("student_id").annotate(last=Max("date"))
    )
    for values in last_events:
        left[values["student_id"]]["left_on"] = values["last"]


def create_check(row: Row, context: ImportContext) -> RowProblems:
    conflict = context.lookups["conflicts"].get(row["student_number"])
    if conflict:
        return [conflict]
    if row["status"] != StudentStatus.IN_SCHOOL:
        return [("status", gettext("A new pupil is registered as in school; later changes are events."))]
    return []


def change_check(row: Row, current: Row, changed: list[str], context: ImportContext) -> RowProblems:
    """The school and the status change only through events (transfer, dropout, return), or by a
    re-admission at another school of a pupil who left."""
    conflict = context.lookups["conflicts"].get(row["student_number"])
    if conflict:
        return [conflict]
    if current["status"] in READMITTABLE and row["status"] == StudentStatus.IN_SCHOOL and "school" in changed:
        return _readmission_problems(row, current)
    if current.get("is_outside_scope"):
        return [("student_number", gettext(ELSEWHERE_OUT_OF_SCOPE))]
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


def _readmission_problems(row: Row, current: Row) -> RowProblems:
    """A re-admission (升学, return to the county) carries the registration's identity, as on the
    入学登记 form: each column that differs is named, never the stored value. A registration without an
    ID number takes the row's (checked against birth date and sex, and held by no other pupil)."""
    message = gettext("The ID number, birth date and sex must be those of the registration.")
    problems = [
        (key, message)
        for key in ("id_number", "birth_date", "sex")
        if row[key] != current[key] and (key != "id_number" or current[key])
    ]
    if current.get("left_on") and row["enrolment_date"] < current["left_on"]:
        problems.append(("enrolment_date", gettext(READMITTED_BEFORE_LEAVING)))
    if not problems:
        row["is_readmission"] = True
    return problems


def _class_pks(rows: list[Row], context: ImportContext) -> dict[ClassKey, int]:
    """The current year's class of every (school, grade, number) the rows name, creating the missing."""
    classes: dict[ClassKey, int] = context.lookups["classes"]
    wanted = {
        (row["school_id"], row["grade"], row["class_number"])
        for row in rows
        if row["class_number"] is not None
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


def _columns(rows: list[Row], classes: dict[ClassKey, int]) -> dict[str, list[Any]]:
    """The correctable fields, the ID number and the class of the rows, a column each."""
    columns = {name: [row[name] for row in rows] for name in CORRECTABLE}
    columns["id_number"] = [row["id_number"] or None for row in rows]
    columns["school_class_id"] = [
        None
        if row["class_number"] is None
        else classes[(row["school_id"], row["grade"], row["class_number"])]
        for row in rows
    ]
    return columns


def _by_pk(rows: list[Row], columns: dict[str, list[Any]]) -> list[tuple[Any, ...]]:
    """`update_rows`' rows: each row's pk, then its values in the order of the columns."""
    return list(zip([row["pk"] for row in rows], *columns.values(), strict=True))


def write(new_rows: list[Row], changed_rows: list[Row], context: ImportContext) -> None:
    """Insert new pupils with their 入学 events, update the correctable fields of the others, and move
    the re-admitted to their new school, 在读, each with an 入学 event there."""
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
            "status": [StudentStatus.IN_SCHOOL.value] * len(new_rows),
            **_columns(new_rows, classes),
        },
    )
    _enrol(pks, context)
    corrected = [row for row in changed_rows if not row.get("is_readmission")]
    columns = _columns(corrected, classes)
    update_rows(Student, list(columns), _by_pk(corrected, columns))
    _readmit([row for row in changed_rows if row.get("is_readmission")], classes, context)


def _readmit(rows: list[Row], classes: dict[ClassKey, int], context: ImportContext) -> None:
    """Re-admitted pupils: their row's fields, school and class, 在读, then each one's 入学 event."""
    columns = _columns(rows, classes)
    columns["school_id"] = [row["school_id"] for row in rows]
    columns["status"] = [StudentStatus.IN_SCHOOL.value] * len(rows)
    update_rows(Student, list(columns), _by_pk(rows, columns))
    _enrol([row["pk"] for row in rows], context)


def _enrol(pks: list[int], context: ImportContext) -> None:
    """One 入学 event per pupil new or re-admitted, at the pupil's enrolment date and school, written
    by the database from the rows just written."""
    insert_select(
        StudentEvent,
        Student,
        pks,
        copied={"student_id": "id", "date": "enrolment_date", "school_id": "school_id"},
        constants={
            "kind": StudentEventKind.ENROL,
            "counterpart_school_id": None,
            "counterpart_name": "",
            "reason": "",
            "status_after": StudentStatus.IN_SCHOOL,
            "recorded_by_id": getattr(context.user, "pk", None),
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
