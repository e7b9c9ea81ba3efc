"""Cleaning cells as python-calamine yields them from rosters typed by hand in WPS or Excel."""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edubureau.lib.cells import (
    CellError,
    clean_bool,
    clean_choice,
    clean_code,
    clean_date,
    clean_decimal,
    clean_int,
    clean_text,
)

SEXES = {"1": "男", "2": "女"}
# python-calamine yields naive datetimes for date-time cells.
MIDNIGHT = datetime.datetime(2015, 9, 1)  # noqa: DTZ001
MORNING = datetime.datetime(2015, 9, 1, 8, 30)  # noqa: DTZ001
ETHNICITIES = {"01": "汉族", "02": "蒙古族", "03": "回族"}
LOST_ID_MESSAGE = (
    "身份证号“1.10105E+17”在Excel中被存成了数字，后几位已丢失，无法恢复；请把该列设为文本格式后重新填写"
)


# clean_text


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", ""),
        (None, ""),
        ("北关镇中心小学", "北关镇中心小学"),
        ("  张三  ", "张三"),
        ("\u3000张三\u3000", "张三"),
        ("\u00a0张三\u00a0", "张三"),
        ("张  三", "张 三"),
        ("张\u3000\u3000三", "张 三"),
        ("\u2002张\u2003三\u2009", "张 三"),
        ("\ufeff张三", "张三"),
        ("张\u200b三", "张三"),
        ("第一行\n第二行", "第一行 第二行"),
        ("\t张三\r\n", "张三"),
        ("ＡＢＣ１２３", "ABC123"),
        ("北关镇中心小学（南校区）", "北关镇中心小学(南校区)"),
        ("ｈｅｌｌｏ　ｗｏｒｌｄ", "hello world"),
    ],
)
def test_clean_text_normalises_widths_and_spaces(cell, expected):
    assert clean_text(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (42, "42"),
        (13800000000.0, "13800000000"),
        (3.5, "3.5"),
        (0.1 + 0.2, "0.3"),
        (True, "TRUE"),
        (datetime.date(2015, 9, 1), "2015-09-01"),
        (MIDNIGHT, "2015-09-01"),
        (MORNING, "2015-09-01 08:30:00"),
        (datetime.time(8, 30), "08:30:00"),
    ],
)
def test_clean_text_writes_other_cells_as_excel_shows_them(cell, expected):
    assert clean_text(cell) == expected


def test_clean_text_returns_a_clean_string_itself():
    text = "北关镇中心小学"
    assert clean_text(text) is text


# clean_code


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("11010519491231002X", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),
        (" 110105 19491231 002X ", "11010519491231002X"),
        ("\u00a011010519491231002X\u3000", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
        ("'11010519491231002X", "11010519491231002X"),
        ("g11010519491231002x", "G11010519491231002X"),
        (3601020001, "3601020001"),
        (3601020001.0, "3601020001"),
        (999999999999999, "999999999999999"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_code_removes_all_spaces_and_uppercases(cell, expected):
    assert clean_code(cell) == expected


@pytest.mark.parametrize("cell", [1.1010519491231e17, 110105194912310000, "1.10105E+17", "1.10105e+17"])
def test_clean_code_refuses_an_id_number_stored_as_a_number(cell):
    with pytest.raises(CellError) as caught:
        clean_code(cell, name="身份证号")
    assert caught.value.message == LOST_ID_MESSAGE
    assert str(caught.value) == LOST_ID_MESSAGE


def test_clean_code_refuses_a_sixteen_digit_number():
    with pytest.raises(CellError, match="被存成了数字，后几位已丢失"):
        clean_code(1234567890123456.0, name="学籍号")


def test_clean_code_checks_the_length():
    with pytest.raises(CellError) as caught:
        clean_code("360102000", length=10, name="学校标识码")
    assert caught.value.message == "学校标识码“360102000”应为10位，实际为9位"


def test_clean_code_says_excel_may_have_dropped_leading_zeros_of_a_number():
    with pytest.raises(CellError) as caught:
        clean_code(10101.0, length=6, name="行政区划代码")
    assert caught.value.message == (
        "行政区划代码“10101”应为6位，实际为5位；Excel可能把它存成了数字并去掉了开头的0，"
        "请把该列设为文本格式后重新填写"
    )


def test_clean_code_checks_digits_only():
    with pytest.raises(CellError) as caught:
        clean_code("36010200O1", digits_only=True, name="学校标识码")
    assert caught.value.message == "学校标识码“36010200O1”只能由数字组成"


def test_clean_code_accepts_full_width_digits_as_digits():
    assert clean_code("３６０１０２０００１", length=10, digits_only=True) == "3601020001"


@pytest.mark.parametrize("cell", [3.5, -12, True, datetime.date(2015, 9, 1), float("nan")])
def test_clean_code_refuses_values_that_are_no_code(cell):
    with pytest.raises(CellError, match="^学校标识码“.*”(不是有效的代码|带有小数，不是有效的代码)$"):
        clean_code(cell, name="学校标识码")


# clean_date


@pytest.mark.parametrize(
    "cell",
    [
        datetime.date(2015, 9, 1),
        MORNING,
        42248,
        42248.0,
        42248.75,
        "2015-09-01",
        "2015/9/1",
        "2015/09/01",
        "2015.9.1",
        "2015年9月1日",
        "2015年09月01日",
        "2015 年 9 月 1 日",
        "2015年9月1号",
        "20150901",
        20150901,
        20150901.0,
        "２０１５－０９－０１",
        "２０１５年９月１日",
        " 2015-09-01\u00a0",
        "2015-09-01 00:00:00",
        "2015/9/1 8:30",
    ],
)
def test_clean_date_reads_every_spelling_of_a_date(cell):
    assert clean_date(cell) == datetime.date(2015, 9, 1)


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, datetime.date(1900, 1, 1)),
        (59, datetime.date(1900, 2, 28)),
        (61, datetime.date(1900, 3, 1)),
        (36526, datetime.date(2000, 1, 1)),
        (45658, datetime.date(2025, 1, 1)),
    ],
)
def test_clean_date_reads_excel_serials_with_the_1900_leap_year_bug(serial, expected):
    assert clean_date(serial) == expected


