"""Submitting a period's report (petitions.reports.submissions): the set frozen as sent, reprinted byte for byte after
the data changed, and compared with today's figures, cell by cell with the records that caused each change."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from petitions.cli import seed_reference_data
from petitions.directory.models import AgencyOfficial
from petitions.documents import services as documents
from petitions.domain import periods
from petitions.domain.classification import IntakeFacts
from petitions.domain.drilldown import RecordKind
from petitions.domain.issuers import OfficialRole
from petitions.domain.records import LetterStatus, LetterType
from petitions.domain.submissions import Change
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.history import history_of
from petitions.letters.corrections import LetterCorrectionInput, correct_letter
from petitions.letters.services import ClassificationInput, classify_letter
from petitions.reports import cover, submissions
from petitions.reports.models import ReportSubmission
from petitions.scoping import OutOfScope
from tests.factories import make_agency, make_case, make_user
from tests.services.test_reports_01xld import event, letter

Q3 = periods.parse_period("2026-Q3")  # 15/06 – 14/09/2026, TT 01/2024: tables only, no cover report
NINE_MONTHS = periods.parse_period("2026-9M")  # 15/12/2025 – 14/09/2026: with a cover report
TODAY = date(2026, 10, 1)


@pytest.fixture
def office(session):
    """The board and a commune below it; Q3 2026's letters:
    L1 complaint received 01/07, accepted 20/07 (handled, eligible, within competence, a case);
    L2 petition received 01/08, not handled; L3 complaint received 10/09, not handled;
    L4 complaint outside competence received 05/08, guided 10/08; L5 the commune's complaint, accepted 15/07."""
    seed_reference_data()
    root = make_agency(code="NB", name="Ban Tiếp công dân tỉnh Nam Bình")
    child = make_agency(code="NB-XA", name="UBND xã An Lạc", parent_id=root.id)
    leader = make_user(role=Role.LEADER, agency=root)
    l1 = letter(root, date(2026, 7, 1), case=make_case(agency_in_charge_id=root.id))
    event(l1, LetterStatus.ACCEPTED, date(2026, 7, 20))
    l2 = letter(root, date(2026, 8, 1), LetterType.PETITION)
    l3 = letter(root, date(2026, 9, 10))
    l4 = letter(root, date(2026, 8, 5), within=False)
    event(l4, LetterStatus.GUIDED, date(2026, 8, 10))
    l5 = letter(child, date(2026, 7, 2), case=make_case(agency_in_charge_id=child.id))
    event(l5, LetterStatus.ACCEPTED, date(2026, 7, 15))
    return root, child, leader, (l1, l2, l3, l4, l5)


def _submit(agency, leader, period=Q3, based_on=0, reason=None):  # type: ignore[no-untyped-def]
    return submissions.submit_report(
        agency=agency, period=period, actor=leader, based_on=based_on, reason=reason, today=TODAY
    )


def _change_two_letters(leader, l3, l4) -> None:  # type: ignore[no-untyped-def]
    """Through the services: L3's received date corrected to 20/09 (after the window), L4 reclassified as a petition."""
    correct_letter(
        l3.id, LetterCorrectionInput(received_on=date(2026, 9, 20), reason="Vào sổ nhầm ngày nhận"), actor=leader,
        today=TODAY,
    )
    classify_letter(
        l4, ClassificationInput(IntakeFacts(declared_type=LetterType.PETITION), within_competence=False),
        actor=leader, reason="Phân loại lại: nội dung là kiến nghị",
    )


def test_a_submission_stores_the_set_who_and_when(office) -> None:
    root, _child, leader, _letters = office
    submitted = _submit(root, leader)
    assert (submitted.sequence, submitted.supersedes_id, submitted.cover_document_id) == (1, None, None)
    assert (submitted.period_code, submitted.window_start_on, submitted.window_end_on) == (
        "2026-Q3", date(2026, 6, 15), date(2026, 9, 14)
    )
    assert submitted.generation is Q3.generation and submitted.submitted_by_id == leader.id
    assert submitted.pdf.startswith(b"%PDF") and submitted.xlsx.startswith(b"PK")
    assert submitted.pdf_sha256 == hashlib.sha256(submitted.pdf).hexdigest() and submitted.pdf_size == len(submitted.pdf)
    assert submitted.xlsx_sha256 == hashlib.sha256(submitted.xlsx).hexdigest()
    report = cover.build_set(agency=root, period=Q3, today=TODAY)
    assert submitted.figures == cover.set_json(report)
    assert set(submitted.records) == set(report.form_codes)
    # 01/XLD (1) of the board's row: L1–L4, stored with the figure
    xld = submitted.records["01/XLD"]
    assert xld["rows"][str(root.id)]["1"] == sorted(letter.id for letter in office[3][:4])
    assert xld["columns"]["1"]["records"] == "letter"
    assert [(h.action, h.actor_id) for h in history_of("report_submission", submitted.id)] == [("create", leader.id)]
    assert submissions.current_submission(root, Q3) == submitted


