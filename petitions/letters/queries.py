"""Letter read helpers: the scoped loader, lists with keyset pagination, folded search, duplicate candidates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import InstrumentedAttribute

from petitions.auth.clearance import has_identity_clearance
from petitions.auth.models import User
from petitions.citizens.models import Citizen
from petitions.citizens.queries import (
    Match,
    find_matches,
    name_key_count,
    name_key_ids,
    name_key_of,
    name_matches,
    name_matches_on_row,
    search_citizens,
    visible_citizens,
)
from petitions.deadlines.models import Clock, RecordType
from petitions.deadlines.queries import current_handling_clocks
from petitions.directory.models import Agency, ReferenceItem
from petitions.directory.queries import in_agency_ancestry, in_agency_subtree, subtree_id_list
from petitions.documents.models import Document
from petitions.documents.queries import visible_documents
from petitions.domain import duplicates
from petitions.domain.reception import PersonKey, clean_id_number
from petitions.domain.records import LetterStatus, LetterType
from petitions.domain.text import fold_text
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.models import Letter, LetterAttachment, LetterHandover, LetterStatusEvent
from petitions.paging import KeysetPage, keyset_page
from petitions.scoping import find_visible, get_visible_or_404, not_restricted, record_scope, scope_agencies
from petitions.vault.services import blind_index, find_refs, normalise_id_number

PAGE_SIZE = 25


def visible_letters(user: User, *, by_agency: bool = True) -> sa.Select[Letter]:
    """Letters this user may see (agency scope, liaison assignment, hand-overs to the user's body,
    restrictions of the linked case).

    `by_agency=False` is for a lookup driven by another key (the writer, the respondent): the same
    rule, with the agency columns written `+ 0` on SQLite so that its planner, which has no statistics,
    does not walk the agency's index instead of the key's (the agency holds a quarter of the table).
    """
    return sa.select(Letter).where(_letter_scope(user, by_agency=by_agency), not_restricted(user, Letter.case_id))


def _letter_scope(user: User, *, by_agency: bool = True) -> sa.ColumnElement[bool]:
    """The agency scope, and the letters another office handed to the user's body (or one below it) for
    advice or verification: those letters only, never the rest of that office's register. The hand-over
    part is added only for a body that holds hand-overs (one probe of a small table), so the lists of every
    other office keep their index paths."""
    in_charge: Any = Letter.agency_in_charge_id
    assigned: Any = Letter.assigned_agency_id
    if not by_agency and _dialect() == "sqlite":
        in_charge, assigned = in_charge + 0, assigned + 0
    scope = record_scope(user, in_charge, assigned)
    if user.role in (Role.ADMIN, Role.LIAISON) or user.agency_id is None:
        return scope
    handed = sa.select(LetterHandover.letter_id).where(
        LetterHandover.agency_id.in_(subtree_id_list(user.agency_id))
    )
    if db.session.scalar(handed.limit(1)) is None:
        return scope
    if _dialect() == "sqlite":
        # An OR of two indexed conditions makes SQLite collect both sides and sort them all (14 ms for a body
        # of 7,500 letters at 100k); `+ 0` keeps it on the list order's index, checking each row against the
        # body's agencies and the hand-overs read once, so a page stops after its rows (0.2 ms).
        own = record_scope(user, Letter.agency_in_charge_id + 0, Letter.assigned_agency_id)
        return sa.or_(own, (Letter.id + 0).in_(handed))
    return sa.or_(scope, Letter.id.in_(handed))


def get_letter_for(user: User, letter_id: int) -> Letter:
    """The letter if the user may see it; 404 otherwise (its existence is not revealed)."""
    return get_visible_or_404(visible_letters(user), letter_id)


def get_letter_document_for(user: User, letter_id: int, document_id: int) -> tuple[Letter, Document]:
    """A document linked to a letter the user may see, if the user may see the document too (its issuing
    body in the user's scope: a paper of a body the letter was handed over to stays in that body's
    register); 404 otherwise."""
    letter = get_letter_for(user, letter_id)
    linked = visible_documents(user).where(Document.record_type == "letter", Document.record_id == letter.id)
    return letter, get_visible_or_404(linked, document_id)


def status_events(letter: Letter) -> list[LetterStatusEvent]:
    """The letter's dated status events, oldest first (each names its transition)."""
    return list(
        db.session.scalars(
            sa.select(LetterStatusEvent).where(LetterStatusEvent.letter_id == letter.id).order_by(LetterStatusEvent.id)
        )
    )


