"""Cleaning one spreadsheet cell into a Python value.

Cells come from python-calamine as str, int, float, bool, date, datetime, time, timedelta or "" for an
empty cell, typed by hand in WPS or Excel: full-width digits, stray and non-breaking spaces, codes
stored as numbers, dates in half a dozen spellings. Each `clean_*` function returns a clean value or
raises `CellError` with a Chinese sentence that names the value (the caller adds row and column).

An import runs these functions on every cell of up to a million rows, so each one takes a fast path
for a value that is already clean and keeps its tables and patterns at module level.

The messages are plain Chinese module constants, not gettext calls, because lib has no Django; they
use %-style placeholders so that they can join the catalogue later unchanged.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

# Messages.
LOST_DIGITS = (
    "%(name)s“%(value)s”在Excel中被存成了数字，后几位已丢失，无法恢复；请把该列设为文本格式后重新填写"
)
NOT_A_CODE = "%(name)s“%(value)s”不是有效的代码"
NOT_WHOLE_CODE = "%(name)s“%(value)s”带有小数，不是有效的代码"
WRONG_LENGTH = "%(name)s“%(value)s”应为%(expected)d位，实际为%(actual)d位"
LEADING_ZEROS_LOST = (
    "%(name)s“%(value)s”应为%(expected)d位，实际为%(actual)d位；Excel可能把它存成了数字并去掉了开头的0，"
    "请把该列设为文本格式后重新填写"
)
DIGITS_ONLY = "%(name)s“%(value)s”只能由数字组成"
NOT_A_DATE = "“%(value)s”不是可识别的日期；请写成2015-09-01、2015/9/1、2015.9.1、2015年9月1日或20150901"
NO_SUCH_MONTH = "日期“%(value)s”无效：没有%(month)d月"
NO_SUCH_DAY = "日期“%(value)s”无效：%(year)d年%(month)d月只有%(days)d天"
YEAR_OUT_OF_RANGE = "日期“%(value)s”无效：年份应在%(earliest)d到%(latest)d之间"
SERIAL_OUT_OF_RANGE = "数字“%(value)s”不是日期：Excel日期序号应在1到80000之间"
NO_1900_02_29 = "Excel日期序号60对应1900年2月29日，这一天并不存在"
NOT_A_BOOLEAN = "“%(value)s”不是有效的是否值；可填：是/否、√/×、✓/✗、Y/N、yes/no、true/false、1/0、有/无"
NOT_AN_INTEGER = "“%(value)s”不是整数"
NOT_A_NUMBER = "“%(value)s”不是数字"
BELOW_MINIMUM = "“%(value)s”小于最小值%(limit)s"
ABOVE_MAXIMUM = "“%(value)s”大于最大值%(limit)s"
NOT_A_CHOICE = "“%(value)s”不是有效的选项；可填代码或名称：%(valid)s"
MORE_CHOICES = "等%(count)d项"


class CellError(ValueError):
    """A cell that cannot be read as the value its column expects; `message` is a Chinese sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# Full-width ASCII (U+FF01–U+FF5E) to half-width; zero-width characters and ASCII control characters
