"""A section's staff imports a school workbook with errors, as a person would in the browser.

The error workbook holds only the rows with errors (the file's header, those rows as they were, and a
last 错误说明 column). So the flow is the one a person follows: import the valid rows only, download
the error workbook, fix its cells, re-upload it as is (错误说明 column included), confirm the import.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from edubureau.core.models import AuditAction, ChangeLog, ImportBatch
from edubureau.imports.models import ImportJob, ImportJobStatus
from edubureau.registry.models import School
from tests.browser.conftest import ARTIFACTS, zh
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

GOOD = "2133000101"
SHORT = "213300999"  # 9 digits: refused
FIXED = "2133000102"
UNKNOWN_TYPE = "299"  # no such 办学类型代码
TYPED = "2133000103"
JOB_URL = re.compile(r"/imports/jobs/(\d+)/$")


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"import-{name}.png"), full_page=True)


def _row(headers: list[str], code: str, name: str, **cells: str) -> list[str]:
    values = {
        "学校标识码": code,
        "学校名称": name,
        "办学类型代码": "211",
        "办学类型": "小学",
        "办别": "公办",
        "城乡分类代码": "220",
        "乡镇": "北关镇",
        "校长": "张明",
        "寄宿制学校": "否",
        "计入学校数": "是",
        "状态": "在办",
        **cells,
    }
    return [values.get(header, "") for header in headers]


def _download(page: Any, test_id: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_test_id(test_id).click()
    download = info.value
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


def _upload(page: Any, path: Path) -> int:
    """Upload `path` on the current upload page, validate it; the job's pk once its counts show."""
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_test_id("validate").click()
    expect(page).to_have_url(JOB_URL)
    # The page polls (htmx) while the job runs; the count cards appear once it is validated.
    expect(page.get_by_test_id("count-read")).to_be_visible()
    match = JOB_URL.search(page.url)
    assert match
    return int(match.group(1))


def _counts(page: Any) -> dict[str, str]:
    names = ("read", "new", "changed", "unchanged", "errors")
    return {name: page.get_by_test_id(f"count-{name}").inner_text().strip() for name in names}


