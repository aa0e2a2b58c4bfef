"""Letter attachments: accept scans and decisions (PDF, JPEG, PNG, TIFF) checked by content, strip image
metadata, store outside the web root under random names. Flushes; the caller commits.

Rules:
  - the size limit is LETTER_ATTACHMENT_MAX_BYTES (the view answers 413 above it; Flask's
    MAX_CONTENT_LENGTH bounds the whole request);
  - the type is decided by the file's first bytes against an allow-list, never by its name or the
    browser's Content-Type; the name's extension must agree with the content;
  - names with path parts, control characters or reserved forms are refused (a name is only shown,
    never used as a path);
  - images are decoded and re-encoded by Pillow without EXIF/XMP/comments (a photo of a letter can
    carry GPS position and the phone's owner); PDFs are stored as received and are only ever served
    as downloads under `Content-Security-Policy: sandbox`;
  - a file is written whole or not at all (a full disk is a clean refusal), and a file written during a
    transaction that is then rolled back is removed again, so the storage never keeps a file no row points at;
    a crash between the file and the commit leaves one, which `petitions uploads sweep` deletes
    (petitions.storage).
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Response, abort, current_app, send_file
from sqlalchemy.orm import Session, SessionTransaction

from petitions.domain.letter_flow import check_not_destroyed
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.models import Letter, LetterAttachment
from petitions.storage import delete_files, write_file

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class AttachmentRefused(DomainError):
    """The file is not an accepted scan or decision."""


class AttachmentTooLarge(DomainError):
    """The file is over the size limit (the view answers 413)."""


@dataclass(frozen=True)
class Kind:
    content_type: str
    extensions: tuple[str, ...]
    image_format: str | None  # Pillow's format name for images; None for PDF


PDF = Kind("application/pdf", (".pdf",), None)
JPEG = Kind("image/jpeg", (".jpg", ".jpeg"), "JPEG")
PNG = Kind("image/png", (".png",), "PNG")
TIFF = Kind("image/tiff", (".tif", ".tiff"), "TIFF")

# (magic prefix, kind): the allow-list.
_MAGIC: tuple[tuple[bytes, Kind], ...] = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
)

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def max_bytes() -> int:
    return int(current_app.config.get("LETTER_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def storage_dir() -> Path:
    """LETTER_ATTACHMENT_FOLDER, else UPLOAD_FOLDER/letters: never under the static folder."""
    configured = current_app.config.get("LETTER_ATTACHMENT_FOLDER")
    path = Path(configured) if configured else Path(current_app.config["UPLOAD_FOLDER"]) / "letters"
    path = path.resolve()
    static = Path(current_app.static_folder or "").resolve()
    if path == static or static in path.parents:
        raise RuntimeError("Attachments must be stored outside the web root (static folder).")
    return path


def check_name(name: str) -> str:
    """The name as shown to users (NFC), or AttachmentRefused for a path or a trick."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name or len(name) > 200:
        raise AttachmentRefused("Tên tệp không hợp lệ.")
    if any(ch in name for ch in "/\\\x00") or ".." in name or name.startswith("."):
        raise AttachmentRefused("Tên tệp không được chứa đường dẫn.")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise AttachmentRefused("Tên tệp chứa ký tự điều khiển.")
    stem = name.rsplit(".", 1)[0].lower()
    if stem in _RESERVED or name.endswith((" ", ".")):
        raise AttachmentRefused("Tên tệp không hợp lệ.")
    return name


def sniff(data: bytes) -> Kind:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    raise AttachmentRefused("Chỉ nhận tệp PDF, JPEG, PNG hoặc TIFF (kiểm tra theo nội dung tệp).")


def _reencode(data: bytes, kind: Kind) -> bytes:
    """Decode and re-encode an image without its metadata; refuses what Pillow cannot read safely."""
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != kind.image_format:
                    raise AttachmentRefused("Nội dung tệp ảnh không đúng định dạng.")
                frames = []
                for index in range(getattr(image, "n_frames", 1)):
                    image.seek(index)
                    frame = ImageOps.exif_transpose(image.copy())  # keep the page upright, then drop EXIF
                    frame.info.clear()
                    frames.append(frame)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        raise AttachmentRefused("Ảnh quá lớn để xử lý an toàn.") from bomb
    except (OSError, SyntaxError, ValueError) as broken:
        raise AttachmentRefused("Tệp ảnh bị hỏng hoặc không đọc được.") from broken
    out = io.BytesIO()
    first = frames[0]
    if kind is JPEG:
        if first.mode not in ("RGB", "L"):
            first = first.convert("RGB")
        first.save(out, "JPEG", quality=90, optimize=True)
    elif kind is PNG:
        first.save(out, "PNG", optimize=True)
    else:
        first.save(
            out, "TIFF", compression="tiff_deflate", save_all=len(frames) > 1, append_images=frames[1:]
        )
    return out.getvalue()


