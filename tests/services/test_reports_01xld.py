"""01/XLD from the database: valid-time letter facts, both generations, counting decisions, refusal."""

from __future__ import annotations

import json
from datetime import date

import pytest

from petitions.domain import periods
from petitions.domain.classification import PriorResolution, SignerKind
from petitions.domain.periods import Generation
from petitions.domain.records import LetterStatus, LetterType
from petitions.domain.statistics import InconsistentForm
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.services import record_letter_status
from petitions.reports import catalog, services
from petitions.reports.outputs import json_bytes
from petitions.reports.queries import UnclassifiedLetters
from tests.factories import make_agency, make_case, make_letter, signed_in_client

# Ends before 05/03/2024: TT 02/2021's layout; Q1 2024 ends on 14/03/2024: TT 01/2024's.
OLD_WINDOW = periods.window(date(2023, 12, 15), date(2024, 3, 4))
NEW_WINDOW = periods.quarter(2024, 1)


def d(day: int, month: int, year: int = 2024) -> date:
    return date(year, month, day)


def letter(
    agency,
    received_on: date,
    letter_type: LetterType = LetterType.COMPLAINT,
    *,
    signer: SignerKind = SignerKind.ONE,
    eligible: bool | None = True,
    within: bool | None = True,
    prior: PriorResolution = PriorResolution.NOT_YET,
    case=None,
    main_type: LetterType | None = None,
    duplicate_of=None,
):
    # Registered inside the confirmed calendar (its clocks need it), then dated where the scenario needs it.
    row = make_letter(agency=agency)
    row.received_on = received_on
    row.letter_type, row.main_type, row.signer_kind = letter_type, main_type, signer
    row.is_eligible, row.is_within_competence, row.prior_resolution = eligible, within, prior
    row.case_id = case.id if case is not None else None
    row.duplicate_of_id = duplicate_of.id if duplicate_of is not None else None
    db.session.flush()
    return row


def event(row, status: LetterStatus, on: date) -> None:
    # Through the one service that writes a letter's dated status (and keeps what the reports read of it).
    record_letter_status(row, status, effective_on=on)


@pytest.fixture
def scenario(session):
    root = make_agency(code="X", name="Ban Tiếp công dân tỉnh")
    child = make_agency(code="X-A", name="UBND xã An Lạc", parent_id=root.id)
    c1, c2, c4 = (make_case(agency_in_charge_id=root.id) for _ in range(3))
    # L1 carried over (received before the window, not handled at its start), handled inside it.
    l1 = letter(root, d(1, 12, 2023), signer=SignerKind.SEVERAL, case=c1)
    event(l1, LetterStatus.ASSIGNED, d(5, 12, 2023))  # not an approved route
    event(l1, LetterStatus.ACCEPTED, d(10, 1))
    letter(root, d(5, 1))  # L2 received inside, never handled: eligible flag set, still not counted eligible
    # L3 anonymous information: intake (signers "khác") and handled, never eligible.
    l3 = letter(root, d(10, 1), LetterType.ANONYMOUS, signer=SignerKind.NONE, within=None)
    event(l3, LetterStatus.TO_INSPECTION, d(20, 1))
    # L4 mixed, main content a denunciation, in progress at receipt; L5 its duplicate (no case of its own).
    l4 = letter(
        root,
        d(12, 1),
        LetterType.MIXED,
        main_type=LetterType.DENUNCIATION,
        prior=PriorResolution.IN_PROGRESS,
        case=c2,
    )
    event(l4, LetterStatus.ACCEPTED, d(25, 1))
    l5 = letter(
        root,
        d(15, 2),
        LetterType.MIXED,
        main_type=LetterType.DENUNCIATION,
        prior=PriorResolution.IN_PROGRESS,
        duplicate_of=l4,
    )
    event(l5, LetterStatus.ACCEPTED, d(20, 2))
    # L6 a petition outside competence, forwarded (F), chased later (stays F), a reply on 01/03.
    l6 = letter(root, d(1, 2), LetterType.PETITION, within=False, prior=PriorResolution.RESOLVED_FIRST)
    event(l6, LetterStatus.FORWARDED, d(5, 2))
    event(l6, LetterStatus.URGED, d(20, 2))
    event(l6, LetterStatus.REPLY_RECEIVED, d(1, 3))
    # L7 a complaint outside competence, guided (G), a court judgment in force at receipt.
    l7 = letter(root, d(3, 2), signer=SignerKind.SEVERAL, within=False, prior=PriorResolution.COURT_JUDGMENT)
    event(l7, LetterStatus.GUIDED, d(6, 2))
    # L8 received 02/03, handled 10/03: after the old window's end, inside the new one.
    l8 = letter(root, d(2, 3), prior=PriorResolution.RESOLVED_SECOND, case=c4)
    event(l8, LetterStatus.ACCEPTED, d(10, 3))
    letter(root, d(10, 3))  # L9 only in the new window, not handled
    # L10 received and handled before both windows: not on the form; its reply on 13/03 counts (new window).
    l10 = letter(root, d(1, 11, 2023), within=False)
    event(l10, LetterStatus.FORWARDED, d(20, 11, 2023))
    event(l10, LetterStatus.REPLY_RECEIVED, d(13, 3))
    # L11 on the subordinate's row.
    l11 = letter(child, d(20, 12, 2023), case=make_case(agency_in_charge_id=child.id))
    event(l11, LetterStatus.ACCEPTED, d(28, 12, 2023))
    l3.is_eligible = True  # anonymous information never counts as eligible, whatever the flag says
    db.session.flush()
    return root, child


