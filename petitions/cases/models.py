"""Cases (vụ việc), their dated status events and restriction lists; the cases issue extends them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from petitions.clock import utcnow
from petitions.db_types import LandSquareMetres, MoneyMillions
from petitions.directory.models import Agency
from petitions.domain.records import (
    CaseRound,
    CaseStatus,
    CaseType,
    CaseVerdict,
    ComplaintSubtype,
    Complexity,
)
from petitions.domain.text import fold_text, normalise_text
from petitions.extensions import Model
from petitions.history import HistoryTracked


class CaseFile(HistoryTracked, Model):
    """A matter (vụ việc) that visits and letters concern; `case` is an SQL keyword, hence case_file."""

    __tablename__ = "case_file"
    __history_type__ = "case"
    # The title is the first record's summary (a letter's or a visit's content): purged with a destroyed
    # letter's content, so history records it as changed without values.
    __history_personal__ = frozenset({"title"})

    id: Mapped[int] = mapped_column(primary_key=True)
    case_type: Mapped[CaseType] = mapped_column(sa.Enum(CaseType, native_enum=False, length=32))
    complaint_subtype: Mapped[ComplaintSubtype | None] = mapped_column(
        sa.Enum(ComplaintSubtype, native_enum=False, length=32)
    )
    status: Mapped[CaseStatus] = mapped_column(sa.Enum(CaseStatus, native_enum=False, length=32), default=CaseStatus.OPEN)
    title: Mapped[str] = mapped_column(sa.String(255))
    title_folded: Mapped[str] = mapped_column(sa.String(255))
    opened_on: Mapped[date]
    accepted_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    agency_in_charge_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    assigned_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    # Round and lineage: complaint lần 1 → lần 2 (→ court), denunciation → tố cáo tiếp (DOMAIN §3.5 "next round").
    case_round: Mapped[CaseRound] = mapped_column(
        sa.Enum(CaseRound, native_enum=False, length=16), default=CaseRound.FIRST, server_default=CaseRound.FIRST.name
    )
    parent_case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    # The officer (H) who verifies and drafts for the competent person.
    handler_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    # Recorded in writing; they choose the clock variants (DOMAIN §5): complex / very_complex, remote.
    complexity: Mapped[Complexity] = mapped_column(
        sa.Enum(Complexity, native_enum=False, length=16),
        default=Complexity.ORDINARY,
        server_default=Complexity.ORDINARY.name,
    )
    is_remote: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # While suspended (tạm đình chỉ): the state the resumption returns to.
    suspended_from: Mapped[CaseStatus | None] = mapped_column(sa.Enum(CaseStatus, native_enum=False, length=32))
    # Steps that leave the state as it is: the verification report (still verifying) and the result told to the
    # citizen (still decided); petitions.cases.transitions records them.
    verification_reported_on: Mapped[date | None]
    decided_on: Mapped[date | None]
    result_notified_on: Mapped[date | None]
    published_on: Mapped[date | None]
    # The complainant took the matter to court (the lineage ends there): date and the court's reference.
    court_filed_on: Mapped[date | None]
    court_reference: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    # The earliest open resolution clock's due date (D15/D17/D19/D24/D26), a projection of the clocks kept by
    # petitions.deadlines.services.refresh_resolution_due: the case list's deadline order and overdue filter
    # read one indexed column instead of every case's clocks (as letter.handling_due_on does for letters).
    resolution_due_on: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    agency_in_charge: Mapped[Agency] = relationship(foreign_keys=[agency_in_charge_id])
    parent_case: Mapped[CaseFile | None] = relationship(remote_side=[id], foreign_keys=[parent_case_id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The case list's two orders within an agency (petitions.cases.queries.list_cases), id the tie-breaker;
        # and the same orders over the whole table for scopes of several agencies.
        sa.Index("ix_case_file_agency_opened", "agency_in_charge_id", "opened_on", "id"),
        sa.Index("ix_case_file_agency_due", "agency_in_charge_id", "resolution_due_on", "id"),
        sa.Index("ix_case_file_opened_id", "opened_on", "id"),
        sa.Index("ix_case_file_due_id", "resolution_due_on", "id"),
    )

    @validates("title")
    def _normalise_title(self, _key: str, value: str) -> str:
        value = normalise_text(value)
        self.title_folded = fold_text(value)
        return value

    def __repr__(self) -> str:
        return f"<CaseFile {self.id}>"


class CaseFileStatusEvent(Model):
    """A dated status of a case, for the reports (append-only; one row per transition).

    `effective_on` is the day the act took effect (valid time), `recorded_at` the moment it was entered. A wrongly
    dated event is corrected by a new event that names it in `supersedes_id` (petitions.cases.transitions.
    correct_case_event_date, with the reason in its note); the corrected one stays on record, unread by the reports
    and the case's ordering checks: the database refuses to update or delete an event.
    """

    __tablename__ = "case_file_status_event"
    # The reports' dated reads by status (01/KQGQ, 03/KQGQ: a case's acceptance and first closing), covering: the
    # few statuses they read are ranges of it, where the case index walked every event of every case.
    __table_args__ = (sa.Index("ix_case_file_status_event_status_case", "status", "case_file_id", "effective_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_file_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    status: Mapped[CaseStatus] = mapped_column(sa.Enum(CaseStatus, native_enum=False, length=32))
    effective_on: Mapped[date] = mapped_column(index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    note: Mapped[str | None] = mapped_column(sa.String(500))
    # The petitions.domain.case_flow.CaseEvent that wrote it (none for the letters' own open / close events).
    transition: Mapped[str | None] = mapped_column(sa.String(32))
    # The event this one corrects (its date); at most one correction per event.
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_file_status_event.id"), unique=True)


class CaseRestriction(HistoryTracked, Model):
    """A person or a unit kept away from a case (e.g. the accused officer and their unit).

    A restricted agency excludes its users and the users of every agency below it.
    """

    __tablename__ = "case_restriction"
    __history_type__ = "case_restriction"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_file_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    reason: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    __table_args__ = (sa.CheckConstraint("user_id IS NOT NULL OR agency_id IS NOT NULL", name="target"),)


class CaseOutcome(HistoryTracked, Model):
    """What a case's decision or conclusion ordered and what its implementation achieved (DOMAIN §4).

    One row per case, written by the decision and implementation services. The columns follow the KQGQ
    forms: money in million VND and land in m² as exact Decimals (petitions.db_types), persons and bodies as
    counts. "recover" is for the State (thu hồi cho Nhà nước), "return" to organisations or individuals
    (trả lại); the implemented_* columns are what was actually done (02/KQGQ, 04/KQGQ).
    """

    __tablename__ = "case_outcome"
    __history_type__ = "case_outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_file_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"), unique=True)
    verdict: Mapped[CaseVerdict | None] = mapped_column(sa.Enum(CaseVerdict, native_enum=False, length=32))
    decided_on: Mapped[date | None]
    decision_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document.id"))
    # Timeliness against the deadline after lawful extensions and pauses (None until decided).
    resolved_on_time: Mapped[bool | None]

    # Ordered by the decision / conclusion (01/KQGQ (7)–(19), 03/KQGQ (11)–(23)).
    recover_money: Mapped[Decimal] = mapped_column(MoneyMillions, default=Decimal(0), server_default="0")
    recover_land: Mapped[Decimal] = mapped_column(LandSquareMetres, default=Decimal(0), server_default="0")
    return_money_orgs: Mapped[Decimal] = mapped_column(MoneyMillions, default=Decimal(0), server_default="0")
    return_land_orgs: Mapped[Decimal] = mapped_column(LandSquareMetres, default=Decimal(0), server_default="0")
    return_money_persons: Mapped[Decimal] = mapped_column(MoneyMillions, default=Decimal(0), server_default="0")
    return_land_persons: Mapped[Decimal] = mapped_column(LandSquareMetres, default=Decimal(0), server_default="0")
    restored_orgs: Mapped[int] = mapped_column(default=0, server_default="0")
    restored_persons: Mapped[int] = mapped_column(default=0, server_default="0")
    # Organisations to be handled (xử lý tổ chức): a denunciation's conclusion (04/KQGQ (19)).
    discipline_orgs: Mapped[int] = mapped_column(default=0, server_default="0")
    discipline_persons: Mapped[int] = mapped_column(default=0, server_default="0")
    discipline_officials: Mapped[int] = mapped_column(default=0, server_default="0")
    investigation_cases: Mapped[int] = mapped_column(default=0, server_default="0")
    investigation_persons: Mapped[int] = mapped_column(default=0, server_default="0")
    investigation_officials: Mapped[int] = mapped_column(default=0, server_default="0")

    # Implemented (02/KQGQ, 04/KQGQ): implemented_on is the day every measure was done.
    implemented_on: Mapped[date | None]
    recovered_money: Mapped[Decimal] = mapped_column(MoneyMillions, default=Decimal(0), server_default="0")
    recovered_land: Mapped[Decimal] = mapped_column(LandSquareMetres, default=Decimal(0), server_default="0")
    returned_money_orgs: Mapped[Decimal] = mapped_column(MoneyMillions, default=Decimal(0), server_default="0")
    returned_land_orgs: Mapped[Decimal] = mapped_column(LandSquareMetres, default=Decimal(0), server_default="0")
    returned_money_persons: Mapped[Decimal] = mapped_column(MoneyMillions, default=Decimal(0), server_default="0")
    returned_land_persons: Mapped[Decimal] = mapped_column(LandSquareMetres, default=Decimal(0), server_default="0")
    disciplined_orgs: Mapped[int] = mapped_column(default=0, server_default="0")
    disciplined_persons: Mapped[int] = mapped_column(default=0, server_default="0")
    disciplined_officials: Mapped[int] = mapped_column(default=0, server_default="0")
    prosecuted_cases: Mapped[int] = mapped_column(default=0, server_default="0")
    prosecuted_persons: Mapped[int] = mapped_column(default=0, server_default="0")
    prosecuted_officials: Mapped[int] = mapped_column(default=0, server_default="0")

    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<CaseOutcome case#{self.case_file_id} {self.verdict}>"


class CaseImplementationEntry(Model):
    """One dated record of a decision's implementation (append-only; DOMAIN §6, 02/KQGQ and 04/KQGQ).

    CaseOutcome keeps only the latest cumulative implemented_* figures, so what was done before a report's
    window could not be told from it; each record of the implementation writes one entry here with the
    cumulative figures after it, dated the day it took effect. The reports take, for a case and a day, the
    latest entry with effective_on on or before that day that no later entry superseded.

    A wrongly dated record is corrected by a new entry that names it in `supersedes_id` (the corrected entry
    stays, unread by the reports), with the reason: an entry is never updated or deleted.
    """

    __tablename__ = "case_implementation_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_file_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"))
    effective_on: Mapped[date]
    # Cumulative after this record (the CaseOutcome implemented_* columns at that point).
    recovered_money: Mapped[Decimal] = mapped_column(MoneyMillions, default=Decimal(0), server_default="0")
    recovered_land: Mapped[Decimal] = mapped_column(LandSquareMetres, default=Decimal(0), server_default="0")
    returned_money_orgs: Mapped[Decimal] = mapped_column(MoneyMillions, default=Decimal(0), server_default="0")
    returned_land_orgs: Mapped[Decimal] = mapped_column(LandSquareMetres, default=Decimal(0), server_default="0")
    returned_money_persons: Mapped[Decimal] = mapped_column(MoneyMillions, default=Decimal(0), server_default="0")
    returned_land_persons: Mapped[Decimal] = mapped_column(LandSquareMetres, default=Decimal(0), server_default="0")
    disciplined_orgs: Mapped[int] = mapped_column(default=0, server_default="0")
    disciplined_persons: Mapped[int] = mapped_column(default=0, server_default="0")
    disciplined_officials: Mapped[int] = mapped_column(default=0, server_default="0")
    prosecuted_cases: Mapped[int] = mapped_column(default=0, server_default="0")
    prosecuted_persons: Mapped[int] = mapped_column(default=0, server_default="0")
    prosecuted_officials: Mapped[int] = mapped_column(default=0, server_default="0")
    # Every measure of the decision done (rights and discipline included): the officer's "ngày thực hiện xong".
    fully_done: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_implementation_entry.id"), unique=True)
    note: Mapped[str | None] = mapped_column(sa.String(500))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    __table_args__ = (
        # A case's entries by date (the report's "latest on or before the day"), id the tie-breaker.
        sa.Index("ix_case_implementation_case_day", "case_file_id", "effective_on", "id"),
        sa.Index("ix_case_implementation_day", "effective_on"),
    )

    def __repr__(self) -> str:
        return f"<CaseImplementationEntry case#{self.case_file_id} {self.effective_on}>"