@dataclass(frozen=True)
class StoredFile:
    """A file accepted and written to the storage: what its LetterAttachment row records."""

    original_name: str
    stored_name: str
    content_type: str
    size_bytes: int
    sha256: str


def store_file(*, filename: str, data: bytes) -> StoredFile:
    """Check, clean and write one file under a random name; the file is removed again if the current
    transaction does not commit (petitions.storage). The caller inserts the row."""
    if len(data) > max_bytes():
        raise AttachmentTooLarge(f"Tệp vượt quá giới hạn {max_bytes() // (1024 * 1024)} MB.")
    name = check_name(filename)
    if not data:
        raise AttachmentRefused("Tệp rỗng.")
    kind = sniff(data)
    extension = os.path.splitext(name)[1].lower()
    if extension not in kind.extensions:
        raise AttachmentRefused("Phần mở rộng của tên tệp không khớp với nội dung tệp.")
    if kind.image_format is not None:
        data = _reencode(data, kind)
    stored_name = secrets.token_hex(16) + kind.extensions[0]
    # Whole or not at all, never over another file; removed again if the transaction does not commit; a full
    # disk is a StorageFull refusal (petitions.storage).
    write_file(storage_dir() / stored_name, data)
    return StoredFile(name, stored_name, kind.content_type, len(data), hashlib.sha256(data).hexdigest())


def add_attachment(letter: Letter, *, filename: str, data: bytes, actor: Any) -> LetterAttachment:
    """Check, clean and store one file for the letter; returns the row (flushed). A destroyed letter takes none."""
    check_not_destroyed(letter.status, "đính kèm tệp")
    stored = store_file(filename=filename, data=data)
    with history_context(actor=actor, reason="Đính kèm tệp"):
        attachment = LetterAttachment(
            letter_id=letter.id,
            original_name=stored.original_name,
            stored_name=stored.stored_name,
            content_type=stored.content_type,
            size_bytes=stored.size_bytes,
            sha256=stored.sha256,
            uploaded_by_id=getattr(actor, "id", None),
        )
        db.session.add(attachment)
        db.session.flush()
    return attachment


def download_response(attachment: LetterAttachment) -> Response:
    """The file as a download only (never rendered inline), sandboxed, not cached; 404 when the file is gone.
    The caller loaded the attachment through the user's scope."""
    try:
        data = attachment_path(attachment).read_bytes()
    except FileNotFoundError:
        abort(404)
    response = send_file(
        io.BytesIO(data), mimetype=attachment.content_type, as_attachment=True, download_name=attachment.original_name
    )
    response.headers["Content-Security-Policy"] = "sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def stored_paths() -> set[Path]:
    """Every stored file a row names (removed attachments included: the register keeps them), for the sweep."""
    directory = storage_dir()
    return {(directory / name).resolve() for name in db.session.scalars(sa.select(LetterAttachment.stored_name))}


def attachment_path(attachment: LetterAttachment) -> Path:
    path = (storage_dir() / attachment.stored_name).resolve()
    if path.parent != storage_dir():
        raise FileNotFoundError(attachment.stored_name)
    return path


_UNLINK_KEY = "letters.unlink_after_commit"


def unlink_after_commit(path: Path) -> None:
    """Delete this stored file once the outermost transaction commits (a destroyed letter's attachment): a
    transaction that ends otherwise keeps it, as it keeps the row that names it."""
    db.session.info.setdefault(_UNLINK_KEY, []).append(path)


@sa.event.listens_for(Session, "after_commit")
def _unlink_committed(session: Session) -> None:
    if session.get_nested_transaction() is None:  # a released savepoint is not the commit
        delete_files(session.info.pop(_UNLINK_KEY, []))


@sa.event.listens_for(Session, "after_transaction_end")
def _keep_uncommitted(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None and not transaction.nested:
        session.info.pop(_UNLINK_KEY, None)


def remove_attachment(attachment: LetterAttachment, *, actor: Any) -> None:
    """Hide an attachment from the letter; the file stays, as the register keeps what it received."""
    with history_context(actor=actor, reason="Gỡ tệp đính kèm"):
        attachment.is_removed = True
        db.session.flush()
