"""`petitions documents …`: print the outgoing register, issue a draft from the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from petitions.clock import local_today
from petitions.dates import CLI_DATE
from petitions.directory.models import Agency
from petitions.documents import services
from petitions.documents.models import Document
from petitions.domain.types import DomainError
from petitions.extensions import db, immediate_transactions

documents_cli = AppGroup("documents", help="Sổ đăng ký văn bản đi (outgoing document register).")


def _agency(code: str) -> Agency:
    agency = db.session.scalar(sa.select(Agency).where(Agency.code == code))
    if agency is None:
        raise click.ClickException(f"Không có cơ quan mã {code}.")
    return agency


@documents_cli.command("print-register")
@click.option("--agency", "agency_code", required=True, help="Mã cơ quan ban hành (agency code)")
@click.option("--year", type=int, default=None, help="Năm (default: this year)")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True)
def print_register_command(agency_code: str, year: int | None, output: Path) -> None:
    """Write the agency's register of numbered documents for the year as a landscape PDF."""
    agency = _agency(agency_code)
    year = year or local_today().year
    documents = list(
        db.session.scalars(
            sa.select(Document)
            .where(
                Document.issuing_agency_id == agency.id,
                Document.number_year == year,
                Document.number.is_not(None),
            )
            .order_by(Document.number)
        )
    )
    output.write_bytes(services.register_pdf(agency, year, documents))
    click.echo(f"{len(documents)} văn bản → {output}")


@documents_cli.command("issue")
@click.argument("document_id", type=int)
@click.option(
    "--number", type=int, default=None, help="Số do văn thư cấp (omit: next number of the register)"
)
@click.option("--date", "issue_date", type=CLI_DATE, default=None)
def issue_command(document_id: int, number: int | None, issue_date: date | None) -> None:
    """Issue a draft: the next number of the app's register, or the văn thư's number and date."""
    with immediate_transactions():
        db.session.rollback()  # the numbering transaction must begin under the write lock
        document = db.session.get(Document, document_id)
        if document is None:
            raise click.ClickException(f"Không có văn bản {document_id}.")
        try:
            services.issue_document(document, number=number, issue_date=issue_date)
        except DomainError as refused:
            db.session.rollback()
            raise click.ClickException(str(refused)) from refused
        db.session.commit()
    click.echo(f"Đã ban hành: {document.number_symbol} ngày {document.issue_date:%d/%m/%Y}")
