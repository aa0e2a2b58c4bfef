"""Reorganisations: one row per merge, split or rename of bodies or units applied on a date.

Revision ID: c3d4e5f6a7b8
Revises: c7d9e1f3a5b7
Create Date: 2026-12-07 01:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c3d4e5f6a7b8'
down_revision = 'c7d9e1f3a5b7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reorganisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.Enum('AGENCY', 'UNIT', name='reorgsubject', native_enum=False, length=16), nullable=False),
    sa.Column('kind', sa.Enum('MERGE', 'SPLIT', 'RENAME', name='reorgkind', native_enum=False, length=16), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('decision_reference', sa.String(length=255), nullable=False),
    sa.Column('reason', sa.String(length=500), server_default='', nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('targets', sa.JSON(), nullable=False),
    sa.Column('carried', sa.JSON(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_reorganisation_actor_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reorganisation'))
    )
    with op.batch_alter_table('reorganisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reorganisation_recorded_at'), ['recorded_at'], unique=False)


def downgrade():
    with op.batch_alter_table('reorganisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reorganisation_recorded_at'))
    op.drop_table('reorganisation')