def get_attachment_for(user: User, letter_id: int, attachment_id: int) -> tuple[Letter, LetterAttachment]:
    """An attachment of a letter the user may see; 404 otherwise (also for a removed attachment)."""
    letter = get_letter_for(user, letter_id)
    return letter, get_visible_or_404(visible_attachments(letter), attachment_id)


def visible_attachments(letter: Letter) -> sa.Select[LetterAttachment]:
    """The attachments of a letter already loaded through the scope, removed ones left out."""
    return sa.select(LetterAttachment).where(
        LetterAttachment.letter_id == letter.id, LetterAttachment.is_removed.is_(False)
    )


def list_attachments(letter: Letter) -> list[LetterAttachment]:
    return list(db.session.scalars(visible_attachments(letter).order_by(LetterAttachment.id)))


def letter_clocks(letter: Letter) -> list[Clock]:
    return list(
        db.session.scalars(
            sa.select(Clock)
            .where(Clock.record_type == RecordType.LETTER, Clock.record_id == letter.id)
            .order_by(Clock.id)
        )
    )


# ---------------------------------------------------------------------------------------------------------
# Lists and search
# ---------------------------------------------------------------------------------------------------------


SORTS = ("received_desc", "received_asc", "number_desc", "number_asc")


@dataclass(frozen=True)
class LetterFilters:
    """List filters. All but `text` travel in the query string; `text` is the search term, which
    may hold a person's name, so it travels by POST and the session, never in URLs."""

    text: str = ""
    letter_type: LetterType | None = None
    status: LetterStatus | None = None
    field_item_id: int | None = None
    received_from: date | None = None
    received_to: date | None = None
    due_from: date | None = None
    due_to: date | None = None
    overdue: bool = False
    officer_id: int | None = None
    agency_id: int | None = None
    year: int | None = None
    include_void: bool = False
    sort: str = "received_desc"


def _sort_order(sort: str) -> tuple[Any, ...]:
    """The indexed columns a sort runs on, id last as the tie-breaker, all in the sort's direction."""
    columns: tuple[InstrumentedAttribute[Any], ...]
    if sort in ("number_desc", "number_asc"):
        columns = (Letter.register_year, Letter.register_number, Letter.id)
    else:
        columns = (Letter.received_on, Letter.id)
    if sort.endswith("_desc"):
        return tuple(column.desc() for column in columns)
    return tuple(column.asc() for column in columns)


_REGISTER = re.compile(r"^\s*(\d{1,7})(?:\s*/\s*(\d{4}))?\s*$")


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _fts_query(words: tuple[str, ...], *, prefix: bool, joiner: str) -> str:
    # Folded words are [0-9a-z]+ only, so quoting them is enough to keep FTS5 syntax out.
    return f" {joiner} ".join(f'"{w}"' + ("*" if prefix else "") for w in words)


def text_condition(user: User, text: str) -> sa.ColumnElement[bool] | None:
    """Folded full-text condition: a register number ("12" or "12/2026"), or every word of the term,
    each found in the summary, the respondent or the writer's name. The writer's name is searched only
    among the citizen records the user may see (visible_citizens), so a letter handed to another agency
    does not reveal who wrote it; a denouncer's name is in the vault: a user with identity clearance
    finds a denunciation by the denouncer's whole name (the vault's blind index, encrypted mode only),
    nobody finds it by a part of it.

    PostgreSQL: LIKE on the folded columns, served by their trigram indexes; SQLite: the letters' FTS5
    table (word prefixes). The writer's name on both: the citizens' word index (a word of the name
    starting with the word, citizens.queries.name_matches).
    """
    match = _REGISTER.match(text or "")
    if match:
        condition: sa.ColumnElement[bool] = Letter.register_number == int(match.group(1))
        if match.group(2):
            condition = sa.and_(condition, Letter.register_year == int(match.group(2)))
        return condition
    folded = fold_text(text)
    words = duplicates.search_words(folded, minimum=1, limit=8)
    if not words:
        return None
    if _dialect() == "sqlite":
        condition = _sqlite_words_condition(user, words)
    else:
        condition = sa.and_(
            *(
                sa.or_(
                    Letter.summary_folded.contains(word, autoescape=True),
                    Letter.respondent_folded.contains(word, autoescape=True),
                    _writer_named(user, word),
                )
                for word in words
            )
        )
    denouncers = _denouncer_refs(user, folded)
    if denouncers:
        condition = sa.or_(condition, Letter.identity_ref_id.in_(denouncers))
    return condition


