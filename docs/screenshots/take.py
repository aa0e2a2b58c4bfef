"""Take the README's screenshots again: the intake screen, a case page, the dashboard and a printed report.

    .venv/bin/python docs/screenshots/take.py [--letters 600]

Builds a throw-away SQLite database in a temporary folder from the migrations, fills it with the demo data
(`petitions demo`, the same generator, seed 2026, dated up to today), adds a leader and a reception officer of the
provincial Ban, serves the app on a free local port and drives Debian's chromium (/usr/bin/chromium) with
Playwright, at 1280 px wide in Vietnamese: the officer types a visit on the intake screen; the leader opens the
dashboard and the case of the Ban with the longest timeline; the leader's Biểu số 01/TCD of the current quarter is
downloaded as PDF and its first page turned into a picture by pdftoppm (poppler-utils). Writes readme-intake.png,
readme-case.png, readme-dashboard.png and readme-report-01-tcd.png next to this file (the journeys' own screenshots,
SCREENSHOT_DIR=docs/screenshots, have other names); nothing else is kept.
"""

from __future__ import annotations

import argparse
import secrets
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import flask_migrate
import sqlalchemy as sa
from werkzeug.serving import make_server

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from petitions import create_app  # noqa: E402
from petitions.auth import services as auth_services  # noqa: E402
from petitions.cases.models import CaseFile, CaseFileStatusEvent  # noqa: E402
from petitions.cli import demo_command  # noqa: E402
from petitions.clock import local_today  # noqa: E402
from petitions.directory.models import Agency  # noqa: E402
from petitions.domain.types import Role  # noqa: E402
from petitions.extensions import db  # noqa: E402
from petitions.report_periods import default_period  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "ảnh chụp màn hình cho tài liệu"
WIDTH = 1280


def build(folder: Path, letters: int):  # type: ignore[no-untyped-def]
    app = create_app(
        {
            "SECRET_KEY": secrets.token_hex(32),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.db'}",
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "WTF_CSRF_ENABLED": True,
            "MFA_REQUIRED": False,
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
    result = app.test_cli_runner().invoke(demo_command, ["--letters", str(letters), "--processes", "1"])
    if result.exit_code != 0:
        raise SystemExit(result.output)
    print(result.output.strip())
    with app.app_context():
        ban = db.session.scalar(sa.select(Agency).where(Agency.code == "BTCD"))
        assert ban is not None
        for username, full_name, role in (
            ("lan.nguyen", "Nguyễn Thị Lan", Role.LEADER),
            ("lan.tran", "Trần Thị Lan", Role.RECEPTION_OFFICER),
        ):
            auth_services.create_user(
                username=username, full_name=full_name, role=role, agency_id=ban.id, password=PASSWORD,
                actor=None, must_change_password=False,
            )
        # The Ban's case with the most steps: its page shows a long timeline.
        case_id = db.session.scalar(
            sa.select(CaseFile.id)
            .join(CaseFileStatusEvent, CaseFileStatusEvent.case_file_id == CaseFile.id)
            .where(CaseFile.agency_in_charge_id == ban.id)
            .group_by(CaseFile.id)
            .order_by(sa.func.count().desc(), CaseFile.id)
            .limit(1)
        )
        db.session.commit()
    return app, case_id


def sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/auth/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def shoot(base: str, case_id: int, folder: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        options = {"locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh", "viewport": {"width": WIDTH, "height": 800}}

        desk = browser.new_context(**options).new_page()
        sign_in(desk, base, "lan.tran")
        desk.goto(f"{base}/reception/visits/new")
        desk.keyboard.type("Phạm Thị Thu")
        desk.keyboard.press("Enter")
        desk.keyboard.type("1968")
        desk.fill("[name=person-address_text]", "Tổ 4, khu 2")
        desk.select_option("[name=classification]", "complaint")
        desk.select_option("[name=complaint_subtype]", "administrative")
        desk.fill("[name=summary]", "Khiếu nại Quyết định thu hồi đất số 215/QĐ-UBND về mức bồi thường đất nông nghiệp")
        desk.select_option("[name=outcome]", "guided")
        desk.fill("[name=guided_to]", "Ủy ban nhân dân thành phố Hạ Long")
        desk.wait_for_timeout(1200)  # the autosave's "Đã lưu nháp" note
        desk.screenshot(path=str(folder / "intake.png"), full_page=True)

        leader = browser.new_context(**options).new_page()
        sign_in(leader, base, "lan.nguyen")
        leader.goto(f"{base}/reports/dashboard")
        leader.wait_for_selector("canvas[data-drawn]", state="attached")  # Chart.js has drawn
        leader.wait_for_timeout(1500)  # the charts' animation
        leader.screenshot(path=str(folder / "dashboard.png"), full_page=True)

        leader.goto(f"{base}/cases/{case_id}")
        leader.set_viewport_size({"width": WIDTH, "height": 1100})
        leader.screenshot(path=str(folder / "case.png"))  # the page's top: its timeline runs much longer

        period = default_period(local_today()).code
        pdf = leader.request.get(f"{base}/reports/01-tcd/download/pdf?period={period}").body()
        assert pdf.startswith(b"%PDF"), "the report did not print"
        (folder / "report.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(folder / "report.pdf"),
             str(folder / "report-01-tcd")],
            check=True,
        )
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=600, help="demo letters (default 600)")
    letters = parser.parse_args().letters
    with tempfile.TemporaryDirectory(prefix="petitions-screenshots-") as temporary:
        work = Path(temporary)
        app, case_id = build(work, letters)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            shoot(f"http://127.0.0.1:{server.server_port}", case_id, work)
        finally:
            server.shutdown()
            thread.join(timeout=5)
        for name in ("intake", "case", "dashboard", "report-01-tcd"):
            target = HERE / f"readme-{name}.png"
            target.write_bytes((work / f"{name}.png").read_bytes())
            print(f"wrote {target}")


if __name__ == "__main__":
    main()
