"""The cross-agency sweep (issue 25; OWASP ASVS 5.0 V8.2.2 — data-specific access, against IDOR and BOLA —, V8.2.1
function-level access, V8.3.1 enforcement at the trusted service layer, V8.4.1 cross-tenant controls):
what one agency's people read over GET never shows nor counts another agency's records.

Two sibling offices, A (the reader) and B (the other), are built through the real services (tests/security/world.py),
each with a record of every kind a URL names. Then, for every role and the administrator:

- **Object routes.** Every GET rule of the URL map whose path carries an id — pages, downloads (PDF, attachments,
  signed copies, workbooks), the API's resources — is asked with B's ids (and with A's record and B's sub-record
  where a path names two). The answer must be 404 (or 403 for a role the route refuses) and must show none of B's
  texts. A's own ids are asked too: each route must answer 200 to some role (the positive control). A GET rule with
  an id converter missing from the tables below fails the sweep until it is classified.
- **Lists, searches, exports and counts.** Every other GET page, each value of a path's non-id part (report forms,
  formats, worklist sections, figures), every list's export (tests' exports registry, CSV and workbook), the
  dashboard's JSON, the API's lists, the searches (a term naming B's citizen) and the lists filtered by B's ids are
  read by A's people twice: before and after B gains a second set of distinctive records. Decoded (HTML, JSON, CSV,
  the workbook's XML, the PDF's text) and with volatile parts blanked, each answer must be the same both times (no
  count moved: B's rows are not counted) and show none of B's texts. Positive control: a letter added to A does
  change A's register and its export.

The figures (routes × roles covered, leaks found) are printed; run with `-s` to see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from petitions.cli import seed_reference_data
from petitions.domain.reception import SessionKind, SessionStatus, VisitClass, VisitOutcome
from petitions.domain.records import ComplaintSubtype
from petitions.domain.types import Role
from petitions.exports import services as exports
from petitions.extensions import db, immediate_transactions
from petitions.jobs import services as jobs
from petitions.reception import services as reception
from tests.factories import make_citizen, make_letter, make_user
from tests.security.scan import fingerprint, hits, response_text
from tests.security.world import DAY, OFFICE_ROLES, Office, build_offices, own_app, signed_in

pytestmark = pytest.mark.load

ADMIN = Role.ADMIN
CLEARED = "cleared"  # the handler of A with an approved identity clearance
WHO = (*OFFICE_ROLES, CLEARED, ADMIN)

# ------------------------------------------------------------------------------------------------ the tables

# GET rules whose path names a record of an agency: path parameter -> kind of World ids (tests/security/world.py).
OBJECT_ROUTES: dict[str, dict[str, str]] = {
    "api.case": {"case_id": "case"},
    "api.citizen": {"citizen_id": "citizen"},
    "api.document": {"document_id": "slip"},
    "api.document_pdf": {"document_id": "slip"},
    "api.letter": {"letter_id": "letter"},
    "api.token": {"token_id": "api_token"},
    "api.visit": {"visit_id": "visit"},
    "cases.detail": {"case_id": "case"},
    "chasing.item": {"chase_id": "chase"},
    "documents.detail": {"document_id": "document"},
    "documents.edit": {"document_id": "document"},
    "documents.pdf": {"document_id": "slip"},
    "documents.signed": {"document_id": "slip"},
    "imports.run": {"job_id": "import_job"},
    "jobs.download": {"job_id": "job"},
    "letters.detail": {"letter_id": "letter"},
    "letters.download": {"letter_id": "letter", "attachment_id": "attachment"},
    "letters.classify": {"letter_id": "letter"},
    "letters.correct": {"letter_id": "letter"},
    "letters.notification": {"letter_id": "denunciation", "document_id": "slip"},
    "letters.redacted_copy": {"letter_id": "denunciation", "document_id": "slip"},
    "national.correct_case": {"case_id": "case"},
    "national.mark_case": {"case_id": "case"},
    "national.correct_letter": {"letter_id": "letter"},
    "national.mark_letter": {"letter_id": "letter"},
    "national.correct_visit": {"visit_id": "visit"},
    "national.mark_visit": {"visit_id": "visit"},
    "paperwork.conclusion": {"session_id": "session"},
    "paperwork.visit_papers": {"visit_id": "visit"},
    "paperwork.appointment": {"visit_id": "visit"},
    "paperwork.receipt": {"visit_id": "visit"},
    "paperwork.receipt_pdf": {"visit_id": "visit"},
    "paperwork.statement_pdf": {"visit_id": "denounced_visit"},
    "reception.citizen_detail": {"citizen_id": "citizen"},
    "reception.edit_citizen": {"citizen_id": "citizen"},
    "reception.merge_citizen": {"citizen_id": "citizen"},
    "reception.session_detail": {"session_id": "session"},
    "reception.visit_detail": {"visit_id": "visit"},
    "reception.correct_visit": {"visit_id": "visit"},
    "reception.edit_visit": {"visit_id": "visit"},
    "reports.submission": {"submission_id": "submission"},
    "reports.submission_compare": {"submission_id": "submission"},
    "reports.submission_download": {"submission_id": "submission", "fmt": "=pdf"},
    "vault.reveal": {"code": "identity_ref"},
    "referrals.item": {"referral_id": "referral"},
    "referrals.answer_file": {"referral_id": "referral"},
    "referrals.paper": {"referral_id": "referral"},
    "referrals.redacted_copy": {"referral_id": "referral"},
    "referrals.sent": {"referral_id": "referral"},
}
# Routes whose own-id request answers no role with 200, and why (the foreign request is still swept).
NO_POSITIVE: dict[str, str] = {}

# GET rules with an id of the administrator's shared tables (every agency's, by design): swept for the other roles
# (403: the route is the administrator's), not for the administrator.
GLOBAL_ROUTES: dict[str, tuple[str, str]] = {
    "auth.user_edit": ("user_id", "user"),
    "directory.agency_edit": ("agency_id", "agency"),
    "directory.official_new": ("agency_id", "agency"),
}
# GET rules whose path part names no record: read as lists (each value) by the second sweep, with the reason.
NAMED_ROUTES: dict[str, tuple[dict[str, tuple[str, ...]], str]] = {
    "api.reference_items": ({"list_code": ("refusal_ground", "field_complaint")}, "a reference list, the same for all"),
    "api.report": ({"form_slug": ("01-tcd", "01-xld")}, "a report form (the agency is a query parameter, swept)"),
    "deadlines.calendar_year": ({"year": ("2026",)}, "a calendar year (the province's calendar)"),
    "deadlines.calendar_confirm": ({"year": ("2026",)}, "a calendar year"),
    "directory.items": ({"list_code": ("refusal_ground",)}, "a reference list (the administrator's)"),
    "directory.item_new": ({"list_code": ("refusal_ground",)}, "a reference list (the administrator's)"),
    "directory.item_edit": ({"item_id": ("1",)}, "a reference item (the administrator's shared list)"),
    "directory.official_edit": ({"official_id": ("1",)}, "an official of the directory (the administrator's)"),
    "directory.unit_edit": ({"unit_id": ("1",)}, "an administrative unit (shared by every agency)"),
    "routing.edit": ({"rule_id": ("1",)}, "a routing rule (the administrator's shared table)"),
    "performance.items": ({"figure": ("received", "answered", "on_time", "late", "overdue", "chases")},
                          "a figure of the ranking (the body is a query parameter, swept)"),
    "performance.download": ({"fmt": ("pdf", "xlsx")}, "a file format"),
    "reports.show": ({"form_slug": ("01-tcd", "02-tcd", "01-xld", "02-xld", "03-xld", "04-xld", "01-kqgq",
                                    "02-kqgq", "03-kqgq", "04-kqgq", "an-nb")}, "a report form"),
    "reports.download": ({"form_slug": ("01-tcd", "01-xld", "01-kqgq", "an-nb"), "fmt": ("pdf", "xlsx", "json")},
                         "a report form and a file format"),
    "reports.records": ({"form_slug": ("01-tcd", "01-xld")}, "a report form (the column is a query parameter)"),
    "reports.set_download": ({"fmt": ("pdf", "xlsx")}, "a file format"),
    "main.worklist_section": ({"key": ("urgent", "awaiting_approval", "awaiting_issue", "to_assign", "office_overdue",
                                       "office_due_soon", "returned", "to_handle", "handed_over", "mine_overdue",
                                       "mine_due_soon")}, "a section of the worklist"),
}
# GET pages that read nothing of an agency's records (sign-in steps, static documents): not swept as lists.
NOT_LISTS = {
    "auth.login": "the sign-in form", "auth.mfa_verify": "a sign-in step", "auth.mfa_enroll": "the caller's own factor",
    "auth.change_password": "the caller's own password", "main.favicon": "an icon", "main.healthz": "a health check",
    "api.docs": "the API's documentation page", "api.spec": "the OpenAPI document",
}
# Answers that change between two reads whatever B holds: scanned for B's texts, not compared.
NOT_COMPARED = {
    "auth.security_events": "lists the sign-ins and exports the sweep itself makes",
    "auth.my_sessions": "the caller's sessions and their last activity",
    "auth.api_tokens": "the tokens' last use (the API lists are read with them)",
    "api.tokens_list": "the tokens' last use",
    "jobs.index": "the caller's jobs",
    "mail.outbox": "the mail the sweep's own acts queue",
    "export security_events.csv": "as auth.security_events", "export security_events.xlsx": "as auth.security_events",
    "export outbox.csv": "as mail.outbox", "export outbox.xlsx": "as mail.outbox",
}
PERIOD = {"period": "2026-Q3"}
# Who reads everything twice (before and after B grows): the widest office scope and the receiving body's liaison.
# The other roles read once, after, and are searched for B's texts; the reports and the ranking (computed for the
# agency, the same for every role allowed to read them) and their files are read by these two only (CI time).
DIFF_WHO = (Role.LEADER, Role.LIAISON)
FILES_READ_ONCE = {"reports.download", "reports.set_download", "performance.download", "documents.register_pdf",
                   "reports.show", "reports.records", "performance.items", "api.report"}
# Lists filtered by B's ids (query string), and searches for B's texts: must show nothing of B.
FILTERED = (
    ("letters.index", {"agency": "agency", "officer": "user"}),
    ("cases.index", {"agency": "agency", "handler": "user"}),
    ("reception.index", {"officer": "user", "session": "session", "unit": "agency"}),
    ("documents.index", {"agency": "agency"}),
    ("documents.register_pdf", {"agency": "agency"}),
    ("national.index", {"agency": "agency"}),
    ("routing.try_rules", {"agency": "agency"}),
    ("performance.items", {"body": "body"}),
)
SEARCHES = (("/letters/search", "/letters/"), ("/cases/search", "/cases/"), ("/reception/citizens/search", "/reception/citizens"))
QUERIES = {  # query strings that make a page show what it would (a period with both offices' records)
    "reports.show": PERIOD, "reports.download": PERIOD, "reports.records": {**PERIOD, "column": "1"},
    "reports.set_download": PERIOD, "reports.report_set": PERIOD, "reports.dashboard": PERIOD,
    "reports.dashboard_json": PERIOD, "performance.index": PERIOD, "performance.items": PERIOD,
    "performance.download": PERIOD, "api.report": PERIOD, "documents.register_pdf": {"year": "2026"},
    "reception.compliance": PERIOD, "letter_register.index": {"year": "2026"},
}


# ------------------------------------------------------------------------------------------------ the world


@dataclass
class World:
    app: Flask
    a: Office
    b: Office
    admin_login: str
    clients: dict[Any, Any]  # who -> signed-in client of A (and the administrator)


@pytest.fixture(scope="module")
def sweep_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    yield from own_app(tmp_path_factory, "cross-agency", EXPORT_RATE_LIMIT=100_000)


def _finished_job(user_id: int, kind: str, **params: Any) -> int:
    """A job of the user's run to its end here (not on a thread)."""
    from petitions.auth.models import User

    user = db.session.get(User, user_id)
    job = jobs.enqueue(kind, user=user, **params)
    db.session.info.pop("jobs.pending", None)
    db.session.commit()
    jobs.perform(job.id)
    return job.id


