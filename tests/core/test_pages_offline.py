"""The platform runs on isolated intranets: no rendered page may reference another host."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import PERSONA_NAMES

OUTSIDE = re.compile(
    r"""(?:src|href|action)\s*=\s*["'](?:https?:)?//(?!127\.0\.0\.1|localhost|testserver)""", re.I
)
CSS_IMPORT = re.compile(r"""url\(\s*["']?(?:https?:)?//""", re.I)

PAGES = [
    "reports:home",
    "accounts:profile",
    "registry:school_list",
    "registry:area_list",
    "registry:school_create",
    "accounts:user_list",
    "accounts:orgunit_list",
    "accounts:zone_list",
    "accounts:lockout_list",
    "audit:changelog_list",
    "audit:login_list",
    "api-docs",
]


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_no_rendered_page_references_an_outside_host(personas, login, persona):
    client = login(personas[persona])
    urls = [reverse(name) for name in PAGES] + [
        reverse("registry:school_detail", args=[personas.county.school_a.pk])
    ]
    checked = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        page = response.content.decode()
        assert not OUTSIDE.search(page), f"{url} references an outside host: {OUTSIDE.search(page)}"
        assert not CSS_IMPORT.search(page), url
        checked += 1
    assert checked >= 3


def test_the_login_page_references_no_outside_host(db, client):
    assert not OUTSIDE.search(client.get(reverse("accounts:login")).content.decode())


def test_our_stylesheet_loads_no_outside_font_or_image():
    from django.contrib.staticfiles import finders

    for name in ("css/app.css", "js/home.js"):
        path = finders.find(name)
        assert path, name
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        assert not CSS_IMPORT.search(text) and "@import" not in text and "http" not in text
