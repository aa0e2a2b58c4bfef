"""Valid time on 01/KQGQ and 03/KQGQ through the case services (DOMAIN §6: a past window counts each fact at its
effective date with every correction recorded before the report is run): a case's status event carries the act's
own date (effective_on) apart from the moment it was recorded (recorded_at), so a withdrawal or a decision recorded
after the window closed with its earlier real date changes the closed window's figures, and the next window's."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from petitions import clock as app_clock
from petitions.cases import transitions as tr
from petitions.cases.models import CaseFile, CaseFileStatusEvent
from petitions.cases.timeline import load_case_page, timeline
from petitions.clock import to_local
from petitions.deadlines.services import seed_calendar
from petitions.documents import services as documents
from petitions.domain import periods
from petitions.domain.corrections import CorrectionRefused
from petitions.domain.records import CaseStatus, CaseVerdict
from petitions.extensions import db, immediate_transactions
from petitions.reports import services
from tests.letters_papers.conftest import office, seeded  # noqa: F401  (fixture)
from tests.services.test_case_transitions import complaint_case, denunciation_case, issue

Q2 = periods.quarter(2026, 2)  # 15/03 – 14/06/2026: the window the late acts belong to
Q3 = periods.quarter(2026, 3)  # 15/06 – 14/09/2026
RECORDED_ON = date(2026, 6, 20)  # the day the late acts are entered, after Q2 closed


@pytest.fixture
def ban(seeded, monkeypatch):  # noqa: F811
    """Today is 20/06/2026 (10:00 local); the Ban's register and cases as of then."""
    monkeypatch.setattr(app_clock, "utcnow", lambda: datetime(2026, 6, 20, 3))
    seed_calendar()
    with immediate_transactions():
        yield office("BTCD")


def verified(where: Any, case: CaseFile, on: date) -> None:
    issue(tr.assign_verification(case, actor=where.leader), on, where.leader)
    issue(tr.report_verification(case, findings="Kết quả xác minh nội dung", actor=where.leader), on, where.leader)


@pytest.fixture
def cases(ban):
    """Four cases of the Ban accepted in Q2 and still open as the system knew them on 14/06. The register's papers
    are issued in date order: C1 accepted 02/06; C2, D1, D2 accepted 03/06; C2 and D2 verified 04/06 and 05/06."""
    c1 = complaint_case(ban, opened_on=date(2026, 6, 1))
    c2 = complaint_case(ban, opened_on=date(2026, 6, 1))
    d1 = denunciation_case(ban, opened_on=date(2026, 6, 1))
    d2 = denunciation_case(ban, opened_on=date(2026, 6, 1))
    issue(tr.accept_case(c1, actor=ban.leader), date(2026, 6, 2), ban.leader)
    for case in (c2, d1, d2):
        issue(tr.accept_case(case, actor=ban.leader), date(2026, 6, 3), ban.leader)
    verified(ban, c2, date(2026, 6, 4))
    verified(ban, d2, date(2026, 6, 5))
    return c1, c2, d1, d2


def figures(form: str, agency, window, columns: tuple[int, ...]) -> tuple[object, ...]:
    document = services.build_report(form_code=form, period=window, agency=agency, today=RECORDED_ON)
    own = document.table.rows[0]
    assert own.label == document.table.all_rows[0].label
    return tuple(own.value(n) for n in columns)


KQ1 = (4, 5, 6, 11, 22, 25, 26)  # cases, decided, withdrawn, returned to persons, partly right, on time, late
KQ3 = (4, 6, 7, 9, 24, 30, 31)  # cases, resolved, first time, withdrawn, true, on time, late


def record_late_acts(ban, c1, c2, d1, d2) -> None:
    """On 20/06 the Ban enters what happened before Q2 closed: C1's withdrawal letter of 10/06, C2's decision
    (partly right, 12.5 million back to the complainant) signed and numbered by the văn thư on 12/06, D1's
    withdrawal of 11/06 and D2's conclusion (true) numbered on 13/06."""
    tr.withdraw_case(c1, reason="Bà Hằng nộp đơn rút khiếu nại ngày 10/06", actor=ban.officer,
                     effective_on=date(2026, 6, 10))
    draft = tr.decide_case(c2, verdict=CaseVerdict.PARTLY_RIGHT, actor=ban.leader,
                           figures={"return_money_persons": Decimal("12.5")})
    documents.issue_document(draft, actor=ban.leader, issue_date=date(2026, 6, 12), number=90)
    tr.withdraw_case(d1, reason="Người tố cáo nộp đơn rút tố cáo ngày 11/06", actor=ban.officer,
                     effective_on=date(2026, 6, 11))
    draft = tr.decide_case(d2, verdict=CaseVerdict.TRUE, actor=ban.leader)
    documents.issue_document(draft, actor=ban.leader, issue_date=date(2026, 6, 13), number=91)


