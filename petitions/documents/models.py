"""Outgoing documents (văn bản đi); their register numbers come from `petitions.numbering`."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.auth.models import User
from petitions.clock import utcnow
from petitions.directory.models import Agency
from petitions.extensions import Model
from petitions.history import HistoryTracked


class DocumentStatus(StrEnum):
    DRAFT = "draft"  # dự thảo: watermarked, unnumbered
    ISSUED = "issued"  # ban hành: numbered and dated
    VOID = "void"  # hủy: keeps its number (a register never reuses one)


class NumberSource(StrEnum):
    APP = "app"  # the office delegates numbering to the app's register
    VAN_THU = "van_thu"  # the agency's văn thư gave the number and the date


class Document(HistoryTracked, Model):
    """One outgoing document of an issuing agency: its content as data, its number once issued.

    ``body_data`` holds what the template prints: ``fields`` (the template's declared fields),
    ``body`` (free paragraphs and tables, in order), optionally ``co_signer`` and ``qr_url``.
    Body, subject and recipients usually name citizens: history records them as changed only.
    """

    __tablename__ = "document"
    __history_type__ = "document"
    __history_personal__ = frozenset({"subject", "body_data", "recipients", "copies_to"})

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(sa.String(48), index=True)  # printing template code
    subject: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    body_data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    recipients: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # Kính gửi
    copies_to: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # Nơi nhận
    archive_unit: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    place: Mapped[str] = mapped_column(sa.String(100))
    issuing_agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    issuing_body: Mapped[str] = mapped_column(sa.String(255))  # names as printed, frozen at issue
    parent_body: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    signer_position: Mapped[str] = mapped_column(sa.String(200))
    signer_name: Mapped[str] = mapped_column(sa.String(200))
    signer_authority: Mapped[str] = mapped_column(sa.String(8), default="", server_default="")
    signer_principal: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    signer_collective: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    # The issuing body's official chosen on the draft (None: typed by hand, e.g. a desk slip's officer).
    signer_official_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency_official.id"))
    status: Mapped[DocumentStatus] = mapped_column(
        sa.Enum(DocumentStatus, native_enum=False, length=16), default=DocumentStatus.DRAFT, index=True
    )
    number: Mapped[int | None]
    number_year: Mapped[int | None]
    symbol: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")  # ký hiệu: TB-BTCD
    number_symbol: Mapped[str | None] = mapped_column(sa.String(80))  # as printed: 05/TB-BTCD
    issue_date: Mapped[date | None] = mapped_column(index=True)
    number_source: Mapped[NumberSource | None] = mapped_column(
        sa.Enum(NumberSource, native_enum=False, length=16)
    )
    issued_at: Mapped[datetime | None]
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    signed_file_path: Mapped[str | None] = mapped_column(sa.String(255))  # relative to UPLOAD_FOLDER
    signed_file_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    signed_file_size: Mapped[int | None]
    signed_uploaded_at: Mapped[datetime | None]
    signed_uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    void_reason: Mapped[str | None] = mapped_column(sa.String(500))
    voided_at: Mapped[datetime | None]
    voided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    record_type: Mapped[str | None] = mapped_column(sa.String(32))  # the letter, case, … it answers
    record_id: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    issuing_agency: Mapped[Agency] = relationship(foreign_keys=[issuing_agency_id])
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    signed_uploaded_by: Mapped[User | None] = relationship(foreign_keys=[signed_uploaded_by_id])
    voided_by: Mapped[User | None] = relationship(foreign_keys=[voided_by_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # One register per agency: a number is used once a year, whoever gave it (app or văn thư).
        sa.UniqueConstraint("issuing_agency_id", "number_year", "number"),
        sa.Index("ix_document_record", "record_type", "record_id"),
        # The register list's keyset orders have PostgreSQL expression indexes (agency, sort key, id),
        # made by migrations b8d2f0a4c6e1 and c5e7a9b1d3f2 only (see migrations/env.py EXPRESSION_INDEXES).
    )

    @property
    def is_draft(self) -> bool:
        return self.status == DocumentStatus.DRAFT

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.doc_type} {self.number_symbol or 'draft'}>"
