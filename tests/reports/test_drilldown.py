"""Drill-down from the database: on generated data (the demo at a few hundred letters, enriched with the head's and
the delegate's receptions it lacks; the hand-made KQGQ and 01/XLD scenarios of the report tests) every figure of every
column of every form, every row and the total, lists records whose number (or amounts' sum) is the figure; the page
shows them a page at a time through the reader's scope, and a cell outside it answers 404."""

from __future__ import annotations

import re
from datetime import date
from itertools import count

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings

from petitions.cases.models import CaseRestriction
from petitions.cli import DEMO_AFTER_WRITE, DEMO_GENERATORS, seed_reference_data
from petitions.demo import run_demo
from petitions.directory.models import Agency
from petitions.domain import periods
from petitions.domain.periods import Generation, ReportPeriod
from petitions.domain.reception import SessionKind, VisitClass, VisitOutcome
from petitions.domain.records import LetterType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters.models import Letter
from petitions.paging import TOTAL_CAP
from petitions.reception.models import Visit
from petitions.reports import catalog, drilldown, services
from petitions.reports.queries import get_default_agency
from tests.factories import make_case, signed_in_client
from tests.reports.test_report_from_seed import Q3 as SEEDED_Q3
from tests.reports.test_report_from_seed import seeded as seeded_province  # noqa: F401  (fixture)
from tests.services.test_reports_01xld import NEW_WINDOW, OLD_WINDOW
from tests.services.test_reports_01xld import scenario as xld_scenario  # noqa: F401  (fixture)
from tests.services.test_reports_02kqgq import scenario as implementation_scenario  # noqa: F401  (fixture)
from tests.services.test_reports_02kqgq_property import UNITS as DECISION_UNITS
from tests.services.test_reports_02kqgq_property import scenarios as decision_scenarios
from tests.services.test_reports_02kqgq_property import write as write_decision
from tests.services.test_reports_02tcd import WINDOW as TCD_WINDOW
from tests.services.test_reports_02tcd import scenario as reception_letters  # noqa: F401  (fixture)
from tests.services.test_reports_04kqgq import scenario as conclusion_scenario  # noqa: F401  (fixture)
from tests.services.test_reports_anonymous import scenario as anonymous_information  # noqa: F401  (fixture)
from tests.services.test_reports_kqgq import WINDOW as KQGQ_WINDOW
from tests.services.test_reports_kqgq import scenario as kqgq_scenario  # noqa: F401  (fixture)

TODAY = date(2026, 9, 20)
# A TT 02/2021 quarter, a TT 01/2024 quarter (the delegate's reception still allowed) and a 9 months' window.
WINDOWS = (periods.parse_period("2023-Q4"), periods.parse_period("2026-Q2"), periods.parse_period("2026-9M"))
Q2 = WINDOWS[1]
_books = count(90_000)


def walk(
    agency: Agency, period: ReportPeriod, codes: tuple[str, ...] | None = None, *, in_sql: bool = True
) -> set[tuple[str, int]]:
    """Every cell of the forms (every row, the total, every numeric column): the records listed add up to the
    report's figure, one record per unit counted but for the columns that sum an amount; a figure whose records are
    read alone in SQL (drilldown.reads_in_sql) lists, page after page, exactly the records the whole form's facts
    count for it, for the total row and every cell with a figure (``in_sql``: the fuzz walks, hundreds of windows
    and rows, leave it to the others). Returns the
    (form, column) pairs that had a figure above zero somewhere."""
    seen: set[tuple[str, int]] = set()
    for code in codes or catalog.form_codes():
        table = services.build_report(form_code=code, period=period, agency=agency, today=TODAY).table
        records = drilldown.form_records(form_code=code, period=period, agency=agency)
        for row in table.all_rows:
            for column in table.form.numeric_columns:
                cell = records.cell(None if row.is_total else row.unit, column.number)
                figure = row.value(column.number)
                where = (code, period.code, row.label, column.number)
                assert cell.figure == figure, where
                assert cell.listed == figure, where
                if not cell.weighted:
                    assert len(cell.records) == figure, where
                assert len({item.id for item in cell.records}) == len(cell.records), where
                # A unit's empty cell is not read alone: the total row's read lists every unit's records, so a
                # record the SQL path wrongly gave to an empty cell would show there (the walk read every cell
                # alone before and took five minutes of the suite).
                if in_sql and drilldown.reads_in_sql(table.form, column) and (figure or row.is_total):
                    listed = read_alone(table.form, column, period, agency, cell.unit.key if cell.unit else None)
                    assert listed == list(cell.records), where  # the same records, page after page, in id order
                    assert len(listed) == figure, where
                if figure:
                    seen.add((code, column.number))
    return seen


