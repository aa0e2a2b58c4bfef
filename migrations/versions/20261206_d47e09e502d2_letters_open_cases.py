"""Letters belong to cases: every existing letter gets the case (vụ việc) a new registration now opens.

A letter registered as a new matter opens its case, a duplicate joins its original's case, a letter in
an existing matter joins the chosen one (petitions.letters.services.register_letter). Letters registered
before had no case unless a visit handed them in, so "first received" across channels (DOMAIN §6) missed
them. This migration gives them theirs, set-based (no row-by-row loop, so it stays quick at a million
letters), the same on SQLite and PostgreSQL:

  - every letter without a case that is not a duplicate, not void and not anonymous information (which
    opens none) opens a case: its kind (a mixed letter's main content, else KNPA), the summary as title,
    opened on the day the letter was received, in the letter's office, with its OPEN status event;
  - a duplicate without a case joins its original's case (repeated for chains of duplicates);
  - each case and each letter changed writes its history row (reason below), as the services do.

Downgrade keeps the data: the cases are real matters by then, and a letter's case_id column existed
before this revision.

Revision ID: d47e09e502d2
Revises: 5f3b9d1e7a24
Create Date: 2026-12-06 16:30:00.000000

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd47e09e502d2'
down_revision = '5f3b9d1e7a24'
branch_labels = None
depends_on = None

REASON = 'Gắn đơn đã có với vụ việc (chuyển đổi dữ liệu)'
KIND = (
    "CASE WHEN l.letter_type IN ('COMPLAINT', 'DENUNCIATION', 'PETITION') THEN l.letter_type "
    "WHEN l.letter_type = 'MIXED' AND l.main_type IN ('COMPLAINT', 'DENUNCIATION', 'PETITION') THEN l.main_type "
    "ELSE 'PETITION' END"
)


def upgrade():
    bind = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    base = bind.execute(sa.text('SELECT coalesce(max(id), 0) FROM case_file')).scalar() or 0
    bind.execute(sa.text('CREATE TEMPORARY TABLE letter_case_map (letter_id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL)'))
    bind.execute(
        sa.text(
            'INSERT INTO letter_case_map (letter_id, case_id) '
            'SELECT id, :base + ROW_NUMBER() OVER (ORDER BY id) FROM letter '
            "WHERE case_id IS NULL AND duplicate_of_id IS NULL AND is_void = :no AND letter_type <> 'ANONYMOUS'"
        ),
        {'base': base, 'no': False},
    )
    bind.execute(
        sa.text(
            'INSERT INTO case_file (id, case_type, complaint_subtype, status, title, title_folded, opened_on, '
            'agency_in_charge_id, version, created_at, updated_at) '
            f"SELECT m.case_id, {KIND}, CASE WHEN l.letter_type = 'COMPLAINT' THEN l.complaint_subtype END, 'OPEN', "
            'substr(l.summary, 1, 255), substr(l.summary_folded, 1, 255), l.received_on, l.agency_in_charge_id, '
            '1, :now, :now FROM letter_case_map m JOIN letter l ON l.id = m.letter_id'
        ),
        {'now': now},
    )
    if bind.dialect.name == 'postgresql':
        bind.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('case_file', 'id'), (SELECT coalesce(max(id), 1) FROM case_file))")
        )
    bind.execute(
        sa.text(
            'INSERT INTO case_file_status_event (case_file_id, status, effective_on, recorded_at) '
            "SELECT m.case_id, 'OPEN', l.received_on, :now FROM letter_case_map m JOIN letter l ON l.id = m.letter_id"
        ),
        {'now': now},
    )
    bind.execute(
        sa.text(
            'INSERT INTO history_entry (recorded_at, record_type, record_id, action, redacted, reason) '
            "SELECT :now, 'case', case_id, 'create', :no, :reason FROM letter_case_map"
        ),
        {'now': now, 'no': False, 'reason': REASON},
    )
    _history_of_letters('SELECT letter_id, case_id FROM letter_case_map', now)
    bind.execute(
        sa.text(
            'UPDATE letter SET case_id = (SELECT m.case_id FROM letter_case_map m WHERE m.letter_id = letter.id) '
            'WHERE id IN (SELECT letter_id FROM letter_case_map)'
        )
    )
    bind.execute(sa.text('DROP TABLE letter_case_map'))

    # Duplicates join their original's case; a chain needs one round per link.
    joining = (
        'SELECT d.id AS letter_id, o.case_id AS case_id FROM letter d JOIN letter o ON o.id = d.duplicate_of_id '
        'WHERE d.case_id IS NULL AND o.case_id IS NOT NULL'
    )
    for _round in range(20):
        if not bind.execute(sa.text(f'SELECT count(*) FROM ({joining}) j')).scalar():
            break
        _history_of_letters(joining, now)
        bind.execute(
            sa.text(
                'UPDATE letter SET case_id = (SELECT o.case_id FROM letter o WHERE o.id = letter.duplicate_of_id) '
                'WHERE case_id IS NULL AND duplicate_of_id IN (SELECT id FROM letter WHERE case_id IS NOT NULL)'
            )
        )


def _history_of_letters(pairs_sql, now):
    op.get_bind().execute(
        sa.text(
            'INSERT INTO history_entry (recorded_at, record_type, record_id, action, field, old_value, new_value, '
            "redacted, reason) SELECT :now, 'letter', p.letter_id, 'update', 'case_id', NULL, "
            f'CAST(p.case_id AS VARCHAR(20)), :no, :reason FROM ({pairs_sql}) p'
        ),
        {'now': now, 'no': False, 'reason': REASON},
    )


def downgrade():
    pass
