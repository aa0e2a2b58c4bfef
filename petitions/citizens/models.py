"""Citizens: one record per real person who came to the office or wrote to it (beneath reception and letters)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from petitions.clock import utcnow
from petitions.directory.models import AdministrativeUnit, Agency
from petitions.domain.records import IdType
from petitions.domain.text import fold_text, normalise_text
from petitions.extensions import Model
from petitions.history import HistoryTracked


class Citizen(HistoryTracked, Model):
    """A person who came to the office or wrote to it (never a denouncer: see petitions.vault).

    One record per real person: the intake screen offers matches while typing, and two records
    of the same person are merged (`merged_into_id` points at the one kept; history records it).
    """

    __tablename__ = "citizen"
    __history_type__ = "citizen"
    __history_personal__ = frozenset(
        {
            "full_name",
            "id_type",
            "id_number",
            "id_paper_name",
            "id_issued_on",
            "id_issued_place",
            "birth_year",
            "birth_date",
            "sex",
            "ethnicity",
            "phone",
            "address_text",
            "address_unit_id",
        }
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    full_name_folded: Mapped[str] = mapped_column(sa.String(200), index=True)
    id_type: Mapped[IdType | None] = mapped_column(sa.Enum(IdType, native_enum=False, length=16))
    id_number: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    id_paper_name: Mapped[str | None] = mapped_column(sa.String(100))
    id_issued_on: Mapped[date | None]
    id_issued_place: Mapped[str | None] = mapped_column(sa.String(200))
    sex: Mapped[str | None] = mapped_column(sa.String(8))
    birth_year: Mapped[int | None]
    birth_date: Mapped[date | None]
    # Sensitive personal data (Law 91/2025): shown only on the citizen's own page.
    ethnicity: Mapped[str | None] = mapped_column(sa.String(64))
    nationality: Mapped[str | None] = mapped_column(sa.String(64))
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    address_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("administrative_unit.id"), index=True)
    address_text: Mapped[str | None] = mapped_column(sa.String(500))
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("citizen.id"), index=True)
    # The office that registered the citizen: decides who may see the record.
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    agency: Mapped[Agency] = relationship()
    address_unit: Mapped[AdministrativeUnit | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @validates("full_name")
    def _normalise_name(self, _key: str, value: str) -> str:
        value = normalise_text(value)
        self.full_name_folded = fold_text(value)
        return value

    def __repr__(self) -> str:
        return f"<Citizen {self.id}>"
