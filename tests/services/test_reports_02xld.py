"""02/XLD from the database: complaint letters by their main content, both generations, the cases placed by their
leading letter, hand-computed figures."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa

from petitions.directory.models import ReferenceItem
from petitions.directory.seed import seed_reference_items
from petitions.domain import periods
from petitions.domain.classification import PriorResolution, SignerKind
from petitions.domain.periods import Generation
from petitions.domain.records import LetterStatus, LetterType
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.reports import catalog, cover, services
from petitions.reports.outputs import json_bytes
from tests.factories import make_agency, make_case, signed_in_client
from tests.services.test_reports_01xld import NEW_WINDOW, OLD_WINDOW, event
from tests.services.test_reports_01xld import letter as plain_letter

# Spans 05/03/2024: ends after it, so TT 01/2024's layout.
SPANNING = periods.window(date(2024, 2, 20), date(2024, 3, 10))
FIELD_LISTS = {
    LetterType.COMPLAINT: "field_complaint",
    LetterType.DENUNCIATION: "field_denunciation",
    LetterType.PETITION: "field_petition",
}
P = PriorResolution


def d(day: int, month: int, year: int = 2024) -> date:
    return date(year, month, day)


def field_id(kind: LetterType, code: str) -> int:
    item = db.session.scalar(
        sa.select(ReferenceItem).where(ReferenceItem.list_code == FIELD_LISTS[kind], ReferenceItem.code == code)
    )
    assert item is not None, code
    return item.id


def letter(agency, received_on: date, letter_type: LetterType = LetterType.COMPLAINT, *, field: str | None = None,
           **kwargs):  # type: ignore[no-untyped-def]
    """01/XLD's scenario letter, with the field of its main content's list."""
    row = plain_letter(agency, received_on, letter_type, **kwargs)
    if field is not None:
        row.field_item_id = field_id(kwargs.get("main_type") or letter_type, field)
        db.session.flush()
    return row


def figures(document, row: int = 0) -> dict[int, int]:  # type: ignore[no-untyped-def]
    return dict(document.table.rows[row].values)


@pytest.fixture
def scenario(session):
    seed_reference_items()
    root = make_agency(code="X2", name="Ban Tiếp công dân tỉnh")
    child = make_agency(code="X2-A", name="UBND xã An Lạc", parent_id=root.id)
    c1, c2, c3, c4, c5, c6 = (make_case(agency_in_charge_id=root.id) for _ in range(6))
    # K1 carried over (received 01/12/2023, accepted 10/01), several signers, land, not resolved at receipt.
    k1 = letter(root, d(1, 12, 2023), signer=SignerKind.SEVERAL, field="HC_DD", case=c1)
    event(k1, LetterStatus.ACCEPTED, d(10, 1))
    letter(root, d(5, 1), field="HC_CS")  # K2 received, never handled
    k3 = letter(root, d(8, 1), signer=SignerKind.NONE, eligible=False)  # K3 unsigned, not eligible, filed
    event(k3, LetterStatus.FILED, d(15, 1))
    # K4 mixed, main content a complaint: policy, resolved once at receipt (so round 2 within competence).
    k4 = letter(root, d(10, 1), LetterType.MIXED, main_type=LetterType.COMPLAINT, field="HC_CS",
                prior=P.RESOLVED_FIRST, case=c2)
    event(k4, LetterStatus.ACCEPTED, d(20, 1))
    # K5 its duplicate, classified judicial and in progress: a letter, not a new case; K4 places c2 when both count.
    k5 = letter(root, d(15, 2), field="TP", prior=P.IN_PROGRESS, duplicate_of=k4)
    event(k5, LetterStatus.ACCEPTED, d(20, 2))
    # K6 outside competence, guided; several signers, Party, a court judgment at receipt.
    k6 = letter(root, d(1, 2), signer=SignerKind.SEVERAL, within=False, field="DANG", prior=P.COURT_JUDGMENT, case=c3)
    event(k6, LetterStatus.GUIDED, d(6, 2))
    # K7 outside, forwarded then urged (stays F), no field recorded (other), a reply on 01/03.
    k7 = letter(root, d(3, 2), within=False, case=c4)
    event(k7, LetterStatus.FORWARDED, d(5, 2))
    event(k7, LetterStatus.URGED, d(20, 2))
    event(k7, LetterStatus.REPLY_RECEIVED, d(1, 3))
    # K8 outside, the body handling it urged; field "hành chính" alone (other administrative); in progress.
    k8 = letter(root, d(12, 2), within=False, field="HC", prior=P.IN_PROGRESS, case=c5)
    event(k8, LetterStatus.URGED, d(14, 2))
    # Not complaints by content: a denunciation, anonymous information, a mixed letter whose main content denounces.
    k9 = letter(root, d(10, 1), LetterType.DENUNCIATION, field="THAM_NHUNG")
    event(k9, LetterStatus.ACCEPTED, d(12, 1))
    event(k9, LetterStatus.REPLY_RECEIVED, d(2, 3))  # a reply about a denunciation: 01/XLD's, not 02/XLD's
    k10 = letter(root, d(10, 1), LetterType.ANONYMOUS, signer=SignerKind.NONE, within=None)
    k10.is_eligible = True  # never eligible, and never on 02/XLD, whatever the flag says
    event(k10, LetterStatus.TO_INSPECTION, d(20, 1))
    k11 = letter(root, d(11, 1), LetterType.MIXED, main_type=LetterType.DENUNCIATION, field="TP")
    event(k11, LetterStatus.ACCEPTED, d(13, 1))
    # K12 received 02/03 (inside the old window, handled after it), resolved twice at receipt, other administrative.
    k12 = letter(root, d(2, 3), field="HC_KHAC", prior=P.RESOLVED_SECOND, case=c6)
    event(k12, LetterStatus.ACCEPTED, d(10, 3))
    # K13 received and handled before the windows; its reply of 13/03 counts in Q1 2024.
    k13 = letter(root, d(1, 11, 2023), within=False)
    event(k13, LetterStatus.FORWARDED, d(20, 11, 2023))
    event(k13, LetterStatus.REPLY_RECEIVED, d(13, 3))
    # K14 on the subordinate's row.
    k14 = letter(child, d(20, 12, 2023), field="HC_DD", case=make_case(agency_in_charge_id=child.id))
    event(k14, LetterStatus.ACCEPTED, d(28, 12, 2023))
    db.session.flush()
    return root


def test_old_generation_window_ending_4_march_2024(scenario) -> None:
    document = services.build_report(form_code="02/XLD", period=OLD_WINDOW, agency=scenario, today=d(1, 4))
    assert document.form.generation is Generation.TT_02_2021 and not document.form.note
    own, child = figures(document), figures(document, 1)
    # (1) K1–K8, K12; carried: K1 (several); in period: K6 several, K2 K3 (unsigned: "one") K4 K5 K7 K8 K12 one.
    assert [own[n] for n in range(1, 6)] == [9, 1, 0, 1, 7]
    # handled K1 K3–K8 (K1 carried over); eligible K1 K4–K8; cases c1, c2 (K4 and its duplicate K5), c3, c4, c5.
    assert [own[n] for n in range(6, 11)] == [7, 1, 6, 6, 5]
    # fields by each case's leading letter: administrative K1 land, K4 policy, K8 "hành chính" alone (other);
    # judicial none (K5 is c2's second letter); Party K6; other K7 (no field).
    assert [own[n] for n in range(11, 18)] == [3, 1, 1, 1, 0, 1, 1]
    # status at receipt: resolved once K4, twice none, court K6, in progress K8, not resolved K1 K7.
    assert [own[n] for n in range(18, 23)] == [1, 0, 1, 1, 2]
    # within K1 (round 1), K4 (round 2: resolved once at receipt); outside G K6, F K7, U K8; K7's reply of 01/03.
    assert [own[n] for n in range(23, 31)] == [2, 1, 1, 3, 1, 1, 1, 1]
    assert [child[n] for n in (1, 5, 6, 8, 9, 10, 11, 13, 22, 23, 24)] == [1] * 11
    assert document.table.total.values[1] == 10


def test_new_generation_window_ending_14_march_2024(scenario) -> None:
    document = services.build_report(form_code="02/XLD", period=NEW_WINDOW, agency=scenario, today=d(1, 4))
    assert document.form.generation is Generation.TT_01_2024 and document.form.note == "mẫu chưa đối chiếu"
    own = figures(document)
    assert [own[n] for n in range(1, 9)] == [
        9,  # (1) K1–K8, K12
        1,  # (2) K1
        8,  # (3)
        8,  # (4) handled: K1, K3–K8, K12 (10/03)
        1,  # (5) of which carried over: K1
        7,  # (6)
        7,  # (7) eligible: K1, K4–K8, K12
        6,  # (8) cases: c1–c6
    ]
    # administrative K1 K4 K8 K12 (policy K4, land K1, other K8 K12); judicial 0; Party K6; other K7.
    assert [own[n] for n in range(9, 16)] == [4, 1, 1, 2, 0, 1, 1]
    # resolved once K4, twice K12, court K6, in progress K8, not resolved K1 K7.
    assert [own[n] for n in range(16, 21)] == [1, 1, 1, 1, 2]
    # within K1 (round 1), K4 K12 (round 2); outside: G K6 and K7 (no forwarding column: F counts as G), U K8;
    # replies: K7's (01/03) and K13's (13/03).
    assert [own[n] for n in range(21, 28)] == [3, 1, 2, 3, 2, 1, 2]
    # The eligible complaints are 01/XLD's (8): the same letters by main content.
    xld = services.build_report(form_code="01/XLD", period=NEW_WINDOW, agency=scenario, today=d(1, 4))
    assert xld.table.rows[0].values[8] == own[7]
    assert any("chưa đối chiếu" in line for line in document.closing_paragraphs)
    assert "mẫu chưa đối chiếu" in document.generation_line


def test_a_window_spanning_5_march_2024_takes_the_layout_of_its_end(scenario) -> None:
    document = services.build_report(form_code="02/XLD", period=SPANNING, agency=scenario, today=d(1, 4))
    assert document.form.generation is Generation.TT_01_2024
    own = figures(document)
    # K2 (carried, never handled), K5 (received 15/02, accepted 20/02: carried, handled), K12 (02/03, handled 10/03).
    assert [own[n] for n in range(1, 9)] == [3, 2, 1, 2, 1, 1, 2, 2]
    # K5 now places c2 (K4 is not in the window): judicial, in progress, within round 1; K12 other administrative,
    # resolved twice, within round 2. K7's reply of 01/03.
    assert [own[n] for n in range(9, 16)] == [1, 0, 0, 1, 1, 0, 0]
    assert [own[n] for n in range(16, 28)] == [0, 1, 0, 1, 0, 2, 1, 1, 0, 0, 0, 1]


def test_screen_json_cli_and_the_whole_report_serve_the_form(app, scenario, runner, tmp_path) -> None:
    assert "02/XLD" in catalog.form_codes() and "02/XLD" in cover.set_form_codes(NEW_WINDOW)
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=scenario.id)
    page = client.get("/reports/02-xld?period=2024-Q1").get_data(as_text=True)
    assert "Tổng hợp kết quả xử lý đơn khiếu nại" in page and "mẫu chưa đối chiếu" in page
    assert client.get("/reports/02-xld/download/pdf?period=2024-Q1").data.startswith(b"%PDF")
    assert client.get("/reports/02-xld/download/xlsx?period=2024-Q1").data[:2] == b"PK"
    document = services.build_report(form_code="02/XLD", period=NEW_WINDOW, agency=scenario, today=d(1, 4))
    data = json.loads(json_bytes(document))
    assert data["form"] == "02/XLD" and data["notes"] == list(document.form.counting_notes)
    output = tmp_path / "02xld.json"
    result = runner.invoke(args=["report", "02/XLD", "--from", "2023-12-15", "--to", "2024-03-04", "--agency", "X2",
                                 "--format", "json", "-o", str(output)])
    assert result.exit_code == 0, result.output
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["generation"] == Generation.TT_02_2021.value and data["rows"][0]["figures"]["1"] == 9
    whole = tmp_path / "all.json"
    result = runner.invoke(args=["report", "all", "--period", "2024-Q1", "--agency", "X2", "--format", "json",
                                 "-o", str(whole)])
    assert result.exit_code == 0, result.output
    assert json.loads(whole.read_text(encoding="utf-8"))["02/XLD"]["rows"][0]["figures"]["8"] == 6


@pytest.mark.load  # every figure walked page by page: once, on PostgreSQL, in the slow group (CI time)
def test_every_figure_lists_the_letters_cases_and_replies_it_counts(scenario) -> None:
    """The drill-down (one letter per case on the case columns, the complaints' replies only) adds up to every cell."""
    from tests.reports.test_drilldown import walk

    seen = walk(scenario, OLD_WINDOW, ("02/XLD",)) | walk(scenario, NEW_WINDOW, ("02/XLD",))
    seen |= walk(scenario, SPANNING, ("02/XLD",))
    assert {n for _, n in seen} >= {1, 2, 4, 5, 6, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27}


@pytest.mark.parametrize("code", ["02/XLD", "03/XLD", "04/XLD"])
def test_a_mixed_letter_without_its_main_content_refuses_every_kind_form(session, code) -> None:
    """Its kind is unknown, so no kind form may leave it out: each is refused with the count, as 01/XLD is."""
    from petitions.reports.queries import UnclassifiedLetters

    root = make_agency(code="M2", name="Sở Xây dựng")
    row = letter(root, d(5, 1), LetterType.MIXED, main_type=None)
    event(row, LetterStatus.ACCEPTED, d(9, 1))
    with pytest.raises(UnclassifiedLetters, match="Có 1 đơn có nhiều nội dung chưa xác định nội dung chính"):
        services.build_report(form_code=code, period=NEW_WINDOW, agency=root, today=d(1, 4))
