"""`edubureau bench import [--rows N]`: how fast a students roster imports, against its parse floor
and against django-import-export's default path. Speed targets are met here, never in tests.

Prints rows/s for reading only (python-calamine through our reader), for the full import (read,
validate, write, on the current database) and for django-import-export on a 20,000-row slice, with
the ratios the targets are stated in, and the peak memory. The rows it imports are removed again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from edubureau.benchmarks.workbooks import UNIQUE_ROWS, student_values, write_students_workbook
from edubureau.core.roles import Role
from edubureau.imports import services
from edubureau.imports.reading import read_sheet
from edubureau.imports.spec import get_spec
from edubureau.lib.collector import fewer_collections
from edubureau.registry.choices import PRIMARY_TYPES
from edubureau.registry.models import School, SchoolClass, Student, StudentEvent

COMPARISON_ROWS = 20_000


class Command(BaseCommand):
    help = (
        "Benchmarks. `bench import [--rows N]`: the students import, its parse floor, django-import-export."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["import"])
        parser.add_argument("--rows", type=int, default=200_000)
        parser.add_argument("--keep-file", action="store_true", help="keep the generated workbook")
        parser.add_argument("--skip-comparison", action="store_true", help="skip django-import-export")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = get_user_model()._default_manager.filter(role=Role.SECTION_STAFF, is_active=True).first()
        schools = list(
            School.objects.filter(school_type__in=PRIMARY_TYPES).values_list("code", "county__code")[:400]
        )
        if actor is None or not schools:
            raise CommandError(
                "需要先加载演示县（edubureau demo --no-rosters）：基准需要股室人员账号和小学。"
            )
        if not 0 < options["rows"] <= UNIQUE_ROWS:
            raise CommandError(f"--rows 应在 1 到 {UNIQUE_ROWS:,} 之间（合成学籍号不重复的范围）。")
        spec = get_spec("students")
        folder = Path(tempfile.mkdtemp(prefix="edubureau-bench-"))
        path = folder / f"students-{options['rows']}.xlsx"
        started = time.perf_counter()
        written = write_students_workbook(path, spec, _rows(options["rows"], schools))
        size, seconds = path.stat().st_size / 1e6, time.perf_counter() - started
        self.stdout.write(f"工作簿：{written} 行，{size:.1f} MB，生成用时 {seconds:.1f} s")
        self.stdout.write(f"本机速度参考：纯 Python 循环 1000 万次 {_reference_seconds():.2f} s（越小越快）")
        self._run(spec, path, written, actor, skip_comparison=options["skip_comparison"])
        if not options["keep_file"]:
            path.unlink()
            folder.rmdir()

    def _run(self, spec: Any, path: Path, rows: int, actor: Any, *, skip_comparison: bool) -> None:
        # The floor gets the import's treatment of the garbage collector (lib.collector), so that the
        # ratio compares like with like.
        with fewer_collections():
            read_seconds = _timed(lambda: sum(1 for _row in read_sheet(path, spec).rows))
        import_seconds = self._timed_import(spec, path, actor)
        self._line("只读（解析下限）", rows, read_seconds)
        self._line(f"完整导入（读取+校验+写入，{connection.vendor}）", rows, import_seconds)
        self.stdout.write(f"完整导入 / 只读 = {import_seconds / read_seconds:.2f}×（目标 ≤ 2.5×）")
        # Before the comparison, which loads its slice whole. The reading process is a child.
        reader = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        self.stdout.write(f"峰值内存：导入进程 {self.import_peak:.0f} MB，读取进程 {reader:.0f} MB")
        if not skip_comparison:
            # django-import-export is a development dependency: imported only when compared against.
            from edubureau.benchmarks.comparison import import_export_rows_per_second

            header_of = {column.key: str(column.header) for column in spec.columns}
            compared = min(rows, COMPARISON_ROWS)
            comparison = import_export_rows_per_second(path, compared, header_of)
            self.stdout.write(f"django-import-export 默认路径（{compared} 行切片）：{comparison:,.0f} 行/秒")
            self.stdout.write(
                f"本平台 / django-import-export = {rows / import_seconds / comparison:.1f}×（目标 ≥ 20×）"
            )

    def _timed_import(self, spec: Any, path: Path, actor: Any) -> float:
        students_before, classes_before = _max_pk(Student), _max_pk(SchoolClass)
        _reset_peak_memory()  # the workbook's generation and the read-only pass are not the import's
        started = time.perf_counter()
        outcome = services.import_file(
            actor=actor,
            spec_name=spec.name,
            source=path,
            file_name=path.name,
            file_sha256="bench",
            sheet=None,
            dry_run=False,
            valid_only=False,
        )
        seconds = time.perf_counter() - started
        self.import_peak = _peak_memory()
        counts = outcome.validation.counts
        self.stdout.write(
            f"导入结果：新增 {counts['new']}，修改 {counts['changed']}，错误 {counts['errors']}"
        )
        if counts["errors"]:
            first = outcome.validation.errors[0]
            raise CommandError(f"基准数据有错误（{counts['errors']} 行），第一条：{first.describe()}")
        _remove_benchmark_rows(students_after=students_before, classes_after=classes_before)
        _vacuum(Student, StudentEvent, SchoolClass)
        return seconds

    def _line(self, label: str, rows: int, seconds: float) -> None:
        self.stdout.write(f"{label}：{rows:,} 行 {seconds:.2f} s = {rows / seconds:,.0f} 行/秒")


def _rows(count: int, schools: list[tuple[str, str]]) -> Iterator[dict[str, Any]]:
    rng = random.Random(2026)  # noqa: S311 (synthetic data, not security)
    today = dt.date.today()  # noqa: DTZ011 (a date for synthetic birthdays)
    for number in range(count):
        code, county = schools[number % len(schools)]
        yield student_values(number, code, county, today, rng)


def _reference_seconds() -> float:
    """A plain Python loop of ten million additions, timed: how fast this machine runs Python now, so
    that rows/s measured on different (or busy) machines can be compared."""
    total = 0
    started = time.perf_counter()
    for number in range(10_000_000):
        total += number
    return time.perf_counter() - started


def _timed(action: Any) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


@transaction.atomic
def _remove_benchmark_rows(*, students_after: int, classes_after: int) -> None:
    """Remove what the benchmark imported: the pupils with their events, and the classes it created.
    By SQL: Django's delete would load a million pupils to cascade. Only the benchmark's own rows
    (pks above those that existed before it) go; the audit log keeps its record of the import."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, column, after in (
            (StudentEvent, "student_id", students_after),
            (Student, "id", students_after),
            (SchoolClass, "id", classes_after),
        ):
            table = quote(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE {quote(column)} > %s", [after])  # noqa: S608


def _max_pk(model: Any) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _reset_peak_memory() -> None:
    """Start this process's peak RSS afresh (Linux: 5 > /proc/self/clear_refs)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_memory() -> float:
    """This process's peak RSS in MB since the last reset (VmHWM), or since it started."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _vacuum(*models: Any) -> None:
    """On PostgreSQL, clear the removed rows out of the tables and their indexes: the next run
    imports the same numbers, and would otherwise probe a dead entry for each of them."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM ANALYZE {quote(model._meta.db_table)}")
