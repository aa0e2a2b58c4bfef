"""Referral lists: indexes on the lists' orders alone (sent on; answer due on; status and answered at), for a
body or an office of several agencies, matched as `agency + 0 IN (...)` on SQLite: the planner walks the order's
index and stops after a page instead of sorting the whole subtree's referrals.

Revision ID: d5e8f1a3b6c9
Revises: b7c4e2a9d815
Create Date: 2026-12-07 01:35:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd5e8f1a3b6c9'
down_revision = 'b7c4e2a9d815'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('referral') as batch_op:
        batch_op.create_index('ix_referral_sent', ['sent_on', 'id'])
        batch_op.create_index('ix_referral_due', ['answer_due_on', 'id'])
        batch_op.create_index('ix_referral_status_answered', ['status', 'answered_at', 'id'])


def downgrade():
    with op.batch_alter_table('referral') as batch_op:
        batch_op.drop_index('ix_referral_status_answered')
        batch_op.drop_index('ix_referral_due')
        batch_op.drop_index('ix_referral_sent')
