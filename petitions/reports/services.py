"""Build a report: load the units and the facts, compute the form, verify its sums, add the narrative.

Reports write nothing; they are built on demand for a window (frozen snapshots of submitted reports
come with a later issue).
"""

from __future__ import annotations

from petitions.directory.models import Agency
from petitions.domain.periods import ReportPeriod
from petitions.domain.statistics import compute_table
from petitions.reports import catalog, queries
from petitions.reports.outputs import ReportDocument


def build_report(*, form_code: str, period: ReportPeriod, agency: Agency) -> ReportDocument:
    """The verified form for ``agency`` (its own row, one row per direct subordinate, the total).

    Raises UnknownForm for a form the catalog does not know and InconsistentForm when a printed sum
    fails (then nothing may be printed).
    """
    form = catalog.form_for(form_code, period)
    facts = queries.reception_facts(agency.id, period)
    units = queries.list_report_units(agency, period, with_figures=facts.units_counted_in(period))
    table = compute_table(form, period, units, facts).verify()
    narrative = catalog.narrative_for(form.code, table, agency.name) if period.carries_narrative else None
    return ReportDocument(
        table=table,
        issuing_body=agency.name,
        parent_body=agency.parent.name if agency.parent is not None else "",
        narrative=narrative,
    )
