"""Seed data for the directory: demo agencies and units, the classification lists (idempotent: matched by code)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from petitions.directory.models import AdministrativeUnit, Agency, AgencyOfficial, ReferenceItem
from petitions.domain.classification import REFERENCE_LISTS
from petitions.domain.issuers import AgencyLevel, OfficialRole
from petitions.domain.records import UnitLevel
from petitions.extensions import db

# The demo province: Quảng Ninh after the 2025 merger (two-level local government from 01/07/2025),
# with the bodies a provincial reception office works with and a few of the new communes and wards.
# The officials' names are invented (no real person signs a demo document).
# code: the app's internal code (users, URLs, CLI); abbreviation: what the number's symbol prints.


@dataclass(frozen=True)
class SeedOfficial:
    role: OfficialRole
    title: str
    name: str


@dataclass(frozen=True)
class SeedAgency:
    code: str
    name: str
    short_name: str
    parent: str | None
    level: AgencyLevel
    official_name: str
    heading_parent: str
    heading_name: str
    place: str
    abbreviation: str
    drafting_units: tuple[tuple[str, str], ...]
    officials: tuple[SeedOfficial, ...]


def _o(role: OfficialRole, title: str, name: str) -> SeedOfficial:
    return SeedOfficial(role, title, name)


HEAD, DEPUTY, CHIEF = OfficialRole.HEAD, OfficialRole.DEPUTY, OfficialRole.CHIEF_OF_OFFICE
PROVINCE_PARENT = "UBND tỉnh Quảng Ninh"  # the shortened parent line of the province's bodies


def _department(code: str, name: str, short: str, abbreviation: str, head: str, deputy: str) -> SeedAgency:
    return SeedAgency(
        code, f"{name} tỉnh Quảng Ninh", short, "UBND", AgencyLevel.DEPARTMENT, f"{name} tỉnh Quảng Ninh",
        PROVINCE_PARENT, name, "Quảng Ninh", abbreviation, (("VP", "Văn phòng Sở"), ("TTr", "Thanh tra Sở")),
        (_o(HEAD, "Giám đốc", head), _o(DEPUTY, "Phó Giám đốc", deputy)),
    )


def _commune(code: str, kind: str, place: str, head: str, deputy: str, chief: str) -> SeedAgency:
    name = f"Ủy ban nhân dân {kind} {place}"
    return SeedAgency(
        code, name, f"UBND {kind} {place}", "UBND", AgencyLevel.COMMUNE, name, "", name, place, "UBND",
        (("VP", "Văn phòng HĐND và UBND"),),
        (_o(HEAD, "Chủ tịch", head), _o(DEPUTY, "Phó Chủ tịch", deputy), _o(CHIEF, "Chánh Văn phòng", chief)),
    )


DEMO_AGENCIES: tuple[SeedAgency, ...] = (
    SeedAgency(
        "UBND", "Ủy ban nhân dân tỉnh Quảng Ninh", "UBND tỉnh", None, AgencyLevel.PROVINCE,
        "Ủy ban nhân dân tỉnh Quảng Ninh", "", "Ủy ban nhân dân tỉnh Quảng Ninh", "Quảng Ninh", "UBND",
        (("TCD", "Ban Tiếp công dân tỉnh"), ("TH", "Phòng Tổng hợp, Văn phòng UBND tỉnh")),
        (
            _o(HEAD, "Chủ tịch", "Trần Quang Minh"),
            _o(DEPUTY, "Phó Chủ tịch", "Nguyễn Thị Thu Hà"),
            _o(DEPUTY, "Phó Chủ tịch", "Vũ Đức Thắng"),
            _o(CHIEF, "Chánh Văn phòng", "Đỗ Văn Hiếu"),
        ),
    ),
    SeedAgency(
        "VP", "Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh", "Văn phòng UBND tỉnh", "UBND", AgencyLevel.OFFICE,
        "Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh", PROVINCE_PARENT, "Văn phòng", "Quảng Ninh", "VP",
        (("HCTC", "Phòng Hành chính - Tổ chức"), ("TH", "Phòng Tổng hợp")),
        (_o(HEAD, "Chánh Văn phòng", "Đỗ Văn Hiếu"), _o(DEPUTY, "Phó Chánh Văn phòng", "Lê Thị Hồng Nhung")),
    ),
    SeedAgency(
        "BTCD", "Ban Tiếp công dân tỉnh Quảng Ninh", "Ban TCD tỉnh", "VP", AgencyLevel.UNIT,
        "Ban Tiếp công dân tỉnh Quảng Ninh", "Văn phòng UBND tỉnh Quảng Ninh", "Ban Tiếp công dân", "Quảng Ninh",
        "BTCD", (("TCD", "Bộ phận tiếp công dân thường xuyên"), ("XLĐ", "Bộ phận xử lý đơn")),
        (_o(HEAD, "Trưởng ban", "Phạm Văn Thành"), _o(DEPUTY, "Phó Trưởng ban", "Hoàng Thị Lan")),
    ),
    SeedAgency(
        "TTR", "Thanh tra tỉnh Quảng Ninh", "Thanh tra tỉnh", "UBND", AgencyLevel.DEPARTMENT,
        "Thanh tra tỉnh Quảng Ninh", PROVINCE_PARENT, "Thanh tra tỉnh", "Quảng Ninh", "TTr",
        (("P3", "Phòng Giải quyết khiếu nại, tố cáo"), ("VP", "Văn phòng")),
        (_o(HEAD, "Chánh Thanh tra", "Ngô Văn Tuấn"), _o(DEPUTY, "Phó Chánh Thanh tra", "Bùi Thị Mai")),
    ),
    _department("SNNMT", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", "SNNMT", "Lương Văn Khải", "Đinh Thị Thu"),
    _department("SXD", "Sở Xây dựng", "Sở XD", "SXD", "Trịnh Văn Đông", "Phan Thị Yến"),
    _department("SNV", "Sở Nội vụ", "Sở NV", "SNV", "Nguyễn Thị Hạnh", "Đào Văn Kiên"),
    _department("STC", "Sở Tài chính", "Sở TC", "STC", "Mai Văn Lộc", "Vương Thị Ngọc"),
    _department("SYT", "Sở Y tế", "Sở YT", "SYT", "Cao Văn Phúc", "Tạ Thị Hương"),
    _department("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "SGDĐT", "Hà Thị Quyên", "Lã Văn Sơn"),
    _commune("XTY", "xã", "Tiên Yên", "Lý Văn Sáng", "Chíu Thị Mai", "Đặng Văn Hưng"),
    _commune("PHG", "phường", "Hồng Gai", "Nguyễn Văn Cường", "Trần Thị Bích", "Lê Văn Toàn"),
    _commune("DKVD", "đặc khu", "Vân Đồn", "Phạm Quốc Việt", "Hoàng Văn Bình", "Vũ Thị Thanh"),
)

DEMO_VALID_FROM = date(2025, 7, 1)  # the two-level local government began on this date
DEMO_OFFICIALS_FROM = date(2025, 7, 1)


def _fill_blank(agency: Agency, seed: SeedAgency) -> None:
    """Fill document fields that are still empty; an administrator's values are never overwritten."""
    blanks = {
        "official_name": seed.official_name,
        "heading_parent": seed.heading_parent,
        "heading_name": seed.heading_name,
        "place_name": seed.place,
        "abbreviation": seed.abbreviation,
    }
    for attribute, value in blanks.items():
        if not getattr(agency, attribute):
            setattr(agency, attribute, value)
    if agency.level is None:
        agency.level = seed.level
    if not agency.drafting_units:
        agency.drafting_units = [{"code": code, "name": name} for code, name in seed.drafting_units]


