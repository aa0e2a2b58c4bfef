"""Agencies: the administrative unit a People's Committee governs (routing to "the commune's UBND",
reorganisations of units carrying their bodies). Existing agencies get no link; `petitions seed` links
the demo province's committees, an administrator the others.

Revision ID: a0b1c2d3e4f5
Revises: a1341c77b339
Create Date: 2026-12-07 01:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a0b1c2d3e4f5'
down_revision = 'a1341c77b339'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agency') as batch_op:
        batch_op.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_agency_unit_id'), ['unit_id'])
        batch_op.create_foreign_key(batch_op.f('fk_agency_unit_id_administrative_unit'), 'administrative_unit', ['unit_id'], ['id'])


def downgrade():
    with op.batch_alter_table('agency') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_agency_unit_id_administrative_unit'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_agency_unit_id'))
        batch_op.drop_column('unit_id')
