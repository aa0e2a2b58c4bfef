"""The citizen search's word index, instead of the trigram indexes over the folded name.

`citizen_name_key` holds, per citizen, each tail of the folded name that starts at a word ("nguyen van
an", "van an", "an") with the birth year and the whole folded name, under the index (key, birth_year,
name, citizen_id): words typed in order, each the start of a word of the name, are one range of it, a
birth year a filter inside the same index, and the hits are put in name order from it alone. The
trigram indexes (PostgreSQL's pg_trgm GIN over citizen.full_name_folded, SQLite's FTS5 trigram table
search_citizen_fts and its triggers) met the commonest fragments of Vietnamese names (ngu, guy, uye,
yen, van) in most rows and read most of the table for a full name; nothing reads them now, so they go
(and with them their cost on every citizen written).

Existing citizens are backfilled here, 10,000 at a time by id. The rows are derived as
petitions.domain.text.word_starts derives them when this revision was written (copied below: a
migration does not follow later changes of the application's code).

Revision ID: 0fceafb851bd
Revises: e7b3c9d1f5a2
Create Date: 2026-12-06 20:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0fceafb851bd'
down_revision = 'e7b3c9d1f5a2'
branch_labels = None
depends_on = None

BATCH = 10_000

KEY = sa.String(length=200).with_variant(sa.String(length=200, collation='C'), 'postgresql')

CITIZEN_FTS_TRIGGERS = {  # as 5f3b9d1e7a24 made them, for the downgrade
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


def _word_starts(folded):
    words = folded.split(" ") if folded else []
    return dict.fromkeys(" ".join(words[i:]) for i in range(len(words)))


def upgrade():
    keys = op.create_table(
        'citizen_name_key',
        sa.Column('citizen_id', sa.Integer(), nullable=False),
        sa.Column('key', KEY, nullable=False),
        sa.Column('birth_year', sa.Integer(), nullable=True),
        sa.Column('name', KEY, nullable=False),
        sa.ForeignKeyConstraint(
            ['citizen_id'], ['citizen.id'], name=op.f('fk_citizen_name_key_citizen_id_citizen'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('citizen_id', 'key', name=op.f('pk_citizen_name_key')),
        sqlite_with_rowid=False,
    )
    bind = op.get_bind()
    citizen = sa.table('citizen', sa.column('id'), sa.column('full_name_folded'), sa.column('birth_year'))
    last = 0
    while True:
        batch = bind.execute(
            sa.select(citizen.c.id, citizen.c.full_name_folded, citizen.c.birth_year)
            .where(citizen.c.id > last)
            .order_by(citizen.c.id)
            .limit(BATCH)
        ).all()
        if not batch:
            break
        rows = [
            {'citizen_id': row.id, 'key': key, 'birth_year': row.birth_year, 'name': row.full_name_folded}
            for row in batch
            for key in _word_starts(row.full_name_folded)
        ]
        if rows:
            bind.execute(keys.insert(), rows)
        last = batch[-1].id
    # Built once over the filled table rather than row by row.
    op.create_index('ix_citizen_name_key_search', 'citizen_name_key', ['key', 'birth_year', 'name', 'citizen_id'])
    if bind.dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS search_citizen_name_trgm")
        op.execute("ANALYZE citizen_name_key")
    elif bind.dialect.name == 'sqlite':
        for name in CITIZEN_FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_citizen_fts")


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        schema = bind.exec_driver_sql(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
        ).scalar()
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
    op.drop_index('ix_citizen_name_key_search', table_name='citizen_name_key')
    op.drop_table('citizen_name_key')
