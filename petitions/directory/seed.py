"""Seed data for the directory: demo agencies and units, the classification lists (idempotent: matched by code)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from petitions.directory.models import AdministrativeUnit, Agency, ReferenceItem
from petitions.domain.classification import REFERENCE_LISTS
from petitions.domain.records import UnitLevel
from petitions.extensions import db

# A fictional province, so that a fresh install has a hierarchy to try things with.
# (code, name, short name, parent code)
DEMO_AGENCIES: tuple[tuple[str, str, str, str | None], ...] = (
    ("UBND", "Ủy ban nhân dân tỉnh Sơn Hà", "UBND tỉnh", None),
    ("VP", "Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng", "UBND"),
    ("BTCD", "Ban Tiếp công dân tỉnh", "BTCD", "VP"),
    ("TTR", "Thanh tra tỉnh", "Thanh tra", "UBND"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", "UBND"),
    ("SXD", "Sở Xây dựng", "Sở XD", "UBND"),
    ("SNV", "Sở Nội vụ", "Sở NV", "UBND"),
    ("STC", "Sở Tài chính", "Sở TC", "UBND"),
    ("SYT", "Sở Y tế", "Sở YT", "UBND"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "UBND"),
    ("XBD", "Ủy ban nhân dân xã Bình Định", "UBND xã Bình Định", "UBND"),
    ("PHL", "Ủy ban nhân dân phường Hòa Lạc", "UBND phường Hòa Lạc", "UBND"),
)

DEMO_VALID_FROM = date(2025, 7, 1)  # the two-level local government began on this date


def seed_agencies() -> int:
    """Insert the demo agencies that are missing; never overwrite what an administrator edited."""
    existing = {code: agency for code, agency in db.session.execute(sa.select(Agency.code, Agency))}
    added = 0
    for code, name, short_name, parent_code in DEMO_AGENCIES:
        if code in existing:
            continue
        agency = Agency(
            code=code,
            name=name,
            short_name=short_name,
            parent=existing.get(parent_code) if parent_code else None,
            valid_from=DEMO_VALID_FROM,
        )
        db.session.add(agency)
        existing[code] = agency
        added += 1
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
