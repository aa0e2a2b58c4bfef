"""Biểu số 02/XLD (complaint letters received and handled) declared as data, in both generations.

TT 02/2021: (1) = 2+…+5 (carried over: 2 several signers, 3 one; in period: 4 several, 5 one); (6) handled = 7 c
+ 8 p; eligible (9) letters, (10) cases = 11+15+16+17 = 18+…+22 = 23+26; field: (11) administrative = (12)
policies & regimes + (13) land & housing + (14) other, (15) judicial, (16) Party & mass organisations, (17) other;
status at receipt: resolved (18) round 1 (19) round 2 (20) court judgment, (21) in progress, (22) not resolved;
within competence (23) = 24 round 1 + 25 round 2; outside (26) = 27 G + 28 F + 29 U; (30) replies; (31) notes.
TT 01/2024: the same blocks with intake total / c / p and outside only G + U; its numbering is not confirmed
(DOMAIN §6, tbc): numbered in this order and marked "mẫu chưa đối chiếu". Columns (11)–(29) (TT 01/2024 (9)–(26))
count cases, each placed by its leading letter (forms_xld).
"""

from __future__ import annotations

from petitions.domain.classification import PriorResolution
from petitions.domain.periods import Generation
from petitions.domain.statistics import (
    ADMINISTRATIVE_FIELDS,
    Bound,
    CheckSum,
    Column,
    FormDefinition,
    HeaderGroup,
    LetterKind,
    MatterField,
)
from petitions.reports import forms_xld as x

CODE = "02/XLD"
TITLE = "Tổng hợp kết quả xử lý đơn khiếu nại"

KN = LetterKind.COMPLAINT
M = MatterField
P = PriorResolution

# The form has no column for an unsigned complaint: it counts with the letters of one signer (notes).
SIGNERS = (x.SEVERAL, ("một người đứng tên", x.ONE[1] | x.OTHER[1]))
ROUTES_2021 = (x.GUIDED, x.FORWARDED, x.URGED)
ROUTES_2024 = (x.GUIDED_OR_FORWARDED, x.URGED)

# (field column label, the fields it takes): a denunciation's field left on a reclassified letter counts in the
# nearest column (civil service → other administrative, corruption → other), no field at all under "khác".
ADMINISTRATIVE: tuple[tuple[str, frozenset[MatterField | None]], ...] = (
    ("Chế độ, chính sách", frozenset({M.POLICY})),
    ("Đất đai, nhà cửa", frozenset({M.LAND})),
    ("Khác", frozenset({M.ADMIN_OTHER, M.CIVIL_SERVICE})),
)
OTHER_FIELDS: tuple[tuple[str, frozenset[MatterField | None]], ...] = (
    ("Lĩnh vực tư pháp", frozenset({M.JUDICIAL})),
    ("Lĩnh vực Đảng, đoàn thể", frozenset({M.PARTY})),
    ("Lĩnh vực khác", frozenset({M.OTHER, M.CORRUPTION, None})),
)
STATUSES = (
    ("Đã được giải quyết lần đầu", frozenset({P.RESOLVED_FIRST})),
    ("Đã được giải quyết lần hai", frozenset({P.RESOLVED_SECOND})),
    ("Đã có bản án của Tòa án", frozenset({P.COURT_JUDGMENT})),
    ("Đang giải quyết", frozenset({P.IN_PROGRESS})),
    ("Chưa được giải quyết", frozenset({P.NOT_YET})),
)

