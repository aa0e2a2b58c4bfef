"""Letters in the seeded Quảng Ninh directory (the provincial Ban, the Thanh tra, a commune UBND), registered
through the letter service, for the handling papers' tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from petitions.cli import seed_reference_data
from petitions.directory.models import AdministrativeUnit, Agency
from petitions.domain.classification import LetterChannel, PriorResolution
from petitions.domain.records import LetterType, UnitLevel
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.models import Letter, LetterPart
from petitions.vault.services import Identity
from tests.factories import make_citizen, make_letter, make_user

RECEIVED = date(2026, 7, 2)


@dataclass
class Office:
    agency: Agency
    officer: Any
    leader: Any


def agency(code: str) -> Agency:
    found = db.session.scalar(sa.select(Agency).where(Agency.code == code))
    assert found is not None, code
    return found


@pytest.fixture
def seeded(session):  # type: ignore[no-untyped-def]
    seed_reference_data()
    return session


def office(code: str) -> Office:
    body = agency(code)
    return Office(
        body,
        make_user(role=Role.HANDLER, agency=body, full_name="Trần Thị Ngọc Ẩn"),
        make_user(role=Role.LEADER, agency=body, full_name="Phạm Văn Thành"),
    )


@pytest.fixture
def ward(seeded):  # type: ignore[no-untyped-def]
    province = AdministrativeUnit(code="T22", name="Tỉnh Quảng Ninh", level=UnitLevel.PROVINCE)
    db.session.add(province)
    db.session.flush()
    unit = AdministrativeUnit(code="T22100", name="Phường Hồng Gai", level=UnitLevel.COMMUNE, parent_id=province.id)
    db.session.add(unit)
    db.session.flush()
    return unit


def complaint(where: Office, ward: AdministrativeUnit, **overrides: Any) -> Letter:
    citizen = make_citizen(
        agency_id=where.agency.id,
        full_name="Lê Thị Hằng",
        sex="female",
        address_text="tổ 5, khu 3",
        address_unit_id=ward.id,
    )
    values: dict[str, Any] = dict(
        agency=where.agency,
        actor=where.officer,
        received_on=RECEIVED,
        letter_dated_on=date(2026, 6, 29),
        citizen_id=citizen.id,
        summary="Khiếu nại việc bồi thường, hỗ trợ khi thu hồi đất làm đường tỉnh 342",
        respondent="Ủy ban nhân dân phường Hồng Gai",
        result_requested=True,
    )
    values.update(overrides)
    letter = make_letter(**values)
    if letter.letter_type is LetterType.COMPLAINT:
        letter.competent_body = "Chủ tịch Ủy ban nhân dân phường Hồng Gai"
    return letter


def mixed(where: Office, ward: AdministrativeUnit) -> Letter:
    letter = complaint(
        where, ward, letter_type=LetterType.MIXED, complaint_subtype=None,
        summary="Đơn khiếu nại, tố cáo và kiến nghị về việc thu hồi đất",
    )
    letter.main_type = LetterType.COMPLAINT
    letter.parts = [
        LetterPart(position=1, letter_type=LetterType.COMPLAINT, is_main=True,
                   summary="Khiếu nại quyết định thu hồi đất số 15/QĐ-UBND của UBND phường Hồng Gai"),
        LetterPart(position=2, letter_type=LetterType.DENUNCIATION,
                   summary="Tố cáo cán bộ địa chính phường nhận tiền khi đo đạc"),
        LetterPart(position=3, letter_type=LetterType.PETITION,
                   summary="Kiến nghị sửa chữa đường dân sinh tổ 5, khu 3 bị hư hỏng khi thi công"),
    ]
    letter.competent_body = "Chủ tịch Ủy ban nhân dân phường Hồng Gai"
    db.session.flush()
    return letter


def denunciation(where: Office, identity: Identity | None = None, **overrides: Any) -> Letter:
    values: dict[str, Any] = dict(
        agency=where.agency,
        actor=where.officer,
        received_on=RECEIVED,
        letter_dated_on=date(2026, 6, 30),
        letter_type=LetterType.DENUNCIATION,
        complaint_subtype=None,
        identity=identity,
        summary="Tố cáo ông Nguyễn Văn Bảy, cán bộ địa chính xã, nhận tiền của người dân khi cấp giấy chứng nhận "
        "quyền sử dụng đất",
        respondent="Ông Nguyễn Văn Bảy, công chức địa chính - xây dựng xã Tiên Yên",
        place_text="xã Tiên Yên, tỉnh Quảng Ninh",
    )
    values.update(overrides)
    letter = make_letter(**values)
    letter.competent_body = "Chủ tịch Ủy ban nhân dân xã Tiên Yên"
    db.session.flush()
    return letter


def forwarded_complaint(where: Office, ward: AdministrativeUnit) -> Letter:
    return complaint(
        where, ward, channel=LetterChannel.DEPUTY, forwarded_by="Đoàn đại biểu Quốc hội tỉnh Quảng Ninh",
        forwarded_doc_number="45/ĐĐBQH-VP", forwarded_doc_on=date(2026, 6, 30),
    )


def settled_petition(where: Office, ward: AdministrativeUnit) -> Letter:
    return complaint(
        where, ward, letter_type=LetterType.PETITION, complaint_subtype=None,
        summary="Kiến nghị xem xét lại việc bồi thường đất đã được giải quyết",
        prior_resolution=PriorResolution.RESOLVED_SECOND,
    )
