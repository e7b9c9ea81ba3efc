"""`edubureau demo [--scale N] [--seed S] [--if-empty] [--no-rosters]`: load the fictional demo county."""

from __future__ import annotations

import argparse
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from edubureau.demo.builder import DEFAULT_SEED, MAX_SCALE, load_demo
from edubureau.demo.console import report
from edubureau.registry.models import Area


class Command(BaseCommand):
    help = (
        "Load the demo county (演示数据): ~15 townships, ~185 schools, org units, supervision zones, "
        "one user per role, and rosters: ~65,000 pupils in their classes and ~4,500 teachers with "
        "three school years of history. --scale N makes N counties (for benchmarks). Prints the logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=1, help=f"number of counties (1–{MAX_SCALE})")
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="random seed (same seed, same data)"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="load only when the database has no areas; otherwise just print the logins",
        )
        parser.add_argument(
            "--rosters",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="load classes, pupils and teachers (default); --no-rosters loads only schools and users",
        )
        parser.add_argument(
            "--roster-fraction",
            type=float,
            default=1.0,
            help="make every class this fraction of its size (0–1, for quick tries; default 1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale: int = options["scale"]
        if not 1 <= scale <= MAX_SCALE:
            raise CommandError(f"--scale 必须在 1 到 {MAX_SCALE} 之间，收到 {scale}。")
        fraction: float = options["roster_fraction"] if options["rosters"] else 0.0
        if not 0 <= fraction <= 1:
            raise CommandError(f"--roster-fraction 必须在 0 到 1 之间，收到 {fraction}。")
        if Area.objects.exists():
            if not options["if_empty"]:
                raise CommandError(
                    "数据库中已有行政区划数据，演示数据只能加载到空数据库（可加 --if-empty 跳过加载）。"
                )
            self.stdout.write("数据库中已有数据，未加载演示数据。")
        else:
            started = time.monotonic()
            load_demo(scale=scale, seed=options["seed"], roster_fraction=fraction)
            elapsed = time.monotonic() - started
            self.stdout.write(
                f"已加载演示数据（{scale} 个县，种子 {options['seed']}），用时 {elapsed:.1f} 秒。"
            )
        self.stdout.write("")
        self.stdout.write(report())