def test_old_generation_window_ending_4_march_2024(scenario) -> None:
    root, _child = scenario
    document = services.build_report(form_code="01/XLD", period=OLD_WINDOW, agency=root, today=d(1, 4))
    assert document.form.generation is Generation.TT_02_2021
    own, child = document.table.rows[0].values, document.table.rows[1].values
    # (1) L1–L8; carried s: L1; in period s: L7, o: L2 L4 L5 L6 L8, x: L3 (anonymous).
    assert [own[n] for n in range(1, 9)] == [8, 1, 0, 0, 1, 5, 1, 6]
    # eligible L1 L4 L5 L6 L7; cases C1, C2 (L4 + duplicate L5), L6, L7; KN L1 L7, TC L4 L5, KNPA L6.
    assert [own[n] for n in range(9, 14)] == [5, 4, 2, 2, 1]
    # at receipt: first L6; repeatedly L7 (court judgment); in progress L4 L5; not resolved L1.
    assert [own[n] for n in range(14, 18)] == [1, 1, 2, 1]
    # within L1 (KN), L4 L5 (TC); outside G L7, F L6 (chased later: still F); one reply (L6).
    assert [own[n] for n in range(18, 27)] == [3, 1, 2, 0, 2, 1, 1, 0, 1]
    assert [child[n] for n in (1, 6, 8, 9, 10, 11, 17, 18, 19)] == [1, 1, 1, 1, 1, 1, 1, 1, 1]
    assert document.table.total.values[1] == 9


def test_new_generation_window_ending_14_march_2024(scenario) -> None:
    root, _child = scenario
    document = services.build_report(form_code="01/XLD", period=NEW_WINDOW, agency=root, today=d(1, 4))
    assert document.form.generation is Generation.TT_01_2024
    own = document.table.rows[0].values
    # L1–L9: carried L1; handled L1 L3–L8, not handled L2 L9.
    assert [own[n] for n in range(1, 6)] == [9, 1, 8, 7, 2]
    # eligible L1 L4 L5 L6 L7 L8; cases C1 C2 L6 L7 C4; KN L1 L7 L8, TC L4 L5, KNPA L6.
    assert [own[n] for n in range(6, 11)] == [6, 5, 3, 2, 1]
    # first L6; repeatedly L7 (court) L8; not resolved L1 and L4 L5 (in progress → not resolved).
    assert [own[n] for n in range(11, 14)] == [1, 2, 3]
    # within L1 L8 (KN) L4 L5 (TC); outside G L7, F L6; replies L6 (01/03) and L10 (13/03).
    assert [own[n] for n in range(14, 23)] == [4, 2, 2, 0, 2, 1, 1, 0, 2]
    data = json.loads(json_bytes(document))
    assert data["form"] == "01/XLD" and data["notes"] == list(document.form.counting_notes)
    assert any("nội dung chính" in line for line in document.closing_paragraphs)


def test_every_output_serves_the_form(scenario) -> None:
    root, _child = scenario
    assert "01/XLD" in catalog.form_codes()
    document = services.build_report(form_code="01/XLD", period=NEW_WINDOW, agency=root, today=d(1, 4))
    from petitions.reports.excel import render_xlsx
    from petitions.reports.outputs import render_pdf

    assert render_pdf(document).startswith(b"%PDF")
    assert render_xlsx(document)[:2] == b"PK"


