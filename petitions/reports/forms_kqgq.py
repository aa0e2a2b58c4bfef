"""Biểu số 01/KQGQ (complaints resolved within competence) and 03/KQGQ (denunciations resolved within
competence) declared as data.

01/KQGQ, the same layout in both generations: (1) letters = 2 c + 3 p; (4) cases; resolved (5) by decision
= 20+…+24, (6) withdrawn after explanation; recover for the State (7) money (8) land; return to
organisations (9)(10), individuals (11)(12); rights restored (13) organisations (14) individuals;
discipline proposed (15) persons (16) officials; to investigation (17) cases (18) persons (19) officials;
round 1 (20) right (21) wrong (22) partly; round 2 (23) upheld (24) annulled or amended; (25) on time
(26) late, (25) + (26) = (5) + (6); (27) notes.

03/KQGQ, TT 02/2021 only: (1) = 2 c + 3 p letters; (4) cases; (5) of which re-denunciations; resolved (6)
= 7+8+9+10 = 30+31 ((7) first time, (8) re-denunciation, (9) withdrawn, (10) terminated other than by
withdrawal); (11)–(23) what the conclusions ordered; (24) true (25) of which re-denunciation (26) false (27)
of which (28) partly (29) of which; (30) on time (31) late; (32) notes. Whether TT 01/2024 still has it is
unverified: later windows print this layout marked "mẫu chưa xác nhận". The printed (6) = 24+26+28 cannot
hold once a denunciation is withdrawn or terminated ((9), (10) have no verdict): the system checks
(7) + (8) = (24) + (26) + (28), which is that sum whenever (9) and (10) are zero (printed in the notes).

The counting decisions the forms leave open are printed under each form (NOTES_01, NOTES_03).
"""

from __future__ import annotations

from petitions.domain.periods import Generation
from petitions.domain.records import CaseVerdict
from petitions.domain.statistics import (
    Bound,
    CaseFilter,
    CaseKind,
    CheckSum,
    Closure,
    Column,
    FormDefinition,
    HeaderGroup,
    Measure,
    OutcomeFigure,
    Quantity,
)

COMPLAINTS = "01/KQGQ"
DENUNCIATIONS = "03/KQGQ"
UNCONFIRMED = "mẫu chưa xác nhận"

OF = OutcomeFigure
V = CaseVerdict
DECIDED = frozenset({Closure.DECIDED})

_COMMON_NOTES: tuple[str, ...] = (
    "Vụ việc thuộc thẩm quyền: vụ việc đã thụ lý; kỳ trước chuyển sang là vụ việc thụ lý trước kỳ, đến ngày đầu kỳ "
    "chưa có quyết định giải quyết (kết luận), chưa rút, chưa đình chỉ; số đơn (1)–(3) là các đơn đã được thụ lý "
    "cùng vụ việc (đơn trùng được thụ lý cùng vụ việc là đơn, không là vụ việc mới); đơn gửi sau khi đã thụ lý "
    "chỉ tính ở các biểu XLD.",
    "Số liệu tính theo ngày hiệu lực của từng bước (thụ lý, quyết định, kết luận, rút đơn, đình chỉ) với mọi đính "
    "chính đã ghi nhận đến ngày lập biểu, kể cả đính chính sau khi kỳ đã kết thúc.",
    "Vụ việc kết thúc trong kỳ có ngày quyết định (kết luận) hoặc ngày rút đơn (không phải ngày thông báo đình chỉ "
    "sau đó) trong kỳ. Các cột kết quả là những gì quyết định, kết luận ban hành trong kỳ yêu cầu.",
    "Đơn có nhiều nội dung được tính theo nội dung chính; thông tin không rõ người tố cáo không bao giờ được tính.",
)

NOTES_01: tuple[str, ...] = (
    *_COMMON_NOTES,
    "Khiếu nại bị đình chỉ không do rút đơn vẫn tính ở cột (1)–(4) nhưng không tính ở (5), (6), (25), (26). "
    "Thời hạn (25) + (26) tính cho mọi vụ việc đã giải quyết trong kỳ, kể cả vụ việc rút đơn: (25) + (26) = (5) + (6).",
)

NOTES_03: tuple[str, ...] = (
    *_COMMON_NOTES,
    "Tố cáo bị đình chỉ không do rút tố cáo tính ở cột (10). Thời hạn (30) + (31) tính cho mọi vụ việc ở cột (6).",
    "Vụ việc rút tố cáo (9) và đình chỉ (10) không có kết luận đúng, sai: tổng (6) = (24) + (26) + (28) chỉ đúng "
    "khi (9) và (10) bằng 0; hệ thống kiểm tra (7) + (8) = (24) + (26) + (28).",
)


