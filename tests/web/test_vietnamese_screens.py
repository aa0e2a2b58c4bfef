"""Vietnamese everywhere (issue 26): a crawl of every page every role reaches, on demo data, finds no raw code,
column name, ISO moment, English number or English word on a `vi` page (tests/web/vi_screen.py says what each
kind is and why a word may pass).

The data: `petitions demo` on a fresh database (letters in every handling state with their papers, cases,
sessions and visits, referrals, chases, a reorganisation), plus what the demo writes no history for: a document
issued through the services, a visit corrected, accounts signing in and one account's role changed (the security
events). One user per role signs in; each crawl starts from every page without an id and follows the links the
pages show, one page per endpoint (and per report form, list or worklist section), so each kind of page
is read with real records. Downloads (PDF, Excel, CSV, JSON) are not pages and are not fetched.
"""

from __future__ import annotations

import enum
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import flask_migrate
import pytest
import sqlalchemy as sa
from flask import Flask

from petitions.auth.models import User
from petitions.domain.types import Role
from petitions.extensions import db
from tests.conftest import make_test_app, provision_database
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.web.vi_screen import ALLOWED, can_be_vietnamese, findings, visible_text

pytestmark = pytest.mark.load

PER_ENDPOINT = 1
# Not pages: files, redirects and the sign-out.
SKIPPED_ENDPOINTS = frozenset(
    {"static", "auth.logout", "main.favicon", "main.healthz", "main.set_language", "api.spec", "api.docs"}
)
_FILE = re.compile(r"\.(?:pdf|xlsx|csv|json|ico|svg|png)$|/download(?:/|$)|/answer-file$|/attachments/\d+$")


