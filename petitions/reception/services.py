"""Citizen use cases of the core skeleton. Flush only."""

from __future__ import annotations

from petitions.domain.records import IdType
from petitions.domain.text import normalise_text
from petitions.extensions import db
from petitions.reception.models import Citizen


def create_citizen(
    *,
    full_name: str,
    agency_id: int,
    id_type: IdType | None = None,
    id_number: str | None = None,
    birth_year: int | None = None,
    phone: str | None = None,
    address_text: str | None = None,
) -> Citizen:
    """Record a citizen (names in NFC; the folded copy for search is kept by the model)."""
    citizen = Citizen(
        full_name=full_name,
        agency_id=agency_id,
        id_type=id_type,
        id_number=normalise_text(id_number) or None,
        birth_year=birth_year,
        phone=normalise_text(phone) or None,
        address_text=normalise_text(address_text) or None,
    )
    db.session.add(citizen)
    db.session.flush()
    return citizen
