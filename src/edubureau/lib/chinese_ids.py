"""Chinese personal codes: 身份证号 (GB 11643) and 学籍号 (G, J and L forms).

A 身份证号 is 18 characters: a 6-digit area code, an 8-digit birth date, a 3-digit sequence (odd for
men, even for women) and a check character over the first 17 (ISO 7064 MOD 11-2). A 学籍号 is 19:
"G" and the pupil's 身份证号; "J", area, birth date, sequence and check for a pupil without one; or
"L", area, birth date and 4 digits for a temporary number.

The messages are plain Chinese module constants (lib has no Django), with %-style placeholders.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any, Literal

from edubureau.lib import clock
from edubureau.lib.cells import CellError, clean_code

OLD_ID = "身份证号“%(value)s”是15位的旧号码；请填写18位的身份证号"
ID_WRONG_LENGTH = "身份证号“%(value)s”应为18位，实际为%(actual)d位"
ID_NOT_DIGIT = "身份证号“%(value)s”的第%(position)d位“%(char)s”不是数字"
ID_BAD_LAST = "身份证号“%(value)s”的最后一位“%(char)s”应为数字或X"
ID_WRONG_CHECK = "身份证号“%(value)s”的校验位应为“%(expected)s”，实际为“%(actual)s”；请核对号码是否抄错"
NO_BIRTH_DATE = "%(kind)s“%(value)s”中的出生日期“%(birth)s”不存在"
BIRTH_TOO_EARLY = "%(kind)s“%(value)s”中的出生日期“%(birth)s”早于1900年"
BIRTH_IN_FUTURE = "%(kind)s“%(value)s”中的出生日期“%(birth)s”晚于今天"
NUMBER_WRONG_LENGTH = "学籍号“%(value)s”应为19位，实际为%(actual)d位"
NUMBER_LOOKS_LIKE_ID = "学籍号“%(value)s”只有18位，像是身份证号；学籍号是字母G加18位身份证号"
NUMBER_WRONG_LETTER = "学籍号“%(value)s”应以字母G、J或L开头"
NUMBER_BAD_ID = "学籍号“%(value)s”中的身份证号有误：%(problem)s"
NUMBER_NOT_DIGIT = "学籍号“%(value)s”的第%(position)d位“%(char)s”不是数字"
NUMBER_BAD_LAST = "学籍号“%(value)s”的最后一位“%(char)s”应为数字或X"
NUMBER_WRONG_CHECK = "学籍号“%(value)s”的校验位应为“%(expected)s”，实际为“%(actual)s”；请核对号码是否抄错"
RESIDENT_ID = "身份证号"
STUDENT_NUMBER = "学籍号"

Sex = Literal["male", "female"]
StudentNumberKind = Literal["G", "J", "L"]

_CHECK_CHARACTERS = "10X98765432"


class IdNumberError(CellError):
    """A 身份证号 or 学籍号 that cannot be valid; `message` says why, in Chinese."""


@dataclass(frozen=True, slots=True)
class ResidentId:
    """A valid 居民身份证号码 (GB 11643) and what it says about its holder."""

    number: str
    area_code: str
    birth_date: datetime.date
    sex: Sex


@dataclass(frozen=True, slots=True)
class StudentNumber:
    """A valid 全国中小学生学籍号; `id_number` is the pupil's 身份证号 for the G form, else None."""

    number: str
    kind: StudentNumberKind
    area_code: str
    birth_date: datetime.date
    id_number: str | None


