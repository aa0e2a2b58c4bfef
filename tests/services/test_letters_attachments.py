"""Attachment files follow their transaction: a rollback removes the file it wrote, a commit keeps it; a full disk
leaves nothing; the sweep removes what a crash left."""

from __future__ import annotations

import errno
import os
import time

import pytest

from petitions import storage
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


def test_a_full_disk_refuses_the_file_and_leaves_nothing(folder, monkeypatch):
    """ASVS 5.0 V5.2 (file upload): a write that fails half-way (ENOSPC) keeps no partial file and no row, and is a
    refusal the form shows (StorageFull), not a server error. benchmarks/faults.py disk-full does it on a real disk."""
    letter = make_letter()
    db.session.commit()

    def no_space(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(storage.os, "fsync", no_space)  # after the bytes were written to the temporary file
        with pytest.raises(storage.StorageFull):
            attachments.add_attachment(letter, filename="scan.pdf", data=PDF, actor=None)
    db.session.rollback()
    assert list(folder.iterdir()) == []  # neither the file nor its temporary name
    assert count_rows(LetterAttachment) == 0


def test_the_sweep_deletes_old_files_no_row_names_and_keeps_the_rest(folder):
    """What a crash between a file and its commit leaves (`petitions uploads sweep`): the files no row names and
    the temporary files, once older than a request can take; a named file and a young one stay."""
    letter = make_letter()
    kept = attachments.add_attachment(letter, filename="scan.pdf", data=PDF, actor=None)
    db.session.commit()
    old = time.time() - 120
    for name in ("0123456789abcdef0123456789abcdef.pdf", storage.TEMPORARY_PREFIX + "x1y2"):
        (folder / name).write_bytes(PDF)
        os.utime(folder / name, (old, old))
    os.utime(folder / kept.stored_name, (old, old))
    (folder / "fedcba9876543210fedcba9876543210.pdf").write_bytes(PDF)  # a write still in flight
    swept = storage.sweep(folder, attachments.stored_paths(), min_age_seconds=60)
    assert (swept.checked, swept.orphans, swept.young) == (4, 2, 1)
    assert _stored(folder) == sorted([kept.stored_name, "fedcba9876543210fedcba9876543210.pdf"])