def _submission(office: Office) -> int | None:
    from petitions.auth.models import User
    from petitions.directory.models import Agency
    from petitions.domain.periods import parse_period
    from petitions.reports import submissions

    try:
        with immediate_transactions():
            row = submissions.submit_report(
                agency=db.session.get(Agency, office.ids["agency"]), period=parse_period("2026-Q3"),
                actor=db.session.get(User, office.logins[Role.LEADER][1]), based_on=0,
            )
        db.session.commit()
        return row.id
    except submissions.SubmissionRefused:
        db.session.rollback()
        return None


@pytest.fixture(scope="module")
def world(sweep_app: Flask) -> World:
    with sweep_app.app_context():
        seed_reference_data()
        a, b = build_offices(("XA", "Tỉnh An"), ("XB", "Tỉnh Bình"))
        admin = make_user(role=ADMIN, agency_id=None, full_name="Quản Trị Hệ Thống")
        admin_login = admin.username
        db.session.commit()
        for office in (a, b):
            leader = office.logins[Role.LEADER][1]
            office.ids["job"] = _finished_job(leader, exports.EXPORT_JOB, list="letters", format="csv", filters={},
                                              today=DAY.isoformat())
            office.ids["import_job"] = _import_job(leader, office.ids["agency"])
            office.ids["submission"] = _submission(office)
    clients: dict[Any, Any] = {role: signed_in(sweep_app, a.logins[role][0]) for role in OFFICE_ROLES}
    clients[CLEARED] = signed_in(sweep_app, a.cleared_login)
    clients[ADMIN] = signed_in(sweep_app, admin_login)
    return World(sweep_app, a, b, admin_login, clients)


