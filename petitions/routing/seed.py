"""The demo province's routing rules, as a provincial citizen-reception office applies the law (idempotent).

Each rule cites the article that names the competent person. From 01/07/2025 the local government has two
levels (no district): what a Chủ tịch UBND cấp huyện resolved before goes to the Chủ tịch UBND tỉnh, or to the
commune for matters handed down to it (Luật Tổ chức chính quyền địa phương 2025; NĐ 150/2025/NĐ-CP (tbc)).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from petitions.directory.models import AdministrativeUnit, Agency, ReferenceItem
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.domain.routing import RespondentLevel, TargetKind
from petitions.extensions import db
from petitions.routing.models import RoutingRule

TWO_LEVELS = date(2025, 7, 1)
KN = LetterType.COMPLAINT
TC = LetterType.DENUNCIATION
KNPA = LetterType.PETITION
ADMINISTRATIVE = ComplaintSubtype.ADMINISTRATIVE
L = RespondentLevel
T = TargetKind
KN_BASIS = "Luật Khiếu nại 2011"
TC_BASIS = "Luật Tố cáo 2018"


@dataclass(frozen=True)
class SeedRule:
    code: str
    name: str
    target: TargetKind
    letter_type: LetterType | None = None
    subtype: ComplaintSubtype | None = None
    field: tuple[str, str] | None = None  # (list code, item code)
    place: str | None = None  # unit code
    respondent: RespondentLevel | None = None
    agency: str | None = None  # agency code, for TargetKind.AGENCY
    legal_basis: str = ""
    note: str = ""
    valid_from: date | None = TWO_LEVELS


DEMO_RULES: tuple[SeedRule, ...] = (
    # Complaints (Luật KN Đ17–Đ21): the head of the body whose decision or act is complained about, first round.
    SeedRule("KN-DD-XA", "Khiếu nại về đất đai (bồi thường, hỗ trợ, tái định cư) phát sinh tại xã, phường: "
             "UBND cấp xã nơi có đất giải quyết lần đầu", T.PLACE_AUTHORITY, KN, ADMINISTRATIVE,
             ("field_complaint", "HC_DD"), "22", legal_basis=f"{KN_BASIS}, Điều 17; Luật Đất đai 2024, Điều 237"),
    SeedRule("KN-XA", "Khiếu nại quyết định, hành vi hành chính của UBND, Chủ tịch UBND cấp xã: Chủ tịch UBND cấp xã",
             T.RESPONDENT_BODY, KN, respondent=L.COMMUNE_CHAIRMAN, legal_basis=f"{KN_BASIS}, Điều 17"),
    SeedRule("KN-CBXA", "Khiếu nại quyết định, hành vi của cán bộ, công chức cấp xã: Chủ tịch UBND cấp xã quản lý",
             T.RESPONDENT_BODY, KN, respondent=L.COMMUNE_OFFICIAL, legal_basis=f"{KN_BASIS}, Điều 17"),
    SeedRule("KN-SO", "Khiếu nại quyết định hành chính của Sở, Giám đốc Sở: Giám đốc Sở giải quyết lần đầu",
             T.RESPONDENT_BODY, KN, respondent=L.DEPARTMENT_HEAD, legal_basis=f"{KN_BASIS}, Điều 20"),
    SeedRule("KN-CBSO", "Khiếu nại quyết định, hành vi của công chức thuộc Sở: Giám đốc Sở", T.RESPONDENT_BODY, KN,
             respondent=L.DEPARTMENT_OFFICIAL, legal_basis=f"{KN_BASIS}, Điều 20"),
    SeedRule("KN-TINH", "Khiếu nại quyết định, hành vi hành chính của UBND, Chủ tịch UBND tỉnh: Chủ tịch UBND tỉnh "
             "giải quyết lần đầu", T.AGENCY, KN, respondent=L.PROVINCE_CHAIRMAN, agency="UBND",
             legal_basis=f"{KN_BASIS}, Điều 21"),
    SeedRule("KN-HUYEN", "Khiếu nại quyết định, hành vi của UBND, Chủ tịch UBND cấp huyện trước 01/07/2025: "
             "Chủ tịch UBND tỉnh (không còn cấp huyện)", T.AGENCY, KN, respondent=L.DISTRICT_CHAIRMAN, agency="UBND",
             legal_basis=f"{KN_BASIS}, Điều 18, 21; Luật Tổ chức chính quyền địa phương 2025 (tbc)"),
    SeedRule("KN-KL", "Khiếu nại quyết định kỷ luật cán bộ, công chức: người đứng đầu cơ quan đã ra quyết định kỷ luật",
             T.RESPONDENT_BODY, KN, ComplaintSubtype.DISCIPLINARY, legal_basis=f"{KN_BASIS}, Điều 51"),
    # Denunciations (Luật TC Đ13–Đ15): an official's conduct → the head of the body that manages them; a head's or
    # deputy head's → the head of the body directly above.
    SeedRule("TC-CBXA", "Tố cáo cán bộ, công chức cấp xã: Chủ tịch UBND cấp xã", T.RESPONDENT_BODY, TC,
             respondent=L.COMMUNE_OFFICIAL, legal_basis=f"{TC_BASIS}, Điều 13, 15"),
    SeedRule("TC-CTXA", "Tố cáo Chủ tịch, Phó Chủ tịch UBND cấp xã: Chủ tịch UBND tỉnh (cấp trên trực tiếp)",
             T.RESPONDENT_SUPERIOR, TC, respondent=L.COMMUNE_CHAIRMAN, legal_basis=f"{TC_BASIS}, Điều 13, 15"),
    SeedRule("TC-CBSO", "Tố cáo công chức thuộc Sở: Giám đốc Sở", T.RESPONDENT_BODY, TC,
             respondent=L.DEPARTMENT_OFFICIAL, legal_basis=f"{TC_BASIS}, Điều 14, 15"),
    SeedRule("TC-GDSO", "Tố cáo Giám đốc, Phó Giám đốc Sở: Chủ tịch UBND tỉnh (cấp trên trực tiếp)",
             T.RESPONDENT_SUPERIOR, TC, respondent=L.DEPARTMENT_HEAD, legal_basis=f"{TC_BASIS}, Điều 13, 15"),
    SeedRule("TC-CTTINH", "Tố cáo Chủ tịch, Phó Chủ tịch UBND tỉnh: Thủ tướng Chính phủ (ngoài danh mục của tỉnh)",
             T.RESPONDENT_SUPERIOR, TC, respondent=L.PROVINCE_CHAIRMAN, legal_basis=f"{TC_BASIS}, Điều 13",
             note="Cấp trên của UBND tỉnh không có trong danh mục: hệ thống báo không xác định được cơ quan; "
             "cán bộ ghi cơ quan có thẩm quyền bằng chữ."),
    # Recommendations and reports: the People's Committee of the place the matter concerns.
    SeedRule("KNPA-DIABAN", "Kiến nghị, phản ánh: UBND nơi phát sinh vụ việc", T.PLACE_AUTHORITY, KNPA,
             legal_basis="Luật Tiếp công dân 2013, Điều 25; TT 05/2021/TT-TTCP, Điều 8"),
    SeedRule("KNPA-DD", "Kiến nghị, phản ánh về đất đai, nhà cửa: Sở Nông nghiệp và Môi trường", T.AGENCY, KNPA,
             field=("field_petition", "DD"), place="22", agency="SNNMT",
             legal_basis="TT 05/2021/TT-TTCP, Điều 8",
             note="Ví dụ một quy tắc cụ thể hơn quy tắc KNPA-DIABAN (nêu lĩnh vực)."),
)


def seed_routing_rules() -> int:
    """Insert the demo rules whose code no rule has yet (an administrator's edits and ended rules stay); rules
    whose unit, field or agency is missing from the directory are skipped."""
    present = set(db.session.scalars(sa.select(RoutingRule.code)))
    units = dict(db.session.execute(sa.select(AdministrativeUnit.code, AdministrativeUnit.id)).all())
    agencies = dict(db.session.execute(sa.select(Agency.code, Agency.id)).all())
    items = {
        (list_code, code): item_id
        for list_code, code, item_id in db.session.execute(
            sa.select(ReferenceItem.list_code, ReferenceItem.code, ReferenceItem.id)
        )
    }
    added = 0
    for seed in DEMO_RULES:
        if seed.code in present:
            continue
        place = units.get(seed.place) if seed.place else None
        field_item = items.get(seed.field) if seed.field else None
        agency = agencies.get(seed.agency) if seed.agency else None
        if (seed.place and place is None) or (seed.field and field_item is None) or (seed.agency and agency is None):
            continue
        db.session.add(
            RoutingRule(
                code=seed.code, name=seed.name, letter_type=seed.letter_type, complaint_subtype=seed.subtype,
                field_item_id=field_item, place_unit_id=place, respondent_level=seed.respondent,
                target_kind=seed.target, target_agency_id=agency, valid_from=seed.valid_from,
                legal_basis=seed.legal_basis, note=seed.note,
            )
        )
        added += 1
    db.session.flush()
    return added
