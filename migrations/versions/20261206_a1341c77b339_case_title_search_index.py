"""The case list's title search through an index on PostgreSQL, as the letter search: a GIN trigram index on
case_file.title_folded (`search_` prefixed, ignored by autogenerate, see migrations/env.py). The list's
condition stays `title_folded LIKE '%word%'` (petitions.cases.queries.filtered_cases), which pg_trgm serves:
a word that matches no title is answered from the index instead of a scan of every case. SQLite keeps the scan
(no FTS table for case titles: a small office's database).

Revision ID: a1341c77b339
Revises: d391fdc77a96
Create Date: 2026-12-06 23:59:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a1341c77b339'
down_revision = 'd391fdc77a96'
branch_labels = None
depends_on = None


def _trgm_schema(bind):
    return bind.exec_driver_sql(
        "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    ).scalar()


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        schema = _trgm_schema(bind)  # created by a9c3f1d27b64
        op.execute(f'CREATE INDEX search_case_title_trgm ON case_file USING gin (title_folded "{schema}".gin_trgm_ops)')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS search_case_title_trgm")