def _import_job(user_id: int, agency_id: int) -> int:
    """An import of a book that is no workbook (dry run): it ends failed, its page shows the failure."""
    from petitions.auth.models import User
    from petitions.imports import jobs as import_jobs

    job = import_jobs.start_import(b"not a workbook", file_name="so-cu.xlsx", agency_id=agency_id, dry_run=True,
                                   user=db.session.get(User, user_id))
    db.session.info.pop("jobs.pending", None)
    db.session.commit()
    jobs.perform(job.id)
    return job.id


# ------------------------------------------------------------------------------------------------ requests


def _get_rules(app: Flask) -> list[Any]:
    return [r for r in app.url_map.iter_rules() if "GET" in (r.methods or ()) and r.endpoint != "static"]


def _url(app: Flask, endpoint: str, values: dict[str, Any], query: dict[str, Any] | None = None) -> str:
    from flask import url_for

    with app.test_request_context():
        return url_for(endpoint, **values, **(query or {}))


def _values(office: Office, params: dict[str, str]) -> dict[str, Any]:
    return {name: kind[1:] if kind.startswith("=") else office.ids[kind] for name, kind in params.items()}


def _ask(world: World, who: Any, method: str, url: str, data: Any = None) -> Any:
    """The request as `who` of A: a page with its signed-in client, the API with its token."""
    if url.startswith("/api/"):
        if who not in OFFICE_ROLES:
            return None  # tokens are made for the office's roles
        client = world.app.test_client()
        headers = {"Authorization": f"Bearer {world.a.tokens[who]}"}
        return _read(client.open(url, method=method, json=data, headers=headers))
    return _read(world.clients[who].open(url, method=method, data=data, headers={"Accept": "text/html"}))


