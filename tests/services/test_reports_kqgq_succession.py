"""A closed unit's cases and decisions roll to its successor's row for windows ending after its closing date
(DOMAIN §6), on 01/KQGQ and 03/KQGQ (case_queries.resolution_facts) and 02/KQGQ (implementation_queries); for a
window ending on or before its closing date it keeps its own row. The merged commune is test_reports_succession's
(both ways a merge is recorded); its letters there open no case and count on none of these forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from petitions.domain.records import CaseStatus, CaseType, CaseVerdict
from petitions.reports import queries, services
from tests.services.test_reports_02kqgq import decision, done
from tests.services.test_reports_kqgq import case, letter
from tests.services.test_reports_succession import CLOSED_ON, Q2, Q3, merged  # noqa: F401  (fixture)

TODAY = date(2026, 12, 7)


@pytest.fixture
def cases(merged):  # noqa: F811
    """UBND xã An Hòa (closed 30/06/2026, merged into Bình Minh) had a complaint and a denunciation under
    resolution and a complaint decision to implement; Bình Minh accepted a complaint of its own after the merge."""
    root, heir, source = merged
    assert CLOSED_ON == date(2026, 6, 30)
    # KA: An Hòa's complaint, accepted 01/06 with one letter (Q2), decided right on 10/07 (Q3, after the merge).
    ka = case(source, CaseType.COMPLAINT, date(2026, 6, 1), (CaseStatus.DECIDED, date(2026, 7, 10)),
              verdict=CaseVerdict.RIGHT)
    letter(source, ka, date(2026, 6, 1))
    # TA: An Hòa's denunciation, accepted 01/06 (Q2), withdrawn 25/06 (Q3, before the closing).
    case(source, CaseType.DENUNCIATION, date(2026, 6, 1), (CaseStatus.WITHDRAWN, date(2026, 6, 25)))
    # KB: Bình Minh's own complaint, accepted 01/07 (Q3), still open.
    case(heir, CaseType.COMPLAINT, date(2026, 7, 1))
    # DA: An Hòa's complaint decision in force 01/06 (D18), 100 million to return to a person; 40 returned on
    # 20/06 (Q3), the rest never.
    da = decision(source, decided_on=date(2026, 5, 1), final_on=date(2026, 6, 1),
                  return_money_persons=Decimal("100"))
    done(da, date(2026, 6, 20), returned_money_persons=Decimal("40"))
    return root


def rows(form: str, root, window, columns: tuple[int, ...]) -> dict[str, tuple[object, ...]]:
    document = services.build_report(form_code=form, period=window, agency=root, today=TODAY)
    return {row.label: tuple(row.value(n) for n in columns) for row in document.table.all_rows}


def test_01kqgq_counts_the_closed_units_cases_on_its_own_row_then_on_its_successors(cases) -> None:
    root = cases
    columns = (1, 2, 4, 5, 20, 25)  # letters, carried over, cases, decided, right, on time
    # Q2 ends 14/06, on or before the closing: KA (accepted 01/06, open at 14/06) is An Hòa's: its letter in (1),
    # accepted in the window so (2) 0, one case (4), nothing decided yet.
    assert rows("01/KQGQ", root, Q2, columns) == {
        "Ủy ban nhân dân huyện": (0, 0, 0, 0, 0, 0),
        "UBND xã An Hòa": (1, 0, 1, 0, 0, 0),
        "UBND xã Bình Minh": (0, 0, 0, 0, 0, 0),
        "Tổng cộng": (1, 0, 1, 0, 0, 0),
    }
    # Q3 ends 14/09, after the closing: An Hòa has no row; KA (carried over: (1) its letter, (2) 1) decided right
    # on 10/07 on time is Bình Minh's, with Bình Minh's own KB: (4) 2 cases, (5) 1, (20) 1, (25) 1.
    assert rows("01/KQGQ", root, Q3, columns) == {
        "Ủy ban nhân dân huyện": (0, 0, 0, 0, 0, 0),
        "UBND xã Bình Minh": (1, 1, 2, 1, 1, 1),
        "Tổng cộng": (1, 1, 2, 1, 1, 1),
    }


def test_03kqgq_counts_the_closed_units_cases_on_its_own_row_then_on_its_successors(cases) -> None:
    root = cases
    columns = (4, 6, 9, 30)  # cases, resolved, withdrawn, on time
    # Q2: TA accepted 01/06, open at 14/06: one case of An Hòa's, nothing resolved.
    assert rows("03/KQGQ", root, Q2, columns) == {
        "Ủy ban nhân dân huyện": (0, 0, 0, 0),
        "UBND xã An Hòa": (1, 0, 0, 0),
        "UBND xã Bình Minh": (0, 0, 0, 0),
        "Tổng cộng": (1, 0, 0, 0),
    }
    # Q3: TA withdrawn 25/06 (no due date: on time) is Bình Minh's: (4) 1, (6) 1 = (9) 1, (30) 1.
    assert rows("03/KQGQ", root, Q3, columns) == {
        "Ủy ban nhân dân huyện": (0, 0, 0, 0),
        "UBND xã Bình Minh": (1, 1, 1, 1),
        "Tổng cộng": (1, 1, 1, 1),
    }


def test_02kqgq_counts_the_closed_units_decisions_on_its_own_row_then_on_its_successors(cases) -> None:
    root = cases
    columns = (1, 2, 9, 13)  # decisions, fully done, due to persons (money), returned to persons (money)
    # Q2: DA came into force on 01/06, nothing done by 14/06: An Hòa's, 100 due, nothing returned.
    assert rows("02/KQGQ", root, Q2, columns) == {
        "Ủy ban nhân dân huyện": (0, 0, Decimal(0), Decimal(0)),
        "UBND xã An Hòa": (1, 0, Decimal("100"), Decimal(0)),
        "UBND xã Bình Minh": (0, 0, Decimal(0), Decimal(0)),
        "Tổng cộng": (1, 0, Decimal("100"), Decimal(0)),
    }
    # Q3: DA carried over (not fully done at 15/06) is Bình Minh's: 100 due (nothing done before the window),
    # 40 returned on 20/06.
    assert rows("02/KQGQ", root, Q3, columns) == {
        "Ủy ban nhân dân huyện": (0, 0, Decimal(0), Decimal(0)),
        "UBND xã Bình Minh": (1, 0, Decimal("100"), Decimal("40")),
        "Tổng cộng": (1, 0, Decimal("100"), Decimal("40")),
    }
    assert [unit.name for unit in queries.list_report_units(root, Q3)] == ["Ủy ban nhân dân huyện", "UBND xã Bình Minh"]