# PostgreSQL: a word whose range of the citizens' word index holds fewer rows than this is read once (a
# hashed IN); a denser one is checked on the letters met, by key.
WRITER_RANGE_HASHED = 500


def _writer_named(user: User, word: str) -> sa.ColumnElement[bool]:
    """PostgreSQL: the letter's writer has a word of the name starting with `word` and is a citizen the
    user may see. Both are checked by key on the letters met (scalar subqueries: PostgreSQL runs them per
    row). An EXISTS or IN here is planned as a choice between a per-row probe and a hash built once, and
    the planner costs that choice over every letter of the scope (it ignores the page's LIMIT), so it
    hashed every citizen of the scope (121,637 for the board at 1,000,000 letters) and the whole range of
    a common word ("thu": 23,124 rows) on every search: 200 ms for a page whose walk reads 132 letters.
    A word rare among names keeps the hashed IN over its range (a few rows), so that a search whose
    words are rare everywhere does not probe every letter of the scope."""
    in_scope = (
        visible_citizens(user).with_only_columns(sa.literal(1)).where(Citizen.id == Letter.citizen_id).scalar_subquery()
    )
    if name_key_count(word, cap=WRITER_RANGE_HASHED) < WRITER_RANGE_HASHED:
        return sa.and_(Letter.citizen_id.in_(name_key_ids(word)), in_scope.is_not(None))
    return sa.and_(name_key_of(word, Letter.citizen_id).is_not(None), in_scope.is_not(None))


def _denouncer_refs(user: User, folded: str) -> list[int]:
    """Vault references whose folded full name is the whole term, for users with identity clearance (the
    same rule as the duplicate lookup); none in reference mode, where no name is stored."""
    if len(folded.split()) < 2 or not has_identity_clearance(user):
        return []
    return [ref.id for ref in find_refs(full_name=folded)]


# SQLite: a word found in at least this share of the newest letters is "dense" (see below).
DENSE_SHARE = 0.02
DENSITY_SAMPLE = 1000


def _word_in_row(word: str) -> sa.ColumnElement[bool]:
    """The FTS5 prefix match of `word`, checked on the row itself: some word of the folded summary or
    respondent starts with it (FTS5 splits folded text at every character outside [0-9a-z])."""
    text = sa.literal(" ") + Letter.summary_folded + sa.literal(" ") + Letter.respondent_folded
    return text.op("GLOB")(f"*[^0-9a-z]{word}*")


def _sqlite_densities(words: tuple[str, ...]) -> tuple[list[float], float]:
    """Each word's share, and all words' share together, among the newest DENSITY_SAMPLE letters: content
    (the same word-prefix test) or the writer's name. An estimate for choosing the plan, read by key in
    one query; it never decides which rows match."""
    sample = db.session.execute(
        sa.select(Letter.summary_folded, Letter.respondent_folded, Citizen.full_name_folded)
        .outerjoin(Citizen, Citizen.id == Letter.citizen_id)
        .order_by(Letter.id.desc())
        .limit(DENSITY_SAMPLE)
    ).all()
    if not sample:
        return [0.0 for _ in words], 0.0
    prefixes = [re.compile(rf"(?:^|[^0-9a-z]){word}") for word in words]
    counts = [0 for _ in words]
    together = 0
    for summary, respondent, name in sample:
        content = f"{summary} {respondent}"
        found = [
            bool(prefix.search(content)) or f" {word}" in f" {name or ''}" for word, prefix in zip(words, prefixes, strict=True)
        ]
        counts = [count + hit for count, hit in zip(counts, found, strict=True)]
        together += all(found)
    return [count / len(sample) for count in counts], together / len(sample)


