"""Accessibility: axe-core (vendored, served from /static in the test configuration only, so the CSP lets the page
load it) finds no serious or critical violation on the officers' main screens — the login, the reception intake, a
letter, a case, the lists, the reports (the index and a form) and the leaders' dashboard — on one demo data set, in
one browser. The dashboard's charts draw with no CSP violation or console error, and its screenshot is kept
(SCREENSHOT_DIR=docs/screenshots)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import flask_migrate
import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from petitions.cases.models import CaseFile
from petitions.cli import DEMO_GENERATORS, seed_reference_data
from petitions.clock import local_today
from petitions.directory.models import Agency
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters.models import Letter
from petitions.report_periods import default_period
from tests.browser.conftest import CHROMIUM, WatchedBrowser, sign_in
from tests.conftest import make_test_app, provision_database
from tests.factories import make_user
from tests.tools import require_tool

pytestmark = pytest.mark.browser

AXE = "vendor/axe-core-4.14.1/axe.min.js"
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One demo data set and the app on a real port for the whole module: the root agency's leader and a reception
    officer, a letter and a case to open."""
    require_tool(str(CHROMIUM), "Debian package chromium")
    from petitions.demo import run_demo

    with provision_database(tmp_path_factory.mktemp("a11y")) as database:
        app = make_test_app(database)
        with app.app_context():
            flask_migrate.upgrade()
            with immediate_transactions():
                seed_reference_data()
                db.session.commit()
                run_demo(DEMO_GENERATORS, letters=120, batch_size=120, years=1, commit=db.session.commit)
            root = db.session.scalar(sa.select(Agency).where(Agency.parent_id.is_(None)).order_by(Agency.id))
            assert root is not None
            make_user(role=Role.LEADER, agency=root, username="a11y.leader")
            make_user(role=Role.RECEPTION_OFFICER, agency=root, username="a11y.reception")
            db.session.commit()
            letter_id = db.session.scalar(sa.select(sa.func.max(Letter.id)))
            case_id = db.session.scalar(sa.select(sa.func.max(CaseFile.id)))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield {"base": f"http://127.0.0.1:{server.server_port}", "letter": letter_id, "case": case_id, "app": app}
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
            with app.app_context():
                db.engine.dispose()


@pytest.fixture(scope="module")
def browser(site: dict[str, Any], chromium: WatchedBrowser) -> WatchedBrowser:
    """The run's chromium (its pages watched for console errors and CSP violations, tests/browser/conftest.py)."""
    return chromium


@pytest.fixture(scope="module")
def pages(browser: Any, site: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A page per reader: nobody signed in, the leader, the reception officer (each its own browser context)."""
    opened: dict[str, Any] = {}
    contexts = []
    for who, username in (("anonymous", None), ("leader", "a11y.leader"), ("reception", "a11y.reception")):
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        if username:
            sign_in(page, site["base"], username)
        opened[who] = page
    try:
        yield opened
    finally:
        for context in contexts:
            context.close()


def axe_violations(page: Any, base: str) -> list[dict[str, Any]]:
    """axe-core's violations on the page as loaded: rule, impact, help and the first nodes' selectors."""
    page.add_script_tag(url=f"{base}/static/{AXE}")
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.length, targets: v.nodes.map(n => n.target.join(" ") + (n.any[0] && n.any[0].data && n.any[0].data.fgColor ? ` ${n.any[0].data.fgColor}/${n.any[0].data.bgColor} ${n.any[0].data.contrastRatio}` : "")),
        }))"""
    )


def _period() -> str:
    return default_period(local_today()).code


PAGES: list[tuple[str, str, str]] = [
    ("login", "anonymous", "/auth/login"),
    ("intake", "reception", "/reception/visits/new"),
    ("letter", "leader", "/letters/{letter}"),
    ("case", "leader", "/cases/{case}"),
    ("letters", "leader", "/letters/"),
    ("cases", "leader", "/cases/"),
    ("visits", "reception", "/reception/"),
    ("citizens", "reception", "/reception/citizens"),
    ("documents", "leader", "/documents/"),
    ("reports", "leader", "/reports/"),
    ("report-form", "leader", "/reports/01-tcd?period={period}"),
    ("dashboard", "leader", "/reports/dashboard?period={period}"),
]


@pytest.mark.parametrize(("name", "who", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_no_serious_or_critical_violation(pages, site, name, who, path) -> None:
    page = pages[who]
    url = site["base"] + path.format(letter=site["letter"], case=site["case"], period=_period())
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    found = axe_violations(page, site["base"])
    for violation in found:
        print(name, violation)
    blocking = [v for v in found if v["impact"] in BLOCKING]
    assert blocking == [], f"{name}: {blocking}"


def test_the_refused_intake_names_its_errors_with_no_serious_violation(pages, site) -> None:
    """The intake sent empty comes back with its errors, each field marked invalid and naming them (axe checks that
    every aria-describedby names an element of the page)."""
    page = pages["reception"]
    page.goto(f"{site['base']}/reception/visits/new")
    page.evaluate("() => document.querySelectorAll('form [required]').forEach(e => e.removeAttribute('required'))")
    with page.expect_navigation():
        page.click("#intake-save")
    invalid = page.eval_on_selector_all(
        ".is-invalid", "fs => fs.map(f => [f.getAttribute('aria-invalid'), f.getAttribute('aria-describedby')])"
    )
    assert invalid and all(state == "true" and named for state, named in invalid)
    found = axe_violations(page, site["base"])
    assert [v for v in found if v["impact"] in BLOCKING] == []


def test_axe_is_served_in_the_test_configuration_only(site) -> None:
    app = site["app"]
    client = app.test_client()
    try:
        app.config["TESTING"] = False
        with client.get(f"/static/{AXE}") as refused, client.get("/static/vendor/chartjs-4.6.2/chart.umd.min.js") as chart:
            assert (refused.status_code, chart.status_code) == (404, 200)
    finally:
        app.config["TESTING"] = True
    with client.get(f"/static/{AXE}") as served:
        assert served.status_code == 200


def test_the_dashboard_draws_its_charts_and_a_figure_opens_its_records(pages, site, screenshot) -> None:
    page = pages["leader"]
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error('CSP ' + e.violatedDirective))"
    )
    page.goto(f"{site['base']}/reports/dashboard?period={_period()}")
    drawn = page.eval_on_selector_all("canvas[data-drawn]", "cs => cs.map(c => [c.id, c.width > 0 && c.height > 0])")
    assert {name for name, ok in drawn if ok} >= {"chart-reception", "chart-by-type", "chart-by-outcome", "chart-trend"}
    screenshot(page, "dashboard")
    visits = page.locator("#headline a[data-key=visits]")
    figure = int(visits.inner_text().replace(".", ""))
    assert figure > 0, "the demo's current period has visits"
    with page.expect_navigation():
        visits.click()
    assert page.locator("#records-figure").get_attribute("data-figure") == str(figure)
    with page.expect_navigation():
        page.locator("#records tbody a").first.click()
    assert "/reception/visits/" in page.url
    assert problems == []
