"""The Excel import/export spec of staff (教职工). Natural key: 身份证号.

任教学科 is a list of subject names or codes; 本年度继续教育学时 is the teacher's training record of the
current calendar year (an empty cell removes it). A member of staff of a school outside the user's
scope is refused, naming that school. A move between two schools the user may both write to is
recorded as a pair of transfer events, so that the staff history stays true.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from edubureau.core.roles import Perm
from edubureau.imports.bulk import insert_rows, update_rows
from edubureau.imports.spec import Column, ImportContext, ImportSpec, Row, RowProblems, register
from edubureau.lib.cells import CellError, clean_date, clean_decimal, clean_int, clean_text
from edubureau.registry.choices_people import (
    BackboneLevel,
    Degree,
    Post,
    Sex,
    Staffing,
    Stage,
    TeacherEventKind,
    Title,
)
from edubureau.registry.filters import TeacherFilter
from edubureau.registry.imports_specs.common import (
    YES_NO,
    birth_year,
    choice_column,
    clean_flag,
    clean_free_text,
    clean_id_number,
    clean_school_code,
    id_agreement,
    load_schools,
    masked,
    not_in_future,
    resolve_school,
    today,
    yes_no,
)
from edubureau.registry.models import Subject, Teacher, TeacherEvent, TrainingRecord

FIELDS = (
    "name", "sex", "birth_date", "staffing", "post", "degree", "title", "stage", "backbone_level",
    "is_dual_qualified", "has_licence", "start_year",
)  # fmt: skip
SUBJECT_SEPARATORS = re.compile(r"[、，,;；/\s]+")
SUBJECT_JOINER = "、"
MAX_HOURS = Decimal("9999.9")


def _clean_subjects(value: Any) -> tuple[str, ...]:
    """Subject names or codes separated by 、，, or spaces; resolved against the list in row_check."""
    text = clean_text(value) if not isinstance(value, str) else value.strip()
    return tuple(token for token in SUBJECT_SEPARATORS.split(text) if token)


def _clean_hours(value: Any) -> Decimal | None:
    hours = clean_decimal(value, min_value=0, max_value=MAX_HOURS)
    if hours is not None and hours != hours.quantize(Decimal("0.1")):
        raise CellError(gettext("“%(value)s”: give the hours with at most one decimal.") % {"value": value})
    return hours


def _clean_start_year(value: Any) -> int | None:
    return clean_int(value, min_value=1950, max_value=today().year)


def _subjects_of(teacher: Teacher) -> str:
    return SUBJECT_JOINER.join(subject.name for subject in teacher.subjects.all())


COLUMNS: tuple[Column, ...] = (
    Column(
        "id_number",
        _("ID number"),
        clean_id_number,
        required=True,
        is_text=True,
        is_sensitive=True,
        mask=masked,
        example="330101198506010021",
        help_text=_("18 characters; identifies the person. Set the column's format to text."),
    ),
    Column("name", _("full name"), clean_free_text, required=True, example="李老师"),
    choice_column("sex", _("sex"), Sex, required=True, example="女"),
    Column(
        "birth_date",
        _("birth date"),
        clean_date,
        required=True,
        export=lambda teacher: teacher.birth_date.isoformat(),
        is_sensitive=True,
        mask=birth_year,
    ),
    Column(
        "school",
        _("school identification code"),
        clean_school_code,
        required=True,
        is_text=True,
        few_values=True,
        export=lambda teacher: teacher.school.code,
    ),
    Column("school_name", _("school name"), is_imported=False, export=lambda teacher: teacher.school.name),
    choice_column("staffing", _("staffing"), Staffing, Staffing.ESTABLISHED),
    choice_column("post", _("post"), Post, Post.FULL_TIME_TEACHER),
    choice_column("degree", _("highest degree"), Degree, required=True, example="本科"),
    choice_column("title", _("professional title"), Title, Title.NONE),
    Column(
        "subjects",
        _("subjects taught"),
        _clean_subjects,
        export=_subjects_of,
        example="语文、道德与法治",
        help_text=_("Subject names or codes, separated by 、 or commas."),
    ),
    choice_column("stage", _("stage taught"), Stage),
    choice_column("backbone_level", _("backbone teacher level"), BackboneLevel),
    Column(
        "is_dual_qualified",
        _("dual-qualified teacher"),
        clean_flag(False),
        choices=YES_NO,
        make_export=yes_no("is_dual_qualified"),
    ),
    Column(
        "has_licence",
        _("teaching licence"),
        clean_flag(True),
        choices=YES_NO,
        make_export=yes_no("has_licence"),
    ),
    Column("start_year", _("year started teaching"), _clean_start_year, export=lambda t: t.start_year or ""),
    Column(
        "training_hours",
        _("Continuing education"),
        _clean_hours,
        export=lambda teacher: teacher.training_hours if teacher.training_hours is not None else "",
        help_text=_("Continuing-education hours of the current calendar year; empty removes them."),
    ),
)


def prepare(context: ImportContext) -> None:
    """Schools and the subject list, once per file."""
    load_schools(context)
    subjects: dict[str, tuple[int, str, str]] = {}
    for pk, code, name in Subject.objects.values_list("pk", "code", "name"):
        subjects[name] = subjects[code] = subjects[code.casefold()] = (pk, code, name)
    context.lookups["subjects"] = subjects
    context.lookups["year"] = today().year
    context.lookups["conflicts"] = {}


def _resolve_subjects(row: Row, context: ImportContext) -> RowProblems:
    """Tokens → subject pks; the column's value becomes the canonical "语文、数学" (by code)."""
    known = context.lookups["subjects"]
    unknown = [token for token in row["subjects"] if token not in known and token.casefold() not in known]
    if unknown:
        message = gettext("No subject is called %(names)s.") % {"names": SUBJECT_JOINER.join(unknown)}
        return [("subjects", message)]
    found = sorted(
        {known.get(token) or known[token.casefold()] for token in row["subjects"]}, key=lambda s: s[1]
    )
    row["subject_pks"] = [pk for pk, _code, _name in found]
    row["subjects"] = SUBJECT_JOINER.join(name for _pk, _code, name in found)
    return []


