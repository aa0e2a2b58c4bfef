"""The duplicate lookup's index: one respondent's letters in received order.

`find_duplicates` reads the letters against the same respondent within the window, newest first. The
single-column ix_letter_respondent_folded found the respondent's letters but not their order nor the
window: every letter ever written against a common respondent ("UBND xã …") was read and sorted.
(respondent_folded, received_on, id) serves the equality, the window range and the order.

Revision ID: 9e4c2a7b1d53
Revises: c3f7d9e1a5b4
Create Date: 2026-12-06 16:30:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '9e4c2a7b1d53'
down_revision = 'c3f7d9e1a5b4'
branch_labels = None
depends_on = None


def upgrade():
    # Plain CREATE/DROP INDEX (no batch recreate of `letter`): its FTS5 triggers stay as they are.
    op.create_index('ix_letter_respondent_received', 'letter', ['respondent_folded', 'received_on', 'id'])
    op.drop_index('ix_letter_respondent_folded', table_name='letter')


def downgrade():
    op.create_index('ix_letter_respondent_folded', 'letter', ['respondent_folded'])
    op.drop_index('ix_letter_respondent_received', table_name='letter')
