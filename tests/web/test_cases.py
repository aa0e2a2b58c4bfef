"""The case pages (issue 18): the case list (scope, filters, keyset paging, the search kept out of URLs) and the
case page with its timeline (letters, visits, documents, clocks with their explanation, status events, history
in words, lineage, outcome), role and scope answers."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from petitions.cases.models import CaseFile, CaseOutcome
from petitions.cases.services import record_case_status, restrict_case
from petitions.citizens.services import CitizenInput
from petitions.deadlines.models import Clock, RecordType
from petitions.deadlines.services import seed_calendar, start_clock, stop_clock
from petitions.domain.reception import VisitClass, VisitOutcome
from petitions.domain.records import CaseRound, CaseStatus, CaseType, CaseVerdict, LetterType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.history import history_context
from petitions.vault.services import Identity
from tests.factories import (
    log_in,
    make_agency,
    make_case,
    make_citizen,
    make_document,
    make_letter,
    make_user,
    make_visit,
)


def client_of(app, user):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert log_in(client, user).status_code == 302
    return client


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def listed_ids(body: str) -> list[int]:
    return [int(x) for x in re.findall(r'href="/cases/(\d+)"', body)]


@pytest.fixture
def office(session):  # type: ignore[no-untyped-def]
    seed_calendar()
    agency = make_agency(name="Ban Tiếp công dân tỉnh")
    return agency, make_user(role=Role.HANDLER, agency=agency), make_user(role=Role.LEADER, agency=agency)


_CREATE_ARGS = {"case_type", "title", "opened_on", "complaint_subtype"}


def a_case(agency, **values):  # type: ignore[no-untyped-def]
    """A case through the service; the columns the service does not take (round, handler…) set after."""
    case = make_case(agency_in_charge_id=agency.id, **{k: v for k, v in values.items() if k in _CREATE_ARGS})
    for key, value in values.items():
        if key not in _CREATE_ARGS:
            setattr(case, key, value)
    db.session.flush()
    return case


def accepted_case(agency, *, accepted_on=date(2026, 7, 6), rule="D15", **overrides):  # type: ignore[no-untyped-def]
    case = a_case(agency, **overrides)
    record_case_status(case, CaseStatus.ACCEPTED, effective_on=accepted_on)
    start_clock(case, rule_id=rule, trigger_on=accepted_on, reason="Thụ lý")
    return case


# ---------------------------------------------------------------------------------------------------------
# Roles, scope, menu
# ---------------------------------------------------------------------------------------------------------


def test_case_list_and_page_are_in_the_menu_and_open_for_officers(app, office):
    agency, handler, _leader = office
    case = make_case(agency_in_charge_id=agency.id, title="Khiếu nại việc cấp giấy chứng nhận")
    db.session.commit()
    client = client_of(app, handler)
    home = text_of(client.get("/"))
    assert 'href="/cases/"' in home
    body = text_of(client.get("/cases/"))
    assert case.id in listed_ids(body) and "Khiếu nại việc cấp giấy chứng nhận" in body
    assert client.get(f"/cases/{case.id}").status_code == 200


def test_a_case_outside_the_scope_answers_404_like_a_missing_one(app, office):
    agency, handler, _leader = office
    other = make_case(title="Vụ việc của cơ quan khác")
    db.session.commit()
    client = client_of(app, handler)
    assert client.get(f"/cases/{other.id}").status_code == 404
    assert client.get("/cases/999999999").status_code == 404
    assert client.get("/cases/99999999999").status_code == 404
    assert other.id not in listed_ids(text_of(client.get("/cases/")))


def test_a_restricted_user_gets_404_for_the_case_and_does_not_see_it_listed(app, office):
    agency, handler, leader = office
    case = make_case(agency_in_charge_id=agency.id)
    restrict_case(case=case, reason="Người bị tố cáo", user_id=handler.id, actor=leader)
    db.session.commit()
    client = client_of(app, handler)
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert case.id not in listed_ids(text_of(client.get("/cases/")))
    assert client_of(app, leader).get(f"/cases/{case.id}").status_code == 200


def test_the_administrator_sees_no_case_content(app, office):
    admin = make_user(role=Role.ADMIN)
    db.session.commit()
    client = client_of(app, admin)
    assert client.get("/cases/").status_code == 403


# ---------------------------------------------------------------------------------------------------------
# The list: filters and paging
# ---------------------------------------------------------------------------------------------------------


def test_filters_by_status_type_round_handler_and_agency(app, office):
    agency, handler, leader = office
    below = make_agency(name="Thanh tra tỉnh", parent_id=agency.id)
    complaint = accepted_case(agency, title="Khiếu nại bồi thường", handler_id=handler.id)
    denunciation = a_case(below, case_type=CaseType.DENUNCIATION, title="Tố cáo cán bộ")
    second = a_case(agency, case_round=CaseRound.SECOND, title="Khiếu nại lần hai")
    db.session.commit()
    client = client_of(app, leader)
    assert listed_ids(text_of(client.get("/cases/?status=accepted"))) == [complaint.id]
    assert listed_ids(text_of(client.get("/cases/?type=denunciation"))) == [denunciation.id]
    assert listed_ids(text_of(client.get("/cases/?round=second"))) == [second.id]
    assert listed_ids(text_of(client.get(f"/cases/?handler={handler.id}"))) == [complaint.id]
    assert listed_ids(text_of(client.get(f"/cases/?agency={below.id}"))) == [denunciation.id]
    # Unreadable filters are no filters, never a 500.
    assert client.get("/cases/?status=nope&agency=x&handler=99999999999&round=9").status_code == 200


def test_an_agency_outside_the_scope_filters_to_nothing(app, office):
    agency, _handler, leader = office
    make_case(agency_in_charge_id=agency.id)
    foreign = make_case(title="Vụ việc ngoài phạm vi")
    db.session.commit()
    body = text_of(client_of(app, leader).get(f"/cases/?agency={foreign.agency_in_charge_id}"))
    assert listed_ids(body) == [] and "Vụ việc ngoài phạm vi" not in body


def test_overdue_lists_the_cases_whose_resolution_clock_is_past_due(app, office):
    agency, _handler, leader = office
    late = accepted_case(agency, accepted_on=date(2026, 3, 2), title="Quá hạn")
    on_time = accepted_case(agency, accepted_on=date.today() - timedelta(days=1), title="Còn hạn")
    stopped = accepted_case(agency, accepted_on=date(2026, 3, 2), title="Đã giải quyết")
    clock = db.session.scalar(sa.select(Clock).where(Clock.record_type == RecordType.CASE, Clock.record_id == stopped.id))
    stop_clock(clock, reason="Đã ban hành quyết định")
    db.session.commit()
    assert late.resolution_due_on is not None and stopped.resolution_due_on is None
    client = client_of(app, leader)
    assert listed_ids(text_of(client.get("/cases/?overdue=1"))) == [late.id]
    by_due = listed_ids(text_of(client.get("/cases/?sort=due_asc")))
    assert by_due == [late.id, on_time.id]


def test_text_search_goes_through_the_session_and_finds_words_of_the_title_without_accents(app, office):
    agency, _handler, leader = office
    found = make_case(agency_in_charge_id=agency.id, title="Khiếu nại về bồi thường đất ở phường Hồng Gai")
    make_case(agency_in_charge_id=agency.id, title="Tố cáo cán bộ địa chính")
    db.session.commit()
    client = client_of(app, leader)
    response = client.post("/cases/search", data={"text": "boi thuong hong gai"})
    assert response.status_code == 302 and "boi" not in response.headers["Location"]
    body = text_of(client.get("/cases/"))
    assert listed_ids(body) == [found.id]
    client.post("/cases/search", data={"text": ""})
    assert len(listed_ids(text_of(client.get("/cases/")))) == 2


def test_the_list_pages_with_a_keyset_cursor_keeping_the_filters(app, office):
    agency, _handler, leader = office
    app.config["PAGE_SIZE"] = 3
    try:
        cases = [make_case(agency_in_charge_id=agency.id, opened_on=date(2026, 1, 1) + timedelta(days=i)) for i in range(7)]
        db.session.commit()
        client = client_of(app, leader)
        first = text_of(client.get("/cases/?type=complaint"))
        assert listed_ids(first) == [c.id for c in reversed(cases)][:3]
        after = re.search(r'href="(/cases/\?after=[^"]+)"', first)
        assert after is not None and "type=complaint" in after.group(1)
        second = text_of(client.get(after.group(1).replace("&amp;", "&")))
        assert listed_ids(second) == [c.id for c in reversed(cases)][3:6]
        # A cursor that was tampered with starts from the top, never a 500.
        assert listed_ids(text_of(client.get("/cases/?after=garbage"))) == [c.id for c in reversed(cases)][:3]
    finally:
        app.config["PAGE_SIZE"] = 50


# ---------------------------------------------------------------------------------------------------------
# The case page
# ---------------------------------------------------------------------------------------------------------


def test_the_case_page_shows_every_letter_document_clock_event_and_history_on_its_timeline(app, office):
    agency, handler, leader = office
    letter = make_letter(agency=agency, actor=handler, received_on=date(2026, 7, 2),
                         summary="Khiếu nại quyết định thu hồi đất của UBND phường")
    case = db.session.get(CaseFile, letter.case_id)
    with history_context(actor=leader, reason="Thụ lý giải quyết"):
        record_case_status(case, CaseStatus.ACCEPTED, effective_on=date(2026, 7, 6), actor=leader, note="Thụ lý")
        case.handler_id = handler.id
        db.session.flush()
    start_clock(case, rule_id="D15", trigger_on=date(2026, 7, 6), reason="Thụ lý")
    paper = make_document(issuing_agency=agency, fields={"subject": "Thông báo thụ lý giải quyết khiếu nại"})
    paper.record_type, paper.record_id = "case", case.id  # a case paper (cases-contract: record_type "case")
    with history_context(actor=leader, reason="Quyết định giải quyết"):
        outcome = CaseOutcome(case_file_id=case.id, verdict=CaseVerdict.PARTLY_RIGHT, decided_on=date(2026, 8, 3),
                              return_money_persons=Decimal("1250.5"), return_land_persons=Decimal("120.25"))
        db.session.add(outcome)
        db.session.flush()
        outcome.returned_money_persons = Decimal("1000")
        db.session.flush()
    db.session.commit()
    body = text_of(client_of(app, handler).get(f"/cases/{case.id}"))
    timeline = body[body.index('id="case-timeline"'):body.index('id="case-documents"')]
    # The letter, the paper, the status event and the clock with its due date and explanation, in date order.
    assert f"Nhận đơn số {letter.register_label}" in timeline
    assert "Lập văn bản: Thông báo thụ lý giải quyết khiếu nại" in timeline and f'href="/documents/{paper.id}"' in timeline
    assert timeline.index("Nhận đơn số") < timeline.index("Đã thụ lý") < timeline.index("(Vụ việc), hạn")
    clock = db.session.scalar(sa.select(Clock).where(Clock.record_type == RecordType.CASE, Clock.record_id == case.id))
    assert clock.due_on.strftime("%d/%m/%Y") in timeline and clock.explanation[:40] in body
    # The letter's own clocks are on the page too (D10 of the letter).
    clocks = body[body.index('id="case-clocks"'):body.index('id="case-members"')]
    assert f"Đơn số {letter.register_label}" in clocks and "Vụ việc" in clocks
    # The outcome: verdict and figures the Vietnamese way.
    block = body[body.index('id="case-outcome"'):body.index('id="case-timeline"')]
    assert "Khiếu nại có đúng, có sai" in block and "1.250,5 triệu đồng" in block and "120,25 m²" in block
    assert "1.000 triệu đồng" in block
    # History in words, the case's and its outcome's, through the letters' presenter.
    history = body[body.index('id="case-history"'):]
    assert "Trạng thái: Đang tiếp nhận, chưa thụ lý → Đã thụ lý" in history
    assert f"Cán bộ xác minh:  → {handler.full_name}" in history
    assert "Đã trả lại cho cá nhân: tiền: 0 → 1.000" in history
    assert "Trường khác" not in history


def test_a_denouncers_identity_is_never_shown_on_the_case_page(app, office):
    agency, handler, leader = office
    letter = make_letter(agency=agency, actor=handler, letter_type=LetterType.DENUNCIATION, complaint_subtype=None,
                         identity=Identity(full_name="Hoàng Văn Kín", id_number="001099012345"),
                         summary="Tố cáo cán bộ địa chính nhận tiền")
    db.session.commit()
    body = text_of(client_of(app, leader).get(f"/cases/{letter.case_id}"))
    assert "Hoàng Văn Kín" not in body and "001099012345" not in body
    assert "Danh tính người tố cáo được bảo mật" in body


def test_the_lineage_links_the_earlier_round_and_the_next_one(app, office):
    agency, _handler, leader = office
    first = a_case(agency, title="Khiếu nại lần đầu")
    second = a_case(agency, title="Khiếu nại lần hai", case_round=CaseRound.SECOND, parent_case_id=first.id,
                    court_filed_on=date(2026, 11, 2), court_reference="Thụ lý số 12/2026/TLST-HC")
    db.session.commit()
    client = client_of(app, leader)
    body = text_of(client.get(f"/cases/{first.id}"))
    lineage = body[body.index('id="case-lineage"'):]
    assert f'href="/cases/{second.id}"' in lineage
    body = text_of(client.get(f"/cases/{second.id}"))
    lineage = body[body.index('id="case-lineage"'):]
    assert f'href="/cases/{first.id}"' in lineage and "Thụ lý số 12/2026/TLST-HC" in lineage and "02/11/2026" in lineage


def test_an_earlier_round_outside_the_scope_is_named_without_a_link(app, office):
    agency, _handler, leader = office
    foreign = make_case(title="Vụ việc lần đầu ở cơ quan khác")
    second = a_case(agency, case_round=CaseRound.SECOND, parent_case_id=foreign.id)
    db.session.commit()
    body = text_of(client_of(app, leader).get(f"/cases/{second.id}"))
    assert f'href="/cases/{foreign.id}"' not in body and "Vụ việc lần đầu ở cơ quan khác" not in body


def test_a_case_opened_at_a_visit_shows_the_visit_and_its_clocks_and_hides_a_denouncer(app, office):
    agency, handler, leader = office
    citizen = make_citizen(agency_id=agency.id, full_name="Đỗ Văn Khiếu")
    with immediate_transactions():
        complaint = make_visit(agency=agency, officer=handler, citizen_id=citizen.id)
        denunciation = make_visit(agency=agency, officer=handler, classification=VisitClass.DENUNCIATION,
                                  summary="Tố cáo cán bộ thu tiền", outcome=VisitOutcome.GUIDED,
                                  guided_to="Thanh tra tỉnh", person=CitizenInput(full_name="Vũ Thị Kín"))
    db.session.commit()
    client = client_of(app, leader)
    body = text_of(client.get(f"/cases/{complaint.case_id}"))
    timeline = body[body.index('id="case-timeline"'):body.index('id="case-documents"')]
    assert f"Tiếp công dân (lượt số {complaint.book_number}/{complaint.book_year})" in timeline
    assert "Đỗ Văn Khiếu" in timeline and f'href="/reception/visits/{complaint.id}"' in timeline
    clocks = body[body.index('id="case-clocks"'):body.index('id="case-members"')]
    assert f"Lượt tiếp số {complaint.book_number}/{complaint.book_year}" in clocks  # the visit's D7
    body = text_of(client.get(f"/cases/{denunciation.case_id}"))
    assert "Vũ Thị Kín" not in body and "Danh tính người tố cáo được bảo mật" in body


def test_an_open_clock_past_its_due_date_is_marked_overdue_on_the_timeline(app, office):
    agency, _handler, leader = office
    case = accepted_case(agency, accepted_on=date(2026, 3, 2), title="Vụ việc quá hạn")
    db.session.commit()
    body = text_of(client_of(app, leader).get(f"/cases/{case.id}"))
    timeline = body[body.index('id="case-timeline"'):body.index('id="case-documents"')]
    assert "Quá hạn: Giải quyết khiếu nại lần đầu (Vụ việc)" in timeline
    assert 'text-danger fw-semibold" id="case-due"' in body


def test_a_citizens_period_past_its_end_is_not_called_overdue(app, office):
    """D16 (round 2), D18 (the decision becomes final), D20 (continuing a terminated complaint) are the citizen's
    periods: their end is said as such on the timeline and the clocks, never "Quá hạn"."""
    agency, _handler, leader = office
    case = a_case(agency, title="Vụ việc đã có quyết định")
    for rule in ("D16", "D18", "D20"):
        start_clock(case, rule_id=rule, trigger_on=date(2026, 3, 2), reason="Ban hành quyết định")
    db.session.commit()
    body = text_of(client_of(app, leader).get(f"/cases/{case.id}"))
    timeline = body[body.index('id="case-timeline"'):body.index('id="case-documents"')]
    assert "Quá hạn" not in timeline and "table-danger" not in timeline
    assert "Hết thời hạn khiếu nại lần hai (Vụ việc)" in timeline
    assert "Quyết định giải quyết khiếu nại có hiệu lực pháp luật (Vụ việc)" in timeline
    assert "Hết thời hạn tiếp tục khiếu nại (Vụ việc)" in timeline
    clocks = body[body.index('id="case-clocks"'):body.index('id="case-members"')]
    assert clocks.count("<tr") == 4 and "table-danger" not in clocks  # header + the three periods