_ROUND_NOTE = (
    "Thuộc thẩm quyền lần hai: vụ việc là khiếu nại lần hai, hoặc khi tiếp nhận đơn đã được giải quyết (lần đầu, "
    "lần hai hoặc đã có bản án của Tòa án); còn lại là lần đầu."
)
NOTES_2021: tuple[str, ...] = (
    *x.COMMON_NOTES,
    "Đơn khiếu nại không có người đứng tên (biểu không có cột đơn khác) được tính ở cột đơn một người đứng tên.",
    _ROUND_NOTE,
    x.REPLIES_NOTE,
)
NOTES_2024: tuple[str, ...] = (
    *x.COMMON_NOTES,
    _ROUND_NOTE,
    x.REPLIES_NOTE,
    "Mẫu theo TT 01/2024 không có cột chuyển đơn: đơn khiếu nại ngoài thẩm quyền đã chuyển đơn được tính ở cột "
    "hướng dẫn.",
    x.not_checked_note("số thứ tự các cột của Biểu 02/XLD theo TT 01/2024 được đánh theo thứ tự các khối của mẫu"),
)


def _fields(start: int) -> list[Column]:
    """(start) administrative = the next three; then judicial, Party, other: seven columns."""
    out = [x.placed(start, "Lĩnh vực hành chính: tổng", KN, fields=frozenset(ADMINISTRATIVE_FIELDS))]
    for label, chosen in ADMINISTRATIVE:
        out.append(x.placed(start + len(out), f"Lĩnh vực hành chính: {label}", KN, fields=chosen))
    for label, chosen in OTHER_FIELDS:
        out.append(x.placed(start + len(out), label, KN, fields=chosen))
    return out


def _fields_header(start: int) -> HeaderGroup:
    return HeaderGroup(
        "Phân loại vụ việc theo nội dung",
        (
            HeaderGroup(
                "Lĩnh vực hành chính",
                (
                    HeaderGroup("Tổng", (start,)),
                    *(HeaderGroup(label, (start + 1 + i,)) for i, (label, _) in enumerate(ADMINISTRATIVE)),
                ),
            ),
            *(HeaderGroup(label, (start + 4 + i,)) for i, (label, _) in enumerate(OTHER_FIELDS)),
        ),
    )


def _statuses(start: int) -> list[Column]:
    return [
        x.placed(start + i, f"Tình trạng giải quyết: {label}", KN, priors=chosen)
        for i, (label, chosen) in enumerate(STATUSES)
    ]


def _statuses_header(start: int) -> HeaderGroup:
    return HeaderGroup(
        "Phân loại vụ việc theo tình trạng giải quyết",
        (
            HeaderGroup(
                "Đã được giải quyết",
                (
                    HeaderGroup("Lần đầu", (start,)),
                    HeaderGroup("Lần hai", (start + 1,)),
                    HeaderGroup("Đã có bản án của Tòa án", (start + 2,)),
                ),
            ),
            HeaderGroup("Đang giải quyết", (start + 3,)),
            HeaderGroup("Chưa được giải quyết", (start + 4,)),
        ),
    )


def _within(start: int) -> list[Column]:
    return [
        x.placed(start, "Thuộc thẩm quyền: tổng", KN, within=True),
        x.placed(start + 1, "Thuộc thẩm quyền: lần đầu", KN, within=True, next_round=False),
        x.placed(start + 2, "Thuộc thẩm quyền: lần hai", KN, within=True, next_round=True),
    ]


def _within_header(start: int) -> HeaderGroup:
    return HeaderGroup(
        "Thuộc thẩm quyền",
        (HeaderGroup("Tổng", (start,)), HeaderGroup("Lần đầu", (start + 1,)), HeaderGroup("Lần hai", (start + 2,))),
    )


# ------------------------------------------------------------------------------------------ TT 02/2021

COLUMNS_2021: tuple[Column, ...] = (
    x.letters(1, "Tổng số đơn", KN),
    *x.intake_by_signers(2, KN, SIGNERS),
    *x.handled(6, KN),
    *x.eligible(9, KN),
    *_fields(11),
    *_statuses(18),
    *_within(23),
    *x.outside(26, KN, ROUTES_2021),
    x.replies(30, KN),
    Column(31, "Ghi chú"),
)

