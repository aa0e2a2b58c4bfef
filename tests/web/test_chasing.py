"""The chasing page through the web: a leader builds today's list (a petition forwarded on 15/07/2026 is long
overdue: its first urging is proposed), opens the step, approves and issues it or skips it with a reason; the
officer sees the list without the forms; a liaison, another office and a stale or answered step are refused."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.chasing.models import Chase
from petitions.documents import services as documents
from petitions.documents.models import Document, DocumentStatus
from petitions.domain.chasing import ChaseStatus, ChaseStep
from petitions.domain.records import LetterType
from petitions.domain.referrals import ReferralOutcome
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters import handling
from petitions.letters.handling_papers import HandlingPaper
from petitions.letters.services import assign_letter
from petitions.referrals import services as referrals
from petitions.referrals.models import Referral
from tests.factories import make_user
from tests.letters_papers.conftest import agency, complaint, seeded, ward  # noqa: F401  (fixtures)
from tests.web.test_referrals import DAY, PDF, ban, client_of  # noqa: F401  (ban: a fixture)


@pytest.fixture
def proposed(app, ban, ward):  # type: ignore[no-untyped-def]  # noqa: F811
    """The Ban's petition forwarded to the Hồng Gai ward on 15/07 (due 14/08), and today's list built by its
    leader through the page: the first urging waits for a leader."""
    letter = complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None)
    with immediate_transactions():
        assign_letter(letter, officer_id=ban.officer.id, direction="Xem xét", actor=ban.leader, effective_on=DAY)
        paper = handling.propose_handling(letter, HandlingPaper.FORWARD_PETITION, actor=ban.officer, effective_on=DAY,
                                          receiver_agency_id=agency("PHG").id)
        handling.approve_proposal(letter, actor=ban.leader, effective_on=DAY)
        documents.issue_document(paper, actor=ban.leader, issue_date=date(2026, 7, 15))
    db.session.commit()
    leader = client_of(app, ban.leader)
    built = leader.post("/chasing/build")
    assert built.status_code == 302
    chase = db.session.scalars(sa.select(Chase)).one()
    return leader, chase


def test_the_leader_builds_the_list_and_sees_the_proposed_urging(proposed, ban):  # noqa: F811
    leader, chase = proposed
    page = leader.get("/chasing/").get_data(as_text=True)
    assert "đề xuất mới 1 (đôn đốc lần 1 1)" in page  # the flash of the build
    assert chase.step == ChaseStep.FIRST_URGING and "Đôn đốc lần 1" in page and "Ủy ban nhân dân phường Hồng Gai" in page
    assert 'id="build-form"' in page
    assert "Chờ lãnh đạo duyệt" in page and "Lê Thị Hằng" not in page
    assert "Danh sách hôm nay đã lập 1 lần" in page
    # The body a step is sent to is not late yet for a reminder: the column names the receiving body.
    assert "<th>Cơ quan nhận</th>" in page and "Cơ quan chậm" not in page
    assert "Không có bước đôn đốc nào." in leader.get("/chasing/?status=withdrawn").get_data(as_text=True)
    assert "Đôn đốc lần 1" in leader.get("/chasing/?status=all&step=first_urging").get_data(as_text=True)


def test_approve_and_issue_numbers_the_urging_and_shows_its_print(proposed, ban):  # noqa: F811
    leader, chase = proposed
    item = leader.get(f"/chasing/{chase.id}").get_data(as_text=True)
    assert 'id="approve-form"' in item and 'id="skip-form"' in item and "14/08/2026" in item
    answer = leader.post(f"/chasing/{chase.id}/approve", data={
        "approve-version": str(chase.version), "approve-step": "first_urging", "approve-issue": "issue"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/chasing/{chase.id}")
    db.session.expire_all()
    chase = db.session.get(Chase, chase.id)
    document = db.session.get(Document, chase.document_id)
    assert chase.status == ChaseStatus.APPROVED and document.status == DocumentStatus.ISSUED
    page = leader.get(f"/chasing/{chase.id}").get_data(as_text=True)
    assert "Đã duyệt và ban hành văn bản đôn đốc." in page and f"Số {document.number_symbol}" in page
    assert 'id="approve-form"' not in page
    printed = leader.get(f"/documents/{document.id}/pdf")
    assert printed.status_code == 200 and printed.data.startswith(b"%PDF")


def test_approve_without_issue_leaves_a_draft_for_the_van_thu(proposed, ban):  # noqa: F811
    leader, chase = proposed
    leader.post(f"/chasing/{chase.id}/approve", data={
        "approve-version": str(chase.version), "approve-step": "first_urging", "approve-issue": "draft"})
    db.session.expire_all()
    document = db.session.get(Document, db.session.get(Chase, chase.id).document_id)
    assert document.status == DocumentStatus.DRAFT
    assert "Dự thảo, chờ văn thư cấp số" in leader.get(f"/chasing/{chase.id}").get_data(as_text=True)


def test_a_skip_needs_a_reason(proposed, ban):  # noqa: F811
    leader, chase = proposed
    refused = leader.post(f"/chasing/{chase.id}/skip", data={"skip-version": str(chase.version), "skip-reason": "ab"})
    assert refused.status_code == 400
    done = leader.post(f"/chasing/{chase.id}/skip", data={
        "skip-version": str(chase.version), "skip-reason": "Cơ quan đã báo cáo qua điện thoại"})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Chase, chase.id).status == ChaseStatus.SKIPPED


def test_a_stale_form_answers_409_and_an_answered_item_refuses_approval(proposed, ban):  # noqa: F811
    leader, chase = proposed
    stale = leader.post(f"/chasing/{chase.id}/approve", data={
        "approve-version": str(chase.version + 5), "approve-step": "first_urging", "approve-issue": "draft"})
    assert stale.status_code == 409
    referral = db.session.get(Referral, chase.referral_id)
    db.session.execute(sa.update(Referral).where(Referral.id == referral.id).values(
        status="ANSWERED", answer_on=date(2026, 8, 20)))
    db.session.commit()
    refused = leader.post(f"/chasing/{chase.id}/approve", data={
        "approve-version": str(chase.version), "approve-step": "first_urging", "approve-issue": "draft"})
    assert refused.status_code == 400 and "Đã nhận kết quả ngày 20/08/2026" in refused.get_data(as_text=True)


def test_the_answer_withdraws_the_step_shown_on_the_page(app, proposed, ban):  # noqa: F811
    leader, chase = proposed
    with immediate_transactions():
        referrals.answer(db.session.get(Referral, chase.referral_id), referrals.Answer(
            number="45/UBND", answered_on=date(2026, 8, 20), summary="Đã giải quyết xong", outcome=ReferralOutcome.RESOLVED,
            filename="kq.pdf", data=PDF), actor=make_user(role=Role.LIAISON, agency=agency("PHG")))
    db.session.commit()
    page = leader.get(f"/chasing/{chase.id}").get_data(as_text=True)
    assert "Đã rút: Đã nhận kết quả ngày 20/08/2026" in page and 'id="approve-form"' not in page
    # The office's page of the item lists its chasing steps.
    sent = leader.get(f"/workspace/sent/{chase.referral_id}").get_data(as_text=True)
    assert 'id="referral-chases"' in sent and "Đôn đốc lần 1" in sent and "Đã nhận kết quả ngày 20/08/2026" in sent


def test_the_home_page_counts_the_steps_waiting_for_a_leader(app, proposed, ban):  # noqa: F811
    leader, chase = proposed
    home = leader.get("/").get_data(as_text=True)
    assert 'id="chasing-home"' in home and 'data-count="chasing-waiting">1<' in home
    # The office's officers see it too; a liaison of the body chased and another office do not.
    assert 'data-count="chasing-waiting">1<' in client_of(app, ban.officer).get("/").get_data(as_text=True)
    for stranger in (make_user(role=Role.LIAISON, agency=agency("PHG")), make_user(role=Role.LEADER, agency=agency("TTR"))):
        assert 'id="chasing-home"' not in client_of(app, stranger).get("/").get_data(as_text=True)
    # Once decided, nothing waits: the line goes.
    assert leader.post(f"/chasing/{chase.id}/skip", data={"skip-version": str(chase.version),
                                                            "skip-reason": "Cơ quan đã báo cáo qua điện thoại"}).status_code == 302
    assert 'id="chasing-home"' not in leader.get("/").get_data(as_text=True)


def test_an_officer_sees_the_list_without_the_forms(app, proposed, ban):  # noqa: F811
    _, chase = proposed
    officer = client_of(app, ban.officer)
    assert "Đôn đốc lần 1" in officer.get("/chasing/").get_data(as_text=True)
    page = officer.get(f"/chasing/{chase.id}").get_data(as_text=True)
    assert 'id="approve-form"' not in page and 'id="build-form"' not in officer.get("/chasing/").get_data(as_text=True)
    assert officer.post(f"/chasing/{chase.id}/approve", data={"approve-version": str(chase.version)}).status_code == 403


def test_a_liaison_and_another_office_never_see_the_chase(app, proposed, ban):  # noqa: F811
    _, chase = proposed
    liaison = client_of(app, make_user(role=Role.LIAISON, agency=agency("PHG")))
    assert liaison.get("/chasing/").status_code == 403
    other = client_of(app, make_user(role=Role.LEADER, agency=agency("TTR")))
    assert "Đơn số" not in other.get("/chasing/").get_data(as_text=True)
    assert other.get(f"/chasing/{chase.id}").status_code == 404
    assert other.post(f"/chasing/{chase.id}/approve", data={"approve-version": str(chase.version)}).status_code == 404
    assert other.get("/chasing/999999").status_code == 404


def test_the_list_sends_as_many_statements_for_four_rows_as_for_one(app, ban, count_statements):  # noqa: F811
    from petitions.auth.models import User
    from petitions.chasing.services import build_day_list
    from petitions.directory.models import Agency
    from petitions.domain.referrals import ReferralKind
    from petitions.referrals.services import open_referral
    from tests.factories import make_letter

    leader = client_of(app, ban.leader)
    office_id, officer_id = ban.agency.id, ban.officer.id

    def statements(*bodies: str) -> tuple[int, int]:
        with immediate_transactions():
            for code in bodies:
                letter = make_letter(agency=db.session.get(Agency, office_id), actor=db.session.get(User, officer_id),
                                     received_on=date(2026, 6, 25),
                                     summary=f"Kiến nghị gửi {code}")
                open_referral(letter, agency_id=agency(code).id, kind=ReferralKind.FORWARDED, sent_on=date(2026, 7, 1),
                              actor=None)
            build_day_list(on=date(2026, 8, 17))
        db.session.commit()
        db.session.remove()
        assert leader.get("/chasing/").status_code == 200
        with count_statements() as counted:
            page = leader.get("/chasing/").get_data(as_text=True)
        return counted.total, page.count("data-chase=")

    one, rows_one = statements("PHG")
    four, rows_four = statements("XTY", "TTR", "SXD")
    assert (rows_one, rows_four) == (1, 4)
    assert four == one, (one, four)


def test_approval_needs_the_csrf_token(app, proposed, monkeypatch):
    leader, chase = proposed
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    refused = leader.post(f"/chasing/{chase.id}/approve", data={
        "approve-version": str(chase.version), "approve-step": "first_urging", "approve-issue": "issue"})
    assert refused.status_code == 400
    db.session.expire_all()
    assert db.session.get(Chase, chase.id).status == ChaseStatus.PROPOSED


# ---------------------------------------------------------------------------------------------------------
# Several steps approved at once from the list
# ---------------------------------------------------------------------------------------------------------


def _overdue(where, *bodies: str) -> list[Chase]:  # type: ignore[no-untyped-def]
    """One letter of `where` per body, forwarded on 01/07/2026 (long overdue on 17/08), and the day's list
    built for every office: a first urging proposed for each, in the order of `bodies`."""
    from petitions.chasing.services import build_day_list
    from petitions.domain.referrals import ReferralKind
    from petitions.referrals.services import open_referral
    from tests.factories import make_letter

    referral_ids = []
    with immediate_transactions():
        for index, code in enumerate(bodies):
            letter = make_letter(agency=where.agency, actor=where.officer, received_on=date(2026, 6, 25),
                                 summary=f"Kiến nghị số {index} của {where.agency.code} gửi {code}")
            referral_ids.append(open_referral(letter, agency_id=agency(code).id, kind=ReferralKind.FORWARDED,
                                              sent_on=date(2026, 7, 1), actor=None).id)
        build_day_list(on=date(2026, 8, 17))
    db.session.commit()
    found = {c.referral_id: c for c in db.session.scalars(sa.select(Chase).where(Chase.referral_id.in_(referral_ids)))}
    return [found[referral_id] for referral_id in referral_ids]


def _label(chase: Chase) -> str:
    return db.session.get(Referral, chase.referral_id).letter.register_label


def test_a_leader_approves_the_ticked_steps_and_is_told_which_one_was_answered_meanwhile(app, ban):  # noqa: F811
    chases = _overdue(ban, "PHG", "XTY", "TTR", "SXD")
    leader = client_of(app, ban.leader)
    page = leader.get("/chasing/").get_data(as_text=True)
    assert page.count('name="chase_ids"') == 4 and 'id="chase-select-all"' in page and 'id="bulk-approve-form"' in page
    assert 'data-confirm-count="Duyệt {n} bước đôn đốc đã chọn' in page
    answered = chases[1]
    db.session.execute(sa.update(Referral).where(Referral.id == answered.referral_id).values(
        status="ANSWERED", answer_on=date(2026, 8, 20)))
    db.session.commit()
    ids = [c.id for c in chases]
    done = leader.post("/chasing/approve-many?status=proposed", data={"chase_ids": [str(i) for i in ids], "issue": "issue"})
    assert done.status_code == 302 and "/chasing/" in done.headers["Location"]
    db.session.expire_all()
    statuses = {i: db.session.get(Chase, i).status for i in ids}
    assert statuses == {i: ChaseStatus.PROPOSED if i == answered.id else ChaseStatus.APPROVED for i in ids}
    numbers = set()
    for i in ids:
        chase = db.session.get(Chase, i)
        if i != answered.id:
            document = db.session.get(Document, chase.document_id)
            assert document.status == DocumentStatus.ISSUED and chase.step == ChaseStep.FIRST_URGING
            numbers.add(document.number_symbol)
    assert len(numbers) == 3  # each paper its own number of the register
    shown = leader.get("/chasing/").get_data(as_text=True)
    assert "Đã duyệt và ban hành 3 bước đôn đốc." in shown
    assert f"Không duyệt 1 bước: Đơn số {_label(answered)}: Đã nhận kết quả ngày 20/08/2026" in shown
    assert shown.count('name="chase_ids"') == 1  # the refused one still waits, alone


def test_draft_mode_leaves_every_paper_for_the_van_thu_and_nothing_ticked_is_refused(app, ban):  # noqa: F811
    chases = _overdue(ban, "PHG", "XTY")
    leader = client_of(app, ban.leader)
    assert leader.post("/chasing/approve-many", data={"issue": "draft"}).status_code == 400
    done = leader.post("/chasing/approve-many", data={"chase_ids": [str(c.id) for c in chases], "issue": "draft"})
    assert done.status_code == 302
    db.session.expire_all()
    documents_ = [db.session.get(Document, db.session.get(Chase, c.id).document_id) for c in chases]
    assert [d.status for d in documents_] == [DocumentStatus.DRAFT, DocumentStatus.DRAFT]
    assert "Đã duyệt 2 bước đôn đốc; văn bản chờ văn thư cấp số." in leader.get("/chasing/").get_data(as_text=True)


def test_a_handler_sees_no_checkboxes_and_may_not_approve_many(app, ban):  # noqa: F811
    [chase] = _overdue(ban, "PHG")
    officer = client_of(app, ban.officer)
    page = officer.get("/chasing/").get_data(as_text=True)
    assert f'data-chase="{chase.id}"' in page
    assert 'name="chase_ids"' not in page and 'id="bulk-approve-form"' not in page and "chase-select-all" not in page
    refused = officer.post("/chasing/approve-many", data={"chase_ids": [str(chase.id)], "issue": "issue"})
    assert refused.status_code == 403
    db.session.expire_all()
    assert db.session.get(Chase, chase.id).status == ChaseStatus.PROPOSED


def test_another_offices_step_in_the_list_is_not_approved_and_nothing_of_it_is_shown(app, ban):  # noqa: F811
    from tests.letters_papers.conftest import office

    [own] = _overdue(ban, "PHG")
    other = office("TTR")
    [foreign] = _overdue(other, "SXD")
    leader = client_of(app, ban.leader)
    answer = leader.post("/chasing/approve-many", data={"chase_ids": [str(own.id), str(foreign.id)], "issue": "draft"},
                         follow_redirects=True)
    page = answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Chase, own.id).status == ChaseStatus.APPROVED
    assert db.session.get(Chase, foreign.id).status == ChaseStatus.PROPOSED
    assert db.session.get(Chase, foreign.id).document_id is None
    assert f"Không tìm thấy bước đôn đốc số {foreign.id}." in page
    foreign_letter = db.session.get(Referral, foreign.referral_id).letter
    for secret in (foreign_letter.summary, foreign_letter.register_label, agency("TTR").name, agency("SXD").name):
        assert secret not in page, secret
    # Alone, the other office's step is refused like one that does not exist: nothing written, 400.
    alone = leader.post("/chasing/approve-many", data={"chase_ids": [str(foreign.id)], "issue": "draft"})
    assert alone.status_code == 400 and f"Không tìm thấy bước đôn đốc số {foreign.id}." in alone.get_data(as_text=True)
    missing = leader.post("/chasing/approve-many", data={"chase_ids": ["999999"], "issue": "draft"})
    assert missing.status_code == 400 and "Không tìm thấy bước đôn đốc số 999999." in missing.get_data(as_text=True)


def test_approving_many_costs_a_fixed_number_of_statements_per_step(app, ban, count_statements):  # noqa: F811
    chases = [c.id for c in _overdue(ban, *(["PHG"] * 7))]
    leader = client_of(app, ban.leader)

    def cost(batch: list[int]) -> int:
        db.session.remove()
        with count_statements() as counted:
            done = leader.post("/chasing/approve-many", data={"chase_ids": [str(i) for i in batch], "issue": "issue"})
        assert done.status_code == 302
        return counted.total

    cost(chases[:1])  # warm the caches of the first request (calendar, register)
    one, two, three = cost(chases[1:2]), cost(chases[2:4]), cost(chases[4:7])
    per_step = two - one
    # Each step costs the single approval's statements (its paper drafted and numbered, its history); the ids are
    # loaded once for the request, nothing is read per step for the other steps (no N×M).
    assert 0 < per_step <= 30, (one, two, three)
    assert three == one + 2 * per_step, (one, two, three)


def test_the_export_holds_the_offices_steps_and_nothing_for_another_office(app, proposed, ban):  # noqa: F811
    import csv
    import io

    leader, chase = proposed
    body = leader.post("/exports/chasing.csv")
    assert body.status_code == 200
    rows = list(csv.reader(io.StringIO(body.get_data().decode("utf-8-sig"))))
    assert rows[0][:4] == ["Đơn", "Cơ quan nhận", "Hạn trả lời", "Bước"]
    assert [row[0] for row in rows[1:]] == [f"Đơn số {_label(chase)}"]
    other = client_of(app, make_user(role=Role.LEADER, agency=agency("TTR")))
    foreign = list(csv.reader(io.StringIO(other.post("/exports/chasing.csv").get_data().decode("utf-8-sig"))))
    assert foreign == [rows[0]]
    liaison = client_of(app, make_user(role=Role.LIAISON, agency=agency("PHG")))
    assert liaison.post("/exports/chasing.csv").status_code == 403
