"""`edubureau serve`: the production server (gunicorn; static files by whitenoise; DEBUG off)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve edubureau with gunicorn (production). Put nginx in front for TLS."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("EDUBUREAU_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("EDUBUREAU_WORKERS", "3")))

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DEBUG:
            raise CommandError("EDUBUREAU_DEBUG is on: the production server refuses to run in debug mode.")
        from gunicorn.app.wsgiapp import run

        argv = [
            "gunicorn",
            "edubureau.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            "--timeout",
            "120",
        ]
        import sys

        sys.argv = argv
        run()
