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

# The People's Committees and the administrative unit each governs (Agency.unit_id).
DEMO_AGENCY_UNITS: dict[str, str] = {"UBND": "22", "XTY": "06862", "PHG": "06685", "DKVD": "06994"}

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


# The demo province's units: Quảng Ninh (code 22) and a few of its units, real names and codes.
# Before 01/07/2025: province → district → commune; from that date the districts are gone and the
# merged communes, wards and special zones (đặc khu) sit directly under the province. Old units keep
# their dates and point to their successor, so a record made in 2024 still shows the unit it had.
# Codes: Quyết định 19/2025/QĐ-TTg (the list of units from 01/07/2025) and the earlier list (Quyết
# định 124/2004/QĐ-TTg as amended); compositions: Nghị quyết 1679/NQ-UBTVQH15 ngày 16/6/2025 on
# Quảng Ninh's commune-level units. Read in two public copies of the code lists that agree (README,
# "Administrative units"). A new unit took the code of one of the units merged into it (the new
# phường Hồng Gai has 06685, the old phường Trần Hưng Đạo's), so an old unit whose code passed to its
# successor cannot be a row of its own (codes are unique) and is not seeded.
# (code, name, level, parent code, valid_from, valid_to, successor code)
_OLD = date(2025, 6, 30)
_NEW = DEMO_VALID_FROM
DEMO_UNITS: tuple[tuple[str, str, UnitLevel, str | None, date | None, date | None, str | None], ...] = (
    ("22", "Tỉnh Quảng Ninh", UnitLevel.PROVINCE, None, None, None, None),
    # from 01/07/2025 (QĐ 19/2025/QĐ-TTg)
    ("06685", "Phường Hồng Gai", UnitLevel.COMMUNE, "22", _NEW, None, None),
    ("06688", "Phường Hạ Long", UnitLevel.COMMUNE, "22", _NEW, None, None),
    ("06673", "Phường Bãi Cháy", UnitLevel.COMMUNE, "22", _NEW, None, None),
    ("06793", "Phường Cẩm Phả", UnitLevel.COMMUNE, "22", _NEW, None, None),
    ("06811", "Phường Uông Bí", UnitLevel.COMMUNE, "22", _NEW, None, None),
    ("06712", "Phường Móng Cái 1", UnitLevel.COMMUNE, "22", _NEW, None, None),
    ("06862", "Xã Tiên Yên", UnitLevel.COMMUNE, "22", _NEW, None, None),
    ("06874", "Xã Điền Xá", UnitLevel.COMMUNE, "22", _NEW, None, None),
    ("06877", "Xã Đông Ngũ", UnitLevel.COMMUNE, "22", _NEW, None, None),
    ("06994", "Đặc khu Vân Đồn", UnitLevel.COMMUNE, "22", _NEW, None, None),
    ("07192", "Đặc khu Cô Tô", UnitLevel.COMMUNE, "22", _NEW, None, None),
    # until 30/06/2025: three of the districts and some of their communes (NQ 1679/NQ-UBTVQH15)
    ("193", "Thành phố Hạ Long", UnitLevel.DISTRICT, "22", None, _OLD, None),
    ("199", "Huyện Tiên Yên", UnitLevel.DISTRICT, "22", None, _OLD, None),
    ("203", "Huyện Vân Đồn", UnitLevel.DISTRICT, "22", None, _OLD, None),
    ("06691", "Phường Hồng Gai", UnitLevel.COMMUNE, "193", None, _OLD, "06685"),
    ("06697", "Phường Hồng Hà", UnitLevel.COMMUNE, "193", None, _OLD, "06688"),
    ("06871", "Xã Phong Dụ", UnitLevel.COMMUNE, "199", None, _OLD, "06862"),
    ("06889", "Xã Tiên Lãng", UnitLevel.COMMUNE, "199", None, _OLD, "06862"),
    ("07015", "Xã Đông Xá", UnitLevel.COMMUNE, "203", None, _OLD, "06994"),
    ("07024", "Xã Quan Lạn", UnitLevel.COMMUNE, "203", None, _OLD, "06994"),
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


def link_agency_units() -> int:
    """Link each demo People's Committee to the unit it governs, where no link is recorded yet (run after
    seed_agencies and seed_units); the number of links made."""
    agencies = {code: agency for code, agency in db.session.execute(sa.select(Agency.code, Agency))}
    units = {code: unit_id for code, unit_id in db.session.execute(sa.select(AdministrativeUnit.code, AdministrativeUnit.id))}
    linked = 0
    for agency_code, unit_code in DEMO_AGENCY_UNITS.items():
        agency = agencies.get(agency_code)
        if agency is not None and agency.unit_id is None and unit_code in units:
            agency.unit_id = units[unit_code]
            linked += 1
    db.session.flush()
    return linked