def row_check(row: Row, context: ImportContext) -> RowProblems:
    problems = resolve_school(row, context)
    problems += _resolve_subjects(row, context)
    problems += id_agreement(row, row["id_number"])
    problems += not_in_future(row, "birth_date")
    if len(row["name"]) > 50:
        problems.append(("name", gettext("At most %(limit)d characters.") % {"limit": 50}))
    return problems


def existing(new_rows: Sequence[Row], context: ImportContext) -> dict[Any, Row]:
    """Current values by ID number; staff of schools outside the user's scope become conflicts."""
    keys = [row["id_number"] for row in new_rows]
    lookups = context.lookups
    rows = Teacher.objects.filter(id_number__in=keys).values(
        "pk", "id_number", "school_id", "school__code", *FIELDS
    )
    current: dict[Any, Row] = {}
    for values in rows:
        if values["school_id"] not in lookups["writable_schools"]:
            # Outside the user's scope: say that the person is on a staff, never which (no locator).
            message = gettext("This person is on the staff of another school of the county.")
            lookups["conflicts"][values["id_number"]] = ("id_number", message)
            continue
        values["school"] = values.pop("school__code")
        values["subjects"], values["training_hours"] = "", None
        current[values["id_number"]] = values
    by_pk = {row["pk"]: row for row in current.values()}
    subjects = Teacher.subjects.through.objects.filter(teacher__in=list(by_pk)).order_by("subject__code")
    names: dict[int, list[str]] = {}
    for teacher_pk, name in subjects.values_list("teacher_id", "subject__name"):
        names.setdefault(teacher_pk, []).append(name)
    for teacher_pk, subject_names in names.items():
        by_pk[teacher_pk]["subjects"] = SUBJECT_JOINER.join(subject_names)
    records = TrainingRecord.objects.filter(teacher__in=list(by_pk), year=lookups["year"])
    for teacher_pk, hours in records.values_list("teacher_id", "hours"):
        by_pk[teacher_pk]["training_hours"] = hours
    return current


