"""学年, 学期 and 旬: a school year starts on 1 September."""

from __future__ import annotations

import datetime

import pytest

from edubureau.lib.school_year import (
    school_year_bounds,
    school_year_label,
    school_year_of,
    term_label,
    term_of,
    xun_bounds,
    xun_label,
    xun_of,
)


@pytest.mark.parametrize(
    ("day", "school_year"),
    [
        (datetime.date(2025, 9, 1), 2025),
        (datetime.date(2025, 12, 31), 2025),
        (datetime.date(2026, 1, 1), 2025),
        (datetime.date(2026, 8, 31), 2025),
        (datetime.date(2025, 8, 31), 2024),
        (datetime.datetime(2025, 9, 1, 8, 0, tzinfo=datetime.UTC), 2025),
    ],
)
def test_a_school_year_starts_on_1_september(day, school_year):
    assert school_year_of(day) == school_year


def test_school_year_label_names_both_calendar_years():
    assert school_year_label(2025) == "2025—2026学年"


def test_school_year_bounds_run_from_1_september_to_31_august():
    assert school_year_bounds(2025) == (datetime.date(2025, 9, 1), datetime.date(2026, 8, 31))


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (datetime.date(2025, 9, 1), (2025, 1)),
        (datetime.date(2025, 12, 31), (2025, 1)),
        (datetime.date(2026, 1, 31), (2025, 1)),
        (datetime.date(2026, 2, 1), (2025, 2)),
        (datetime.date(2026, 8, 31), (2025, 2)),
    ],
)
def test_term_1_runs_from_september_to_january_and_term_2_from_february_to_august(day, term):
    assert term_of(day) == term


def test_term_label_names_the_school_year_and_the_term():
    assert term_label(2025, 1) == "2025—2026学年第一学期"
    assert term_label(2025, 2) == "2025—2026学年第二学期"


@pytest.mark.parametrize(
    ("day", "xun"),
    [
        (datetime.date(2025, 9, 1), (2025, 9, 1)),
        (datetime.date(2025, 9, 10), (2025, 9, 1)),
        (datetime.date(2025, 9, 11), (2025, 9, 2)),
        (datetime.date(2025, 9, 20), (2025, 9, 2)),
        (datetime.date(2025, 9, 21), (2025, 9, 3)),
        (datetime.date(2025, 1, 31), (2025, 1, 3)),
        (datetime.date(2024, 2, 29), (2024, 2, 3)),
    ],
)
def test_xun_of_splits_a_month_at_the_10th_and_the_20th(day, xun):
    assert xun_of(day) == xun


def test_xun_label_names_year_month_and_xun():
    assert xun_label(2025, 9, 1) == "2025年9月上旬"
    assert xun_label(2025, 10, 2) == "2025年10月中旬"
    assert xun_label(2025, 12, 3) == "2025年12月下旬"


@pytest.mark.parametrize(
    ("xun", "bounds"),
    [
        ((2025, 9, 1), (datetime.date(2025, 9, 1), datetime.date(2025, 9, 10))),
        ((2025, 9, 2), (datetime.date(2025, 9, 11), datetime.date(2025, 9, 20))),
        ((2025, 9, 3), (datetime.date(2025, 9, 21), datetime.date(2025, 9, 30))),
        ((2025, 12, 3), (datetime.date(2025, 12, 21), datetime.date(2025, 12, 31))),
        ((2024, 2, 3), (datetime.date(2024, 2, 21), datetime.date(2024, 2, 29))),
    ],
)
def test_xun_bounds_end_the_last_xun_on_the_last_day_of_the_month(xun, bounds):
    assert xun_bounds(*xun) == bounds


def test_every_day_lies_within_the_bounds_of_its_xun_and_school_year():
    day = datetime.date(2024, 1, 1)
    while day < datetime.date(2026, 1, 1):
        first, last = xun_bounds(*xun_of(day))
        start, end = school_year_bounds(school_year_of(day))
        assert first <= day <= last
        assert start <= day <= end
        day += datetime.timedelta(days=1)
