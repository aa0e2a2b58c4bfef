"""AN/NB's SQL on random anonymous information written to the database (letters, their first handling, the referral
to the body receiving it for inspection): every figure equals the naive count in plain Python over the same letters
(tests/domain/test_anonymous_property.py's), every check holds. Few examples: each writes and rolls back."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from petitions.extensions import db
from petitions.reports import services
from tests.domain.test_anonymous_property import examples, naive_rows
from tests.factories import make_agency
from tests.services.test_reports_anonymous import handled, information

pytestmark = pytest.mark.fuzz


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(example=examples())
def test_the_sql_figures_are_the_naive_count(session, example) -> None:
    drawn, period = example
    with db.session.begin_nested() as transaction:
        root = make_agency(name="Ủy ban nhân dân tỉnh")
        # Two rows, each body with a subordinate: its own inspection; the other row's body: another body.
        bodies = {"1": make_agency(parent_id=root.id), "2": make_agency(parent_id=root.id)}
        subordinates = {unit: make_agency(parent_id=body.id) for unit, body in bodies.items()}
        for x in drawn:
            row = information(bodies[x.unit], x.on)
            if x.handling is not None:
                to = {"own": subordinates[x.unit], "other": bodies["2" if x.unit == "1" else "1"], None: None}[x.receiver]
                handled(row, x.handling, x.handled_on, to=to)
        table = services.build_report(form_code="AN/NB", period=period, agency=root, today=period.end).table
        units = {unit: str(body.id) for unit, body in bodies.items()}
        expected = naive_rows(drawn, period, units)
        rows = {row.unit: dict(row.values) for row in table.rows}
        assert rows[str(root.id)] == dict.fromkeys(range(1, 10), 0)
        for key, values in expected.items():
            assert rows[key] == values, key
        transaction.rollback()
