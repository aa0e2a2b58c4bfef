"""The registry of report forms: code → definition per generation, chosen by the window's end date."""

from __future__ import annotations

from collections.abc import Mapping

from petitions.domain.periods import Generation, ReportPeriod
from petitions.domain.statistics import FormDefinition
from petitions.domain.types import DomainError
from petitions.reports import forms_01tcd

FORMS: Mapping[str, Mapping[Generation, FormDefinition]] = {forms_01tcd.CODE: forms_01tcd.FORMS}


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
