"""Organisations handled by a denunciation's conclusion: what it orders (case_outcome.discipline_orgs) and what was
done (case_outcome.disciplined_orgs, case_implementation_entry.disciplined_orgs), for 04/KQGQ (19). Existing rows
order and did none (server default 0).

Revision ID: 4d6f8a0c2e1b
Revises: 3c5e7a9b1d2f
Create Date: 2026-12-08 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '4d6f8a0c2e1b'
down_revision = '3c5e7a9b1d2f'
branch_labels = None
depends_on = None

COLUMNS = (("case_outcome", "discipline_orgs"), ("case_outcome", "disciplined_orgs"),
           ("case_implementation_entry", "disciplined_orgs"))


def upgrade():
    for table, column in COLUMNS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column(column, sa.Integer(), server_default='0', nullable=False))


def downgrade():
    for table, column in reversed(COLUMNS):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(column)
