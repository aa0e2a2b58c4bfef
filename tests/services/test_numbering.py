"""The one numbering service: sequences per kind, agency and year; blocks; the SQLite write-lock guard; the book."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from petitions.citizens.services import CitizenInput
from petitions.cli import seed_reference_data
from petitions.domain.records import IdType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.numbering import (
    NumberKind,
    RegisterCounter,
    last_number,
    reserve_block,
    reserve_blocks,
    take_number,
)
from tests.factories import make_agency, make_user, make_visit

BOOK = NumberKind.RECEPTION_BOOK


@pytest.fixture
def locked(session):
    """Numbering on SQLite needs the write lock from the start (PostgreSQL ignores the flag)."""
    with immediate_transactions():
        yield session


def test_first_number_of_a_sequence_is_one_and_creates_its_counter(locked):
    agency = make_agency()
    assert take_number(BOOK, agency.id, 2026) == 1
    counter = db.session.scalar(sa.select(RegisterCounter).where(RegisterCounter.agency_id == agency.id))
    assert (counter.kind, counter.year, counter.last_number) == (BOOK, 2026, 1)


def test_numbers_follow_one_another_without_gaps(locked):
    agency = make_agency()
    assert [take_number(BOOK, agency.id, 2026) for _ in range(4)] == [1, 2, 3, 4]
    assert last_number(BOOK, agency.id, 2026) == 4


def test_each_agency_has_its_own_sequence(locked):
    first, second = make_agency(), make_agency()
    take_number(BOOK, first.id, 2026)
    take_number(BOOK, first.id, 2026)
    assert take_number(BOOK, second.id, 2026) == 1
    assert take_number(BOOK, first.id, 2026) == 3


def test_each_year_starts_again_at_one(locked):
    agency = make_agency()
    take_number(BOOK, agency.id, 2026)
    take_number(BOOK, agency.id, 2026)
    assert take_number(BOOK, agency.id, 2027) == 1
    assert take_number(BOOK, agency.id, 2026) == 3


def test_each_kind_is_its_own_sequence(locked):
    agency = make_agency()
    take_number(NumberKind.LETTER_REGISTER, agency.id, 2026)
    take_number(NumberKind.LETTER_REGISTER, agency.id, 2026)
    assert take_number(NumberKind.DOCUMENT_REGISTER, agency.id, 2026) == 1
    assert take_number(BOOK, agency.id, 2026) == 1
    assert take_number(NumberKind.LETTER_REGISTER, agency.id, 2026) == 3


def test_a_reserved_block_continues_the_sequence_and_moves_the_counter(locked):
    agency = make_agency()
    take_number(BOOK, agency.id, 2026)
    block = reserve_block(BOOK, agency.id, 2026, 5)
    assert list(block) == [2, 3, 4, 5, 6]
    assert take_number(BOOK, agency.id, 2026) == 7


def test_blocks_of_several_sequences_at_once_continue_each_and_move_its_counter(locked):
    first, second = make_agency(), make_agency()
    take_number(BOOK, first.id, 2026)
    take_number(BOOK, first.id, 2026)
    blocks = reserve_blocks(BOOK, {(first.id, 2026): 3, (second.id, 2026): 2, (first.id, 2027): 0})
    assert {key: list(block) for key, block in blocks.items()} == {
        (first.id, 2026): [3, 4, 5], (second.id, 2026): [1, 2], (first.id, 2027): [],
    }
    assert take_number(BOOK, first.id, 2026) == 6 and take_number(BOOK, second.id, 2026) == 3
    assert last_number(NumberKind.LETTER_REGISTER, first.id, 2026) == 0  # another kind's counter is untouched
    with pytest.raises(ValueError):
        reserve_blocks(BOOK, {(first.id, 2026): -1})


def test_a_block_on_a_new_sequence_starts_at_one(locked):
    agency = make_agency()
    assert list(reserve_block(BOOK, agency.id, 2030, 3)) == [1, 2, 3]
    assert last_number(BOOK, agency.id, 2030) == 3


def test_an_empty_block_moves_nothing(locked):
    agency = make_agency()
    assert list(reserve_block(BOOK, agency.id, 2026, 0)) == []
    assert take_number(BOOK, agency.id, 2026) == 1
    with pytest.raises(ValueError):
        reserve_block(BOOK, agency.id, 2026, -1)


def test_numbers_used_outside_the_counter_are_stepped_over(locked):
    agency = make_agency()
    take_number(NumberKind.DOCUMENT_REGISTER, agency.id, 2026)
    seen: list[int] = []

    def used_above(last: int) -> set[int]:
        seen.append(last)
        return {2, 3, 5}

    assert take_number(NumberKind.DOCUMENT_REGISTER, agency.id, 2026, used_above=used_above) == 4
    assert seen == [1]  # asked with the counter's last number, read under the lock
    assert take_number(NumberKind.DOCUMENT_REGISTER, agency.id, 2026, used_above=used_above) == 6


def test_a_rolled_back_number_is_given_again(locked):
    agency = make_agency()
    take_number(BOOK, agency.id, 2026)
    savepoint = db.session.begin_nested()
    assert take_number(BOOK, agency.id, 2026) == 2
    savepoint.rollback()
    assert take_number(BOOK, agency.id, 2026) == 2


def test_a_number_is_taken_only_under_each_databases_lock(session, count_statements):
    """SQLite: refused outside the write lock (BEGIN IMMEDIATE). PostgreSQL: the counter row is read
    FOR UPDATE, so a second transaction waits for the first's commit."""
    agency = make_agency()
    if db.engine.dialect.name == "sqlite":
        with pytest.raises(RuntimeError, match="immediate_transactions"):
            take_number(BOOK, agency.id, 2026)
        with pytest.raises(RuntimeError, match="immediate_transactions"):
            reserve_block(BOOK, agency.id, 2026, 3)
        return
    with count_statements() as counted:
        assert take_number(BOOK, agency.id, 2026) == 1
        assert list(reserve_block(BOOK, agency.id, 2026, 3)) == [2, 3, 4]
    reads = [s for s in counted.statements if s.lstrip().startswith("SELECT") and "register_counter" in s]
    assert len(reads) >= 2 and all("FOR UPDATE" in s for s in reads)


# The reception book through register_visit ---------------------------------------------------------


def _visit(agency, officer, number: int):  # type: ignore[no-untyped-def]
    person = CitizenInput(full_name=f"Nguyễn Văn Số {number}", id_type=IdType.CCCD, id_number=f"0012030{number:05d}")
    return make_visit(agency=agency, officer=officer, person=person)


def test_reception_book_numbers_come_from_the_counter(locked):
    seed_reference_data()
    agency = make_agency()
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency)
    # A book migrated with its highest number 9 (or filled by the demo) continues at 10.
    reserve_block(BOOK, agency.id, 2026, 9)
    visits = [_visit(agency, officer, n) for n in range(3)]
    assert [(v.book_year, v.book_number) for v in visits] == [(2026, 10), (2026, 11), (2026, 12)]
    assert last_number(BOOK, agency.id, 2026) == 12
