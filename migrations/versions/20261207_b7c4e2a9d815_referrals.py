"""Referrals: one row per item an office sent to a body (a forwarding paper issued, a hand-over inside the
system), the body's answer and its waiting clock's due date; referral_event, the acts on it (append-only).

Letters forwarded before this revision (status forwarded or urged, with the body they went to) get one open
referral each, sent on the day of their forwarding event, so that their reply is registered the one new way
(the paper reply on the referral); they have no waiting clock (none ran before).

Revision ID: b7c4e2a9d815
Revises: c3d4e5f6a7b8
Create Date: 2026-12-07 00:44:24.136388

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7c4e2a9d815'
down_revision = 'c3d4e5f6a7b8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('case_file_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('office_agency_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('FORWARDED', 'HANDED_OVER', name='referralkind', native_enum=False, length=16), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('source_document_id', sa.Integer(), nullable=True),
    sa.Column('direction', sa.Text(), server_default='', nullable=False),
    sa.Column('status', sa.Enum('SENT', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ANSWERED', 'COMPLETED', name='referralstatus', native_enum=False, length=16), nullable=False),
    sa.Column('answer_due_on', sa.Date(), nullable=True),
    sa.Column('extension_requested_days', sa.Integer(), nullable=True),
    sa.Column('acknowledged_on', sa.Date(), nullable=True),
    sa.Column('answer_via', sa.Enum('WORKSPACE', 'PAPER', name='answervia', native_enum=False, length=16), nullable=True),
    sa.Column('answer_number', sa.String(length=100), nullable=True),
    sa.Column('answer_on', sa.Date(), nullable=True),
    sa.Column('answer_summary', sa.Text(), nullable=True),
    sa.Column('answer_attachment_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Enum('RESOLVED', 'ACCEPTED', 'NOT_ACCEPTED', 'VERIFIED', 'PASSED_ON', name='referraloutcome', native_enum=False, length=16), nullable=True),
    sa.Column('verdict', sa.Enum('RIGHT', 'WRONG', 'PARTLY_RIGHT', 'UPHELD', 'ANNULLED_OR_AMENDED', 'TRUE', 'FALSE', 'PARTLY_TRUE', name='caseverdict', native_enum=False, length=32), nullable=True),
    sa.Column('decision_number', sa.String(length=100), nullable=True),
    sa.Column('decision_on', sa.Date(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_referral_agency_id_agency')),
    sa.ForeignKeyConstraint(['answer_attachment_id'], ['letter_attachment.id'], name=op.f('fk_referral_answer_attachment_id_letter_attachment')),
    sa.ForeignKeyConstraint(['case_file_id'], ['case_file.id'], name=op.f('fk_referral_case_file_id_case_file')),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_referral_letter_id_letter')),
    sa.ForeignKeyConstraint(['office_agency_id'], ['agency.id'], name=op.f('fk_referral_office_agency_id_agency')),
    sa.ForeignKeyConstraint(['source_document_id'], ['document.id'], name=op.f('fk_referral_source_document_id_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index('ix_referral_agency_due', ['agency_id', 'answer_due_on', 'id'], unique=False)
        batch_op.create_index('ix_referral_agency_sent', ['agency_id', 'sent_on', 'id'], unique=False)
        batch_op.create_index('ix_referral_agency_status_sent', ['agency_id', 'status', 'sent_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_case_file_id'), ['case_file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_letter_id'), ['letter_id'], unique=False)
        batch_op.create_index('ix_referral_office_status', ['office_agency_id', 'status', 'answered_at', 'id'], unique=False)
        batch_op.create_index('ix_referral_office_extension', ['office_agency_id', 'extension_requested_days', 'id'], unique=False)

    op.create_table('referral_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('act', sa.Enum('SENT', 'ACKNOWLEDGE', 'PROGRESS', 'ANSWER', 'PAPER_REPLY', 'RETURN', 'ACCEPT', 'REQUEST_EXTENSION', 'GRANT_EXTENSION', 'REFUSE_EXTENSION', 'MOVED', name='referralact', native_enum=False, length=24), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('days', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_agency_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_agency_id'], ['agency.id'], name=op.f('fk_referral_event_actor_agency_id_agency')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_referral_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_referral_event_referral_id_referral')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_event'))
    )
    with op.batch_alter_table('referral_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_event_referral_id'), ['referral_id'], unique=False)

    letter = sa.table(
        'letter',
        sa.column('id', sa.Integer), sa.column('case_id', sa.Integer), sa.column('status', sa.String),
        sa.column('assigned_agency_id', sa.Integer), sa.column('agency_in_charge_id', sa.Integer),
        sa.column('received_on', sa.Date), sa.column('is_void', sa.Boolean),
    )
    event = sa.table(
        'letter_status_event',
        sa.column('letter_id', sa.Integer), sa.column('status', sa.String), sa.column('effective_on', sa.Date),
    )
    referral = sa.table(
        'referral',
        sa.column('letter_id', sa.Integer), sa.column('case_file_id', sa.Integer), sa.column('agency_id', sa.Integer),
        sa.column('office_agency_id', sa.Integer), sa.column('kind', sa.String), sa.column('sent_on', sa.Date),
        sa.column('status', sa.String), sa.column('version', sa.Integer), sa.column('created_at', sa.DateTime),
        sa.column('updated_at', sa.DateTime),
    )
    forwarded_on = (
        sa.select(sa.func.max(event.c.effective_on))
        .where(event.c.letter_id == letter.c.id, event.c.status == 'FORWARDED')
        .scalar_subquery()
    )
    op.execute(
        referral.insert().from_select(
            ['letter_id', 'case_file_id', 'agency_id', 'office_agency_id', 'kind', 'sent_on', 'status', 'version',
             'created_at', 'updated_at'],
            sa.select(
                letter.c.id, letter.c.case_id, letter.c.assigned_agency_id, letter.c.agency_in_charge_id,
                sa.literal('FORWARDED'), sa.func.coalesce(forwarded_on, letter.c.received_on), sa.literal('SENT'),
                sa.literal(1), sa.func.current_timestamp(), sa.func.current_timestamp(),
            ).where(
                letter.c.status.in_(['FORWARDED', 'URGED']),
                letter.c.assigned_agency_id.is_not(None),
                letter.c.is_void == sa.false(),
            ),
        )
    )


def downgrade():
    with op.batch_alter_table('referral_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_event_referral_id'))

    op.drop_table('referral_event')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index('ix_referral_office_extension')
        batch_op.drop_index('ix_referral_office_status')
        batch_op.drop_index(batch_op.f('ix_referral_letter_id'))
        batch_op.drop_index(batch_op.f('ix_referral_case_file_id'))
        batch_op.drop_index('ix_referral_agency_status_sent')
        batch_op.drop_index('ix_referral_agency_sent')
        batch_op.drop_index('ix_referral_agency_due')

    op.drop_table('referral')