def test_clean_date_refuses_serial_60_which_is_the_missing_1900_02_29():
    with pytest.raises(CellError) as caught:
        clean_date(60)
    assert caught.value.message == "Excel日期序号60对应1900年2月29日，这一天并不存在"


@pytest.mark.parametrize("cell", [0, 80001, -5, 123456])
def test_clean_date_refuses_numbers_outside_the_serial_range(cell):
    with pytest.raises(CellError) as caught:
        clean_date(cell)
    assert caught.value.message == f"数字“{cell}”不是日期：Excel日期序号应在1到80000之间"


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2015-02-30", "日期“2015-02-30”无效：2015年2月只有28天"),
        ("2016.2.30", "日期“2016.2.30”无效：2016年2月只有29天"),
        ("2015年4月31日", "日期“2015年4月31日”无效：2015年4月只有30天"),
        ("20151301", "日期“20151301”无效：没有13月"),
        ("2015-00-10", "日期“2015-00-10”无效：没有0月"),
        ("1849-09-01", "日期“1849-09-01”无效：年份应在1900到2100之间"),
    ],
)
def test_clean_date_says_why_a_date_is_impossible(cell, message):
    with pytest.raises(CellError) as caught:
        clean_date(cell)
    assert caught.value.message == message


@pytest.mark.parametrize("cell", ["2015-9/1", "9/1/2015", "15.9.1", "明天", "2015-W36-2", "2015年9月"])
def test_clean_date_lists_the_accepted_spellings_for_unknown_text(cell):
    with pytest.raises(CellError) as caught:
        clean_date(cell)
    assert caught.value.message == (
        f"“{cell}”不是可识别的日期；请写成2015-09-01、2015/9/1、2015.9.1、2015年9月1日或20150901"
    )


@pytest.mark.parametrize("cell", ["", None, "\u3000"])
def test_clean_date_gives_none_for_an_empty_cell(cell):
    assert clean_date(cell) is None


@pytest.mark.parametrize("cell", [True, datetime.time(8, 30), datetime.timedelta(hours=1)])
def test_clean_date_refuses_cells_that_are_no_date(cell):
    with pytest.raises(CellError, match="不是可识别的日期"):
        clean_date(cell)


# clean_bool


@pytest.mark.parametrize(
    "cell",
    ["是", "√", "✓", "✔", "Y", "y", "yes", "YES", "True", "true", "1", 1, 1.0, True, "有", " 是 ", "Ｙ"],
)
def test_clean_bool_reads_yes(cell):
    assert clean_bool(cell) is True


@pytest.mark.parametrize(
    "cell",
    ["否", "×", "✗", "✘", "N", "n", "no", "No", "FALSE", "false", "0", 0, 0.0, False, "无", "\u00a0否"],
)
def test_clean_bool_reads_no(cell):
    assert clean_bool(cell) is False


@pytest.mark.parametrize("cell", ["", None, "  "])
def test_clean_bool_gives_none_for_an_empty_cell(cell):
    assert clean_bool(cell) is None


@pytest.mark.parametrize(("cell", "shown"), [("可能", "可能"), (2, "2"), (0.5, "0.5"), ("是的", "是的")])
def test_clean_bool_lists_the_accepted_forms(cell, shown):
    with pytest.raises(CellError) as caught:
        clean_bool(cell)
    assert caught.value.message == (
        f"“{shown}”不是有效的是否值；可填：是/否、√/×、✓/✗、Y/N、yes/no、true/false、1/0、有/无"
    )


# clean_int and clean_decimal


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (12, 12),
        (12.0, 12),
        ("12", 12),
        ("1,234", 1234),
        ("１２３４", 1234),
        ("１，２３４", 1234),
        (" 12 ", 12),
    ],
)
def test_clean_int_reads_whole_numbers(cell, expected):
    assert clean_int(cell) == expected


