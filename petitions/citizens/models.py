"""Citizens: one record per real person who came to the office or wrote to it (beneath reception and letters)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from petitions.clock import utcnow
from petitions.directory.models import AdministrativeUnit, Agency
from petitions.domain.records import IdType
from petitions.domain.text import fold_text, normalise_text, word_starts
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


# Byte order on PostgreSQL whatever the database's collation, so that a prefix is one range of the index
# (SQLite compares text bytewise already).
_KEY = sa.String(200).with_variant(sa.String(200, collation="C"), "postgresql")


class CitizenNameKey(Model):
    """The citizen search's word index: one row per tail of the folded name that starts at a word
    (domain.text.word_starts: "nguyen van an", "van an", "an"), with the birth year beside it.

    Words typed in order, each the start of a word of the name ("nguyen van an", "van a"), are a prefix
    of one tail, so a search is one range of ix_citizen_name_key_search — with the birth year, a range
    and a filter inside the same index, which also holds the name to order the hits by — whatever the
    words' frequency (trigram indexes read most of the
    table for the commonest names). Derived from `full_name_folded` and `birth_year`: written whenever a
    citizen is inserted or either changes through the ORM (the mapper events below, in the flush), and by
    bulk loaders that write citizens without the ORM through `name_key_rows` (the demo).
    """

    __tablename__ = "citizen_name_key"
    __table_args__ = (
        sa.Index("ix_citizen_name_key_search", "key", "birth_year", "name", "citizen_id"),
        {"sqlite_with_rowid": False},
    )

    citizen_id: Mapped[int] = mapped_column(sa.ForeignKey("citizen.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(_KEY, primary_key=True)
    birth_year: Mapped[int | None]
    # The whole folded name: a search's hits are put in name order from this index alone, and only the
    # page's citizens are read (PostgreSQL otherwise joins every hit, or scans the citizens, to sort).
    name: Mapped[str] = mapped_column(_KEY)

    def __repr__(self) -> str:
        return f"<CitizenNameKey {self.citizen_id} {self.key!r}>"


def name_key_rows(citizen_id: int, full_name_folded: str, birth_year: int | None) -> list[dict[str, Any]]:
    """A citizen's rows of the search's word index (CitizenNameKey): the one derivation, for the events
    below and for bulk loaders."""
    return [
        {"citizen_id": citizen_id, "key": key, "birth_year": birth_year, "name": full_name_folded}
        for key in dict.fromkeys(word_starts(full_name_folded))
    ]


def _write_name_keys(connection: sa.Connection, citizen: Citizen) -> None:
    rows = name_key_rows(citizen.id, citizen.full_name_folded, citizen.birth_year)
    if rows:
        connection.execute(CitizenNameKey.__table__.insert(), rows)


@sa.event.listens_for(Citizen, "after_insert")
def _name_keys_of_new_citizen(_mapper: Any, connection: sa.Connection, citizen: Citizen) -> None:
    _write_name_keys(connection, citizen)


@sa.event.listens_for(Citizen, "after_update")
def _name_keys_of_changed_citizen(_mapper: Any, connection: sa.Connection, citizen: Citizen) -> None:
    attrs = sa.inspect(citizen).attrs
    if attrs.full_name_folded.history.has_changes() or attrs.birth_year.history.has_changes():
        connection.execute(sa.delete(CitizenNameKey.__table__).where(CitizenNameKey.__table__.c.citizen_id == citizen.id))
        _write_name_keys(connection, citizen)
