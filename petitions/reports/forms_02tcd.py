"""Biểu số 02/TCD (letters received through reception, TT 02/2021) declared as data.

(1) letters = 3+5+7 = 9+11, (2) cases = 4+6+8 = 10+12; complaints (3) letters (4) cases, denunciations (5)(6),
KNPA (7)(8); within competence (9) letters (10) cases; outside (11) letters (12) cases, of which (13) guided (14)
forwarded (15) urged; (16) replies received; (17) notes. The facts are queries over the window's visits whose
outcome is a letter received (reception_letter_queries.reception_letter_facts), counted by the XLD quantities.

Whether TT 01/2024 still has the form is unverified: later windows print this layout marked "mẫu chưa xác nhận".
The counting decisions the form leaves open are printed in its notes (NOTES).
"""

from __future__ import annotations

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
    Route,
)
from petitions.reports.forms_kqgq import UNCONFIRMED

CODE = "02/TCD"
TITLE = "Tổng hợp kết quả phân loại, xử lý đơn qua tiếp công dân"

F = LetterFilter

# The system's counting decisions where the form is silent (DOMAIN §6), printed under the table.
NOTES: tuple[str, ...] = (
    "Đơn tiếp nhận qua tiếp công dân: đơn công dân trao tại lượt tiếp có ngày tiếp trong kỳ (kết quả lượt tiếp là "
    "tiếp nhận đơn), tính ở dòng của cơ quan có sổ tiếp công dân và sổ đăng ký đơn đó; đơn bị hủy đăng ký không tính.",
    "Đơn được phân loại theo nội dung chính (đơn có nhiều nội dung); đơn đã phân loại lại là thông tin không rõ "
    "người tố cáo không tính ở biểu này.",
    "Thuộc thẩm quyền hay không theo phân loại đơn; đơn chưa phân loại theo ghi nhận ở sổ tiếp công dân.",
    "Mỗi vụ việc được tính một lần ở mỗi dòng, theo đơn tiếp nhận sớm nhất của vụ việc trong kỳ (loại đơn và thẩm "
    "quyền của đơn đó); đơn trùng không là vụ việc mới; đơn không gắn vụ việc là một vụ việc.",
    "Hướng dẫn, chuyển đơn, đôn đốc: hướng xử lý được duyệt đầu tiên của đơn không thuộc thẩm quyền, hiệu lực đến "
    "ngày cuối kỳ (trả lại đơn tính là hướng dẫn, chuyển cơ quan Đảng tính là chuyển đơn); đơn chưa xử lý hoặc "
    "được lưu chỉ tính ở cột (11), (12).",
    "Văn bản phúc đáp: mọi văn bản nhận được trong kỳ về đơn tiếp nhận qua tiếp công dân, kể cả đơn đã tính ở kỳ "
    "trước.",
)


def _pair(number: int, label: str, chosen: LetterFilter) -> tuple[Column, Column]:
    """Số đơn and số vụ việc of the letters ``chosen`` selects."""
    return (
        Column(number, f"{label}: số đơn", Measure(Quantity.LETTERS, letters=chosen)),
        Column(number + 1, f"{label}: số vụ việc", Measure(Quantity.LETTER_CASES, letters=chosen)),
    )


def _outside(number: int, label: str, route: Route) -> Column:
    return Column(number, f"Không thuộc thẩm quyền, trong đó: {label}", Measure(Quantity.LETTERS, letters=F(within=False, route=route)))


COLUMNS: tuple[Column, ...] = (
    *_pair(1, "Tổng số", F()),
    *_pair(3, "Khiếu nại", F(kind=LetterKind.COMPLAINT)),
    *_pair(5, "Tố cáo", F(kind=LetterKind.DENUNCIATION)),
    *_pair(7, "Kiến nghị, phản ánh", F(kind=LetterKind.PETITION)),
    *_pair(9, "Thuộc thẩm quyền", F(within=True)),
    *_pair(11, "Không thuộc thẩm quyền", F(within=False)),
    _outside(13, "hướng dẫn", Route.GUIDED),
    _outside(14, "chuyển đơn", Route.FORWARDED),
    _outside(15, "đôn đốc giải quyết", Route.URGED),
    Column(16, "Số văn bản phúc đáp nhận được", Measure(Quantity.REPLIES)),
    Column(17, "Ghi chú"),
)


def _letters_and_cases(label: str, start: int) -> HeaderGroup:
    return HeaderGroup(label, (HeaderGroup("Số đơn", (start,)), HeaderGroup("Số vụ việc", (start + 1,))))


HEADER: tuple[HeaderGroup | int, ...] = (
    _letters_and_cases("Tổng số đơn tiếp nhận qua tiếp công dân", 1),
    HeaderGroup(
        "Phân loại theo nội dung",
        (
            _letters_and_cases("Khiếu nại", 3),
            _letters_and_cases("Tố cáo", 5),
            _letters_and_cases("Kiến nghị, phản ánh", 7),
        ),
    ),
    HeaderGroup(
        "Kết quả xử lý",
        (
            _letters_and_cases("Thuộc thẩm quyền", 9),
            HeaderGroup(
                "Không thuộc thẩm quyền",
                (
                    HeaderGroup("Số đơn", (11,)),
                    HeaderGroup("Số vụ việc", (12,)),
                    HeaderGroup(
                        "Trong đó",
                        (
                            HeaderGroup("Hướng dẫn", (13,)),
                            HeaderGroup("Chuyển đơn", (14,)),
                            HeaderGroup("Đôn đốc giải quyết", (15,)),
                        ),
                    ),
                ),
            ),
        ),
    ),
    HeaderGroup("Số văn bản phúc đáp nhận được", (16,)),
    HeaderGroup("Ghi chú", (17,)),
)

CHECK_SUMS: tuple[CheckSum, ...] = (
    CheckSum(1, (3, 5, 7)),
    CheckSum(1, (9, 11)),
    CheckSum(2, (4, 6, 8)),
    CheckSum(2, (10, 12)),
)
# A case stands for one or more letters; guided, forwarded and urged are among the letters outside competence.
BOUNDS: tuple[Bound, ...] = (
    Bound(2, 1),
    Bound(4, 3),
    Bound(6, 5),
    Bound(8, 7),
    Bound(10, 9),
    Bound(12, 11),
    Bound(13, 11),
    Bound(14, 11),
    Bound(15, 11),
)


def definition(generation: Generation) -> FormDefinition:
    return FormDefinition(
        code=CODE,
        generation=Generation.TT_02_2021,
        title=TITLE,
        columns=COLUMNS,
        header=HEADER,
        check_sums=CHECK_SUMS,
        bounds=BOUNDS,
        # Under TT 01/2024 the form is not known to exist: the TT 02/2021 layout, marked so.
        note=UNCONFIRMED if generation is Generation.TT_01_2024 else "",
        counting_notes=NOTES,
    )


FORMS = {generation: definition(generation) for generation in Generation}
