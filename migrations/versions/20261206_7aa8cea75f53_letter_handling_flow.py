"""Letter handling: the transition of each status event, the proposal's draft paper, urgent reports.

- letter_status_event.transition: the petitions.domain.letter_flow.LetterTransition that produced the
  event (earlier events keep none);
- letter.proposal_document_id: the draft handling paper the officer's proposal rests on;
- letter.urgent_reported_at / urgent_reason / urgent_acknowledged_at: serious or imminent harm reported
  (TT 05/2021 Đ16) and taken in hand by a leader;
- letter_handover: a letter handed to another body inside the system, whose officers then see it.

Plain ADD COLUMNs (no table rebuild on SQLite, so the append-only and search triggers stay).

Revision ID: 7aa8cea75f53
Revises: 9a5d3c1e7f20
Create Date: 2026-12-06 17:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7aa8cea75f53'
down_revision = '9a5d3c1e7f20'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('letter_status_event', sa.Column('transition', sa.String(length=32), nullable=True))
    op.add_column('letter', sa.Column('proposal_document_id', sa.Integer(), nullable=True))
    op.add_column('letter', sa.Column('urgent_reported_at', sa.DateTime(), nullable=True))
    op.add_column('letter', sa.Column('urgent_reason', sa.String(length=500), nullable=True))
    op.add_column('letter', sa.Column('urgent_acknowledged_at', sa.DateTime(), nullable=True))
    op.create_table(
        'letter_handover',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('letter_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('direction', sa.Text(), nullable=False),
        sa.Column('handed_on', sa.Date(), nullable=False),
        sa.Column('handed_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_letter_handover_agency_id_agency')),
        sa.ForeignKeyConstraint(
            ['handed_by_id'], ['user_account.id'], name=op.f('fk_letter_handover_handed_by_id_user_account')
        ),
        sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_letter_handover_letter_id_letter')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_handover')),
    )
    op.create_index(op.f('ix_letter_handover_agency_id'), 'letter_handover', ['agency_id'], unique=False)
    op.create_index(op.f('ix_letter_handover_letter_id'), 'letter_handover', ['letter_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_letter_handover_letter_id'), table_name='letter_handover')
    op.drop_index(op.f('ix_letter_handover_agency_id'), table_name='letter_handover')
    op.drop_table('letter_handover')
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild would drop the tables' triggers.
    for column in ('urgent_acknowledged_at', 'urgent_reason', 'urgent_reported_at', 'proposal_document_id'):
        op.drop_column('letter', column)
    op.drop_column('letter_status_event', 'transition')