@pytest.mark.parametrize(
    ("cell", "shown"), [(12.5, "12.5"), ("12.5", "12.5"), ("十二", "十二"), ("1,23", "1,23")]
)
def test_clean_int_refuses_what_is_not_a_whole_number(cell, shown):
    with pytest.raises(CellError, match=f"^“{shown}”不是(整数|数字)$"):
        clean_int(cell)


def test_clean_int_checks_the_range():
    assert clean_int(45, min_value=1, max_value=45) == 45
    with pytest.raises(CellError) as caught:
        clean_int("0", min_value=1)
    assert caught.value.message == "“0”小于最小值1"
    with pytest.raises(CellError) as caught:
        clean_int(46.0, max_value=45)
    assert caught.value.message == "“46”大于最大值45"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (12, Decimal(12)),
        (0.1 + 0.2, Decimal("0.3")),
        (1234.5, Decimal("1234.5")),
        ("1,234.50", Decimal("1234.50")),
        ("１２．５", Decimal("12.5")),
        ("-3.25", Decimal("-3.25")),
    ],
)
def test_clean_decimal_reads_numbers(cell, expected):
    assert clean_decimal(cell) == expected


def test_clean_decimal_checks_the_range():
    with pytest.raises(CellError) as caught:
        clean_decimal("100.5", max_value=100)
    assert caught.value.message == "“100.5”大于最大值100"


@pytest.mark.parametrize("cell", ["NaN", "1e5", "1_000", "12%", float("inf"), True])
def test_clean_decimal_refuses_what_excel_would_not_show_as_a_plain_number(cell):
    with pytest.raises(CellError, match="不是数字$"):
        clean_decimal(cell)


@pytest.mark.parametrize("clean", [clean_int, clean_decimal])
def test_numbers_are_none_for_an_empty_cell(clean):
    assert clean("") is None
    assert clean(None) is None


# clean_choice


@pytest.mark.parametrize("cell", ["男", "1", 1, 1.0, " 男 ", "\u3000男"])
def test_clean_choice_accepts_the_code_or_the_label(cell):
    assert clean_choice(cell, SEXES) == "1"


def test_clean_choice_restores_the_leading_zero_excel_dropped():
    assert clean_choice(1.0, ETHNICITIES) == "01"
    assert clean_choice("回族", ETHNICITIES) == "03"


def test_clean_choice_is_empty_for_an_empty_cell():
    assert clean_choice("", SEXES) == ""


def test_clean_choice_lists_the_valid_values():
    with pytest.raises(CellError) as caught:
        clean_choice("男性", SEXES)
    assert caught.value.message == "“男性”不是有效的选项；可填代码或名称：1 男、2 女"


def test_clean_choice_lists_ten_values_of_a_long_list():
    choices = {f"{number:02d}": f"第{number}项" for number in range(1, 59)}
    with pytest.raises(CellError) as caught:
        clean_choice("其他", choices)
    assert caught.value.message == (
        "“其他”不是有效的选项；可填代码或名称：01 第1项、02 第2项、03 第3项、04 第4项、05 第5项、"
        "06 第6项、07 第7项、08 第8项、09 第9项、10 第10项、等58项"
    )


# Whatever the cell, a cleaner returns its type or raises CellError, never anything else.

CELLS = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet=st.sampled_from("0123456789０１２３４５６７８９xX.,-+E年月日 \u3000\u00a0/")),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
)


def outcome(clean, cell):
    try:
        return clean(cell)
    except CellError:
        return CellError


@given(CELLS)
def test_clean_text_always_gives_text(cell):
    assert isinstance(clean_text(cell), str)


@given(CELLS)
def test_clean_code_gives_text_or_a_cell_error(cell):
    for clean in (clean_code, partial(clean_code, length=18, digits_only=True)):
        result = outcome(clean, cell)
        assert result is CellError or type(result) is str


@given(CELLS)
def test_clean_date_gives_a_date_none_or_a_cell_error(cell):
    result = outcome(clean_date, cell)
    assert result is None or result is CellError or type(result) is datetime.date


@given(CELLS)
def test_clean_bool_gives_a_boolean_none_or_a_cell_error(cell):
    result = outcome(clean_bool, cell)
    assert result is True or result is False or result is None or result is CellError


@given(CELLS)
def test_clean_int_gives_an_int_none_or_a_cell_error(cell):
    result = outcome(partial(clean_int, min_value=0, max_value=10**6), cell)
    assert result is None or result is CellError or type(result) is int


@given(CELLS)
def test_clean_decimal_gives_a_decimal_none_or_a_cell_error(cell):
    result = outcome(partial(clean_decimal, min_value=-1, max_value=10**6), cell)
    assert result is None or result is CellError or (type(result) is Decimal and result.is_finite())


@given(CELLS)
def test_clean_choice_gives_a_code_or_a_cell_error(cell):
    assert outcome(partial(clean_choice, choices=ETHNICITIES), cell) in ("", "01", "02", "03", CellError)