def test_import_with_errors_then_the_fixed_error_workbook(page, personas, log_in, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    staff = personas["section_staff"]
    schools_before = School.objects.count()
    log_in(staff.username, PASSWORD)

    # 1. From the school list to the import page; the template is an .xlsx with the school header.
    page.goto("/registry/schools/")
    page.get_by_role("link", name=zh("Import"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/imports/schools/$"))
    _shot(page, "1-upload-page")
    template = _download(page, "template-link", tmp_path)
    assert template.suffix == ".xlsx"
    headers = [
        str(cell) for cell in CalamineWorkbook.from_path(str(template)).get_sheet_by_index(0).to_python()[0]
    ]
    assert headers[0] == "学校标识码" and "办学类型代码" in headers and "乡镇" in headers

    # 2. A workbook with one good row and two bad ones: nothing is written, the errors are shown.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    sheet.append(_row(headers, GOOD, "北关镇第二小学"))
    sheet.append(_row(headers, SHORT, "北关镇第三小学"))
    sheet.append(_row(headers, TYPED, "北关镇第四小学", 办学类型代码=UNKNOWN_TYPE))
    first_file = tmp_path / "新学校.xlsx"
    book.save(first_file)

    first_job = _upload(page, first_file)
    assert _counts(page) == {"read": "3", "new": "1", "changed": "0", "unchanged": "0", "errors": "2"}
    errors = page.get_by_test_id("error-table").locator("tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0).locator("td")).to_have_text(["3", "学校标识码", SHORT, re.compile("应为10位")])
    expect(errors.nth(1).locator("td")).to_have_text(
        ["4", "办学类型代码", UNKNOWN_TYPE, re.compile("不是有效的选项")]
    )
    expect(page.get_by_test_id("commit")).to_have_count(0)
    _shot(page, "2-validated-with-errors")
    assert School.objects.count() == schools_before
    assert not ImportBatch.objects.exists()

    # 3. The error workbook: the two bad rows and the 错误说明 column naming row, column and value.
    error_file = _download(page, "error-workbook", tmp_path)
    assert error_file.name == "新学校.错误.xlsx"
    errors_book = openpyxl.load_workbook(error_file)
    errors_sheet = errors_book.worksheets[0]
    rows = [list(row) for row in errors_sheet.iter_rows(values_only=True)]
    assert rows[0] == [*headers, "错误说明"]
    assert [row[0] for row in rows[1:]] == [SHORT, TYPED]
    assert rows[1][-1].startswith("第3行：第1列（A）“学校标识码”的值“213300999”：")
    assert rows[2][-1].startswith(f"第4行：第3列（C）“办学类型代码”的值“{UNKNOWN_TYPE}”：")

    # The valid row goes in on its own (after the browser's confirm dialog).
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("commit-valid-only").click()
    status = page.get_by_test_id("job-status").get_by_role("status")
    expect(status).to_contain_text(zh("Imported: %(written)s rows written.", written=1))
    expect(status).to_contain_text(
        zh("Only the valid rows were imported; the rows with errors were left out.")
    )
    _shot(page, "3-valid-rows-imported")
    assert School.objects.count() == schools_before + 1
    assert School.objects.filter(code=GOOD).exists()

    # Fix the two cells in the error workbook itself; its 错误说明 column stays as it is.
    column = {header: index + 1 for index, header in enumerate(headers)}
    errors_sheet.cell(row=2, column=column["学校标识码"], value=FIXED)
    errors_sheet.cell(row=3, column=column["办学类型代码"], value="211")
    errors_book.save(error_file)

    # 4. Re-upload it: no errors, two new schools; confirm the import.
    page.get_by_role("link", name=f"{zh('Import')}：{zh('Schools')}", exact=True).click()
    expect(page).to_have_url(re.compile(r"/imports/schools/$"))
    _shot(page, "4-upload-page-again")
    second_job = _upload(page, error_file)
    assert _counts(page) == {"read": "2", "new": "2", "changed": "0", "unchanged": "0", "errors": "0"}
    expect(page.get_by_test_id("error-table")).to_have_count(0)
    expect(page.get_by_test_id("commit-valid-only")).to_have_count(0)
    _shot(page, "5-fixed-validated")
    assert School.objects.count() == schools_before + 1

    page.get_by_test_id("commit").click()
    expect(page.get_by_test_id("job-status").get_by_role("status")).to_have_text(
        zh("Imported: %(written)s rows written.", written=2)
    )
    assert _counts(page)["new"] == "2"
    _shot(page, "6-committed")

    north = personas.county.north
    imported = {school.code: school for school in School.objects.filter(code__in=[GOOD, FIXED, TYPED])}
    assert sorted(imported) == [GOOD, FIXED, TYPED]
    assert {code: school.name for code, school in imported.items()} == {
        GOOD: "北关镇第二小学",
        FIXED: "北关镇第三小学",
        TYPED: "北关镇第四小学",
    }
    for school in imported.values():
        assert (school.school_type, school.ownership, school.urban_rural) == ("211", "21", "220")
        assert (school.township_id, school.county_id, school.principal) == (north.pk, north.parent_id, "张明")
        assert (school.is_boarding, school.is_counted_as_school) == (False, True)
    assert School.objects.count() == schools_before + 3

    # One ImportBatch and one audit entry per commit, each naming its batch.
    jobs = {job.pk: job for job in ImportJob.objects.filter(pk__in=[first_job, second_job])}
    for pk, written, valid_only in ((first_job, 1, True), (second_job, 2, False)):
        job = jobs[pk]
        assert (job.status, job.rows_written, job.actor_id) == (ImportJobStatus.COMMITTED, written, staff.pk)
        assert job.batch is not None and job.batch.counts["valid_only"] is valid_only
        entries = ChangeLog.objects.filter(action=AuditAction.IMPORT, batch=job.batch)
        assert entries.count() == 1 and entries.get().actor_id == staff.pk
    assert ImportBatch.objects.count() == 2
    assert ChangeLog.objects.filter(action=AuditAction.IMPORT).count() == 2
