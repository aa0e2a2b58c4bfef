"""Biểu số 03/XLD (denunciation letters received and handled) declared as data, in both generations.

TT 02/2021: (1) = 2+…+7 (carried over: 2 several signers, 3 one, 4 other; in period: 5–7 the same); (8) handled =
9 c + 10 p; eligible (11) letters, (12) cases = 13+18+19+20+21 = 22+…+25 = 26+29; field: (13) administrative = (14)
policies + (15) land & housing + (16) civil servants & public service + (17) other, (18) corruption, (19) judicial,
(20) Party & mass organisations, (21) other; status: (22) not resolved, (23) in progress, re-denunciation (24)
overdue (25) concluded; within competence (26) = 27 first time + 28 re-denunciation; outside (29) = 30 G + 31 F +
32 U; (33) replies; (34) notes. TT 01/2024: (1) = 2+3; (4) handled = 5+6 (carried over, in period: not confirmed,
DOMAIN §6 tbc, so marked "mẫu chưa đối chiếu"); eligible (7) letters (8) cases; field (9)–(17) as (13)–(21); status
(18) re-denunciation overdue (19) concluded (20) not resolved; within (21) = 22 first + 23 re-denunciation; outside
(24) = 25 F + 26 U; (27) replies; (28) notes. The field, status and competence columns count cases, each placed by
its leading letter (forms_xld); anonymous information is never a denunciation (Luật Tố cáo Đ25).
"""

from __future__ import annotations

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

CODE = "03/XLD"
TITLE = "Tổng hợp kết quả xử lý đơn tố cáo"

TC = LetterKind.DENUNCIATION
M = MatterField
P = x.P

SIGNERS = (x.SEVERAL, x.ONE, x.OTHER)
ROUTES_2021 = (x.GUIDED, x.FORWARDED, x.URGED)
ROUTES_2024 = (x.FORWARDED_OR_GUIDED, x.URGED)

ADMINISTRATIVE: tuple[tuple[str, frozenset[MatterField | None]], ...] = (
    ("Chế độ, chính sách", frozenset({M.POLICY})),
    ("Đất đai, nhà cửa", frozenset({M.LAND})),
    ("Công chức, công vụ", frozenset({M.CIVIL_SERVICE})),
    ("Khác", frozenset({M.ADMIN_OTHER})),
)
OTHER_FIELDS: tuple[tuple[str, frozenset[MatterField | None]], ...] = (
    ("Lĩnh vực tham nhũng", frozenset({M.CORRUPTION})),
    ("Lĩnh vực tư pháp", frozenset({M.JUDICIAL})),
    ("Lĩnh vực Đảng, đoàn thể", frozenset({M.PARTY})),
    ("Lĩnh vực khác", frozenset({M.OTHER, None})),
)

_RE_DENUNCIATION_NOTE = (
    "Tố cáo tiếp: vụ việc là tố cáo tiếp (Luật Tố cáo Điều 37), hoặc khi tiếp nhận đơn nội dung tố cáo đã được giải "
    "quyết (đã có kết luận hoặc bản án); tố cáo tiếp mà khi tiếp nhận chưa có kết luận được tính là quá thời hạn "
    "chưa được giải quyết; còn lại là tố cáo lần đầu, theo tình trạng giải quyết ghi nhận khi tiếp nhận."
)
NOTES_2021: tuple[str, ...] = (*x.COMMON_NOTES, _RE_DENUNCIATION_NOTE, x.REPLIES_NOTE)
NOTES_2024: tuple[str, ...] = (
    *x.COMMON_NOTES,
    _RE_DENUNCIATION_NOTE,
    "Chưa được giải quyết (20): tố cáo lần đầu chưa được giải quyết, kể cả đang giải quyết.",
    x.REPLIES_NOTE,
    "Mẫu theo TT 01/2024 không có cột hướng dẫn: đơn tố cáo ngoài thẩm quyền đã hướng dẫn được tính ở cột chuyển đơn.",
    x.not_checked_note("các cột đã xử lý (kỳ trước chuyển sang, tiếp nhận trong kỳ) của Biểu 03/XLD theo TT 01/2024"),
)


def _fields(start: int) -> list[Column]:
    """(start) administrative = the next four; then corruption, judicial, Party, other: nine columns."""
    out = [x.placed(start, "Lĩnh vực hành chính: tổng", TC, fields=frozenset(ADMINISTRATIVE_FIELDS))]
    for label, chosen in ADMINISTRATIVE:
        out.append(x.placed(start + len(out), f"Lĩnh vực hành chính: {label}", TC, fields=chosen))
    for label, chosen in OTHER_FIELDS:
        out.append(x.placed(start + len(out), label, TC, fields=chosen))
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
            *(HeaderGroup(label, (start + 5 + i,)) for i, (label, _) in enumerate(OTHER_FIELDS)),
        ),
    )


