"""Validating and committing school rows: counts, row errors, all-or-nothing, re-import, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from edubureau.core.models import AuditAction, ChangeLog, ImportBatch
from edubureau.imports.reading import ReadError
from edubureau.imports.services import import_file
from edubureau.registry.models import School
from tests.imports.conftest import SCHOOL_HEADERS, school_row

# Each test runs with the sheet read whole and read in parts of a row or two.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reading_modes")]


def run(path, user, **options):  # type: ignore[no-untyped-def]
    return import_file(
        actor=user, spec_name="schools", source=path, file_name=path.name, file_sha256="0" * 64, **options
    )


def errors_of(outcome):  # type: ignore[no-untyped-def]
    return [(e.row_number, e.header, e.value) for e in outcome.validation.errors]


def test_new_schools_are_created_in_one_batch_with_one_log_entry(personas, workbook):
    path = workbook(school_row("2133000101", "新建一小"), school_row("2133000102", "新建二小", "南河乡"))

    outcome = run(path, personas["section_staff"])

    assert outcome.validation.counts == {"read": 2, "new": 2, "changed": 0, "unchanged": 0, "errors": 0}
    school = School.objects.get(code="2133000102")
    assert (school.name, school.township, school.county) == (
        "新建二小",
        personas.county.south,
        personas.county.county,
    )
    batch = ImportBatch.objects.get()
    assert (batch.entity, batch.file_name, batch.actor, batch.counts["new"]) == (
        "schools",
        path.name,
        personas["section_staff"],
        2,
    )
    entries = ChangeLog.objects.filter(action=AuditAction.IMPORT)
    assert [(entry.batch, entry.actor_name) for entry in entries] == [(batch, "jijiao")]
    assert ChangeLog.objects.filter(action=AuditAction.CREATE, content_type__model="school").count() == 0


def test_reimporting_the_same_file_changes_nothing(personas, workbook):
    path = workbook(school_row("2133000101", "新建一小", 地址="北关镇1号", 状态变更日期=dt.date(2015, 9, 1)))
    run(path, personas["section_staff"])
    before = list(School.objects.values().order_by("pk"))

    outcome = run(path, personas["section_staff"])

    assert outcome.validation.counts == {"read": 1, "new": 0, "changed": 0, "unchanged": 1, "errors": 0}
    assert list(School.objects.values().order_by("pk")) == before


def test_a_changed_row_updates_its_school(personas, workbook):
    path = workbook(school_row("2133000001", "北关镇中心小学（新）", 校长="王校长"))

    outcome = run(path, personas["section_staff"])

    assert outcome.validation.counts["changed"] == 1
    school = School.objects.get(code="2133000001")
    assert (school.name, school.principal) == ("北关镇中心小学（新）", "王校长")


def test_one_bad_row_writes_nothing(personas, workbook):
    path = workbook(school_row("2133000101"), school_row("213300010", "坏码小学"))

    outcome = run(path, personas["section_staff"])

    assert outcome.batch is None
    assert errors_of(outcome) == [(3, "学校标识码", "213300010")]
    assert not School.objects.filter(code="2133000101").exists()
    assert not ImportBatch.objects.exists()


def test_valid_only_writes_the_good_rows(personas, workbook):
    path = workbook(school_row("2133000101"), school_row("213300010", "坏码小学"))

    outcome = run(path, personas["section_staff"], valid_only=True)

    assert outcome.batch is not None
    assert outcome.batch.counts["errors"] == 1
    assert School.objects.filter(code="2133000101").exists()


def test_dry_run_writes_nothing(personas, workbook):
    outcome = run(workbook(school_row("2133000101")), personas["section_staff"], dry_run=True)

    assert outcome.validation.counts["new"] == 1
    assert not School.objects.filter(code="2133000101").exists()
    assert not ImportBatch.objects.exists()


def test_a_duplicate_key_in_the_file_names_both_rows(personas, workbook):
    path = workbook(
        school_row("2133000101", "甲"), school_row("2133000102", "乙"), school_row("2133000101", "丙")
    )

    outcome = run(path, personas["section_staff"])

    [error] = outcome.validation.errors
    assert (error.row_number, error.header, error.value) == (4, "学校标识码", "2133000101")
    assert "2" in error.message and "4" in error.message
    assert outcome.batch is None


def test_every_error_names_row_column_and_value(personas, workbook):
    path = workbook(
        school_row(
            "2133000101", 办学类型代码="999", 寄宿制学校="也许", 状态变更日期="2015-13-01", 乡镇="不存在镇"
        ),
    )

    outcome = run(path, personas["section_staff"])

    assert errors_of(outcome) == [
        (2, "办学类型代码", "999"),
        (2, "寄宿制学校", "也许"),
        (2, "状态变更日期", "2015-13-01"),
    ]
    described = outcome.validation.errors[0].describe()
    assert "办学类型代码" in described and "999" in described and "3" in described


def test_a_township_out_of_scope_is_a_row_error(personas, workbook):
    path = workbook(school_row("2133000101", 乡镇="不存在镇"))

    outcome = run(path, personas["section_staff"])

    assert errors_of(outcome) == [(2, "乡镇", "不存在镇")]


def test_school_a_clerk_cannot_import_a_row_for_school_b(personas, workbook):
    school_b = personas.county.school_b
    path = workbook(school_row(school_b.code, school_b.name, "南河乡", 校长="冒名"))

    outcome = run(path, personas["school_a_clerk"])

    assert errors_of(outcome) == [(2, "乡镇", "南河乡")]  # not a township of theirs
    assert outcome.batch is None
    school_b.refresh_from_db()
    assert school_b.principal == ""


def test_school_b_code_under_school_a_township_is_refused_as_out_of_scope(personas, workbook):
    school_b = personas.county.school_b
    path = workbook(school_row(school_b.code, school_b.name, "北关镇"))

    outcome = run(path, personas["school_a_clerk"])

    assert errors_of(outcome) == [(2, "学校标识码", school_b.code)]
    assert School.objects.get(pk=school_b.pk).township == personas.county.south


def test_school_a_clerk_cannot_create_a_school(personas, workbook):
    outcome = run(workbook(school_row("2133000101")), personas["school_a_clerk"])

    assert [(e.row_number, e.header) for e in outcome.validation.errors] == [(2, "学校标识码")]
    assert not School.objects.filter(code="2133000101").exists()


def test_school_a_clerk_may_correct_the_principal_but_not_the_name(personas, workbook):
    school_a = personas.county.school_a
    allowed = workbook(school_row(school_a.code, school_a.name, 校长="新校长"))
    refused = workbook(school_row(school_a.code, "改名小学"))

    assert run(allowed, personas["school_a_clerk"]).validation.counts["changed"] == 1
    outcome = run(refused, personas["school_a_clerk"])

    assert errors_of(outcome) == [(2, "学校名称", "改名小学")]
    school_a.refresh_from_db()
    assert (school_a.name, school_a.principal) == ("北关镇中心小学", "新校长")


def test_a_wrong_template_names_missing_and_unexpected_columns(personas, workbook):
    header = [name for name in SCHOOL_HEADERS if name != "乡镇"] + ["备注栏"]
    path = workbook(school_row("2133000101")[:-1], header=header)

    with pytest.raises(ReadError) as caught:
        run(path, personas["section_staff"])

    assert "乡镇" in str(caught.value) and "备注栏" in str(caught.value)


def test_progress_is_reported_a_chunk_at_a_time(personas, workbook, monkeypatch):
    from edubureau.imports import reading

    monkeypatch.setattr(reading, "CHUNK_ROWS", 2)
    seen: list[tuple[int, int]] = []
    path = workbook(*[school_row(f"21330001{number:02d}", f"校{number}") for number in range(5)])

    run(path, personas["section_staff"], dry_run=True, progress=lambda *counts: seen.append(counts))
    # Once per chunk, with the rows the sheet says it holds (5 under the header).
    assert len(seen) == 3 and seen[-1] == (5, 0, 5)
    assert [read for read, _written, _expected in seen] == sorted(read for read, _written, _expected in seen)

    seen.clear()
    run(path, personas["section_staff"], progress=lambda *counts: seen.append(counts))
    assert [written for _read, written, _expected in seen] == [2, 4, 5]


def test_sensitive_columns_are_masked_without_the_permission(personas):
    import dataclasses

    from edubureau.imports.exporting import export_rows
    from edubureau.imports.spec import get_spec

    spec = get_spec("schools")
    columns = tuple(dataclasses.replace(c, is_sensitive=c.key == "code") for c in spec.columns)
    sensitive = dataclasses.replace(spec, columns=columns, sensitive_permission="registry.add_school")
    schools = School.objects.filter(pk=personas.county.school_a.pk)

    [masked] = export_rows(sensitive, schools, unmasked=False)
    [plain] = export_rows(sensitive, schools, unmasked=True)

    assert (masked[0], plain[0]) == ("21******01", "2133000001")
