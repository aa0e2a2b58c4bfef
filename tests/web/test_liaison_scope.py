"""The acceptance's scoping of the agency workspace: a liaison asking for another body's item, case, file,
export or count — by id in the URL or in a form field — gets 404 (or the form's "not found"); counts never
include other bodies' rows; a liaison never sees a denouncer's identity (workspace pages, the forwarded
paper, the redacted copy)."""

from __future__ import annotations

import io
from datetime import date

import pytest

from petitions.domain.records import LetterType
from petitions.domain.types import Role
from petitions.letters.handling_papers import HandlingPaper
from petitions.referrals.queries import WorkspaceFilters, workspace_page
from petitions.vault.services import Identity
from tests.canary import pdf_text
from tests.factories import make_user
from tests.letters_papers.conftest import (  # noqa: F401  (fixtures)
    agency,
    complaint,
    denunciation,
    office,
    seeded,
    ward,
)
from tests.tools import require_tool
from tests.web.test_referrals import ban, client_of, forward  # noqa: F401  (ban: fixture)

DAY = date(2026, 7, 6)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DENOUNCER = Identity(full_name="Hoàng Thị Xuyến", id_number="022186004321", address="Thôn Đồng Mỏ, xã Tiên Yên",
                     phone="0912345678")


@pytest.fixture
def two_bodies(app, ban, ward):  # noqa: F811
    """One item forwarded to PHG, one denunciation forwarded to XTY (answered, with its file); PHG's liaison."""
    mine = forward(ban, complaint(ban, ward, letter_type=LetterType.PETITION, complaint_subtype=None),
                   HandlingPaper.FORWARD_PETITION, "PHG")
    theirs = forward(ban, denunciation(ban, identity=DENOUNCER), HandlingPaper.FORWARD_DENUNCIATION, "XTY")
    xty = client_of(app, make_user(role=Role.LIAISON, agency=agency("XTY")))
    response = xty.post(f"/workspace/{theirs.id}/answer", content_type="multipart/form-data", data={
        "answer-version": theirs.version, "answer-number": "9/UBND", "answer-answered_on": "2026-08-01",
        "answer-summary": "Đã giải quyết tố cáo", "answer-outcome": "resolved", "answer-file": (io.BytesIO(PDF), "kq.pdf"),
    })
    assert response.status_code == 302
    liaison = make_user(role=Role.LIAISON, agency=agency("PHG"))
    return mine, theirs, liaison, client_of(app, liaison)


def test_another_bodys_item_file_paper_and_acts_are_404_for_a_liaison(two_bodies):
    mine, theirs, _liaison, client = two_bodies
    assert client.get(f"/workspace/{mine.id}").status_code == 200
    for url in (
        f"/workspace/{theirs.id}", f"/workspace/{theirs.id}/answer-file", f"/workspace/{theirs.id}/paper.pdf",
        f"/workspace/{theirs.id}/redacted-copy.pdf", f"/workspace/sent/{theirs.id}", f"/workspace/sent/{mine.id}",
        f"/cases/{theirs.case_file_id}", f"/letters/{theirs.letter_id}", f"/workspace/{2_000_000_000}",
        f"/workspace/{10**20}",
    ):
        assert client.get(url).status_code == 404, url
    for url, data in (
        (f"/workspace/{theirs.id}/acknowledge", {"acknowledge-version": theirs.version}),
        (f"/workspace/{theirs.id}/progress", {"progress-version": theirs.version, "progress-note": "Đang xác minh"}),
        (f"/workspace/{theirs.id}/extension", {"extension-version": theirs.version, "extension-days": "5",
                                                "extension-reason": "Cần thêm thời gian xác minh"}),
    ):
        assert client.post(url, data=data).status_code == 404, url
    # The office's acts are not a liaison's, even on the body's own item.
    assert client.post(f"/workspace/sent/{mine.id}/accept", data={"accept-version": mine.version}).status_code == 403


def test_a_cases_id_in_a_form_field_from_another_body_reads_as_missing(app, two_bodies):
    mine, theirs, _liaison, client = two_bodies
    # The lists' body filter named with another body's id: none of its rows appear, none are counted.
    xty = agency("XTY").id
    for url in (f"/cases/?agency={xty}", f"/letters/?agency={xty}", f"/workspace/?agency={xty}"):
        listing = client.get(url)
        assert listing.status_code == 200, url
        text = listing.get_data(as_text=True)
        assert f"/cases/{theirs.case_file_id}\"" not in text and f"/letters/{theirs.letter_id}\"" not in text, url
        assert f"/workspace/{theirs.id}\"" not in text, url
    # The exports are the office's (the national worklist's CSV): a liaison has none.
    assert client.get("/national/export.csv").status_code in (403, 404)


def test_counts_never_include_other_bodies_rows(app, two_bodies):
    mine, theirs, liaison, client = two_bodies
    with app.test_request_context():
        page = workspace_page(liaison, WorkspaceFilters(), today=date(2026, 12, 7), after=None)
        assert page.total == 1 and [r.id for r in page.rows] == [mine.id]
        overdue = workspace_page(liaison, WorkspaceFilters(overdue=True), today=date(2026, 12, 7), after=None)
        assert overdue.total == 1
    body = client.get("/workspace/").get_data(as_text=True)
    assert "1 kết quả" in body and f"/workspace/{theirs.id}" not in body
    home = client.get("/").get_data(as_text=True)
    assert 'data-count="referrals-open">1<' in home and 'data-count="referrals-review"' not in home


def test_a_liaison_never_sees_the_denouncers_identity(app, ban, ward):  # noqa: F811
    require_tool("pdftotext", "poppler-utils")
    letter = denunciation(ban, identity=DENOUNCER)
    referral = forward(ban, letter, HandlingPaper.FORWARD_DENUNCIATION, "XTY")
    client = client_of(app, make_user(role=Role.LIAISON, agency=agency("XTY")))
    pages = ("/", "/workspace/", f"/workspace/{referral.id}", f"/letters/{letter.id}", f"/cases/{letter.case_id}")
    texts = [client.get(url).get_data(as_text=True) for url in pages]
    for url in (f"/workspace/{referral.id}/paper.pdf", f"/workspace/{referral.id}/redacted-copy.pdf"):
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(pdf_text(response.data))
    for text in texts:
        for secret in (DENOUNCER.full_name, DENOUNCER.id_number, "Thôn Đồng Mỏ", DENOUNCER.phone):
            assert secret not in text