def _re_denunciation(start: int) -> list[Column]:
    return [
        x.placed(start, "Tố cáo tiếp: quá thời hạn chưa được giải quyết", TC, next_round=True, priors=x.UNRESOLVED),
        x.placed(start + 1, "Tố cáo tiếp: đã có kết luận giải quyết", TC, next_round=True, priors=x.RESOLVED),
    ]


def _re_denunciation_header(start: int) -> HeaderGroup:
    return HeaderGroup(
        "Tố cáo tiếp",
        (
            HeaderGroup("Quá thời hạn chưa được giải quyết", (start,)),
            HeaderGroup("Đã có kết luận giải quyết", (start + 1,)),
        ),
    )


def _within(start: int) -> list[Column]:
    return [
        x.placed(start, "Thuộc thẩm quyền: tổng", TC, within=True),
        x.placed(start + 1, "Thuộc thẩm quyền: tố cáo lần đầu", TC, within=True, next_round=False),
        x.placed(start + 2, "Thuộc thẩm quyền: tố cáo tiếp", TC, within=True, next_round=True),
    ]


def _within_header(start: int) -> HeaderGroup:
    return HeaderGroup(
        "Thuộc thẩm quyền",
        (
            HeaderGroup("Tổng", (start,)),
            HeaderGroup("Tố cáo lần đầu", (start + 1,)),
            HeaderGroup("Tố cáo tiếp", (start + 2,)),
        ),
    )


# ------------------------------------------------------------------------------------------ TT 02/2021

COLUMNS_2021: tuple[Column, ...] = (
    x.letters(1, "Tổng số đơn", TC),
    *x.intake_by_signers(2, TC, SIGNERS),
    *x.handled(8, TC),
    *x.eligible(11, TC),
    *_fields(13),
    x.placed(22, "Tình trạng giải quyết: chưa được giải quyết", TC, next_round=False, priors=frozenset({P.NOT_YET})),
    x.placed(23, "Tình trạng giải quyết: đang giải quyết", TC, next_round=False, priors=frozenset({P.IN_PROGRESS})),
    *_re_denunciation(24),
    *_within(26),
    *x.outside(29, TC, ROUTES_2021),
    x.replies(33, TC),
    Column(34, "Ghi chú"),
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
            HeaderGroup("Chưa được giải quyết", (22,)),
            HeaderGroup("Đang giải quyết", (23,)),
            _re_denunciation_header(24),
        ),
    ),
    _within_header(26),
    x.outside_header(29, ROUTES_2021),
    HeaderGroup("Văn bản phúc đáp", (33,)),
    HeaderGroup("Ghi chú", (34,)),
)

CHECK_SUMS_2021: tuple[CheckSum, ...] = (
    CheckSum(1, (2, 3, 4, 5, 6, 7)),
    CheckSum(8, (9, 10)),
    CheckSum(12, (13, 18, 19, 20, 21)),
    CheckSum(13, (14, 15, 16, 17)),
    CheckSum(12, (22, 23, 24, 25)),
    CheckSum(12, (26, 29)),
    CheckSum(26, (27, 28)),
    CheckSum(29, (30, 31, 32)),
)
BOUNDS_2021: tuple[Bound, ...] = (Bound(8, 1), Bound(11, 8), Bound(12, 11))

# ------------------------------------------------------------------------------------------ TT 01/2024

COLUMNS_2024: tuple[Column, ...] = (
    x.letters(1, "Tổng số đơn", TC),
    x.letters(2, "Kỳ trước chuyển sang", TC, carried=True),
    x.letters(3, "Tiếp nhận trong kỳ", TC, carried=False),
    *x.handled(4, TC),
    *x.eligible(7, TC),
    *_fields(9),
    *_re_denunciation(18),
    x.placed(20, "Tình trạng giải quyết: chưa được giải quyết", TC, next_round=False),
    *_within(21),
    *x.outside(24, TC, ROUTES_2024),
    x.replies(27, TC),
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
    HeaderGroup(
        "Phân loại vụ việc theo tình trạng giải quyết",
        (_re_denunciation_header(18), HeaderGroup("Chưa được giải quyết", (20,))),
    ),
    _within_header(21),
    x.outside_header(24, ROUTES_2024),
    HeaderGroup("Văn bản phúc đáp", (27,)),
    HeaderGroup("Ghi chú", (28,)),
)

CHECK_SUMS_2024: tuple[CheckSum, ...] = (
    CheckSum(1, (2, 3)),
    CheckSum(4, (5, 6)),
    CheckSum(8, (9, 14, 15, 16, 17)),
    CheckSum(9, (10, 11, 12, 13)),
    CheckSum(8, (18, 19, 20)),
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
