"""`petitions import FILE`: import an office's Excel book from the command line (the page's twin)."""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa

from petitions.auth.models import User
from petitions.directory.models import Agency
from petitions.extensions import db, immediate_transactions
from petitions.imports.services import describe, import_book


@click.command("import")
@click.argument("book", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--agency", "agency_code", required=True, help="Mã cơ quan có sổ (the office whose book this is).")
@click.option("--user", "username", required=True, help="Tài khoản đứng tên việc nhập (lãnh đạo hoặc cán bộ tiếp).")
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra, không ghi gì (check only).")
def import_command(book: Path, agency_code: str, username: str, dry_run: bool) -> None:
    """Nhập sổ Excel cũ (trang «Tiếp công dân», «Đơn thư») theo mẫu sổ; lỗi nào cũng làm sổ không được nhập."""
    agency = db.session.scalar(sa.select(Agency).where(Agency.code == agency_code))
    user = db.session.scalar(sa.select(User).where(User.username == username, User.is_active.is_(True)))
    if agency is None:
        raise click.ClickException(f"Không có cơ quan mã «{agency_code}».")
    if user is None:
        raise click.ClickException(f"Không có tài khoản đang hoạt động «{username}».")
    with immediate_transactions():
        result = import_book(
            book.read_bytes(), file_name=book.name, agency_id=agency.id, actor=user, dry_run=dry_run
        )
    for problem in result.problems:
        click.echo(f"Trang «{problem.sheet}», dòng {problem.row}, cột «{problem.column}»: {problem.message}", err=True)
    for kind, words in result.unmapped.items():
        click.echo(f"Chưa ánh xạ ({kind.value}): " + "; ".join(sorted(words)), err=True)
    click.echo(describe(result))
    if result.problems:
        raise SystemExit(1)
