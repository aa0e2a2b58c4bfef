"""`petitions demo --letters N`: letters of every type, duplicates linked and counted, unique register
numbers consistent with the counters (also when a run continues), clocks, attachments on disk."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from petitions.deadlines.models import Clock
from petitions.directory.models import ReferenceItem
from petitions.domain.calendar_data import CONFIRMED_FIRST_YEAR
from petitions.domain.classification import DuplicateDecision, LetterChannel
from petitions.domain.records import LetterType
from petitions.extensions import db, immediate_transactions
from petitions.letters import attachments
from petitions.letters.models import Letter, LetterAttachment, LetterPart
from petitions.letters.services import LetterInput, register_letter
from petitions.numbering import NumberKind, RegisterCounter
from petitions.reception.models import Visit
from tests.factories import count_rows


@pytest.fixture
def demo(app, runner, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "LETTER_ATTACHMENT_FOLDER", str(tmp_path / "letters"))

    def run(*args):
        result = runner.invoke(args=["demo", *args])
        assert result.exit_code == 0, result.output
        return result.output

    return run


def letters():
    return list(db.session.scalars(sa.select(Letter).order_by(Letter.id)))


def assert_numbers_consistent():
    rows = db.session.execute(
        sa.select(Letter.register_agency_id, Letter.register_year, Letter.register_number)
    ).all()
    assert len(rows) == len(set(rows)), "a register number was given twice"
    by_office_year = Counter((agency, year) for agency, year, _ in rows)
    for counter in db.session.scalars(
        sa.select(RegisterCounter).where(RegisterCounter.kind == NumberKind.LETTER_REGISTER)
    ):
        numbers = sorted(n for a, y, n in rows if (a, y) == (counter.agency_id, counter.year))
        assert numbers == list(range(1, counter.last_number + 1)), "gap or counter out of step"
        assert by_office_year[(counter.agency_id, counter.year)] == counter.last_number


def test_demo_makes_letters_of_every_type_with_duplicates_clocks_and_files(demo, tmp_path):
    output = demo("--letters", "200")
    assert "letters +200" in output
    made = letters()
    assert len(made) == 200
    assert {letter.letter_type for letter in made} == set(LetterType)
    assert LetterChannel.IN_PERSON in {letter.channel for letter in made}
    # Who wrote it: the identity rules of register_letter hold.
    for letter in made:
        if letter.letter_type == LetterType.ANONYMOUS:
            assert letter.citizen_id is None and letter.identity_ref_id is None
        if letter.letter_type == LetterType.DENUNCIATION:
            assert letter.citizen_id is None and letter.identity_ref_id is not None
    # Mixed letters are split into parts with one main content.
    for letter in (x for x in made if x.letter_type == LetterType.MIXED):
        assert sum(part.is_main for part in letter.parts) == 1
        assert letter.main_type == next(part.letter_type for part in letter.parts if part.is_main)
    assert count_rows(LetterPart) >= 2
    # Duplicates point at a first letter, which counts them.
    copies = [x for x in made if x.duplicate_decision == DuplicateDecision.DUPLICATE]
    assert len(copies) >= 10
    counts = Counter(x.duplicate_of_id for x in copies)
    for original_id, count in counts.items():
        original = db.session.get(Letter, original_id)
        assert original.duplicate_of_id is None and original.repeat_count == count
        assert all(x.received_on >= original.received_on for x in copies if x.duplicate_of_id == original_id)
    assert all(x.duplicate_category_item_id is not None for x in copies)
    # Clocks: D10 on every letter received in a confirmed calendar year (most earlier ones cannot be
    # counted: no confirmed calendar), D21 on every denunciation with a D10, never on anonymous information.
    clocks = db.session.execute(sa.select(Clock.record_id, Clock.rule_id)).all()
    d10 = {record for record, rule in clocks if rule == "D10"}
    d21 = {record for record, rule in clocks if rule == "D21"}
    counted = {x.id for x in made if x.received_on.year >= CONFIRMED_FIRST_YEAR}
    assert counted and counted <= d10 <= {x.id for x in made}
    denounced = {x.id for x in made if x.effective_type == LetterType.DENUNCIATION and x.id in d10}
    assert d21 == denounced
    assert not d21 & {x.id for x in made if x.letter_type == LetterType.ANONYMOUS}
    # Visits "with a letter" now point at theirs.
    linked = db.session.scalars(sa.select(Visit).where(Visit.letter_id.is_not(None))).all()
    assert linked and all(db.session.get(Letter, v.letter_id).visit_id == v.id for v in linked)
    # Attachments: valid PDF and PNG files under their generated names.
    files = db.session.scalars(sa.select(LetterAttachment)).all()
    assert {f.content_type for f in files} == {"application/pdf", "image/png"}
    for file in files:
        data = attachments.attachment_path(file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == file.sha256
        assert attachments.sniff(data).content_type == file.content_type
    assert_numbers_consistent()


def test_demo_continues_up_to_n_and_registration_continues(demo, app):
    demo("--letters", "120", "--batch", "100")
    assert count_rows(Letter) == 120
    # A larger N continues from the letters already there; the same N again adds nothing.
    assert "letters +80" in demo("--letters", "200", "--batch", "100")
    assert "nothing added" in demo("--letters", "200")
    assert count_rows(Letter) == 200
    assert_numbers_consistent()
    made = letters()
    latest = max(made, key=lambda x: x.received_on)  # the calendar counts its clocks
    agency_id, year = latest.register_agency_id, latest.register_year
    with immediate_transactions():
        letter = register_letter(
            LetterInput(
                received_on=latest.received_on,
                channel=LetterChannel.POST,
                letter_type=LetterType.PETITION,
                agency_id=agency_id,
                summary="Kiến nghị sau dữ liệu mẫu",
            ),
            actor=None,
        )
    assert letter.register_number == count_rows(
        Letter, Letter.register_year == year, Letter.register_agency_id == agency_id
    )
    assert_numbers_consistent()


def test_demo_eligibility_follows_the_domain_rule(demo):
    """Classified demo letters are judged by TT 05/2021 Đ6 as the classify service judges them: anonymous
    information never eligible, a reason only for the types it applies to, and no "no name or address" on a
    letter whose writer is on record."""
    demo("--letters", "400")
    reasons = dict(
        db.session.execute(
            sa.select(ReferenceItem.id, ReferenceItem.code).where(ReferenceItem.list_code == "ineligibility_reason")
        ).all()
    )
    only_for = {
        "COMPLAINT_INCOMPLETE": LetterType.COMPLAINT,
        "DENUNCIATION_INCOMPLETE": LetterType.DENUNCIATION,
        "PETITION_NO_CONTENT": LetterType.PETITION,
    }
    classified = [x for x in letters() if x.classified_at is not None]
    assert classified
    seen = Counter()
    for letter in classified:
        code = reasons.get(letter.ineligibility_item_id)
        assert (code is None) == bool(letter.is_eligible), (letter.id, letter.is_eligible, code)
        seen[code] += 1
        if letter.letter_type == LetterType.ANONYMOUS:
            assert code == "ANONYMOUS"
            continue
        assert code not in {"ANONYMOUS", "NO_NAME_ADDRESS"}
        if code in only_for:
            assert letter.effective_type == only_for[code], (letter.id, letter.effective_type, code)
    # Most letters are eligible; some are not, for reasons other than anonymity.
    assert seen[None] > len(classified) / 2
    assert set(seen) - {None, "ANONYMOUS"}


def _schema_objects() -> set[str]:
    """The database's index names, and on PostgreSQL its foreign keys' (of the current schema)."""
    if db.session.get_bind().dialect.name == "postgresql":
        query = ("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() UNION ALL "
                 "SELECT conname FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace")
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
    return {name for (name,) in db.session.execute(sa.text(query))}


def test_demo_builds_indexes_and_keys_after_the_load_and_a_stopped_run_gets_them_back(demo, app):
    """The batches are written without the tables' secondary indexes (and foreign keys on PostgreSQL), which
    are built once before the last batch's after-write generators; the command's next start builds any that a
    stopped run left out."""
    from petitions.cli import DEMO_GENERATORS, seed_reference_data
    from petitions.demo import run_demo

    dialect = db.session.get_bind().dialect
    postgres, name = dialect.name == "postgresql", dialect.identifier_preparer.format_constraint
    schema = {name(index) for table in db.metadata.sorted_tables for index in table.indexes}
    if postgres:
        schema |= {name(key) for table in db.metadata.sorted_tables for key in table.foreign_key_constraints}
    assert schema <= _schema_objects()
    seen: list[set[str]] = []
    with immediate_transactions():
        seed_reference_data()
        db.session.commit()
        run_demo(DEMO_GENERATORS, letters=250, batch_size=100, years=1, commit=db.session.commit,
                 after_write=[("probe", lambda batch: seen.append(_schema_objects()) or 0)])
    assert len(seen) == 3
    deferred = {"ix_letter_status_received", "ix_history_entry_record"}
    if postgres:
        deferred |= {"fk_letter_case_id_case_file", "fk_letter_status_event_letter_id_letter"}
    assert not deferred & seen[0] and not deferred & seen[1]
    assert schema <= seen[2]
    assert schema <= _schema_objects()
    # A run stopped between two batches leaves them out; the command builds them on its next start.
    db.session.execute(sa.text("DROP INDEX ix_letter_status_received"))
    db.session.execute(sa.text("DROP INDEX ix_history_entry_record"))
    if postgres:
        db.session.execute(sa.text("ALTER TABLE letter DROP CONSTRAINT fk_letter_case_id_case_file"))
    db.session.commit()
    assert "nothing added" in demo("--letters", "250")
    assert schema <= _schema_objects()


def _demo_tables(processes: int, tmp_path, monkeypatch) -> dict[str, list[tuple]]:
    """Every table's rows after a 350-letter demo in batches of 100 on a database of its own (commits are real)."""
    from petitions import demo as demo_module
    from petitions.cli import DEMO_GENERATORS, seed_reference_data
    from tests.conftest import make_test_app, provision_migrated_database

    monkeypatch.setattr(demo_module, "utcnow", lambda: datetime(2026, 11, 20, 3, 0))
    (tmp_path / str(processes)).mkdir()
    with provision_migrated_database(tmp_path / str(processes)) as database:
        app = make_test_app(database, LETTER_ATTACHMENT_FOLDER=str(tmp_path / f"files{processes}"))
        with app.app_context():
            with immediate_transactions():
                seed_reference_data()
                db.session.commit()
                seeded = {t.name for t in db.metadata.sorted_tables if db.session.scalar(sa.select(sa.func.count()).select_from(t))}
                result = demo_module.run_demo(DEMO_GENERATORS, letters=350, batch_size=100, years=1,
                                              today=date(2026, 11, 20), commit=db.session.commit,
                                              processes=processes)
            assert result.batches == 4 and (result.maker_cpu is not None) == (processes == 2)
            tables = {}
            for table in db.metadata.sorted_tables:
                # The reference data, and the accounts and officials the first batch adds, carry the clock of
                # their models; the attachments a random file name.
                if table.name in seeded or table.name in ("user_account", "agency_official", "letter_attachment"):
                    continue
                columns = [c for c in table.columns if c.name != "updated_at" or table.name != "register_counter"]
                query = sa.select(*columns).order_by(*table.primary_key)
                tables[table.name] = [tuple(row) for row in db.session.execute(query)]
            db.session.remove()
            db.engine.dispose()
        return tables