def read_alone(  # type: ignore[no-untyped-def]
    form, column, period: ReportPeriod, agency: Agency, unit: str | None, size: int = 200
) -> list[drilldown.Counted]:
    """A figure's records read alone in SQL, every page (of 200: several pages for the larger figures)."""
    items: list[drilldown.Counted] = []
    after = None
    while True:
        head, page = drilldown.figure_page(
            form=form, column=column, period=period, agency=agency, unit=unit, after=after, list_key="test", size=size
        )
        assert head.column == column and head.unit == (None if unit is None else head.unit) and page.total is not None
        items += page.rows
        after = page.next_cursor
        if after is None:
            assert page.total == min(len(items), TOTAL_CAP) and page.total_capped == (len(items) > TOTAL_CAP)
            return items


def _visit(agency: Agency, on: date, kind: SessionKind, headcount: int, case_id: int | None) -> None:
    db.session.add(
        Visit(
            agency_id=agency.id, book_year=on.year, book_number=next(_books), visited_on=on, kind=kind,
            classification=VisitClass.COMPLAINT, outcome=VisitOutcome.GUIDED, headcount=headcount,
            summary="Khiếu nại việc bồi thường khi thu hồi đất", case_id=case_id,
        )
    )


@pytest.fixture
def demo(app, session, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """`petitions demo` at 400 letters over three years, then the head's and the delegate's receptions the demo
    does not make: delegations, a case the delegate saw after the regular staff did, a visit without a case."""
    monkeypatch.setitem(app.config, "LETTER_ATTACHMENT_FOLDER", str(tmp_path / "letters"))
    with immediate_transactions():
        seed_reference_data()
        db.session.commit()
        run_demo(DEMO_GENERATORS, letters=400, years=3, today=TODAY, commit=db.session.commit,
                 after_write=DEMO_AFTER_WRITE)
    root = get_default_agency()
    assert root is not None
    seen_before = make_case(agency_in_charge_id=root.id, opened_on=date(2026, 1, 5))
    _visit(root, date(2026, 1, 5), SessionKind.REGULAR, 1, seen_before.id)
    for kind in (SessionKind.REGULAR, SessionKind.DELEGATED, SessionKind.PERIODIC, SessionKind.UNSCHEDULED):
        new = make_case(agency_in_charge_id=root.id, opened_on=date(2026, 4, 2))
        _visit(root, date(2026, 4, 2), SessionKind.REGULAR, 2, new.id)
        _visit(root, date(2026, 4, 20), kind, 7, new.id)  # a delegation: first time, in a second group
        _visit(root, date(2026, 5, 4), kind, 6, seen_before.id)  # a delegation: repeated
        _visit(root, date(2026, 5, 6), kind, 1, None)  # a matter of its own
    db.session.commit()
    return root


def test_every_figure_of_every_form_lists_what_it_counts_on_the_demo(demo) -> None:
    seen: set[tuple[str, int]] = set()
    for window in WINDOWS:
        seen |= walk(demo, window)
    assert {window.generation for window in WINDOWS} == set(Generation)
    for code in catalog.form_codes():  # the data set reaches every form
        assert any(form == code for form, _ in seen), code
    # 01/TCD whole: every column of the three reception groups, delegations included
    assert {n for form, n in seen if form == "01/TCD"} == set(range(1, 30))


def test_the_chairmans_reception_recorded_by_the_board_lists_on_the_ubnds_row(seeded_province) -> None:  # noqa: F811
    ubnd = seeded_province
    seen = walk(ubnd, SEEDED_Q3, ("01/TCD",))
    assert {12, 13, 14} <= {n for _, n in seen}
    records = drilldown.form_records(form_code="01/TCD", period=SEEDED_Q3, agency=ubnd)
    assert len(records.cell(str(ubnd.id), 12).records) == 2  # the two sessions, on the UBND's own row


def test_every_figure_of_01kqgq_and_03kqgq_lists_cases_letters_and_amounts(kqgq_scenario) -> None:  # noqa: F811
    root, _child, _k10 = kqgq_scenario
    seen = walk(root, KQGQ_WINDOW, ("01/KQGQ", "03/KQGQ"))
    assert {("01/KQGQ", n) for n in (1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 21, 22, 23, 25, 26)} <= seen
    assert {("03/KQGQ", n) for n in (1, 4, 5, 6, 7, 8, 9, 10, 12, 19, 20, 21, 22, 25, 28, 30, 31)} <= seen


def test_every_figure_of_02kqgq_lists_decisions_and_amounts(implementation_scenario) -> None:  # noqa: F811
    root = implementation_scenario[0]
    seen: set[tuple[str, int]] = set()
    for window in (periods.parse_period("2026-Q2"), periods.parse_period("2026-Q3"), periods.parse_period("2026")):
        seen |= walk(root, window, ("02/KQGQ",))
    assert len({n for _, n in seen}) >= 10


def test_every_figure_of_02tcd_lists_letters_cases_and_replies(reception_letters) -> None:  # noqa: F811
    root = reception_letters[0]
    seen = walk(root, TCD_WINDOW, ("02/TCD",)) | walk(root, periods.parse_period("2026"), ("02/TCD",))
    assert {n for _, n in seen} == set(range(1, 17))


def test_every_figure_of_the_anonymous_table_lists_its_letters(anonymous_information) -> None:  # noqa: F811
    root = anonymous_information[0]
    seen = walk(root, periods.parse_period("2026-Q3"), ("AN/NB",))
    assert {n for _, n in seen} == set(range(1, 10))


def test_every_figure_of_04kqgq_lists_conclusions_and_amounts(conclusion_scenario) -> None:  # noqa: F811
    root = conclusion_scenario[0]
    seen: set[tuple[str, int]] = set()
    for window in (periods.parse_period("2026-Q3"), periods.parse_period("2026-Q4"), periods.parse_period("2026")):
        seen |= walk(root, window, ("04/KQGQ",))
    # every column has a figure in one of the windows, but the land recovered and the land to individuals
    assert set(range(1, 25)) - {n for _, n in seen} == {6, 12, 18}


def test_every_figure_of_01xld_lists_letters_cases_and_replies(xld_scenario) -> None:  # noqa: F811
    root = xld_scenario[0]
    seen = walk(root, OLD_WINDOW, ("01/XLD",)) | walk(root, NEW_WINDOW, ("01/XLD",))
    assert len(seen) >= 15


@pytest.fixture
def bigger_demo(app, session, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "LETTER_ATTACHMENT_FOLDER", str(tmp_path / "letters"))
    with immediate_transactions():
        seed_reference_data()
        db.session.commit()
        run_demo(DEMO_GENERATORS, letters=2000, years=3, today=TODAY, commit=db.session.commit,
                 after_write=DEMO_AFTER_WRITE, seed=7)
    root = get_default_agency()
    assert root is not None
    return root


@pytest.mark.fuzz
def test_every_figure_lists_what_it_counts_in_every_kind_of_window_and_below_the_province(bigger_demo) -> None:
    # One window of each kind (a quarter, a year, the National Assembly's
    # window, a month, a window across the generations' change): the year holds the quarters' records, so walking
    # each of its quarters as well repeated the same rows (it cost the slow group about 2.5 minutes).
    windows = [periods.parse_period(text) for text in ("2024-Q1", "2025", "2025-NA", "2026-05")]
    windows.append(periods.window(date(2024, 2, 20), date(2024, 3, 10)))  # across the generations' change
    seen: set[tuple[str, int]] = set()
    for window in windows:
        seen |= walk(bigger_demo, window, in_sql=window.code in ("2025", "2024-Q1"))
    children = db.session.scalars(sa.select(Agency).where(Agency.parent_id == bigger_demo.id).order_by(Agency.id))
    for child in list(children)[:1]:
        walk(child, periods.parse_period("2026-Q2"))
    assert len(seen) >= 75  # (form, column) pairs with a figure somewhere: the data reaches most columns


@pytest.mark.fuzz
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=decision_scenarios())
def test_every_02kqgq_figure_lists_its_decisions_on_random_decisions_and_ledgers(session, scenario) -> None:
    from tests.factories import make_agency

    records, period = scenario
    with db.session.begin_nested() as example:
        root = make_agency(name="Thanh tra tỉnh")
        agencies = {"1": root, **{unit: make_agency(parent_id=root.id) for unit in DECISION_UNITS[1:]}}
        for number, record in enumerate(records):
            write_decision(record, agencies[record.unit].id, final=number % 3 != 2)
        walk(root, period, ("02/KQGQ",))
        example.rollback()


