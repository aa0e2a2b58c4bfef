"""Browser journeys: the app served on a real port, driven by Playwright in Debian's chromium.

One chromium for the whole run (`chromium`); each test gets fresh contexts from it (a module must not start
Playwright again: a second sync_playwright in the same run fails while the first is open). Every page of every context
the tests open is watched (`watch_context`): a console error, an uncaught script error or a Content Security
Policy violation (the `securitypolicyviolation` event, reported by an init script) on any page visited fails the
test at its teardown (`page_problems`). A test that provokes one on purpose says so with `page_problems.allow`.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

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
CONTEXT_OPTIONS: dict[str, Any] = {"locale": "vi-VN", "viewport": {"width": 1280, "height": 800}}

# Runs in every page before its own scripts (Playwright's init scripts are not subject to the page's CSP).
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.__pageProblem(`CSP ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""
FAILED_LOAD = re.compile(r"^Failed to load resource: the server responded with a status of (\d+)")


class PageProblems:
    """What the watched pages reported: console errors, uncaught errors, CSP violations."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.allowed: list[re.Pattern[str]] = []
        self.failed_documents: set[str] = set()

    def allow(self, pattern: str) -> None:
        """A problem the test provokes on purpose (matched with re.search), e.g. a request refused after the
        session was ended."""
        self.allowed.append(re.compile(pattern))

    def add(self, text: str) -> None:
        if not any(pattern.search(text) for pattern in self.allowed):
            self.found.append(text)

    def console(self, page: Any, message: Any) -> None:
        if message.type != "error":
            return
        source = (message.location or {}).get("url", "")
        # A page the test opened that answers 403 or 404 is asserted by the test itself; chromium also logs it.
        if FAILED_LOAD.match(message.text) and source in self.failed_documents:
            return
        self.add(f"console error on {page.url}: {message.text} ({source})")

    def response(self, response: Any) -> None:
        if response.status >= 400 and response.request.is_navigation_request():
            self.failed_documents.add(response.url)

    def watch(self, page: Any) -> None:
        page.on("console", lambda message: self.console(page, message))
        page.on("pageerror", lambda error: self.add(f"script error on {page.url}: {error}"))
        page.on("response", self.response)


_problems: PageProblems | None = None  # the running test's (set by page_problems)


def watch_context(context: Any) -> Any:
    """Report the context's pages' problems to the running test (every context a journey opens)."""
    context.expose_binding("__pageProblem", lambda source, text: _problems.add(text) if _problems else None)
    context.add_init_script(REPORT_VIOLATIONS)
    context.on("page", lambda page: _problems.watch(page) if _problems else None)
    return context


@pytest.fixture(autouse=True)
def page_problems() -> Iterator[PageProblems]:
    """No console error, script error or CSP violation on any page the test visited (checked at teardown)."""
    global _problems
    _problems = PageProblems()
    problems = _problems
    try:
        yield problems
    finally:
        _problems = None
    assert problems.found == [], "problems reported by the pages:\n" + "\n".join(problems.found)


class WatchedBrowser:
    """The run's chromium, handing out watched contexts; `new_context` takes Playwright's options."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser

    def new_context(self, **options: Any) -> Any:
        return watch_context(self.browser.new_context(**{**CONTEXT_OPTIONS, **options}))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.browser, name)


@pytest.fixture(scope="session")
def chromium() -> Iterator[WatchedBrowser]:
    require_tool(str(CHROMIUM), "Debian package chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield WatchedBrowser(browser)
        finally:
            browser.close()


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """The app on a free port of 127.0.0.1 (a thread per request) while the block runs; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def live_server(committed_app: Flask) -> Iterator[str]:
    with serving(committed_app) as base:
        yield base


@pytest.fixture
def browser_page(chromium: WatchedBrowser) -> Iterator[Any]:
    """A page in a fresh context; `page.context.browser` is not watched: open more contexts with `chromium`."""
    context = chromium.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def screenshot_folder(tmp_path: Path) -> Path:
    """SCREENSHOT_DIR if set (docs/screenshots/take.sh keeps some for the docs), else the test's own folder."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def screenshot(tmp_path: Path) -> Callable[[Any, str], Path]:
    """Save a full-page screenshot under `name`.png in screenshot_folder."""
    folder = screenshot_folder(tmp_path)

    def take(page: Any, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def pdf_to_png(data: bytes, folder: Path, name: str) -> Path:
    """Page 1 of a PDF as PNG (pdftoppm, 80 dpi), next to the screenshots."""
    tool = require_tool("pdftoppm", "poppler-utils")
    pdf = folder / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run([tool, "-png", "-r", "80", "-singlefile", str(pdf), str(folder / name)], check=True)
    pdf.unlink()
    return folder / f"{name}.png"


def sign_in(page, base: str, username: str, password: str = DEFAULT_PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Sign in from the login page and wait for the page it leads to (the journeys' one way in)."""
    page.goto(f"{base}/auth/login")
    page.fill("#username", username)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def open_menu(page, group: str | None, item: str) -> None:  # type: ignore[no-untyped-def]
    """Follow the navigation bar's `item` (opening its drop-down `group` first) and wait for the page."""
    nav = page.locator("#main-nav")
    if group is not None:
        nav.get_by_role("button", name=group, exact=True).click()
    with page.expect_navigation():
        nav.get_by_role("link", name=item, exact=True).click()


def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    """Sign out from the user menu."""
    page.click("#user-menu")
    with page.expect_navigation():
        page.click("text=Đăng xuất")


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


# The keyboard, as the reception officers work: Tab to a field, type, arrows in a list, Ctrl+S to save.


def tab_to(page, selector: str, limit: int = 80) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the element matching `selector` has the focus (keyboard navigation only)."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def key_fill(page, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Tab to the field and type."""
    tab_to(page, selector)
    page.keyboard.type(text)


def key_choose(page, selector: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Tab to a select and pick an option with the arrow keys."""
    tab_to(page, selector)
    page.keyboard.press("Home")
    for _ in range(40):
        if page.eval_on_selector(selector, "el => el.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{selector} has no option {value}")


def key_save(page) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+S on the intake screen, once the last lookup has settled; waits for the next page."""
    page.wait_for_timeout(300)
    with page.expect_navigation():
        page.keyboard.press("Control+s")
