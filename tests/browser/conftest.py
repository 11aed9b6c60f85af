"""Browser tests: Playwright for Python driving Debian's Chromium (``/usr/bin/chromium``, never
a downloaded browser) against Django's live server on the test database.

Playwright's sync API runs an event loop in the test thread; the test itself also reads and
writes through the ORM, which Django would otherwise refuse inside an event loop.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("HOMEWARD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTEFACTS = Path(os.environ.get("HOMEWARD_BROWSER_ARTEFACTS", "var/test-artefacts/browser"))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):  # type: ignore[no-untyped-def]
    """``new_page()`` opens a fresh browser context (its own cookies: one per person)."""
    contexts = []

    def make():  # type: ignore[no-untyped-def]
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(request):  # type: ignore[no-untyped-def]
    """Save a full-page screenshot as a test artefact: ``screenshot(page, "name")``."""
    folder = ARTEFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:  # type: ignore[no-untyped-def]
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return take


def sign_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    """Sign in through the real sign-in page (test users have the factories' password)."""
    from tests.factories import PASSWORD

    page.goto("/sign-in/")
    page.get_by_label("Email address or username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
