"""The column builders and counting notes 02/XLD, 03/XLD and 04/XLD share: one kind of letter each (complaints,
denunciations, KNPA, by the main content; anonymous information never), the letter facts of 01/XLD.

Intake and handling count letters (đơn); the eligible block counts letters and cases; the field, status and
competence blocks count cases (vụ việc), each placed once by its leading letter (statistics.leading_letters), so
that every block adds up to the eligible cases. Each form module declares its columns, header and sums as data.
"""

from __future__ import annotations

from petitions.domain.classification import PriorResolution, SignerKind
from petitions.domain.statistics import (
    Column,
    HeaderGroup,
    LetterFilter,
    LetterKind,
    MatterField,
    Measure,
    Quantity,
    Route,
)

# A layout DOMAIN §6 marks as not confirmed against the official text (tbc): printed as documented, marked so on
# the screen and in the PDF, and corrected as data once checked.
NOT_CHECKED = "mẫu chưa đối chiếu"

P = PriorResolution
RESOLVED = frozenset({P.RESOLVED_FIRST, P.RESOLVED_SECOND, P.COURT_JUDGMENT})
UNRESOLVED = frozenset({P.NOT_YET, P.IN_PROGRESS})
# Every value a letter's field may take (None: no field recorded); each form's field columns take each once.
ALL_FIELDS: frozenset[MatterField | None] = frozenset({*MatterField, None})


def letters(number: int, label: str, kind: LetterKind, **chosen: object) -> Column:
    """đơn of ``kind`` the filter selects."""
    return Column(number, label, Measure(Quantity.LETTERS, letters=LetterFilter(kind=kind, **chosen)))  # type: ignore[arg-type]


def cases(number: int, label: str, kind: LetterKind, **chosen: object) -> Column:
    """vụ việc of ``kind``: distinct cases among its eligible letters (one selection of leading letters, when a
    column names a field, status or competence)."""
    chosen_filter = LetterFilter(kind=kind, eligible=True, **chosen)  # type: ignore[arg-type]
    return Column(number, label, Measure(Quantity.LETTER_CASES, letters=chosen_filter))


def placed(number: int, label: str, kind: LetterKind, **chosen: object) -> Column:
    """vụ việc of one field, status or competence: the cases whose leading letter the filter selects."""
    return cases(number, label, kind, leads=True, **chosen)


def replies(number: int, kind: LetterKind) -> Column:
    return Column(number, "Văn bản phúc đáp", Measure(Quantity.REPLIES, letters=LetterFilter(kind=kind)))


def intake_by_signers(
    start: int, kind: LetterKind, signers: tuple[tuple[str, frozenset[SignerKind]], ...]
) -> list[Column]:
    """Carried over, then received in the window, each split by signers: (start) … (start + 2n − 1)."""
    out: list[Column] = []
    for carried, when in ((True, "Kỳ trước chuyển sang"), (False, "Tiếp nhận trong kỳ")):
        for name, kinds in signers:
            out.append(letters(start + len(out), f"{when}: đơn {name}", kind, carried=carried, signer_kinds=kinds))
    return out


def signer_header(start: int, signers: tuple[tuple[str, frozenset[SignerKind]], ...]) -> tuple[HeaderGroup, ...]:
    return tuple(HeaderGroup(f"Đơn {name}", (start + i,)) for i, (name, _) in enumerate(signers))


def handled(start: int, kind: LetterKind) -> list[Column]:
    """(start) handled = (start + 1) carried over + (start + 2) received in the window."""
    return [
        letters(start, "Đã xử lý: tổng", kind, handled=True),
        letters(start + 1, "Đã xử lý: kỳ trước chuyển sang", kind, handled=True, carried=True),
        letters(start + 2, "Đã xử lý: tiếp nhận trong kỳ", kind, handled=True, carried=False),
    ]


def handled_header(start: int) -> HeaderGroup:
    return HeaderGroup(
        "Đã xử lý",
        (
            HeaderGroup("Tổng", (start,)),
            HeaderGroup("Kỳ trước chuyển sang", (start + 1,)),
            HeaderGroup("Tiếp nhận trong kỳ", (start + 2,)),
        ),
    )


def eligible(start: int, kind: LetterKind) -> list[Column]:
    """(start) eligible letters, (start + 1) their cases."""
    return [
        letters(start, "Đủ điều kiện xử lý: số đơn", kind, eligible=True),
        cases(start + 1, "Đủ điều kiện xử lý: số vụ việc", kind),
    ]


