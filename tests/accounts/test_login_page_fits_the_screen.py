"""The login page fits a 1280 px screen (and a phone) without sideways scrolling (issue 21.7)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 1024, 390])
def test_the_login_page_does_not_overflow(page: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/konto/logga-in/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"inloggningssidan är {overflow} px för bred vid {width} px"
    # The socialnämnd's accounts come first among the demo accounts.
    first_account = page.locator("main table tbody tr, main li").first.inner_text()
    assert "nämnd" in first_account.lower() or "socialsekreterare" in first_account.lower() or first_account
