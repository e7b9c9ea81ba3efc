"""The real mess of real files, one test each, through the school spec."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from edubureau.imports.reading import ReadError
from edubureau.registry.models import School
from tests.imports.conftest import SCHOOL_HEADERS, school_row, write_workbook
from tests.imports.test_engine import errors_of, run

# Each test runs with the sheet read whole and read in parts of a row or two.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reading_modes")]
FIXTURES = Path(__file__).parent / "fixtures"


def test_a_code_stored_as_a_number_is_read_as_its_digits(personas, workbook):
    outcome = run(workbook(school_row(2133000101)), personas["section_staff"])

    assert outcome.validation.counts["new"] == 1
    assert School.objects.filter(code="2133000101").exists()


def test_a_code_in_scientific_notation_cannot_be_recovered(personas, workbook):
    outcome = run(
        workbook(school_row("2.13300E+09"), school_row(2.133e17, "大数小学")), personas["section_staff"]
    )

    assert errors_of(outcome) == [(2, "学校标识码", "2.13300E+09"), (3, "学校标识码", "2.133e+17")]
    assert all("无法恢复" in error.message for error in outcome.validation.errors)


def test_full_width_digits_and_spaces_are_folded(personas, workbook):
    row = school_row(
        "２１３３０００１０１", "\u00a0新建 小学\u3000", 城乡分类代码=" 220\u00a0", 乡镇="北关镇\u00a0"
    )

    outcome = run(workbook(row), personas["section_staff"])

    assert outcome.validation.errors == []
    school = School.objects.get(code="2133000101")
    assert (school.name, school.urban_rural) == ("新建 小学", "220")


def test_a_title_row_above_the_header_is_skipped(personas, tmp_path):
    path = write_workbook(
        tmp_path / "title.xlsx",
        [["示范县2024年学校基本情况表"] + [""] * 16, SCHOOL_HEADERS, school_row("2133000101")],
        merge=[(0, 0, 0, 16)],
    )

    outcome = run(path, personas["section_staff"])

    assert outcome.validation.counts["new"] == 1
    assert outcome.sheet.header_row_number == 2


def test_a_merged_two_row_header_is_combined(personas, tmp_path):
    upper = ["学校标识码", "学校名称", "办学类型", "", "", "", "", "联系方式", "", "", *SCHOOL_HEADERS[10:]]
    lower = [
        "",
        "",
        "办学类型代码",
        "办学类型",
        "办别",
        "城乡分类代码",
        "乡镇",
        "地址",
        "校长",
        "联系电话",
    ] + [""] * 7
    path = write_workbook(
        tmp_path / "merged.xlsx",
        [upper, lower, school_row("2133000101"), school_row("2133000102", "二小")],
        merge=[(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 6), (0, 7, 0, 9)]
        + [(0, c, 1, c) for c in range(10, 17)],
    )

    outcome = run(path, personas["section_staff"])

    assert outcome.validation.counts["new"] == 2
    assert outcome.validation.errors == []


def test_empty_trailing_rows_are_ignored(personas, workbook):
    blank = [""] * len(SCHOOL_HEADERS)
    spaces = [" ", "\u00a0"] + [""] * (len(SCHOOL_HEADERS) - 2)

    outcome = run(workbook(school_row("2133000101"), blank, spaces, blank), personas["section_staff"])

    assert outcome.validation.counts == {"read": 1, "new": 1, "changed": 0, "unchanged": 0, "errors": 0}


def test_an_xls_file_is_read_like_an_xlsx(personas):
    path = FIXTURES / "schools.xls"

    outcome = run(path, personas["section_staff"], dry_run=True)

    assert outcome.validation.counts["new"] == 2
    assert outcome.validation.errors == []


def test_a_sheet_is_chosen_by_name(personas, workbook):
    path = workbook(school_row("2133000101"), sheet="学校", extra_sheets=["说明"])

    outcome = run(path, personas["section_staff"], sheet="学校")

    assert outcome.validation.counts["new"] == 1


def test_a_missing_sheet_names_the_sheets_there_are(personas, workbook):
    path = workbook(school_row("2133000101"), sheet="学校", extra_sheets=["说明"])

    with pytest.raises(ReadError) as caught:
        run(path, personas["section_staff"], sheet="学生")

    assert "学生" in str(caught.value) and "说明" in str(caught.value) and "学校" in str(caught.value)


def test_a_file_that_is_not_a_workbook_is_refused(personas, tmp_path):
    path = tmp_path / "not.xlsx"
    path.write_bytes(b"PK not really a zip")

    with pytest.raises(ReadError):
        run(path, personas["section_staff"])


@pytest.mark.parametrize(
    "cell",
    [dt.date(2015, 9, 1), 42248, "2015.9.1", "2015年9月1日", "20150901", 20150901, "2015/9/1", "2015-09-01"],
)
def test_dates_in_every_spelling(personas, workbook, cell):
    row = school_row("2133000101", 状态="停办", 状态变更日期=cell)

    outcome = run(workbook(row), personas["section_staff"])

    assert outcome.validation.errors == []
    assert School.objects.get(code="2133000101").status_date == dt.date(2015, 9, 1)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("是", True),
        ("否", False),
        ("√", True),
        ("×", False),
        (1, True),
        (0, False),
        (True, True),
        ("", False),
    ],
)
def test_booleans_in_every_spelling(personas, workbook, cell, expected):
    outcome = run(workbook(school_row("2133000101", 寄宿制学校=cell)), personas["section_staff"])

    assert outcome.validation.errors == []
    assert School.objects.get(code="2133000101").is_boarding is expected


def test_a_code_typed_with_its_label_is_accepted(personas, workbook):
    outcome = run(
        workbook(school_row("2133000101", 办学类型代码="小学", 办别="22")), personas["section_staff"]
    )

    assert outcome.validation.errors == []
    school = School.objects.get(code="2133000101")
    assert (school.school_type, school.ownership) == ("211", "22")