# other than whitespace deleted. Unicode spaces (U+3000, U+00A0, U+2000–U+200A …) are left to
# str.split(), which treats them as whitespace. Zero-width ones are deleted rather than turned into a
# space because they are invisible: "张\u200b三" was typed as "张三".
_TEXT_TABLE: dict[int, int | None] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_TEXT_TABLE.update(dict.fromkeys((0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)))
_TEXT_TABLE.update(dict.fromkeys((*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F)))
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d*)?E[+-]\d{1,3}", re.ASCII | re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d{1,40})(?:\.\d{1,40})?|[+-]?\.\d{1,40}", re.ASCII)
_DATE = re.compile(
    r"(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?|(\d{2})(\d{2}))"
    r"(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?",
    re.ASCII,
)
# Excel's 1900 date system counts 1900-01-01 as 1 and wrongly has a 1900-02-29 (serial 60), so the
# serials after it are one day ahead: they count from 1899-12-30, the ones before from 1899-12-31.
_EXCEL_EPOCH = datetime.date(1899, 12, 30).toordinal()
_EXCEL_SERIALS = (1, 80000)
_DATE_YEARS = (1900, 2100)
# Excel keeps 15 significant digits; a number from 10^15 up has lost the digits after them.
_EXACT_LIMIT = 10**15
_BOOLEANS: dict[Any, bool] = {
    **dict.fromkeys(("是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "对"), True),
    **dict.fromkeys(("否", "×", "✗", "✘", "✕", "✖", "n", "no", "false", "0", "无", "错"), False),
    1: True,  # also matches True and 1.0, which compare and hash equal to 1
    0: False,
}
_BOOLEANS.update({key.upper(): flag for key, flag in _BOOLEANS.items() if isinstance(key, str)})
_BOOLEANS.update({key.capitalize(): flag for key, flag in _BOOLEANS.items() if isinstance(key, str)})


def clean_text(value: Any) -> str:
    """The cell as text: half-width ASCII, spaces trimmed and collapsed, whole numbers without ".0"."""
    if value.__class__ is str:
        is_clean = value.isprintable() and value[:1] != " " and value[-1:] != " " and "  " not in value
        if is_clean and (value.isascii() or _FULL_WIDTH.search(value) is None):
            return value
        return " ".join(value.translate(_TEXT_TABLE).split())
    if value is None:
        return ""
    return _number_or_other_as_text(value)


def _number_or_other_as_text(value: Any) -> str:
    """A non-text cell as the user sees it in Excel."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return " ".join(str(value).translate(_TEXT_TABLE).split())


def _display(value: Any) -> str:
    """A raw value for a message: text trimmed, numbers as Excel shows them by default."""
    if _is_number(value) and _is_finite(value) and abs(value) >= _EXACT_LIMIT:
        return _excel_scientific(value)
    return clean_text(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_finite(number: float) -> bool:
    return not isinstance(number, float) or math.isfinite(number)  # (isfinite overflows on huge ints)


def _excel_scientific(value: float) -> str:
    """A large number as Excel's General format shows it in a default-width column: 1.10105E+17."""
    mantissa, exponent = f"{Decimal(value):.5E}".split("E")
    return f"{mantissa.rstrip('0').rstrip('.')}E{exponent}"


def clean_code(
    value: Any, *, length: int | None = None, digits_only: bool = False, name: str = "代码"
) -> str:
    """A code (ID number, 学籍号, school code): text without any spaces, uppercase, "" when empty.

    A number of 16 digits or more has passed through Excel's 15 significant digits and lost its tail,
    and so has text in scientific notation: both are refused with a message that says so.
    """
    if value.__class__ is str and value.isascii() and value.isalnum():
        text = value if value.isdigit() else value.upper()
    elif isinstance(value, str):
        text = "".join(value.translate(_TEXT_TABLE).split()).upper()
        text = text.removeprefix("'")  # a quote typed to force text in WPS or an older system's export
        if _SCIENTIFIC.fullmatch(text):
            raise CellError(LOST_DIGITS % {"name": name, "value": text})
    else:
        text = _code_from_number(value, name)
    if not text:
        return ""
    if digits_only and not (text.isascii() and text.isdigit()):
        raise CellError(DIGITS_ONLY % {"name": name, "value": text})
    if length is not None and len(text) != length:
        shorter_number = not isinstance(value, str) and len(text) < length
        template = LEADING_ZEROS_LOST if shorter_number else WRONG_LENGTH
        raise CellError(template % {"name": name, "value": text, "expected": length, "actual": len(text)})
    return text


def _code_from_number(value: Any, name: str) -> str:
    """The digits of a code that Excel stored as a number, if they are all still there."""
    if value is None:
        return ""
    if not _is_number(value) or not _is_finite(value) or value < 0:
        raise CellError(NOT_A_CODE % {"name": name, "value": _display(value)})
    if value >= _EXACT_LIMIT:
        raise CellError(LOST_DIGITS % {"name": name, "value": _display(value)})
    if isinstance(value, float) and not value.is_integer():
        raise CellError(NOT_WHOLE_CODE % {"name": name, "value": _display(value)})
    return str(int(value))


def clean_date(value: Any) -> datetime.date | None:
    """A date from a date cell, an Excel serial number or text such as 2015.9.1; None when empty."""
    if value.__class__ is datetime.date:
        return value
    if value.__class__ is float or value.__class__ is int:
        return _date_from_number(value)
    if isinstance(value, str):
        iso_date = _iso_date(value)
        if iso_date is not None:
            return iso_date
        text = clean_text(value)
        return _date_from_text(text) if text else None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if value is None:
        return None
    if _is_number(value):
        return _date_from_number(value)
    raise CellError(NOT_A_DATE % {"value": _display(value)})


def _iso_date(value: str) -> datetime.date | None:
    """The fast path for the commonest spelling, 2015-09-01; None for anything else or a bad date."""
    if len(value) != 10 or value[4] != "-" or value[7] != "-" or value[5] == "W" or not value.isascii():
        return None  # (fromisoformat also reads ISO week dates such as 2015-W36-2: not for us)
    try:
        parsed = datetime.date.fromisoformat(value)
    except ValueError:
        return None  # the general path says what is wrong with it
    earliest, latest = _DATE_YEARS
    return parsed if earliest <= parsed.year <= latest else None


def _date_from_text(text: str) -> datetime.date:
    """A date written as 2015-09-01, 2015/9/1, 2015.9.1, 2015年9月1日 or 20150901."""
    match = _DATE.fullmatch(text)
    if match is None:
        raise CellError(NOT_A_DATE % {"value": text})
    year, _, month, day, chinese_month, chinese_day, compact_month, compact_day = match.groups()
    month = month or chinese_month or compact_month
    day = day or chinese_day or compact_day
    return _valid_date(text, int(year), int(month), int(day))


def _valid_date(text: str, year: int, month: int, day: int) -> datetime.date:
    """The date, or a CellError that says which part of `text` is impossible."""
    earliest, latest = _DATE_YEARS
    if not earliest <= year <= latest:
        raise CellError(YEAR_OUT_OF_RANGE % {"value": text, "earliest": earliest, "latest": latest})
    if not 1 <= month <= 12:
        raise CellError(NO_SUCH_MONTH % {"value": text, "month": month})
    try:
        return datetime.date(year, month, day)
    except ValueError:
        days = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
        raise CellError(NO_SUCH_DAY % {"value": text, "year": year, "month": month, "days": days}) from None


def _date_from_number(value: float) -> datetime.date:
    """A date from an Excel serial number, or from a number such as 20150901 typed into a cell."""
    if not _is_finite(value) or value < 0:
        raise CellError(SERIAL_OUT_OF_RANGE % {"value": _display(value)})
    whole = int(value)
    if whole == value and 10_000_000 <= whole <= 99_999_999:
        return _date_from_text(str(whole))
    first, last = _EXCEL_SERIALS
    if not first <= whole <= last:
        raise CellError(SERIAL_OUT_OF_RANGE % {"value": _display(value)})
    if whole == 60:
        raise CellError(NO_1900_02_29)
    return datetime.date.fromordinal(_EXCEL_EPOCH + whole + (1 if whole < 60 else 0))


def clean_bool(value: Any) -> bool | None:
    """是/否, √/×, ✓/✗, Y/N, yes/no, true/false, 1/0, 有/无 or a boolean cell; None when empty."""
    try:
        flag = _BOOLEANS.get(value)
    except TypeError:  # an unhashable value: not one of ours
        flag = None
    if flag is not None:
        return flag
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = clean_text(value).lower()
        if not text:
            return None
        if text in _BOOLEANS:
            return _BOOLEANS[text]
    raise CellError(NOT_A_BOOLEAN % {"value": _display(value)})


def clean_int(value: Any, *, min_value: int | None = None, max_value: int | None = None) -> int | None:
    """A whole number from a number cell or from text such as "1,234" or "１２"; None when empty."""
    number = _plain_int(value)
    if number is None:
        decimal = clean_decimal(value)
        if decimal is None:
            return None
        if decimal != decimal.to_integral_value():
            raise CellError(NOT_AN_INTEGER % {"value": _display(value)})
        number = int(decimal)
    _check_range(value, number, min_value, max_value)
    return number


def _plain_int(value: Any) -> int | None:
    """The commonest cells, fast: an int, a whole float, ASCII digits; None for anything else."""
    if value.__class__ is int:
        return value
    if value.__class__ is float:
        return int(value) if value.is_integer() and abs(value) < _EXACT_LIMIT else None
    if value.__class__ is str and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def clean_decimal(
    value: Any, *, min_value: Decimal | int | None = None, max_value: Decimal | int | None = None
) -> Decimal | None:
    """A number from a number cell or from text such as "1,234.5"; None when empty.

    A float becomes the Decimal of its 15 significant digits, as Excel shows it (0.1 + 0.2 is 0.3).
    """
    if value.__class__ is float and math.isfinite(value):
        number = Decimal(format(value, ".15g"))
    elif _is_number(value) and _is_finite(value):
        number = Decimal(value)  # an int (or a float subclass, which calamine never yields)
    elif isinstance(value, str) or value is None:
        text = "".join(clean_text(value).split())
        if not text:
            return None
        if _NUMBER.fullmatch(text) is None:
            raise CellError(NOT_A_NUMBER % {"value": _display(value)})
        number = Decimal(text.replace(",", ""))
    else:
        raise CellError(NOT_A_NUMBER % {"value": _display(value)})
    _check_range(value, number, min_value, max_value)
    return number


def _check_range(
    value: Any, number: Decimal | int, low: Decimal | int | None, high: Decimal | int | None
) -> None:
    """Raise a CellError naming `value` when `number` is outside [low, high]."""
    if low is not None and number < low:
        raise CellError(BELOW_MINIMUM % {"value": _display(value), "limit": low})
    if high is not None and number > high:
        raise CellError(ABOVE_MAXIMUM % {"value": _display(value), "limit": high})


# The lookup tables of the mappings clean_choice has seen, by id. The entry holds the mapping itself,
# so its id cannot be reused by another object while the entry exists. The mappings are meant to be
# module-level constants, so the cache stays small; it is emptied if a caller builds them per call.
_CHOICE_LOOKUPS: dict[int, tuple[Mapping[str, str], dict[str, str]]] = {}
_CHOICE_LOOKUPS_LIMIT = 256


def clean_choice(value: Any, choices: Mapping[str, str]) -> str:
    """The code of a choice, given either its code or its label ("1" or "男"), after text cleaning.

    `choices` maps codes to labels and must not change once used. A number whose leading zeros Excel
    dropped still finds its code: 1 is "01" when the codes are "01", "02" ….
    """
    if value.__class__ is str and value in choices:
        return value
    lookup = _choice_lookup(choices)
    code = lookup.get(value) if value.__class__ is str else None  # a label typed cleanly
    if code is not None:
        return code
    text = clean_text(value)
    if not text:
        return ""
    code = lookup.get(text) or lookup.get(text.casefold())
    if code is None:
        raise CellError(NOT_A_CHOICE % {"value": text, "valid": _choice_list(choices)})
    return code


def _choice_lookup(choices: Mapping[str, str]) -> dict[str, str]:
    """Every accepted spelling of the choices, mapped to its code."""
    entry = _CHOICE_LOOKUPS.get(id(choices))
    if entry is not None and entry[0] is choices:
        return entry[1]
    lookup: dict[str, str] = {}
    for code, label in choices.items():
        if code.isascii() and code.isdigit():
            lookup.setdefault(str(int(code)), code)
        lookup.setdefault(clean_text(str(label)).casefold(), code)
    for code in choices:
        lookup[code] = code
        lookup[code.casefold()] = code
    if len(_CHOICE_LOOKUPS) >= _CHOICE_LOOKUPS_LIMIT:
        _CHOICE_LOOKUPS.clear()
    _CHOICE_LOOKUPS[id(choices)] = (choices, lookup)
    return lookup


def _choice_list(choices: Mapping[str, str], shown: int = 10) -> str:
    """The first `shown` choices as "1 男、2 女", with the total when there are more."""
    items = [f"{code} {label}" for code, label in list(choices.items())[:shown]]
    if len(choices) > shown:
        items.append(MORE_CHOICES % {"count": len(choices)})
    return "、".join(items)