def test_a_submitted_report_reprints_identically_after_a_record_changed(office) -> None:
    root, _child, leader, (_l1, _l2, l3, l4, _l5) = office
    submitted = _submit(root, leader)
    sent_pdf, sent_xlsx = submitted.pdf, submitted.xlsx
    fresh = cover.build_set(agency=root, period=Q3, today=TODAY)
    assert cover.render_set_pdf(fresh) == sent_pdf  # the same figures render the same bytes
    _change_two_letters(leader, l3, l4)
    db.session.expire_all()
    again = db.session.get(ReportSubmission, submitted.id)
    assert again is not None
    pdf, xlsx = submissions.stored_file(again, "pdf"), submissions.stored_file(again, "xlsx")
    assert hashlib.sha256(pdf).hexdigest() == submitted.pdf_sha256 == hashlib.sha256(sent_pdf).hexdigest()
    assert pdf == sent_pdf and xlsx == sent_xlsx
    now = cover.render_set_pdf(cover.build_set(agency=root, period=Q3, today=TODAY))
    assert now != pdf  # today's figures print differently: the submission kept what was sent
    assert submissions.stored_file(again, "json").decode() == cover.set_json_bytes(fresh).decode()


def test_the_recompute_lists_exactly_the_changed_figures_with_their_records(office) -> None:
    root, _child, leader, (l1, _l2, l3, l4, _l5) = office
    submitted = _submit(root, leader)
    assert submissions.compare(leader, submitted).unchanged  # nothing changed yet: nothing listed
    _change_two_letters(leader, l3, l4)
    comparison = submissions.compare(leader, submitted)
    assert comparison.new_forms == () and not comparison.unchanged
    changed = {
        (form.code, cell.unit, cell.column.number): (
            cell.submitted, cell.now, [(c.change, c.item.id, c.unit) for c in cell.records]
        )
        for form in comparison.forms
        for cell in form.cells
    }
    board = str(root.id)
    # By hand, 01/XLD (TT 01/2024). L3 leaves the window: (1) total letters, (3) received in the period and (5) not
    # handled lose it on the board's row and the total. L4, handled and eligible, moves from (8) complaints to (10)
    # petitions. Not the commune's row, not (4) handled, (6) eligible, (19) guided.
    removed_l3 = [(Change.REMOVED, l3.id, board)]
    expected = {
        ("01/XLD", board, 1): (4, 3, removed_l3),
        ("01/XLD", board, 3): (4, 3, removed_l3),
        ("01/XLD", board, 5): (2, 1, removed_l3),
        ("01/XLD", board, 8): (2, 1, [(Change.REMOVED, l4.id, board)]),
        ("01/XLD", board, 10): (0, 1, [(Change.ADDED, l4.id, board)]),
        ("01/XLD", None, 1): (5, 4, removed_l3),
        ("01/XLD", None, 3): (5, 4, removed_l3),
        ("01/XLD", None, 5): (2, 1, removed_l3),
        ("01/XLD", None, 8): (3, 2, [(Change.REMOVED, l4.id, board)]),
        ("01/XLD", None, 10): (0, 1, [(Change.ADDED, l4.id, board)]),
    }
    # 02/XLD (complaint letters): the board's L1, L3, L4 (L5 on the commune's row). L3 leaves (1) and (3); L4, a
    # petition now, leaves every column it was in: (1), (3), handled (4), (6) in the period, eligible (7), cases (8),
    # field "other" (15), not resolved at receipt (20), outside competence (24), guided (25). The total adds L5 but to
    # (24) and (25).
    both = [(Change.REMOVED, l3.id, board), (Change.REMOVED, l4.id, board)]
    for number, (before, after) in {1: (3, 1), 3: (3, 1)}.items():
        expected[("02/XLD", board, number)] = (before, after, both)
        expected[("02/XLD", None, number)] = (before + 1, after + 1, both)
    for number in (4, 6, 7, 8, 15, 20, 24, 25):
        before = 1 if number in (24, 25) else 2
        expected[("02/XLD", board, number)] = (before, before - 1, [(Change.REMOVED, l4.id, board)])
        commune = 0 if number in (24, 25) else 1
        expected[("02/XLD", None, number)] = (before + commune, before + commune - 1, [(Change.REMOVED, l4.id, board)])
    assert {key: changed[key] for key in changed if key[0] in ("01/XLD", "02/XLD")} == expected
    # The other forms: none of the reception and resolution forms moves; a letters form added later may only name L3
    # or L4 (it counts the same letters).
    assert not [key for key in changed if key[0] in ("01/TCD", "01/KQGQ", "02/KQGQ", "03/KQGQ", "04/KQGQ", "03/XLD")]
    assert {record for _, _, records in changed.values() for _, record, _ in records} == {l3.id, l4.id}
    xld = next(form for form in comparison.forms if form.code == "01/XLD")
    cell = next(c for c in xld.cells if c.unit == board and c.column.number == 10)
    assert (cell.column.label, cell.difference, cell.unit_name, cell.figure_changed) == (
        "Phân loại theo nội dung: kiến nghị, phản ánh", 1, "Ban Tiếp công dân tỉnh Nam Bình", True
    )
    (view,) = xld.records[(board, 10)]
    assert view.line.record is not None and view.line.record.id == l4.id and view.line.item.kind is RecordKind.LETTER
    assert l1.id not in {c.item.id for form in comparison.forms for cell in form.cells for c in cell.records}


