"""What each mapped column may become: the codes of the reference data with the words the screens use for them.
A book value equal to one of these words (or to the code), folded, maps by itself; any other value needs a row
in the mapping table."""

from __future__ import annotations

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.directory.models import ReferenceItem
from petitions.extensions import db
from petitions.i18n import lazy_gettext as _l
from petitions.imports.layout import MappingKind
from petitions.letters.labels import CHANNEL_LABELS, SUBTYPE_LABELS, TYPE_LABELS
from petitions.reception.forms import CLASS_LABELS, OUTCOME_LABELS
from petitions.scoping import scope_agencies

KIND_LABELS = {
    MappingKind.VISIT_CLASS: _l("Phân loại lượt tiếp"),
    MappingKind.COMPLAINT_SUBTYPE: _l("Loại khiếu nại"),
    MappingKind.VISIT_OUTCOME: _l("Kết quả tiếp"),
    MappingKind.REFUSAL_GROUND: _l("Lý do từ chối tiếp"),
    MappingKind.LETTER_TYPE: _l("Loại đơn"),
    MappingKind.LETTER_CHANNEL: _l("Nguồn đơn"),
    MappingKind.AGENCY: _l("Cơ quan tiếp nhận"),
}

Targets = dict[MappingKind, dict[str, str]]


def mapping_targets(actor: User) -> Targets:
    """Every mapped column's codes and their words, for this user (agencies: those in the user's scope)."""
    # Refusal grounds of every period: an old book cites the grounds of its own years.
    grounds = db.session.scalars(
        sa.select(ReferenceItem).where(ReferenceItem.list_code == "refusal_ground").order_by(ReferenceItem.code)
    )
    return {
        MappingKind.VISIT_CLASS: {code.value: str(label) for code, label in CLASS_LABELS.items()},
        MappingKind.COMPLAINT_SUBTYPE: {code.value: str(label) for code, label in SUBTYPE_LABELS.items()},
        MappingKind.VISIT_OUTCOME: {code.value: str(label) for code, label in OUTCOME_LABELS.items()},
        MappingKind.REFUSAL_GROUND: {item.code: item.label for item in grounds},
        MappingKind.LETTER_TYPE: {code.value: str(label) for code, label in TYPE_LABELS.items()},
        MappingKind.LETTER_CHANNEL: {code.value: str(label) for code, label in CHANNEL_LABELS.items()},
        MappingKind.AGENCY: {agency.code: agency.name for agency in scope_agencies(actor)},
    }
