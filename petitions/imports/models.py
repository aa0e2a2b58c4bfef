"""What the import remembers: the office's mapping of its own words to the reference data, and every book row
already imported (by the office's row key), so that importing a book again imports nothing twice."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from petitions.clock import utcnow
from petitions.extensions import Model


class ImportMapping(Model):
    """One free-text value of a book column (folded) and the code it stands for: a reference item's code, an
    enum value, or an agency's code. Province-wide: the same words mean the same thing in every office."""

    __tablename__ = "import_mapping"
    __table_args__ = (sa.UniqueConstraint("kind", "source_folded"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(32))
    source_text: Mapped[str] = mapped_column(sa.String(500))
    source_folded: Mapped[str] = mapped_column(sa.String(500))
    target: Mapped[str] = mapped_column(sa.String(64))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImportedRow(Model):
    """A book row imported into an office's records: the row key the office gave it, in the sheet it came
    from, and the record it became."""

    __tablename__ = "imported_row"
    __table_args__ = (sa.UniqueConstraint("agency_id", "sheet", "row_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    sheet: Mapped[str] = mapped_column(sa.String(16))
    row_key: Mapped[str] = mapped_column(sa.String(64))
    record_id: Mapped[int]
    file_name: Mapped[str] = mapped_column(sa.String(255))
    imported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
