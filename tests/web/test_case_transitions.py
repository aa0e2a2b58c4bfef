"""The case page's transition forms (issue 18): the forms offered to each role in each state, each POST calling
flow's service (petitions.cases.transitions) under the version check, a paper's draft opened for editing and
issuing, the decision's figures read as exact decimals (one parser), errors beside their fields with the input
kept, role → 403, scope → 404, CSRF."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from petitions.cases import transitions as tr
from petitions.cases.models import CaseFile, CaseOutcome
from petitions.deadlines.models import Clock, RecordType
from petitions.deadlines.services import seed_calendar
from petitions.documents import services as documents
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.records import CaseStatus, CaseType, ComplaintSubtype, Complexity
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from tests.factories import count_rows, log_in, make_case, make_user
from tests.letters_papers.conftest import office, seeded  # noqa: F401  (fixtures)


@pytest.fixture
def ban(seeded):  # noqa: F811
    seed_calendar()
    with immediate_transactions():
        yield office("BTCD")


def client_of(app, user):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert log_in(client, user).status_code == 302
    return client


def complaint(ban: Any, **more: Any) -> CaseFile:
    return make_case(agency=ban.agency, case_type=CaseType.COMPLAINT, complaint_subtype=ComplaintSubtype.ADMINISTRATIVE,
                     title="Khiếu nại việc bồi thường khi thu hồi đất", opened_on=date(2026, 7, 2), **more)


def issue(document: Document, actor: Any, day: date) -> None:
    documents.issue_document(document, actor=actor, issue_date=day)


def verifying(ban: Any) -> CaseFile:
    """A complaint accepted on 06/07/2026 and under verification from 10/07/2026 (through flow's services)."""
    case = complaint(ban)
    issue(tr.accept_case(case, actor=ban.leader), ban.leader, date(2026, 7, 6))
    issue(tr.assign_verification(case, actor=ban.leader, handler_id=ban.officer.id), ban.leader, date(2026, 7, 10))
    assert case.status == CaseStatus.VERIFYING
    return case


def reported(ban: Any) -> CaseFile:
    """The complaint of `verifying` with its verification report issued on 20/07/2026: it may be decided."""
    case = verifying(ban)
    issue(tr.report_verification(case, findings="Hồ sơ bồi thường áp dụng sai đơn giá đất ở.", actor=ban.officer),
          ban.leader, date(2026, 7, 20))
    assert case.verification_reported_on == date(2026, 7, 20)
    return case


def forms_on(body: str) -> set[str]:
    return set(re.findall(r'<form method="post" id="([a-z_]+)-form" action="/cases/', body))


def page(client, case) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/cases/{case.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


# ---------------------------------------------------------------------------------------------------------
# What each role is offered
# ---------------------------------------------------------------------------------------------------------


def test_an_open_complaint_offers_the_leader_acceptance_and_nothing_to_the_handler(app, ban):
    case = complaint(ban)
    viewer = make_user(role=Role.VIEWER, agency=ban.agency)
    db.session.commit()
    assert {"accept", "not_accept", "reclassify"} <= forms_on(page(client_of(app, ban.leader), case))
    assert forms_on(page(client_of(app, ban.officer), case)) == set()
    assert forms_on(page(client_of(app, viewer), case)) == set()


def test_a_case_under_verification_offers_the_report_and_no_decision_before_it(app, ban):
    case = verifying(ban)
    db.session.commit()
    leader = client_of(app, ban.leader)
    offered = forms_on(page(leader, case))
    assert {"report", "dialogue", "suspend", "withdraw", "terminate"} <= offered
    # Luật KN Đ29, TC Đ35: no decision before the verification report; the report form is offered instead.
    assert "decide" not in offered
    assert "accept" not in offered and "extend" not in offered  # complaints have no extension (D15)
    assert {"report", "dialogue", "withdraw"} <= forms_on(page(client_of(app, ban.officer), case))
    refused = leader.post(f"/cases/{case.id}/decide", data={"version": case.version, "verdict": "wrong"})
    assert refused.status_code == 400
    assert "Chưa có báo cáo kết quả xác minh" in refused.get_data(as_text=True)
    assert count_rows(Document, Document.record_id == case.id, Document.record_type == "case_file") == 2
    assert case.status == CaseStatus.VERIFYING


def test_a_reported_case_offers_dialogue_and_decision_and_no_second_report(app, ban):
    case = reported(ban)
    db.session.commit()
    offered = forms_on(page(client_of(app, ban.leader), case))
    assert {"dialogue", "decide", "suspend", "withdraw", "terminate"} <= offered
    assert "report" not in offered


# ---------------------------------------------------------------------------------------------------------
# A paper: drafted, opened, issued
# ---------------------------------------------------------------------------------------------------------


def test_acceptance_drafts_its_paper_opens_it_and_issuing_it_accepts_the_case(app, ban):
    case = complaint(ban)
    db.session.commit()
    leader = client_of(app, ban.leader)
    response = leader.post(f"/cases/{case.id}/accept", data={"version": case.version})
    assert response.status_code == 302
    match = re.fullmatch(r"/documents/(\d+)", response.headers["Location"])
    assert match is not None
    draft = db.session.get(Document, int(match.group(1)))
    assert draft.status == DocumentStatus.DRAFT and tr.case_paper_of(draft).value == "complaint_acceptance_notice"
    assert case.status == CaseStatus.OPEN  # the event waits for the issue
    body = leader.get(response.headers["Location"]).get_data(as_text=True)
    assert f'href="/cases/{case.id}"' in body  # the document page links back to the case
    assert leader.post(f"/documents/{draft.id}/issue", data={"version": draft.version}).status_code == 302
    db.session.refresh(case)
    assert case.status == CaseStatus.ACCEPTED and case.resolution_due_on is not None
    timeline = page(leader, case)
    timeline = timeline[timeline.index('id="case-timeline"'):timeline.index('id="case-documents"')]
    assert "Thụ lý (Đã thụ lý)" in timeline and "Ban hành: Thông báo thụ lý khiếu nại" in timeline
    assert case.resolution_due_on.strftime("%d/%m/%Y") in timeline


def test_a_pending_draft_is_not_offered_again_and_a_second_post_is_refused(app, ban):
    case = complaint(ban)
    db.session.commit()
    leader = client_of(app, ban.leader)
    assert leader.post(f"/cases/{case.id}/accept", data={"version": case.version}).status_code == 302
    assert "accept" not in forms_on(page(leader, case))
    response = leader.post(f"/cases/{case.id}/accept", data={"version": case.version})
    assert response.status_code == 400
    assert count_rows(Document, Document.record_id == case.id, Document.record_type == "case_file") == 1


# ---------------------------------------------------------------------------------------------------------
# Role, scope, version, CSRF
# ---------------------------------------------------------------------------------------------------------


def test_the_wrong_role_gets_403_and_nothing_is_drafted(app, ban):
    case = complaint(ban)
    viewer = make_user(role=Role.VIEWER, agency=ban.agency)
    db.session.commit()
    assert client_of(app, ban.officer).post(f"/cases/{case.id}/accept", data={"version": case.version}).status_code == 403
    assert client_of(app, viewer).post(f"/cases/{case.id}/withdraw", data={"version": case.version}).status_code == 403
    assert count_rows(Document, Document.record_id == case.id) == 0


def test_a_case_outside_the_scope_answers_404_to_every_transition(app, ban):
    case = complaint(ban)
    stranger = make_user(role=Role.LEADER)
    db.session.commit()
    client = client_of(app, stranger)
    for route in ("accept", "not-accept", "reclassify", "decide", "close"):
        assert client.post(f"/cases/{case.id}/{route}", data={"version": case.version}).status_code == 404, route
    assert client.post("/cases/99999999999/accept", data={"version": 1}).status_code == 404
    assert count_rows(Document, Document.record_id == case.id) == 0


def test_a_stale_version_answers_409_and_keeps_what_was_typed(app, ban):
    case = verifying(ban)
    db.session.commit()
    old = case.version
    leader = client_of(app, ban.leader)
    tr.withdraw_case(case, reason="Người khiếu nại nộp đơn rút khiếu nại", actor=ban.leader)
    db.session.commit()
    response = leader.post(
        f"/cases/{case.id}/reclassify",
        data={"version": old, "complexity": "complex", "reason": "Nhiều nội dung, nhiều nơi phải xác minh"},
    )
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "vừa được" in body and "Nhiều nội dung, nhiều nơi phải xác minh" in body
    assert case.complexity == Complexity.ORDINARY


def test_transitions_need_the_csrf_token(app, ban, monkeypatch):
    case = complaint(ban)
    db.session.commit()
    leader = client_of(app, ban.leader)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = leader.post(f"/cases/{case.id}/accept", data={"version": case.version})
    assert response.status_code == 400
    assert count_rows(Document, Document.record_id == case.id) == 0


# ---------------------------------------------------------------------------------------------------------
# Forms: errors beside their fields, input kept; figures as exact decimals
# ---------------------------------------------------------------------------------------------------------


def test_reclassification_moves_the_due_date_at_once(app, ban):
    case = verifying(ban)
    db.session.commit()
    before = case.resolution_due_on
    response = client_of(app, ban.leader).post(
        f"/cases/{case.id}/reclassify",
        data={"version": case.version, "complexity": "complex", "reason": "Nhiều nội dung phải xác minh ở nhiều nơi"},
    )
    assert response.status_code == 302 and response.headers["Location"].startswith(f"/cases/{case.id}")
    db.session.refresh(case)
    assert case.complexity == Complexity.COMPLEX and case.resolution_due_on > before


def test_the_decision_reads_vietnamese_and_dotted_figures_exactly(app, ban):
    case = reported(ban)
    db.session.commit()
    response = client_of(app, ban.leader).post(
        f"/cases/{case.id}/decide",
        data={"version": case.version, "verdict": "partly_right", "return_money_persons": "1.250,5",
              "return_land_persons": "120.25", "restored_persons": "2", "conclusion": "Khiếu nại có đúng, có sai"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    draft = db.session.get(Document, int(response.headers["Location"].rsplit("/", 1)[1]))
    params = draft.body_data["case_params"]
    assert Decimal(params["return_money_persons"]) == Decimal("1250.5")
    assert Decimal(params["return_land_persons"]) == Decimal("120.25")
    assert params["restored_persons"] == 2 and params["verdict"] == "partly_right"
    assert documents.issue_document(draft, actor=ban.leader, issue_date=date(2026, 8, 3)) is not None
    outcome = db.session.scalar(sa.select(CaseOutcome).where(CaseOutcome.case_file_id == case.id))
    assert outcome.return_money_persons == Decimal("1250.5") and case.status == CaseStatus.DECIDED


def test_an_unreadable_figure_is_refused_beside_its_field_with_the_text_kept(app, ban):
    case = reported(ban)
    db.session.commit()
    response = client_of(app, ban.leader).post(
        f"/cases/{case.id}/decide",
        data={"version": case.version, "verdict": "partly_right", "return_money_persons": "12a",
              "recover_land": "10,125", "conclusion": "Nội dung kết luận giữ nguyên"},
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'value="12a"' in body and "không đọc được" in body
    assert "tối đa 2 chữ số sau dấu phẩy" in body and 'value="10,125"' in body
    assert "Nội dung kết luận giữ nguyên" in body
    assert count_rows(Document, Document.record_id == case.id, Document.record_type == "case_file") == 3


def test_a_verdict_is_required_and_the_refusal_stands_beside_it(app, ban):
    case = reported(ban)
    db.session.commit()
    response = client_of(app, ban.leader).post(f"/cases/{case.id}/decide", data={"version": case.version})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    section = body[body.index('id="decide-form"'):]
    assert "Vui lòng chọn kết quả giải quyết." in section[: section.index("</form>")]


def test_a_dialogue_in_the_future_is_refused_with_a_clear_message(app, ban):
    case = verifying(ban)
    db.session.commit()
    response = client_of(app, ban.leader).post(
        f"/cases/{case.id}/dialogue",
        data={"version": case.version, "held_on": "2099-01-05", "participants": "Ông A\nBà B", "result": "Thống nhất"},
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "là ngày trong tương lai" in body and "Ông A" in body
    assert case.status == CaseStatus.VERIFYING


def test_an_extension_of_a_denunciation_not_classed_complex_is_refused_with_the_reason(app, ban):
    case = make_case(agency=ban.agency, case_type=CaseType.DENUNCIATION, title="Tố cáo cán bộ", opened_on=date(2026, 7, 2))
    issue(tr.accept_case(case, actor=ban.leader), ban.leader, date(2026, 7, 6))
    db.session.commit()
    leader = client_of(app, ban.leader)
    assert "extend" in forms_on(page(leader, case))
    response = leader.post(f"/cases/{case.id}/extend", data={"version": case.version, "days": "30",
                                                             "reason": "Cần xác minh thêm tại nhiều nơi"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "phức tạp" in body and "Cần xác minh thêm tại nhiều nơi" in body
    clock = db.session.scalar(
        sa.select(Clock).where(Clock.record_type == RecordType.CASE, Clock.record_id == case.id, Clock.rule_id == "D24")
    )
    assert clock.extension_days == []


@pytest.mark.parametrize(("verdict", "message"), [("xyz", "Vui lòng chọn kết quả giải quyết."), ("true", "không dùng cho vụ việc này")])
def test_a_tampered_or_foreign_verdict_is_refused_in_vietnamese(app, ban, verdict, message):
    case = reported(ban)
    db.session.commit()
    response = client_of(app, ban.leader).post(f"/cases/{case.id}/decide", data={"version": case.version, "verdict": verdict})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in body and "Not a valid choice" not in body
    assert case.status == CaseStatus.VERIFYING


def test_a_verifying_officer_of_another_agency_is_refused_as_missing(app, ban):
    case = complaint(ban)
    issue(tr.accept_case(case, actor=ban.leader), ban.leader, date(2026, 7, 6))
    stranger = make_user(role=Role.HANDLER)
    db.session.commit()
    for handler in (str(stranger.id), "abc", "99999999999"):
        response = client_of(app, ban.leader).post(
            f"/cases/{case.id}/verify", data={"version": case.version, "handler": handler, "plan": "Kế hoạch xác minh"}
        )
        assert response.status_code == 400, handler
        body = response.get_data(as_text=True)
        section = body[body.index('id="verify-form"'):]
        assert "Không tìm thấy cán bộ đã chọn." in section[: section.index("</form>")] and stranger.full_name not in body
    assert count_rows(Document, Document.record_id == case.id, Document.record_type == "case_file") == 1


def test_the_decision_form_offers_what_the_issued_report_and_dialogue_record_say(app, ban):
    case = verifying(ban)
    issue(tr.report_verification(case, findings="Hồ sơ bồi thường áp dụng sai đơn giá đất ở.", actor=ban.officer),
          ban.leader, date(2026, 7, 20))
    issue(tr.hold_dialogue(case, held_on=date(2026, 7, 22), participants=("Bà Lê Thị Hằng",),
                           result="Hai bên thống nhất diện tích, chưa thống nhất đơn giá.", actor=ban.officer),
          ban.leader, date(2026, 7, 22))
    db.session.commit()
    body = page(client_of(app, ban.leader), case)
    section = body[body.index('id="decide-form"'):]
    section = section[: section.index("</form>")]
    assert "Hồ sơ bồi thường áp dụng sai đơn giá đất ở." in section
    assert "Hai bên thống nhất diện tích, chưa thống nhất đơn giá." in section


def test_the_next_round_opens_a_linked_case_and_shows_it(app, ban):
    case = reported(ban)
    issue(tr.decide_case(case, verdict="wrong", actor=ban.leader), ban.leader, date(2026, 8, 3))
    db.session.commit()
    leader = client_of(app, ban.leader)
    assert "next_round" in forms_on(page(leader, case))
    late = leader.post(f"/cases/{case.id}/next-round", data={"version": case.version, "received_on": "2026-11-20",
                                                             "reason": "Bà Hằng khiếu nại lần hai"})
    assert late.status_code == 400 and "hết thời hạn khiếu nại lần hai" in late.get_data(as_text=True)
    response = leader.post(f"/cases/{case.id}/next-round", data={"version": case.version, "received_on": "2026-08-20",
                                                                 "reason": "Bà Hằng khiếu nại lần hai"})
    assert response.status_code == 302
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert new_id != case.id
    lineage = page(leader, case)
    assert f'href="/cases/{new_id}"' in lineage[lineage.index('id="case-lineage"'):]
    second = page(leader, db.session.get(CaseFile, new_id))
    assert f'href="/cases/{case.id}"' in second[second.index('id="case-lineage"'):] and "Lần hai" in second


def test_a_form_sent_after_the_case_moved_on_keeps_its_text_on_screen(app, ban):
    case = reported(ban)
    db.session.commit()
    old = case.version
    issue(tr.decide_case(case, verdict="wrong", actor=ban.leader), ban.leader, date(2026, 8, 3))
    db.session.commit()
    response = client_of(app, ban.leader).post(
        f"/cases/{case.id}/dialogue",
        data={"version": old, "held_on": "2026-08-01", "participants": "Ông Nguyễn Văn Giữ",
              "result": "Kết quả đối thoại cần giữ lại"},
    )
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Kết quả đối thoại cần giữ lại" in body and "Ông Nguyễn Văn Giữ" in body