def test_demo_made_by_a_second_process_writes_the_same_rows(tmp_path, monkeypatch):
    """`--processes 2` (the command's default): the batches after the first are made by a forked process while
    the first writes; the database ends with the same rows as when one process makes and writes each batch."""
    alone = _demo_tables(1, tmp_path, monkeypatch)
    assert sum(len(rows) for rows in alone.values()) > 5000 and len(alone["letter"]) == 350 and alone["document"]
    assert _demo_tables(2, tmp_path, monkeypatch) == alone


class _Direct:
    """Every handling paper built by its builder (what PaperShapes must give)."""

    def render(self, kind, facts, *, contents, receiver, reason, proposer, unit, row, template, late):
        from petitions.letters import demo_handling

        return demo_handling._build(kind, facts, contents=contents, receiver=receiver, reason=reason,
                                    proposer=proposer, unit=unit, row=row)


def test_demo_papers_filled_from_their_shapes_are_the_builders_texts(tmp_path, monkeypatch):
    """The handling papers are rendered once per shape and filled per letter: the document rows (subject, body_data's
    JSON text, recipients, copies) and every other table are what the builders make paper by paper."""
    from petitions.letters import demo_handling

    shapes = demo_handling.PaperShapes()
    monkeypatch.setattr(demo_handling, "_SHAPES", shapes)
    (tmp_path / "shaped").mkdir()
    filled = _demo_tables(1, tmp_path / "shaped", monkeypatch)
    used = [shape for shape in shapes.shapes.values() if shape is not None]
    assert len(used) >= 10 and len(filled["document"]) > 200
    monkeypatch.setattr(demo_handling, "_SHAPES", _Direct())
    (tmp_path / "direct").mkdir()
    assert _demo_tables(1, tmp_path / "direct", monkeypatch) == filled
