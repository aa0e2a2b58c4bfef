"""A fixed 01/TCD used by the output tests and their golden files (the domain scenario, nine months of 2026)."""

from __future__ import annotations

from petitions.domain import periods
from petitions.domain.statistics import compute_table
from petitions.reports import forms_01tcd
from petitions.reports.outputs import ReportDocument
from tests.domain.test_statistics import FORM, SCENARIO, UNITS

AGENCY = "Ban Tiếp công dân tỉnh"


def document() -> ReportDocument:
    table = compute_table(FORM, periods.parse_period("2026-9M"), UNITS, SCENARIO)
    return ReportDocument(
        table=table,
        issuing_body=AGENCY,
        parent_body="UBND tỉnh Quảng Ninh",
        narrative=forms_01tcd.narrative(table, AGENCY),
    )
