"""An officer's due-soon and overdue sections: the agency joins the officer's due-date index,
(assigned_officer_id, agency_in_charge_id, handling_due_on, id), so that for a scope of one agency it
outranks (agency_in_charge_id, handling_due_on) on SQLite (no statistics: the longer equality prefix
wins). With the two tied, SQLite read every overdue letter of the board to find a leader's own: 11–42 ms
at 1,000,000 letters for an empty section.

Revision ID: c3f7d9e1a5b4
Revises: 8e2c4a6f1b93
Create Date: 2026-12-06 17:40:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c3f7d9e1a5b4'
down_revision = '8e2c4a6f1b93'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_letter_officer_due', table_name='letter')
    op.create_index(
        'ix_letter_officer_due', 'letter', ['assigned_officer_id', 'agency_in_charge_id', 'handling_due_on', 'id']
    )


def downgrade():
    op.drop_index('ix_letter_officer_due', table_name='letter')
    op.create_index('ix_letter_officer_due', 'letter', ['assigned_officer_id', 'handling_due_on', 'id'])
