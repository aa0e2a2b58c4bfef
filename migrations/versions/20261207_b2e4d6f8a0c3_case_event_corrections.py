"""Corrections of a case status event's date: case_file_status_event.supersedes_id names the event a later one
corrects (petitions.cases.transitions.correct_case_event_date), at most one correction per event. The table stays
append-only: the corrected event is never updated, the correction points at it.

SQLite's batch mode recreates the table to add the foreign key, which drops its append-only triggers (see
83d14f5fdcc9): they are created again, as that migration creates them. PostgreSQL alters the table in place.

Revision ID: b2e4d6f8a0c3
Revises: a1f3c5e7b9d2
Create Date: 2026-12-07 13:05:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b2e4d6f8a0c3'
down_revision = 'a1f3c5e7b9d2'
branch_labels = None
depends_on = None

TABLE = 'case_file_status_event'


def _sqlite_append_only_triggers():
    """The triggers 83d14f5fdcc9 creates on SQLite, for this table (gone with the table batch mode recreated)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_{action.lower()} BEFORE {action} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, 'append-only table {TABLE}: {action} refused'); END"
        )


def upgrade():
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.add_column(sa.Column('supersedes_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_case_file_status_event_supersedes_id_case_file_status_event'), TABLE,
                                    ['supersedes_id'], ['id'])
        batch_op.create_unique_constraint(op.f('uq_case_file_status_event_supersedes_id'), ['supersedes_id'])
    _sqlite_append_only_triggers()


def downgrade():
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_case_file_status_event_supersedes_id'), type_='unique')
        batch_op.drop_constraint(op.f('fk_case_file_status_event_supersedes_id_case_file_status_event'),
                                 type_='foreignkey')
        batch_op.drop_column('supersedes_id')
    _sqlite_append_only_triggers()