def eligible_header(start: int) -> HeaderGroup:
    return HeaderGroup(
        "Đơn đủ điều kiện xử lý", (HeaderGroup("Số đơn", (start,)), HeaderGroup("Số vụ việc", (start + 1,)))
    )


def outside(start: int, kind: LetterKind, routes: tuple[tuple[str, frozenset[Route]], ...]) -> list[Column]:
    """(start) outside competence = the routes' columns after it."""
    return [
        placed(start, "Không thuộc thẩm quyền: tổng", kind, within=False),
        *(
            placed(start + 1 + i, f"Không thuộc thẩm quyền: {name}", kind, within=False, routes=chosen)
            for i, (name, chosen) in enumerate(routes)
        ),
    ]


def outside_header(start: int, routes: tuple[tuple[str, frozenset[Route]], ...]) -> HeaderGroup:
    return HeaderGroup(
        "Không thuộc thẩm quyền",
        (HeaderGroup("Tổng", (start,)), *(HeaderGroup(name[:1].upper() + name[1:], (start + 1 + i,))
                                           for i, (name, _) in enumerate(routes))),
    )


G, F, U = Route.GUIDED, Route.FORWARDED, Route.URGED
GUIDED = ("hướng dẫn", frozenset({G}))
FORWARDED = ("chuyển đơn", frozenset({F}))
URGED = ("đôn đốc giải quyết", frozenset({U}))
# A form without a guidance column counts a guided letter as forwarded (F: sent to the competent body), and one
# without a forwarding column counts a forwarded letter as guided (notes: ROUTE_FOLDED).
FORWARDED_OR_GUIDED = ("chuyển đơn", frozenset({F, G}))
GUIDED_OR_FORWARDED = ("hướng dẫn", frozenset({G, F}))

SEVERAL = ("có nhiều người đứng tên", frozenset({SignerKind.SEVERAL}))
ONE = ("một người đứng tên", frozenset({SignerKind.ONE}))
OTHER = ("khác", frozenset({SignerKind.NONE}))

# The system's counting decisions of 02–04/XLD (DOMAIN §6), printed under each form.
CARRIED_NOTE = (
    "Kỳ trước chuyển sang: đơn tiếp nhận trước kỳ, đến ngày đầu kỳ chưa có hướng xử lý được duyệt; đã xử lý: có hướng "
    "xử lý được duyệt, hiệu lực đến ngày cuối kỳ. Đơn có nhiều nội dung được tính theo nội dung chính; thông tin "
    "không rõ người tố cáo không được tính ở biểu này."
)
CASES_NOTE = (
    "Đơn đủ điều kiện xử lý được đếm trong số đơn đã xử lý trong kỳ (như Biểu 01/XLD); đơn trùng được đếm là đơn, "
    "không là vụ việc mới. Các cột phân loại theo nội dung, tình trạng giải quyết và thẩm quyền đếm vụ việc: mỗi vụ "
    "việc được tính một lần, theo đơn tiếp nhận sớm nhất của vụ việc trong số đơn đủ điều kiện của đơn vị trong kỳ."
)
FIELD_NOTE = (
    "Lĩnh vực theo danh mục lĩnh vực của đơn; đơn chưa ghi lĩnh vực được tính ở lĩnh vực khác; đơn chỉ ghi lĩnh vực "
    "hành chính (không ghi lĩnh vực chi tiết) được tính ở cột khác của lĩnh vực hành chính."
)
HANDLING_NOTE = (
    "Tình trạng giải quyết theo ghi nhận khi tiếp nhận đơn. Ngoài thẩm quyền: trả lại đơn kèm hướng dẫn tính là "
    "hướng dẫn; chuyển cơ quan Đảng tính là chuyển đơn; đôn đốc là đơn có hướng xử lý được duyệt là đôn đốc cơ quan "
    "đang giải quyết. Đơn ngoài thẩm quyền được lưu mà không hướng dẫn, chuyển hay đôn đốc là đơn đã xử lý, không "
    "tính là đơn đủ điều kiện xử lý."
)
# 02/XLD and 03/XLD (with an administrative field block); 04/XLD takes its own field note.
COMMON_NOTES: tuple[str, ...] = (CARRIED_NOTE, CASES_NOTE, FIELD_NOTE, HANDLING_NOTE)
REPLIES_NOTE = "Văn bản phúc đáp: mọi văn bản nhận được trong kỳ về các đơn của biểu, kể cả đơn đã tính ở kỳ trước."


def not_checked_note(what: str) -> str:
    """The PDF's and the screen's line for a layout not yet checked against the official text."""
    return f"Mẫu chưa đối chiếu với văn bản chính thức: {what}; sẽ được sửa khi đối chiếu."
