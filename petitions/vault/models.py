"""The identity vault's one table: a reference per protected identity, encrypted or not stored at all."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from petitions.clock import utcnow
from petitions.extensions import Model


class IdentityRef(Model):
    """An opaque code standing for a denouncer's identity.

    Mode `reference`: only the code exists here; it is written on the paper file (or the
    offline register) that holds the identity. Mode `encrypted`: the identity is a Fernet token
    whose key lives outside the database, with keyed HMAC blind indexes for duplicate matching.
    """

    __tablename__ = "identity_ref"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    mode: Mapped[str] = mapped_column(sa.String(16))
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    ciphertext: Mapped[str | None] = mapped_column(sa.Text)
    name_index: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    id_index: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    legal_basis: Mapped[str | None] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    rotated_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<IdentityRef {self.code}>"
