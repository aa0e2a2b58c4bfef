"""02/TCD's SQL on random letters handed in at visits, written to the database: every figure of the form equals the
naive count in plain Python over the same letters (tests/domain/test_reception_letters_property.py's), every check
holds. Few examples: each writes its visits and letters and rolls back."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from petitions.domain.records import LetterType
from petitions.extensions import db
from petitions.reports import services
from tests.domain.test_reception_letters_property import examples, naive_rows, received
from tests.factories import make_agency, make_case
from tests.services.test_reports_02tcd import event, handed_in

pytestmark = pytest.mark.fuzz

TYPE_OF = {"KN": LetterType.COMPLAINT, "TC": LetterType.DENUNCIATION, "KNPA": LetterType.PETITION}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(example=examples())
def test_the_sql_figures_are_the_naive_count(session, example) -> None:
    drawn, period = example
    with db.session.begin_nested() as transaction:
        root = make_agency(name="Ban Tiếp công dân tỉnh")
        agencies = {"1": root, "2": make_agency(parent_id=root.id)}
        cases = [make_case(agency_in_charge_id=root.id) for _ in range(3)]
        rows = []
        for x in drawn:
            original = rows[x.duplicate_of] if x.duplicate_of is not None else None
            row = handed_in(agencies[x.unit], x.on, TYPE_OF[x.kind.value], within=x.within, desk_within=x.desk_within,
                            case=cases[x.case] if x.case is not None else None, duplicate_of=original)
            if x.handling is not None:
                event(row, x.handling, x.handled_on)
            rows.append(row)
        table = services.build_report(form_code="02/TCD", period=period, agency=root, today=period.end).table
        units = {unit: str(agency.id) for unit, agency in agencies.items()}
        letters = received(drawn, [row.id for row in rows], [case.id for case in cases], units)
        expected = naive_rows(letters, period, tuple(units.values()))
        for row in table.rows:
            assert dict(row.values) == expected[row.unit], row.label
        transaction.rollback()
