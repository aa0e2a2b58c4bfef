"""A closed unit's figures roll to its successor's row for windows ending after its closing date (DOMAIN §6), on
01/XLD and 01/TCD; for earlier windows it keeps its own row."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.domain import periods
from petitions.domain.records import LetterStatus
from petitions.extensions import db
from petitions.reports import queries, services
from tests.factories import make_agency
from tests.services.test_reports import visit
from tests.services.test_reports_01xld import event, letter

Q2 = periods.quarter(2026, 2)  # 15/03 – 14/06/2026
Q3 = periods.quarter(2026, 3)  # 15/06 – 14/09/2026
CLOSED_ON = date(2026, 6, 30)  # the merged communes' last day


@pytest.fixture(params=["placed under its successor", "left where it stood"])
def merged(session, request):
    """UBND xã An Hòa closed on 30/06/2026, merged into UBND xã Bình Minh: as the reorganisation service leaves it
    (placed under its heir, petitions.directory.reorganisation), or recorded in the directory where it stood."""
    root = make_agency(code="M", name="Ủy ban nhân dân huyện")
    heir = make_agency(code="M-B", name="UBND xã Bình Minh", parent_id=root.id)
    source = make_agency(code="M-A", name="UBND xã An Hòa", parent_id=root.id)
    for on in (date(2026, 6, 10), date(2026, 6, 20)):  # one in Q2, one in Q3 before its closing
        row = letter(source, on)
        event(row, LetterStatus.ACCEPTED, on)
        visit(source, on, headcount=2)
    visit(heir, date(2026, 7, 1))
    source.valid_to, source.successor_id, source.is_active = CLOSED_ON, heir.id, False
    if request.param == "placed under its successor":
        source.parent_id = heir.id
    db.session.flush()
    return root, heir, source


def rows(form: str, root, window) -> dict[str, tuple[int, int]]:
    document = services.build_report(form_code=form, period=window, agency=root, today=date(2026, 12, 1))
    return {row.label: (row.value(1), row.value(2)) for row in document.table.all_rows}


def test_a_window_ending_before_the_closing_keeps_the_closed_units_row(merged) -> None:
    root, _heir, _source = merged
    # Q2 ends on 14/06, before the closing: An Hòa's letter of 10/06 and its visit (2 persons) are its own.
    assert rows("01/XLD", root, Q2) == {
        "Ủy ban nhân dân huyện": (0, 0),
        "UBND xã An Hòa": (1, 0),  # (1) its letter, (2) nothing carried over
        "UBND xã Bình Minh": (0, 0),
        "Tổng cộng": (1, 0),
    }
    assert rows("01/TCD", root, Q2) == {
        "Ủy ban nhân dân huyện": (0, 0),
        "UBND xã An Hòa": (1, 2),  # (1) one visit, (2) two persons
        "UBND xã Bình Minh": (0, 0),
        "Tổng cộng": (1, 2),
    }


def test_a_window_ending_after_the_closing_rolls_the_closed_units_figures_to_its_successor(merged) -> None:
    root, _heir, _source = merged
    # Q3 ends on 14/09, after the closing on 30/06: An Hòa has no row; its letter of 20/06 is Bình Minh's.
    assert rows("01/XLD", root, Q3) == {
        "Ủy ban nhân dân huyện": (0, 0),
        "UBND xã Bình Minh": (1, 0),
        "Tổng cộng": (1, 0),
    }
    assert rows("01/TCD", root, Q3) == {
        "Ủy ban nhân dân huyện": (0, 0),
        "UBND xã Bình Minh": (2, 3),  # An Hòa's visit of 20/06 (2 persons) and Bình Minh's own of 01/07
        "Tổng cộng": (2, 3),
    }
    assert [unit.name for unit in queries.list_report_units(root, Q3)] == ["Ủy ban nhân dân huyện", "UBND xã Bình Minh"]
