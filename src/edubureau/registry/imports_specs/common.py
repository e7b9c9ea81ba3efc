"""Cleaners and export getters the registry's specs share: coded choices, yes/no flags, school codes,
ID numbers that may arrive masked, and the schools a user may import into."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import connections, models
from django.db.models import QuerySet
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from edubureau.imports.spec import Column, ImportContext, Row, RowProblems
from edubureau.lib import clock
from edubureau.lib.cells import CellError, clean_bool, clean_choice, clean_code, clean_text
from edubureau.lib.chinese_ids import clean_resident_id
from edubureau.registry.masking import mask_id_number
from edubureau.registry.models import School

# The dropdown of the yes/no columns; clean_bool reads many more spellings.
YES_NO = (("是", _("Yes")), ("否", _("No")))


def today() -> dt.date:
    """The date now in Asia/Shanghai (lib.clock: cached per day, so cheap on every row)."""
    return clock.today()


@functools.cache
def choice_map(choices: type[models.Choices], language: str | None) -> dict[str, str]:
    """Code → label in the current language (cached per language: clean_choice keys on identity)."""
    return {str(code): str(label) for code, label in choices.choices}


def choice_cleaner(
    choices: type[models.Choices], default: Any = "", aliases: Mapping[str, str] | None = None
) -> Callable[[], Callable[[Any], Any]]:
    """A cleaner factory: the labels are those of the language active when the import starts.
    `aliases` are extra spellings people use (在读 for 在校); integer choices come back as int."""
    to_value: Callable[[str], Any] = int if issubclass(choices, models.IntegerChoices) else str
    extra = dict(aliases or {})

    def make() -> Callable[[Any], Any]:
        mapping = choice_map(choices, get_language())

        def clean(value: Any) -> Any:
            if extra and isinstance(value, str) and value.strip() in extra:
                return extra[value.strip()]
            code = clean_choice(value, mapping)
            return to_value(code) if code else default

        return clean

    return make


def clean_flag(default: bool) -> Callable[[Any], bool]:
    def clean(value: Any) -> bool:
        flag = clean_bool(value)
        return default if flag is None else flag

    return clean


def yes_no(field: str) -> Callable[[], Callable[[Any], str]]:
    """An export getter factory: 是/否 in the language of the export, looked up once."""

    def make() -> Callable[[Any], str]:
        words = {True: gettext("Yes"), False: gettext("No")}
        return lambda obj: words[bool(getattr(obj, field))]

    return make


def label(choices: type[models.Choices], field: str) -> Callable[[], Callable[[Any], str]]:
    """An export getter factory: a code's label in the language of the export, looked up once."""

    def make() -> Callable[[Any], str]:
        labels = choice_map(choices, get_language())
        return lambda obj: labels.get(str(getattr(obj, field)), "")

    return make


def clean_free_text(value: Any) -> str:
    """Names keep their full-width punctuation (北关小学（分校）, 阿依古丽·买买提): clean_text would fold
    it to ASCII and make every such row look changed on re-import. Spaces are still collapsed."""
    if isinstance(value, str):
        return " ".join(value.split())
    return clean_text(value)


def clean_school_code(value: Any) -> str:
    return clean_code(value, length=10, digits_only=True, name="")


def refuse_masked(value: Any) -> None:
    """A number with its middle starred comes from a masked export: it cannot say which person it
    is, so it is refused rather than taken for a new value or for "unchanged"."""
    if isinstance(value, str) and "*" in value:
        raise CellError(
            gettext(
                "“%(value)s” is masked (exported by someone who may not see full ID numbers). A masked "
                "export cannot be re-imported: fill in the full number, or export again with full numbers."
            )
            % {"value": value.strip()}
        )


def clean_id_number(value: Any) -> str:
    refuse_masked(value)
    return clean_resident_id(value)


def masked(value: str | None) -> str:
    return mask_id_number(value)


