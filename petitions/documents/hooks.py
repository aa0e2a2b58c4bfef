"""What the documents area asks of the areas that own the records documents are linked to, keyed by the
document's record type ("letter", …): what happens when such a document is issued or its signed copy is
attached, how it prints, and which related pages its page links to.

The documents area never imports those areas: each registers its callbacks when it is imported (the
letters area in petitions.letters.handling, petitions.letters.handling_papers and petitions.letters.views),
and the documents area runs them:
- `run_on_issued` inside `issue_document`'s transaction, after the document took its number and date; a
  callback that raises DomainError refuses the issue (nothing of it is kept: the caller rolls back);
- `run_on_signed` inside `attach_signed_pdf`'s transaction, once the signed copy is stored (a chase paper
  queues its notification e-mail carrying that copy: petitions.mail.services.queue_document_mail); a
  callback that raises DomainError refuses the upload in the same way;
- `printed_pdf` when a user prints a document: an area that prints some of its documents itself (a
  handling paper that names a denouncer only for a cleared reader) answers their bytes, None for the rest,
  which the plain renderer prints;
- `related_links` on the document's page: the record's pages the user may open (`Link`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from petitions.documents.models import Document


@dataclass(frozen=True)
class Link:
    """A page related to a document: the record it belongs to, or a print that goes out with it
    (`goes_with`: shown beside the document's own print, e.g. the redacted copy of a forwarded letter)."""

    label: str
    url: str
    goes_with: bool = False


OnIssued = Callable[[Document, Any], None]
OnSigned = Callable[[Document, Any], None]
Printer = Callable[[Document, Any], bytes | None]  # (document, user) → PDF bytes, or None: not mine
Links = Callable[[Document, Any], list[Link]]  # (document, user) → the related pages the user may open

_ON_ISSUED: dict[str, list[OnIssued]] = {}
_ON_SIGNED: dict[str, list[OnSigned]] = {}
_PRINTERS: dict[str, list[Printer]] = {}
_LINKS: dict[str, list[Links]] = {}


def _register(registry: dict[str, list[Any]], record_type: str, callback: Any) -> None:
    callbacks = registry.setdefault(record_type, [])
    if callback not in callbacks:
        callbacks.append(callback)


def on_issued(record_type: str, callback: OnIssued) -> None:
    """Run `callback(document, actor)` whenever a document linked to a `record_type` record is issued.
    Registering the same callback twice keeps one."""
    _register(_ON_ISSUED, record_type, callback)


def _run(registry: dict[str, list[OnIssued]], document: Document, actor: Any) -> None:
    if not document.record_type or document.record_id is None:
        return
    for callback in list(registry.get(document.record_type, ())):
        callback(document, actor)


def run_on_issued(document: Document, actor: Any) -> None:
    """The callbacks of the document's record type, in the order they were registered."""
    _run(_ON_ISSUED, document, actor)


def on_signed(record_type: str, callback: OnSigned) -> None:
    """Run `callback(document, actor)` whenever the signed copy of an issued document linked to a
    `record_type` record is attached. Registering the same callback twice keeps one."""
    _register(_ON_SIGNED, record_type, callback)


def run_on_signed(document: Document, actor: Any) -> None:
    """The on_signed callbacks of the document's record type, in the order they were registered."""
    _run(_ON_SIGNED, document, actor)


def on_print(record_type: str, printer: Printer) -> None:
    """Let `printer(document, user)` print the documents linked to a `record_type` record that it knows
    (it answers None for the others). Registering the same printer twice keeps one."""
    _register(_PRINTERS, record_type, printer)


def printed_pdf(document: Document, user: Any) -> bytes | None:
    """The PDF the record's area prints for this user, or None when no printer of its type takes it."""
    if not document.record_type or document.record_id is None:
        return None
    for printer in list(_PRINTERS.get(document.record_type, ())):
        data = printer(document, user)
        if data is not None:
            return data
    return None


def on_links(record_type: str, callback: Links) -> None:
    """Let `callback(document, user)` list the pages related to a document of a `record_type` record."""
    _register(_LINKS, record_type, callback)


def related_links(document: Document, user: Any) -> list[Link]:
    """Every registered callback's links for the document, in the order they were registered."""
    if not document.record_type or document.record_id is None:
        return []
    return [link for callback in list(_LINKS.get(document.record_type, ())) for link in callback(document, user)]
