"""The receipt (Giấy biên nhận, Mẫu 02/TCD) given for a visit: its lookup code, PIN hash and the documents listed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.clock import utcnow
from petitions.extensions import Model
from petitions.reception.models import Visit


class Receipt(Model):
    """One receipt per visit. ``code`` is the bearer code of the citizen's status lookup (QR link);
    only a salted hash of the PIN printed beside it is kept, so a reprint issues a new PIN."""

    __tablename__ = "receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visit.id"), unique=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    pin_hash: Mapped[str] = mapped_column(sa.String(200))
    # [{"name", "pages", "condition", "is_original"}] as printed on the slip.
    items: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    copies: Mapped[int] = mapped_column(default=2, server_default="2")
    pin_issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    pin_issue_count: Mapped[int] = mapped_column(default=1, server_default="1")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    visit: Mapped[Visit] = relationship()

    def __repr__(self) -> str:
        return f"<Receipt {self.id} visit={self.visit_id}>"