def _sqlite_words_condition(user: User, words: tuple[str, ...]) -> sa.ColumnElement[bool]:
    """Every word in the FTS5 index of letters (prefix) or in the writer's name (citizens' word index).

    SQLite has no statistics on FTS5 matches, and reading a common word's matches from the index costs
    time in proportion to them (a prefix such as "thu" merges the lists of every word it starts: tens of
    ms at 100k letters, and they grow with the table). So each word's share is estimated on the newest
    letters first. A rare word drives the query (its ids from the indexes, the writer by the word
    index); a dense word is only checked on the rows met: the same prefix test on the row's folded text
    and the writer's record looked up by key. When every word is dense, SQLite walks the list's order
    index and stops after a page. When the words are dense one by one but rare together, the rarest one
    drives anyway, so that the walk does not cover the whole scope.
    """
    shares, together = _sqlite_densities(words)
    dense = [share >= DENSE_SHARE for share in shares]
    if all(dense) and together < DENSE_SHARE:
        dense[shares.index(min(shares))] = False
    conditions = []
    for word, is_dense in zip(words, dense, strict=True):
        if is_dense:
            writer = (
                visible_citizens(user)
                .with_only_columns(sa.literal(1))
                .where(Citizen.id == Letter.citizen_id, name_matches_on_row(word))
                .exists()
            )
            conditions.append((1, sa.or_(_word_in_row(word), writer)))
            continue
        fts = _fts_query((word,), prefix=True, joiner="AND")
        ids = sa.text("SELECT rowid FROM search_letter_fts WHERE search_letter_fts MATCH :q").bindparams(
            sa.bindparam("q", fts, unique=True)
        )
        writers = visible_citizens(user).with_only_columns(Citizen.id).where(name_matches(word))
        conditions.append(
            (0, sa.or_(Letter.id.in_(ids.columns(sa.column("rowid", sa.Integer))), Letter.citizen_id.in_(writers)))
        )
    # Rare words first: SQLite drives from the first condition it can use.
    return sa.and_(*(condition for _dense, condition in sorted(conditions, key=lambda item: item[0])))


def list_letters(
    user: User,
    filters: LetterFilters,
    *,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
    today: date | None = None,
) -> KeysetPage[Letter]:
    """The user's letters in the chosen order (indexed keys only), `limit` per page after the keyset
    `cursor`. `today` decides what is overdue (a handling due date before it)."""
    query, order = letters_select(user, filters, today=today)
    sort = filters.sort if filters.sort in SORTS else "received_desc"
    # A cursor made for another order starts from the top (the list key names the order).
    return keyset_page(query, order, after=cursor, list_key=f"letters:{sort}", size=limit)


def letters_select(user: User, filters: LetterFilters, *, today: date | None) -> tuple[sa.Select[Letter], tuple[Any, ...]]:
    """The letter register's scoped, filtered select and its order, as its page and its export read it."""
    query = visible_letters(user)
    if not filters.include_void:
        query = query.where(Letter.is_void.is_(False))
    if filters.letter_type is not None:
        query = query.where(Letter.letter_type == filters.letter_type)
    if filters.status is not None:
        query = query.where(Letter.status == filters.status)
    if filters.field_item_id is not None:
        query = query.where(Letter.field_item_id == filters.field_item_id)
    if filters.received_from is not None:
        query = query.where(Letter.received_on >= filters.received_from)
    if filters.received_to is not None:
        query = query.where(Letter.received_on <= filters.received_to)
    if filters.officer_id is not None:
        query = query.where(Letter.assigned_officer_id == filters.officer_id)
    if filters.agency_id is not None:
        query = query.where(Letter.agency_in_charge_id == filters.agency_id)
    if filters.year is not None:
        query = query.where(Letter.register_year == filters.year)
    # The handling due date is on the row (kept by the clock services): each filter is an index range.
    if filters.due_from is not None:
        query = query.where(Letter.handling_due_on >= filters.due_from)
    if filters.due_to is not None:
        query = query.where(Letter.handling_due_on <= filters.due_to)
    if filters.overdue:
        query = query.where(Letter.handling_due_on < (today or date.min))
    if filters.text:
        condition = text_condition(user, filters.text)
        if condition is not None:
            query = query.where(condition)
    sort = filters.sort if filters.sort in SORTS else "received_desc"
    return query, _sort_order(sort)


