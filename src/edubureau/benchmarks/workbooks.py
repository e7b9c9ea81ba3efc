"""Synthetic, valid student rosters for the import benchmark, written in the students template's columns."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from edubureau.imports.spec import ImportSpec
from edubureau.lib.chinese_ids import make_resident_id

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = (
    "子涵欣怡梓轩浩宇雨桐一诺宇轩思彤梓萱浩然晨阳俊熙佳怡紫涵诗琪语嫣若汐明轩博文嘉豪天佑文博志强建国秀英丽娟"
)
# How many distinct pupils student_values makes: 6 grades × 365 birthdays × 2 sexes × 500 sequences.
UNIQUE_ROWS = 6 * 365 * 2 * 500


def student_values(
    number: int, school_code: str, area_code: str, today: dt.date, rng: random.Random
) -> dict[str, Any]:
    """One pupil of primary age, by column key: a valid G-form 学籍号 with its 身份证号.

    Numbers below UNIQUE_ROWS give distinct 学籍号 and 身份证号 within one area code: the grade, the
    day of the birth year, the sex and the sequence number are independent digits of `number`.
    """
    grade = 1 + number % 6
    rest = number // 6
    birth = dt.date(today.year - 6 - grade, 1, 1) + dt.timedelta(days=rest % 365)
    sex = "male" if (rest // 365) % 2 else "female"
    sequence = (rest // 730) % 500
    id_number = make_resident_id(area_code, birth, sequence, sex)  # type: ignore[arg-type]
    return {
        "student_number": "G" + id_number,
        "id_number": id_number,
        "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
        "sex": "1" if sex == "male" else "2",
        "birth_date": birth,
        "ethnicity": "01",
        "household": "local",
        "school": school_code,
        "grade": grade,
        "class_number": 1 + number % 4,
        "enrolment_date": dt.date(today.year - grade + (1 if today.month >= 9 else 0), 9, 1),
        "status": "in_school",
        "is_left_behind": number % 13 == 0,
        "is_migrant": number % 17 == 0,
        "is_boarder": False,
    }


def write_students_workbook(path: Path, spec: ImportSpec, rows: Iterator[dict[str, Any]]) -> int:
    """Write `rows` in the spec's column order (a key the spec lacks is ignored); returns the count."""
    columns: Sequence[Any] = spec.columns
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet(str(spec.sheet_name or spec.label)[:31])
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, spec.headers())
    count = 0
    for count, values in enumerate(rows, start=1):
        for index, column in enumerate(columns):
            value = _cell(column, values)
            if isinstance(value, dt.date):
                sheet.write_datetime(count, index, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, bool):
                sheet.write_string(count, index, "是" if value else "否")
            elif value not in (None, ""):
                sheet.write(count, index, value if not column.is_text else str(value))
    workbook.close()
    return count


def _cell(column: Any, values: dict[str, Any]) -> Any:
    if column.key in values:
        return values[column.key]
    return values.get(column.key.removesuffix("_code"), "")
