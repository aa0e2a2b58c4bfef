"""The cover report (báo cáo) of a reporting period: which periods have one, and its text.

The figures are read from the forms' total rows as built and verified for the same window (never
recounted), so the sentence and the attached tables cannot disagree:
  - tiếp … lượt / … người / … vụ việc = 01/TCD (1) / (2) / (3);
  - tiếp nhận … đơn = 01/XLD (1);
  - đã giải quyết … / … vụ việc thuộc thẩm quyền = [01/KQGQ (5) + (6) + 03/KQGQ (6)] /
    [01/KQGQ (4) + 03/KQGQ (4)], the rate with one decimal and a Vietnamese comma, "—" when nothing
    was due. A form not in the set (not modelled for the window) leaves its clause out.

Which periods carry it (DOMAIN §6): under TT 01/2024 (windows ending on or after 05/03/2024) Q1, 6 months,
9 months and the year carry the narrative; Q2–Q4 only the tables. Under TT 02/2021 every official period
does. The National Assembly window is an annual report: it does. A month or a custom window is not an
official report: tables only (the officer writes any text around them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from petitions.domain.periods import Generation, PeriodKind, ReportPeriod, format_day
from petitions.domain.statistics import ReportTable, group_thousands

RECEPTION_FORM = "01/TCD"
LETTERS_FORM = "01/XLD"
COMPLAINTS_FORM = "01/KQGQ"
DENUNCIATIONS_FORM = "03/KQGQ"
NOTHING_DUE = "—"

_OFFICIAL_KINDS = frozenset(
    {
        PeriodKind.QUARTER,
        PeriodKind.SIX_MONTHS,
        PeriodKind.NINE_MONTHS,
        PeriodKind.YEAR,
        PeriodKind.NATIONAL_ASSEMBLY,
    }
)


def has_cover_report(period: ReportPeriod) -> bool:
    """Whether the period's report is a báo cáo with a narrative (else the forms are sent alone)."""
    if period.kind not in _OFFICIAL_KINDS:
        return False
    if period.generation is Generation.TT_01_2024 and period.kind is PeriodKind.QUARTER:
        return period.number == 1
    return True


def tables_only_reason(period: ReportPeriod) -> str:
    """Why the period has no cover report, in the words the screen and the CLI show ('' if it has one)."""
    if has_cover_report(period):
        return ""
    if period.kind is PeriodKind.QUARTER:
        return (
            f"Theo {Generation.TT_01_2024.value}, báo cáo {period.label} chỉ gồm các biểu số liệu, "
            "không có báo cáo thuyết minh."
        )
    return (
        f"{period.label[:1].upper()}{period.label[1:]} không phải kỳ báo cáo chính thức: chỉ in các biểu số liệu, "
        "không có báo cáo thuyết minh."
    )


def percent(part: int, whole: int) -> str:
    """'85,7%' (one decimal, half up, Vietnamese comma); '—' when nothing was due."""
    if whole <= 0:
        return NOTHING_DUE
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}".replace(".", ",") + "%"


@dataclass(frozen=True)
class CoverFigures:
    """The narrative's figures, each None when its form is not in the set."""

    visits: int | None = None
    persons: int | None = None
    cases: int | None = None
    letters: int | None = None
    resolved: int | None = None
    due: int | None = None

    @property
    def rate(self) -> str:
        return percent(self.resolved or 0, self.due or 0)


def _total(tables: Mapping[str, ReportTable], code: str, *numbers: int) -> int | None:
    table = tables.get(code)
    if table is None:
        return None
    return sum(int(table.total.value(n)) for n in numbers)


def cover_figures(tables: Mapping[str, ReportTable]) -> CoverFigures:
    """The figures of the narrative, read from the forms' total rows (see the module's mapping)."""
    complaints_resolved = _total(tables, COMPLAINTS_FORM, 5, 6)
    denunciations_resolved = _total(tables, DENUNCIATIONS_FORM, 6)
    complaints_due = _total(tables, COMPLAINTS_FORM, 4)
    denunciations_due = _total(tables, DENUNCIATIONS_FORM, 4)
    has_resolution = complaints_due is not None or denunciations_due is not None
    return CoverFigures(
        visits=_total(tables, RECEPTION_FORM, 1),
        persons=_total(tables, RECEPTION_FORM, 2),
        cases=_total(tables, RECEPTION_FORM, 3),
        letters=_total(tables, LETTERS_FORM, 1),
        resolved=(complaints_resolved or 0) + (denunciations_resolved or 0) if has_resolution else None,
        due=(complaints_due or 0) + (denunciations_due or 0) if has_resolution else None,
    )


def _count(value: int | None) -> str:
    # Prose writes thousands with dots, as a Vietnamese reader expects ("1.328 lượt"); the tables print bare
    # counts in narrow columns.
    return group_thousands(value or 0)


def narrative(period: ReportPeriod, agency_name: str, figures: CoverFigures) -> str:
    """"Trong quý I năm 2026 (…), <cơ quan> đã tiếp 412 lượt/759 người/135 vụ việc; tiếp nhận 980 đơn;
    đã giải quyết 45/52 vụ việc thuộc thẩm quyền, đạt 86,5%." (clauses of missing forms left out)."""
    clauses = []
    if figures.visits is not None:
        clauses.append(
            f"đã tiếp {_count(figures.visits)} lượt/{_count(figures.persons)} người/{_count(figures.cases)} vụ việc"
        )
    if figures.letters is not None:
        clauses.append(f"tiếp nhận {_count(figures.letters)} đơn")
    if figures.due is not None:
        clauses.append(
            f"đã giải quyết {_count(figures.resolved)}/{_count(figures.due)} vụ việc thuộc thẩm quyền, "
            f"đạt {figures.rate}"
        )
    window = f"từ ngày {format_day(period.start)} đến ngày {format_day(period.end)}"
    return f"Trong {period.label} ({window}), {agency_name} " + "; ".join(clauses) + "."


def subject(period: ReportPeriod) -> str:
    """The trích yếu of the báo cáo."""
    return f"Kết quả công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo {period.label}"


def attachment_line(number_symbol: str, issued_on: str, issuing_body: str) -> str:
    """What each attached form prints under its window line."""
    return f"(Kèm theo Báo cáo số: {number_symbol} ngày {issued_on} của {issuing_body})"


def cover_paragraphs(
    period: ReportPeriod, agency_name: str, tables: Mapping[str, ReportTable], form_codes: Sequence[str]
) -> tuple[str, ...]:
    """The báo cáo's body: the basis, the narrative (figures from ``tables``), the forms attached, the end."""
    forms = ", ".join(form_codes)
    return (
        f"Thực hiện chế độ báo cáo theo Thông tư số {period.generation.value.removeprefix('TT ')} của Thanh tra Chính phủ, "
        f"{agency_name} báo cáo kết quả công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo "
        f"{period.label} như sau:",
        narrative(period, agency_name, cover_figures(tables)),
        f"Số liệu chi tiết tại các biểu số {forms} kèm theo báo cáo này.",
        f"Trên đây là báo cáo kết quả công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo "
        f"{period.label} của {agency_name}./.",
    )
