"""身份证号 (GB 11643) and 学籍号: check characters, parsing, masking and synthetic numbers."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edubureau.lib import clock
from edubureau.lib.cells import CellError
from edubureau.lib.chinese_ids import (
    IdNumberError,
    ResidentId,
    StudentNumber,
    clean_resident_id,
    clean_student_number,
    id_check_char,
    make_resident_id,
    mask_id,
    parse_resident_id,
    parse_student_number,
)

PUBLISHED_EXAMPLE = "11010519491231002X"  # the worked example of GB 11643
J_NUMBER = "J110105201509010011"  # check character "1" over 11010520150901001


def test_the_published_example_is_valid_and_is_a_woman_born_1949_12_31():
    assert parse_resident_id(PUBLISHED_EXAMPLE) == ResidentId(
        number="11010519491231002X",
        area_code="110105",
        birth_date=datetime.date(1949, 12, 31),
        sex="female",
    )


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("11010519491231002", "X"),  # S = 167, 167 mod 11 = 2
        ("44030119900307000", "0"),  # S = 210, 210 mod 11 = 1
        ("44030119900307001", "9"),  # S = 212, 212 mod 11 = 3
        ("11010520150901001", "1"),  # S = 154, 154 mod 11 = 0
    ],
)
def test_id_check_char_follows_gb_11643(first17, expected):
    assert id_check_char(first17) == expected


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_id_check_char_equals_the_weighted_sum_of_the_standard(first17):
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(digit) * weight for digit, weight in zip(first17, weights, strict=True))
    assert id_check_char(first17) == "10X98765432"[total % 11]


@pytest.mark.parametrize(
    "first17", ["1101051949123100", "1101051949123100X", "１１０１０５１９４９１２３１００２"]
)
def test_id_check_char_wants_17_ascii_digits(first17):
    with pytest.raises(ValueError, match="expected 17 ASCII digits"):
        id_check_char(first17)


def test_a_lowercase_x_is_stored_as_x():
    assert parse_resident_id("11010519491231002x").number == "11010519491231002X"


def test_an_odd_seventeenth_digit_is_a_man():
    number = make_resident_id("110105", datetime.date(2015, 9, 1), 3, "male")
    assert number[14:17] == "007"
    assert parse_resident_id(number).sex == "male"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11010519491231002", "身份证号“11010519491231002”应为18位，实际为17位"),
        ("11010519491231002X1", "身份证号“11010519491231002X1”应为18位，实际为19位"),
        ("110105491231002", "身份证号“110105491231002”是15位的旧号码；请填写18位的身份证号"),
        ("1101051949123100X2", "身份证号“1101051949123100X2”的第17位“X”不是数字"),
        ("110105194912310O2X", "身份证号“110105194912310O2X”的第16位“O”不是数字"),
        ("11010519491231002Y", "身份证号“11010519491231002Y”的最后一位“Y”应为数字或X"),
        ("11010519490230002X", "身份证号“11010519490230002X”中的出生日期“19490230”不存在"),
        ("11010519491331002X", "身份证号“11010519491331002X”中的出生日期“19491331”不存在"),
        ("11010518991231002X", "身份证号“11010518991231002X”中的出生日期“18991231”早于1900年"),
        ("110105194912310021", "身份证号“110105194912310021”的校验位应为“X”，实际为“1”；请核对号码是否抄错"),
    ],
)
def test_parse_resident_id_says_what_is_wrong(value, message):
    with pytest.raises(IdNumberError) as caught:
        parse_resident_id(value)
    assert caught.value.message == message


def test_parse_resident_id_refuses_a_birth_date_in_the_future():
    tomorrow = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=2)
    first17 = f"110105{tomorrow:%Y%m%d}002"
    number = first17 + id_check_char(first17)
    with pytest.raises(IdNumberError, match=f"中的出生日期“{tomorrow:%Y%m%d}”晚于今天$"):
        parse_resident_id(number)


def test_a_birth_date_of_tomorrow_becomes_valid_once_midnight_passes(monkeypatch):
    # given a server that has been running since before midnight, on 1 March 2026 in Shanghai
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    monkeypatch.setattr(clock, "_day", (0.0, 0.0, datetime.date.min))
    first17 = "11010520260302002"  # born 2 March 2026
    number = first17 + id_check_char(first17)
    with mock.patch.object(clock.time, "time") as wall_clock:
        wall_clock.return_value = datetime.datetime(2026, 3, 1, 23, 59, 59, tzinfo=shanghai).timestamp()
        with pytest.raises(IdNumberError, match="晚于今天"):
            parse_resident_id(number)

        # when midnight passes
        wall_clock.return_value = datetime.datetime(2026, 3, 2, 0, 0, 1, tzinfo=shanghai).timestamp()

        # then the same number is valid, without a restart
        assert parse_resident_id(number).birth_date == datetime.date(2026, 3, 2)
        assert clean_student_number("G" + number) == "G" + number


def test_an_id_number_error_is_a_cell_error():
    assert issubclass(IdNumberError, CellError)


@given(
    area_code=st.from_regex(r"\A[1-9][0-9]{5}\Z"),
    birth_date=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2024, 12, 31)),
    sequence=st.integers(min_value=0, max_value=499),
    sex=st.sampled_from(["male", "female"]),
)
def test_made_resident_ids_parse_back_to_what_made_them(area_code, birth_date, sequence, sex):
    number = make_resident_id(area_code, birth_date, sequence, sex)
    assert parse_resident_id(number) == ResidentId(number, area_code, birth_date, sex)
    assert int(number[14:17]) // 2 == sequence


@given(st.text(alphabet="0123456789Xx", min_size=18, max_size=18))
def test_parse_resident_id_accepts_exactly_the_numbers_with_the_right_check_character(value):
    try:
        parsed = parse_resident_id(value)
    except IdNumberError:
        return
    assert parsed.number[17] == id_check_char(parsed.number[:17])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("11010", datetime.date(2015, 9, 1), 1, "male"), "area_code must be 6 digits"),
        (("110105", datetime.date(2015, 9, 1), 500, "male"), "sequence must be between 0 and 499"),
    ],
)
def test_make_resident_id_refuses_bad_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        make_resident_id(*arguments)


# 学籍号


def test_a_g_student_number_carries_the_id_number():
    assert parse_student_number("g11010519491231002x") == StudentNumber(
        number="G11010519491231002X",
        kind="G",
        area_code="110105",
        birth_date=datetime.date(1949, 12, 31),
        id_number="11010519491231002X",
    )


def test_a_j_student_number_has_its_own_check_character():
    assert parse_student_number(J_NUMBER) == StudentNumber(
        number=J_NUMBER, kind="J", area_code="110105", birth_date=datetime.date(2015, 9, 1), id_number=None
    )


def test_an_l_student_number_is_area_birth_date_and_four_digits():
    assert parse_student_number("L110105201509010001") == StudentNumber(
        number="L110105201509010001",
        kind="L",
        area_code="110105",
        birth_date=datetime.date(2015, 9, 1),
        id_number=None,
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("G1101051949123100", "学籍号“G1101051949123100”应为19位，实际为17位"),
        (
            "11010519491231002X",
            "学籍号“11010519491231002X”只有18位，像是身份证号；学籍号是字母G加18位身份证号",
        ),
        ("X110105201509010001", "学籍号“X110105201509010001”应以字母G、J或L开头"),
        (
            "G110105194912310021",
            "学籍号“G110105194912310021”中的身份证号有误：身份证号“110105194912310021”的校验位应为“X”，"
            "实际为“1”；请核对号码是否抄错",
        ),
        ("J110105201509010010", "学籍号“J110105201509010010”的校验位应为“1”，实际为“0”；请核对号码是否抄错"),
        ("J11010520150901001Y", "学籍号“J11010520150901001Y”的最后一位“Y”应为数字或X"),
        ("J1101052015090100A1", "学籍号“J1101052015090100A1”的第18位“A”不是数字"),
        ("L11010520150901000X", "学籍号“L11010520150901000X”的第19位“X”不是数字"),
        ("L110105201502300001", "学籍号“L110105201502300001”中的出生日期“20150230”不存在"),
        ("J110105189909010011", "学籍号“J110105189909010011”中的出生日期“18990901”早于1900年"),
    ],
)
def test_parse_student_number_says_what_is_wrong(value, message):
    with pytest.raises(IdNumberError) as caught:
        parse_student_number(value)
    assert caught.value.message == message


# Cleaning cells that hold them


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (" 11010519491231002x\u00a0", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", PUBLISHED_EXAMPLE),
        ("", ""),
    ],
)
def test_clean_resident_id_cleans_and_checks_the_cell(cell, expected):
    assert clean_resident_id(cell) == expected


def test_clean_resident_id_says_a_number_cell_lost_its_digits():
    with pytest.raises(CellError, match="^身份证号“1.10105E\\+17”在Excel中被存成了数字，后几位已丢失"):
        clean_resident_id(1.1010519491231e17)


def test_clean_student_number_cleans_and_checks_the_cell():
    assert clean_student_number(" j110105 20150901 0011 ") == J_NUMBER
    with pytest.raises(IdNumberError, match="校验位应为"):
        clean_student_number("J110105201509010010")


# Masking


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("11010519491231002X", "110105********002X"),
        ("G11010519491231002X", "G110105********002X"),
        (J_NUMBER, "J110105********0011"),
        ("110105491231002", "110*********002"),
        ("abc", "***"),
        ("", ""),
    ],
)
def test_mask_id_hides_the_middle(value, masked):
    assert mask_id(value) == masked