def enum_values() -> frozenset[str]:
    """Every stored code: each enum's values (the models' and the domain's), the history's actions and the
    security events' kinds."""
    import petitions.models  # noqa: F401  (every area's models, and their enums)

    values: set[str] = {"create", "update", "delete"}
    for module in list(sys.modules.values()):
        if not (getattr(module, "__name__", "") or "").startswith("petitions"):
            continue
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, enum.Enum) and obj.__module__.startswith("petitions"):
                values |= {str(member.value) for member in obj if isinstance(member.value, str)}
    source = Path(__file__).resolve().parents[2] / "petitions"
    for path in source.rglob("*.py"):
        values |= set(re.findall(r"record_event\(\s*\"([a-z_]+)\"", path.read_text(encoding="utf-8")))
    # A code that is itself a Vietnamese word written without diacritics names nothing raw.
    return frozenset(v for v in values if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", v) and not can_be_vietnamese(v))


def field_names() -> frozenset[str]:
    return frozenset(column.name for table in db.metadata.tables.values() for column in table.columns)


def test_detector_finds_what_issue_26_saw_and_passes_vietnamese():
    """The detector itself: every kind on a page made of what the issue found, nothing on plain Vietnamese."""
    page = (
        "<html><head><title>Đơn · Petitions</title></head><body><ul>"
        "<li>06/12/2026 11:46 · create</li><li>update answer_due_on: 2026-12-06T04:46:47.520809</li>"
        "<li>draft → issued</li><li title='role=reception_officer'>login_success</li><li>HC_CS</li>"
        "<li>Tổng: 1,234 lượt</li><li><code>drop_box</code></li></ul>"
        "<p>Gửi lại bằng lệnh <code translate='no'>petitions <b>mail</b> send</code>, Ctrl+S lưu.</p>"
        "<p>Ban Tiếp công dân tỉnh Quảng Ninh, UBND xã An Sinh: in phiếu, tải Excel (D10, 01/XLD).</p>"
        "<script>var x = 'create';</script><kbd>Enter</kbd></body></html>"
    )
    got = findings(page, enum_values=frozenset({"create", "update", "draft", "issued", "login_success",
                                                "reception_officer", "drop_box"}),
                   field_names=frozenset({"answer_due_on", "letter_id"}))
    assert sorted((kind, token) for kind, token, _ in got) == sorted([
        ("english", "Petitions"), ("enum", "create"), ("enum", "update"), ("field", "answer_due_on"),
        ("iso", "2026-12-06T04:46:47.520809"), ("enum", "draft"), ("enum", "issued"), ("english", "role"),
        ("enum", "reception_officer"), ("enum", "login_success"), ("code", "HC_CS"), ("grouping", "1,234"),
        ("enum", "drop_box"),
    ])
    assert any("Ban Tiếp công dân tỉnh Quảng Ninh" in chunk for chunk in visible_text(page))
    assert not any("var x" in chunk or "Enter" in chunk for chunk in visible_text(page))
    assert all(not can_be_vietnamese(word) for word in ALLOWED)  # the allow-list names only what needs it


# The data -----------------------------------------------------------------------------------------------


def _history_the_demo_does_not_write(board: int, today: date) -> None:
    """A paper issued by an account, a visit corrected: history rows of the documents' and visits' kinds."""
    from petitions.documents.issuers import signature_options
    from petitions.documents.services import create_draft, issue_document
    from petitions.reception.models import Visit

    leader = db.session.scalar(
        sa.select(User).where(User.role == Role.LEADER, User.agency_id == board).order_by(User.id).limit(1)
    )
    assert leader is not None and leader.agency is not None
    draft = create_draft(
        doc_type="THONG_BAO", issuing_agency=leader.agency, place="Hạ Long",
        signer=signature_options(leader.agency, "THONG_BAO", today)[0],
        fields={"subject": "Về việc trả lời đơn của công dân"}, body=["Ban Tiếp công dân tỉnh thông báo./."],
        recipients=["Ông Nguyễn Văn Hưởng"], copies_to=["Như trên", "Lưu: VT"], archive_unit="XLĐ",
    )
    issue_document(draft, actor=leader, issue_date=today)
    visit = db.session.scalar(sa.select(Visit).order_by(Visit.id.desc()).limit(1))
    assert visit is not None
    from petitions.history import history_context

    with history_context(actor=leader, reason="Ghi nhầm nội dung"):
        visit.summary = visit.summary + " (đã sửa)"
        db.session.flush()


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, dict[Role, str]]]:
    from petitions.chasing.demo import demo_chases
    from petitions.cli import DEMO_AFTER_WRITE, DEMO_GENERATORS, seed_reference_data
    from petitions.clock import local_today
    from petitions.demo import run_demo
    from petitions.directory.demo import demo_reorganisation
    from petitions.extensions import immediate_transactions
    from petitions.letters.models import Letter
    from petitions.referrals.models import Referral

    started = time.perf_counter()
    with provision_database(tmp_path_factory.mktemp("vi")) as database:
        app = make_test_app(database)
        with app.app_context():
            flask_migrate.upgrade()
            today = local_today()
            with immediate_transactions():
                seed_reference_data()
                db.session.commit()
                run_demo(DEMO_GENERATORS, letters=150, years=1, commit=db.session.commit, after_write=DEMO_AFTER_WRITE)
                demo_reorganisation(today)
                demo_chases(today)
                board = db.session.scalar(
                    sa.select(Letter.agency_in_charge_id).group_by(Letter.agency_in_charge_id)
                    .order_by(sa.func.count().desc()).limit(1)
                )
                _history_the_demo_does_not_write(board, today)
                receiving = db.session.scalar(
                    sa.select(Referral.agency_id).group_by(Referral.agency_id).order_by(sa.func.count().desc()).limit(1)
                )
                users = {role: make_user(role=role, agency_id=board) for role in Role if role is not Role.LIAISON}
                users[Role.LIAISON] = make_user(role=Role.LIAISON, agency_id=receiving or board)
                # The demo's own leader and officer, who hold the letters' work: their pages show it.
                for username in ("lanhdao", "canbo1"):
                    demo_user = db.session.scalar(
                        sa.select(User).where(User.agency_id == board, User.username.like(f"%.{username}")).limit(1)
                    )
                    if demo_user is not None:
                        demo_user.password_hash = users[Role.VIEWER].password_hash
                        demo_user.must_change_password = False
                        users[Role.LEADER if username == "lanhdao" else Role.HANDLER] = demo_user
                db.session.commit()
                # A role changed by the administrator: its security event names the role.
                from petitions.auth import services as auth_services

                changed = make_user(role=Role.VIEWER, agency_id=board)
                auth_services.update_user(user=changed, actor=users[Role.ADMIN], role=Role.HANDLER,
                                          full_name=changed.full_name, agency_id=board, is_active=True)
                db.session.commit()
            usernames = {role: user.username for role, user in users.items()}
            db.session.remove()
            print(f"\ndemo data: {time.perf_counter() - started:.1f} s")
        try:
            yield app, usernames
        finally:
            with app.app_context():
                db.engine.dispose()


