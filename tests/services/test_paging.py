"""The one keyset pager (petitions/paging.py): every row once in any order, opaque cursors, capped totals."""

from __future__ import annotations

import base64
import json

import pytest
import sqlalchemy as sa

from petitions import paging
from petitions.directory.models import Agency
from petitions.extensions import db
from petitions.paging import decode_cursor, encode_cursor, keyset_page
from tests.factories import make_agency

NAMES = ["Bình", "An", "Bình", "Chi", "An", "Bình", "Dũng"]


@pytest.fixture
def agencies(app, session):  # type: ignore[no-untyped-def]
    with app.test_request_context():
        made = [make_agency(name=name, code=f"PG{index}") for index, name in enumerate(NAMES)]
        yield made


def _mine(agencies):  # type: ignore[no-untyped-def]
    return sa.select(Agency).where(Agency.id.in_([a.id for a in agencies]))


def _all_pages(query, order, list_key, size=2):  # type: ignore[no-untyped-def]
    seen, cursor, first = [], None, True
    while True:
        page = keyset_page(query, order, after=cursor, list_key=list_key, size=size)
        assert page.is_first == first
        seen += [row.id for row in page.rows]
        cursor, first = page.next_cursor, False
        if cursor is None:
            return seen


@pytest.mark.parametrize(
    ("order", "key", "reverse"),
    [
        (lambda: (Agency.name.asc(), Agency.id.asc()), lambda a: (a.name, a.id), False),
        (lambda: (Agency.name.desc(), Agency.id.desc()), lambda a: (a.name, a.id), True),
        # Mixed directions take the expanded OR form instead of a row-value comparison.
        (lambda: (Agency.name.desc(), Agency.id.asc()), lambda a: (_desc(a.name), a.id), False),
    ],
)
def test_pages_cover_every_row_once_in_the_order(agencies, order, key, reverse):
    expected = [a.id for a in sorted(agencies, key=key, reverse=reverse)]
    assert _all_pages(_mine(agencies), order(), "test:agencies") == expected


def _desc(text: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in text) + (0,)


@pytest.mark.parametrize("cursor", ["garbage", "%%%", "", base64.urlsafe_b64encode(b'["test:agencies", 1]').decode()])
def test_a_tampered_or_unsigned_cursor_starts_from_the_top(agencies, cursor):
    page = keyset_page(_mine(agencies), (Agency.id,), after=cursor, list_key="test:agencies", size=3)
    assert page.is_first and [a.id for a in page.rows] == sorted(a.id for a in agencies)[:3]


def test_a_cursor_of_another_list_starts_from_the_top(agencies):
    cursor = encode_cursor("letters:received_desc", agencies[2].id)
    assert decode_cursor(cursor, "test:agencies") is None
    assert decode_cursor(cursor, "letters:received_desc") == agencies[2].id


def test_the_cursor_names_no_sort_value(agencies):
    """Only the list and the last row's id travel: no name (a citizen's, here an agency's) in the URL."""
    page = keyset_page(_mine(agencies), (Agency.name, Agency.id), after=None, list_key="test:agencies", size=2)
    payload = page.next_cursor.split(".")[0]
    decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert decoded == ["test:agencies", page.rows[-1].id]


def test_a_cursor_on_a_row_that_is_gone_starts_from_the_top(agencies):
    gone = make_agency(name="Tạm", code="PGX")
    cursor = encode_cursor("test:agencies", gone.id)
    db.session.delete(gone)
    db.session.flush()
    page = keyset_page(_mine(agencies), (Agency.id,), after=cursor, list_key="test:agencies", size=50)
    assert page.is_first and len(page.rows) == len(agencies)


def test_the_total_is_counted_up_to_the_cap(agencies, monkeypatch):
    page = keyset_page(_mine(agencies), (Agency.id,), after=None, list_key="t", size=2, count_total=True)
    assert (page.total, page.total_capped) == (len(agencies), False)
    monkeypatch.setattr(paging, "TOTAL_CAP", 5)
    page = keyset_page(_mine(agencies), (Agency.id,), after=None, list_key="t", size=2, count_total=True)
    assert (page.total, page.total_capped) == (5, True)


def test_chunks_read_every_row_once(agencies):
    chunks = list(paging.keyset_chunks(_mine(agencies), (Agency.name, Agency.id), size=3))
    assert [len(chunk) for chunk in chunks] == [3, 3, 1]
    assert [a.id for chunk in chunks for a in chunk] == [a.id for a in sorted(agencies, key=lambda a: (a.name, a.id))]
