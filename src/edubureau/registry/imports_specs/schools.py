"""The Excel import/export spec of schools (学校): the template, the export and the import share it.

Natural key: 学校标识码. Townships are named (or given by area code) and must be in the user's scope;
parent and merged-into schools are given by 学校标识码 (or by a unique name). New schools need
registry.add_school; school users may change only what they may correct on the edit page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from edubureau.core.roles import Perm
from edubureau.core.scoping import SCHOOL_ROLES
from edubureau.imports.bulk import insert_rows, update_rows
from edubureau.imports.spec import Column, ImportContext, ImportSpec, Row, RowProblems, register
from edubureau.lib.cells import clean_code, clean_date, clean_text
from edubureau.registry.choices import (
    AreaLevel,
    DemonstrationLevel,
    Ownership,
    SchoolStatus,
    SchoolType,
    UrbanRural,
)
from edubureau.registry.filters import SchoolFilter
from edubureau.registry.forms import SCHOOL_SELF_SERVICE_FIELDS
from edubureau.registry.imports_specs.common import YES_NO, choice_column
from edubureau.registry.imports_specs.common import choice_cleaner as _choice_cleaner
from edubureau.registry.imports_specs.common import clean_flag as _clean_flag
from edubureau.registry.imports_specs.common import clean_free_text as _clean_free_text
from edubureau.registry.imports_specs.common import clean_school_code as _clean_school_code
from edubureau.registry.imports_specs.common import label as _label
from edubureau.registry.imports_specs.common import yes_no as _yes_no
from edubureau.registry.models import Area, School

FIELDS = (
    "code", "name", "school_type", "ownership", "urban_rural", "address", "principal", "phone",
    "is_boarding", "demonstration_level", "is_counted_as_school", "status", "status_date",
)  # fmt: skip
RESOLVED = ("township_id", "county_id", "parent_id", "merged_into_id")
PHONE_CHARACTERS = frozenset("0123456789+-() ")
COLUMNS: tuple[Column, ...] = (
    Column(
        "code",
        _("school identification code"),
        _clean_school_code,
        required=True,
        is_text=True,
        example="2133000001",
        help_text=_("10 digits; identifies the school, never changes."),
    ),
    Column("name", _("school name"), _clean_free_text, required=True, example="北关镇中心小学"),
    Column(
        "school_type",
        _("school type code"),
        make_cleaner=_choice_cleaner(SchoolType),
        required=True,
        is_text=True,
        choices=SchoolType.choices,
        example="211",
        help_text=_("JY/T 1001 school type code."),
    ),
    Column(
        "school_type_label",
        _("school type"),
        is_imported=False,
        make_export=_label(SchoolType, "school_type"),
    ),
    choice_column("ownership", _("ownership"), Ownership, required=True),
    Column(
        "urban_rural",
        _("urban-rural code"),
        make_cleaner=_choice_cleaner(UrbanRural),
        required=True,
        is_text=True,
        choices=UrbanRural.choices,
        example="220",
    ),
    Column(
        "township",
        _("township"),
        clean_text,
        required=True,
        export=lambda school: school.township.name,
        help_text=_("The township's name (or its area code), within your scope."),
    ),
    Column("address", _("address"), _clean_free_text),
    Column("principal", _("principal"), _clean_free_text),
    Column("phone", _("phone"), clean_text, is_text=True),
    Column(
        "is_boarding",
        _("boarding school"),
        _clean_flag(False),
        choices=YES_NO,
        make_export=_yes_no("is_boarding"),
        example="否",
    ),
    choice_column("demonstration_level", _("demonstration level"), DemonstrationLevel),
    Column(
        "parent",
        _("parent school"),
        clean_code,
        is_text=True,
        export=lambda school: school.parent.code if school.parent_id else "",
        help_text=_("Teaching points and sites: the identification code of their school."),
    ),
    Column(
        "is_counted_as_school",
        _("counted as a school"),
        _clean_flag(True),
        choices=YES_NO,
        make_export=_yes_no("is_counted_as_school"),
        example="是",
    ),
    choice_column("status", _("status"), SchoolStatus, SchoolStatus.OPEN),
    Column(
        "status_date",
        _("status date"),
        clean_date,
        example="2015-09-01",
        export=lambda school: school.status_date.isoformat() if school.status_date else "",
        help_text=_("Required when merged or suspended."),
    ),
    Column(
        "merged_into",
        _("merged into"),
        clean_code,
        is_text=True,
        export=lambda school: school.merged_into.code if school.merged_into_id else "",
        help_text=_("Required when merged: the school identification code of the school it joined."),
    ),
)

_MAX_LENGTHS: dict[str, int] = {
    name: getattr(School._meta.get_field(name), "max_length", 0) or 0
    for name in ("name", "address", "principal", "phone")
}


def prepare(context: ImportContext) -> None:
    """Townships and schools the user may name, each loaded once for the whole file."""
    townships = Area.objects.visible_to(context.user).filter(level=AreaLevel.TOWNSHIP)
    by_name: dict[str, list[tuple[int, int | None, str]]] = {}
    by_code: dict[str, tuple[int, int | None, str]] = {}
    for pk, name, code, parent_pk in townships.values_list("pk", "name", "code", "parent_id"):
        by_name.setdefault(name, []).append((pk, parent_pk, name))
        by_code[code] = (pk, parent_pk, name)
    context.lookups["townships_by_name"] = by_name
    context.lookups["townships_by_code"] = by_code
    context.lookups["may_add"] = context.user.has_perm(Perm.ADD_SCHOOL)
    context.lookups["schools"] = dict(School.objects.visible_to(context.user).values_list("code", "pk"))


def _resolve_township(row: Row, context: ImportContext) -> RowProblems:
    value = row["township"]
    found = context.lookups["townships_by_code"].get(value)
    matches = [found] if found else context.lookups["townships_by_name"].get(value, [])
    if not matches:
        return [("township", gettext("No township of this name in your scope."))]
    if len(matches) > 1:
        return [("township", gettext("Several townships have this name; give the township's area code."))]
    township_pk, county_pk, name = matches[0]
    if county_pk is None:
        return [("township", gettext("This township belongs to no county."))]
    row["township"], row["township_id"], row["county_id"] = name, township_pk, county_pk
    return []


def _resolve_school(row: Row, key: str, context: ImportContext) -> RowProblems:
    code = row[key]
    row[f"{key}_id"] = None
    if not code:
        return []
    if code == row["code"]:
        return [(key, gettext("A school cannot name itself here."))]
    pk = context.lookups["schools"].get(code)
    if pk is None:
        return [(key, gettext("No school with this identification code in your scope."))]
    row[f"{key}_id"] = pk
    return []


def row_check(row: Row, context: ImportContext) -> RowProblems:
    """Resolve the township and the named schools; the status rules of the school form."""
    problems = _resolve_township(row, context)
    problems += _resolve_school(row, "parent", context)
    problems += _resolve_school(row, "merged_into", context)
    for name, limit in _MAX_LENGTHS.items():
        if limit and len(row[name]) > limit:
            problems.append((name, gettext("At most %(limit)d characters.") % {"limit": limit}))
    if row["phone"] and not (5 <= len(row["phone"]) <= 20 and PHONE_CHARACTERS.issuperset(row["phone"])):
        problems.append(("phone", gettext("Enter a valid phone number.")))
    if row["status"] == SchoolStatus.MERGED and not row["merged_into"]:
        problems.append(("merged_into", gettext("A merged school must name the school it was merged into.")))
    if row["status"] != SchoolStatus.OPEN and row["status_date"] is None:
        problems.append(("status_date", gettext("Give the date the school was merged or suspended.")))
    return problems


def create_check(row: Row, context: ImportContext) -> RowProblems:
    if context.lookups["may_add"]:
        return []
    return [("code", gettext("No school has this code, and you may not create schools."))]


def change_check(row: Row, current: Row, changed: list[str], context: ImportContext) -> RowProblems:
    """School users may correct only their school's address, principal, phone and boarding flag."""
    if getattr(context.user, "role", None) not in SCHOOL_ROLES:
        return []
    return [
        (key, gettext("You may not change this column."))
        for key in changed
        if key not in SCHOOL_SELF_SERVICE_FIELDS
    ]


