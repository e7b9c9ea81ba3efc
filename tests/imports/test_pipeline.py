"""Reading and checking alongside the writes: a large file goes to a forked process, which never
touches the database, and whose failures reach the importing process as errors."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edubureau.imports import pipeline, reading, services
from edubureau.imports.engine import CheckedChunk
from edubureau.imports.rows import RowError
from edubureau.imports.spec import ImportContext, get_spec
from edubureau.registry.choices_people import StudentStatus
from edubureau.registry.models import School
from tests.imports.conftest import school_row

pytestmark = pytest.mark.django_db


def _import(path, user):  # type: ignore[no-untyped-def]
    return services.import_file(
        actor=user, spec_name="schools", source=path, file_name="x.xlsx", file_sha256="0"
    )


def test_a_large_file_is_read_and_checked_in_a_process(personas, workbook, settings, monkeypatch):
    settings.IMPORT_PROCESS_FROM_BYTES = 0
    used: list[str] = []
    real = pipeline.checked_in_process
    monkeypatch.setattr(pipeline, "checked_in_process", lambda *args: used.append("process") or real(*args))
    path = workbook(school_row("2133000101", "新建一小"), school_row("2133000102", "新建二小"))

    outcome = _import(path, personas["section_staff"])

    assert used == ["process"]
    assert outcome.validation.counts["new"] == 2 and outcome.is_committed
    assert School.objects.filter(code__in=["2133000101", "2133000102"]).count() == 2
    assert outcome.sheet.positions["code"] == 0


def test_a_small_file_is_checked_in_a_thread(personas, workbook, settings, monkeypatch):
    settings.IMPORT_PROCESS_FROM_BYTES = 10 << 20
    monkeypatch.setattr(pipeline, "checked_in_process", None)  # would fail if called

    outcome = _import(workbook(school_row("2133000101")), personas["section_staff"])

    assert outcome.is_committed


def _source(path, spec, read):  # type: ignore[no-untyped-def]
    return pipeline.checked_in_process(spec, ImportContext(user=None), read)


def test_the_reading_process_may_not_use_the_database(personas, workbook):
    spec = get_spec("schools")
    path = workbook(school_row("2133000101"))

    def read():  # type: ignore[no-untyped-def]
        School.objects.count()
        return reading.read_sheet(path, spec)

    with pytest.raises(RuntimeError, match="may not use the database"), _source(path, spec, read):
        pass
    # The importing process's own connection (and, in tests, its transaction) is untouched.
    assert School.objects.filter(pk=personas.county.school_a.pk).exists()


def test_a_read_error_in_the_process_is_raised_as_it_is(workbook):
    spec = get_spec("schools")
    path = workbook(["不是", "模板"], header=["甲", "乙"])

    with (
        pytest.raises(reading.ReadError, match="学校"),
        _source(path, spec, lambda: reading.read_sheet(path, spec)),
    ):
        pass


def test_a_reading_process_that_dies_is_reported(workbook):
    spec = get_spec("schools")

    def read():  # type: ignore[no-untyped-def]
        os._exit(3)

    with pytest.raises(pipeline.ReadingProcessError), _source(workbook(), spec, read):
        pass


def test_a_row_the_database_refuses_keeps_its_cells_as_typed_when_checked_in_a_process(
    personas, workbook, settings
):
    """The reading process sends clean rows without their cells; a row refused afterwards gets them
    back from the file, for the error workbook and for the value in its message."""
    settings.IMPORT_PROCESS_FROM_BYTES = 0
    school_a = personas.county.school_a
    typed = school_row(school_a.code, " 改名小学 ", 寄宿制学校="√")
    path = workbook(typed)

    outcome = _import(path, personas["school_a_clerk"])

    errors = outcome.validation.errors
    assert [(error.row_number, error.value) for error in errors] == [(2, " 改名小学 ")]
    assert outcome.validation.error_cells == {2: typed}


def test_a_reading_process_stopped_early_removes_its_parts(
    personas, workbook, settings, tmp_path, monkeypatch
):
    """The importing process stops a reader that is still at work (SIGTERM after STOP_SECONDS): the
    reader, held after its first chunk so that the parts surely still exist, removes them. No timed
    assertion: the reader notes it if it was never stopped."""
    from edubureau.lib import xlsx_parts

    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(xlsx_parts, "SPLIT_FROM_BYTES", 0)
    monkeypatch.setattr(xlsx_parts, "PART_BYTES", 300)
    monkeypatch.setattr(reading, "CHUNK_ROWS", 2)
    monkeypatch.setattr(pipeline, "STOP_SECONDS", 0.2)
    spec = get_spec("schools")
    path = workbook(*[school_row(f"21330001{number:02d}", f"校{number}") for number in range(60)])
    parts = lambda: list((tmp_path / "tmp").glob("edubureau-sheet-*"))  # noqa: E731

    not_stopped = tmp_path / "the reader was not stopped"

    class HeldAfterTheFirstChunk(pipeline.CellChecks):
        checked = 0

        def check(self, chunk):  # type: ignore[no-untyped-def]
            self.checked += 1
            deadline = time.monotonic() + 60  # a bound on the test, should the stop never come
            while self.checked > 1:  # until stopped
                if time.monotonic() > deadline:
                    not_stopped.touch()
                    break
                time.sleep(0.01)
            return super().check(chunk)

    monkeypatch.setattr(pipeline, "CellChecks", HeldAfterTheFirstChunk)
    read = lambda: reading.read_sheet(path, spec)  # noqa: E731

    context = ImportContext(user=personas["section_staff"])
    spec.prepare(context)
    with pipeline.checked_in_process(spec, context, read) as (_sheet, chunks, _cells_of):
        next(chunks)
        assert parts()  # the reader is held: its parts are still there

    assert not parts()
    assert not not_stopped.exists()  # stopped while held, not let go by the test's own bound


def test_an_upload_is_validated_and_committed_through_the_reading_process(
    personas, login, workbook, settings
):
    """The pages' path: the job's stored file, opened from storage, read by the forked process."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from edubureau.imports.models import ImportJob, ImportJobStatus

    settings.IMPORT_PROCESS_FROM_BYTES = 0
    client = login(personas["section_staff"])
    path = workbook(school_row("2133000101", "新建一小"), school_row("2133000102", "新建二小"))
    client.post(
        reverse("imports:upload", args=["schools"]),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.VALIDATED and job.counts["new"] == 2

    client.post(reverse("imports:job_commit", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportJobStatus.COMMITTED and job.rows_written == 2
    assert School.objects.filter(code__in=["2133000101", "2133000102"]).count() == 2


values = st.one_of(
    st.text(max_size=8),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
    st.decimals(allow_nan=False),
    st.sampled_from([StudentStatus.IN_SCHOOL, ("语文", "数学"), ["语文"]]),
)
rows = st.dictionaries(st.sampled_from(["a", "b", "c"]), values)


@given(clean=st.lists(rows, max_size=5), same_keys=st.booleans())
def test_a_chunk_arrives_as_it_was_checked(clean, same_keys):
    """Packed for the pipe when its rows allow it (same keys, values marshal takes, or dates), sent as
    it is otherwise: either way the importing process gets the same rows, of the same types."""
    if same_keys:
        clean = [{key: row.get(key) for key in ("a", "b")} for row in clean]
    error = RowError(3, 1, "学校标识码", "x", "不对")
    chunk = CheckedChunk(
        len(clean) + 1, [(2 + index, row, None) for index, row in enumerate(clean)], [error], {3: ["x"]}
    )

    sent = pipeline.packed(chunk)
    received = pipeline.unpacked(sent) if isinstance(sent, pipeline.Packed) else sent

    assert received == chunk
    types = [{key: type(value) for key, value in row.items()} for _number, row, _cells in received.clean]
    assert types == [{key: type(value) for key, value in row.items()} for row in clean]


def test_a_chunk_of_plain_values_and_dates_is_packed():
    row = {"name": "张三", "birth_date": dt.date(2015, 3, 1), "grade": 1, "is_boarder": False, "class": None}
    chunk = CheckedChunk(1, [(2, row, None)], [], {})

    assert isinstance(pipeline.packed(chunk), pipeline.Packed)
