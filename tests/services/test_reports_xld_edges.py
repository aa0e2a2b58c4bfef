"""02–04/XLD at the window's edges: a window takes its 14th and leaves the 15th to the next (01/XLD's letters, of
each form's kind)."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.domain import periods
from petitions.domain.records import LetterStatus, LetterType
from petitions.reports import services
from tests.factories import make_agency
from tests.services.test_reports_01xld import event, letter

Q1_2026 = periods.quarter(2026, 1)  # 15/12/2025 – 14/03/2026 (TT 01/2024's layouts)
Q2_2026 = periods.quarter(2026, 2)  # 15/03/2026 – 14/06/2026

# Per form: its kind, and the TT 01/2024 columns total, carried over, in period, handled (total, carried, in
# period), eligible letters, cases, replies (None: the layout has no replies column).
FORMS: dict[str, tuple[LetterType, tuple[int | None, ...]]] = {
    "02/XLD": (LetterType.COMPLAINT, (1, 2, 3, 4, 5, 6, 7, 8, 27)),
    "03/XLD": (LetterType.DENUNCIATION, (1, 2, 3, 4, 5, 6, 7, 8, 27)),
    "04/XLD": (LetterType.PETITION, (1, 2, 3, 4, 5, 6, 7, 8, None)),
}


def d(day: int, month: int, year: int = 2026) -> date:
    return date(year, month, day)


@pytest.fixture(params=sorted(FORMS))
def edges(request, session):  # type: ignore[no-untyped-def]
    code = request.param
    kind, _ = FORMS[code]
    root = make_agency(name="Thanh tra tỉnh")
    a = letter(root, d(14, 12, 2025), kind)  # A: received and handled before Q1 (14/12): in neither window
    event(a, LetterStatus.ACCEPTED, d(14, 12, 2025))
    b = letter(root, d(14, 12, 2025), kind)  # B: received the day before Q1, handled on its first day (15/12)
    event(b, LetterStatus.ACCEPTED, d(15, 12, 2025))
    letter(root, d(15, 12, 2025), kind)  # C: received on Q1's first day, never handled
    dd = letter(root, d(1, 3), kind)  # D: handled on Q1's last day (14/03)
    event(dd, LetterStatus.ACCEPTED, d(14, 3))
    e = letter(root, d(2, 3), kind)  # E: handled on Q2's first day (15/03)
    event(e, LetterStatus.ACCEPTED, d(15, 3))
    letter(root, d(14, 3), kind)  # F: received on Q1's last day, never handled
    g = letter(root, d(15, 3), kind)  # G: received and handled on Q2's first day
    event(g, LetterStatus.ACCEPTED, d(15, 3))
    # H: outside competence, forwarded on 10/03; replies received on 14/03 (Q1) and 15/03 (Q2).
    h = letter(root, d(5, 3), kind, within=False)
    event(h, LetterStatus.FORWARDED, d(10, 3))
    event(h, LetterStatus.REPLY_RECEIVED, d(14, 3))
    event(h, LetterStatus.REPLY_RECEIVED, d(15, 3))
    return code, root


def figures(code: str, agency, window) -> list[int | None]:  # type: ignore[no-untyped-def]
    own = services.build_report(form_code=code, period=window, agency=agency, today=d(1, 7)).table.rows[0].values
    return [None if n is None else own[n] for n in FORMS[code][1]]


def test_a_window_takes_its_14th_and_leaves_the_15th_to_the_next(edges) -> None:
    code, root = edges
    replies = FORMS[code][1][-1]
    assert figures(code, root, Q1_2026) == [
        6,  # total: B C D E F H (A was handled before 15/12)
        1,  # carried over: B, received 14/12/2025 and handled on 15/12
        5,  # in period: C (15/12) D E F (14/03) H
        3,  # handled: B D (14/03) H
        1,  # of which carried over: B
        2,  # of which in period: D H
        3,  # eligible: B D H
        3,  # three matters of their own
        1 if replies else None,  # H's reply of 14/03 (the one of 15/03 is Q2's)
    ]
    assert figures(code, root, Q2_2026) == [
        4,  # C E F G (D and H were handled in Q1)
        3,  # C E F: received in Q1, not handled by 14/03
        1,  # G (15/03)
        2,  # E G (both 15/03)
        1,  # E
        1,  # G
        2,  # E G
        2,
        1 if replies else None,  # H's reply of 15/03, though H was counted in Q1
    ]
