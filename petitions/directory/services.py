"""Directory use cases: create, edit and deactivate agencies, units and list items. Flush only.

Merges, splits and renames are one step of their own: petitions.directory.reorganisation.

History rows come automatically (every directory model is HistoryTracked); callers set the
actor and reason with `history_context`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from petitions.directory.models import AdministrativeUnit, Agency, AgencyOfficial, ReferenceItem
from petitions.domain.classification import LIST_LABELS, check_validity_range
from petitions.domain.issuers import AgencyLevel, OfficialRole, is_real_text
from petitions.domain.records import UnitLevel
from petitions.domain.text import normalise_text
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.mail.addresses import normalise_address


def _check_code(model: Any, code: str, *, exclude_id: int | None = None, **scope: Any) -> str:
    code = normalise_text(code)
    if not code:
        raise DomainError("Vui lòng nhập mã.")
    query = sa.select(model.id).where(model.code == code, *(getattr(model, k) == v for k, v in scope.items()))
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    if db.session.scalar(query) is not None:
        raise DomainError("Mã này đã được dùng.")
    return code


def _check_parent(model: Any, record_id: int | None, parent_id: int | None) -> None:
    """A record may not become its own ancestor (walks up the parent chain)."""
    seen: set[int] = set()
    current = parent_id
    while current is not None:
        if current == record_id or current in seen:
            raise DomainError("Đơn vị cấp trên không hợp lệ: tạo thành vòng lặp.")
        seen.add(current)
        current = db.session.scalar(sa.select(model.parent_id).where(model.id == current))


# Agencies ---------------------------------------------------------------------------------


def save_agency(
    agency: Agency | None,
    *,
    code: str,
    name: str,
    short_name: str | None,
    parent_id: int | None,
    valid_from: date | None,
    valid_to: date | None,
    document_data: AgencyDocumentData | None = None,
    email: str | None = None,
) -> Agency:
    """Create (agency=None) or edit an agency (and, when given, what its documents print). `email` is the
    body's mailbox for the notification e-mails of the documents sent to it (petitions.mail); empty clears it."""
    check_validity_range(valid_from, valid_to)
    address = normalise_address(email)
    if (email or "").strip() and address is None:
        raise DomainError("Địa chỉ thư điện tử không hợp lệ.")
    code = _check_code(Agency, code, exclude_id=agency.id if agency else None)
    _check_parent(Agency, agency.id if agency else None, parent_id)
    if agency is None:
        agency = Agency(code=code, name=name)
        db.session.add(agency)
    agency.code = code
    agency.name = normalise_text(name)
    agency.short_name = normalise_text(short_name) or None
    agency.parent_id = parent_id
    agency.valid_from = valid_from
    agency.valid_to = valid_to
    agency.email = address
    if document_data is not None:
        _apply_document_data(agency, document_data)
    db.session.flush()
    return agency


@dataclass(frozen=True)
class AgencyDocumentData:
    """What an agency's documents print (Decree 30/2020, Appendix I): names, place, abbreviation, level."""

    official_name: str = ""
    heading_parent: str = ""
    heading_name: str = ""
    place_name: str = ""
    abbreviation: str = ""
    level: AgencyLevel | None = None
    drafting_units: tuple[tuple[str, str], ...] = ()


def _apply_document_data(agency: Agency, data: AgencyDocumentData) -> None:
    abbreviation = normalise_text(data.abbreviation)
    if any(ch.isspace() or ch in "/" for ch in abbreviation):
        raise DomainError("Tên viết tắt trong ký hiệu văn bản không có dấu cách hay dấu “/”.")
    codes = [normalise_text(code) for code, _name in data.drafting_units]
    if len(set(codes)) != len(codes):
        raise DomainError("Mỗi đơn vị soạn thảo cần một tên viết tắt riêng.")
    agency.official_name = normalise_text(data.official_name)
    agency.heading_parent = normalise_text(data.heading_parent)
    agency.heading_name = normalise_text(data.heading_name)
    agency.place_name = normalise_text(data.place_name)
    agency.abbreviation = abbreviation
    agency.level = data.level
    agency.drafting_units = [
        {"code": normalise_text(code), "name": normalise_text(name)} for code, name in data.drafting_units
    ]