@pytest.mark.parametrize(
    ("window", "failing"), [(OLD_WINDOW, "(9) = (18) + (22)"), (NEW_WINDOW, "(6) = (14) + (18)")]
)
def test_an_eligible_letter_without_competence_refuses_the_form(session, window, failing) -> None:
    root = make_agency(code="Y", name="Thanh tra tỉnh")
    row = letter(root, d(10, 1), within=None)  # eligible, handled, competence never recorded
    event(row, LetterStatus.ACCEPTED, d(20, 1))
    with pytest.raises(InconsistentForm) as refused:
        services.build_report(form_code="01/XLD", period=window, agency=root, today=d(1, 4))
    assert failing in str(refused.value)
    assert {f.rule for f in refused.value.failures} >= {failing}


def test_an_outside_competence_letter_filed_without_a_route_is_handled_not_eligible(session) -> None:
    """The demo's data met it first: outside competence, eligible, then filed (or accepted) instead of guided,
    forwarded or urged. It is handled (4) but in none of the eligible columns, so (18) = G + F + U holds."""
    root = make_agency(code="Z", name="Sở Tư pháp")
    guided = letter(root, d(5, 1), within=False)
    event(guided, LetterStatus.GUIDED, d(8, 1))
    filed = letter(root, d(6, 1), within=False)
    event(filed, LetterStatus.FILED, d(9, 1))
    accepted = letter(root, d(7, 1), within=False)
    event(accepted, LetterStatus.ACCEPTED, d(10, 1))
    own = services.build_report(form_code="01/XLD", period=NEW_WINDOW, agency=root, today=d(1, 4)).table.rows[0].values
    assert [own[n] for n in (1, 4, 5, 6, 14, 18, 19, 20, 21)] == [3, 3, 0, 1, 0, 1, 1, 0, 0]


def test_a_mixed_letter_without_its_main_content_refuses_the_form_with_a_message(app, session) -> None:
    """Classification always records the main content; data that lacks it (an import) is named, not a 500."""
    root = make_agency(code="M", name="Sở Xây dựng")
    row = letter(root, d(5, 1), LetterType.MIXED, main_type=None)
    event(row, LetterStatus.ACCEPTED, d(9, 1))
    with pytest.raises(UnclassifiedLetters, match="Có 1 đơn có nhiều nội dung chưa xác định nội dung chính"):
        services.build_report(form_code="01/XLD", period=NEW_WINDOW, agency=root, today=d(1, 4))
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    page = client.get("/reports/01-xld?period=2024-Q1")
    assert page.status_code == 200 and 'id="report-problem"' in page.get_data(as_text=True)
    assert client.get("/reports/01-xld/download/pdf?period=2024-Q1").status_code == 409


