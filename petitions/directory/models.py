"""Agencies and other reference tables, each with validity dates so old records keep their values."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from petitions.clock import utcnow
from petitions.domain.issuers import AgencyLevel, OfficialRole
from petitions.domain.records import UnitLevel
from petitions.domain.reorganisation import ReorgKind, ReorgSubject
from petitions.domain.text import fold_text, normalise_text
from petitions.extensions import Model
from petitions.history import HistoryTracked


class Agency(HistoryTracked, Model):
    """A body in the hierarchy (province → department → office); users and records belong to one."""

    __tablename__ = "agency"
    __history_type__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    name_folded: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    short_name: Mapped[str | None] = mapped_column(sa.String(64))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    successor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    # The administrative unit whose People's Committee this body is (UBND tỉnh → the province, UBND xã →
    # the commune); none for departments and offices. Routing finds "the commune's UBND" through it, and a
    # reorganisation of units carries the bodies linked to them.
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("administrative_unit.id"), index=True)
    # What its documents print (Decree 30/2020, Appendix I; DOMAIN §7): never the internal code.
    official_name: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")  # in text and registers
    heading_parent: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")  # none for HĐND/UBND
    heading_name: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")  # bold line; "" = official
    place_name: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")  # địa danh
    abbreviation: Mapped[str] = mapped_column(sa.String(32), default="", server_default="")  # in "Số: 05/TB-<abbr>"
    level: Mapped[AgencyLevel | None] = mapped_column(sa.Enum(AgencyLevel, native_enum=False, length=16))
    # [{"code": "TCD", "name": "Phòng Tiếp công dân"}]: the units that draft (Lưu: VT, TCD; 12/UBND-TCD).
    drafting_units: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list, server_default="[]")
    # The body's official mailbox: the app's e-mail notifications (a chasing letter with its signed PDF) go
    # there; none = the body is told on paper only (the văn thư's dispatch is the legal one either way).
    email: Mapped[str | None] = mapped_column(sa.String(320))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    parent: Mapped[Agency | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    successor: Mapped[Agency | None] = relationship(remote_side=[id], foreign_keys=[successor_id])
    officials: Mapped[list[AgencyOfficial]] = relationship(
        back_populates="agency", order_by="AgencyOfficial.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @validates("name")
    def _fold_name(self, _key: str, value: str) -> str:
        self.name_folded = fold_text(value)
        return value

    @property
    def document_name(self) -> str:
        """The body's name in document text and registers: the official name once recorded."""
        return self.official_name or self.name

    def __repr__(self) -> str:
        return f"<Agency {self.code}>"


class AgencyOfficial(HistoryTracked, Model):
    """A head, deputy or chief of office of an agency between two dates: who can sign its documents."""

    __tablename__ = "agency_official"
    __history_type__ = "agency_official"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    role: Mapped[OfficialRole] = mapped_column(sa.Enum(OfficialRole, native_enum=False, length=24))
    title: Mapped[str] = mapped_column(sa.String(120))  # "Phó Chủ tịch", "Chánh Văn phòng"
    name: Mapped[str] = mapped_column(sa.String(120))
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    agency: Mapped[Agency] = relationship(back_populates="officials")

    __mapper_args__ = {"version_id_col": version}

    @validates("title", "name")
    def _normalise(self, _key: str, value: str) -> str:
        return normalise_text(value)

    def __repr__(self) -> str:
        return f"<AgencyOfficial {self.agency_id} {self.role.name} {self.name}>"


class AdministrativeUnit(HistoryTracked, Model):
    """A province, district (before 01/07/2025) or commune, with validity and its successor after a merge."""

    __tablename__ = "administrative_unit"
    __history_type__ = "administrative_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    name_folded: Mapped[str] = mapped_column(sa.String(255), index=True)
    level: Mapped[UnitLevel] = mapped_column(sa.Enum(UnitLevel, native_enum=False, length=16))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("administrative_unit.id"), index=True)
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    successor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("administrative_unit.id"))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    parent: Mapped[AdministrativeUnit | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    successor: Mapped[AdministrativeUnit | None] = relationship(remote_side=[id], foreign_keys=[successor_id])

    __mapper_args__ = {"version_id_col": version}

    @validates("name")
    def _normalise_name(self, _key: str, value: str) -> str:
        value = normalise_text(value)
        self.name_folded = fold_text(value)
        return value

    def __repr__(self) -> str:
        return f"<AdministrativeUnit {self.code}>"


class ReferenceItem(HistoryTracked, Model):
    """One item of a classification list (letter types, fields, refusal grounds, …), valid between two dates.

    Records keep the item's id, so a later generation of the list never rewrites old records.
    """

    __tablename__ = "reference_item"
    __history_type__ = "reference_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_code: Mapped[str] = mapped_column(sa.String(48), index=True)
    code: Mapped[str] = mapped_column(sa.String(48))
    label: Mapped[str] = mapped_column(sa.String(500))
    label_folded: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reference_item.id"))
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    sort_order: Mapped[int] = mapped_column(default=0, server_default="0")
    legal_basis: Mapped[str | None] = mapped_column(sa.String(255))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    parent: Mapped[ReferenceItem | None] = relationship(remote_side=[id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.UniqueConstraint("list_code", "code"),)

    @validates("label")
    def _normalise_label(self, _key: str, value: str) -> str:
        value = normalise_text(value)
        self.label_folded = fold_text(value)
        return value

    def __repr__(self) -> str:
        return f"<ReferenceItem {self.list_code}:{self.code}>"


class Reorganisation(Model):
    """One merge, split or rename of bodies or administrative units on a date, as it was applied.

    Append-only: the record of the step (who, when, on which decision, what moved). Every row it changed
    carries `note` as its history reason, so the two can be read together."""

    __tablename__ = "reorganisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[ReorgSubject] = mapped_column(sa.Enum(ReorgSubject, native_enum=False, length=16))
    kind: Mapped[ReorgKind] = mapped_column(sa.Enum(ReorgKind, native_enum=False, length=16))
    effective_on: Mapped[date]
    decision_reference: Mapped[str] = mapped_column(sa.String(255))
    reason: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    note: Mapped[str] = mapped_column(sa.String(500))  # the history rows' reason
    # [{"id": 3, "code": "XA", "name": "UBND xã A"}, ...]: the records as they were named that day.
    sources: Mapped[list[dict[str, object]]] = mapped_column(sa.JSON, default=list)
    targets: Mapped[list[dict[str, object]]] = mapped_column(sa.JSON, default=list)
    # A unit's reorganisation: the People's Committees it carried (sources and successors, same shape).
    carried: Mapped[dict[str, list[dict[str, object]]]] = mapped_column(sa.JSON, default=dict)
    # What moved: {"letters": 12, "cases": 4, "referrals": 2, "clocks": 9, "users": 3, ...}.
    counts: Mapped[dict[str, int]] = mapped_column(sa.JSON, default=dict)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<Reorganisation {self.subject} {self.kind} {self.effective_on}>"