# --------------------------------------------------------------------------------------------- the page

_RECORD = re.compile(r'<tr data-record="(\d+)"')
_NEXT = re.compile(r'rel="next" href="([^"]+)"')


def list_all(client, url: str) -> list[int]:  # type: ignore[no-untyped-def]
    """Every record of a drill-down, page after page."""
    ids: list[int] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        ids += [int(i) for i in _RECORD.findall(body)]
        found = _NEXT.search(body)
        url = found.group(1).replace("&amp;", "&") if found else ""
    return ids


def test_each_figure_on_the_screen_links_to_its_list_page_after_page(app, demo, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "PAGE_SIZE", 15)
    client, _leader = signed_in_client(app, role=Role.LEADER, agency_id=demo.id)
    page = client.get(f"/reports/01-xld?period={Q2.code}&agency={demo.code}").get_data(as_text=True)
    table = services.build_report(form_code="01/XLD", period=Q2, agency=demo, today=TODAY).table
    total = table.total.value(1)
    assert total > 30  # more than two pages
    link = f"/reports/01-xld/records?column=1&amp;agency={demo.code}&amp;period={Q2.code}"
    assert f'href="{link}"' in page
    ids = list_all(client, link.replace("&amp;", "&"))
    assert len(ids) == len(set(ids)) == total
    first = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "(1) Tổng số đơn" in first and "Tổng cộng" in first and Q2.window_line in first
    assert f"{total} kết quả" in first
    # a unit's row, a vụ việc column: one line per case
    row = next(r for r in table.rows if r.value(7))
    cases = list_all(client, f"/reports/01-xld/records?column=7&unit={row.unit}&agency={demo.code}&period={Q2.code}")
    assert len(cases) == row.value(7)
    # persons received (01/TCD (2)): the visits, each with its persons, add up to the figure
    monkeypatch.setitem(app.config, "PAGE_SIZE", 500)
    persons = services.build_report(form_code="01/TCD", period=Q2, agency=demo, today=TODAY).table.total.value(2)
    body = client.get(f"/reports/01-tcd/records?column=2&agency={demo.code}&period={Q2.code}").get_data(as_text=True)
    amounts = [int(a) for a in re.findall(r'data-amount="(\d+)"', body)]
    assert amounts and sum(amounts) == persons == int(re.search(r'data-figure="(\d+)"', body).group(1))  # type: ignore[union-attr]


