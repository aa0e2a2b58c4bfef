"""The worklist at 1,000,000 letters: an index of the open letters in date order (partial, covering the
scope's columns on PostgreSQL) for the "handed over to my body" section, and the hand-overs by
(agency_id, letter_id) in place of agency_id alone, so the probe "is this letter handed to my body"
reads the index only.

Revision ID: a9d3e5f7b1c2
Revises: 0fceafb851bd
Create Date: 2026-12-06 21:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a9d3e5f7b1c2'
down_revision = '0fceafb851bd'
branch_labels = None
depends_on = None

OPEN_STATUS_SQL = "status IN ('RECEIVED', 'ASSIGNED', 'PROPOSED', 'APPROVED')"


def upgrade():
    op.create_index(
        'ix_letter_open_received',
        'letter',
        ['received_on', 'id'],
        postgresql_include=['agency_in_charge_id', 'assigned_agency_id', 'case_id', 'is_void'],
        sqlite_where=sa.text(OPEN_STATUS_SQL),
        postgresql_where=sa.text(OPEN_STATUS_SQL),
    )
    op.create_index('ix_letter_handover_agency_letter', 'letter_handover', ['agency_id', 'letter_id'])
    op.drop_index('ix_letter_handover_agency_id', table_name='letter_handover')


def downgrade():
    op.create_index('ix_letter_handover_agency_id', 'letter_handover', ['agency_id'])
    op.drop_index('ix_letter_handover_agency_letter', table_name='letter_handover')
    op.drop_index('ix_letter_open_received', table_name='letter')
