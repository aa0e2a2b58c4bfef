"""The document register list (/documents/) reads its pages from an index on PostgreSQL.

The list orders by coalesce(issue_date, '9999-12-31'), created_at, id (or by coalesce(number_year, …),
coalesce(number, …), id) under `issuing_agency_id = …` (petitions.documents.queries.SORTS). No index
matched that order, so PostgreSQL read the agency's whole register (171,000 documents of 614,000 in the
1,000,000-letter benchmark database: a parallel sequential scan of the table and a top-N sort) for every
page: 296 ms median. These two expression indexes hold the same expressions as the list's ORDER BY, so a
page is a range of the index read backward (newest first) or forward that stops after its rows.

PostgreSQL only: SQLite matches an expression index only against the same expression with literal
constants (the list binds its sort constants), and cannot reflect one (autogenerate's check). They are
not declared on the model; migrations/env.py keeps autogenerate from dropping them.

Revision ID: b8d2f0a4c6e1
Revises: a9d3e5f7b1c2
Create Date: 2026-12-06 21:55:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b8d2f0a4c6e1'
down_revision = 'a9d3e5f7b1c2'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(
        'CREATE INDEX ix_document_agency_date ON document '
        "(issuing_agency_id, coalesce(issue_date, DATE '9999-12-31'), created_at, id)"
    )
    op.execute(
        'CREATE INDEX ix_document_agency_number ON document '
        '(issuing_agency_id, coalesce(number_year, 2147483647), coalesce(number, 2147483647), id)'
    )
    op.execute('ANALYZE document')


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('DROP INDEX ix_document_agency_number')
    op.execute('DROP INDEX ix_document_agency_date')