def _read(response: Any) -> Any:
    """The answer read whole and closed (a streamed file is let go at once)."""
    response.get_data()
    response.close()
    return response


def _texts_for(world: World, who: Any) -> list[str]:
    """What of B's an answer to `who` must not show: everything, but for the administrator (who manages every
    agency's accounts and directory) the records' content only."""
    return world.b.content if who == ADMIN else world.b.texts


# ------------------------------------------------------------------------------------------------ the sweeps


def test_every_get_route_with_a_path_parameter_is_classified(sweep_app: Flask) -> None:
    """A new GET route whose path takes a value fails here until it is put in one of the tables (V8.2.2)."""
    with_args = {r.endpoint for r in _get_rules(sweep_app) if r.arguments}
    classified = set(OBJECT_ROUTES) | set(GLOBAL_ROUTES) | set(NAMED_ROUTES)
    assert sorted(with_args - classified) == [], "classify these GET routes (OBJECT_ROUTES, GLOBAL_ROUTES or NAMED_ROUTES)"
    assert sorted(classified - with_args) == [], "routes in the tables that no longer exist"
    for endpoint, params in OBJECT_ROUTES.items():
        rule = next(r for r in _get_rules(sweep_app) if r.endpoint == endpoint)
        assert set(params) == set(rule.arguments), endpoint