def due_clocks(letters: list[Letter]) -> dict[int, Clock]:
    """The handling clock shown beside each letter of a page (one query for the page)."""
    return current_handling_clocks(RecordType.LETTER, [letter.id for letter in letters], listed=True)


def list_years(user: User) -> list[int]:
    """Registration years that hold letters this user may see, newest first (the year filter).

    Rendered with every list page, so it must not read every letter: the years are found by a loose
    index scan (from the newest year, one probe of ix_letter_register for the year below, as many
    probes as there are years), and each year is kept when one visible letter of it exists, which
    the scoped indexes answer at the first row.
    """
    newest = sa.select(sa.func.max(Letter.register_year).label("year")).cte("letter_years", recursive=True)
    below = (
        sa.select(sa.func.max(Letter.register_year))
        .where(Letter.register_year < newest.c.year)
        .correlate(newest)
        .scalar_subquery()
    )
    years = newest.union_all(sa.select(below).where(newest.c.year.is_not(None)))
    # One visible letter of the year, looked up per year: a scalar subquery with LIMIT is run per row
    # (an EXISTS becomes a semi-join that PostgreSQL answers by reading every letter), and its order
    # on the register index makes both planners walk that index instead of the table.
    one_visible = (
        visible_letters(user)
        .with_only_columns(sa.literal(1))
        .where(Letter.register_year == years.c.year)
        .order_by(Letter.register_year, Letter.register_number)
        .limit(1)
        .correlate(years)
        .scalar_subquery()
    )
    query = (
        sa.select(years.c.year)
        .where(years.c.year.is_not(None), one_visible.is_not(None))
        .order_by(years.c.year.desc())
    )
    return [int(year) for year in db.session.scalars(query)]


def assignable_officers(user: User) -> sa.Select[User]:
    """Active officers of the user's agency subtree: the only ones a letter may be assigned to."""
    if user.agency_id is None:
        return sa.select(User).where(sa.false())
    return sa.select(User).where(
        in_agency_subtree(User.agency_id, user.agency_id),
        User.is_active.is_(True),
        User.role.in_((Role.HANDLER, Role.LEADER, Role.RECEPTION_OFFICER)),
    )


def list_officers(user: User) -> list[User]:
    """Active officers of the user's agency subtree (the assigned-officer filter and assignment)."""
    return list(db.session.scalars(assignable_officers(user).order_by(User.full_name, User.id)))


def visible_users(user: User) -> sa.Select[User]:
    """Accounts whose names a user may see on the records of their scope: those of the user's agency, of the
    agencies below it and of those above it (a leader above may assign a letter of this agency)."""
    if user.agency_id is None:
        return sa.select(User).where(sa.false())
    return sa.select(User).where(
        sa.or_(
            in_agency_subtree(User.agency_id, user.agency_id),
            in_agency_ancestry(User.agency_id, user.agency_id),
        )
    )


def list_scope_agencies(user: User) -> list[Agency]:
    """The user's agency and those below it (the agency filter offers nothing outside the scope)."""
    return scope_agencies(user)


# ---------------------------------------------------------------------------------------------------------
# Existing citizens for the writer (complaints, KNPA, mixed letters; never denunciations)
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitizenCandidates:
    matches: list[Match]  # the same ID number, or name with commune/birth year
    similar: list[Citizen]  # the folded name found anywhere in the citizen's name


def citizen_candidates(user: User, *, full_name: str, id_number: str) -> CitizenCandidates:
    """Citizens in the user's scope who may be the letter's writer, by the citizens area's
    matching (the same rules as the intake screen's lookup)."""
    key = PersonKey(folded_name=fold_text(full_name), id_number=clean_id_number(id_number))
    matches = find_matches(user, key) if (key.folded_name or key.id_number) else []
    shown = {match.citizen.id for match in matches}
    similar = [c for c in search_citizens(user, full_name) if c.id not in shown] if full_name.strip() else []
    return CitizenCandidates(matches, similar[:5])


def letter_writer(user: User, letter: Letter) -> Citizen | None:
    """The letter's writer if the user may see that citizen record (None for no writer or one outside the
    user's scope)."""
    if letter.citizen_id is None:
        return None
    return find_visible(visible_citizens(user), letter.citizen_id)


