"""Indexes measured at 1,000,000 letters on SQLite (which keeps no statistics here, so it picks among
indexes by their equality prefix):

- the printed letter register: (register_agency_id, received_on, register_year, register_number, id),
  its exact order for an agency's date range; without it a month of the board's register read the
  agency's whole register (300 ms of bare SQL for 2,190 letters);
- a leader's "to assign" / "waiting for approval" when the scope is one agency (`agency = id`):
  (status, agency_in_charge_id, received_on, id); without it SQLite walked the agency's letters by
  date (330 ms for 500 proposed letters). The (status, received_on, id) index stays for scopes of
  several agencies (`agency + 0 IN (…)`, walked in order);
- an officer's own letters: the agency joins the officer's index, (assigned_officer_id, status,
  agency_in_charge_id, received_on, id), so that it outranks the status index above for them.

Revision ID: 9a5d3c1e7f20
Revises: 8e4c2a7b9d13
Create Date: 2026-12-06 16:55:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '9a5d3c1e7f20'
down_revision = '8e4c2a7b9d13'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_letter_register_received',
        'letter',
        ['register_agency_id', 'received_on', 'register_year', 'register_number', 'id'],
    )
    op.create_index('ix_letter_status_agency', 'letter', ['status', 'agency_in_charge_id', 'received_on', 'id'])
    op.drop_index('ix_letter_officer_status', table_name='letter')
    op.create_index(
        'ix_letter_officer_status', 'letter', ['assigned_officer_id', 'status', 'agency_in_charge_id', 'received_on', 'id']
    )


def downgrade():
    op.drop_index('ix_letter_officer_status', table_name='letter')
    op.create_index('ix_letter_officer_status', 'letter', ['assigned_officer_id', 'status', 'received_on', 'id'])
    op.drop_index('ix_letter_status_agency', table_name='letter')
    op.drop_index('ix_letter_register_received', table_name='letter')
