"""Building the letter register's files (the page, the CLI and the benchmark call this)."""

from __future__ import annotations

from datetime import date

from petitions.auth.models import User
from petitions.directory.models import Agency
from petitions.domain.types import DomainError
from petitions.letter_register.book import register_pdf, register_xlsx
from petitions.letter_register.queries import iter_register_rows, register_heading

FORMATS = ("pdf", "xlsx")


def letter_register(agency: Agency, *, date_from: date, date_to: date, fmt: str, user: User | None = None) -> bytes:
    """The letter register of ``agency`` from ``date_from`` to ``date_to`` (inclusive) as PDF ("pdf") or
    Excel ("xlsx") bytes. A cleared ``user`` reads denouncers' identities (each reveal is logged);
    anyone else, and the CLI (None), the vault reference."""
    if date_to < date_from:
        raise DomainError("Ngày kết thúc phải sau ngày bắt đầu.")
    heading = register_heading(agency, date_from, date_to)
    rows = iter_register_rows(agency.id, date_from, date_to, user=user)
    if fmt == "pdf":
        return register_pdf(heading, list(rows))
    if fmt == "xlsx":
        return register_xlsx(heading, rows)
    raise ValueError(f"unknown register format {fmt!r}")
