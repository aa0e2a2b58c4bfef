"""Referrals an office sent in a window: index (office, sent on) for agency performance's "received" count, which
otherwise reads every referral the office ever sent (118,000 at 1,000,000 letters) to keep a quarter's 3,000.

Revision ID: a9d3f5b7c1e2
Revises: f2a6c8e0b4d1
Create Date: 2026-12-07 04:35:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a9d3f5b7c1e2'
down_revision = 'f2a6c8e0b4d1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('referral') as batch_op:
        batch_op.create_index('ix_referral_office_sent', ['office_agency_id', 'sent_on', 'id'])


def downgrade():
    with op.batch_alter_table('referral') as batch_op:
        batch_op.drop_index('ix_referral_office_sent')
