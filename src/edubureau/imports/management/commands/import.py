# ruff: noqa: N999 (the command is named `import`, as the issue asks)
"""`edubureau import ENTITY FILE --user NAME [--sheet NAME] [--dry-run] [--valid-only]`.

The import runs as the named user, so that the audit log has an actor and the user's permissions and
data scope apply exactly as on the upload page. It prints the counts; with errors it writes the error
workbook next to the file as `<name>.错误.xlsx`.

Exit status: 0 committed (or a clean dry run), 1 errors and nothing committed, 2 bad usage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from edubureau.imports import services
from edubureau.imports.errors import ERROR_WORKBOOK_SUFFIX
from edubureau.imports.reading import ReadError
from edubureau.imports.spec import all_specs


def error_workbook_path(path: Path) -> Path:
    return path.with_name(path.stem + ERROR_WORKBOOK_SUFFIX)


class Command(BaseCommand):
    help = "Import an Excel file of one entity (schools, …) as a user; prints the counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entity", help="one of: " + ", ".join(spec.name for spec in all_specs()))
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="the user the import runs as (permissions, scope)")
        parser.add_argument("--sheet", default=None, help="the sheet to read (default: the first)")
        parser.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
        parser.add_argument(
            "--valid-only", action="store_true", help="write the valid rows even if some fail"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        actor = get_user_model()._default_manager.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"没有名为 {options['user']} 的有效用户。", returncode=2)
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}。", returncode=2)
        with path.open("rb") as handle:
            digest = services.sha256_of(handle)
        try:
            outcome = services.import_file(
                actor=actor,
                spec_name=options["entity"],
                source=path,
                file_name=path.name,
                file_sha256=digest,
                sheet=options["sheet"],
                dry_run=options["dry_run"],
                valid_only=options["valid_only"],
            )
        except LookupError as exc:
            names = ", ".join(spec.name for spec in all_specs())
            raise CommandError(
                f"未知的导入对象 {options['entity']}（可用：{names}）。", returncode=2
            ) from exc
        except PermissionDenied as exc:
            raise CommandError(f"用户 {actor} 无权导入 {options['entity']}。", returncode=2) from exc
        except ReadError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        self._report(outcome, path, dry_run=options["dry_run"])

    def _report(self, outcome: services.ImportOutcome, path: Path, *, dry_run: bool) -> None:
        counts = outcome.validation.counts
        self.stdout.write(
            f"读取 {counts['read']} 行：新增 {counts['new']}，修改 {counts['changed']}，"
            f"未变 {counts['unchanged']}，错误 {counts['errors']}"
        )
        if outcome.validation.errors:
            target = error_workbook_path(path)
            services.write_errors_of(outcome, target)
            for error in outcome.validation.errors[:10]:
                self.stdout.write(f"  第{error.row_number}行 {error.describe()}")
            self.stdout.write(f"错误工作簿：{target}")
        if outcome.is_committed:
            self.stdout.write("已导入。")
            return
        if dry_run and not outcome.validation.errors:
            self.stdout.write("试运行：校验通过，未写入。")
            return
        raise CommandError("有错误，未导入任何数据。", returncode=1)
