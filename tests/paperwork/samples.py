"""Sample reception paperwork built from plain data (no database), shared by the golden tests and screenshots."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from petitions.domain.paperwork import ReceiptItem
from petitions.paperwork.book import BookHeading, BookRow
from petitions.paperwork.layouts import (
    AppointmentData,
    ConclusionData,
    ConclusionItem,
    ContentKind,
    Issuer,
    ReceiptData,
    RefusalData,
    StatementData,
    appointment_paper,
    conclusion_paper,
    receipt_paper,
    refusal_paper,
    statement_paper,
)
from petitions.printing import Authority, DocumentSpec, Signer

ISSUE_DATE = date(2026, 7, 15)
OLD_ISSUE_DATE = date(2026, 3, 2)
ISSUER = Issuer(parent_body="UBND tỉnh Quảng Ninh", issuing_body="Ban Tiếp công dân tỉnh", place="Quảng Ninh")
LOOKUP = "https://tracuu.example.gov.vn/tra-cuu"
CODE = "K7QX2M-9TZP4A-HWN3RB"


def receipt(day: date = ISSUE_DATE) -> DocumentSpec:
    data = ReceiptData(
        received_at=datetime.combine(day, datetime.min.time()) + timedelta(hours=9, minutes=30),
        received_place="Trụ sở Tiếp công dân tỉnh Quảng Ninh",
        officer_name="Trần Thị Ngọc Ẩn",
        officer_position="chuyên viên Ban Tiếp công dân tỉnh",
        provider_title="ông",
        provider_name="Nguyễn Văn Hưởng",
        provider_id="022085001234",
        provider_address="khu Đồng Mỏ, phường Hoành Bồ, tỉnh Quảng Ninh",
        items=(
            ReceiptItem("Đơn khiếu nại đề ngày 10/7/2026", 3, "Nguyên vẹn", True),
            ReceiptItem("Quyết định thu hồi đất số 1234/QĐ-UBND", 2, "Nguyên vẹn", False),
            ReceiptItem("Ảnh chụp hiện trạng thửa đất", 5, "Ảnh màu", False),
        ),
        lookup_code=CODE,
        lookup_base_url=LOOKUP,
        pin="041963",
    )
    return receipt_paper(data).spec(ISSUER, day, number=27, symbol="GBN-BTCD")


def refusal(*, number: int | None = 4, day: date = ISSUE_DATE) -> DocumentSpec:
    data = RefusalData(
        issuer_name="Ban Tiếp công dân tỉnh",
        citizen_title="bà",
        citizen_name="Lê Thị Hằng",
        citizen_id="022190004567",
        citizen_address="tổ 5, khu 3, phường Hồng Gai, tỉnh Quảng Ninh",
        visit_date=day,
        visit_place="Trụ sở Tiếp công dân tỉnh Quảng Ninh",
        ground=(
            "Người khiếu nại, tố cáo về vụ việc đã giải quyết đúng chính sách, pháp luật, được cơ quan nhà "
            "nước có thẩm quyền kiểm tra, rà soát, thông báo bằng văn bản và đã được tiếp, giải thích, hướng "
            "dẫn nhưng vẫn cố tình khiếu nại, tố cáo kéo dài"
        ),
        explanation=(
            "Vụ việc của bà đã được Chủ tịch Ủy ban nhân dân tỉnh giải quyết lần hai tại Quyết định số "
            "2345/QĐ-UBND ngày 12/5/2025, đã được kiểm tra, rà soát và thông báo bằng văn bản số 88/TB-BTCD "
            "ngày 20/01/2026."
        ),
        signer=Signer(
            position="Phó Trưởng ban", name="Đặng Thị Ánh", authority=Authority.DEPUTY, principal="Trưởng ban"
        ),
        archive_unit="TCD",
    )
    return refusal_paper(data).spec(ISSUER, day, number=number, symbol="TB-BTCD")


def statement(kind: ContentKind = ContentKind.COMPLAINT) -> DocumentSpec:
    data = StatementData(
        kind=kind,
        received_at=datetime(2026, 7, 15, 14, 5),
        received_place="Trụ sở Tiếp công dân tỉnh Quảng Ninh",
        officer_name="Trần Thị Ngọc Ẩn",
        officer_position="chuyên viên Ban Tiếp công dân tỉnh",
        citizen_name="Phạm Văn Đức",
        citizen_id="",
        citizen_address="thôn Khe Ươn, xã Sơn Dương, tỉnh Quảng Ninh",
        statement=(
            "Năm 2024, Ủy ban nhân dân xã Sơn Dương thu hồi 320 m² đất nông nghiệp của gia đình tôi để mở "
            "rộng đường liên thôn nhưng chưa chi trả tiền bồi thường, hỗ trợ.\n"
            "Gia đình tôi đã nhiều lần đề nghị nhưng chưa được trả lời bằng văn bản."
        ),
        requests="Đề nghị xem xét, chi trả tiền bồi thường theo quy định.",
    )
    return statement_paper(data).spec(ISSUER, date(2026, 7, 15), number=31, symbol="BB-BTCD")


def appointment() -> DocumentSpec:
    data = AppointmentData(
        citizen_title="ông",
        citizen_name="Nguyễn Văn Hưởng",
        citizen_address="khu Đồng Mỏ, phường Hoành Bồ, tỉnh Quảng Ninh",
        matter="nhận kết quả giải quyết đơn khiếu nại",
        appointment_at=datetime(2026, 7, 29, 8, 0),
        appointment_place="Trụ sở Tiếp công dân tỉnh Quảng Ninh, số 1 đường Nguyễn Văn Cừ",
        bring="căn cước công dân và giấy biên nhận số 27/GBN-BTCD",
        officer_name="Trần Thị Ngọc Ẩn",
    )
    return appointment_paper(data).spec(ISSUER, ISSUE_DATE, number=27, symbol="PH-BTCD")


def conclusion(*, number: int | None = 12) -> DocumentSpec:
    data = ConclusionData(
        leader_title="Chủ tịch Ủy ban nhân dân tỉnh",
        leader_name="Nguyễn Văn Hưởng",
        session_kind="định kỳ",
        held_on=date(2026, 7, 15),
        held_place="Trụ sở Tiếp công dân tỉnh Quảng Ninh",
        participants="đại diện Thanh tra tỉnh, Sở Nông nghiệp và Môi trường, Ủy ban nhân dân phường Hoành Bồ",
        items=(
            ConclusionItem(
                citizen="ông Nguyễn Văn Hưởng, khu Đồng Mỏ, phường Hoành Bồ",
                matter="khiếu nại việc bồi thường khi thu hồi đất làm đường nối Hạ Long - Cẩm Phả",
                conclusion=(
                    "Giao Chủ tịch Ủy ban nhân dân phường Hoành Bồ kiểm tra, giải quyết theo thẩm quyền, trả lời "
                    "công dân trước ngày 15/8/2026.\nGiao Thanh tra tỉnh theo dõi, đôn đốc."
                ),
            ),
            ConclusionItem(
                citizen="bà Lê Thị Hằng, phường Hồng Gai",
                matter="kiến nghị cấp giấy chứng nhận quyền sử dụng đất",
                conclusion="Giao Sở Nông nghiệp và Môi trường hướng dẫn bà Hằng hoàn thiện hồ sơ theo quy định.",
            ),
        ),
        signer=Signer(
            position="Chánh Văn phòng",
            name="Đặng Thị Ánh",
            authority=Authority.BY_ORDER,
            principal="Chủ tịch",
        ),
        recipients=("Thanh tra tỉnh", "Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân phường Hoành Bồ"),
        copies_to=("Như trên", "Chủ tịch UBND tỉnh (để báo cáo)", "Ông Nguyễn Văn Hưởng", "Bà Lê Thị Hằng"),
        archive_unit="TCD",
    )
    return conclusion_paper(data).spec(ISSUER, ISSUE_DATE, number=number, symbol="TB-UBND")


BOOK_HEADING = BookHeading(
    parent_body="UBND tỉnh Quảng Ninh",
    issuing_body="Ban Tiếp công dân tỉnh",
    date_from=date(2026, 7, 1),
    date_to=date(2026, 7, 31),
)

_NAMES = ("Nguyễn Văn Hưởng", "Lê Thị Hằng", "Phạm Văn Đức", "Trần Thị Ngọc Ẩn", "Đỗ Quang Vinh")
_CLASSES = ("KN", "TC", "KNPA")


def book_rows(count: int) -> tuple[BookRow, ...]:
    rows = []
    for index in range(count):
        kind = _CLASSES[index % 3]
        hidden = kind == "TC"
        rows.append(
            BookRow(
                number=index + 1,
                visited_on=date(2026, 7, 1) + timedelta(days=index % 31),
                name_address=(
                    f"Mã tham chiếu HS-2026-{index + 1:04d}"
                    if hidden
                    else f"{_NAMES[index % 5]}, khu Đồng Mỏ, phường Hoành Bồ, tỉnh Quảng Ninh"
                ),
                id_number="" if hidden else f"0220850{index:05d}",
                summary=(
                    "Khiếu nại việc bồi thường, hỗ trợ khi thu hồi đất làm đường nối Hạ Long - Cẩm Phả"
                    if kind == "KN"
                    else "Kiến nghị về việc cấp giấy chứng nhận quyền sử dụng đất"
                    if kind == "KNPA"
                    else "Tố cáo cán bộ địa chính xã nhận tiền khi làm thủ tục"
                ),
                classification=kind,
                persons=1 + (index % 7 == 0) * 5,
                resolved_by="UBND phường Hoành Bồ" if index % 4 == 0 else "",
                within_competence=index % 2 == 0,
                guided="" if index % 2 == 0 else "UBND phường Hoành Bồ, PHD số 12/PHD-BTCD",
                forwarded="Thanh tra tỉnh, PC số 05/PC-BTCD" if hidden else "",
                follow_up="Đã trả lời" if index % 5 == 0 else "",
            )
        )
    return tuple(rows)