def test_object_routes_answer_404_to_another_agencys_ids(world: World) -> None:
    """Every object route, every role of A (and the administrator): B's ids answer 403 or 404 and show nothing of
    B; A's own ids answer 200 to some role (V8.2.2, V8.3.1, V8.4.1)."""
    leaks: list[str] = []
    cells = 0
    positive: dict[str, list[str]] = {}
    for endpoint, params in OBJECT_ROUTES.items():
        own = _values(world.a, params)
        foreign = _values(world.b, params)
        assert None not in own.values() and None not in foreign.values(), f"{endpoint}: the world lacks a record"
        variants = [("B's ids", foreign)]
        id_params = [p for p, kind in params.items() if not kind.startswith("=")]
        if len(id_params) > 1:  # A's record with B's sub-record, one at a time
            variants += [(f"A's ids, B's {p}", {**own, p: foreign[p]}) for p in id_params]
        for who in WHO:
            if endpoint not in positive:  # until one role reaches the route with A's own ids
                answer = _ask(world, who, "GET", _url(world.app, endpoint, own))
                if answer is None:
                    continue
                if answer.status_code == 200:
                    positive[endpoint] = [str(who)]
            elif endpoint.startswith("api.") and who not in OFFICE_ROLES:
                continue
            for label, values in variants:
                response = _ask(world, who, "GET", _url(world.app, endpoint, values))
                cells += 1
                shown = hits(response_text(response), _texts_for(world, who))
                if response.status_code not in (403, 404) or shown:
                    leaks.append(f"{endpoint} as {who} with {label}: {response.status_code} {shown}")
    for endpoint, (param, kind) in GLOBAL_ROUTES.items():
        for who in WHO:
            if who == ADMIN:
                continue
            response = _ask(world, who, "GET", _url(world.app, endpoint, {param: world.b.ids[kind]}))
            cells += 1
            shown = hits(response_text(response), world.b.texts)
            if response.status_code not in (403, 404) or shown:
                leaks.append(f"{endpoint} as {who}: {response.status_code} {shown}")
    # The scanner sees B's texts where B's own people read them (so the zero above can fail).
    b_leader = signed_in(world.app, world.b.logins[Role.LEADER][0])
    own_page = _read(b_leader.get(_url(world.app, "letters.detail", {"letter_id": world.b.ids["letter"]})))
    assert own_page.status_code == 200 and hits(response_text(own_page), world.b.texts)
    routes = len(OBJECT_ROUTES) + len(GLOBAL_ROUTES)
    print(f"\ncross-agency object sweep: {routes} routes x {len(WHO)} roles, {cells} requests with another agency's "
          f"ids, {len(leaks)} leaks")
    assert leaks == []
    unreached = sorted(set(OBJECT_ROUTES) - set(positive) - set(NO_POSITIVE))
    assert unreached == [], f"no role reached these routes with its own ids (positive control): {unreached}"


