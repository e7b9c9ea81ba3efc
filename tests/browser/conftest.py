"""Browser tests: Playwright's sync API drives Debian's chromium against pytest-django's live server.

Never `playwright install`: the browser is /usr/bin/chromium (apt-get install chromium fonts-noto-cjk).
Without it the tests are skipped with a visible reason, unless EDUBUREAU_REQUIRE_BROWSER=1 (as in
.ci/run), where they fail. Each test leaves a screenshot of its final page in test-artifacts/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Model
from django.utils import translation
from django.utils.text import capfirst

# Playwright's sync API keeps an event loop in the test thread; Django would refuse ORM calls there.
# (Set at import, so for the whole pytest process: the project has no async code for it to hide.)
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
SKIP_REASON = "浏览器测试已跳过：未找到 /usr/bin/chromium（apt-get install chromium）"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORT = {"width": 1366, "height": 768}
BROWSER_DIR = Path(__file__).resolve().parent


def browser_required() -> bool:
    return os.environ.get("EDUBUREAU_REQUIRE_BROWSER", "") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_DIR not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if not CHROMIUM.exists() and not browser_required():
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


def zh(message: str, **params: Any) -> str:
    """`message` as the Chinese interface shows it (from the project's own catalogue)."""
    with translation.override("zh-hans"):
        text = translation.gettext(message)
    return text % params if params else text


def zh_label(model: type[Model], field_name: str) -> str:
    """The Chinese label a model form gives `field_name` (its verbose name, first letter capitalised)."""
    with translation.override("zh-hans"):
        return capfirst(str(model._meta.get_field(field_name).verbose_name))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"EDUBUREAU_REQUIRE_BROWSER=1，但未找到 {CHROMIUM}（apt-get install chromium）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(
    browser: Any, transactional_db: None, live_server: Any, request: pytest.FixtureRequest
) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture
def log_in(page: Any) -> Callable[[str, str], Any]:
    """Log in through the login form, as a person would; returns the page."""

    def _log_in(username: str, password: str) -> Any:
        page.goto("/accounts/login/")
        page.get_by_label("用户名", exact=True).fill(username)
        page.get_by_label("密码", exact=True).fill(password)
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_load_state()
        return page

    return _log_in
