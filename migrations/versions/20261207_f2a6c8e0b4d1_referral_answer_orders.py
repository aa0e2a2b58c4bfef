"""Referral answers by date: indexes for agency performance — a body's answers in a window in answer order (its
drill-down lists), an office's answers in a window (the ranking's grouped count), and the answer date alone for an
office of several agencies matched as `office + 0 IN (...)` on SQLite.

Revision ID: f2a6c8e0b4d1
Revises: 1265b3b63637
Create Date: 2026-12-07 03:50:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f2a6c8e0b4d1'
down_revision = '1265b3b63637'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('referral') as batch_op:
        batch_op.create_index('ix_referral_agency_answer', ['agency_id', 'answer_on', 'id'])
        batch_op.create_index('ix_referral_office_answer', ['office_agency_id', 'answer_on', 'id'])
        batch_op.create_index('ix_referral_answer', ['answer_on', 'id'])


def downgrade():
    with op.batch_alter_table('referral') as batch_op:
        batch_op.drop_index('ix_referral_answer')
        batch_op.drop_index('ix_referral_office_answer')
        batch_op.drop_index('ix_referral_agency_answer')