def seed_agencies() -> int:
    """Insert the demo agencies that are missing, fill blank document fields of the ones present and
    give officials to an agency that has none; never overwrite what an administrator edited."""
    existing = {code: agency for code, agency in db.session.execute(sa.select(Agency.code, Agency))}
    with_officials = set(db.session.scalars(sa.select(AgencyOfficial.agency_id).distinct()))
    added = 0
    for seed in DEMO_AGENCIES:
        agency = existing.get(seed.code)
        if agency is None:
            agency = Agency(
                code=seed.code,
                name=seed.name,
                short_name=seed.short_name,
                parent=existing.get(seed.parent) if seed.parent else None,
                valid_from=DEMO_VALID_FROM,
            )
            db.session.add(agency)
            existing[seed.code] = agency
            added += 1
        _fill_blank(agency, seed)
        if agency.id is None or agency.id not in with_officials:
            for official in seed.officials:
                agency.officials.append(
                    AgencyOfficial(
                        role=official.role, title=official.title, name=official.name, valid_from=DEMO_OFFICIALS_FROM
                    )
                )
    db.session.flush()
    return added


# The demo province's units. Before 01/07/2025: province → district → commune; from that date the
# districts are gone and merged communes sit directly under the province. Old units keep their
# dates and point to their successor, so a record made in 2024 still shows the unit it had.
# (code, name, level, parent code, valid_from, valid_to, successor code) — fictional codes 99xxx.
_OLD = date(2025, 6, 30)
DEMO_UNITS: tuple[tuple[str, str, UnitLevel, str | None, date | None, date | None, str | None], ...] = (
    ("99", "Tỉnh Sơn Hà", UnitLevel.PROVINCE, None, None, None, None),
    ("990", "Thành phố Sơn Hà", UnitLevel.DISTRICT, "99", None, _OLD, None),
    ("991", "Huyện Bình Định", UnitLevel.DISTRICT, "99", None, _OLD, None),
    ("992", "Huyện Hòa Lạc", UnitLevel.DISTRICT, "99", None, _OLD, None),
    ("99100", "Xã Bình Định", UnitLevel.COMMUNE, "99", DEMO_VALID_FROM, None, None),
    ("99101", "Phường Hòa Lạc", UnitLevel.COMMUNE, "99", DEMO_VALID_FROM, None, None),
    ("99102", "Phường Sơn Hà", UnitLevel.COMMUNE, "99", DEMO_VALID_FROM, None, None),
    ("99001", "Phường Hòa Bình", UnitLevel.COMMUNE, "990", None, _OLD, "99102"),
    ("99002", "Phường Tân Lập", UnitLevel.COMMUNE, "990", None, _OLD, "99102"),
    ("99010", "Xã Bình Định", UnitLevel.COMMUNE, "991", None, _OLD, "99100"),
    ("99011", "Xã Bình An", UnitLevel.COMMUNE, "991", None, _OLD, "99100"),
    ("99020", "Thị trấn Hòa Lạc", UnitLevel.COMMUNE, "992", None, _OLD, "99101"),
    ("99021", "Xã Hòa Phú", UnitLevel.COMMUNE, "992", None, _OLD, "99101"),
)