def test_acts_recorded_after_the_window_closed_with_their_own_dates_change_its_figures(ban, cases) -> None:
    c1, c2, d1, d2 = cases
    agency = ban.agency
    # As the system knew them before 20/06: C1 and C2 accepted in Q2 and open at its end; nothing resolved.
    assert figures("01/KQGQ", agency, Q2, KQ1) == (2, 0, 0, Decimal(0), 0, 0, 0)
    assert figures("03/KQGQ", agency, Q2, KQ3) == (2, 0, 0, 0, 0, 0, 0)
    # Q3: all four carried over, still open.
    assert figures("01/KQGQ", agency, Q3, KQ1)[:3] == (2, 0, 0)
    assert figures("03/KQGQ", agency, Q3, KQ3)[:2] == (2, 0)

    record_late_acts(ban, c1, c2, d1, d2)
    written = db.session.scalars(
        sa.select(CaseFileStatusEvent)
        .where(CaseFileStatusEvent.status.in_((CaseStatus.WITHDRAWN, CaseStatus.DECIDED)))
        .order_by(CaseFileStatusEvent.effective_on)
    ).all()
    # Each act carries its own date; every one was recorded after Q2 closed (recorded_at is the database's
    # moment of the insert, the wall clock's, not the services' "today").
    assert [(e.case_file_id, e.status, e.effective_on) for e in written] == [
        (c1.id, CaseStatus.WITHDRAWN, date(2026, 6, 10)),
        (d1.id, CaseStatus.WITHDRAWN, date(2026, 6, 11)),
        (c2.id, CaseStatus.DECIDED, date(2026, 6, 12)),
        (d2.id, CaseStatus.DECIDED, date(2026, 6, 13)),
    ]
    assert all(to_local(e.recorded_at).date() > Q2.end for e in written)

    # Q2 again: (4) C1 C2; (5) C2 decided 12/06; (6) C1 withdrawn 10/06; (11) 12.5 million back to the
    # complainant; (22) C2 partly right; (25) both on time (D15: 30 days from 02/06 and 03/06); (26) none.
    assert figures("01/KQGQ", agency, Q2, KQ1) == (2, 1, 1, Decimal("12.5"), 1, 2, 0)
    # (4) D1 D2; (6) both resolved = (7) D2 concluded 13/06 + (9) D1 withdrawn 11/06; (24) D2 true; (30) both on
    # time (D24: 30 days from 03/06); (31) none.
    assert figures("03/KQGQ", agency, Q2, KQ3) == (2, 2, 1, 1, 1, 2, 0)
    # Q3: every case closed before 15/06, none carried over any more (they were, before the late acts).
    assert figures("01/KQGQ", agency, Q3, KQ1)[:3] == (0, 0, 0)
    assert figures("03/KQGQ", agency, Q3, KQ3)[:2] == (0, 0)


