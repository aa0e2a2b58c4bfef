"""04/KQGQ's SQL on random conclusions and ledgers written to the database: every figure of the form equals the naive
count in plain Python over the same generated facts (tests/domain/test_conclusion_property.py's), every check holds.
Few examples: each writes its conclusions and rolls back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings

from petitions.cases.models import CaseImplementationEntry, CaseOutcome
from petitions.domain.records import CaseType, CaseVerdict
from petitions.domain.statistics import DecisionRecord
from petitions.extensions import db
from petitions.reports import services
from petitions.reports.implementation_queries import DONE_COLUMN
from tests.domain.test_conclusion_property import naive_rows
from tests.domain.test_implementation_property import UNITS, scenarios
from tests.factories import make_agency, make_case

pytestmark = pytest.mark.fuzz


def write(record: DecisionRecord, agency_id: int) -> None:
    """The conclusion as the database holds it: a denunciation concluded (in force) on its day, its ledger."""
    assert record.in_force_on is not None
    case = make_case(agency_in_charge_id=agency_id, case_type=CaseType.DENUNCIATION,
                     opened_on=record.in_force_on - timedelta(days=40))
    case.decided_on = record.in_force_on
    db.session.add(CaseOutcome(case_file_id=case.id, decided_on=record.in_force_on, verdict=CaseVerdict.TRUE,
                               **{f.value: v for f, v in record.ordered}))
    written: dict[int, CaseImplementationEntry] = {}
    for entry in sorted(record.entries, key=lambda e: e.id):  # database ids in the generated order (ties)
        row = CaseImplementationEntry(
            case_file_id=case.id, effective_on=entry.effective_on, fully_done=entry.fully_done,
            supersedes_id=written[entry.supersedes].id if entry.supersedes is not None else None,
            **{DONE_COLUMN[f]: v for f, v in entry.done if DONE_COLUMN[f]},
        )
        db.session.add(row)
        db.session.flush()
        written[entry.id] = row
    db.session.flush()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios())
def test_the_sql_figures_are_the_naive_count(session, scenario) -> None:
    records, period = scenario
    concluded = [record for record in records if record.in_force_on is not None]  # a conclusion is always in force
    with db.session.begin_nested() as example:
        root = make_agency(name="Thanh tra tỉnh")
        agencies = {"1": root, **{unit: make_agency(parent_id=root.id) for unit in UNITS[1:]}}
        for record in concluded:
            write(record, agencies[record.unit].id)
        table = services.build_report(form_code="04/KQGQ", period=period, agency=root, today=period.end).table
        expected = naive_rows(concluded, period)
        by_agency = {str(agency.id): expected[unit] for unit, agency in agencies.items()}
        for row in table.rows:
            assert dict(row.values) == by_agency[row.unit], row.label
        example.rollback()
