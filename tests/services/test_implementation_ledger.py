"""The dated implementation ledger (case_implementation_entry): every write path of an implementation record
writes one entry in the same transaction with the cumulative figures after it; earlier entries stay as they
were; a wrongly dated entry is corrected by a superseding entry (petitions.cases.transitions)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from petitions.cases import transitions as tr
from petitions.cases.models import CaseFile, CaseImplementationEntry
from petitions.domain.case_flow import CaseTransitionRefused, CaseVerdict
from petitions.domain.corrections import CorrectionRefused
from petitions.extensions import db
from tests.letters_papers.conftest import seeded  # noqa: F401  (fixture)
from tests.services.test_case_transitions import ban, complaint_case, frozen, issue  # noqa: F401  (fixtures)


def implementing(ban: Any) -> CaseFile:  # noqa: F811
    """A complaint decided on 10/08/2026 ordering 200 million and 50 m² back to the complainant, being
    implemented from 15/08."""
    case = complaint_case(ban)
    issue(tr.accept_case(case, actor=ban.leader), date(2026, 7, 16), ban.leader)
    issue(tr.assign_verification(case, actor=ban.leader), date(2026, 7, 17), ban.leader)
    issue(tr.report_verification(case, findings="Kết quả xác minh nội dung", actor=ban.leader), date(2026, 7, 20),
          ban.leader)
    issue(tr.decide_case(case, verdict=CaseVerdict.PARTLY_RIGHT, actor=ban.leader,
                         figures={"return_money_persons": Decimal("200"), "return_land_persons": Decimal("50")}),
          date(2026, 8, 10), ban.leader)
    tr.start_implementation(case, actor=ban.officer, effective_on=date(2026, 8, 15))
    return case


def entries(case: CaseFile) -> list[tuple[Any, ...]]:
    db.session.flush()
    rows = db.session.scalars(sa.select(CaseImplementationEntry).where(CaseImplementationEntry.case_file_id == case.id)
                              .order_by(CaseImplementationEntry.id))
    return [(e.effective_on, e.returned_money_persons, e.returned_land_persons, e.fully_done, e.supersedes_id)
            for e in rows]


def test_each_record_appends_an_entry_and_keeps_the_earlier_ones(ban):  # noqa: F811
    case = implementing(ban)
    assert entries(case) == []
    tr.record_implementation(case, figures={"returned_money_persons": Decimal("80")}, actor=ban.officer,
                             effective_on=date(2026, 9, 1))
    tr.record_implementation(case, figures={"returned_money_persons": Decimal("200"),
                                            "returned_land_persons": Decimal("50")},
                             implemented_on=date(2026, 10, 5), actor=ban.officer, effective_on=date(2026, 10, 5))
    # The outcome holds only the last figures; the ledger keeps 80 million as of 01/09.
    outcome = tr.case_outcome(case)
    assert outcome is not None and outcome.returned_money_persons == Decimal("200")
    assert entries(case) == [
        (date(2026, 9, 1), Decimal("80"), Decimal("0"), False, None),
        (date(2026, 10, 5), Decimal("200"), Decimal("50"), True, None),
    ]
    first = db.session.scalars(sa.select(CaseImplementationEntry).where(
        CaseImplementationEntry.case_file_id == case.id)).first()
    assert first is not None and first.recorded_by_id == ban.officer.id


def test_a_refused_record_writes_no_entry(ban):  # noqa: F811
    case = implementing(ban)
    tr.record_implementation(case, figures={"returned_money_persons": Decimal("80")}, actor=ban.officer,
                             effective_on=date(2026, 9, 1))
    with pytest.raises(CaseTransitionRefused, match="không có gì thay đổi"), db.session.begin_nested():
        tr.record_implementation(case, figures={"returned_money_persons": Decimal("80.000")}, actor=ban.officer,
                                 effective_on=date(2026, 9, 2))
    assert len(entries(case)) == 1


def test_the_implementation_report_writes_its_entry_when_issued(ban):  # noqa: F811
    case = implementing(ban)
    draft = tr.record_implementation(case, figures={"returned_money_persons": Decimal("120.5")}, actor=ban.officer,
                                     summary="Đã chi trả một phần", with_report=True)
    assert entries(case) == []  # drafted only
    issue(draft, date(2026, 9, 20), ban.leader)
    assert entries(case) == [(date(2026, 9, 20), Decimal("120.5"), Decimal("0"), False, None)]


def test_a_wrong_date_is_corrected_by_a_superseding_entry(ban):  # noqa: F811
    case = implementing(ban)
    tr.record_implementation(case, figures={"returned_money_persons": Decimal("80")}, actor=ban.officer,
                             effective_on=date(2026, 9, 1))
    tr.record_implementation(case, figures={"returned_money_persons": Decimal("200")}, actor=ban.officer,
                             effective_on=date(2026, 12, 10))
    first, second = tr.live_implementation_entries(case)
    with pytest.raises(CorrectionRefused, match="lý do"):
        tr.correct_implementation_date(second, effective_on=date(2026, 12, 16), reason="sai", actor=ban.officer)
    with pytest.raises(CorrectionRefused, match="trước lần ghi nhận"):
        tr.correct_implementation_date(second, effective_on=date(2026, 8, 20), reason="Ghi nhầm ngày chi trả",
                                       actor=ban.officer)
    with pytest.raises(CorrectionRefused, match="sau lần ghi nhận"):
        tr.correct_implementation_date(first, effective_on=date(2026, 12, 11), reason="Ghi nhầm ngày chi trả",
                                       actor=ban.officer)
    fixed = tr.correct_implementation_date(second, effective_on=date(2026, 12, 16), reason="Ghi nhầm ngày chi trả",
                                           actor=ban.officer)
    assert entries(case) == [
        (date(2026, 9, 1), Decimal("80"), Decimal("0"), False, None),
        (date(2026, 12, 10), Decimal("200"), Decimal("0"), False, None),  # kept, no longer read
        (date(2026, 12, 16), Decimal("200"), Decimal("0"), False, second.id),
    ]
    assert tr.live_implementation_entries(case) == [first, fixed]
    with pytest.raises(CorrectionRefused, match="đã được đính chính"):
        tr.correct_implementation_date(second, effective_on=date(2026, 12, 12), reason="Ghi nhầm ngày chi trả",
                                       actor=ban.officer)
