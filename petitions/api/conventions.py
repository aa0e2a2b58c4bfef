"""The API's conventions in one place: versions as ETags and If-Match, keyset pages as JSON.

- A record's ETag is its version (`"v3"`); a read answers it, an update needs it back in If-Match. The version
  check itself is petitions.concurrency's (the pages' one): a stale version answers 412, a missing If-Match 428.
- A list is one keyset page of petitions.paging: `items`, the opaque `next_cursor` (pass it as `after`), and
  the total counted up to the cap when the list counts one.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

from flask import abort, request

from petitions.paging import KeysetPage

F = TypeVar("F")

_VERSION_TAG = re.compile(r"^v([0-9]{1,9})$")


def etag_of(record: Any) -> str:
    return f"v{int(record.version)}"


def tagged(body: Any, record: Any, status: int = 200, **headers: str) -> tuple[Any, int, dict[str, str]]:
    """A record's answer with its version as the ETag (the view's @output schema serialises the body)."""
    return body, status, {"ETag": f'"{etag_of(record)}"', **headers}


def if_match_version() -> int | None:
    """The version an update was based on, from If-Match: 428 without one; None (stale, 412) when it names no
    version this API gave (a weak or foreign tag, or `*`, which proves nothing about what was read)."""
    if not request.headers.get("If-Match", "").strip():
        abort(428)
    tags = request.if_match
    if tags.star_tag:
        return None
    for tag in tags.as_set():
        found = _VERSION_TAG.match(tag or "")
        if found:
            return int(found.group(1))
    return None


def page_json(page: KeysetPage[Any], dump: Any) -> dict[str, Any]:
    return {
        "items": [dump(row) for row in page.rows],
        "next_cursor": page.next_cursor,
        "total": page.total,
        "total_capped": page.total_capped,
    }




def list_filters(filters_type: type[F], query_data: dict[str, Any], **overrides: Any) -> F:
    """A list's filters (the pages' own dataclass) from a query schema whose field names are the dataclass's: the
    values given, the dataclass's defaults for the rest; paging parameters are not filters."""
    names = {field.name for field in dataclasses.fields(filters_type)}  # type: ignore[arg-type]
    given = {name: value for name, value in query_data.items() if name in names}
    return filters_type(**{**given, **overrides})
