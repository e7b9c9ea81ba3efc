"""On an isolated intranet every request a page makes must go to the platform itself."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
NON_NETWORK_SCHEMES = {"data", "blob", "about"}


def test_pages_request_nothing_from_another_host(page, personas, live_server, log_in):
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    server = urlsplit(live_server.url)

    log_in(personas["leader"].username, PASSWORD)
    page.goto("/", wait_until="networkidle")
    expect(page.get_by_test_id("school-total")).to_have_text("4")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home-leader.png"))

    page.goto("/registry/schools/", wait_until="networkidle")
    page.goto(f"/registry/schools/{personas.county.school_a.pk}/", wait_until="networkidle")
    page.goto("/api/v1/docs/", wait_until="networkidle")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("edubureau API")

    outside = [
        url
        for url in requested
        if urlsplit(url).scheme not in NON_NETWORK_SCHEMES
        and (urlsplit(url).hostname not in LOCAL_HOSTS or urlsplit(url).port != server.port)
    ]
    assert len(requested) > 10
    assert outside == []
    assert errors == []