def _list_requests(world: World) -> list[tuple[str, str, str, Any]]:
    """(key, method, url, data) of every list, count, search and export A's people read."""
    app, b = world.app, world.b
    found: list[tuple[str, str, str, Any]] = []
    for rule in _get_rules(app):
        if rule.arguments or rule.endpoint in NOT_LISTS:
            continue
        found.append((rule.endpoint, "GET", _url(app, rule.endpoint, {}, QUERIES.get(rule.endpoint)), None))
    for endpoint, (choices, _why) in NAMED_ROUTES.items():
        combos: list[dict[str, str]] = [{}]
        for name, values in choices.items():
            combos = [{**combo, name: value} for combo in combos for value in values]
        for combo in combos:
            found.append((f"{endpoint} {combo}", "GET", _url(app, endpoint, combo, QUERIES.get(endpoint)), None))
    for endpoint, query in FILTERED:
        values = {"figure": "received"} if endpoint == "performance.items" else {}
        filters = {name: b.ids[kind] for name, kind in query.items()} | QUERIES.get(endpoint, {})
        found.append((f"{endpoint} filtered by B's ids", "GET", _url(app, endpoint, values, filters), None))
    for code in ("01-tcd", "01-xld"):  # a report asked for B's agency by its code
        found.append((f"reports.show {code} agency=B", "GET", _url(app, "reports.show", {"form_slug": code},
                                                                     {**PERIOD, "agency": b.code}), None))
    found.append(("api.report agency=B", "GET", _url(app, "api.report", {"form_slug": "01-tcd"}, {**PERIOD, "agency": b.code}), None))
    for name in sorted(exports._EXPORTS):
        for fmt in exports.FORMATS:
            found.append((f"export {name}.{fmt}", "POST", f"/exports/{name}.{fmt}", {}))
    found.append(("api.search_citizens", "POST", "/api/v1/citizens/search", {"q": "Công Dân Riêng"}))
    return found


def _read_all(world: World, who: Any) -> dict[str, str]:
    """Every list answer of `who` as decoded text, the searches included (a term A's and B's records share). The
    files of the reports and the ranking (built from the figures the pages show) are read by DIFF_WHO only."""
    out: dict[str, str] = {}
    for key, method, url, data in _list_requests(world):
        if who not in DIFF_WHO and key.split(" ")[0] in FILES_READ_ONCE:
            continue
        response = _ask(world, who, method, url, data)
        if response is not None and response.status_code != 403:
            assert response.status_code < 500, (key, who, response.status_code)
            out[key] = response_text(response)
    client = world.clients[who]
    for search, page in SEARCHES:
        field = "q" if "citizens" in search else "text"
        client.post(search, data={field: "riêng"})
        response = _read(client.get(page))
        if response.status_code == 200:
            out[f"search {page}"] = response_text(response)
            export = {"/letters/": "letters", "/cases/": "cases", "/reception/citizens": "citizens"}[page]
            out[f"search export {export}"] = response_text(_read(client.post(f"/exports/{export}.csv")))
        client.post(search, data={field: ""})
    return out


