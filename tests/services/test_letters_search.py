"""Duplicate candidates and folded search on the real database (pg_trgm / FTS5), vault mode included."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.deadlines.services import seed_calendar
from petitions.directory.seed import seed_reference_items
from petitions.domain.classification import LetterChannel
from petitions.domain.records import ComplaintSubtype, IdType, LetterType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters.queries import LetterFilters, due_clocks, find_duplicates, list_letters
from petitions.vault.keys import create_key_file
from petitions.vault.services import Identity
from tests.factories import make_agency, make_citizen, make_cleared_user, make_letter, make_user

SUMMARY = "Khiếu nại Quyết định thu hồi đất số 15/QĐ-UBND, mức bồi thường đất nông nghiệp quá thấp"
AGAIN = "Tiếp tục khiếu nại quyết định thu hồi đất 15/QĐ-UBND vì bồi thường đất nông nghiệp thấp"
OTHER = "Kiến nghị sửa chữa đường liên thôn bị sạt lở sau mưa lũ"
RESPONDENT = "UBND xã Hòa Bình"


@pytest.fixture
def env(session):
    seed_calendar()
    seed_reference_items()
    agency = make_agency()
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency)
    with immediate_transactions():
        yield agency, officer


def complaint(agency, officer, *, citizen=None, summary=SUMMARY, respondent=RESPONDENT, received=date(2026, 3, 2)):
    citizen = citizen or make_citizen(agency_id=agency.id)
    return make_letter(
        received_on=received,
        channel=LetterChannel.POST,
        letter_type=LetterType.COMPLAINT,
        complaint_subtype=ComplaintSubtype.ADMINISTRATIVE,
        agency=agency,
        actor=officer,
        citizen_id=citizen.id,
        summary=summary,
        respondent=respondent,
    )


def test_search_artefacts_exist_at_head(env):
    """SQLite: the FTS5 table's triggers; PostgreSQL: pg_trgm and the trigram indexes on the letter's
    folded text. Citizens' names are searched through their word index (citizen_name_key), not trigrams."""
    if db.session.get_bind().dialect.name == "sqlite":
        names = set(db.session.scalars(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        assert {"search_letter_fts_ai", "search_letter_fts_ad", "search_letter_fts_au"} <= names
        assert not {name for name in names if name.startswith("search_citizen")}
        return
    assert db.session.scalar(sa.text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")) == 1
    indexes = set(db.session.scalars(sa.text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")))
    assert {"search_letter_summary_trgm", "search_letter_respondent_trgm"} <= indexes
    assert "search_citizen_name_trgm" not in indexes


def test_same_person_same_matter_is_offered_first_with_reasons(env):
    agency, officer = env
    citizen = make_citizen(agency_id=agency.id, full_name="Nguyễn Văn An", id_type=IdType.CCCD, id_number="079201000123")
    original = complaint(agency, officer, citizen=citizen)
    complaint(agency, officer, summary=OTHER)  # another citizen, another matter
    offers = find_duplicates(
        officer,
        received_on=date(2026, 4, 1),
        summary=AGAIN,
        respondent="UBND xa Hoa Binh",
        full_name="NGUYỄN VĂN AN",
        id_number="0792 0100 0123",
    )
    assert [o.letter.id for o in offers] == [original.id]
    reasons = " | ".join(offers[0].match.reasons)
    assert "Cùng số giấy tờ" in reasons and "Cùng họ tên" in reasons and "Nội dung giống" in reasons


def test_similar_content_needs_the_same_respondent(env):
    agency, officer = env
    complaint(agency, officer, respondent="UBND xã Hòa Lạc")
    offers = find_duplicates(officer, received_on=date(2026, 4, 1), summary=AGAIN, respondent=RESPONDENT)
    assert offers == []


def test_content_match_without_identity_and_closed_letters_included(env):
    agency, officer = env
    original = complaint(agency, officer)
    from petitions.domain.records import LetterStatus
    from petitions.letters.services import record_letter_status

    record_letter_status(original, LetterStatus.FILED, effective_on=date(2026, 3, 20), actor=officer)
    offers = find_duplicates(officer, received_on=date(2026, 4, 1), summary=AGAIN, respondent=RESPONDENT)
    assert [o.letter.id for o in offers] == [original.id]


def test_window_and_scope_limit_the_candidates(env, app, monkeypatch):
    agency, officer = env
    complaint(agency, officer, received=date(2025, 1, 6))
    complaint(make_agency(), None)  # another office's register, registered there
    monkeypatch.setitem(app.config, "LETTER_DUPLICATE_WINDOW_DAYS", 365)
    assert find_duplicates(officer, received_on=date(2026, 4, 1), summary=AGAIN, respondent=RESPONDENT) == []


def test_void_letters_are_not_offered(env):
    from petitions.letters.services import void_letter

    agency, officer = env
    void_letter(complaint(agency, officer), reason="Đăng ký nhầm", actor=officer)
    assert find_duplicates(officer, received_on=date(2026, 4, 1), summary=AGAIN, respondent=RESPONDENT) == []


@pytest.fixture
def encrypted(app, tmp_path, monkeypatch):
    key_file = tmp_path / "keys" / "vault.key"
    create_key_file(key_file)
    monkeypatch.setitem(app.config, "VAULT_MODE", "encrypted")
    monkeypatch.setitem(app.config, "VAULT_KEY_FILE", str(key_file))
    monkeypatch.setitem(app.config, "VAULT_LEGAL_BASIS", "Quyết định số 01/QĐ-BTCD")


def denunciation(agency, officer, identity, summary="Tố cáo cán bộ địa chính xã nhận tiền khi cấp sổ đỏ"):
    return make_letter(
        received_on=date(2026, 3, 2),
        channel=LetterChannel.POST,
        letter_type=LetterType.DENUNCIATION,
        agency=agency,
        actor=officer,
        identity=identity,
        summary=summary,
        respondent="Ông Trần Văn Cán, cán bộ địa chính xã",
    )


def test_vault_mode_matches_denouncer_id_only_for_cleared_users(env, encrypted):
    agency, officer = env
    cleared = make_cleared_user(agency=agency)
    original = denunciation(agency, officer, Identity(full_name="Lê Thị Tố", id_number="079301000555"))
    query = dict(
        received_on=date(2026, 4, 1),
        summary="Báo cáo về việc nấu cơm",
        respondent="Người khác",
        full_name="Lê Thị Tố",
        id_number="079301000555",
    )
    offers = find_duplicates(cleared, **query)
    assert [o.letter.id for o in offers] == [original.id]
    assert "Cùng số giấy tờ tùy thân" in offers[0].match.reasons
    assert find_duplicates(officer, **query) == []  # no clearance: no link between a person and a denunciation


def test_reference_mode_matches_denunciations_by_content_and_respondent_only(env):
    agency, officer = env
    original = denunciation(agency, officer, None)
    offers = find_duplicates(
        officer,
        received_on=date(2026, 4, 1),
        summary="Tố cáo cán bộ địa chính xã nhận tiền của dân khi cấp sổ đỏ",
        respondent="Ông Trần Văn Cán, cán bộ địa chính xã",
        full_name="Lê Thị Tố",
    )
    assert [o.letter.id for o in offers] == [original.id]
    assert offers[0].match.reasons[0].startswith("Nội dung giống")


def test_folded_search_finds_without_accents_and_by_register_number(env):
    agency, officer = env
    first = complaint(agency, officer)
    second = complaint(agency, officer, summary=OTHER, respondent="Sở Giao thông vận tải")
    found = list_letters(officer, LetterFilters(text="boi thuong NÔNG nghiep"))
    assert [letter.id for letter in found.rows] == [first.id]
    assert [x.id for x in list_letters(officer, LetterFilters(text="giao thong")).rows] == [second.id]
    assert [x.id for x in list_letters(officer, LetterFilters(text="2/2026")).rows] == [second.id]


def test_folded_search_finds_the_writers_name_alone_and_with_content_words(env):
    agency, officer = env
    writer = make_citizen(agency_id=agency.id, full_name="Phạm Thị Xuyến")
    theirs = complaint(agency, officer, citizen=writer)
    complaint(agency, officer)  # the same matter from someone else
    other = complaint(agency, officer, citizen=writer, summary=OTHER, respondent="Sở Giao thông vận tải")
    assert {x.id for x in list_letters(officer, LetterFilters(text="pham thi xuyen")).rows} == {theirs.id, other.id}
    # Every word somewhere: two in the writer's name, two in the summary.
    assert [x.id for x in list_letters(officer, LetterFilters(text="xuyen thu hoi")).rows] == [theirs.id]
    assert list_letters(officer, LetterFilters(text="xuyen sat lo")).rows == [other]


@pytest.fixture(params=["dense", "rare"])
def words_taken_as(request, monkeypatch):
    """Every word taken as dense (checked on the rows met) or as rare (driving, or read once): SQLite's
    share of the newest letters, PostgreSQL's size of the word's range of the citizens' word index."""
    from petitions.letters import queries

    dense = request.param == "dense"
    monkeypatch.setattr(queries, "DENSE_SHARE", 0.0 if dense else 2.0)
    monkeypatch.setattr(queries, "WRITER_RANGE_HASHED", 0 if dense else 10**9)
    return request.param


def test_folded_search_gives_the_same_letters_for_common_and_rare_words(env, words_taken_as):
    """SQLite checks a dense word row by row and drives the query from a rare one; PostgreSQL checks the
    writer of a word common among names by key on the letters met and reads a rare word's range once;
    same answers."""
    agency, officer = env
    writer = make_citizen(agency_id=agency.id, full_name="Phạm Thị Xuyến")
    theirs = complaint(agency, officer, citizen=writer)
    complaint(agency, officer)
    other = complaint(agency, officer, citizen=writer, summary=OTHER, respondent="Sở Giao thông vận tải")
    assert {x.id for x in list_letters(officer, LetterFilters(text="pham xuyen")).rows} == {theirs.id, other.id}
    assert [x.id for x in list_letters(officer, LetterFilters(text="xuyen thu hoi")).rows] == [theirs.id]
    assert list_letters(officer, LetterFilters(text="giao thong xuyen")).rows == [other]
    assert list_letters(officer, LetterFilters(text="giao thong khong co")).rows == []


def test_folded_search_follows_a_renamed_writer(env):
    """The citizens' search index follows the record (SQLite: the FTS5 triggers)."""
    agency, officer = env
    writer = make_citizen(agency_id=agency.id, full_name="Đỗ Văn Lâm")
    letter = complaint(agency, officer, citizen=writer)
    writer.full_name = "Đỗ Văn Lộc"
    db.session.flush()
    assert list_letters(officer, LetterFilters(text="do van lam")).rows == []
    assert list_letters(officer, LetterFilters(text="van loc")).rows == [letter]


def test_keyset_pages_cover_every_letter_once(env):
    agency, officer = env
    made = [complaint(agency, officer, received=date(2026, 3, 2 + i % 3)) for i in range(7)]
    seen, cursor = [], None
    while True:
        page = list_letters(officer, LetterFilters(), cursor=cursor, limit=3)
        seen += [x.id for x in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(x.id for x in made) and len(seen) == 7
    assert due_clocks(page.rows)  # the handling clock (D10) is shown in lists


def test_writer_name_search_does_not_reveal_a_writer_outside_the_users_citizen_scope(env, words_taken_as):
    """A liaison sees a letter handed to their agency but not its writer's record (citizen scope): the
    writer's name must not find the letter for them, while its content still does."""
    agency, officer = env
    writer = make_citizen(agency_id=agency.id, full_name="Phạm Thị Xuyến")
    letter = complaint(agency, officer, citizen=writer)
    liaison_agency = make_agency()
    letter.assigned_agency_id = liaison_agency.id
    db.session.flush()
    liaison = make_user(role=Role.LIAISON, agency=liaison_agency)
    assert list_letters(liaison, LetterFilters(text="nong nghiep")).rows == [letter]
    assert list_letters(liaison, LetterFilters(text="pham thi xuyen")).rows == []
    assert list_letters(officer, LetterFilters(text="pham thi xuyen")).rows == [letter]


def test_a_denouncers_exact_name_finds_the_denunciation_only_for_cleared_users(env, encrypted):
    """Encrypted vault: the whole term, folded, against the identities' blind name index, for users with
    identity clearance; anybody else, and any partial name, finds nothing by the denouncer's name."""
    agency, officer = env
    cleared = make_cleared_user(agency=agency)
    letter = denunciation(agency, officer, Identity(full_name="Lê Thị Tố Nga", id_number="079301000555"))
    assert list_letters(cleared, LetterFilters(text="Lê Thị Tố Nga")).rows == [letter]
    assert list_letters(cleared, LetterFilters(text="le thi to nga")).rows == [letter]
    assert list_letters(cleared, LetterFilters(text="le thi to")).rows == []
    assert list_letters(officer, LetterFilters(text="Lê Thị Tố Nga")).rows == []
    assert list_letters(cleared, LetterFilters(text="dia chinh")).rows == [letter]  # its content, for everyone
    assert list_letters(officer, LetterFilters(text="dia chinh")).rows == [letter]