def test_a_denouncers_identity_is_never_shown(app, demo) -> None:
    client, _leader = signed_in_client(app, role=Role.LEADER, agency_id=demo.id)
    # 01/XLD (9) in the TT 01/2024 layout: eligible denunciations
    body = client.get(f"/reports/01-xld/records?column=9&agency={demo.code}&period=2026-9M").get_data(as_text=True)
    denunciations = db.session.scalars(
        sa.select(Letter).where(Letter.letter_type == LetterType.DENUNCIATION, Letter.identity_ref_id.is_not(None))
    ).all()
    shown = [letter for letter in denunciations if f'data-record="{letter.id}"' in body]
    assert shown, "the window lists denunciations with a vault identity"
    assert "Danh tính người tố cáo được bảo mật" in body and "Mã danh tính" not in body


# --------------------------------------------------------------------------------------------- the scope


def window_args(window: ReportPeriod) -> str:
    return f"from={window.start.isoformat()}&to={window.end.isoformat()}"


def test_a_cell_outside_the_readers_scope_is_missing(app, xld_scenario) -> None:  # noqa: F811
    root, child = xld_scenario
    client, _officer = signed_in_client(app, role=Role.HANDLER, agency_id=child.id)
    query = window_args(OLD_WINDOW)
    own = client.get(f"/reports/01-xld/records?column=1&agency={child.code}&{query}")
    assert own.status_code == 200 and len(_RECORD.findall(own.get_data(as_text=True))) == 1
    missing = client.get(f"/reports/01-xld/records?column=1&agency=NO-SUCH&{query}")
    above = client.get(f"/reports/01-xld/records?column=1&agency={root.code}&{query}")
    assert above.status_code == missing.status_code == 404
    assert above.get_data() == missing.get_data()
    # a unit that is not a row of the reader's report (the parent's own row), a text column, no column, no form
    for url in (
        f"/reports/01-xld/records?column=1&unit={root.id}&agency={child.code}&{query}",
        f"/reports/01-xld/records?column=27&agency={child.code}&{query}",
        f"/reports/01-xld/records?column=99&agency={child.code}&{query}",
        f"/reports/01-xld/records?agency={child.code}&{query}",
        f"/reports/no-such-form/records?column=1&agency={child.code}&{query}",
    ):
        assert client.get(url).status_code == 404, url


