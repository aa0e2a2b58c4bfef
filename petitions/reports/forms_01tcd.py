"""Biểu số 01/TCD (reception results) declared as data, and its narrative sentence.

Both generations (TT 02/2021/TT-TTCP and TT 01/2024/TT-TTCP) print the same 30 columns:
(1)–(3) totals = regular + head's + delegated reception; regular (4)–(11); the head's periodic and
unscheduled reception (12)–(20) with its sessions; delegated reception (21)–(29) (only records before
01/07/2026 should carry it: Luật 136/2025 reportedly bars delegating to deputies, tbc); (30) notes.
Delegation columns are subsets of their group's columns.
"""

from __future__ import annotations

from petitions.domain.periods import Generation
from petitions.domain.reception import DELEGATION_MIN_PERSONS
from petitions.domain.statistics import (
    Bound,
    CheckSum,
    Column,
    FormDefinition,
    HeaderGroup,
    Measure,
    Quantity,
    ReceptionGroup,
    ReportTable,
)

CODE = "01/TCD"
TITLE = "Tổng hợp kết quả tiếp công dân"

G = ReceptionGroup
Q = Quantity


def _group_columns(start: int, group: ReceptionGroup, name: str, *, sessions: bool) -> list[Column]:
    """A reception group's block: [sessions], visits, persons, cases first/repeated, then its delegations."""
    columns: list[Column] = []
    number = start
    if sessions:
        columns.append(Column(number, f"{name}: số kỳ tiếp", Measure(Q.SESSIONS_HELD, group)))
        number += 1
    block = (
        ("lượt", Q.VISITS, False),
        ("người", Q.PERSONS, False),
        ("vụ việc lần đầu", Q.CASES_FIRST, False),
        ("vụ việc nhiều lần", Q.CASES_REPEATED, False),
        ("đoàn đông người: số đoàn", Q.DELEGATIONS, True),
        ("đoàn đông người: người", Q.PERSONS, True),
        ("đoàn đông người: vụ việc lần đầu", Q.CASES_FIRST, True),
        ("đoàn đông người: vụ việc nhiều lần", Q.CASES_REPEATED, True),
    )
    for label, quantity, delegations in block:
        columns.append(Column(number, f"{name}: {label}", Measure(quantity, group, delegations)))
        number += 1
    return columns


COLUMNS: tuple[Column, ...] = (
    Column(1, "Tổng số: lượt", Measure(Q.VISITS)),
    Column(2, "Tổng số: người", Measure(Q.PERSONS)),
    Column(3, "Tổng số: vụ việc", Measure(Q.CASES)),
    *_group_columns(4, G.REGULAR, "Tiếp thường xuyên", sessions=False),
    *_group_columns(12, G.HEAD, "Thủ trưởng tiếp định kỳ và đột xuất", sessions=True),
    *_group_columns(21, G.DELEGATED, "Tiếp theo ủy quyền", sessions=True),
    Column(30, "Ghi chú"),
)


def _block_header(start: int, *, sessions: bool) -> tuple[HeaderGroup | int, ...]:
    first = start + 1 if sessions else start
    lead: tuple[HeaderGroup | int, ...] = (HeaderGroup("Số kỳ tiếp", (start,)),) if sessions else ()
    return (
        *lead,
        HeaderGroup("Lượt", (first,)),
        HeaderGroup("Người", (first + 1,)),
        HeaderGroup(
            "Vụ việc", (HeaderGroup("Lần đầu", (first + 2,)), HeaderGroup("Nhiều lần", (first + 3,)))
        ),
        HeaderGroup(
            "Đoàn đông người",
            (
                HeaderGroup("Số đoàn", (first + 4,)),
                HeaderGroup("Người", (first + 5,)),
                HeaderGroup(
                    "Vụ việc",
                    (HeaderGroup("Lần đầu", (first + 6,)), HeaderGroup("Nhiều lần", (first + 7,))),
                ),
            ),
        ),
    )


HEADER: tuple[HeaderGroup | int, ...] = (
    HeaderGroup(
        "Tổng số",
        (HeaderGroup("Lượt", (1,)), HeaderGroup("Người", (2,)), HeaderGroup("Vụ việc", (3,))),
    ),
    HeaderGroup("Tiếp thường xuyên", _block_header(4, sessions=False)),
    HeaderGroup("Thủ trưởng tiếp định kỳ và đột xuất", _block_header(12, sessions=True)),
    HeaderGroup("Tiếp theo ủy quyền", _block_header(21, sessions=True)),
    HeaderGroup("Ghi chú", (30,)),
)


def _delegation_bounds(group_start: int, delegation_start: int) -> tuple[Bound, ...]:
    """(visits, persons, cases first, cases repeated) of the delegations within the group's."""
    return (
        *(Bound(delegation_start + i, group_start + i) for i in range(4)),
        # a delegation's persons are at least the threshold times its visits
        Bound(delegation_start, delegation_start + 1, factor=DELEGATION_MIN_PERSONS),
        Bound(group_start, group_start + 1),  # every visit receives at least one person
    )


CHECK_SUMS = (
    CheckSum(1, (4, 13, 22)),
    CheckSum(2, (5, 14, 23)),
    CheckSum(3, (6, 7, 15, 16, 24, 25)),
)
BOUNDS = (*_delegation_bounds(4, 8), *_delegation_bounds(13, 17), *_delegation_bounds(22, 26))


def definition(generation: Generation) -> FormDefinition:
    return FormDefinition(
        code=CODE,
        generation=generation,
        title=TITLE,
        columns=COLUMNS,
        header=HEADER,
        check_sums=CHECK_SUMS,
        bounds=BOUNDS,
    )


FORMS = {generation: definition(generation) for generation in Generation}


def narrative(table: ReportTable, agency_name: str) -> str:
    """The report's sentence: "Trong quý I năm 2026, <cơ quan> đã tiếp tổng số … lượt/… người/… vụ việc, … đoàn …"."""
    t = table.total.value
    delegations = t(8) + t(17) + t(26)
    parts = [
        f"Trong {table.period.label} (từ ngày {table.period.start:%d/%m/%Y} đến ngày {table.period.end:%d/%m/%Y}), "
        f"{agency_name} đã tiếp tổng số {t(1)} lượt/{t(2)} người/{t(3)} vụ việc, {delegations} đoàn đông người",
        f"tiếp thường xuyên {t(4)} lượt/{t(5)} người/{t(6) + t(7)} vụ việc ({t(6)} vụ việc lần đầu, "
        f"{t(7)} vụ việc nhiều lần), {t(8)} đoàn đông người",
        f"Thủ trưởng tiếp định kỳ và đột xuất {t(12)} kỳ, {t(13)} lượt/{t(14)} người/{t(15) + t(16)} vụ việc, "
        f"{t(17)} đoàn đông người",
    ]
    if any(t(n) for n in range(21, 30)):
        parts.append(
            f"tiếp theo ủy quyền {t(21)} kỳ, {t(22)} lượt/{t(23)} người/{t(24) + t(25)} vụ việc, "
            f"{t(26)} đoàn đông người"
        )
    return f"{parts[0]}; trong đó: " + "; ".join(parts[1:]) + "."
