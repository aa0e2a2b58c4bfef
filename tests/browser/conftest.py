"""Browser journeys: the app served on a real port, driven by Playwright in Debian's chromium."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.factories import DEFAULT_PASSWORD
from tests.tools import require_tool

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def live_server(committed_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, committed_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def browser_page() -> Iterator[object]:
    require_tool(str(CHROMIUM), "Debian package chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()


@pytest.fixture
def screenshot(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Save a screenshot; SCREENSHOT_DIR=docs/screenshots keeps them for the docs."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:  # type: ignore[no-untyped-def]
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, base: str, username: str, password: str = DEFAULT_PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Sign in from the login page and wait for the page it leads to (the journeys' one way in)."""
    page.goto(f"{base}/auth/login")
    page.fill("#username", username)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def fill_date(page, selector: str, day: date | str) -> None:  # type: ignore[no-untyped-def]
    """Enter a date as an officer does: click the field, clear it and type dd/mm/yyyy on the keyboard.

    `day` is a date or text already written dd/mm/yyyy. The journeys' one way to fill a date field: every date
    field is a dd/mm/yyyy text box (petitions.dates.DayField, static/js/dates.js masks what is typed)."""
    written = day.strftime("%d/%m/%Y") if isinstance(day, date) else day
    field = page.locator(selector)
    field.click()
    field.press("Control+A")
    field.press("Delete")
    field.press_sequentially(written)