def save_official(
    official: AgencyOfficial | None,
    *,
    agency: Agency,
    role: OfficialRole,
    title: str,
    name: str,
    valid_from: date | None,
    valid_to: date | None,
) -> AgencyOfficial:
    """Record (official=None) or edit one of the agency's signing officials; a term ends with valid_to,
    so documents signed before it keep their signer."""
    check_validity_range(valid_from, valid_to)
    title, name = normalise_text(title), normalise_text(name)
    if not is_real_text(title) or not is_real_text(name):
        raise DomainError("Vui lòng ghi chức vụ và họ tên thật của lãnh đạo.")
    if official is None:
        official = AgencyOfficial(agency=agency)
        db.session.add(official)
    official.role = role
    official.title = title
    official.name = name
    official.valid_from = valid_from
    official.valid_to = valid_to
    db.session.flush()
    return official


def deactivate(record: Agency | AdministrativeUnit | ReferenceItem, *, on: date) -> None:
    """Stop offering a record for new entries from `on`; old records keep pointing to it."""
    record.is_active = False
    if record.valid_to is None or record.valid_to > on:
        record.valid_to = on
    db.session.flush()


# Administrative units ---------------------------------------------------------------------


def save_unit(
    unit: AdministrativeUnit | None,
    *,
    code: str,
    name: str,
    level: UnitLevel,
    parent_id: int | None,
    valid_from: date | None,
    valid_to: date | None,
) -> AdministrativeUnit:
    check_validity_range(valid_from, valid_to)
    code = _check_code(AdministrativeUnit, code, exclude_id=unit.id if unit else None)
    _check_parent(AdministrativeUnit, unit.id if unit else None, parent_id)
    if level == UnitLevel.PROVINCE and parent_id is not None:
        raise DomainError("Tỉnh, thành phố không có đơn vị cấp trên.")
    if level != UnitLevel.PROVINCE and parent_id is None:
        raise DomainError("Vui lòng chọn đơn vị hành chính cấp trên.")
    if unit is None:
        unit = AdministrativeUnit(code=code, name=name, level=level)
        db.session.add(unit)
    unit.code = code
    unit.name = name
    unit.level = level
    unit.parent_id = parent_id
    unit.valid_from = valid_from
    unit.valid_to = valid_to
    db.session.flush()
    return unit


# Classification lists ---------------------------------------------------------------------


def save_reference_item(
    item: ReferenceItem | None,
    *,
    list_code: str,
    code: str,
    label: str,
    parent_id: int | None,
    valid_from: date | None,
    valid_to: date | None,
    sort_order: int,
    legal_basis: str | None,
) -> ReferenceItem:
    if list_code not in LIST_LABELS:
        raise DomainError("Danh mục không tồn tại.")
    check_validity_range(valid_from, valid_to)
    code = _check_code(ReferenceItem, code, exclude_id=item.id if item else None, list_code=list_code)
    if parent_id is not None:
        parent_list = db.session.scalar(sa.select(ReferenceItem.list_code).where(ReferenceItem.id == parent_id))
        if parent_list != list_code:
            raise DomainError("Mục cha phải thuộc cùng danh mục.")
        _check_parent(ReferenceItem, item.id if item else None, parent_id)
    if item is None:
        item = ReferenceItem(list_code=list_code, code=code, label=label)
        db.session.add(item)
    item.code = code
    item.label = label
    item.parent_id = parent_id
    item.valid_from = valid_from
    item.valid_to = valid_to
    item.sort_order = sort_order
    item.legal_basis = normalise_text(legal_basis) or None
    db.session.flush()
    return item
