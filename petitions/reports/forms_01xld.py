"""Biểu số 01/XLD (letters received and handled) declared as data, in both generations.

TT 01/2024: (1) = 2 c + 3 p = 4 handled + 5 not handled; eligible (6) letters = 8+9+10 (KN, TC, KNPA) =
11+12+13 (resolved first time, repeatedly, not resolved) = 14 within + 18 outside, (7) cases; within
(14) = 15+16+17 (KN, TC, KNPA); outside (18) = 19+20+21 (G, F, U); (22) replies; (23) notes.
TT 02/2021: (1) = 2+…+7 (carried over: 2 s, 3 o, 4 x; in period: 5 s, 6 o, 7 x); (8) handled; eligible
(9) letters = 11+12+13 = 14+15+16+17 = 18+22, (10) cases; (14)–(17) resolved first time, repeatedly,
in progress, not resolved; within (18) = 19+20+21; outside (22) = 23+24+25 (G, F, U); (26) replies;
(27) notes. The counting decisions the forms leave open are printed in the form's notes (NOTES).
"""

from __future__ import annotations

from petitions.domain.classification import SignerKind
from petitions.domain.periods import Generation
from petitions.domain.statistics import (
    Bound,
    CheckSum,
    Column,
    FormDefinition,
    HeaderGroup,
    LetterFilter,
    LetterKind,
    Measure,
    Quantity,
    Resolution,
    Route,
)

CODE = "01/XLD"
TITLE = "Tổng hợp kết quả xử lý đơn"

F = LetterFilter
K = LetterKind
R = Resolution

# The system's counting decisions where the forms are silent (DOMAIN §6), printed under the table.
NOTES: tuple[str, ...] = (
    "Kỳ trước chuyển sang: đơn tiếp nhận trước kỳ, đến ngày đầu kỳ chưa có hướng xử lý được duyệt; "
    "đã xử lý: có hướng xử lý được duyệt, hiệu lực đến ngày cuối kỳ.",
    "Các cột đơn đủ điều kiện xử lý được đếm trong số đơn đã xử lý trong kỳ; số vụ việc là số vụ việc "
    "khác nhau của các đơn đó, bất kể vụ việc phát sinh khi nào; đơn trùng được đếm là đơn, không là vụ việc mới.",
    "Đơn có nhiều nội dung được tính theo nội dung chính; thông tin không rõ người tố cáo chỉ được tính ở "
    "cột tiếp nhận và đã xử lý (người đứng tên: khác), không bao giờ là đơn đủ điều kiện.",
    "Tình trạng giải quyết theo ghi nhận khi tiếp nhận đơn; đã có bản án của tòa án được tính là đã giải "
    "quyết nhiều lần.",
    "Ngoài thẩm quyền: trả lại đơn kèm hướng dẫn tính là hướng dẫn; chuyển cơ quan Đảng tính là chuyển đơn; "
    "đôn đốc là đơn có hướng xử lý được duyệt là đôn đốc cơ quan đang giải quyết (đơn chuyển rồi đôn đốc "
    "sau vẫn là chuyển đơn). Đơn ngoài thẩm quyền được lưu (hoặc thụ lý) mà không hướng dẫn, chuyển hay đôn "
    "đốc được tính là đã xử lý, không tính là đơn đủ điều kiện xử lý.",
    "Văn bản phúc đáp: mọi văn bản nhận được trong kỳ về đơn có người đứng tên, kể cả đơn đã tính ở kỳ trước.",
)


def _letters(number: int, label: str, chosen: LetterFilter) -> Column:
    return Column(number, label, Measure(Quantity.LETTERS, letters=chosen))


def _eligible(number: int, label: str, **chosen: object) -> Column:
    return _letters(number, label, LetterFilter(eligible=True, **chosen))  # type: ignore[arg-type]


def _kinds(start: int, prefix: str, **chosen: object) -> list[Column]:
    names = (("khiếu nại", K.COMPLAINT), ("tố cáo", K.DENUNCIATION), ("kiến nghị, phản ánh", K.PETITION))
    return [
        _eligible(start + i, f"{prefix}: {name}", kind=kind, **chosen) for i, (name, kind) in enumerate(names)
    ]


def _outside(start: int) -> list[Column]:
    return [
        _eligible(start, "Ngoài thẩm quyền: tổng", within=False),
        _eligible(start + 1, "Ngoài thẩm quyền: hướng dẫn", within=False, route=Route.GUIDED),
        _eligible(start + 2, "Ngoài thẩm quyền: chuyển đơn", within=False, route=Route.FORWARDED),
        _eligible(start + 3, "Ngoài thẩm quyền: đôn đốc", within=False, route=Route.URGED),
    ]


