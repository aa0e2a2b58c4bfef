"""Sample specifications shared by the printing tests (and the screenshots in docs/)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from petitions.printing import (
    Authority,
    BodyTable,
    DocumentSpec,
    HeaderCell,
    Signer,
    TableReportSpec,
    template_for,
)

# Every tone mark on several vowels, đ/Đ, ư/ơ/ă/â/ê/ô, upper and lower case.
VIETNAMESE = (
    "Đặng Thị Ánh; Nguyễn Văn Hưởng; Trần Thị Ngọc Ẩn; ỷ ỹ ự ữ ẵ ặ ẫ ầ ổ ộ ờ ở ợ; "
    "à á ả ã ạ ằ ắ ẳ ẵ ặ ầ ấ ẩ ẫ ậ è é ẻ ẽ ẹ ề ế ể ễ ệ ì í ỉ ĩ ị ò ó ỏ õ ọ ồ ố ổ ỗ ộ "
    "ờ ớ ở ỡ ợ ù ú ủ ũ ụ ừ ứ ử ữ ự ỳ ý ỷ ỹ ỵ đ Đ Ư Ơ Ă Â Ê Ô ỲÝỶỸỴ ĐỨC ƯỚC ỞỢỠ"
)

ISSUE_DATE = date(2026, 1, 5)

DEPUTY_HEAD = Signer(
    position="Phó Trưởng ban", name="Đặng Thị Ánh", authority=Authority.DEPUTY, principal="Trưởng ban"
)

NOTICE_BODY = (
    "Ngày 15 tháng 12 năm 2025, Ban Tiếp công dân tỉnh nhận được đơn đề ngày 10 tháng 12 năm 2025 của "
    "ông Nguyễn Văn Hưởng, trú tại thôn Đồng Mỏ, xã Tiên Yên, tỉnh Quảng Ninh, đề nghị xem xét việc bồi "
    "thường, hỗ trợ khi Nhà nước thu hồi đất để thực hiện dự án đường nối Hạ Long - Cẩm Phả.",
    "Sau khi nghiên cứu nội dung đơn và các tài liệu kèm theo, Ban Tiếp công dân tỉnh thấy nội dung đơn "
    "thuộc thẩm quyền giải quyết của Chủ tịch Ủy ban nhân dân xã Tiên Yên theo quy định của Luật Khiếu "
    "nại năm 2011. Ngày 02 tháng 01 năm 2026, Ban Tiếp công dân tỉnh đã có Phiếu chuyển đơn số 03/PC-BTCD "
    "chuyển đơn của ông đến Ủy ban nhân dân xã Tiên Yên để xem xét, giải quyết theo thẩm quyền.",
    "Ban Tiếp công dân tỉnh thông báo để ông Nguyễn Văn Hưởng được biết và liên hệ với Ủy ban nhân dân xã "
    "Tiên Yên để được hướng dẫn, giải quyết./.",
)


def notice(*, number: int | None = 5) -> DocumentSpec:
    """A one-page notice to a citizen (THÔNG BÁO), signed by a deputy head."""
    return DocumentSpec(
        template=template_for("THONG_BAO", ISSUE_DATE),
        parent_body="UBND tỉnh Quảng Ninh",
        issuing_body="Ban Tiếp công dân tỉnh",
        issue_date=ISSUE_DATE,
        place="Quảng Ninh",
        number=number,
        symbol="TB-BTCD",
        signer=DEPUTY_HEAD,
        recipients=("Ông Nguyễn Văn Hưởng, thôn Đồng Mỏ, xã Tiên Yên, tỉnh Quảng Ninh",),
        data={"subject": "Về việc chuyển đơn của ông Nguyễn Văn Hưởng"},
        body=NOTICE_BODY,
        copies_to=("Như trên", "Trưởng ban (để báo cáo)", "UBND xã Tiên Yên"),
        archive_unit="XLĐ",
        qr_url="https://tracuu.example.gov.vn/h/7KQ2-XM4P",
    )


def long_notice() -> DocumentSpec:
    """A three-page notice to several recipients, with the Vietnamese test string in its body."""
    paragraphs = tuple(
        f"{index}. {text} Danh sách kiểm tra chữ tiếng Việt: {VIETNAMESE}."
        for index, text in enumerate(NOTICE_BODY * 4, start=1)
    )
    return replace(
        notice(number=12),
        signer=Signer(
            position="Phó Chủ tịch",
            name="Nguyễn Văn Hưởng",
            authority=Authority.DEPUTY,
            principal="Chủ tịch",
            collective="Ủy ban nhân dân",
        ),
        parent_body="",
        issuing_body="Ủy ban nhân dân tỉnh Quảng Ninh",
        symbol="TB-UBND",
        recipients=("Ban Tiếp công dân tỉnh", "Thanh tra tỉnh", "Ủy ban nhân dân xã Tiên Yên"),
        data={"subject": "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi tiếp công dân định kỳ"},
        body=paragraphs,
        copies_to=("Như trên", "Thường trực Tỉnh ủy", "Thường trực HĐND tỉnh", "Chủ tịch, các PCT UBND tỉnh"),
        archive_unit="TCD",
        qr_url=None,
    )


def receipt() -> DocumentSpec:
    """A receipt for documents (GIẤY BIÊN NHẬN) with a body table and the provider's signature."""
    return DocumentSpec(
        template=template_for("GIAY_BIEN_NHAN", ISSUE_DATE),
        parent_body="UBND tỉnh Quảng Ninh",
        issuing_body="Ban Tiếp công dân tỉnh",
        issue_date=ISSUE_DATE,
        place="Quảng Ninh",
        number=7,
        symbol="GBN-BTCD",
        signer=Signer(position="Người tiếp nhận", name="Trần Thị Ngọc Ẩn", hint="(Ký, ghi rõ họ tên)"),
        co_signer=Signer(position="Người cung cấp", name="Nguyễn Văn Hưởng", hint="(Ký, ghi rõ họ tên)"),
        data={
            "received_time": "09 giờ 30 phút ngày 05 tháng 01 năm 2026",
            "received_place": "Trụ sở Tiếp công dân tỉnh Quảng Ninh",
            "officer_name": "Trần Thị Ngọc Ẩn",
            "officer_position": "chuyên viên Ban Tiếp công dân tỉnh",
            "provider_name": "Nguyễn Văn Hưởng",
            "provider_id": "022085001234",
            "provider_address": "thôn Đồng Mỏ, xã Tiên Yên, tỉnh Quảng Ninh",
        },
        body=(
            BodyTable(
                header_rows=(
                    ("STT", "Tên thông tin, tài liệu", "Số trang", "Tình trạng", "Bản chính/bản sao"),
                ),
                rows=(
                    ("1", "Đơn khiếu nại đề ngày 10/12/2025", "3", "Nguyên vẹn", "Bản chính"),
                    ("2", "Quyết định thu hồi đất số 1234/QĐ-UBND", "2", "Nguyên vẹn", "Bản sao"),
                    ("3", "Ảnh chụp hiện trạng thửa đất", "5", "Ảnh màu", "Bản sao"),
                ),
                col_weights=(0.6, 3.2, 0.9, 1.3, 1.5),
                align=("CENTER", "LEFT", "CENTER", "CENTER", "CENTER"),
            ),
            "Giấy biên nhận được lập thành 02 bản, mỗi bên giữ 01 bản./.",
        ),
    )


