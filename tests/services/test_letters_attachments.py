"""Attachment files follow their transaction: a rollback removes the file it wrote, a commit keeps it."""

from __future__ import annotations

import pytest

from petitions.extensions import db
from petitions.letters import attachments
from petitions.letters.models import LetterAttachment
from tests.factories import count_rows, make_letter

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def folder(app, session, tmp_path, monkeypatch):
    path = tmp_path / "letters"
    monkeypatch.setitem(app.config, "LETTER_ATTACHMENT_FOLDER", str(path))
    return path


def _stored(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_rollback_removes_the_file_it_wrote(folder):
    letter = make_letter()
    db.session.commit()
    attachment = attachments.add_attachment(letter, filename="scan.pdf", data=PDF, actor=None)
    assert _stored(folder) == [attachment.stored_name]
    db.session.rollback()
    assert _stored(folder) == []
    assert count_rows(LetterAttachment) == 0


def test_commit_keeps_the_file(folder):
    letter = make_letter()
    attachment = attachments.add_attachment(letter, filename="scan.pdf", data=PDF, actor=None)
    db.session.commit()
    db.session.rollback()  # a later, empty rollback must not touch committed files
    assert _stored(folder) == [attachment.stored_name]


def test_rolled_back_savepoint_removes_only_its_file(folder):
    letter = make_letter()
    kept = attachments.add_attachment(letter, filename="kept.pdf", data=PDF, actor=None)
    savepoint = db.session.begin_nested()
    attachments.add_attachment(letter, filename="dropped.pdf", data=PDF, actor=None)
    savepoint.rollback()
    db.session.commit()
    assert _stored(folder) == [kept.stored_name]


def test_released_savepoint_file_goes_when_the_outer_transaction_rolls_back(folder):
    letter = make_letter()
    db.session.commit()
    with db.session.begin_nested():
        attachments.add_attachment(letter, filename="inner.pdf", data=PDF, actor=None)
    db.session.rollback()
    assert _stored(folder) == []


def test_failed_flush_after_writing_leaves_no_file(folder, monkeypatch):
    letter = make_letter()
    db.session.commit()

    def broken_flush(*_args, **_kwargs):
        raise RuntimeError("database went away")

    with monkeypatch.context() as patch:
        patch.setattr(db.session, "flush", broken_flush)
        with pytest.raises(RuntimeError):
            attachments.add_attachment(letter, filename="scan.pdf", data=PDF, actor=None)
    db.session.rollback()
    assert _stored(folder) == []


def test_closing_the_session_without_commit_removes_the_file(app, folder):
    letter = make_letter()
    db.session.commit()
    attachments.add_attachment(letter, filename="scan.pdf", data=PDF, actor=None)
    db.session.close()
    assert _stored(folder) == []
