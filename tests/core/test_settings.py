"""Settings whose absence shows only under load."""

from __future__ import annotations

import os
import subprocess
import sys


def _sqlite_options(tmp_path, **env: str) -> str:  # type: ignore[no-untyped-def]
    code = "from edubureau import settings; print(settings.DATABASES['default']['OPTIONS']['timeout'])"
    environment = {**os.environ, "EDUBUREAU_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", **env}
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed code)
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_on_sqlite_other_writes_wait_for_an_import_s_commit(tmp_path):
    """An import holds SQLite's only write lock until it commits (tens of seconds for a county's
    roster): other writes wait for it, 60 s unless configured, rather than the driver's 5 s."""
    assert _sqlite_options(tmp_path) == "60"
    assert _sqlite_options(tmp_path, EDUBUREAU_SQLITE_BUSY_SECONDS="120") == "120"
