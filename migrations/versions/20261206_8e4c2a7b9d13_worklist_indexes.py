"""The home page's worklist: indexes that serve each section's keyset order under the agency scope.

- (status, received_on, id): letters waiting to be assigned (received) or for a leader's approval
  (proposed), oldest first. Status leads because the scope is an `agency + 0 IN (…)` filter on SQLite
  (petitions.directory.queries.in_agency_subtree), which no index serves: the walk runs in the order's
  index and stops after a page; a capped count reads only the status's range.
- (handling_due_on, id): the office's letters due soon or overdue, earliest due first.
- (assigned_officer_id, status, received_on, id) and (assigned_officer_id, handling_due_on, id): an
  officer's own letters. The first replaces the single-column index on the officer (its prefix).

Plain CREATE/DROP INDEX (no batch recreate): the letter table's FTS triggers stay as they are.

Revision ID: 8e4c2a7b9d13
Revises: d47e09e502d2
Create Date: 2026-12-06 16:30:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '8e4c2a7b9d13'
down_revision = 'd47e09e502d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_letter_status_received', 'letter', ['status', 'received_on', 'id'])
    op.create_index('ix_letter_due_id', 'letter', ['handling_due_on', 'id'])
    op.create_index('ix_letter_officer_status', 'letter', ['assigned_officer_id', 'status', 'received_on', 'id'])
    op.create_index('ix_letter_officer_due', 'letter', ['assigned_officer_id', 'handling_due_on', 'id'])
    op.drop_index('ix_letter_assigned_officer_id', table_name='letter')


def downgrade():
    op.create_index('ix_letter_assigned_officer_id', 'letter', ['assigned_officer_id'])
    op.drop_index('ix_letter_officer_due', table_name='letter')
    op.drop_index('ix_letter_officer_status', table_name='letter')
    op.drop_index('ix_letter_due_id', table_name='letter')
    op.drop_index('ix_letter_status_received', table_name='letter')