def _cases(number: int, label: str, chosen: CaseFilter) -> Column:
    return Column(number, label, Measure(Quantity.RESOLUTION_CASES, cases=chosen))


def _letters(number: int, label: str, chosen: CaseFilter) -> Column:
    return Column(number, label, Measure(Quantity.RESOLUTION_LETTERS, cases=chosen))


def _ordered(number: int, label: str, kind: CaseKind, figure: OutcomeFigure) -> Column:
    return Column(number, label, Measure(Quantity.ORDERED, cases=CaseFilter(kind=kind), figure=figure))


def _outcome_columns(start: int, kind: CaseKind) -> list[Column]:
    """What the decisions or conclusions ordered: 13 columns, money in million VND, land in m²."""
    named = (
        ("Thu hồi cho Nhà nước: tiền (triệu đồng)", OF.RECOVER_MONEY),
        ("Thu hồi cho Nhà nước: đất (m²)", OF.RECOVER_LAND),
        ("Trả lại cho tổ chức: tiền (triệu đồng)", OF.RETURN_MONEY_ORGS),
        ("Trả lại cho tổ chức: đất (m²)", OF.RETURN_LAND_ORGS),
        ("Trả lại cho cá nhân: tiền (triệu đồng)", OF.RETURN_MONEY_PERSONS),
        ("Trả lại cho cá nhân: đất (m²)", OF.RETURN_LAND_PERSONS),
        ("Khôi phục quyền lợi: tổ chức", OF.RESTORED_ORGS),
        ("Khôi phục quyền lợi: cá nhân", OF.RESTORED_PERSONS),
        ("Kiến nghị xử lý hành chính: tổng số người", OF.DISCIPLINE_PERSONS),
        ("Kiến nghị xử lý hành chính: số cán bộ, công chức", OF.DISCIPLINE_OFFICIALS),
        ("Chuyển cơ quan điều tra: số vụ", OF.INVESTIGATION_CASES),
        ("Chuyển cơ quan điều tra: số người", OF.INVESTIGATION_PERSONS),
        ("Chuyển cơ quan điều tra: số cán bộ, công chức", OF.INVESTIGATION_OFFICIALS),
    )
    return [_ordered(start + i, label, kind, figure) for i, (label, figure) in enumerate(named)]


def _outcome_header(start: int) -> tuple[HeaderGroup, ...]:
    def money_land(first: int) -> tuple[HeaderGroup, ...]:
        return (HeaderGroup("Tiền (triệu đồng)", (first,)), HeaderGroup("Đất (m²)", (first + 1,)))

    return (
        HeaderGroup("Kiến nghị thu hồi cho Nhà nước", money_land(start)),
        HeaderGroup(
            "Trả lại cho tổ chức, cá nhân",
            (HeaderGroup("Tổ chức", money_land(start + 2)), HeaderGroup("Cá nhân", money_land(start + 4))),
        ),
        HeaderGroup(
            "Khôi phục quyền lợi",
            (HeaderGroup("Tổ chức", (start + 6,)), HeaderGroup("Cá nhân", (start + 7,))),
        ),
        HeaderGroup(
            "Kiến nghị xử lý hành chính",
            (HeaderGroup("Tổng số người", (start + 8,)), HeaderGroup("Số cán bộ, công chức", (start + 9,))),
        ),
        HeaderGroup(
            "Chuyển cơ quan điều tra",
            (
                HeaderGroup("Số vụ", (start + 10,)),
                HeaderGroup("Số người", (start + 11,)),
                HeaderGroup("Số cán bộ, công chức", (start + 12,)),
            ),
        ),
    )


def _intake(kind: CaseKind) -> list[Column]:
    f = CaseFilter
    return [
        _letters(1, "Số đơn: tổng số", f(kind=kind)),
        _letters(2, "Số đơn: kỳ trước chuyển sang", f(kind=kind, carried=True)),
        _letters(3, "Số đơn: tiếp nhận trong kỳ", f(kind=kind, carried=False)),
        _cases(4, "Số vụ việc", f(kind=kind)),
    ]


_INTAKE_HEADER = HeaderGroup(
    "Đơn thuộc thẩm quyền",
    (
        HeaderGroup("Tổng số đơn", (1,)),
        HeaderGroup("Kỳ trước chuyển sang", (2,)),
        HeaderGroup("Tiếp nhận trong kỳ", (3,)),
    ),
)

