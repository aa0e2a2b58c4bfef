"""The routing rules table: conditions → the competent body, with validity dates (petitions.domain.routing)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, validates

from petitions.clock import utcnow
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.domain.routing import RespondentLevel, Rule, TargetKind
from petitions.domain.text import normalise_text
from petitions.extensions import Model
from petitions.history import HistoryTracked


class RoutingRule(HistoryTracked, Model):
    """One rule. A rule is never deleted: it ends (valid_to) and a successor may start the next day
    (`replaces_id`, as after a reorganisation), so a letter routed in 2025 still names the rule that chose."""

    __tablename__ = "routing_rule"
    __history_type__ = "routing_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Not unique: the successive generations of a rule (before and after a merger) share their code; two of
    # them are never valid on the same day (petitions.routing.services).
    code: Mapped[str] = mapped_column(sa.String(32), index=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    letter_type: Mapped[LetterType | None] = mapped_column(sa.Enum(LetterType, native_enum=False, length=32))
    complaint_subtype: Mapped[ComplaintSubtype | None] = mapped_column(
        sa.Enum(ComplaintSubtype, native_enum=False, length=32)
    )
    field_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reference_item.id"))
    place_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("administrative_unit.id"), index=True)
    respondent_level: Mapped[RespondentLevel | None] = mapped_column(
        sa.Enum(RespondentLevel, native_enum=False, length=32)
    )
    target_kind: Mapped[TargetKind] = mapped_column(sa.Enum(TargetKind, native_enum=False, length=32))
    target_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    legal_basis: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    replaces_id: Mapped[int | None] = mapped_column(sa.ForeignKey("routing_rule.id"))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    @validates("name", "legal_basis", "note")
    def _normalise(self, _key: str, value: str) -> str:
        return normalise_text(value)

    def as_rule(self) -> Rule:
        """The row as the pure routing function reads it."""
        return Rule(
            id=self.id,
            code=self.code,
            name=self.name,
            target_kind=self.target_kind,
            letter_type=self.letter_type,
            complaint_subtype=self.complaint_subtype,
            field_item_id=self.field_item_id,
            place_unit_id=self.place_unit_id,
            respondent_level=self.respondent_level,
            target_agency_id=self.target_agency_id,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            is_active=self.is_active,
            legal_basis=self.legal_basis or "",
        )

    def __repr__(self) -> str:
        return f"<RoutingRule {self.code} #{self.id}>"
