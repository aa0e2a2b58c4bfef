"""Chasing and e-mail: chase (one step of the đôn đốc ladder per referral and rung, the leader's decision and its
document), chase_run (one row per day the list was built), outgoing_mail (the e-mail outbox, sent after the
causing transaction commits), and agency.email (a body's official mailbox for the notifications).

Revision ID: 1265b3b63637
Revises: d5e8f1a3b6c9
Create Date: 2026-12-07 03:27:18.739791

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '1265b3b63637'
down_revision = 'd5e8f1a3b6c9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('chase_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_on', sa.Date(), nullable=False),
    sa.Column('runs', sa.Integer(), server_default='1', nullable=False),
    sa.Column('proposed', sa.Integer(), server_default='0', nullable=False),
    sa.Column('withdrawn', sa.Integer(), server_default='0', nullable=False),
    sa.Column('first_run_at', sa.DateTime(), nullable=False),
    sa.Column('last_run_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chase_run')),
    sa.UniqueConstraint('run_on', name=op.f('uq_chase_run_run_on'))
    )
    op.create_table('outgoing_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to_address', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.String(length=32), nullable=False),
    sa.Column('record_type', sa.String(length=32), nullable=True),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('QUEUED', 'SENT', 'FAILED', name='mailstatus', native_enum=False, length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('message_id', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_outgoing_mail_document_id_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_mail'))
    )
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.create_index('ix_outgoing_mail_record', ['record_type', 'record_id'], unique=False)
        batch_op.create_index('ix_outgoing_mail_status', ['status', 'id'], unique=False)

    op.create_table('chase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('office_agency_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('recipient_agency_id', sa.Integer(), nullable=False),
    sa.Column('rung', sa.Integer(), nullable=False),
    sa.Column('step', sa.Enum('REMINDER', 'FIRST_URGING', 'SECOND_URGING', 'ESCALATION', 'EXPLANATION_REQUEST', name='chasestep', native_enum=False, length=24), nullable=False),
    sa.Column('proposed_on', sa.Date(), nullable=False),
    sa.Column('deadline_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('PROPOSED', 'APPROVED', 'SKIPPED', 'WITHDRAWN', name='chasestatus', native_enum=False, length=16), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_chase_agency_id_agency')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_chase_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_chase_document_id_document')),
    sa.ForeignKeyConstraint(['office_agency_id'], ['agency.id'], name=op.f('fk_chase_office_agency_id_agency')),
    sa.ForeignKeyConstraint(['recipient_agency_id'], ['agency.id'], name=op.f('fk_chase_recipient_agency_id_agency')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_chase_referral_id_referral')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chase')),
    sa.UniqueConstraint('referral_id', 'rung', name=op.f('uq_chase_referral_id_rung'))
    )
    with op.batch_alter_table('chase', schema=None) as batch_op:
        batch_op.create_index('ix_chase_agency_status_day', ['agency_id', 'status', 'decided_on', 'id'], unique=False)
        batch_op.create_index('ix_chase_document', ['document_id'], unique=False)
        batch_op.create_index('ix_chase_office_status_day', ['office_agency_id', 'status', 'proposed_on', 'id'], unique=False)

    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=320), nullable=True))



def downgrade():
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('email')

    with op.batch_alter_table('chase', schema=None) as batch_op:
        batch_op.drop_index('ix_chase_office_status_day')
        batch_op.drop_index('ix_chase_document')
        batch_op.drop_index('ix_chase_agency_status_day')

    op.drop_table('chase')
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.drop_index('ix_outgoing_mail_status')
        batch_op.drop_index('ix_outgoing_mail_record')

    op.drop_table('outgoing_mail')
    op.drop_table('chase_run')
