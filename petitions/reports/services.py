"""Build a report: load the units and the facts, compute the form, verify its sums, add the narrative.

Reports write nothing; they are built on demand for a window (a submitted report is frozen as it was sent:
petitions.reports.submissions).
"""

from __future__ import annotations

from datetime import date

from petitions.clock import local_today
from petitions.collector import collector_paused
from petitions.directory.models import Agency
from petitions.documents import issuers
from petitions.domain.periods import ReportPeriod
from petitions.domain.statistics import compute_table
from petitions.reports import catalog, queries
from petitions.reports.outputs import ReportDocument

# The signing rules' document type of a report (báo cáo): the head signs in person, a UBND "TM.".
REPORT_DOC_TYPE = "BAO_CAO"

def build_report(
    *, form_code: str, period: ReportPeriod, agency: Agency, today: date | None = None
) -> ReportDocument:
    """The verified form for ``agency`` (its own row, one row per subordinate grouped by level, the total),
    with the agency's heading, place, date line and head's signature block; a window ending after
    ``today`` (default: the local date) says the figures are as of today.

    Raises UnknownForm for a form the catalog does not know and InconsistentForm when a printed sum
    fails (then nothing may be printed).
    """
    today = today or local_today()
    form = catalog.form_for(form_code, period)
    with collector_paused():
        facts = catalog.facts_loader(form.code)(agency.id, period)
        units = queries.list_report_units(agency, period, with_figures=facts.units_counted_in(period))
        table = compute_table(form, period, units, facts).verify()
    name = agency.document_name
    narrative = catalog.narrative_for(form.code, table, name) if period.carries_narrative else None
    issuer = issuers.issuer_for(agency)
    return ReportDocument(
        table=table,
        issuing_body=issuer.issuing_body,
        parent_body=issuer.parent_body,
        narrative=narrative,
        place=issuer.place,
        signed_on=today,
        signer=issuers.default_signer(agency, REPORT_DOC_TYPE, today),
        data_until=today if today < period.end else None,
    )
