"""Letters (đơn) and their dated status events; the letters issue extends both."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from petitions.clock import utcnow
from petitions.directory.models import Agency
from petitions.domain.classification import DuplicateDecision, LetterChannel, PriorResolution, SignerKind
from petitions.domain.records import ComplaintSubtype, LetterStatus, LetterType
from petitions.domain.routing import RespondentLevel
from petitions.domain.statistics import Route
from petitions.domain.text import fold_text, normalise_text
from petitions.extensions import Model
from petitions.history import HistoryTracked

# The open states of a letter (received, assigned, proposed, approved) as the partial index's SQL.
OPEN_STATUS_SQL = "status IN ('RECEIVED', 'ASSIGNED', 'PROPOSED', 'APPROVED')"
# An urgent report no leader has taken in hand yet (the two partial indexes of the leaders' alert).
URGENT_OPEN_SQL = "urgent_reported_at IS NOT NULL AND urgent_acknowledged_at IS NULL"


class Letter(HistoryTracked, Model):
    """One letter in the office's register (số đăng ký per year).

    A denunciation never points at a citizen: its denouncer is behind `identity_ref_id`
    (petitions.vault), so that only cleared users can link a person to a denunciation.
    """

    __tablename__ = "letter"
    __history_type__ = "letter"
    # Personal fields and the letter's content are recorded as changed without values, so that the purge of a
    # destroyed letter (petitions.letters.destruction) leaves none of them in history.
    __history_personal__ = frozenset(
        {"identity_ref_id", "citizen_id", "summary", "respondent", "place_text", "urgent_reason"}
    )
    # The first-handling projection repeats what the status events (and the status's history rows) record.
    __history_ignored__ = HistoryTracked.__history_ignored__ | {"first_handled_on", "first_handling_route"}

    id: Mapped[int] = mapped_column(primary_key=True)
    # The office whose register numbered the letter (register_number/register_year). It never
    # changes: a merger moves the responsibility for an open letter (agency_in_charge_id), not
    # its entry in the register it was received in.
    register_agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    register_year: Mapped[int]
    register_number: Mapped[int]
    letter_type: Mapped[LetterType] = mapped_column(sa.Enum(LetterType, native_enum=False, length=32))
    complaint_subtype: Mapped[ComplaintSubtype | None] = mapped_column(
        sa.Enum(ComplaintSubtype, native_enum=False, length=32)
    )
    status: Mapped[LetterStatus] = mapped_column(
        sa.Enum(LetterStatus, native_enum=False, length=32), default=LetterStatus.RECEIVED
    )
    received_on: Mapped[date]
    letter_dated_on: Mapped[date | None]
    summary: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    summary_folded: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    citizen_id: Mapped[int | None] = mapped_column(sa.ForeignKey("citizen.id"), index=True)
    identity_ref_id: Mapped[int | None] = mapped_column(sa.ForeignKey("identity_ref.id"))
    # The office responsible for the letter (scoping, reports) …
    agency_in_charge_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    # … and the body it was forwarded or assigned to, whose liaison officer may see it.
    assigned_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_file.id"))  # ix_letter_case_received
    # The earliest open handling due date (D10/D21/D22) of the letter's clocks: a projection the clock
    # services keep (petitions.deadlines.services), so that due-date filters are one index range.
    handling_due_on: Mapped[date | None]
    # The first approved handling: its effective day and its route outside competence (G, F, U), folded from the
    # dated status events (petitions.domain.first_handling) by record_letter_status in the event's transaction.
    # It serves every window, past ones included (a later-recorded event dated earlier moves it back), so that
    # 01/XLD reads a window's letters as index ranges instead of aggregating every event up to the window's end.
    first_handled_on: Mapped[date | None]
    first_handling_route: Mapped[Route | None] = mapped_column(sa.Enum(Route, native_enum=False, length=16))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    # Registration (DOMAIN §2) ------------------------------------------------------------------
    channel: Mapped[LetterChannel] = mapped_column(
        sa.Enum(LetterChannel, native_enum=False, length=16),
        default=LetterChannel.POST,
        server_default="POST",
    )
    # The body that forwarded the letter (deputy, Front, press, agency) and its slip's number and date.
    forwarded_by: Mapped[str | None] = mapped_column(sa.String(255))
    forwarded_doc_number: Mapped[str | None] = mapped_column(sa.String(100))
    forwarded_doc_on: Mapped[date | None]
    # The visit (reception book line) that handed the letter in; the reception area owns visits.
    visit_id: Mapped[int | None] = mapped_column(index=True)
    signer_kind: Mapped[SignerKind] = mapped_column(
        sa.Enum(SignerKind, native_enum=False, length=16), default=SignerKind.ONE, server_default="ONE"
    )
    signer_count: Mapped[int] = mapped_column(default=1, server_default="1")
    # Who is complained about or denounced, and where the matter arose.
    respondent: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    respondent_folded: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    place_text: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    is_confidential: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    is_urgent: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    prior_resolution: Mapped[PriorResolution] = mapped_column(
        sa.Enum(PriorResolution, native_enum=False, length=32),
        default=PriorResolution.NOT_YET,
        server_default="NOT_YET",
    )
    result_requested: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    registered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # Giao xử lý (DOMAIN §3 step 5): the officer the leader assigned, and the written direction.
    assigned_officer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    direction: Mapped[str | None] = mapped_column(sa.Text)
    # The officer's proposal (đề xuất): the draft handling paper it rests on (a document of the register;
    # the documents area sits above letters, so no foreign key, as for visit_id).
    proposal_document_id: Mapped[int | None]
    # Serious or imminent harm (TT 05/2021 Đ16): raised by an officer, taken in hand by a leader; the
    # leaders' worklist shows those reported and not yet acknowledged.
    urgent_reported_at: Mapped[datetime | None]
    urgent_reason: Mapped[str | None] = mapped_column(sa.String(500))
    urgent_acknowledged_at: Mapped[datetime | None]
    # Filed (lưu đơn): the day it was filed, from which the retention D11 counts; then the destruction record
    # (biên bản hủy đơn, a document of the register; no foreign key, as for proposal_document_id).
    filed_on: Mapped[date | None]
    destruction_document_id: Mapped[int | None]

    # Classification by content (DOMAIN §3.3, §3.4) -------------------------------------------------
    main_type: Mapped[LetterType | None] = mapped_column(sa.Enum(LetterType, native_enum=False, length=32))
    field_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reference_item.id"))
    is_eligible: Mapped[bool | None]
    ineligibility_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reference_item.id"))
    competent_body: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    is_within_competence: Mapped[bool | None]
    classified_at: Mapped[datetime | None]
    # Routing to the competent body (petitions.routing): where the matter arose, who is complained about or
    # denounced (their level and, when in the directory, their body), the body proposed by the rule that chose
    # it — or chosen by the officer against the proposal, with the reason (history keeps both). The free-text
    # competent_body stays for old records and for bodies outside the directory.
    place_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("administrative_unit.id"))
    respondent_level: Mapped[RespondentLevel | None] = mapped_column(
        sa.Enum(RespondentLevel, native_enum=False, length=32)
    )
    respondent_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"))
    competent_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"))
    routing_rule_id: Mapped[int | None] = mapped_column(sa.ForeignKey("routing_rule.id"))
    routing_override_reason: Mapped[str | None] = mapped_column(sa.String(500))
    # A complaint's time limit (DOMAIN §5 D12, D13, D16; counted as a closed clock at classification): the day
    # the complainant received or knew of the decision or act (2nd round: of the 1st-round decision, or the end
    # of its resolution period); a disciplinary dismissal; a complainant in a remote area (2nd round);
    # objective obstacle periods [[A, B], ...], inclusive ISO dates, not counted.
    decision_known_on: Mapped[date | None]
    is_dismissal: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    is_remote: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    time_limit_obstacles: Mapped[list[list[str]]] = mapped_column(
        sa.JSON, default=list, server_default=sa.text("'[]'")
    )
    classified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    # Duplicates (đơn trùng) ------------------------------------------------------------------------
    duplicate_decision: Mapped[DuplicateDecision] = mapped_column(
        sa.Enum(DuplicateDecision, native_enum=False, length=16),
        default=DuplicateDecision.NEW,
        server_default="NEW",
    )
    duplicate_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"), index=True)
    duplicate_category_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reference_item.id"))
    repeat_count: Mapped[int] = mapped_column(default=0, server_default="0")

    # Voiding a mistaken registration: the number stays taken, the line stays in the register.
    is_void: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    voided_at: Mapped[datetime | None]
    voided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    void_reason: Mapped[str | None] = mapped_column(sa.String(500))

    agency_in_charge: Mapped[Agency] = relationship(foreign_keys=[agency_in_charge_id])
    assigned_agency: Mapped[Agency | None] = relationship(foreign_keys=[assigned_agency_id])
    competent_agency: Mapped[Agency | None] = relationship(foreign_keys=[competent_agency_id])
    parts: Mapped[list[LetterPart]] = relationship(
        back_populates="letter", order_by="LetterPart.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.Index("ix_letter_register", "register_year", "register_number"),
        sa.UniqueConstraint("register_agency_id", "register_year", "register_number"),
        sa.Index("ix_letter_received", "received_on", "id"),
        # The list's keyset orders under the agency scope (petitions.letters.queries.list_letters).
        sa.Index("ix_letter_agency_received", "agency_in_charge_id", "received_on", "id"),
        sa.Index("ix_letter_agency_register", "agency_in_charge_id", "register_year", "register_number", "id"),
        sa.Index("ix_letter_agency_due", "agency_in_charge_id", "handling_due_on"),
        # The home page's worklist sections (petitions.main.worklist).
        sa.Index("ix_letter_status_received", "status", "received_on", "id"),
        sa.Index("ix_letter_status_agency", "status", "agency_in_charge_id", "received_on", "id"),
        sa.Index("ix_letter_due_id", "handling_due_on", "id"),
        sa.Index(
            "ix_letter_officer_status", "assigned_officer_id", "status", "agency_in_charge_id", "received_on", "id"
        ),
        # The leaders' urgent reports not yet acknowledged (a handful): partial indexes.
        sa.Index(
            "ix_letter_urgent_open_agency",
            "agency_in_charge_id",
            "received_on",
            "id",
            sqlite_where=sa.text(URGENT_OPEN_SQL),
            postgresql_where=sa.text(URGENT_OPEN_SQL),
        ),
        sa.Index(
            "ix_letter_urgent_open",
            "received_on",
            "id",
            sqlite_where=sa.text(URGENT_OPEN_SQL),
            postgresql_where=sa.text(URGENT_OPEN_SQL),
        ),
        # The open letters (received → approved, about 1 % of the table) in date order, covering the scope's
        # columns: the worklist's "handed over to my body" section walks them (an index-only scan on
        # PostgreSQL) and probes each id against the body's hand-overs, instead of the whole date index.
        sa.Index(
            "ix_letter_open_received",
            "received_on",
            "id",
            postgresql_include=["agency_in_charge_id", "assigned_agency_id", "case_id", "is_void"],
            sqlite_where=sa.text(OPEN_STATUS_SQL),
            postgresql_where=sa.text(OPEN_STATUS_SQL),
        ),
        # The printed letter register (petitions.letter_register): an agency's register by date received.
        sa.Index(
            "ix_letter_register_received", "register_agency_id", "received_on", "register_year", "register_number", "id"
        ),
        sa.Index("ix_letter_officer_due", "assigned_officer_id", "agency_in_charge_id", "handling_due_on", "id"),
        # The leader's page of filed letters past retention (petitions.letters.destruction).
        sa.Index(
            "ix_letter_filed",
            "agency_in_charge_id",
            "filed_on",
            "id",
            sqlite_where=sa.text("status = 'FILED'"),
            postgresql_where=sa.text("status = 'FILED'"),
        ),
        # The duplicate lookup: one respondent's letters, newest first, within the window.
        sa.Index("ix_letter_respondent_received", "respondent_folded", "received_on", "id"),
        # 01/XLD: the letters received before a window and handled from its first day on, or not yet (carried
        # over), as two ranges of one index (petitions.reports.queries.letter_facts).
        sa.Index("ix_letter_first_handled", "first_handled_on", "received_on"),
        # A case's letters in arrival order (its page, its papers' source): the case's rows in the order shown,
        # no sort; any lookup by case uses its first column.
        sa.Index("ix_letter_case_received", "case_id", "received_on", "id"),
    )

    @validates("summary")
    def _normalise_summary(self, _key: str, value: str) -> str:
        value = normalise_text(value)
        self.summary_folded = fold_text(value)
        return value

    @validates("respondent")
    def _normalise_respondent(self, _key: str, value: str) -> str:
        value = normalise_text(value)
        self.respondent_folded = fold_text(value)
        return value

    @property
    def effective_type(self) -> LetterType:
        """The type whose clocks run: a mixed letter's main content, else the letter's own type."""
        return self.main_type if self.letter_type == LetterType.MIXED and self.main_type else self.letter_type

    @property
    def obstacle_spans(self) -> list[tuple[date, date]]:
        """The stored objective obstacle periods as dates (stored ISO text, never typed input)."""
        return [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in self.time_limit_obstacles or ()]

    @property
    def register_label(self) -> str:
        return f"{self.register_number}/{self.register_year}"

    def __repr__(self) -> str:
        return f"<Letter {self.register_number}/{self.register_year}>"


class LetterStatusEvent(Model):
    """A dated status of a letter, for the reports (append-only; one row per transition)."""

    __tablename__ = "letter_status_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(sa.ForeignKey("letter.id"), index=True)
    status: Mapped[LetterStatus] = mapped_column(sa.Enum(LetterStatus, native_enum=False, length=32))
    effective_on: Mapped[date] = mapped_column(index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    note: Mapped[str | None] = mapped_column(sa.String(500))
    # The petitions.domain.letter_flow.LetterTransition value that produced the event (None before it existed).
    transition: Mapped[str | None] = mapped_column(sa.String(32))

    # The worklist's "returned for revision" starts from the return events (petitions.main.worklist).
    __table_args__ = (sa.Index("ix_letter_status_event_transition", "transition", "letter_id"),)


class LetterPart(Model):
    """One content of a mixed letter (đơn có nhiều nội dung); exactly one is the main content."""

    __tablename__ = "letter_part"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(sa.ForeignKey("letter.id"), index=True)
    position: Mapped[int]
    letter_type: Mapped[LetterType] = mapped_column(sa.Enum(LetterType, native_enum=False, length=32))
    complaint_subtype: Mapped[ComplaintSubtype | None] = mapped_column(
        sa.Enum(ComplaintSubtype, native_enum=False, length=32)
    )
    summary: Mapped[str] = mapped_column(sa.Text)
    is_main: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    letter: Mapped[Letter] = relationship(back_populates="parts")


class LetterAttachment(HistoryTracked, Model):
    """A scan or decision attached to a letter, stored outside the web root under a generated name.

    `original_name` is what the uploader's file was called (shown, never used as a path);
    `stored_name` is random. Removing an attachment marks it, the file stays for the record.
    """

    __tablename__ = "letter_attachment"
    __history_type__ = "letter_attachment"
    # A file name may name the writer: a purge (destroyed letter) records it as changed without values.
    __history_personal__ = frozenset({"original_name"})

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(sa.ForeignKey("letter.id"), index=True)
    original_name: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(64))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    is_removed: Mapped[bool] = mapped_column(default=False, server_default=sa.false())



class LetterHandover(Model):
    """A letter handed by the office's leader to another body inside the system for advice or verification
    (the provincial inspectorate, a department), with the written direction. The body's officers see that
    letter, and only it, through this row (petitions.letters.queries.visible_letters). Append-only."""

    __tablename__ = "letter_handover"
    # A body's hand-overs by letter: the scope's and the worklist's probe "is this letter handed to my body".
    __table_args__ = (sa.Index("ix_letter_handover_agency_letter", "agency_id", "letter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(sa.ForeignKey("letter.id"), index=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    direction: Mapped[str] = mapped_column(sa.Text)
    handed_on: Mapped[date]
    handed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