def id_check_char(first17: str) -> str:
    """The GB 11643 check character ("0"–"9" or "X") of the first 17 digits of an ID number."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError(f"expected 17 ASCII digits, got {first17!r}")
    return _check_char(first17)


def _check_char(first17: str) -> str:
    """The check character of 17 ASCII digits (not checked: the callers have)."""
    # The standard's weights 7 9 10 5 … 4 2 are 2^17 … 2^1 mod 11, so S ≡ 2 × Σ aᵢ·2^(17-i), and as
    # 13 ≡ 2 (mod 11) that sum is int(first17, 13) mod 11: one C call instead of a Python loop.
    return _CHECK_CHARACTERS[2 * int(first17, 13) % 11]


def parse_resident_id(value: str) -> ResidentId:
    """The ID number `value` (lowercase x accepted), or IdNumberError saying what is wrong with it."""
    number, birth_date = _checked_resident_id(value)
    return ResidentId(number, number[:6], birth_date, "male" if number[16] in "13579" else "female")


# An import checks the G-form 学籍号 of a chunk of rows (column by column, a few thousand at a time),
# then their ID numbers: the same 18 characters, so the second check is a lookup. Only valid numbers
# are remembered (an error is raised again), and a valid number stays valid as the days pass.
@functools.lru_cache(maxsize=8192)
def _checked_resident_id(value: str) -> tuple[str, datetime.date]:
    """The ID number, uppercase, and its birth date; IdNumberError if it cannot be valid.

    (The cell cleaners need no more, and building the frozen ResidentId would double their cost.)
    """
    number = value.strip().upper()
    if len(number) != 18:
        template = OLD_ID if len(number) == 15 and number.isdigit() else ID_WRONG_LENGTH
        raise IdNumberError(template % {"value": number, "actual": len(number)})
    first17 = number[:17]
    if not (first17.isascii() and first17.isdigit()):
        position, char = _first_non_digit(first17)
        raise IdNumberError(ID_NOT_DIGIT % {"value": number, "position": position, "char": char})
    actual = number[17]
    if actual not in "0123456789X":
        raise IdNumberError(ID_BAD_LAST % {"value": number, "char": actual})
    birth_date = _birth_date(number, number[6:14], RESIDENT_ID)
    expected = _check_char(first17)
    if actual != expected:
        raise IdNumberError(ID_WRONG_CHECK % {"value": number, "expected": expected, "actual": actual})
    return number, birth_date


def _first_non_digit(text: str) -> tuple[int, str]:
    """The 1-based position and the character of the first thing in `text` that is not a digit."""
    for position, char in enumerate(text, start=1):
        if not ("0" <= char <= "9"):
            return position, char
    raise ValueError(text)  # pragma: no cover (called only when there is one)


def _birth_date(number: str, digits: str, kind: str) -> datetime.date:
    """The birth date written as 8 digits inside `number`, if it is a possible one."""
    try:
        birth_date = datetime.date.fromisoformat(digits)  # 8 ASCII digits (the callers checked): YYYYMMDD
    except ValueError:
        raise IdNumberError(NO_BIRTH_DATE % {"kind": kind, "value": number, "birth": digits}) from None
    if birth_date.year < 1900:
        raise IdNumberError(BIRTH_TOO_EARLY % {"kind": kind, "value": number, "birth": digits})
    if birth_date > clock.today():  # cached per day: cheap on every row
        raise IdNumberError(BIRTH_IN_FUTURE % {"kind": kind, "value": number, "birth": digits})
    return birth_date


def parse_student_number(value: str) -> StudentNumber:
    """The 学籍号 `value` in any of its three forms, or IdNumberError saying what is wrong with it."""
    number, kind, birth_date = _checked_student_number(value)
    return StudentNumber(number, kind, number[1:7], birth_date, number[1:] if kind == "G" else None)


def _checked_student_number(value: str) -> tuple[str, StudentNumberKind, datetime.date]:
    """The 学籍号, uppercase, its form and its birth date; IdNumberError if it cannot be valid."""
    number = value.strip().upper()
    if len(number) != 19:
        template = NUMBER_LOOKS_LIKE_ID if len(number) == 18 else NUMBER_WRONG_LENGTH
        raise IdNumberError(template % {"value": number, "actual": len(number)})
    letter, rest = number[0], number[1:]
    if letter == "G":
        try:
            return number, "G", _checked_resident_id(rest)[1]
        except IdNumberError as error:
            raise IdNumberError(NUMBER_BAD_ID % {"value": number, "problem": error.message}) from None
    if letter not in ("J", "L"):
        raise IdNumberError(NUMBER_WRONG_LETTER % {"value": number})
    kind: StudentNumberKind = "J" if letter == "J" else "L"
    digits = rest[:17] if kind == "J" else rest
    if not (digits.isascii() and digits.isdigit()):
        position, char = _first_non_digit(digits)
        raise IdNumberError(NUMBER_NOT_DIGIT % {"value": number, "position": position + 1, "char": char})
    birth_date = _birth_date(number, rest[6:14], STUDENT_NUMBER)
    if kind == "J":
        _check_j_form(number)
    return number, kind, birth_date


def _check_j_form(number: str) -> None:
    """Raise IdNumberError unless the J-form 学籍号's last character is its GB 11643 check character."""
    actual, expected = number[18], _check_char(number[1:18])
    if actual not in "0123456789X":
        raise IdNumberError(NUMBER_BAD_LAST % {"value": number, "char": actual})
    if actual != expected:
        raise IdNumberError(NUMBER_WRONG_CHECK % {"value": number, "expected": expected, "actual": actual})


def clean_resident_id(value: Any) -> str:
    """A cell holding an ID number as its 18 characters ("" when empty), or CellError."""
    text = clean_code(value, name=RESIDENT_ID)
    return _checked_resident_id(text)[0] if text else ""


def clean_student_number(value: Any) -> str:
    """A cell holding a 学籍号 as its 19 characters ("" when empty), or CellError."""
    text = clean_code(value, name=STUDENT_NUMBER)
    return _checked_student_number(text)[0] if text else ""


def mask_id(value: str) -> str:
    """The number with its middle hidden: 110105********002X, G110105********002X.

    An ID number shows its area code and last 4 characters, a 学籍号 its letter too; anything else
    shows at most its first and last quarter.
    """
    if len(value) == 18:
        return f"{value[:6]}********{value[-4:]}"
    if len(value) == 19 and value[0].isalpha():
        return f"{value[:7]}********{value[-4:]}"
    shown = len(value) // 4
    if shown == 0:
        return "*" * len(value)
    return f"{value[:shown]}{'*' * (len(value) - 2 * shown)}{value[-shown:]}"


def make_resident_id(area_code: str, birth_date: datetime.date, sequence: int, sex: Sex) -> str:
    """A valid synthetic ID number, for demo data and tests.

    `sequence` (0–499) picks the 3-digit sequence number among those of the holder's sex: it is
    2 × sequence + 1 for a man and 2 × sequence for a woman.
    """
    if len(area_code) != 6 or not (area_code.isascii() and area_code.isdigit()):
        raise ValueError(f"area_code must be 6 digits, got {area_code!r}")
    if not 0 <= sequence <= 499:
        raise ValueError(f"sequence must be between 0 and 499, got {sequence}")
    birth = f"{birth_date.year:04d}{birth_date.month:02d}{birth_date.day:02d}"
    first17 = f"{area_code}{birth}{2 * sequence + (1 if sex == 'male' else 0):03d}"
    return first17 + _check_char(first17)