def test_a_correction_supersedes_the_live_submission_and_keeps_it(office) -> None:
    root, _child, leader, (_l1, _l2, l3, l4, _l5) = office
    first = _submit(root, leader)
    _change_two_letters(leader, l3, l4)
    with pytest.raises(submissions.SubmissionRefused, match="cần ghi lý do"):
        _submit(root, leader, based_on=1)
    with pytest.raises(submissions.SubmissionRefused, match=r"vừa được .* nộp lúc .*\(lần nộp thứ 1\)"):
        _submit(root, leader, based_on=0, reason="Đính chính ngày nhận đơn")  # drawn before the first was sent
    second = _submit(root, leader, based_on=1, reason="Đính chính ngày nhận đơn")
    assert (second.sequence, second.supersedes_id, second.reason) == (2, first.id, "Đính chính ngày nhận đơn")
    assert submissions.current_submission(root, Q3) == second
    assert first.figures["01/XLD"]["total"]["figures"]["1"] == 5 and second.figures["01/XLD"]["total"]["figures"]["1"] == 4
    assert submissions.superseded_ids([first, second]) == {first.id: second.id}
    assert submissions.compare(leader, second).unchanged and not submissions.compare(leader, first).unchanged
    assert history_of("report_submission", second.id)[0].reason == "Đính chính ngày nhận đơn"


def test_the_table_is_append_only(office) -> None:
    root, _child, leader, _letters = office
    submitted = _submit(root, leader)
    for statement in (
        sa.update(ReportSubmission).where(ReportSubmission.id == submitted.id).values(pdf_sha256="0" * 64),
        sa.delete(ReportSubmission).where(ReportSubmission.id == submitted.id),
    ):
        with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
            db.session.execute(statement)


def test_a_damaged_stored_file_is_refused_not_served(office) -> None:
    root, _child, leader, _letters = office
    submitted = _submit(root, leader)
    db.session.expunge(submitted)
    submitted.pdf = submitted.pdf + b"\n"  # in memory only: the row cannot change
    with pytest.raises(submissions.StoredFileDamaged, match="SHA-256"):
        submissions.stored_file(submitted, "pdf")


def test_a_period_with_a_cover_report_is_submitted_once_the_cover_is_issued(office) -> None:
    root, _child, leader, _letters = office
    with pytest.raises(submissions.SubmissionRefused, match="lập dự thảo báo cáo và ban hành"):
        _submit(root, leader, period=NINE_MONTHS)
    root.officials.append(AgencyOfficial(role=OfficialRole.HEAD, title="Trưởng ban", name="Đặng Thị Ánh"))
    drafted = cover.draft_cover(agency=root, period=NINE_MONTHS, today=TODAY)
    with pytest.raises(submissions.SubmissionRefused, match="chưa được ban hành"):
        _submit(root, leader, period=NINE_MONTHS)
    with immediate_transactions():
        documents.issue_document(drafted, issue_date=TODAY)
    submitted = _submit(root, leader, period=NINE_MONTHS)
    assert submitted.cover_document_id == drafted.id and "narrative" in submitted.figures
    assert submissions.not_ready_reason(cover.build_set(agency=root, period=NINE_MONTHS, today=TODAY)) is None


def test_only_a_leader_in_scope_submits(office) -> None:
    root, child, _leader, _letters = office
    with pytest.raises(submissions.SubmissionRefused, match="Chỉ lãnh đạo"):
        _submit(root, make_user(role=Role.HANDLER, agency=root))
    with pytest.raises(OutOfScope):
        _submit(root, make_user(role=Role.LEADER, agency=child))  # the commune's leader, for the board
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportSubmission)) == 0
    assert _submit(child, make_user(role=Role.LEADER, agency=root)).agency_id == child.id  # the board, for the commune


def test_another_bodys_submission_is_missing(office) -> None:
    root, child, leader, _letters = office
    submitted = _submit(root, leader)
    outsider = make_user(role=Role.LEADER, agency=make_agency(code="KHAC"))
    below = make_user(role=Role.VIEWER, agency=child)
    assert submissions.load_submission(make_user(role=Role.VIEWER, agency=root), submitted.id) == submitted
    for user in (outsider, below):
        with pytest.raises(Exception) as missing:
            submissions.load_submission(user, submitted.id)
        assert getattr(missing.value, "code", None) == 404
