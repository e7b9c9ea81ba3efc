"""`edubureau export ENTITY FILE --user NAME [--filter field=value …]`: the user's rows of one entity
to .xlsx, in the entity's template columns (so the file re-imports), masked and audited as on the page.

Filters are the list page's query parameters (`--filter township=12 --filter q=中心`).
Exit status: 0 written, 2 bad usage.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from edubureau.imports.exporting import export_to_file
from edubureau.imports.spec import all_specs, get_spec


class Command(BaseCommand):
    help = "Export one entity's rows (as a user, in their scope) to an .xlsx file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entity", help="one of: " + ", ".join(spec.name for spec in all_specs()))
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="the user the export runs as (permissions, scope)")
        parser.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = get_user_model()._default_manager.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"没有名为 {options['user']} 的有效用户。", returncode=2)
        try:
            spec = get_spec(options["entity"])
        except LookupError as exc:
            raise CommandError(f"未知的导出对象 {options['entity']}。", returncode=2) from exc
        if not actor.has_perm(spec.export_permission):
            raise CommandError(f"用户 {actor} 无权导出 {options['entity']}。", returncode=2)
        params: dict[str, str] = {}
        for item in options["filter"]:
            name, separator, value = item.partition("=")
            if not separator:
                raise CommandError(f"筛选条件应写作 字段=值：{item}", returncode=2)
            params[name] = value
        target: Path = options["file"]
        handle = export_to_file(spec, actor=actor, params=params, description=target.name)
        with handle, target.open("wb") as output:
            shutil.copyfileobj(handle, output)
        self.stdout.write(f"已导出到 {target}")