def existing(new_rows: Sequence[Row], context: ImportContext) -> dict[Any, Row]:
    """Current values by code; schools the user may not change come back with pk None."""
    keys = [row["code"] for row in new_rows]
    editable = set(
        School.objects.editable_by(context.user).filter(code__in=keys).values_list("pk", flat=True)
    )
    rows = School.objects.filter(code__in=keys).values(
        "pk", *FIELDS, "township__name", "parent__code", "merged_into__code"
    )
    current: dict[Any, Row] = {}
    for values in rows:
        if values["pk"] not in editable:
            current[values["code"]] = {"pk": None}
            continue
        values["township"] = values.pop("township__name")
        values["parent"] = values.pop("parent__code") or ""
        values["merged_into"] = values.pop("merged_into__code") or ""
        current[values["code"]] = values
    return current


def write(new_rows: list[Row], changed_rows: list[Row], context: ImportContext) -> None:
    """Create and update in bulk. No SchoolHistory rows: the ImportBatch records the import."""
    names = (*FIELDS, *RESOLVED)
    insert_rows(School, names, [[row[name] for name in names] for row in new_rows])
    update_rows(School, names, [[row["pk"], *(row[name] for name in names)] for row in changed_rows])


def export_queryset(user: Any, params: Mapping[str, str]) -> QuerySet[School]:
    schools = SchoolFilter(params, queryset=School.objects.visible_to(user), user=user).qs
    return schools.select_related("township", "parent", "merged_into").order_by("code")


SCHOOLS = register(
    ImportSpec(
        name="schools",
        label=_("Schools"),
        columns=COLUMNS,
        natural_key="code",
        import_permission=Perm.CHANGE_SCHOOL,
        export_permission=Perm.EXPORT_SCHOOL,
        existing=existing,
        write=write,
        export_queryset=export_queryset,
        prepare=prepare,
        row_check=row_check,
        create_check=create_check,
        change_check=change_check,
    )
)