# ------------------------------------------------------------------------------------------- 01/KQGQ

KN = CaseKind.COMPLAINT


def _kn(number: int, label: str, **chosen: object) -> Column:
    return _cases(number, label, CaseFilter(kind=KN, **chosen))  # type: ignore[arg-type]


COLUMNS_01: tuple[Column, ...] = (
    *_intake(KN),
    _kn(5, "Đã giải quyết: bằng quyết định giải quyết", closures=DECIDED),
    _kn(6, "Đã giải quyết: rút đơn thông qua giải thích, thuyết phục", closures=frozenset({Closure.WITHDRAWN})),
    *_outcome_columns(7, KN),
    _kn(20, "Giải quyết lần đầu: khiếu nại đúng", closures=DECIDED, verdicts=frozenset({V.RIGHT})),
    _kn(21, "Giải quyết lần đầu: khiếu nại sai", closures=DECIDED, verdicts=frozenset({V.WRONG})),
    _kn(22, "Giải quyết lần đầu: có đúng, có sai", closures=DECIDED, verdicts=frozenset({V.PARTLY_RIGHT})),
    _kn(23, "Giải quyết lần hai: công nhận quyết định lần đầu", closures=DECIDED, verdicts=frozenset({V.UPHELD})),
    _kn(
        24,
        "Giải quyết lần hai: hủy, sửa quyết định lần đầu",
        closures=DECIDED,
        verdicts=frozenset({V.ANNULLED_OR_AMENDED}),
    ),
    _kn(25, "Thời hạn giải quyết: đúng thời hạn", closures=frozenset({Closure.DECIDED, Closure.WITHDRAWN}), on_time=True),
    _kn(26, "Thời hạn giải quyết: quá thời hạn", closures=frozenset({Closure.DECIDED, Closure.WITHDRAWN}), on_time=False),
    Column(27, "Ghi chú"),
)

HEADER_01: tuple[HeaderGroup | int, ...] = (
    _INTAKE_HEADER,
    HeaderGroup("Số vụ việc thuộc thẩm quyền", (4,)),
    HeaderGroup(
        "Đã giải quyết",
        (
            HeaderGroup("Bằng quyết định giải quyết", (5,)),
            HeaderGroup("Rút đơn thông qua giải thích, thuyết phục", (6,)),
        ),
    ),
    *_outcome_header(7),
    HeaderGroup(
        "Giải quyết lần đầu",
        (
            HeaderGroup("Khiếu nại đúng", (20,)),
            HeaderGroup("Khiếu nại sai", (21,)),
            HeaderGroup("Có đúng, có sai", (22,)),
        ),
    ),
    HeaderGroup(
        "Giải quyết lần hai",
        (
            HeaderGroup("Công nhận quyết định lần đầu", (23,)),
            HeaderGroup("Hủy, sửa quyết định lần đầu", (24,)),
        ),
    ),
    HeaderGroup(
        "Thời hạn giải quyết",
        (HeaderGroup("Đúng thời hạn", (25,)), HeaderGroup("Quá thời hạn", (26,))),
    ),
    HeaderGroup("Ghi chú", (27,)),
)

CHECK_SUMS_01: tuple[CheckSum, ...] = (
    CheckSum(1, (2, 3)),
    CheckSum(5, (20, 21, 22, 23, 24)),
    CheckSum(25, (5, 6), plus=(26,)),
)
BOUNDS_01: tuple[Bound, ...] = (Bound(5, 4), Bound(6, 4))


def complaints(generation: Generation) -> FormDefinition:
    return FormDefinition(
        code=COMPLAINTS,
        generation=generation,
        title="Tổng hợp kết quả giải quyết khiếu nại thuộc thẩm quyền",
        columns=COLUMNS_01,
        header=HEADER_01,
        check_sums=CHECK_SUMS_01,
        bounds=BOUNDS_01,
        counting_notes=NOTES_01,
    )


# ------------------------------------------------------------------------------------------- 03/KQGQ

TC = CaseKind.DENUNCIATION


def _tc(number: int, label: str, **chosen: object) -> Column:
    return _cases(number, label, CaseFilter(kind=TC, **chosen))  # type: ignore[arg-type]


CLOSED = frozenset({Closure.DECIDED, Closure.WITHDRAWN, Closure.TERMINATED})


def _verdict(number: int, label: str, verdict: CaseVerdict, *, again: bool = False) -> Column:
    chosen: dict[str, object] = {"closures": DECIDED, "verdicts": frozenset({verdict})}
    if again:
        chosen["next_round"] = True
    return _tc(number, label, **chosen)


