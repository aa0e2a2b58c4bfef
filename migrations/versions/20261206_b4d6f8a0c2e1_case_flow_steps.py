"""Case flow steps with no state of their own: the day the verification report and the result notice were
recorded on case_file (the verification report leaves a case verifying; notifying the result leaves it decided);
each case status event names the transition (petitions.domain.case_flow.CaseEvent) that wrote it.

Revision ID: b4d6f8a0c2e1
Revises: b8c1d2e3f4a5
Create Date: 2026-12-06 22:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b4d6f8a0c2e1'
down_revision = 'b8c1d2e3f4a5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verification_reported_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('result_notified_on', sa.Date(), nullable=True))
    with op.batch_alter_table('case_file_status_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('transition', sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('case_file_status_event', schema=None) as batch_op:
        batch_op.drop_column('transition')
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_column('result_notified_on')
        batch_op.drop_column('verification_reported_on')
