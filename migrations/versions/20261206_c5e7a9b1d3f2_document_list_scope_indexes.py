"""The document register list for a scope of several agencies (a province or inspectorate leader).

`issuing_agency_id IN (…)` cannot be read in order from the agency-led indexes of b8d2f0a4c6e1, so the
province's first page still read and sorted every document (417 ms in EXPLAIN ANALYZE at 1,000,000
letters, 614,000 documents). These indexes hold the list's sort expressions alone: PostgreSQL walks them
backward or forward, keeps the rows of the scope's agencies and stops after the page (0.3 ms for the
province, 1.4 ms for a four-agency subtree).

PostgreSQL only, like b8d2f0a4c6e1 (see there); listed in migrations/env.py EXPRESSION_INDEXES.

Revision ID: c5e7a9b1d3f2
Revises: b8d2f0a4c6e1
Create Date: 2026-12-06 21:52:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c5e7a9b1d3f2'
down_revision = 'b8d2f0a4c6e1'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("CREATE INDEX ix_document_date ON document (coalesce(issue_date, DATE '9999-12-31'), created_at, id)")
    op.execute(
        'CREATE INDEX ix_document_number ON document '
        '(coalesce(number_year, 2147483647), coalesce(number, 2147483647), id)'
    )
    op.execute('ANALYZE document')


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('DROP INDEX ix_document_number')
    op.execute('DROP INDEX ix_document_date')
