"""Biểu số 04/XLD (letters of recommendation and report, kiến nghị, phản ánh) declared as data, in both generations.

TT 02/2021: (1) = 2+…+7 (carried over: 2 several signers, 3 one, 4 other; in period: 5–7 the same); (8) handled = 9 c
+ 10 p; eligible (11) letters, (12) cases = 13+…+16 = 17+18+19 = 20+21; field (13) policies (14) land & housing (15)
judicial (16) other; status at receipt (17) resolved (18) in progress (19) not resolved; (20) within competence;
(21) outside = 22 F + 23 U; (24) replies; (25) notes. TT 01/2024: (1) = 2+3; (4) handled = 5+6; eligible (7) letters
(8) cases = 9+…+12 = 13+14 = 15+16; field (9)–(12); status (13) resolved (14) not; (15) within; (16) outside = 17 F +
18 U; cases within competence (19) resolved (20) not, by the window's end (15 = 19 + 20); (21) notes. The field,
status and competence columns count cases, each placed by its leading letter (forms_xld).
"""

from __future__ import annotations

from petitions.domain.periods import Generation
from petitions.domain.statistics import (
    Bound,
    CheckSum,
    Column,
    FormDefinition,
    HeaderGroup,
    LetterKind,
    MatterField,
)
from petitions.reports import forms_xld as x

CODE = "04/XLD"
TITLE = "Tổng hợp kết quả xử lý đơn kiến nghị, phản ánh"

KNPA = LetterKind.PETITION
M = MatterField
P = x.P

SIGNERS = (x.SEVERAL, x.ONE, x.OTHER)
# Neither layout has a guidance column: a guided KNPA counts as forwarded (notes).
ROUTES = (x.FORWARDED_OR_GUIDED, x.URGED)

# The KNPA list's fields (field_petition: CS, DD, TP, KHAC); any other field a reclassified letter kept counts as
# "khác", as a letter with no field does.
FIELDS: tuple[tuple[str, frozenset[MatterField | None]], ...] = (
    ("Chế độ, chính sách", frozenset({M.POLICY})),
    ("Đất đai, nhà cửa", frozenset({M.LAND})),
    ("Tư pháp", frozenset({M.JUDICIAL})),
    ("Khác", frozenset({M.ADMIN_OTHER, M.CIVIL_SERVICE, M.CORRUPTION, M.PARTY, M.OTHER, None})),
)

_NOTES: tuple[str, ...] = (
    x.CARRIED_NOTE,
    x.CASES_NOTE,
    "Lĩnh vực theo danh mục lĩnh vực của đơn; đơn chưa ghi lĩnh vực, hoặc ghi lĩnh vực không có cột trên biểu, được "
    "tính ở cột khác.",
    x.HANDLING_NOTE,
)
_RESOLVED_NOTE = (
    "Đã được giải quyết khi tiếp nhận gồm đã giải quyết lần đầu, lần hai hoặc đã có bản án của Tòa án. Biểu không có "
    "cột hướng dẫn: đơn kiến nghị, phản ánh ngoài thẩm quyền đã hướng dẫn được tính ở cột chuyển đơn."
)
NOTES_2021: tuple[str, ...] = (*_NOTES, _RESOLVED_NOTE, x.REPLIES_NOTE)
NOTES_2024: tuple[str, ...] = (
    *_NOTES,
    _RESOLVED_NOTE,
    "Chưa được giải quyết (14) gồm cả đang giải quyết.",
    "Vụ việc thuộc thẩm quyền đã giải quyết (19): vụ việc đã kết thúc đến ngày cuối kỳ (trạng thái có hiệu lực sau "
    "cùng đến ngày đó, kể cả đính chính, là đã kết thúc); còn lại là chưa giải quyết (20).",
)


def _fields(start: int) -> list[Column]:
    return [
        x.placed(start + i, f"Phân loại theo nội dung: {label}", KNPA, fields=chosen)
        for i, (label, chosen) in enumerate(FIELDS)
    ]


def _fields_header(start: int) -> HeaderGroup:
    return HeaderGroup(
        "Phân loại vụ việc theo nội dung",
        tuple(HeaderGroup(label, (start + i,)) for i, (label, _) in enumerate(FIELDS)),
    )


# ------------------------------------------------------------------------------------------ TT 02/2021