def _kind_header(start: int) -> tuple[HeaderGroup, ...]:
    return (
        HeaderGroup("Khiếu nại", (start,)),
        HeaderGroup("Tố cáo", (start + 1,)),
        HeaderGroup("Kiến nghị, phản ánh", (start + 2,)),
    )


def _outside_header(start: int) -> HeaderGroup:
    return HeaderGroup(
        "Ngoài thẩm quyền",
        (
            HeaderGroup("Tổng", (start,)),
            HeaderGroup("Hướng dẫn", (start + 1,)),
            HeaderGroup("Chuyển đơn", (start + 2,)),
            HeaderGroup("Đôn đốc", (start + 3,)),
        ),
    )


# ------------------------------------------------------------------------------------------ TT 01/2024

COLUMNS_2024: tuple[Column, ...] = (
    _letters(1, "Tổng số đơn", F()),
    _letters(2, "Kỳ trước chuyển sang", F(carried=True)),
    _letters(3, "Tiếp nhận trong kỳ", F(carried=False)),
    _letters(4, "Đã xử lý", F(handled=True)),
    _letters(5, "Chưa xử lý", F(handled=False)),
    _eligible(6, "Đủ điều kiện xử lý: số đơn"),
    Column(7, "Đủ điều kiện xử lý: số vụ việc", Measure(Quantity.LETTER_CASES, letters=F(eligible=True))),
    *_kinds(8, "Phân loại theo nội dung"),
    _eligible(11, "Đã giải quyết lần đầu", resolutions=frozenset({R.FIRST})),
    _eligible(12, "Đã giải quyết nhiều lần", resolutions=frozenset({R.REPEATED})),
    _eligible(13, "Chưa được giải quyết", resolutions=frozenset({R.IN_PROGRESS, R.NOT_RESOLVED})),
    _eligible(14, "Thuộc thẩm quyền: tổng", within=True),
    *_kinds(15, "Thuộc thẩm quyền", within=True),
    *_outside(18),
    Column(22, "Văn bản phúc đáp", Measure(Quantity.REPLIES)),
    Column(23, "Ghi chú"),
)

HEADER_2024: tuple[HeaderGroup | int, ...] = (
    HeaderGroup(
        "Tiếp nhận",
        (
            HeaderGroup("Tổng số", (1,)),
            HeaderGroup("Kỳ trước chuyển sang", (2,)),
            HeaderGroup("Tiếp nhận trong kỳ", (3,)),
        ),
    ),
    HeaderGroup("Xử lý", (HeaderGroup("Đã xử lý", (4,)), HeaderGroup("Chưa xử lý", (5,)))),
    HeaderGroup(
        "Đơn đủ điều kiện xử lý",
        (
            HeaderGroup("Số đơn", (6,)),
            HeaderGroup("Số vụ việc", (7,)),
            HeaderGroup("Phân loại theo nội dung", _kind_header(8)),
            HeaderGroup(
                "Tình trạng giải quyết",
                (
                    HeaderGroup("Đã giải quyết lần đầu", (11,)),
                    HeaderGroup("Đã giải quyết nhiều lần", (12,)),
                    HeaderGroup("Chưa được giải quyết", (13,)),
                ),
            ),
            HeaderGroup("Thuộc thẩm quyền", (HeaderGroup("Tổng", (14,)), *_kind_header(15))),
            _outside_header(18),
        ),
    ),
    HeaderGroup("Văn bản phúc đáp", (22,)),
    HeaderGroup("Ghi chú", (23,)),
)

CHECK_SUMS_2024: tuple[CheckSum, ...] = (
    CheckSum(1, (2, 3)),
    CheckSum(1, (4, 5)),
    CheckSum(6, (8, 9, 10)),
    CheckSum(6, (11, 12, 13)),
    CheckSum(6, (14, 18)),
    CheckSum(14, (15, 16, 17)),
    CheckSum(18, (19, 20, 21)),
)
BOUNDS_2024: tuple[Bound, ...] = (Bound(6, 4), Bound(7, 6))

# ------------------------------------------------------------------------------------------ TT 02/2021

_SIGNERS = (
    ("nhiều người đứng tên", SignerKind.SEVERAL),
    ("một người đứng tên", SignerKind.ONE),
    ("khác", SignerKind.NONE),
)

