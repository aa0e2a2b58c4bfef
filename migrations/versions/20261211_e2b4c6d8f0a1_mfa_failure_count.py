"""Wrong second-factor codes in a row per account (user_account.mfa_failure_count), counted apart from the
password's failures: the account lock now also bounds TOTP guessing (petitions.auth.services.verify_second_factor).

Revision ID: e2b4c6d8f0a1
Revises: d5f7b9c1e3a6
Create Date: 2026-12-11 21:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e2b4c6d8f0a1'
down_revision = 'd5f7b9c1e3a6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.add_column(sa.Column('mfa_failure_count', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.drop_column('mfa_failure_count')
