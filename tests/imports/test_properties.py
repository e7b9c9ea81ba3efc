"""Whatever a cell holds, a row comes out clean or as row-level errors: never an exception."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edubureau.imports import engine
from edubureau.imports.spec import ImportContext, get_spec
from tests.imports.conftest import SCHOOL_HEADERS, school_row

pytestmark = pytest.mark.django_db

cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", " ", "\u00a0", "２１３３０００１０１", "2.1E+09", "是", "×", "2015年13月1日", "211", "北关镇"]
    ),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(),
    st.none(),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    replacements=st.dictionaries(
        st.integers(min_value=0, max_value=len(SCHOOL_HEADERS) - 1), cells, max_size=6
    )
)
def test_any_cells_give_a_clean_row_or_row_errors(personas, replacements):
    row = school_row("2133000101")
    for index, value in replacements.items():
        row[index] = value
    spec = get_spec("schools")

    result = engine.validate(
        spec,
        [(2, row)],
        ImportContext(user=personas["section_staff"]),
        positions={column.key: index for index, column in enumerate(spec.columns)},
    )

    assert result.rows_read == 1
    clean = len(result.new_rows) + len(result.changed_rows) + result.unchanged
    assert clean + result.error_rows == 1
    for error in result.errors:
        assert error.row_number == 2 and error.message
        assert error.header in SCHOOL_HEADERS