COLUMNS_2021: tuple[Column, ...] = (
    x.letters(1, "Tổng số đơn", KNPA),
    *x.intake_by_signers(2, KNPA, SIGNERS),
    *x.handled(8, KNPA),
    *x.eligible(11, KNPA),
    *_fields(13),
    x.placed(17, "Tình trạng giải quyết: đã được giải quyết", KNPA, priors=x.RESOLVED),
    x.placed(18, "Tình trạng giải quyết: đang giải quyết", KNPA, priors=frozenset({P.IN_PROGRESS})),
    x.placed(19, "Tình trạng giải quyết: chưa được giải quyết", KNPA, priors=frozenset({P.NOT_YET})),
    x.placed(20, "Thuộc thẩm quyền", KNPA, within=True),
    *x.outside(21, KNPA, ROUTES),
    x.replies(24, KNPA),
    Column(25, "Ghi chú"),
)

HEADER_2021: tuple[HeaderGroup | int, ...] = (
    HeaderGroup(
        "Tiếp nhận",
        (
            HeaderGroup("Tổng số đơn", (1,)),
            HeaderGroup("Kỳ trước chuyển sang", x.signer_header(2, SIGNERS)),
            HeaderGroup("Tiếp nhận trong kỳ", x.signer_header(5, SIGNERS)),
        ),
    ),
    x.handled_header(8),
    x.eligible_header(11),
    _fields_header(13),
    HeaderGroup(
        "Phân loại vụ việc theo tình trạng giải quyết",
        (
            HeaderGroup("Đã được giải quyết", (17,)),
            HeaderGroup("Đang giải quyết", (18,)),
            HeaderGroup("Chưa được giải quyết", (19,)),
        ),
    ),
    HeaderGroup("Thuộc thẩm quyền", (20,)),
    x.outside_header(21, ROUTES),
    HeaderGroup("Văn bản phúc đáp", (24,)),
    HeaderGroup("Ghi chú", (25,)),
)

CHECK_SUMS_2021: tuple[CheckSum, ...] = (
    CheckSum(1, (2, 3, 4, 5, 6, 7)),
    CheckSum(8, (9, 10)),
    CheckSum(12, (13, 14, 15, 16)),
    CheckSum(12, (17, 18, 19)),
    CheckSum(12, (20, 21)),
    CheckSum(21, (22, 23)),
)
BOUNDS_2021: tuple[Bound, ...] = (Bound(8, 1), Bound(11, 8), Bound(12, 11))

# ------------------------------------------------------------------------------------------ TT 01/2024

COLUMNS_2024: tuple[Column, ...] = (
    x.letters(1, "Tổng số đơn", KNPA),
    x.letters(2, "Kỳ trước chuyển sang", KNPA, carried=True),
    x.letters(3, "Tiếp nhận trong kỳ", KNPA, carried=False),
    *x.handled(4, KNPA),
    *x.eligible(7, KNPA),
    *_fields(9),
    x.placed(13, "Tình trạng giải quyết: đã được giải quyết", KNPA, priors=x.RESOLVED),
    x.placed(14, "Tình trạng giải quyết: chưa được giải quyết", KNPA, priors=x.UNRESOLVED),
    x.placed(15, "Thuộc thẩm quyền", KNPA, within=True),
    *x.outside(16, KNPA, ROUTES),
    x.placed(19, "Vụ việc thuộc thẩm quyền: đã giải quyết", KNPA, within=True, case_closed=True),
    x.placed(20, "Vụ việc thuộc thẩm quyền: chưa giải quyết", KNPA, within=True, case_closed=False),
    Column(21, "Ghi chú"),
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
    HeaderGroup(
        "Phân loại vụ việc theo tình trạng giải quyết",
        (HeaderGroup("Đã được giải quyết", (13,)), HeaderGroup("Chưa được giải quyết", (14,))),
    ),
    HeaderGroup("Thuộc thẩm quyền", (15,)),
    x.outside_header(16, ROUTES),
    HeaderGroup(
        "Kết quả giải quyết vụ việc thuộc thẩm quyền",
        (HeaderGroup("Đã giải quyết", (19,)), HeaderGroup("Chưa giải quyết", (20,))),
    ),
    HeaderGroup("Ghi chú", (21,)),
)

CHECK_SUMS_2024: tuple[CheckSum, ...] = (
    CheckSum(1, (2, 3)),
    CheckSum(4, (5, 6)),
    CheckSum(8, (9, 10, 11, 12)),
    CheckSum(8, (13, 14)),
    CheckSum(8, (15, 16)),
    CheckSum(16, (17, 18)),
    CheckSum(15, (19, 20)),
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
        check_sums=CHECK_SUMS_2024, bounds=BOUNDS_2024, counting_notes=NOTES_2024,
    )


FORMS = {generation: definition(generation) for generation in Generation}