def create_check(row: Row, context: ImportContext) -> RowProblems:
    conflict = context.lookups["conflicts"].get(row["id_number"])
    return [conflict] if conflict else []


def write(new_rows: list[Row], changed_rows: list[Row], context: ImportContext) -> None:
    """Insert and update the staff rows, then their subjects, this year's hours and any moves."""
    names = (*FIELDS, "school_id")
    insert_rows(
        Teacher,
        ("id_number", "is_active", *names),
        [[row["id_number"], True, *(row[name] for name in names)] for row in new_rows],
    )
    update_rows(Teacher, names, [[row["pk"], *(row[name] for name in names)] for row in changed_rows])
    pks = dict(
        Teacher.objects.filter(id_number__in=[row["id_number"] for row in new_rows]).values_list(
            "id_number", "pk"
        )
    )
    for row in new_rows:
        row["pk"] = pks[row["id_number"]]
    rows = new_rows + changed_rows
    _write_subjects(rows)
    _write_training(rows, context.lookups["year"])
    _record_moves(changed_rows, context)


def _write_subjects(rows: list[Row]) -> None:
    through = Teacher.subjects.through
    through.objects.filter(teacher__in=[row["pk"] for row in rows]).delete()
    insert_rows(
        through,
        ("teacher_id", "subject_id"),
        [[row["pk"], subject] for row in rows for subject in row["subject_pks"]],
    )


def _write_training(rows: list[Row], year: int) -> None:
    TrainingRecord.objects.filter(teacher__in=[row["pk"] for row in rows], year=year).delete()
    insert_rows(
        TrainingRecord,
        ("teacher_id", "year", "hours"),
        [[row["pk"], year, row["training_hours"]] for row in rows if row["training_hours"] is not None],
    )


def _record_moves(changed_rows: list[Row], context: ImportContext) -> None:
    """A changed school is a transfer: 调出 at the old school, 调入 at the new one, dated today."""
    moved = [row for row in changed_rows if row.get("previous_school_id") not in (None, row["school_id"])]
    day, actor = today(), getattr(context.user, "pk", None)
    events = []
    for row in moved:
        old, new = row["previous_school_id"], row["school_id"]
        events.append([row["pk"], TeacherEventKind.TRANSFER_OUT, day, None, old, new, "", actor])
        events.append([row["pk"], TeacherEventKind.TRANSFER_IN, day, None, new, old, "", actor])
    names = (
        "teacher_id",
        "kind",
        "date",
        "end_date",
        "school_id",
        "counterpart_school_id",
        "note",
        "recorded_by_id",
    )
    insert_rows(TeacherEvent, names, events)


def change_check(row: Row, current: Row, changed: list[str], context: ImportContext) -> RowProblems:
    """Remember the school a moved teacher leaves, for the transfer events."""
    row["previous_school_id"] = current["school_id"]
    return []


def export_queryset(user: Any, params: Mapping[str, str]) -> QuerySet[Teacher]:
    """The teacher list page's rows, with this year's training hours and the subjects."""
    hours = TrainingRecord.objects.filter(teacher=OuterRef("pk"), year=today().year).values("hours")[:1]
    teachers = (
        Teacher.objects.visible_to(user)
        .select_related("school")
        .prefetch_related(Prefetch("subjects", queryset=Subject.objects.order_by("code")))
        .annotate(training_hours=Subquery(hours))
    )
    return TeacherFilter(params, queryset=teachers, user=user).qs.order_by("school__code", "id_number")


TEACHERS = register(
    ImportSpec(
        name="teachers",
        label=_("Teachers and staff"),
        columns=COLUMNS,
        natural_key="id_number",
        import_permission=Perm.CHANGE_TEACHER,
        export_permission=Perm.VIEW_TEACHER,
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
