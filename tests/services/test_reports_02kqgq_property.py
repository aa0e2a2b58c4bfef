"""02/KQGQ's SQL on random decisions and ledgers written to the database: every figure of the form equals the naive
count in plain Python over the same generated facts (tests/domain/test_implementation_property.py's), every check
holds. Few examples: each writes its decisions and rolls back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings

from petitions.cases.models import CaseImplementationEntry, CaseOutcome
from petitions.deadlines.models import Clock, RecordType
from petitions.domain.statistics import DecisionRecord
from petitions.extensions import db
from petitions.reports import services
from petitions.reports.implementation_queries import DONE_COLUMN
from tests.domain.test_implementation_property import BASE, UNITS, naive_rows, scenarios
from tests.factories import make_agency, make_case

pytestmark = pytest.mark.fuzz


def write(record: DecisionRecord, agency_id: int, *, final: bool) -> None:
    """The decision as the database holds it: in force on its D18 due date (or, ``final`` False, on its own date
    with no D18 clock); one that never came into force was taken to court on its issue day."""
    in_force = record.in_force_on
    decided_on = (in_force - timedelta(days=30) if final else in_force) if in_force else BASE
    case = make_case(agency_in_charge_id=agency_id, opened_on=decided_on - timedelta(days=40))
    case.decided_on = decided_on
    if in_force is None:
        case.court_filed_on = decided_on
    db.session.add(CaseOutcome(case_file_id=case.id, decided_on=decided_on, **{f.value: v for f, v in record.ordered}))
    if final or in_force is None:
        due = in_force if in_force is not None else decided_on + timedelta(days=30)
        db.session.add(Clock(record_type=RecordType.CASE, record_id=case.id, rule_id="D18", trigger_on=decided_on,
                             due_on=due))
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
    with db.session.begin_nested() as example:
        root = make_agency(name="Thanh tra tỉnh")
        agencies = {"1": root, **{unit: make_agency(parent_id=root.id) for unit in UNITS[1:]}}
        for number, record in enumerate(records):
            write(record, agencies[record.unit].id, final=number % 3 != 2)
        table = services.build_report(form_code="02/KQGQ", period=period, agency=root, today=period.end).table
        expected = naive_rows(records, period)
        by_agency = {str(agency.id): expected[unit] for unit, agency in agencies.items()}
        for row in table.rows:
            assert dict(row.values) == by_agency[row.unit], row.label
        example.rollback()
