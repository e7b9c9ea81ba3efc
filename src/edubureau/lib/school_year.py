"""School years (学年), terms (学期) and ten-day periods (旬).

Decision: a school year starts on 1 September; school year 2025 runs from 2025-09-01 to 2026-08-31.
Term 1 runs from September to January, term 2 from February to August. A month has three 旬: 上旬
(days 1–10), 中旬 (11–20) and 下旬 (21 to the end of the month).

Labels are Chinese module constants (lib has no Django).
"""

from __future__ import annotations

import datetime
from typing import Literal

SCHOOL_YEAR_LABEL = "%(start)d—%(end)d学年"
TERM_LABEL = "%(school_year)s第%(term)s学期"
XUN_LABEL = "%(year)d年%(month)d月%(xun)s"
TERM_NAMES = {1: "一", 2: "二"}
XUN_NAMES = {1: "上旬", 2: "中旬", 3: "下旬"}
SCHOOL_YEAR_FIRST_MONTH = 9

Term = Literal[1, 2]
Xun = Literal[1, 2, 3]


def school_year_of(day: datetime.date) -> int:
    """The school year `day` falls in, named by the calendar year it starts in."""
    return day.year if day.month >= SCHOOL_YEAR_FIRST_MONTH else day.year - 1


def school_year_label(school_year: int) -> str:
    """The school year's label: "2025—2026学年" for 2025."""
    return SCHOOL_YEAR_LABEL % {"start": school_year, "end": school_year + 1}


def school_year_bounds(school_year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the school year: 1 September to 31 August."""
    return (
        datetime.date(school_year, SCHOOL_YEAR_FIRST_MONTH, 1),
        datetime.date(school_year + 1, SCHOOL_YEAR_FIRST_MONTH, 1) - datetime.timedelta(days=1),
    )


def term_of(day: datetime.date) -> tuple[int, Term]:
    """The school year and term (1: September–January, 2: February–August) `day` falls in."""
    if day.month >= SCHOOL_YEAR_FIRST_MONTH:
        return day.year, 1
    return day.year - 1, 1 if day.month == 1 else 2


def term_label(school_year: int, term: Term) -> str:
    """The term's label: "2025—2026学年第一学期" for (2025, 1)."""
    return TERM_LABEL % {"school_year": school_year_label(school_year), "term": TERM_NAMES[term]}


def xun_of(day: datetime.date) -> tuple[int, int, Xun]:
    """The year, month and 旬 (1: days 1–10, 2: 11–20, 3: 21 to the end) `day` falls in."""
    xun: Xun = 1 if day.day <= 10 else 2 if day.day <= 20 else 3
    return day.year, day.month, xun


def xun_label(year: int, month: int, xun: Xun) -> str:
    """The 旬's label: "2025年9月上旬" for (2025, 9, 1)."""
    return XUN_LABEL % {"year": year, "month": month, "xun": XUN_NAMES[xun]}


def xun_bounds(year: int, month: int, xun: Xun) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a 旬; the 下旬 ends on the month's last day (28th to 31st)."""
    first = datetime.date(year, month, 1 + 10 * (xun - 1))
    if xun < 3:
        return first, first + datetime.timedelta(days=9)
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, next_month - datetime.timedelta(days=1)
