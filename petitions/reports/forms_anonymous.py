"""Bảng nội bộ AN/NB: anonymous information (thông tin có nội dung tố cáo không rõ người tố cáo) received and handled,
an office's own table declared as data (not a form of TT 02/2021 or TT 01/2024: never part of the set that is sent).

(1) = 2 + 3 = 4 + 9: (2) carried over, (3) received in the window; (4) handled = 5 + 6 + 7 + 8: (5) inspected or
checked by the body itself or a subordinate (theo thẩm quyền), (6) sent to another competent body for inspection,
(7) returned, (8) filed; (9) not handled; (10) notes. Facts: anonymous_queries.anonymous_facts (LetterFact tallies,
counted by the XLD quantities); the rules: statistics.anonymous_facts, is_own_inspection. The same layout for both
generations.
"""

from __future__ import annotations

from petitions.domain.periods import Generation
from petitions.domain.statistics import (
    CheckSum,
    Column,
    FormDefinition,
    HeaderGroup,
    LetterFilter,
    LetterKind,
    Measure,
    Quantity,
    Route,
)

CODE = "AN/NB"
TITLE = "Bảng nội bộ: tổng hợp tiếp nhận, xử lý thông tin có nội dung tố cáo không rõ người tố cáo"

A = LetterKind.ANONYMOUS

# What the table counts and how (DOMAIN §3.3, §6), printed under it.
NOTES: tuple[str, ...] = (
    "Bảng nội bộ của cơ quan, không phải biểu mẫu báo cáo theo Thông tư 02/2021/TT-TTCP, Thông tư 01/2024/TT-TTCP và "
    "không gửi kèm báo cáo. Thông tin có nội dung tố cáo không rõ người tố cáo không phải là tố cáo (Luật Tố cáo "
    "Điều 25): chỉ được tính ở cột tiếp nhận và đã xử lý của Biểu số 01/XLD.",
    "Kỳ trước chuyển sang: tiếp nhận trước kỳ, đến ngày đầu kỳ chưa có hướng xử lý được duyệt; đã xử lý: hướng xử lý "
    "được duyệt đầu tiên có hiệu lực đến ngày cuối kỳ (như Biểu số 01/XLD); tính ở dòng của cơ quan vào sổ.",
    "Thanh tra, kiểm tra theo thẩm quyền: văn bản chuyển để thanh tra, kiểm tra gửi chính cơ quan tiếp nhận hoặc cơ quan "
    "cấp dưới của cơ quan đó; chuyển cơ quan có thẩm quyền: gửi cơ quan khác, hoặc chưa ghi cơ quan nhận (Luật Tố cáo "
    "Điều 25 khoản 2).",
    "Lưu đơn: thông tin được xử lý bằng phiếu đề xuất lưu đơn (không thanh tra, kiểm tra, không chuyển, không trả lại).",
)


def _count(number: int, label: str, chosen: LetterFilter) -> Column:
    return Column(number, label, Measure(Quantity.LETTERS, letters=chosen))


COLUMNS: tuple[Column, ...] = (
    _count(1, "Tổng số thông tin", LetterFilter(kind=A)),
    _count(2, "Kỳ trước chuyển sang", LetterFilter(kind=A, carried=True)),
    _count(3, "Tiếp nhận trong kỳ", LetterFilter(kind=A, carried=False)),
    _count(4, "Đã xử lý: tổng số", LetterFilter(kind=A, handled=True)),
    _count(5, "Đã xử lý: thanh tra, kiểm tra theo thẩm quyền",
           LetterFilter(kind=A, handled=True, route=Route.FORWARDED, within=True)),
    _count(6, "Đã xử lý: chuyển cơ quan có thẩm quyền thanh tra, kiểm tra",
           LetterFilter(kind=A, handled=True, route=Route.FORWARDED, within=False)),
    _count(7, "Đã xử lý: trả lại đơn", LetterFilter(kind=A, handled=True, route=Route.GUIDED)),
    _count(8, "Đã xử lý: lưu đơn", LetterFilter(kind=A, handled=True, routes=frozenset({None}))),
    _count(9, "Chưa xử lý", LetterFilter(kind=A, handled=False)),
    Column(10, "Ghi chú"),
)

HEADER: tuple[HeaderGroup | int, ...] = (
    HeaderGroup(
        "Tiếp nhận",
        (
            HeaderGroup("Tổng số", (1,)),
            HeaderGroup("Kỳ trước chuyển sang", (2,)),
            HeaderGroup("Tiếp nhận trong kỳ", (3,)),
        ),
    ),
    HeaderGroup(
        "Đã xử lý",
        (
            HeaderGroup("Tổng số", (4,)),
            HeaderGroup("Thanh tra, kiểm tra theo thẩm quyền", (5,)),
            HeaderGroup("Chuyển cơ quan có thẩm quyền thanh tra, kiểm tra", (6,)),
            HeaderGroup("Trả lại đơn", (7,)),
            HeaderGroup("Lưu đơn", (8,)),
        ),
    ),
    HeaderGroup("Chưa xử lý", (9,)),
    HeaderGroup("Ghi chú", (10,)),
)

CHECK_SUMS: tuple[CheckSum, ...] = (CheckSum(1, (2, 3)), CheckSum(1, (4, 9)), CheckSum(4, (5, 6, 7, 8)))


def definition(generation: Generation) -> FormDefinition:
    return FormDefinition(
        code=CODE,
        generation=generation,
        title=TITLE,
        columns=COLUMNS,
        header=HEADER,
        check_sums=CHECK_SUMS,
        counting_notes=NOTES,
        internal=True,
    )


# The office's own table: the same layout whatever the circular.
FORMS = {generation: definition(generation) for generation in Generation}