def test_screen_and_cli_serve_the_form(app, scenario, runner, tmp_path) -> None:
    root, _child = scenario
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    page = client.get("/reports/01-xld?period=2024-Q1").get_data(as_text=True)
    assert "Tổng hợp kết quả xử lý đơn" in page and "nội dung chính" in page
    output = tmp_path / "01xld.json"
    result = runner.invoke(
        args=[
            "report",
            "01/XLD",
            "--from",
            "2023-12-15",
            "--to",
            "2024-03-04",
            "--agency",
            "X",
            "--format",
            "json",
            "-o",
            str(output),
        ]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["generation"] == Generation.TT_02_2021.value and data["rows"][0]["figures"]["1"] == 8


# ------------------------------------------------------------------ window edges: the 14th and the 15th

Q1_2026 = periods.quarter(2026, 1)  # 15/12/2025 – 14/03/2026 (TT 01/2024's layout)
Q2_2026 = periods.quarter(2026, 2)  # 15/03/2026 – 14/06/2026


def figures(agency, window, numbers) -> list[int]:
    own = services.build_report(form_code="01/XLD", period=window, agency=agency, today=d(1, 7, 2026))
    return [own.table.rows[0].values[n] for n in numbers]


@pytest.fixture
def edges(session):
    root = make_agency(code="E", name="Thanh tra tỉnh")
    a = letter(root, d(14, 12, 2025))  # A: received and handled before Q1 (14/12): in neither window
    event(a, LetterStatus.ACCEPTED, d(14, 12, 2025))
    b = letter(root, d(14, 12, 2025))  # B: received the day before Q1, handled on its first day (15/12)
    event(b, LetterStatus.ACCEPTED, d(15, 12, 2025))
    letter(root, d(15, 12, 2025))  # C: received on Q1's first day, never handled
    dd = letter(root, d(1, 3, 2026))  # D: handled on Q1's last day (14/03)
    event(dd, LetterStatus.ACCEPTED, d(14, 3, 2026))
    e = letter(root, d(2, 3, 2026))  # E: handled on Q2's first day (15/03)
    event(e, LetterStatus.ACCEPTED, d(15, 3, 2026))
    letter(root, d(14, 3, 2026))  # F: received on Q1's last day, never handled
    g = letter(root, d(15, 3, 2026))  # G: received and handled on Q2's first day
    event(g, LetterStatus.ACCEPTED, d(15, 3, 2026))
    # H: a petition outside competence forwarded on 10/03; replies received on 14/03 (Q1) and 15/03 (Q2).
    h = letter(root, d(5, 3, 2026), LetterType.PETITION, within=False)
    event(h, LetterStatus.FORWARDED, d(10, 3, 2026))
    event(h, LetterStatus.REPLY_RECEIVED, d(14, 3, 2026))
    event(h, LetterStatus.REPLY_RECEIVED, d(15, 3, 2026))
    return root


def test_a_window_takes_its_14th_and_leaves_the_15th_to_the_next(edges) -> None:
    # Every letter is eligible, within competence unless said, resolved nowhere at receipt, without a case.
    assert figures(edges, Q1_2026, range(1, 23)) == [
        6,  # (1) B C D E F H (A was handled before 15/12)
        1,  # (2) B: received 14/12/2025, not handled at the start (handled on 15/12, inside Q1)
        5,  # (3) C (15/12) D E F (14/03) H
        3,  # (4) B D (handled 14/03) H
        3,  # (5) C, E (handled 15/03: after Q1), F
        3,  # (6) B D H
        3,  # (7) three matters of their own
        2,  # (8) complaints B D
        0,  # (9) denunciations
        1,  # (10) H, the petition
        0,  # (11) resolved first time
        0,  # (12) repeatedly
        3,  # (13) not resolved: B D H
        2,  # (14) within: B D
        2,  # (15) complaints within
        0,  # (16)
        0,  # (17)
        1,  # (18) outside: H
        0,  # (19) guided
        1,  # (20) forwarded: H
        0,  # (21) urged
        1,  # (22) H's reply of 14/03 (the one of 15/03 is Q2's)
    ]
    assert figures(edges, Q2_2026, range(1, 23)) == [
        4,  # (1) C E F G (D and H were handled in Q1)
        3,  # (2) C E F: received in Q1, not handled by 14/03
        1,  # (3) G (15/03)
        2,  # (4) E G (both 15/03)
        2,  # (5) C F
        2,  # (6) E G
        2,  # (7)
        2,  # (8) complaints E G
        0,  # (9)
        0,  # (10)
        0,  # (11)
        0,  # (12)
        2,  # (13) E G
        2,  # (14) within: E G
        2,  # (15)
        0,  # (16)
        0,  # (17)
        0,  # (18)
        0,  # (19)
        0,  # (20)
        0,  # (21)
        1,  # (22) H's reply of 15/03, though H was counted in Q1
    ]


# ------------------------------------------------------- corrections recorded after the window closed


def test_corrections_recorded_after_the_window_closed_apply_to_it(session) -> None:
    from petitions.letters.corrections import LetterCorrectionInput, correct_letter

    root = make_agency(code="K", name="Sở Tài chính")
    # P registered as received on 16/03/2026 (Q2); Q received 10/03 (Q1), its handling not yet recorded.
    p = make_letter(agency=root, received_on=d(16, 3, 2026))
    q = make_letter(agency=root, received_on=d(10, 3, 2026))
    numbers = (1, 2, 3, 4, 5)
    # Q1 as printed on 20/03: Q only, received in the window (3) and not handled (5).
    assert figures(root, Q1_2026, numbers) == [1, 0, 1, 0, 1]
    # In April, after Q1 closed: P's received date is corrected to 13/03 (the clerk's mistake), and Q's
    # handling is recorded, dated 12/03 (the paper's date; it was issued then and recorded late).
    correct_letter(
        p.id, LetterCorrectionInput(received_on=d(13, 3, 2026), reason="Ghi nhầm ngày nhận đơn"), actor=None,
        today=d(20, 4, 2026),
    )
    record_letter_status(q, LetterStatus.FILED, effective_on=d(12, 3, 2026))
    assert figures(root, Q1_2026, numbers) == [
        2,  # (1) P now received on 13/03, and Q
        0,  # (2) nothing before 15/12/2025
        2,  # (3) P Q
        1,  # (4) Q, handled on 12/03
        1,  # (5) P
    ]
    assert figures(root, Q2_2026, numbers) == [
        1,  # (1) P only: Q was handled on 12/03
        1,  # (2) P is carried over from Q1 now, no longer received in Q2
        0,  # (3)
        0,  # (4)
        1,  # (5) P
    ]
