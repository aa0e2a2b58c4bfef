"""Letters: the register a letter was numbered in is its own column (register_agency_id).

The register number was unique per (agency in charge, year), so merging an office into another
moved its open letters' numbers into the heir's register, where the same numbers already existed
(the merge failed on the unique constraint). The register entry is a fact of receipt and never
moves; the responsibility (agency_in_charge_id) does. Existing letters were numbered in the
register of their agency in charge, which is copied.

On SQLite the unique constraint can only change by recreating `letter`, which drops the table's
triggers (the FTS5 search triggers of a9c3f1d27b64): their SQL is read from sqlite_master before
and replayed after, so this migration never needs a copy of it.

Revision ID: 7c1e9a4b2d60
Revises: 13ea838ab88e
Create Date: 2026-12-06 11:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7c1e9a4b2d60'
down_revision = '13ea838ab88e'
branch_labels = None
depends_on = None

OLD_UNIQUE = 'uq_letter_agency_in_charge_id_register_year_register_number'
NEW_UNIQUE = 'uq_letter_register_agency_id_register_year_register_number'
FK_NAME = 'fk_letter_register_agency_id_agency'


def _letter_triggers(bind):
    if bind.dialect.name != 'sqlite':
        return []
    return [
        row[0]
        for row in bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'letter' ORDER BY name"
        )
    ]


def upgrade():
    bind = op.get_bind()
    triggers = _letter_triggers(bind)
    with op.batch_alter_table('letter', recreate='auto') as batch_op:
        batch_op.add_column(sa.Column('register_agency_id', sa.Integer(), nullable=True))
    op.execute('UPDATE letter SET register_agency_id = agency_in_charge_id')
    with op.batch_alter_table('letter') as batch_op:
        batch_op.alter_column('register_agency_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f(FK_NAME), 'agency', ['register_agency_id'], ['id'])
        batch_op.drop_constraint(batch_op.f(OLD_UNIQUE), type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f(NEW_UNIQUE), ['register_agency_id', 'register_year', 'register_number']
        )
    for statement in triggers:
        op.execute(statement)


def downgrade():
    bind = op.get_bind()
    triggers = _letter_triggers(bind)
    with op.batch_alter_table('letter') as batch_op:
        batch_op.drop_constraint(batch_op.f(NEW_UNIQUE), type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f(OLD_UNIQUE), ['agency_in_charge_id', 'register_year', 'register_number']
        )
        batch_op.drop_constraint(batch_op.f(FK_NAME), type_='foreignkey')
        batch_op.drop_column('register_agency_id')
    for statement in triggers:
        op.execute(statement)
