"""Clock: the changes of a running clock's variants (the case classed complex or remote after acceptance).

Each change (date, variants before and after, reason, due date before) is kept on the clock so that its
explanation says why the due date moved, also after a later pause, extension or calendar change recomputes
it. Existing clocks have had no such change: an empty list.

Revision ID: a8c1e3f5b7d9
Revises: 3ef5bea42de5
Create Date: 2026-12-06 23:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a8c1e3f5b7d9'
down_revision = '3ef5bea42de5'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        'clock', sa.Column('variant_changes', sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
    )


def downgrade():
    op.drop_column('clock', 'variant_changes')
