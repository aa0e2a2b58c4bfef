"""Reception: due dates read from the clocks; the copies on visits and sessions are dropped.

The visit's D7 (answer_due_on, answer_due_explanation) and D6 (refusal_notice_due_on) and the
session's D1 (publish_by) were copies of their clocks' due dates that petitions.deadlines wrote into
reception's tables. Reception now reads them from the clock table, so the copies go.

A visit or session saved before reception used clocks has no clock until
`petitions deadlines open-reception-clocks` opens it (it counts the same dates again from the visit
or session day). The downgrade puts the columns back and fills them from the open clocks.

Plain ALTER TABLE on both databases (SQLite 3.35+ drops a column in place), so no table is recreated.

Revision ID: d2f4a6c8e0b1
Revises: b3e5d7f9a1c2
Create Date: 2026-12-06 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd2f4a6c8e0b1'
down_revision = 'b3e5d7f9a1c2'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column('visit', 'answer_due_on')
    op.drop_column('visit', 'answer_due_explanation')
    op.drop_column('visit', 'refusal_notice_due_on')
    op.drop_column('reception_session', 'publish_by')


def _open_clock(column, record_type, rule_id, table):
    return (
        f"(SELECT clock.{column} FROM clock WHERE clock.record_type = '{record_type}' "
        f"AND clock.record_id = {table}.id AND clock.rule_id = '{rule_id}' AND clock.closed_at IS NULL "
        f"ORDER BY clock.id DESC LIMIT 1)"
    )


def downgrade():
    op.add_column('reception_session', sa.Column('publish_by', sa.Date(), nullable=True))
    op.add_column('visit', sa.Column('refusal_notice_due_on', sa.Date(), nullable=True))
    op.add_column('visit', sa.Column('answer_due_explanation', sa.Text(), server_default='', nullable=False))
    op.add_column('visit', sa.Column('answer_due_on', sa.Date(), nullable=True))
    op.execute(
        f"UPDATE reception_session SET publish_by = {_open_clock('due_on', 'session', 'D1', 'reception_session')}"
    )
    op.execute(
        f"UPDATE visit SET answer_due_on = {_open_clock('due_on', 'visit', 'D7', 'visit')}, "
        f"refusal_notice_due_on = {_open_clock('due_on', 'visit', 'D6', 'visit')}, "
        f"answer_due_explanation = COALESCE({_open_clock('explanation', 'visit', 'D7', 'visit')}, '')"
    )
