"""Data scope as a person sees it: a school's clerk sees their school, a leader the whole county."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def school_names(page) -> list[str]:
    """The names in the school table: each row links to its school by name."""
    links = page.get_by_test_id("school-table").locator("tbody tr").get_by_role("link")
    return [name.strip() for name in links.all_inner_texts()]


def test_a_school_clerk_sees_only_their_school_and_gets_404_for_another(page, personas, log_in):
    county = personas.county
    log_in(personas["school_a_clerk"].username, PASSWORD)
    expect(page.get_by_test_id("current-user")).to_contain_text("school_a_clerk")
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    page.goto("/registry/schools/")
    assert school_names(page) == [county.school_a.name]

    response = page.goto(f"/registry/schools/{county.school_b.pk}/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("404")
    assert county.school_b.name not in page.content()


def test_the_bureau_leader_sees_every_school_of_the_county(page, personas, log_in):
    county = personas.county
    log_in(personas["leader"].username, PASSWORD)

    page.goto("/registry/schools/")
    expected = {county.school_a, county.site_a1, county.school_b, county.school_c}
    assert sorted(school_names(page)) == sorted(school.name for school in expected)
