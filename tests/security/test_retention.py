"""Retention (issue 25; D11, TT 05/2021 Đ28; README "Destroying filed letters (D11)"): a filed letter past its year
is destroyed through the leader's page, and afterwards nothing of its writer or content is left where the app keeps
or hands out data — the files on disk, the list's exports (CSV and Excel, unzipped), the letter's page, the search —
while its register line and the history row "destroyed by … on …" stay (OWASP ASVS 5.0 V14.2.7 personal data deleted
when its retention is over, V14.2.4 retention applied as the data's protection level says; V16.2.1 the deletion
logged with when, who and what).

The service's own tests (tests/services/test_letter_destruction.py, tests/web/test_letter_destruction.py) check the
rule, the record, the purged columns, the vault and the printed register; this test follows the purge out to the
files and the exports, through the one path (letters.destroy → petitions.letters.destruction.destroy_letters).
"""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import sqlalchemy as sa

from petitions.clock import local_today
from petitions.extensions import db, immediate_transactions
from petitions.history import HistoryEntry
from petitions.letters import handling
from petitions.letters.attachments import add_attachment, attachment_path
from petitions.letters.models import Letter
from tests.canary import folder_artefacts
from tests.factories import log_in
from tests.letters_papers.conftest import complaint, office, seeded, ward  # noqa: F401  (fixtures)

TODAY = local_today()
CANARY = "Canary Lưu Trữ 8841"
FILE_CANARY = b"%PDF-1.4\n% Canary Tep Dinh Kem 8841\n%%EOF\n"


def test_destruction_leaves_no_personal_data_in_files_exports_or_pages(app, seeded, ward, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    monkeypatch.setitem(app.config, "LETTER_ATTACHMENT_FOLDER", str(tmp_path / "letters"))
    ban = office("BTCD")
    with immediate_transactions():
        letter = complaint(ban, ward, received_on=TODAY - timedelta(days=420), letter_dated_on=TODAY - timedelta(days=425),
                           summary=f"Nội dung {CANARY}", respondent=f"Ông {CANARY}", place_text=f"Thôn {CANARY}")
        attachment = add_attachment(letter, filename=f"{CANARY}.pdf", data=FILE_CANARY, actor=ban.officer)
        handling.file_letter(letter, reason="Đơn không đủ điều kiện xử lý", actor=ban.leader,
                             effective_on=TODAY - timedelta(days=400))
    db.session.commit()
    path = attachment_path(attachment)
    writer = "Lê Thị Hằng"  # the writer tests/letters_papers/conftest.py gives the complaint
    assert path.exists() and path.read_bytes() == FILE_CANARY
    client = app.test_client()
    assert log_in(client, ban.leader).status_code == 302
    before = client.post("/exports/letters.csv").get_data(as_text=True)
    assert CANARY in before  # the positive control: the export shows the content until the letter is destroyed

    listed = client.get("/letters/destroy").get_data(as_text=True)
    assert f'value="{letter.id}"' in listed
    done = client.post("/letters/destroy", data={"letter_ids": [str(letter.id)], "confirm": "y"})
    assert done.status_code == 302

    # Files: the attachment is gone from disk; no file left under the folders holds it.
    assert not path.exists()
    left = {**folder_artefacts(tmp_path)}
    assert [name for name, data in left.items() if b"Canary Tep Dinh Kem" in data or CANARY.encode() in data] == []

    # Exports and pages: the register line stays (its number), the writer and the content do not.
    db.session.expire_all()
    kept = db.session.get(Letter, letter.id)
    csv = client.post("/exports/letters.csv?status=destroyed").get_data(as_text=True)
    assert kept.register_label in csv and CANARY not in csv and writer not in csv
    xlsx = client.post("/exports/letters.xlsx?status=destroyed")
    assert xlsx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(xlsx.data)) as book:
        text = "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    assert CANARY not in text and writer not in text
    page = client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert kept.register_label in page and CANARY not in page and writer not in page

    # The audit: one history row per purged field, by the leader, with the record's number, and no value kept.
    rows = list(db.session.scalars(sa.select(HistoryEntry).where(
        HistoryEntry.record_type == "letter", HistoryEntry.record_id == letter.id,
        HistoryEntry.reason.like("Hủy đơn theo biên bản số%"))))
    assert {r.field for r in rows} >= {"status", "summary", "respondent", "place_text", "citizen_id"}
    assert {r.actor_id for r in rows} == {ban.leader.id}
    assert all(CANARY not in f"{r.old_value}{r.new_value}" for r in rows)
    assert ban.leader.full_name in page and f"{TODAY:%d/%m/%Y}" in page  # "destroyed by … on …" on the letter's page
