"""A section's staff corrects a school through the edit form; the history shows the change."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from edubureau.registry.models import School
from tests.browser.conftest import ARTIFACTS, zh, zh_label
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_section_staff_edit_a_principal_and_the_history_records_it(page, personas, log_in):
    school = personas.county.school_a
    log_in(personas["section_staff"].username, PASSWORD)

    page.goto(f"/registry/schools/{school.pk}/")
    expect(page.get_by_test_id("school-name")).to_have_text(school.name)
    page.get_by_role("link", name=zh("Edit"), exact=True).click()
    expect(page).to_have_url(re.compile(rf"/registry/schools/{school.pk}/edit/$"))
    page.get_by_label(zh_label(School, "principal"), exact=True).fill("王建国")
    page.screenshot(path=str(ARTIFACTS / "school-edit-form.png"), full_page=True)
    page.get_by_role("button", name=zh("Save"), exact=True).click()

    expect(page).to_have_url(re.compile(rf"/registry/schools/{school.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text(zh("Saved; fields changed: %(count)d.", count=1))
    facts = page.locator("dl.facts")
    expect(
        facts.locator("dt", has_text=zh("Principal")).locator("xpath=following-sibling::dd[1]")
    ).to_have_text("王建国")
    history = page.get_by_test_id("school-history")
    expect(history.locator("tbody tr").first).to_contain_text("王建国")
    expect(history.locator("tbody tr").first).to_contain_text(personas["section_staff"].username)
