"""The declarative description of one importable (and exportable) entity, and the registry of them.

Each app declares its specs in an `imports_specs` module, found by `ImportsConfig.ready` through
`autodiscover_modules`, so this app never imports the apps above it.

A spec is columns plus a few hooks. The engine reads a row, runs each column's cleaner on its cell,
then the spec's `row_check` on the clean row; it compares the row with the database's current values
(from `existing`, fetched by natural key in batches) and hands the new and changed rows to `write`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise

Text = str | Promise
Cleaner = Callable[[Any], Any]
Row = dict[str, Any]


def _identity(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Column:
    """One column of the entity's sheet.

    `key` names the value in a clean row (usually the model field). `cleaner` turns a raw cell into
    a value or raises `lib.cells.CellError` with a Chinese message naming the value. A column with
    `is_imported=False` is exported for the reader (a code's label, say) and ignored on import.
    `choices` (code, label) feed the 代码表 sheet and the template's dropdown; `dropdown_labels` says
    whether the dropdown offers the labels (the cell holds a label) or the codes.
    """

    key: str
    header: Text
    cleaner: Cleaner = _identity
    required: bool = False
    is_imported: bool = True
    is_text: bool = False
    choices: Sequence[tuple[str, Text]] = ()
    dropdown_labels: bool = False
    help_text: Text = ""
    example: str = ""
    export: Callable[[Any], Any] | None = None
    # Builds the cleaner once per import when it depends on the request (the language of the choice
    # labels, say), so that the per-cell call stays a plain function call.
    make_cleaner: Callable[[], Cleaner] | None = None
    # The same for the export getter (labels in the language of the export, looked up once).
    make_export: Callable[[], Callable[[Any], Any]] | None = None
    is_sensitive: bool = False
    mask: Callable[[Any], Any] | None = None
    # The cells repeat a handful of values (a school's code): the cleaner, which must be pure, runs once
    # for each distinct value, as it does for a column with choices.
    few_values: bool = False


@dataclass
class ImportContext:
    """What the hooks of one import share: the acting user and whatever `prepare` looked up once
    (a township-by-name map, say), so that `row_check` stays a dictionary lookup per row."""

    user: Any
    lookups: dict[str, Any] = field(default_factory=dict)


RowProblems = list[tuple[str, str]]
# The lookup under which `row_check` finds the natural keys of the file's earlier clean rows (key →
# row number), kept by the engine to refuse a key given twice.
CHECKED_KEYS = "checked_keys"


def _no_preparation(context: ImportContext) -> None:
    return None


def _no_row_problems(row: Row, context: ImportContext) -> RowProblems:
    return []


def _no_change_problems(row: Row, current: Row, changed: list[str], context: ImportContext) -> RowProblems:
    return []


@dataclass(frozen=True)
class ImportSpec:
    """One importable entity.

    Hooks (the cleaners and `row_check` may run in a thread or a forked process, alongside the
    others: they must not use the database, and what they add to `context.lookups` is seen by
    them only):
    - `prepare(context)`: load per-import lookups into `context.lookups` (once, before the rows).
    - `row_check(row, context) -> [(column key, message)]`: cross-field and scope checks; may add
      resolved values to `row` (a township's pk) under keys that are not columns.
    - `create_check(row, context)`: may this user create this row (a permission, say)?
    - `change_check(row, current, changed keys, context)`: may this user change these columns?
    - `existing(rows, context) -> {natural key: {"pk": …, column key: current value}}`: the current
      values of the records these clean rows name, in the columns' representation, for the records
      the user may change. A key that exists outside the user's scope must come back as `{"pk": None}` so that
      the engine can refuse it rather than try to create a duplicate.
    - `write(new_rows, changed_rows, context)`: create and update (changed rows carry "pk").
    - `export_queryset(user, params)`: the rows an export of this entity holds for this user.
    """

    name: str
    label: Text
    columns: tuple[Column, ...]
    natural_key: str
    import_permission: str
    export_permission: str
    existing: Callable[[Sequence[Row], ImportContext], dict[Any, Row]]
    write: Callable[[list[Row], list[Row], ImportContext], None]
    export_queryset: Callable[[Any, Mapping[str, str]], QuerySet[Any]]
    prepare: Callable[[ImportContext], None] = _no_preparation
    row_check: Callable[[Row, ImportContext], RowProblems] = _no_row_problems
    create_check: Callable[[Row, ImportContext], RowProblems] = _no_row_problems
    change_check: Callable[[Row, Row, list[str], ImportContext], RowProblems] = _no_change_problems
    sheet_name: Text = ""
    sensitive_permission: str = ""

    @property
    def imported_columns(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.is_imported)

    def cleaners(self) -> dict[str, Cleaner]:
        """Each imported column's cleaner, built for this import."""
        return {
            column.key: column.make_cleaner() if column.make_cleaner else column.cleaner
            for column in self.imported_columns
        }

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]


_SPECS: dict[str, ImportSpec] = {}


def register(spec: ImportSpec) -> ImportSpec:
    """Add a spec to the registry (idempotent for the same name, so that reloading is harmless)."""
    _SPECS[spec.name] = spec
    return spec


def get_spec(name: str) -> ImportSpec:
    """The spec registered under `name`; KeyError if there is none."""
    return _SPECS[name]


def all_specs() -> list[ImportSpec]:
    return sorted(_SPECS.values(), key=lambda spec: spec.name)