def test_a_withdrawal_entered_with_the_wrong_date_is_corrected_and_the_past_window_follows(app, ban, cases) -> None:
    c1, _c2, d1, _d2 = cases
    agency = ban.agency
    # On 20/06 the withdrawals are entered with the wrong days: C1's letter of 10/06 as 16/06 (Q3), D1's of 15/06
    # as 11/06 (Q2).
    wrong = tr.withdraw_case(c1, reason="Bà Hằng nộp đơn rút khiếu nại", actor=ban.officer,
                             effective_on=date(2026, 6, 16))
    tr.withdraw_case(d1, reason="Người tố cáo nộp đơn rút tố cáo", actor=ban.officer, effective_on=date(2026, 6, 11))
    wrong_c1, wrong_d1 = (tr.live_status_events(case)[-1] for case in (c1, d1))
    assert wrong is c1 and wrong_c1.effective_on == date(2026, 6, 16)
    # Q2: C1 and C2 open at 14/06, nothing resolved. Q3: C1 and C2 carried over, C1 withdrawn 16/06 (on time).
    assert figures("01/KQGQ", agency, Q2, KQ1) == (2, 0, 0, Decimal(0), 0, 0, 0)
    assert figures("01/KQGQ", agency, Q3, KQ1) == (2, 0, 1, Decimal(0), 0, 1, 0)
    # Q2 on 03/KQGQ: (4) D1 D2, (6) D1 = (9) withdrawn 11/06, (30) on time; Q3: D2 alone, carried over and open.
    assert figures("03/KQGQ", agency, Q2, KQ3) == (2, 1, 0, 1, 0, 1, 0)
    assert figures("03/KQGQ", agency, Q3, KQ3) == (1, 0, 0, 0, 0, 0, 0)

    # Refused: the date after today, before C1's acceptance (02/06), a step a paper dates, no reason.
    with pytest.raises(CorrectionRefused, match="sau hôm nay"):
        tr.correct_case_event_date(wrong_c1, effective_on=date(2026, 6, 21), reason="Ghi nhầm ngày rút đơn",
                                   actor=ban.officer)
    with pytest.raises(CorrectionRefused, match="ở trước bước liền trước"):
        tr.correct_case_event_date(wrong_c1, effective_on=date(2026, 6, 1), reason="Ghi nhầm ngày rút đơn",
                                   actor=ban.officer)
    accepted = next(e for e in tr.live_status_events(c1) if e.status is CaseStatus.ACCEPTED)
    with pytest.raises(CorrectionRefused, match="ngày ban hành văn bản"):
        tr.correct_case_event_date(accepted, effective_on=date(2026, 6, 1), reason="Ghi nhầm ngày thụ lý",
                                   actor=ban.leader)
    with pytest.raises(CorrectionRefused, match="lý do"):
        tr.correct_case_event_date(wrong_c1, effective_on=date(2026, 6, 10), reason="sai", actor=ban.officer)

    fixed_c1 = tr.correct_case_event_date(wrong_c1, effective_on=date(2026, 6, 10),
                                          reason="Ghi nhầm ngày của đơn rút khiếu nại", actor=ban.officer)
    tr.correct_case_event_date(wrong_d1, effective_on=date(2026, 6, 15),
                               reason="Ghi nhầm ngày của đơn rút tố cáo", actor=ban.officer)
    # Appended, the wrong event kept: the correction names it, carries the step, the status and the reason.
    assert (fixed_c1.supersedes_id, fixed_c1.status, fixed_c1.transition) == (
        wrong_c1.id, CaseStatus.WITHDRAWN, wrong_c1.transition
    )
    assert fixed_c1.note == "Đính chính ngày 16/06/2026: Ghi nhầm ngày của đơn rút khiếu nại"
    assert db.session.get(CaseFileStatusEvent, wrong_c1.id).effective_on == date(2026, 6, 16)
    assert tr.live_status_events(c1)[-1] == fixed_c1 and wrong_c1 not in tr.live_status_events(c1)
    with pytest.raises(CorrectionRefused, match="đã được đính chính"):
        tr.correct_case_event_date(wrong_c1, effective_on=date(2026, 6, 9), reason="Ghi nhầm ngày rút đơn",
                                   actor=ban.officer)

    # Q2 now: (6) C1 withdrawn 10/06, (25) on time; (4) still C1 C2.
    assert figures("01/KQGQ", agency, Q2, KQ1) == (2, 0, 1, Decimal(0), 0, 1, 0)
    # Q3 now: C1 closed before 15/06 is no longer the window's; C2 alone, carried over and open.
    assert figures("01/KQGQ", agency, Q3, KQ1) == (1, 0, 0, Decimal(0), 0, 0, 0)
    # 03/KQGQ, the other way (the superseded 11/06 is not read): Q2 D1 D2 open, nothing resolved; Q3 D1 and D2
    # carried over, (6) D1 = (9) withdrawn 15/06, (30) on time.
    assert figures("03/KQGQ", agency, Q2, KQ3) == (2, 0, 0, 0, 0, 0, 0)
    assert figures("03/KQGQ", agency, Q3, KQ3) == (2, 1, 0, 1, 0, 1, 0)

    # The wrong day no longer bounds the next step: C1's termination dated 12/06 (before 16/06) is taken.
    issue(tr.terminate_case(c1, reason="Người khiếu nại rút đơn", actor=ban.leader), date(2026, 6, 12), ban.leader)
    assert c1.status is CaseStatus.TERMINATED
    assert figures("01/KQGQ", agency, Q2, KQ1) == (2, 0, 1, Decimal(0), 0, 1, 0)  # closed by its withdrawal, still
    # The case's timeline keeps the wrong entry, marked, and the correction at its day.
    with app.test_request_context("/"):
        page = load_case_page(ban.leader, c1, today=RECORDED_ON)
        entries = [(entry.day, entry.what, entry.detail) for entry in timeline(page, today=RECORDED_ON)
                   if entry.kind == "status" and entry.what.startswith("Rút đơn")]
    assert [(on, "đã đính chính" in what, detail.startswith("Đính chính")) for on, what, detail in entries] == [
        (date(2026, 6, 10), False, True),
        (date(2026, 6, 16), True, False),
    ]
