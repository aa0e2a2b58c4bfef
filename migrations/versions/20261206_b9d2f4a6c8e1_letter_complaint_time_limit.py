"""Letter: what a complaint's time limit is counted from (DOMAIN §5 D12, D13, D16).

The day the complainant received or knew of the decision or act, whether a disciplinary decision is a
dismissal, whether the complainant lives in a remote area (2nd round), and the objective obstacle periods
claimed. The limit itself is a clock row (rule D12, D13 or D16) counted at classification and closed at once.
Existing letters have none of these: empty, false, an empty list.

Revision ID: b9d2f4a6c8e1
Revises: b4d6f8a0c2e1
Create Date: 2026-12-06 23:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b9d2f4a6c8e1'
down_revision = 'b4d6f8a0c2e1'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('letter', sa.Column('decision_known_on', sa.Date(), nullable=True))
    op.add_column('letter', sa.Column('is_dismissal', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('letter', sa.Column('is_remote', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column(
        'letter', sa.Column('time_limit_obstacles', sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
    )


def downgrade():
    op.drop_column('letter', 'time_limit_obstacles')
    op.drop_column('letter', 'is_remote')
    op.drop_column('letter', 'is_dismissal')
    op.drop_column('letter', 'decision_known_on')
