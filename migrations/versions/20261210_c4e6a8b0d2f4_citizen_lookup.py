"""The citizens' status lookup (petitions.lookup): the projection the public lookup app reads (`lookup_entry`, one
row per receipt: its code's SHA-256, the PIN hash, the stage in the citizen's words, the public name of the body
handling it, the due date, the papers sent to the citizen), and the log of its attempts (`lookup_attempt`: the
code's SHA-256, the address, the outcome, the moment; what the lock-out counts). The projection is filled by
`petitions lookup refresh` and kept by the services from then on.

Revision ID: c4e6a8b0d2f4
Revises: 82b5b20124a3
Create Date: 2026-12-10 21:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4e6a8b0d2f4'
down_revision = '82b5b20124a3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'lookup_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('receipt_id', sa.Integer(), nullable=False),
        sa.Column('code_key', sa.String(length=64), nullable=False),
        sa.Column('pin_hash', sa.String(length=200), nullable=False),
        sa.Column('received_on', sa.Date(), nullable=False),
        sa.Column('stage', sa.String(length=32), nullable=False),
        sa.Column('stage_text', sa.String(length=255), nullable=False),
        sa.Column('agency_name', sa.String(length=255), server_default='', nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('due_label', sa.String(length=64), server_default='', nullable=False),
        sa.Column('papers', sa.JSON(), nullable=False),
        sa.Column('refreshed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['receipt_id'], ['receipt.id'], name=op.f('fk_lookup_entry_receipt_id_receipt')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lookup_entry')),
        sa.UniqueConstraint('code_key', name=op.f('uq_lookup_entry_code_key')),
        sa.UniqueConstraint('receipt_id', name=op.f('uq_lookup_entry_receipt_id')),
    )
    op.create_table(
        'lookup_attempt',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('attempted_at', sa.DateTime(), nullable=False),
        sa.Column('code_key', sa.String(length=64), nullable=False),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lookup_attempt')),
    )
    with op.batch_alter_table('lookup_attempt') as batch_op:
        batch_op.create_index('ix_lookup_attempt_code', ['code_key', 'attempted_at'], unique=False)
        batch_op.create_index('ix_lookup_attempt_address', ['address', 'attempted_at'], unique=False)
        batch_op.create_index('ix_lookup_attempt_at', ['attempted_at'], unique=False)


def downgrade():
    with op.batch_alter_table('lookup_attempt') as batch_op:
        batch_op.drop_index('ix_lookup_attempt_at')
        batch_op.drop_index('ix_lookup_attempt_address')
        batch_op.drop_index('ix_lookup_attempt_code')
    op.drop_table('lookup_attempt')
    op.drop_table('lookup_entry')