def assigned_officer(user: User, letter: Letter) -> User | None:
    """The officer the letter is assigned to, among the accounts the user may see (visible_users)."""
    if letter.assigned_officer_id is None:
        return None
    return find_visible(visible_users(user), letter.assigned_officer_id)


def get_writer_citizen(user: User, citizen_id: int) -> Citizen | None:
    """The chosen citizen if the user may see it (and it was not merged into another record)."""
    return find_visible(visible_citizens(user).where(Citizen.merged_into_id.is_(None)), citizen_id)


# ---------------------------------------------------------------------------------------------------------
# Duplicate candidates
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateOffer:
    letter: Letter
    match: duplicates.Match


def duplicate_window_days() -> int:
    return int(current_app.config.get("LETTER_DUPLICATE_WINDOW_DAYS", duplicates.DEFAULT_WINDOW_DAYS))


def find_duplicates(
    user: User,
    *,
    received_on: date,
    summary: str,
    respondent: str,
    full_name: str | None = None,
    id_number: str | None = None,
    letter_type: LetterType | None = None,
    window_days: int | None = None,
    limit: int = 10,
) -> list[DuplicateOffer]:
    """Letters on file that the incoming one may repeat, ranked and explained (closed ones included).

    Signals: the same ID number or folded name of the writer (citizens; for denunciations the vault's
    blind indexes in encrypted mode, and only for users with identity clearance, so that nobody else
    can link a person to a denunciation); similar folded content against the same respondent
    (the respondent's newest letters of the window, ranked by the domain's trigram similarity on both). Void
    letters are never offered. Only letters the user may see, received within the window.
    """
    window = window_days if window_days is not None else duplicate_window_days()
    base = visible_letters(user, by_agency=False).where(
        Letter.is_void.is_(False),
        Letter.received_on >= duplicates.window_start(received_on, window),
        Letter.received_on <= received_on,
    )
    summary_folded, respondent_folded = fold_text(summary), fold_text(respondent)
    name_folded = fold_text(full_name) or None
    number = normalise_id_number(id_number) if id_number else None
    # Candidates are read as (id, folded summary, folded respondent) only; the letters offered are loaded
    # afterwards, `limit` of them (loading every candidate as a Letter was most of the lookup's time).
    found: dict[int, tuple[str, str]] = {}
    by_id: set[int] = set()
    by_name: set[int] = set()
    columns = (Letter.id, Letter.summary_folded, Letter.respondent_folded)

    def take(query: sa.Select[Any], into: set[int] | None = None, limit: int = 50) -> None:
        for letter_id, summary_text, respondent_text in db.session.execute(query.with_only_columns(*columns).limit(limit)):
            found[letter_id] = (summary_text, respondent_text)
            if into is not None:
                into.add(letter_id)

    def by_writer(citizens: sa.Select[Any]) -> sa.Select[Any]:
        # From the writer's records to their letters (ix_letter_citizen_id): `base` keeps SQLite off the
        # agency's index, which made it walk the office's letters of the whole window.
        return base.where(Letter.citizen_id.in_(citizens))

    # Writers who are citizens (complaints, KNPA): the citizen record is in the user's own scope.
    if number:
        # Stored numbers are already cleaned and upper case (citizens.services validates them), so an
        # equality serves it from ix_citizen_id_number; upper() on the column would read every citizen.
        take(by_writer(sa.select(Citizen.id).where(Citizen.id_number == number)), by_id)
    if name_folded:
        take(by_writer(sa.select(Citizen.id).where(Citizen.full_name_folded == name_folded)), by_name)
    # Denouncers: only through the vault's blind indexes, only for cleared users.
    if (name_folded or number) and has_identity_clearance(user):
        refs = find_refs(full_name=full_name, id_number=id_number)
        name_index, id_index = blind_index(full_name=full_name, id_number=id_number)
        for ref in refs:
            ids = set(db.session.scalars(base.with_only_columns(Letter.id).where(Letter.identity_ref_id == ref.id)))
            if id_index is not None and ref.id_index == id_index:
                by_id |= ids
            if name_index is not None and ref.name_index == name_index:
                by_name |= ids
            take(base.where(Letter.id.in_(ids)) if ids else base.where(sa.false()))
    # Similar content against the same respondent: that respondent's letters of the window, newest first,
    # 200 at most (ix_letter_respondent_received), and the domain's similarity decides (duplicates.rank
    # applies the threshold), the same way on both databases. Ranking in SQL instead (pg_trgm similarity()
    # over every letter against a common respondent, "Sở Giáo dục và Đào tạo") cost 240 ms at 1M letters
    # on PostgreSQL; ranking the whole FTS5 table by the summary's words cost 0.5 s at 100k on SQLite.
    if respondent_folded and summary_folded:
        same = base.where(Letter.respondent_folded == respondent_folded)
        take(same.order_by(Letter.received_on.desc(), Letter.id.desc()), limit=200)
    if not found:
        return []
    incoming = duplicates.Incoming(summary_folded, respondent_folded, name_folded, number)
    candidates = [
        duplicates.Candidate(
            letter_id,
            summary_text,
            respondent_text,
            name_folded if letter_id in by_name else None,
            number if letter_id in by_id else None,
        )
        for letter_id, (summary_text, respondent_text) in found.items()
    ]
    ranked = duplicates.rank(incoming, candidates)[:limit]
    letters = {letter.id: letter for letter in db.session.scalars(base.where(Letter.id.in_([m.letter_id for m in ranked])))}
    return [DuplicateOffer(letters[m.letter_id], m) for m in ranked if m.letter_id in letters]


