"""The whole report of a period from seeded data: the cover report (báo cáo) numbered from the register, its
narrative read from the forms, every form attached with the cover's number and date, and `petitions report all`.

The golden PDF is the cover report alone (the set grows as forms are added); regenerate it with
UPDATE_GOLDEN=1 from this scenario, look at its PNG (docs/screenshots/report-cover-seeded.png).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from petitions.cli import seed_reference_data
from petitions.documents import issuers
from petitions.documents import services as documents
from petitions.documents.models import Document
from petitions.domain import periods
from petitions.domain.classification import SignerKind
from petitions.domain.records import LetterStatus
from petitions.domain.types import DomainError, Role
from petitions.extensions import db, immediate_transactions
from petitions.printing import render_document
from petitions.reports import catalog, cover
from petitions.reports.cli import report_cli
from tests.reports.test_report_from_seed import _agency, seeded  # noqa: F401  (the seeded directory and visits)
from tests.services.test_reports_01xld import event, letter

GOLDEN = Path(__file__).parent / "golden" / "cover-seeded-2026-9m.pdf"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "report-cover-seeded"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
NINE_MONTHS = periods.parse_period("2026-9M")  # 15/12/2025 – 14/09/2026
SIX_MONTHS = periods.parse_period("2026-6M")  # 15/12/2025 – 14/06/2026
SIGNED_ON = date(2026, 9, 15)

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils needed")


@pytest.fixture
def province(seeded):  # noqa: F811
    """The seeded province (8 visits, 17 persons from June to September 2026) and four letters to the Ban."""
    board = _agency("BTCD")
    carried = letter(board, date(2025, 12, 1), signer=SignerKind.SEVERAL)  # before both windows, not handled
    event(carried, LetterStatus.ACCEPTED, date(2026, 1, 10))
    handled = letter(board, date(2026, 2, 3))
    event(handled, LetterStatus.ACCEPTED, date(2026, 2, 20))
    letter(board, date(2026, 5, 5))
    letter(board, date(2026, 8, 20))  # after 6 months' end: only in the 9 months
    return seeded


def _pdf_text(pdf: bytes, tmp_path: Path, *, first: int | None = None, last: int | None = None) -> str:
    source = tmp_path / "set.pdf"
    source.write_bytes(pdf)
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    out = subprocess.run(["pdftotext", "-layout", *pages, str(source), "-"], check=True, capture_output=True)
    return re.sub(r"[ \t]+", " ", out.stdout.decode("utf-8"))


def _page_sizes(pdf: bytes, tmp_path: Path) -> list[str]:
    source = tmp_path / "sizes.pdf"
    source.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(source)], check=True, capture_output=True)
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info.stdout.decode())
    return ["portrait" if float(w) < float(h) else "landscape" for w, h in sizes]


def _issue(document, day: date):  # type: ignore[no-untyped-def]
    with immediate_transactions():
        return documents.issue_document(document, issue_date=day)


def test_the_narrative_figures_are_the_forms_figures(province) -> None:
    report = cover.build_set(agency=province, period=NINE_MONTHS, today=SIGNED_ON)
    assert report.form_codes == cover.set_form_codes(NINE_MONTHS)
    assert {"01/TCD", "01/XLD"} <= set(report.form_codes)
    tcd, xld = report.tables["01/TCD"].total, report.tables["01/XLD"].total
    figures = report.figures
    # By hand: 2 + 3 + 1 visits to the Ban, 1 in the commune, 1 in the department; 2·2 + 3 + 6 + 1 + 3 persons;
    # the four letters (one carried over from 01/12/2025, three received inside the window).
    assert (figures.visits, figures.persons, figures.letters) == (8, 17, 4)
    assert (figures.visits, figures.persons, figures.cases, figures.letters) == (
        tcd.value(1),
        tcd.value(2),
        tcd.value(3),
        xld.value(1),
    )
    if "01/KQGQ" in report.tables or "03/KQGQ" in report.tables:
        k1, k3 = report.tables.get("01/KQGQ"), report.tables.get("03/KQGQ")
        resolved = (k1.total.value(5) + k1.total.value(6) if k1 else 0) + (k3.total.value(6) if k3 else 0)
        due = (k1.total.value(4) if k1 else 0) + (k3.total.value(4) if k3 else 0)
        assert (figures.resolved, figures.due) == (resolved, due)
    narrative = report.narrative
    assert narrative is not None
    assert (
        f"Ủy ban nhân dân tỉnh Quảng Ninh đã tiếp 8 lượt/17 người/{tcd.value(3)} vụ việc; tiếp nhận 4 đơn" in narrative
    )
    six = cover.build_set(agency=province, period=SIX_MONTHS, today=SIGNED_ON)
    assert six.figures.letters == 3 and six.figures.visits == six.tables["01/TCD"].total.value(1) == 0


def test_two_cover_reports_take_consecutive_numbers_of_the_register(province) -> None:
    first = cover.draft_cover(agency=province, period=SIX_MONTHS, today=SIGNED_ON)
    second = cover.draft_cover(agency=province, period=NINE_MONTHS, today=SIGNED_ON)
    assert first.number is None and first.doc_type == "BAO_CAO" and first.copies_to == [
        "Thanh tra Chính phủ",
        "Ban Tiếp công dân Trung ương",
    ]
    _issue(first, SIGNED_ON)
    _issue(second, SIGNED_ON)
    assert second.number == first.number + 1  # type: ignore[operator]
    assert second.number_symbol == f"{second.number:02d}/BC-UBND"
    assert cover.covers_for(province, NINE_MONTHS) == [second]
    with pytest.raises(DomainError, match="Đã có báo cáo 9 tháng năm 2026"):
        cover.draft_cover(agency=province, period=NINE_MONTHS, today=SIGNED_ON)


def test_every_attached_form_prints_the_covers_number_and_date(province, tmp_path: Path) -> None:
    drafted = cover.draft_cover(agency=province, period=NINE_MONTHS, today=SIGNED_ON)
    draft_set = cover.build_set(agency=province, period=NINE_MONTHS, today=SIGNED_ON)
    draft_text = _pdf_text(cover.render_set_pdf(draft_set), tmp_path, last=1)
    assert draft_set.cover == drafted and "Số: /BC-UBND" in draft_text and "DỰ" in draft_text  # watermarked
    assert "(Kèm theo Báo cáo số: ……… ngày" in _pdf_text(cover.render_set_pdf(draft_set), tmp_path)
    _issue(drafted, SIGNED_ON)
    report = cover.build_set(agency=province, period=NINE_MONTHS, today=SIGNED_ON)
    pdf = cover.render_set_pdf(report)
    line = f"(Kèm theo Báo cáo số: {drafted.number_symbol} ngày 15/09/2026 của Ủy ban nhân dân tỉnh Quảng Ninh)"
    sizes = _page_sizes(pdf, tmp_path)
    assert sizes[0] == "portrait" and sizes[-1] == "landscape"
    cover_pages = sizes.index("landscape")
    cover_text = _pdf_text(pdf, tmp_path, last=cover_pages)
    assert "BÁO CÁO" in cover_text and f"Số: {drafted.number_symbol}" in cover_text
    assert "Nơi nhận:" in cover_text and "- Thanh tra Chính phủ;" in cover_text
    assert "Quảng Ninh, ngày 15 tháng 9 năm 2026" in cover_text
    for code in report.form_codes:  # each form, on its own landscape pages, names the cover
        assert sum(1 for d in report.forms if d.form.code == code) == 1
    forms_text = _pdf_text(pdf, tmp_path, first=cover_pages + 1)
    assert forms_text.count(line) == len(report.form_codes)
    assert all(f"Biểu số: {code}" in forms_text for code in report.form_codes)
    # The register prints the báo cáo with its forms (signed today: only the forms' date lines differ).
    printed = documents.print_pdf(drafted, user=None)
    assert _page_sizes(printed, tmp_path) == sizes and _pdf_text(printed, tmp_path).count(line) == len(report.forms)


def test_a_2024_quarter_two_carries_the_tables_only(province, tmp_path: Path) -> None:
    q2 = periods.parse_period("2026-Q2")
    report = cover.build_set(agency=province, period=q2, today=SIGNED_ON)
    assert not report.has_cover and report.narrative is None and cover.cover_spec(report) is None
    assert "chỉ gồm các biểu số liệu" in report.tables_only_reason
    data = cover.set_json(report)
    assert "narrative" not in data and set(data) == set(report.form_codes)
    pdf = cover.render_set_pdf(report)
    assert set(_page_sizes(pdf, tmp_path)) == {"landscape"}
    assert "BÁO CÁO\n" not in _pdf_text(pdf, tmp_path)
    with pytest.raises(DomainError, match="chỉ gồm các biểu số liệu"):
        cover.draft_cover(agency=province, period=q2, today=SIGNED_ON)


def test_report_all_in_each_format(province, runner, tmp_path: Path) -> None:
    out = tmp_path / "set.json"
    result = runner.invoke(report_cli, ["all", "--period", "2026-9M", "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "--draft-cover" in result.output  # no cover in the register yet: the set says how to get one
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {*catalog.FORMS, "narrative"} or set(data) == {*cover.set_form_codes(NINE_MONTHS), "narrative"}
    assert data["01/TCD"]["total"]["figures"]["1"] == 8 and data["01/XLD"]["total"]["figures"]["1"] == 4
    assert "đã tiếp 8 lượt/17 người/" in data["narrative"]

    xlsx = tmp_path / "set.xlsx"
    result = runner.invoke(report_cli, ["all", "--period", "2026-Q2", "--format", "xlsx", "-o", str(xlsx)])
    assert result.exit_code == 0, result.output
    assert "chỉ gồm các biểu số liệu" in result.output
    sheets = load_workbook(io.BytesIO(xlsx.read_bytes())).sheetnames
    assert sheets == [code.replace("/", "-") for code in cover.set_form_codes(periods.parse_period("2026-Q2"))]

    pdf = tmp_path / "set.pdf"
    result = runner.invoke(
        report_cli, ["all", "--period", "2026-9M", "--agency", "UBND", "--format", "pdf", "-o", str(pdf), "--draft-cover"]
    )
    assert result.exit_code == 0, result.output
    drafted = cover.covers_for(province, NINE_MONTHS)
    assert len(drafted) == 1 and f"petitions documents issue {drafted[0].id}" in result.output
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_golden_cover_report_from_the_seeded_directory(province, tmp_path: Path) -> None:
    drafted = cover.draft_cover(agency=province, period=NINE_MONTHS, today=SIGNED_ON)
    _issue(drafted, SIGNED_ON)
    spec = cover.cover_spec(cover.build_set(agency=province, period=NINE_MONTHS, today=SIGNED_ON))
    assert spec is not None
    pdf = render_document(spec)
    if UPDATE:
        GOLDEN.write_bytes(pdf)
        if shutil.which("pdftoppm"):
            source = tmp_path / "cover.pdf"
            source.write_bytes(pdf)
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(source), str(SCREENSHOT)], check=True)
    assert GOLDEN.is_file(), "create it with UPDATE_GOLDEN=1"
    assert pdf == GOLDEN.read_bytes(), "the cover report differs from its golden file (UPDATE_GOLDEN=1 to accept)"


def test_covers_issued_concurrently_with_other_papers_take_distinct_consecutive_numbers(committed_app) -> None:
    """The cover takes its number through the register's one numbering function: issued in parallel with other
    papers of the same body, every number is given once, without a gap (SQLite: BEGIN IMMEDIATE; PostgreSQL: the
    counter row's lock)."""
    from tests.documents.test_numbering_concurrency import _issue_in_parallel
    from tests.factories import make_document, make_user

    with committed_app.app_context():
        seed_reference_data()
        ubnd = _agency("UBND")
        leader = make_user(role=Role.LEADER, agency=ubnd)
        covers = [
            cover.draft_cover(agency=ubnd, period=periods.parse_period(text), today=SIGNED_ON).id
            for text in ("2026-Q1", "2026-6M", "2026-9M")
        ]
        usual = issuers.default_option(ubnd, "THONG_BAO", date(2026, 4, 1))  # the day the helper issues on
        others = [make_document(issuing_agency=ubnd, signer=usual).id for _ in range(5)]
        db.session.commit()
        ubnd_id, leader_id = ubnd.id, leader.id
        db.session.remove()

    assert _issue_in_parallel(committed_app, covers + others, leader_id) == []

    with committed_app.app_context():
        numbers = db.session.scalars(
            sa.select(Document.number).where(Document.issuing_agency_id == ubnd_id).order_by(Document.number)
        ).all()
        assert numbers == list(range(1, len(covers) + len(others) + 1))
        symbols = db.session.scalars(sa.select(Document.number_symbol).where(Document.id.in_(covers))).all()
        assert all(symbol.endswith("/BC-UBND") for symbol in symbols)
        db.session.remove()