def _more_of_b(world: World) -> list[str]:
    """B's second set of records: a citizen, a letter, a session with a visit (a new case), a denunciation visit,
    a document draft. Returns their texts."""
    from petitions.auth.models import User
    from petitions.documents.services import create_draft
    from petitions.printing import Authority, Signer

    b = world.b
    tag = "Thứ Hai Bình"
    with world.app.app_context():
        leader = db.session.get(User, b.logins[Role.LEADER][1])
        officer = db.session.get(User, b.logins[Role.RECEPTION_OFFICER][1])
        from petitions.directory.models import Agency

        agency = db.session.get(Agency, b.ids["agency"])
        with immediate_transactions():
            citizen = make_citizen(agency_id=agency.id, full_name=f"Công Dân Riêng {tag}", birth_year=1981)
            make_letter(agency=agency, actor=leader, citizen_id=citizen.id, summary=f"Khiếu nại riêng {tag} về nhà",
                        received_on=DAY)
            session = reception.create_session(
                agency_id=agency.id,
                data=reception.SessionInput(kind=SessionKind.PERIODIC, held_on=DAY, status=SessionStatus.HELD,
                                            place=f"Hội trường {tag}", leader_name=f"Chủ Trì {tag}"),
                actor=leader,
            )
            for classification, summary in ((VisitClass.COMPLAINT, f"Nội dung tiếp riêng {tag}"),
                                            (VisitClass.DENUNCIATION, f"Tố cáo tiếp riêng {tag}")):
                reception.register_visit(
                    reception.VisitInput(
                        agency_id=agency.id, visited_on=DAY, classification=classification,
                        complaint_subtype=ComplaintSubtype.ADMINISTRATIVE if classification is VisitClass.COMPLAINT else None,
                        summary=summary, outcome=VisitOutcome.GUIDED, guided_to="Ủy ban nhân dân xã",
                        citizen_id=citizen.id if classification is VisitClass.COMPLAINT else None,
                        session_id=session.id, officer_id=officer.id,
                    ),
                    actor=officer,
                )
            create_draft(doc_type="THONG_BAO", issuing_agency=agency, place="Sơn Hà",
                         signer=Signer(position="Phó Trưởng ban", name=f"Người Ký {tag}", authority=Authority.DEPUTY,
                                       principal="Trưởng ban"),
                         fields={"subject": f"Về việc riêng {tag}"}, actor=leader)
        db.session.commit()
    return [f"Công Dân Riêng {tag}", f"Khiếu nại riêng {tag}", f"Hội trường {tag}", f"Nội dung tiếp riêng {tag}",
            f"Tố cáo tiếp riêng {tag}", f"Về việc riêng {tag}"]


def test_lists_searches_exports_and_counts_of_one_agency_ignore_another(world: World) -> None:
    """A's lists, searches, exports, reports, dashboards and API lists show none of B's records and do not move when
    B gains records (V8.2.2, V8.4.1)."""
    who_all = WHO
    before = {who: _read_all(world, who) for who in DIFF_WHO}
    added = _more_of_b(world)
    after = {who: _read_all(world, who) for who in who_all}
    leaks: list[str] = []
    cells = 0
    for who in who_all:
        banned = world.b.content + added if who == ADMIN else world.b.texts + added
        for key, text in after[who].items():
            cells += 1
            if shown := hits(text, banned):
                leaks.append(f"{key} as {who} shows {shown}")
            if who not in DIFF_WHO or key in NOT_COMPARED or key.split(" ")[0] in NOT_COMPARED:
                continue
            if key not in before[who]:
                leaks.append(f"{key} as {who}: answered only after B grew")
            elif fingerprint(before[who][key]) != fingerprint(text):
                leaks.append(f"{key} as {who} changed when B gained records: {_first_difference(before[who][key], text)}")
    print(f"\ncross-agency list sweep: {len(_list_requests(world)) + 2 * len(SEARCHES)} lists, searches, exports and "
          f"counts x {len(who_all)} roles, {cells} answers read ({len(DIFF_WHO)} roles twice), {len(leaks)} leaks")
    assert leaks == [], "\n".join(leaks)
    # The reads are real: A's leader sees A's records in the register, the export and a search.
    leader = after[Role.LEADER]
    for key in ("letters.index", "export letters.csv", "search /letters/", "export citizens.xlsx"):
        assert hits(leader[key], world.a.texts), key
    # Positive control of the comparison: a letter added to A changes A's register and its export.
    with world.app.app_context():
        from petitions.directory.models import Agency

        with immediate_transactions():
            make_letter(agency=db.session.get(Agency, world.a.ids["agency"]), summary="Khiếu nại thêm của An")
        db.session.commit()
    client = world.clients[Role.LEADER]
    for url, key in (("/letters/", "letters.index"), ("/exports/letters.csv", "export letters.csv")):
        response = _read(client.post(url) if url.startswith("/exports") else client.get(url))
        assert fingerprint(response_text(response)) != fingerprint(leader[key]), key


def _first_difference(one: str, two: str) -> str:
    one, two = fingerprint(one), fingerprint(two)
    at = next((i for i, (x, y) in enumerate(zip(one, two, strict=False)) if x != y), min(len(one), len(two)))
    return f"…{one[max(0, at - 80):at + 80]!r} → …{two[max(0, at - 80):at + 80]!r}"