COLUMNS_03: tuple[Column, ...] = (
    *_intake(TC),
    _tc(5, "Số vụ việc: trong đó tố cáo tiếp", next_round=True),
    _tc(6, "Đã giải quyết: tổng số", closures=CLOSED),
    _tc(7, "Đã giải quyết: tố cáo lần đầu", closures=DECIDED, next_round=False),
    _tc(8, "Đã giải quyết: tố cáo tiếp", closures=DECIDED, next_round=True),
    _tc(9, "Đã giải quyết: rút toàn bộ nội dung tố cáo", closures=frozenset({Closure.WITHDRAWN})),
    _tc(10, "Đã giải quyết: đình chỉ không do rút tố cáo", closures=frozenset({Closure.TERMINATED})),
    *_outcome_columns(11, TC),
    _verdict(24, "Tố cáo đúng", V.TRUE),
    _verdict(25, "Tố cáo đúng: trong đó tố cáo tiếp", V.TRUE, again=True),
    _verdict(26, "Tố cáo sai", V.FALSE),
    _verdict(27, "Tố cáo sai: trong đó tố cáo tiếp", V.FALSE, again=True),
    _verdict(28, "Tố cáo có đúng, có sai", V.PARTLY_TRUE),
    _verdict(29, "Tố cáo có đúng, có sai: trong đó tố cáo tiếp", V.PARTLY_TRUE, again=True),
    _tc(30, "Thời hạn giải quyết: đúng thời hạn", closures=CLOSED, on_time=True),
    _tc(31, "Thời hạn giải quyết: quá thời hạn", closures=CLOSED, on_time=False),
    Column(32, "Ghi chú"),
)


def _of_which(label: str, first: int) -> HeaderGroup:
    # "Trong đó tố cáo tiếp" in short: the narrow column would break its words.
    return HeaderGroup(label, (HeaderGroup("Tổng", (first,)), HeaderGroup("Tố cáo tiếp", (first + 1,))))


HEADER_03: tuple[HeaderGroup | int, ...] = (
    _INTAKE_HEADER,
    HeaderGroup(
        "Số vụ việc thuộc thẩm quyền",
        (HeaderGroup("Tổng", (4,)), HeaderGroup("Tố cáo tiếp", (5,))),
    ),
    HeaderGroup(
        "Đã giải quyết",
        (
            HeaderGroup("Tổng số", (6,)),
            HeaderGroup("Tố cáo lần đầu", (7,)),
            HeaderGroup("Tố cáo tiếp", (8,)),
            HeaderGroup("Rút tố cáo", (9,)),
            HeaderGroup("Đình chỉ không do rút", (10,)),
        ),
    ),
    *_outcome_header(11),
    HeaderGroup(
        "Kết quả",
        (_of_which("Tố cáo đúng", 24), _of_which("Tố cáo sai", 26), _of_which("Tố cáo có đúng, có sai", 28)),
    ),
    HeaderGroup(
        "Thời hạn giải quyết",
        (HeaderGroup("Đúng thời hạn", (30,)), HeaderGroup("Quá thời hạn", (31,))),
    ),
    HeaderGroup("Ghi chú", (32,)),
)

CHECK_SUMS_03: tuple[CheckSum, ...] = (
    CheckSum(1, (2, 3)),
    CheckSum(6, (7, 8, 9, 10)),
    # The printed (6) = (24) + (26) + (28) without the withdrawn and terminated ones (module docstring).
    CheckSum(7, (24, 26, 28), plus=(8,)),
    CheckSum(6, (30, 31)),
)
BOUNDS_03: tuple[Bound, ...] = (
    Bound(5, 4),
    Bound(6, 4),
    Bound(8, 5),
    Bound(25, 24),
    Bound(27, 26),
    Bound(29, 28),
)


def denunciations(generation: Generation) -> FormDefinition:
    return FormDefinition(
        code=DENUNCIATIONS,
        generation=Generation.TT_02_2021,
        title="Tổng hợp kết quả giải quyết tố cáo thuộc thẩm quyền",
        columns=COLUMNS_03,
        header=HEADER_03,
        check_sums=CHECK_SUMS_03,
        bounds=BOUNDS_03,
        # Under TT 01/2024 the form is not known to exist: the TT 02/2021 layout, marked so.
        note=UNCONFIRMED if generation is Generation.TT_01_2024 else "",
        counting_notes=NOTES_03,
    )


FORMS_01 = {generation: complaints(generation) for generation in Generation}
FORMS_03 = {generation: denunciations(generation) for generation in Generation}
