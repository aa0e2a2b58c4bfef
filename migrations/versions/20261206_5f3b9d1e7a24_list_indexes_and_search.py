"""Lists at national size: the letter's handling due date on its row, keyset indexes per list, search indexes.

- `letter.handling_due_on`: the earliest open D10/D21/D22 due date, kept by the clock services
  (petitions.deadlines.services), so that the overdue and due-date filters are one index range instead
  of a correlated min() over the clocks of every letter. Filled here from the open clocks.
- Composite indexes matching each list's keyset order under the agency scope: letters by
  (agency in charge, received date, id), (agency in charge, register year, number, id) and
  (agency in charge, handling due date); visits by (visit date, id) for users who see the whole tree
  (ix_visit_list serves one agency). The single-column agency indexes they start with are dropped.
- Search artefacts (prefixed `search_`, ignored by autogenerate; see migrations/env.py):
  PostgreSQL: GIN trigram indexes on the letter's folded respondent and the citizen's folded name
  (the folded summary has one since a9c3f1d27b64); SQLite: an external-content FTS5 table with the
  trigram tokenizer over the citizen's folded name, kept in step by triggers, which serves
  `LIKE '%…%'` through the index. A later batch migration that recreates `citizen` on SQLite drops
  these triggers and must replay them (as 7c1e9a4b2d60 does for `letter`).

Revision ID: 5f3b9d1e7a24
Revises: 4b7d2e9c1a35
Create Date: 2026-12-06 10:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5f3b9d1e7a24'
down_revision = '4b7d2e9c1a35'
branch_labels = None
depends_on = None

# petitions.domain.deadlines.HANDLING_RULE_IDS when this revision was written.
HANDLING_RULES = "('D10', 'D21', 'D22')"

CITIZEN_FTS_TRIGGERS = {
    'search_citizen_fts_ai': (
        "CREATE TRIGGER search_citizen_fts_ai AFTER INSERT ON citizen BEGIN "
        "INSERT INTO search_citizen_fts(rowid, full_name_folded) VALUES (new.id, new.full_name_folded); END"
    ),
    'search_citizen_fts_ad': (
        "CREATE TRIGGER search_citizen_fts_ad AFTER DELETE ON citizen BEGIN "
        "INSERT INTO search_citizen_fts(search_citizen_fts, rowid, full_name_folded) "
        "VALUES ('delete', old.id, old.full_name_folded); END"
    ),
    'search_citizen_fts_au': (
        "CREATE TRIGGER search_citizen_fts_au AFTER UPDATE OF full_name_folded ON citizen BEGIN "
        "INSERT INTO search_citizen_fts(search_citizen_fts, rowid, full_name_folded) "
        "VALUES ('delete', old.id, old.full_name_folded); "
        "INSERT INTO search_citizen_fts(rowid, full_name_folded) VALUES (new.id, new.full_name_folded); END"
    ),
}


def _trgm_schema(bind):
    return bind.exec_driver_sql(
        "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    ).scalar()


def upgrade():
    # A plain ADD COLUMN (no batch recreate): the letter table's FTS triggers stay as they are.
    op.add_column('letter', sa.Column('handling_due_on', sa.Date(), nullable=True))
    # One grouped pass over the clocks (a correlated min() per letter makes SQLite walk every open
    # clock through ix_clock_open for each letter). UPDATE … FROM: PostgreSQL, SQLite ≥ 3.33.
    op.execute(
        "UPDATE letter SET handling_due_on = due.earliest FROM ("
        "SELECT record_id, min(due_on) AS earliest FROM clock WHERE record_type = 'letter' "
        "AND rule_id IN " + HANDLING_RULES + " AND closed_at IS NULL AND due_on IS NOT NULL "
        "GROUP BY record_id) AS due WHERE due.record_id = letter.id"
    )
    op.drop_index('ix_letter_agency_in_charge_id', table_name='letter')
    op.create_index('ix_letter_agency_received', 'letter', ['agency_in_charge_id', 'received_on', 'id'])
    op.create_index(
        'ix_letter_agency_register', 'letter', ['agency_in_charge_id', 'register_year', 'register_number', 'id']
    )
    op.create_index('ix_letter_agency_due', 'letter', ['agency_in_charge_id', 'handling_due_on'])
    op.drop_index('ix_visit_agency_id', table_name='visit')
    op.create_index('ix_visit_visited', 'visit', ['visited_on', 'id'])

    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        schema = _trgm_schema(bind)  # created by a9c3f1d27b64
        op.execute(
            f'CREATE INDEX search_letter_respondent_trgm ON letter USING gin (respondent_folded "{schema}".gin_trgm_ops)'
        )
        op.execute(
            f'CREATE INDEX search_citizen_name_trgm ON citizen USING gin (full_name_folded "{schema}".gin_trgm_ops)'
        )
    elif bind.dialect.name == 'sqlite':
        op.execute(
            "CREATE VIRTUAL TABLE search_citizen_fts USING fts5("
            "full_name_folded, content='citizen', content_rowid='id', tokenize='trigram')"
        )
        for statement in CITIZEN_FTS_TRIGGERS.values():
            op.execute(statement)
        op.execute("INSERT INTO search_citizen_fts(search_citizen_fts) VALUES ('rebuild')")


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS search_citizen_name_trgm")
        op.execute("DROP INDEX IF EXISTS search_letter_respondent_trgm")
    elif bind.dialect.name == 'sqlite':
        for name in CITIZEN_FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_citizen_fts")
    op.drop_index('ix_visit_visited', table_name='visit')
    op.create_index('ix_visit_agency_id', 'visit', ['agency_id'])
    op.drop_index('ix_letter_agency_due', table_name='letter')
    op.drop_index('ix_letter_agency_register', table_name='letter')
    op.drop_index('ix_letter_agency_received', table_name='letter')
    op.create_index('ix_letter_agency_in_charge_id', 'letter', ['agency_in_charge_id'])
    # SQLite drops a column by recreating the table, which drops its triggers: replay them.
    triggers = []
    if bind.dialect.name == 'sqlite':
        triggers = [
            row[0]
            for row in bind.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'letter' ORDER BY name"
            )
        ]
    with op.batch_alter_table('letter') as batch_op:
        batch_op.drop_column('handling_due_on')
    for statement in triggers:
        op.execute(statement)
