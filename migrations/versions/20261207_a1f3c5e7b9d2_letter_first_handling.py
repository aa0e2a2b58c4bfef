"""The first approved handling of a letter on its row (petitions.domain.first_handling): the day and the
outside-competence route of its earliest handling status event, kept by record_letter_status in the same
transaction as the event. 01/XLD reads a window's letters from it as index ranges (received in the window; received
before it and handled from its first day on, or not yet) instead of aggregating every status event of every letter
up to the window's end.

Backfill, set-based: per letter, the earliest effective day among its handling events (the statuses of
petitions.domain.letter_flow.HANDLED, by name as stored) and the route of that day's events, guided before
forwarded before urged (petitions.domain.first_handling.ROUTE_PRECEDENCE).

Revision ID: a1f3c5e7b9d2
Revises: e4b8c2d6f0a1
Create Date: 2026-12-07 12:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a1f3c5e7b9d2'
down_revision = 'e4b8c2d6f0a1'
branch_labels = None
depends_on = None

GUIDED = "'GUIDED', 'RETURNED'"
FORWARDED = "'FORWARDED', 'TO_PARTY_BODY', 'TO_INSPECTION'"
URGED = "'URGED'"
HANDLED = f"{GUIDED}, {FORWARDED}, {URGED}, 'REPLY_RECEIVED', 'ACCEPTED', 'NOT_ACCEPTED', 'FILED', 'DESTROYED'"


def upgrade():
    op.add_column('letter', sa.Column('first_handled_on', sa.Date(), nullable=True))
    op.add_column('letter', sa.Column(
        'first_handling_route', sa.Enum('GUIDED', 'FORWARDED', 'URGED', name='route', native_enum=False, length=16),
        nullable=True,
    ))
    op.execute(
        "UPDATE letter SET first_handled_on = h.handled_on, first_handling_route = CASE "
        "WHEN h.g_on = h.handled_on THEN 'GUIDED' WHEN h.f_on = h.handled_on THEN 'FORWARDED' "
        "WHEN h.u_on = h.handled_on THEN 'URGED' END "
        "FROM (SELECT letter_id, min(effective_on) AS handled_on, "
        f"min(CASE WHEN status IN ({GUIDED}) THEN effective_on END) AS g_on, "
        f"min(CASE WHEN status IN ({FORWARDED}) THEN effective_on END) AS f_on, "
        f"min(CASE WHEN status IN ({URGED}) THEN effective_on END) AS u_on "
        f"FROM letter_status_event WHERE status IN ({HANDLED}) GROUP BY letter_id) AS h "
        "WHERE letter.id = h.letter_id"
    )
    op.create_index('ix_letter_first_handled', 'letter', ['first_handled_on', 'received_on'])


def downgrade():
    op.drop_index('ix_letter_first_handled', table_name='letter')
    # Dropped in place (SQLite 3.35+ and PostgreSQL): recreating the letter table would trip the keys that point at it.
    op.drop_column('letter', 'first_handling_route')
    op.drop_column('letter', 'first_handled_on')