COLUMNS_2021: tuple[Column, ...] = (
    _letters(1, "Tổng số đơn", F()),
    *(
        _letters(2 + i, f"Kỳ trước chuyển sang: đơn {name}", F(carried=True, signers=signers))
        for i, (name, signers) in enumerate(_SIGNERS)
    ),
    *(
        _letters(5 + i, f"Tiếp nhận trong kỳ: đơn {name}", F(carried=False, signers=signers))
        for i, (name, signers) in enumerate(_SIGNERS)
    ),
    _letters(8, "Đã xử lý", F(handled=True)),
    _eligible(9, "Đủ điều kiện xử lý: số đơn"),
    Column(10, "Đủ điều kiện xử lý: số vụ việc", Measure(Quantity.LETTER_CASES, letters=F(eligible=True))),
    *_kinds(11, "Phân loại theo nội dung"),
    _eligible(14, "Đã giải quyết lần đầu", resolutions=frozenset({R.FIRST})),
    _eligible(15, "Đã giải quyết nhiều lần", resolutions=frozenset({R.REPEATED})),
    _eligible(16, "Đang giải quyết", resolutions=frozenset({R.IN_PROGRESS})),
    _eligible(17, "Chưa được giải quyết", resolutions=frozenset({R.NOT_RESOLVED})),
    _eligible(18, "Thuộc thẩm quyền: tổng", within=True),
    *_kinds(19, "Thuộc thẩm quyền", within=True),
    *_outside(22),
    Column(26, "Văn bản phúc đáp", Measure(Quantity.REPLIES)),
    Column(27, "Ghi chú"),
)


def _signer_header(start: int) -> tuple[HeaderGroup, ...]:
    return (
        HeaderGroup("Đơn có nhiều người đứng tên", (start,)),
        HeaderGroup("Đơn một người đứng tên", (start + 1,)),
        HeaderGroup("Đơn khác", (start + 2,)),
    )


HEADER_2021: tuple[HeaderGroup | int, ...] = (
    HeaderGroup(
        "Tiếp nhận",
        (
            HeaderGroup("Tổng số đơn", (1,)),
            HeaderGroup("Kỳ trước chuyển sang", _signer_header(2)),
            HeaderGroup("Tiếp nhận trong kỳ", _signer_header(5)),
        ),
    ),
    HeaderGroup("Đã xử lý", (8,)),
    HeaderGroup(
        "Đơn đủ điều kiện xử lý",
        (
            HeaderGroup("Số đơn", (9,)),
            HeaderGroup("Số vụ việc", (10,)),
            HeaderGroup("Phân loại theo nội dung", _kind_header(11)),
            HeaderGroup(
                "Tình trạng giải quyết",
                (
                    HeaderGroup("Đã giải quyết lần đầu", (14,)),
                    HeaderGroup("Đã giải quyết nhiều lần", (15,)),
                    HeaderGroup("Đang giải quyết", (16,)),
                    HeaderGroup("Chưa được giải quyết", (17,)),
                ),
            ),
            HeaderGroup("Thuộc thẩm quyền", (HeaderGroup("Tổng", (18,)), *_kind_header(19))),
            _outside_header(22),
        ),
    ),
    HeaderGroup("Văn bản phúc đáp", (26,)),
    HeaderGroup("Ghi chú", (27,)),
)

CHECK_SUMS_2021: tuple[CheckSum, ...] = (
    CheckSum(1, (2, 3, 4, 5, 6, 7)),
    CheckSum(9, (11, 12, 13)),
    CheckSum(9, (14, 15, 16, 17)),
    CheckSum(9, (18, 22)),
    CheckSum(18, (19, 20, 21)),
    CheckSum(22, (23, 24, 25)),
)
BOUNDS_2021: tuple[Bound, ...] = (Bound(8, 1), Bound(9, 8), Bound(10, 9))


def definition(generation: Generation) -> FormDefinition:
    if generation is Generation.TT_02_2021:
        columns, header, sums, bounds = COLUMNS_2021, HEADER_2021, CHECK_SUMS_2021, BOUNDS_2021
    else:
        columns, header, sums, bounds = COLUMNS_2024, HEADER_2024, CHECK_SUMS_2024, BOUNDS_2024
    return FormDefinition(
        code=CODE,
        generation=generation,
        title=TITLE,
        columns=columns,
        header=header,
        check_sums=sums,
        bounds=bounds,
        counting_notes=NOTES,
    )


FORMS = {generation: definition(generation) for generation in Generation}