def test_a_counted_record_the_reader_may_not_see_keeps_its_line_with_nothing_shown(app, xld_scenario) -> None:  # noqa: F811
    root, _child = xld_scenario
    client, leader = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    url = f"/reports/01-xld/records?column=1&agency={root.code}&{window_args(NEW_WINDOW)}"
    before = list_all(client, url)
    assert len(before) == services.build_report(
        form_code="01/XLD", period=NEW_WINDOW, agency=root, today=date(2024, 4, 1)
    ).table.total.value(1)
    hidden = next(letter for i in before if (letter := db.session.get(Letter, i)) and letter.case_id)
    db.session.add(CaseRestriction(case_file_id=hidden.case_id, user_id=leader.id, reason="người bị tố cáo"))
    db.session.commit()
    body = client.get(url).get_data(as_text=True)
    assert list_all(client, url) == before  # still counted, same place
    line = body.split(f'data-record="{hidden.id}"', 1)[1].split("</tr>", 1)[0]
    assert "ngoài phạm vi bạn được xem" in line and hidden.register_label not in line
    assert client.get(f"/letters/{hidden.id}").status_code == 404


def test_cases_letters_and_amounts_on_the_page(app, kqgq_scenario) -> None:  # noqa: F811
    root, _child, _k10 = kqgq_scenario
    client, _leader = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    query = f"agency={root.code}&period={KQGQ_WINDOW.code}"
    # 01/KQGQ (11): money to return to individuals — K2's decision, 150.5 million VND
    body = client.get(f"/reports/01-kqgq/records?column=11&{query}").get_data(as_text=True)
    assert re.findall(r'data-amount="([^"]+)"', body) == ["150.500"] and ">150,5</td>" in body
    # 01/KQGQ (1): the letters accepted with the cases, each naming its case
    body = client.get(f"/reports/01-kqgq/records?column=1&{query}").get_data(as_text=True)
    figure = services.build_report(form_code="01/KQGQ", period=KQGQ_WINDOW, agency=root, today=TODAY).table
    assert len(_RECORD.findall(body)) == figure.total.value(1)
    assert body.count('href="/cases/') >= figure.total.value(1)


def test_every_field_of_a_letter_filter_reads_a_column_of_the_record_rows(app, session) -> None:
    """queries.letter_condition turns each LetterFilter field into a condition on letter_rows' column: a field added
    to the filter without its column would fail there (KeyError), here first."""
    from dataclasses import fields

    from petitions.domain.statistics import LetterFilter
    from petitions.reports import queries

    assert {spec.name for spec in fields(LetterFilter)} == set(queries.LETTER_FILTER_READS)
    rows = queries.letter_rows(1, Q2, None)
    assert set(queries.LETTER_FILTER_READS.values()) <= set(rows.columns)