def reception_report(rows: int = 36) -> TableReportSpec:
    """A landscape reception-results table (after Biểu số 01/TCD) long enough to run onto a second page."""
    header = (
        (
            HeaderCell("Đơn vị", rowspan=3),
            HeaderCell("Tổng số", colspan=3),
            HeaderCell("Tiếp thường xuyên", colspan=8),
            HeaderCell("Ghi chú", rowspan=3),
        ),
        (
            HeaderCell("Lượt", rowspan=2),
            HeaderCell("Người", rowspan=2),
            HeaderCell("Vụ việc", rowspan=2),
            HeaderCell("Lượt", rowspan=2),
            HeaderCell("Người", rowspan=2),
            HeaderCell("Vụ việc", colspan=2),
            HeaderCell("Đoàn đông người", colspan=4),
        ),
        ("Lần đầu", "Nhiều lần", "Số đoàn", "Người", "Vụ việc lần đầu", "Vụ việc nhiều lần"),
    )
    communes = (
        "Tiên Yên",
        "Điền Xá",
        "Quảng La",
        "Thống Nhất",
        "Kỳ Thượng",
        "Hải Hòa",
        "Ba Chẽ",
        "Đông Ngũ",
    )
    data = []
    for index in range(rows):
        base = index * 7 % 23 + 1
        data.append(
            (
                f"UBND xã {communes[index % len(communes)]} ({index + 1})",
                str(base * 3),
                str(base * 5),
                str(base * 2),
                str(base * 3),
                str(base * 5),
                str(base),
                str(base),
                str(index % 3),
                str(index % 3 * 6),
                str(index % 2),
                str(index % 3 - index % 2 if index % 3 else 0),
                "Ủy quyền" if index % 11 == 0 else "",
            )
        )
    data.append(("Tổng cộng", *(str(sum(int(r[c]) for r in data)) for c in range(1, 12)), ""))
    return TableReportSpec(
        title="Tổng hợp kết quả tiếp công dân",
        parent_body="UBND tỉnh Quảng Ninh",
        issuing_body="Ban Tiếp công dân tỉnh",
        form_code="Biểu số: 01/TCD",
        subtitle_lines=(
            "(Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026)",
            "(Kèm theo Báo cáo số 05/BC-BTCD ngày 20/03/2026 của Ban Tiếp công dân tỉnh)",
        ),
        unit_note="Đơn vị tính: lượt, người, vụ việc, đoàn",
        header_rows=header,
        rows=tuple(data),
        col_weights=(3.2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.1, 1.1, 1.6),
        column_numbers=("MS", *(str(n) for n in range(1, 13))),
        bold_rows=(-1,),
        font_size=10,
    )
