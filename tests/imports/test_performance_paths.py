"""The import's fast paths give what the plain paths give, on any input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edubureau.imports import bulk, rows
from edubureau.imports.spec import get_spec
from edubureau.lib import chinese_ids
from edubureau.lib.cells import CellError, clean_choice
from edubureau.registry.choices_people import ClassType
from edubureau.registry.imports_specs.common import with_keys
from edubureau.registry.models import School, SchoolClass

cells = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", " ", "是", "否", "1", "2", "男", "汉族", "01", "一年级", "在读", "２", "G", "x"]),
    st.integers(min_value=-(10**17), max_value=10**17),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.none(),
)


def _outcome(cleaner: Any, value: Any) -> tuple[str, Any]:
    try:
        return ("value", cleaner(value))
    except (CellError, ValueError, TypeError, ArithmeticError) as exc:
        return ("error", str(exc))


@given(values=st.lists(cells, max_size=12))
def test_a_memoized_cleaner_gives_the_cleaner_s_values_and_errors(values):
    mapping = {"1": "男", "2": "女"}

    def cleaner(value: Any) -> Any:
        return clean_choice(value, mapping)

    remembered = rows.Memoized(cleaner, limit=5)
    for value in values + values:
        assert _outcome(remembered, value) == _outcome(cleaner, value)


@given(values=st.lists(cells, max_size=12))
def test_a_memoized_column_gives_the_cleaner_s_values(values):
    def cleaner(value: Any) -> Any:
        return clean_choice(value, {"1": "男", "2": "女"})

    remembered = rows.Memoized(cleaner, limit=5)
    for column in (values, values):  # the second time, from what was remembered
        expected = [_outcome(cleaner, value) for value in column]
        if all(kind == "value" for kind, _value in expected):
            assert remembered.column(column) == [value for _kind, value in expected]
        else:
            with pytest.raises((CellError, ValueError, TypeError, ArithmeticError)):
                remembered.column(column)


def test_a_memoized_cleaner_keeps_1_1_0_and_true_apart():
    remembered = rows.Memoized(lambda value: type(value).__name__)
    assert [remembered(value) for value in (1, 1.0, True, 1, 1.0, True)] == [
        "int", "float", "bool", "int", "float", "bool",
    ]  # fmt: skip


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.lists(cells, min_size=0, max_size=22))
def test_the_row_fast_path_matches_the_column_by_column_path(row):
    spec = get_spec("students")
    positions = {column.key: index for index, column in enumerate(spec.imported_columns)}
    cleaner = rows.RowCleaner(spec, positions)

    fast, fast_errors = cleaner.clean(5, row)
    slow, slow_errors = cleaner.clean_each(5, row)

    assert fast_errors == slow_errors
    if not slow_errors:
        assert fast == slow


@pytest.mark.django_db
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chunk=st.lists(st.lists(cells, min_size=0, max_size=22), max_size=6), width=st.integers(0, 22))
def test_a_chunk_cleaned_column_by_column_matches_its_rows_cleaned_one_by_one(chunk, width):
    """Whatever the cells (refused, empty where required, short rows), the chunk's rows come out as
    `clean` gives them, errors included; `width` makes most rows long enough for the column path."""
    spec = get_spec("students")
    positions = {column.key: index for index, column in enumerate(spec.imported_columns)}
    cleaner = rows.RowCleaner(spec, positions)
    numbered = [(number, [*cells, *[""] * (width - len(cells))]) for number, cells in enumerate(chunk, 2)]

    clean_rows, problems = cleaner.clean_chunk(numbered)

    cleaned = [(row, problems.get(index, [])) for index, row in enumerate(clean_rows)]
    assert cleaned == [cleaner.clean(number, cells) for number, cells in numbered]
    assert all(problems.values())  # only the rows with problems are named


def test_a_valid_chunk_takes_the_column_path(personas):
    from tests.imports.test_students_spec import headers, student_row

    spec = get_spec("students")
    header_of = {str(column.header): column.key for column in spec.columns}
    positions = {header_of[header]: index for index, header in enumerate(headers())}
    cleaner = rows.RowCleaner(spec, positions)
    chunk = [(number, student_row(number)) for number in range(2, 6)]
    expected = [cleaner.clean(number, cells) for number, cells in chunk]
    cleaner.clean_each = None  # type: ignore[assignment]  # would fail if called

    assert cleaner.clean_chunk(chunk) == ([row for row, _problems in expected], {})
    assert [problems for _row, problems in expected] == [[], [], [], []]


@given(number=st.text(alphabet="0123456789X", min_size=18, max_size=18))
def test_a_remembered_id_check_raises_again(number):
    for _attempt in range(2):
        try:
            first = ("value", chinese_ids.clean_resident_id(number))
        except CellError as exc:
            first = ("error", exc.message)
        chinese_ids._checked_resident_id.cache_clear()
        try:
            again = ("value", chinese_ids.clean_resident_id(number))
        except CellError as exc:
            again = ("error", exc.message)
        assert first == again


def test_with_keys_selects_what_filter_in_selects(county):
    keys = [county.school_a.code, county.school_b.code, "0000000000"]
    plain = set(School.objects.filter(code__in=keys).values_list("pk", flat=True))
    assert set(with_keys(School.objects.all(), "code", keys).values_list("pk", flat=True)) == plain
    assert list(with_keys(School.objects.all(), "code", [])) == []


def test_allocated_pks_are_fresh_and_the_inserted_rows_get_them(county):
    school = county.school_a
    with transaction.atomic():
        pks = bulk.allocate_pks(SchoolClass, 3)
        bulk.insert_columns(
            SchoolClass,
            {
                "id": pks,
                "school_id": [school.pk] * 3,
                "school_year": [2026] * 3,
                "grade": [1, 2, 3],
                "number": [7, 7, 7],
                "class_type": [ClassType.REGULAR] * 3,
                "head_teacher_id": [None] * 3,
            },
        )
    created = dict(SchoolClass.objects.filter(pk__in=pks).values_list("pk", "grade"))
    assert created == dict(zip(pks, [1, 2, 3], strict=True))
    with transaction.atomic():
        assert min(bulk.allocate_pks(SchoolClass, 1)) > max(pks)
