"""`edubureau purge_imports [--days N]`: delete the uploaded files and error workbooks of finished
import jobs last changed more than N days ago (default: the IMPORT_FILE_RETENTION_DAYS setting).
The job rows stay. Run it daily (docs/deploy.md). Exit status: 0 done, 2 bad usage.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from edubureau.imports.housekeeping import purge_import_files


def size_in_words(size: int) -> str:
    """A byte count as a person reads it: 812 字节, 3.4 KB, 12.0 MB."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class Command(BaseCommand):
    help = "Delete the files of finished import jobs older than the retention period; the jobs stay."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="keep the files of jobs changed within this many days (default: IMPORT_FILE_RETENTION_DAYS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = settings.IMPORT_FILE_RETENTION_DAYS if options["days"] is None else options["days"]
        if days < 0:
            raise CommandError(f"保留天数不能为负数：{days}", returncode=2)
        result = purge_import_files(older_than=datetime.timedelta(days=days))
        if not result.jobs:
            self.stdout.write(f"没有超过保留期限（{days} 天）的导入文件。")
            return
        self.stdout.write(
            f"已删除 {result.jobs} 个导入任务的 {result.files} 个文件，共 {size_in_words(result.bytes)}"
            f"（保留期限 {days} 天；任务记录保留）。"
        )