# The crawl ----------------------------------------------------------------------------------------------


def _key(app: Flask, path: str) -> tuple[str, ...] | None:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, args = adapter.match(path, method="GET")
    except Exception:  # noqa: BLE001  (a 404, a redirect rule, a method not allowed: not a page to crawl)
        return None
    if endpoint in SKIPPED_ENDPOINTS or endpoint.startswith("api.") or _FILE.search(path):
        return None
    return (str(endpoint), *(str(v) for v in args.values() if not isinstance(v, int)))


_LINK = re.compile(r"""href="(/[^"#]*)""")


def crawl(app: Flask, client: Any, *, check: Any) -> tuple[int, Counter[tuple[str, ...]]]:
    """Every page without an id, then the links the pages show; returns pages read and per-key counts."""
    queue: list[str] = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" in rule.methods and not rule.arguments:
                try:
                    queue.append(url_for(rule.endpoint))
                except Exception:  # noqa: BLE001
                    continue
    seen: set[str] = set()
    per_key: Counter[tuple[str, ...]] = Counter()
    pages = 0
    while queue:
        url = queue.pop(0).replace("&amp;", "&")
        if url in seen:
            continue
        seen.add(url)
        key = _key(app, urlsplit(url).path)
        if key is None or per_key[key] >= PER_ENDPOINT:
            continue
        response = client.get(url)
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        per_key[key] += 1
        pages += 1
        html = response.get_data(as_text=True)
        check(url, html)
        queue += [link for link in _LINK.findall(html) if link not in seen]
    return pages, per_key


def test_no_raw_value_or_english_on_any_vietnamese_page(demo_app):
    app, users = demo_app
    with app.app_context():
        codes, columns = enum_values(), field_names()
        from petitions.directory.models import Agency

        # The records' own words: account names (what a user types to sign in) and the agencies' codes and
        # abbreviations (TTr: what the office prints before a paper's number).
        names = [*db.session.scalars(sa.select(User.username)),
                 *(text for row in db.session.execute(sa.select(Agency.code, Agency.abbreviation, Agency.short_name))
                   for text in row if text)]
        data_words = {part for name in names for part in re.split(r"[^A-Za-z]+", name) if part}
    found: dict[tuple[str, str], set[str]] = {}
    covered: dict[str, int] = {}
    started = time.perf_counter()

    def check(url: str, html: str) -> None:
        for kind, token, context in findings(html, enum_values=codes, field_names=columns, data_words=data_words):
            found.setdefault((kind, token), set()).add(f"{url} … {context}")

    client = app.test_client()
    covered["anonymous"] = crawl(app, client, check=check)[0]
    for role, username in users.items():
        client = app.test_client()
        signed_in = client.post("/auth/login", data={"username": username, "password": DEFAULT_PASSWORD})
        assert signed_in.status_code == 302, role
        covered[role.value], _ = crawl(app, client, check=check)
    print(f"\ncrawl: {sum(covered.values())} pages ({covered}) in {time.perf_counter() - started:.1f} s")
    by_kind = Counter(kind for kind, _ in found)
    report = "\n".join(
        f"{kind} {token!r} on {len(where)} page(s), e.g. {sorted(where)[0]}" for (kind, token), where in sorted(found.items())
    )
    print(f"findings by kind: {dict(by_kind)} ({sum(len(w) for w in found.values())} places)\n{report}")
    assert min(count for who, count in covered.items() if who != "anonymous") >= 3
    assert not found, report