def with_keys(queryset: QuerySet[Any], field: str, keys: Sequence[str]) -> QuerySet[Any]:
    """`queryset.filter(<field>__in=keys)` for keys that are clean text already (a cleaner made them).

    Django prepares each value of an IN list twice on every query, which for a batch of thousands of
    keys costs ten times the query itself; here they are bound as they are.
    """
    if not keys:
        return queryset.none()
    connection = connections[queryset.db]
    meta, quote = queryset.model._meta, connection.ops.quote_name
    column = f"{quote(meta.db_table)}.{quote(meta.get_field(field).column)}"
    if connection.vendor == "postgresql":  # one array parameter: thousands of parameters plan slowly
        return queryset.extra(where=[f"{column} = ANY(%s)"], params=[list(keys)])  # noqa: S610
    placeholders = ", ".join(["%s"] * len(keys))
    return queryset.extra(where=[f"{column} IN ({placeholders})"], params=list(keys))  # noqa: S610


def load_schools(context: ImportContext) -> None:
    """Every school by code (to tell "unknown" from "not yours") and the pks the user may write to."""
    context.lookups["schools"] = {
        code: (pk, name) for code, pk, name in School.objects.values_list("code", "pk", "name")
    }
    context.lookups["school_names"] = dict(context.lookups["schools"].values())
    context.lookups["writable_schools"] = frozenset(
        School.objects.visible_to(context.user).values_list("pk", flat=True)
    )


def resolve_school(row: Row, context: ImportContext, key: str = "school") -> RowProblems:
    """Put the school's pk in row["school_id"]; a row error unless the school is in the user's scope."""
    found = context.lookups["schools"].get(row[key])
    if found is None:
        return [(key, gettext("No school has this identification code."))]
    pk, name = found
    if pk not in context.lookups["writable_schools"]:
        return [
            (
                key,
                gettext(
                    "%(school)s is outside your data scope: you may import rows of your own schools only."
                )
                % {"school": name},
            )
        ]
    row["school_id"] = pk
    return []


def id_agreement(row: Row, id_number: str, id_column: str = "id_number") -> RowProblems:
    """The birth date and sex written inside the ID number must be those of the record."""
    problems: RowProblems = []
    birth = dt.date.fromisoformat(id_number[6:14])
    if row["birth_date"] is not None and row["birth_date"] != birth:
        problems.append(
            (
                "birth_date",
                gettext("The ID number %(id)s says the birth date is %(date)s.")
                % {"id": id_number, "date": birth.isoformat()},
            )
        )
    sex = "1" if id_number[16] in "13579" else "2"
    if row["sex"] and row["sex"] != sex:
        problems.append(
            (
                "sex",
                gettext("The ID number %(id)s says the sex is %(sex)s.")
                % {"id": id_number, "sex": gettext("Male") if sex == "1" else gettext("Female")},
            )
        )
    return problems


def not_in_future(row: Row, *keys: str) -> RowProblems:
    """A problem for each of these dates that is after today."""
    day = today()
    return [
        (key, gettext("This date is in the future."))
        for key in keys
        if row.get(key) is not None and row[key] > day
    ]


def birth_year(value: Any) -> Any:
    """A birth date reduced to its year, for exports to roles that see ID numbers masked: the masked
    part of an ID number is the birth date."""
    return str(value)[:4] if value else value


def choice_column(
    key: str,
    header: Any,
    choices: type[models.Choices],
    default: Any = "",
    aliases: Mapping[str, str] | None = None,
    **options: Any,
) -> Column:
    """A coded column whose cells hold the labels (a dropdown of them in the template) and whose
    export writes the label; the empty code, if the list has one, is left out of the 代码表."""
    return Column(
        key,
        header,
        make_cleaner=choice_cleaner(choices, default, aliases),
        choices=[choice for choice in choices.choices if choice[0]],
        dropdown_labels=True,
        make_export=label(choices, key),
        **options,
    )
