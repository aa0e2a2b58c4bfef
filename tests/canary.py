"""Canary searches: what the database, its files, the upload folder and the logs hold, searched for
personal values in the forms they may take (UTF-8, UTF-16, upper case, folded; inside Excel files
and, through pdftotext, inside PDFs)."""

from __future__ import annotations

import html
import io
import json
import shutil
import subprocess
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from petitions.domain.text import fold_text
from tests.tools import require_tool


def needles(values: Iterable[str]) -> list[bytes]:
    """Each value as UTF-8, UTF-16-LE, upper case and JSON-escaped (a JSON column's text holds
    "Xuy\\u1ebfn", which pg_dump's COPY text writes with a doubled backslash), and its folded form
    (what search columns hold)."""
    texts: list[str] = []
    for value in values:
        texts += [value, fold_text(value)]
    found: list[bytes] = []
    for text in dict.fromkeys(texts):
        found += [text.encode("utf-8"), text.encode("utf-16-le"), text.upper().encode("utf-8")]
        escaped = json.dumps(text)[1:-1]
        found += [escaped.encode("ascii"), escaped.replace("\\", "\\\\").encode("ascii")]  # pg_dump's COPY doubles "\\"
    return list(dict.fromkeys(found))


def readable_forms(data: bytes) -> list[bytes]:
    """The bytes as they are, the members of a zip (xlsx), the text of a PDF (its streams are
    compressed and its glyphs encoded, so raw bytes would never show a name)."""
    forms = [data]
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [archive.read(name) for name in archive.namelist()]
        # A workbook's XML may write a letter as a character reference ("Xuy&#7871;n"): searched unescaped too.
        forms += members + [html.unescape(m.decode("utf-8", "replace")).encode("utf-8") for m in members]
    if data.startswith(b"%PDF"):
        pdftotext = require_tool("pdftotext", "poppler-utils")
        forms.append(subprocess.run([pdftotext, "-", "-"], input=data, capture_output=True, check=True).stdout)
    return forms


def found_in(data: bytes, searched: list[bytes]) -> list[bytes]:
    """The needles that occur in any readable form of the data."""
    forms = readable_forms(data)
    return [needle for needle in searched if any(needle in form for form in forms)]


def database_artefacts(app: Any) -> dict[str, bytes]:
    """What the database keeps on disk: the SQLite file with its -wal and -shm, or a pg_dump of the
    run's PostgreSQL schema. Taken while the app runs it shows the WAL as a server would leave it;
    after disposing of the engine, the file once SQLite has written everything back."""
    database = app.config["TEST_DATABASE"]
    if not database.is_postgres:
        path = Path(make_url(database.url).database)
        files = (path, Path(f"{path}-wal"), Path(f"{path}-shm"))
        return {file.name: file.read_bytes() for file in files if file.exists()}
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.fail("pg_dump is needed to check what PostgreSQL stores")
    url = make_url(database.url)
    result = subprocess.run(
        [pg_dump, "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres",
         f"--schema={database.schema}", url.database or "postgres"],
        check=True,
        capture_output=True,
    )
    return {"pg_dump": result.stdout}


def folder_artefacts(folder: str | Path) -> dict[str, bytes]:
    """Every file under the folder (the uploads: attachments, signed and generated files)."""
    root = Path(folder)
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# Text searches: what a PDF (through pdftotext) or a page says, searched for personal values --------------


def text_forms(text: str) -> tuple[str, ...]:
    """The text NFC-folded and case-folded, with accents stripped, each also without any white space
    (a number broken over two lines still matches)."""
    nfc = unicodedata.normalize("NFC", text).casefold()
    folded = fold_text(text)
    return tuple(dict.fromkeys((nfc, folded, "".join(nfc.split()), "".join(folded.split()))))


def text_hits(text: str, values: Iterable[str]) -> list[str]:
    """The values that occur in the text, in any of text_forms' forms."""
    forms = text_forms(text)
    hits = []
    for value in values:
        wanted = set(text_forms(value))
        if any(w and w in form for w in wanted for form in forms):
            hits.append(value)
    return hits


def pdf_text(pdf: bytes) -> str:
    """A PDF's text as pdftotext extracts it (poppler-utils)."""
    assert pdf.startswith(b"%PDF")
    tool = require_tool("pdftotext", "poppler-utils")
    return subprocess.run([tool, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode("utf-8")


# Answers decoded as a reader sees them: one decoder for the sweeps (tests/security/) -------------------------------


def decoded_text(data: bytes, mimetype: str = "") -> str:
    """The readable text of an answer: a PDF through pdftotext, a workbook's XML members joined (character
    references undone), a MIME message's decoded headers and parts, HTML with its entities undone, JSON with its
    escapes undone, anything else as UTF-8 (a CSV's BOM dropped)."""
    if data.startswith(b"%PDF"):
        return pdf_text(data)
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(
                html.unescape(archive.read(name).decode("utf-8", "replace"))
                for name in sorted(archive.namelist())
                if name.endswith(".xml") and not name.startswith("docProps/")
            )
    if mimetype == "message/rfc822":
        return mime_text(data)
    text = data.decode("utf-8-sig", "replace")
    if mimetype.endswith("json") or text[:1] in "[{":
        try:
            return json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True)
        except ValueError:
            return text
    return html.unescape(text) if mimetype == "text/html" else text


def mime_text(raw: bytes) -> str:
    """A message's headers (RFC 2047 decoded) and every part's decoded body (quoted-printable, base64; a PDF
    attachment through pdftotext), with the attachments' file names."""
    from email import message_from_bytes, policy

    message = message_from_bytes(raw, policy=policy.default)
    parts = [f"{name}: {value}" for name, value in message.items()]
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        if payload.startswith(b"%PDF"):
            parts.append(pdf_text(payload))
        else:
            parts.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
        if part.get_filename():
            parts.append(part.get_filename())
    return "\n".join(parts)
