"""Seed data for the directory: the demo province's agencies (idempotent: matched by code)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from petitions.directory.models import Agency
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
    existing = {code: agency for code, agency in db.session.execute(sa.select(Agency.code, Agency)).tuples()}
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
