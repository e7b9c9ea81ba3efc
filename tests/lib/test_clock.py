"""lib.clock.today(): the date in Asia/Shanghai, cached for the day and renewed when midnight passes."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from unittest import mock

import pytest

from edubureau.lib import clock

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))  # no daylight saving since 1991


def _at(text: str) -> float:
    """The POSIX timestamp of a wall-clock time in Shanghai."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI).timestamp()


@pytest.fixture
def wall_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[mock.Mock]:
    """time.time() under the test's control, starting from an empty cache (restored afterwards)."""
    monkeypatch.setattr(clock, "_day", (0.0, 0.0, datetime.date.min))
    with mock.patch.object(clock.time, "time") as fake_time:
        yield fake_time


def test_today_is_the_date_in_shanghai_not_in_utc(wall_clock):
    wall_clock.return_value = _at("2026-03-01T00:30:00")  # still 28 February in UTC

    assert clock.today() == datetime.date(2026, 3, 1)


def test_the_first_call_after_midnight_returns_the_new_day(wall_clock):
    wall_clock.return_value = _at("2026-03-01T23:59:59.999")
    assert clock.today() == datetime.date(2026, 3, 1)

    wall_clock.return_value = _at("2026-03-02T00:00:00")

    assert clock.today() == datetime.date(2026, 3, 2)


def test_within_a_day_the_date_is_worked_out_once(wall_clock):
    with mock.patch.object(clock, "_remember_today", wraps=clock._remember_today) as remember:
        for moment in ("2026-03-01T00:00:00", "2026-03-01T12:00:00", "2026-03-01T23:59:59"):
            wall_clock.return_value = _at(moment)
            assert clock.today() == datetime.date(2026, 3, 1)

    assert remember.call_count == 1


def test_a_clock_set_back_to_the_day_before_is_followed(wall_clock):
    wall_clock.return_value = _at("2026-03-02T00:00:05")
    assert clock.today() == datetime.date(2026, 3, 2)

    wall_clock.return_value = _at("2026-03-01T23:59:58")

    assert clock.today() == datetime.date(2026, 3, 1)


def test_the_import_specs_check_for_future_dates_follows_the_clock(wall_clock):
    from edubureau.registry.imports_specs.common import not_in_future

    row = {"birth_date": datetime.date(2026, 3, 2), "enrolment_date": datetime.date(2026, 3, 1)}
    wall_clock.return_value = _at("2026-03-01T23:59:59")
    assert [key for key, _message in not_in_future(row, "birth_date", "enrolment_date")] == ["birth_date"]

    wall_clock.return_value = _at("2026-03-02T00:00:01")

    assert not_in_future(row, "birth_date", "enrolment_date") == []