HEADER_2021: tuple[HeaderGroup | int, ...] = (
    HeaderGroup(
        "Tiếp nhận",
        (
            HeaderGroup("Tổng số đơn", (1,)),
            HeaderGroup("Kỳ trước chuyển sang", x.signer_header(2, SIGNERS)),
            HeaderGroup("Tiếp nhận trong kỳ", x.signer_header(4, SIGNERS)),
        ),
    ),
    x.handled_header(6),
    x.eligible_header(9),
    _fields_header(11),
    _statuses_header(18),
    _within_header(23),
    x.outside_header(26, ROUTES_2021),
    HeaderGroup("Văn bản phúc đáp", (30,)),
    HeaderGroup("Ghi chú", (31,)),
)

CHECK_SUMS_2021: tuple[CheckSum, ...] = (
    CheckSum(1, (2, 3, 4, 5)),
    CheckSum(6, (7, 8)),
    CheckSum(10, (11, 15, 16, 17)),
    CheckSum(11, (12, 13, 14)),
    CheckSum(10, (18, 19, 20, 21, 22)),
    CheckSum(10, (23, 26)),
    CheckSum(23, (24, 25)),
    CheckSum(26, (27, 28, 29)),
)
BOUNDS_2021: tuple[Bound, ...] = (Bound(6, 1), Bound(9, 6), Bound(10, 9))

# ------------------------------------------------------------------------------------------ TT 01/2024

COLUMNS_2024: tuple[Column, ...] = (
    x.letters(1, "Tổng số đơn", KN),
    x.letters(2, "Kỳ trước chuyển sang", KN, carried=True),
    x.letters(3, "Tiếp nhận trong kỳ", KN, carried=False),
    *x.handled(4, KN),
    *x.eligible(7, KN),
    *_fields(9),
    *_statuses(16),
    *_within(21),
    *x.outside(24, KN, ROUTES_2024),
    x.replies(27, KN),
    Column(28, "Ghi chú"),
)

HEADER_2024: tuple[HeaderGroup | int, ...] = (
    HeaderGroup(
        "Tiếp nhận",
        (
            HeaderGroup("Tổng số đơn", (1,)),
            HeaderGroup("Kỳ trước chuyển sang", (2,)),
            HeaderGroup("Tiếp nhận trong kỳ", (3,)),
        ),
    ),
    x.handled_header(4),
    x.eligible_header(7),
    _fields_header(9),
    _statuses_header(16),
    _within_header(21),
    x.outside_header(24, ROUTES_2024),
    HeaderGroup("Văn bản phúc đáp", (27,)),
    HeaderGroup("Ghi chú", (28,)),
)

CHECK_SUMS_2024: tuple[CheckSum, ...] = (
    CheckSum(1, (2, 3)),
    CheckSum(4, (5, 6)),
    CheckSum(8, (9, 13, 14, 15)),
    CheckSum(9, (10, 11, 12)),
    CheckSum(8, (16, 17, 18, 19, 20)),
    CheckSum(8, (21, 24)),
    CheckSum(21, (22, 23)),
    CheckSum(24, (25, 26)),
)
BOUNDS_2024: tuple[Bound, ...] = (Bound(4, 1), Bound(7, 4), Bound(8, 7))


def definition(generation: Generation) -> FormDefinition:
    if generation is Generation.TT_02_2021:
        return FormDefinition(
            code=CODE, generation=generation, title=TITLE, columns=COLUMNS_2021, header=HEADER_2021,
            check_sums=CHECK_SUMS_2021, bounds=BOUNDS_2021, counting_notes=NOTES_2021,
        )
    return FormDefinition(
        code=CODE, generation=generation, title=TITLE, columns=COLUMNS_2024, header=HEADER_2024,
        check_sums=CHECK_SUMS_2024, bounds=BOUNDS_2024, note=x.NOT_CHECKED, counting_notes=NOTES_2024,
    )


FORMS = {generation: definition(generation) for generation in Generation}