# ---------------------------------------------------------------------------------------------------------
# History in words
# ---------------------------------------------------------------------------------------------------------

_ITEM_FIELDS = ("field_item_id", "ineligibility_item_id", "duplicate_category_item_id")
_USER_FIELDS = ("registered_by_id", "classified_by_id", "voided_by_id", "assigned_officer_id", "entered_by_id")
_AGENCY_FIELDS = ("agency_in_charge_id", "assigned_agency_id", "respondent_agency_id", "competent_agency_id")
_DOCUMENT_FIELDS = ("proposal_document_id",)


def history_names(
    user: User,
    entries: list[Any],
    *,
    user_fields: tuple[str, ...] = _USER_FIELDS,
    agency_fields: tuple[str, ...] = _AGENCY_FIELDS,
    document_fields: tuple[str, ...] = _DOCUMENT_FIELDS,
) -> dict[str, str]:
    """Names for the ids a letter's history stores ("field:id" → label), four queries at most. People are
    named only among the accounts the user may see (visible_users), documents among those the user may see
    (by number, or "Dự thảo" and the subject); another id stays a number. Another record's history (a case:
    petitions.cases.views) names its own id fields."""
    wanted: dict[str, set[int]] = {"item": set(), "user": set(), "agency": set(), "document": set()}
    for entry in entries:
        for value in (entry.old_value, entry.new_value):
            if not (value or "").isdigit():
                continue
            if entry.field in _ITEM_FIELDS:
                wanted["item"].add(int(value))
            elif entry.field in user_fields:
                wanted["user"].add(int(value))
            elif entry.field in agency_fields:
                wanted["agency"].add(int(value))
            elif entry.field in document_fields:
                wanted["document"].add(int(value))
    names: dict[str, str] = {}
    if wanted["item"]:
        items = dict(
            db.session.execute(
                sa.select(ReferenceItem.id, ReferenceItem.label).where(ReferenceItem.id.in_(wanted["item"]))
            ).all()
        )
        names.update({f"{field}:{key}": label for field in _ITEM_FIELDS for key, label in items.items()})
    if wanted["user"]:
        users = dict(
            db.session.execute(
                visible_users(user).with_only_columns(User.id, User.full_name).where(User.id.in_(wanted["user"]))
            ).all()
        )
        names.update({f"{field}:{key}": label for field in user_fields for key, label in users.items()})
    if wanted["agency"]:
        agencies = dict(
            db.session.execute(sa.select(Agency.id, Agency.name).where(Agency.id.in_(wanted["agency"]))).all()
        )
        names.update({f"{field}:{key}": label for field in agency_fields for key, label in agencies.items()})
    if wanted["document"]:
        rows = db.session.execute(
            visible_documents(user)
            .with_only_columns(Document.id, Document.number_symbol, Document.subject)
            .where(Document.id.in_(wanted["document"]))
        ).all()
        names.update(
            {
                f"{field}:{key}": f"{number or _('Dự thảo')} — {subject}"
                for field in document_fields
                for key, number, subject in rows
            }
        )
    return names
