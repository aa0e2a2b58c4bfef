"""An index on case status events by (status, case_file_id, effective_on), measured at 1,000,000 letters on
SQLite: 01/KQGQ and 03/KQGQ read each case's first acceptance and first closing (four statuses out of fourteen,
about 133,000 of 1,335,000 events); by the case index SQLite walked every event of every case and read each row
for its status (about 420 ms of the forms' bare SQL), by this covering index it reads the four statuses' entries
only (about 70 ms).

Revision ID: 3c5e7a9b1d2f
Revises: b2e4d6f8a0c3
Create Date: 2026-12-07 13:45:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '3c5e7a9b1d2f'
down_revision = 'b2e4d6f8a0c3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_case_file_status_event_status_case', 'case_file_status_event', ['status', 'case_file_id', 'effective_on']
    )


def downgrade():
    op.drop_index('ix_case_file_status_event_status_case', table_name='case_file_status_event')
