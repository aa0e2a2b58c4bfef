"""Citizen use cases: create, edit, resolve a chosen record, merge two records. Flush only; views commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from petitions.citizens.models import Citizen, CitizenNameKey
from petitions.citizens.queries import visible_citizens
from petitions.domain import reception as rules
from petitions.domain.reception import ReceptionError
from petitions.domain.records import IdType
from petitions.domain.text import normalise_text
from petitions.extensions import Model, db
from petitions.history import HistoryTracked, history_context
from petitions.scoping import OutOfScope, get_visible_or_404

CITIZEN_FIELDS = (
    "full_name",
    "id_type",
    "id_number",
    "id_paper_name",
    "id_issued_on",
    "id_issued_place",
    "sex",
    "birth_year",
    "birth_date",
    "ethnicity",
    "nationality",
    "phone",
    "address_unit_id",
    "address_text",
)


def _clean(value: str | None) -> str | None:
    return normalise_text(value) or None


@dataclass(frozen=True)
class CitizenInput:
    """What the intake screen, the letter form or the citizen form gives for one person."""

    full_name: str
    id_type: IdType | None = None
    id_number: str | None = None
    id_paper_name: str | None = None
    id_issued_on: date | None = None
    id_issued_place: str | None = None
    sex: str | None = None
    birth_year: int | None = None
    birth_date: date | None = None
    ethnicity: str | None = None
    nationality: str | None = None
    phone: str | None = None
    address_unit_id: int | None = None
    address_text: str | None = None

    def cleaned(self) -> dict[str, Any]:
        """Field values as stored: NFC text, the ID number checked against its type."""
        name = normalise_text(self.full_name)
        if not name:
            raise ReceptionError("Vui lòng nhập họ tên công dân.")
        number = _clean(self.id_number)
        id_type = self.id_type
        if number:
            if id_type is None:
                raise ReceptionError("Vui lòng chọn loại giấy tờ tùy thân.")
            number = rules.validate_id_number(id_type, number, paper_name=self.id_paper_name)
        birth_year = self.birth_year
        if self.birth_date is not None:
            birth_year = self.birth_date.year
        return {
            "full_name": name,
            "id_type": id_type if number else None,
            "id_number": number,
            "id_paper_name": _clean(self.id_paper_name) if id_type == IdType.OTHER else None,
            "id_issued_on": self.id_issued_on,
            "id_issued_place": _clean(self.id_issued_place),
            "sex": self.sex or None,
            "birth_year": birth_year,
            "birth_date": self.birth_date,
            "ethnicity": _clean(self.ethnicity),
            "nationality": _clean(self.nationality),
            "phone": _clean(self.phone),
            "address_unit_id": self.address_unit_id,
            "address_text": _clean(self.address_text),
        }


def create_citizen(*, agency_id: int, full_name: str, **values: Any) -> Citizen:
    """Record a citizen (names in NFC, ID number checked per type; the folded name is kept by the model)."""
    data = CitizenInput(full_name=full_name, **values).cleaned()
    citizen = Citizen(agency_id=agency_id, **data)
    db.session.add(citizen)
    db.session.flush()
    return citizen


def update_citizen(citizen: Citizen, data: CitizenInput) -> Citizen:
    """Save an edited citizen; history records which personal fields changed, not their values."""
    for key, value in data.cleaned().items():
        setattr(citizen, key, value)
    db.session.flush()
    return citizen


def resolve_citizen(actor: Any, citizen_id: int) -> Citizen:
    """The chosen citizen, loaded through the actor's scope; a merged record stands for the one kept."""
    citizen = get_visible_or_404(
        visible_citizens(actor), citizen_id, refuse=OutOfScope("Không tìm thấy hồ sơ công dân đã chọn.")
    )
    while citizen.merged_into_id is not None:
        kept = db.session.get(Citizen, citizen.merged_into_id)
        assert kept is not None  # merged_into_id is a foreign key
        citizen = kept
    return citizen


def citizen_for(
    actor: Any, *, agency_id: int, citizen_id: int | None, person: CitizenInput | None
) -> Citizen | None:
    """The person on a form: the chosen record (see resolve_citizen), else a new record from the typed
    details, else None when nothing was given."""
    if citizen_id is not None:
        return resolve_citizen(actor, citizen_id)
    if person is None or not normalise_text(person.full_name):
        return None
    return create_citizen(agency_id=agency_id, **vars(person))


def _citizen_references() -> list[tuple[type[Any], str]]:
    """Every mapped column that points at a citizen, outside the citizen table itself.

    Found in the mapper registry rather than listed here, so that the areas above (reception's visits,
    persons and representatives, letters) stay out of this module and a new table that names a citizen
    is merged without anyone remembering to add it.
    """
    target = Citizen.__table__.c.id
    found = []
    for mapper in sorted(Model.registry.mappers, key=lambda m: m.class_.__name__):
        table = mapper.local_table
        if table is Citizen.__table__ or table is CitizenNameKey.__table__:  # the record's own search rows
            continue
        for column in table.columns:
            if any(fk.column is target for fk in column.foreign_keys):
                found.append((mapper.class_, mapper.get_property_by_column(column).key))
    return found


def merge_citizens(*, keep: Citizen, absorb: Citizen, actor: Any = None) -> Citizen:
    """Two records of one person become one: every row naming `absorb` (visits, persons, representatives,
    letters) moves to `keep`, empty fields of `keep` are filled from `absorb`, and `absorb` points at `keep`
    (kept for history). Rows with a history move one by one, so that history records the change."""
    if keep.id == absorb.id:
        raise ReceptionError("Không thể hợp nhất một hồ sơ với chính nó.")
    if absorb.merged_into_id is not None or keep.merged_into_id is not None:
        raise ReceptionError("Hồ sơ này đã được hợp nhất trước đó.")
    reason = f"Hợp nhất hồ sơ công dân #{absorb.id} vào #{keep.id}"
    with history_context(actor=actor, reason=reason):
        for key in CITIZEN_FIELDS:
            if getattr(keep, key) in (None, "") and getattr(absorb, key) not in (None, ""):
                setattr(keep, key, getattr(absorb, key))
        for model, key in _citizen_references():
            attribute = getattr(model, key)
            if issubclass(model, HistoryTracked):
                for row in db.session.scalars(sa.select(model).where(attribute == absorb.id)):
                    setattr(row, key, keep.id)
            else:
                db.session.execute(sa.update(model).where(attribute == absorb.id).values({key: keep.id}))
        absorb.merged_into_id = keep.id
        db.session.flush()
    return keep
