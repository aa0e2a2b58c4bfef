"""`petitions documents` commands: issue a draft and print the register (real commits)."""

from __future__ import annotations

from petitions.documents.models import Document, DocumentStatus
from petitions.extensions import db
from tests.factories import make_agency, make_document


def test_issue_and_print_register_from_the_command_line(committed_app, tmp_path):
    with committed_app.app_context():
        agency = make_agency(code="CLI")
        first, second = make_document(issuing_agency=agency).id, make_document(issuing_agency=agency).id
        db.session.commit()
        db.session.remove()
    runner = committed_app.test_cli_runner()
    result = runner.invoke(args=["documents", "issue", str(first)])
    assert result.exit_code == 0, result.output
    assert "01/TB-CLI" in result.output
    result = runner.invoke(args=["documents", "issue", str(second), "--number", "1", "--date", "2026-05-02"])
    assert result.exit_code != 0 and "đã dùng" in result.output
    result = runner.invoke(args=["documents", "issue", "999999"])
    assert result.exit_code != 0
    output = tmp_path / "register.pdf"
    with committed_app.app_context():
        year = db.session.get(Document, first).number_year
        assert db.session.get(Document, second).status == DocumentStatus.DRAFT
        db.session.remove()
    result = runner.invoke(
        args=["documents", "print-register", "--agency", "CLI", "--year", str(year), "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF")


def test_the_command_line_never_back_dates_a_register_number(committed_app):
    with committed_app.app_context():
        agency = make_agency(code="CLIB")
        first, second = make_document(issuing_agency=agency).id, make_document(issuing_agency=agency).id
        db.session.commit()
        db.session.remove()
    runner = committed_app.test_cli_runner()
    result = runner.invoke(args=["documents", "issue", str(first), "--date", "2026-05-04"])
    assert result.exit_code == 0 and "01/TB-CLIB ngày 04/05/2026" in result.output, result.output
    result = runner.invoke(args=["documents", "issue", str(second), "--date", "2026-05-03"])
    assert result.exit_code != 0 and "Không được lùi ngày" in result.output
    with committed_app.app_context():
        assert db.session.get(Document, second).number is None
        db.session.remove()
    result = runner.invoke(args=["documents", "issue", str(second), "--date", "2026-05-04"])
    assert result.exit_code == 0 and "02/TB-CLIB" in result.output, result.output
