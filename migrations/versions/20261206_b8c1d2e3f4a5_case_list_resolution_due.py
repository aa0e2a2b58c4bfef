"""The case list: case_file.resolution_due_on (the earliest open resolution clock's due date, a projection kept
by petitions.deadlines.services.refresh_resolution_due) and the indexes of the list's two orders, filled from
the open clocks of existing cases.

Revision ID: b8c1d2e3f4a5
Revises: a8c1e3f5b7d9
Create Date: 2026-12-06 22:55:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b8c1d2e3f4a5'
down_revision = 'a8c1e3f5b7d9'
branch_labels = None
depends_on = None

RESOLUTION_RULES = ("D15", "D17", "D19", "D24", "D26")


def upgrade():
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resolution_due_on', sa.Date(), nullable=True))
        batch_op.create_index('ix_case_file_agency_opened', ['agency_in_charge_id', 'opened_on', 'id'], unique=False)
        batch_op.create_index('ix_case_file_agency_due', ['agency_in_charge_id', 'resolution_due_on', 'id'], unique=False)
        batch_op.create_index('ix_case_file_opened_id', ['opened_on', 'id'], unique=False)
        batch_op.create_index('ix_case_file_due_id', ['resolution_due_on', 'id'], unique=False)
    rules = ", ".join(f"'{rule}'" for rule in RESOLUTION_RULES)
    op.execute(
        "UPDATE case_file SET resolution_due_on = ("
        "SELECT min(clock.due_on) FROM clock WHERE clock.record_type = 'case' AND clock.record_id = case_file.id "
        f"AND clock.rule_id IN ({rules}) AND clock.closed_at IS NULL AND clock.due_on IS NOT NULL)"
    )


def downgrade():
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_index('ix_case_file_due_id')
        batch_op.drop_index('ix_case_file_opened_id')
        batch_op.drop_index('ix_case_file_agency_due')
        batch_op.drop_index('ix_case_file_agency_opened')
        batch_op.drop_column('resolution_due_on')
