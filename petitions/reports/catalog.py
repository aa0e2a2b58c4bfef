"""The registry of report forms: code → definition per generation, chosen by the window's end date."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Protocol

from petitions.domain.periods import Generation, ReportPeriod
from petitions.domain.statistics import Facts, FormDefinition, LetterKind, ReportTable
from petitions.domain.types import DomainError
from petitions.reports import (
    anonymous_queries,
    case_queries,
    forms_01tcd,
    forms_01xld,
    forms_02kqgq,
    forms_02tcd,
    forms_02xld,
    forms_03xld,
    forms_04kqgq,
    forms_04xld,
    forms_anonymous,
    forms_kqgq,
    implementation_queries,
    queries,
    reception_letter_queries,
)

FORMS: Mapping[str, Mapping[Generation, FormDefinition]] = {
    forms_01tcd.CODE: forms_01tcd.FORMS,
    forms_02tcd.CODE: forms_02tcd.FORMS,
    forms_01xld.CODE: forms_01xld.FORMS,
    forms_02xld.CODE: forms_02xld.FORMS,
    forms_03xld.CODE: forms_03xld.FORMS,
    forms_04xld.CODE: forms_04xld.FORMS,
    forms_kqgq.COMPLAINTS: forms_kqgq.FORMS_01,
    forms_02kqgq.CODE: forms_02kqgq.FORMS,
    forms_kqgq.DENUNCIATIONS: forms_kqgq.FORMS_03,
    forms_04kqgq.CODE: forms_04kqgq.FORMS,
    # the office's own table of anonymous information (not sent with the report: cover.set_form_codes)
    forms_anonymous.CODE: forms_anonymous.FORMS,
}


class FactsLoader(Protocol):
    """A form's fact query: tallies for the figures; with ``records``, the same query un-grouped, one fact per
    record naming it, for the drill-down (petitions.reports.drilldown)."""

    def __call__(self, root_id: int, period: ReportPeriod, *, records: bool = False) -> Facts: ...


# Where each form's facts come from (grouped SQL, valid at the window's dates); 02–04/XLD: one kind of letter each.
FACTS: Mapping[str, FactsLoader] = {
    forms_01tcd.CODE: queries.reception_facts,
    forms_02tcd.CODE: reception_letter_queries.reception_letter_facts,
    forms_01xld.CODE: queries.letter_facts,
    forms_02xld.CODE: partial(queries.letter_facts, kind=LetterKind.COMPLAINT),
    forms_03xld.CODE: partial(queries.letter_facts, kind=LetterKind.DENUNCIATION),
    forms_04xld.CODE: partial(queries.letter_facts, kind=LetterKind.PETITION),
    forms_kqgq.COMPLAINTS: case_queries.resolution_facts,
    forms_02kqgq.CODE: implementation_queries.implementation_facts,
    forms_kqgq.DENUNCIATIONS: case_queries.resolution_facts,
    forms_04kqgq.CODE: implementation_queries.conclusion_facts,
    forms_anonymous.CODE: anonymous_queries.anonymous_facts,
}


class RecordRows(Protocol):
    """A form's records for a window as one statement, a row per record named by its fact's attributes (the same
    statement the form's fact query groups: queries.letter_rows), for a drill-down that selects one figure's in SQL."""

    def __call__(self, root_id: int, period: ReportPeriod) -> queries.LetterRows: ...


# The forms whose figures' records are read one figure at a time in SQL (the columns counting letters or their
# cases: petitions.reports.drilldown); the other forms' drill-downs read the whole form's facts (FACTS, records=True).
RECORD_ROWS: Mapping[str, RecordRows] = {
    forms_01xld.CODE: queries.letter_rows,
    forms_02xld.CODE: partial(queries.letter_rows, kind=LetterKind.COMPLAINT),
    forms_03xld.CODE: partial(queries.letter_rows, kind=LetterKind.DENUNCIATION),
    forms_04xld.CODE: partial(queries.letter_rows, kind=LetterKind.PETITION),
}
NARRATIVES: Mapping[str, Callable[[ReportTable, str], str]] = {forms_01tcd.CODE: forms_01tcd.narrative}


class UnknownForm(DomainError):
    """No such report form."""


def form_codes() -> tuple[str, ...]:
    return tuple(FORMS)


def form_for(code: str, period: ReportPeriod) -> FormDefinition:
    """The layout of ``code`` for a window: the generation its end date selects."""
    try:
        generations = FORMS[code.upper()]
    except KeyError:
        raise UnknownForm(f"Không có biểu mẫu {code}.") from None
    return generations[period.generation]


def facts_loader(code: str) -> FactsLoader:
    """The query that feeds ``code``'s figures."""
    return FACTS[code.upper()]


def narrative_for(code: str, table: ReportTable, agency_name: str) -> str | None:
    """The form's report sentence, if the form has one."""
    build = NARRATIVES.get(code.upper())
    return build(table, agency_name) if build else None


def slug(code: str) -> str:
    """The form code in a URL: 01/TCD → 01-tcd."""
    return code.replace("/", "-").lower()


def code_from_slug(value: str) -> str | None:
    code = value.replace("-", "/").upper()
    return code if code in FORMS else None
