"""The signed copies of the papers addressed to the citizen, for the lookup app to serve from its own table
(`lookup_file`: the receipt, the link's random token, an ASCII file name, the SHA-256, the size, the bytes).
Filled by the projection when a copy is attached and by `petitions lookup refresh`.

Revision ID: d5f7b9c1e3a6
Revises: c4e6a8b0d2f3
Create Date: 2026-12-10 22:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd5f7b9c1e3a6'
down_revision = 'c4e6a8b0d2f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'lookup_file',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('receipt_id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.Column('file_name', sa.String(length=120), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['receipt_id'], ['receipt.id'], name=op.f('fk_lookup_file_receipt_id_receipt')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lookup_file')),
        sa.UniqueConstraint('token', name=op.f('uq_lookup_file_token')),
    )
    with op.batch_alter_table('lookup_file') as batch_op:
        batch_op.create_index(batch_op.f('ix_lookup_file_receipt_id'), ['receipt_id'], unique=False)


def downgrade():
    with op.batch_alter_table('lookup_file') as batch_op:
        batch_op.drop_index(batch_op.f('ix_lookup_file_receipt_id'))
    op.drop_table('lookup_file')
