"""Five wrong passwords lock an account; the login form says so in Chinese."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_wrong_passwords_lock_the_account_even_for_the_right_password(page, personas, log_in):
    username = personas["school_b_clerk"].username
    messages = []
    for attempt in range(1, 7):
        log_in(username, f"wrong-password-{attempt}")
        expect(page).to_have_url(re.compile(r"/accounts/login/$"))
        messages.append(page.get_by_test_id("login-error").inner_text())
    assert "锁定" in messages[-1], messages

    log_in(username, PASSWORD)
    expect(page.get_by_test_id("login-error")).to_contain_text("锁定")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_test_id("current-user")).to_have_count(0)
