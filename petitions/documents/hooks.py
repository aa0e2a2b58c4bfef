"""What happens to a record when a document linked to it is issued: callbacks registered by the areas that
own the records, keyed by the document's record type ("letter", …).

The documents area never imports those areas: the letters area registers its callback when it is imported
(petitions.letters.handling), and `issue_document` runs the callbacks inside its own transaction, after the
document took its number and date. A callback that raises DomainError refuses the issue: nothing of it is
kept (the caller rolls back).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from petitions.documents.models import Document

OnIssued = Callable[[Document, Any], None]

_ON_ISSUED: dict[str, list[OnIssued]] = {}


def on_issued(record_type: str, callback: OnIssued) -> None:
    """Run `callback(document, actor)` whenever a document linked to a `record_type` record is issued.
    Registering the same callback twice keeps one."""
    callbacks = _ON_ISSUED.setdefault(record_type, [])
    if callback not in callbacks:
        callbacks.append(callback)


def run_on_issued(document: Document, actor: Any) -> None:
    """The callbacks of the document's record type, in the order they were registered."""
    if not document.record_type or document.record_id is None:
        return
    for callback in list(_ON_ISSUED.get(document.record_type, ())):
        callback(document, actor)