def seed_units() -> int:
    """Insert the demo units that are missing (matched by code); edited units are left alone."""
    existing = {code: unit for code, unit in db.session.execute(sa.select(AdministrativeUnit.code, AdministrativeUnit))}
    added = 0
    for code, name, level, parent_code, valid_from, valid_to, _successor in DEMO_UNITS:
        if code in existing:
            continue
        unit = AdministrativeUnit(
            code=code,
            name=name,
            level=level,
            parent=existing.get(parent_code) if parent_code else None,
            valid_from=valid_from,
            valid_to=valid_to,
            is_active=valid_to is None,
        )
        db.session.add(unit)
        existing[code] = unit
        added += 1
    db.session.flush()
    for code, *_rest, successor_code in DEMO_UNITS:
        unit = existing[code]
        if successor_code and unit.successor_id is None and unit.version == 1:
            unit.successor_id = existing[successor_code].id
    db.session.flush()
    return added


def seed_reference_items() -> int:
    """Insert the classification list items that are missing (matched by list and code)."""
    existing = {
        (list_code, code): item
        for list_code, code, item in db.session.execute(
            sa.select(ReferenceItem.list_code, ReferenceItem.code, ReferenceItem)
        )
    }
    added = 0
    for reference_list in REFERENCE_LISTS:
        for position, seed in enumerate(reference_list.items, start=1):
            key = (reference_list.code, seed.code)
            if key in existing:
                continue
            item = ReferenceItem(
                list_code=reference_list.code,
                code=seed.code,
                label=seed.label,
                parent=existing.get((reference_list.code, seed.parent)) if seed.parent else None,
                valid_from=seed.valid_from,
                valid_to=seed.valid_to,
                legal_basis=seed.legal_basis,
                sort_order=position * 10,
            )
            db.session.add(item)
            existing[key] = item
            added += 1
    db.session.flush()
    return added
