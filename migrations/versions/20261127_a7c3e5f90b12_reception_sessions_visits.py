"""Reception: citizen details and merges, reception sessions, visits with persons and representatives, intake drafts.

Revision ID: a7c3e5f90b12
Revises: a9c3f1d27b64
Create Date: 2026-11-27 06:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e5f90b12'
down_revision = 'a9c3f1d27b64'
branch_labels = None
depends_on = None

SESSION_KINDS = ('REGULAR', 'PERIODIC', 'UNSCHEDULED', 'DELEGATED')
SESSION_MODES = ('IN_PERSON', 'ONLINE')
SESSION_STATUSES = ('PLANNED', 'HELD', 'POSTPONED')
LEADER_LEVELS = ('PROVINCE_CHAIRMAN', 'DISTRICT_CHAIRMAN', 'COMMUNE_CHAIRMAN', 'DEPARTMENT_HEAD')
VISIT_CLASSES = ('COMPLAINT', 'DENUNCIATION', 'PETITION')
OUTCOMES = ('GUIDED', 'LETTER_RECEIVED', 'FORWARDED', 'REFUSED')
SUBTYPES = ('ADMINISTRATIVE', 'DISCIPLINARY')
REPRESENTATIVE_KINDS = ('GROUP', 'AUTHORISED', 'LAWYER', 'LEGAL_AID', 'ORG_HEAD')


def _enum(values, length, name):
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def upgrade():
    with op.batch_alter_table('citizen', schema=None) as batch_op:
        batch_op.add_column(sa.Column('id_paper_name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('id_issued_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('id_issued_place', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('sex', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('birth_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ethnicity', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('nationality', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('address_unit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_citizen_address_unit_id'), ['address_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citizen_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_citizen_address_unit_id_administrative_unit'), 'administrative_unit', ['address_unit_id'], ['id']
        )
        batch_op.create_foreign_key(batch_op.f('fk_citizen_merged_into_id_citizen'), 'citizen', ['merged_into_id'], ['id'])

    op.create_table(
        'reception_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('kind', _enum(SESSION_KINDS, 16, 'sessionkind'), nullable=False),
        sa.Column('mode', _enum(SESSION_MODES, 16, 'sessionmode'), nullable=False),
        sa.Column('status', _enum(SESSION_STATUSES, 16, 'sessionstatus'), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('place', sa.String(length=255), server_default='', nullable=False),
        sa.Column('leader_id', sa.Integer(), nullable=True),
        sa.Column('leader_name', sa.String(length=200), server_default='', nullable=False),
        sa.Column('leader_level', _enum(LEADER_LEVELS, 32, 'leaderlevel'), nullable=True),
        sa.Column('participating_agencies', sa.Text(), server_default='', nullable=False),
        sa.Column('planned_content', sa.Text(), server_default='', nullable=False),
        sa.Column('schedule_published_on', sa.Date(), nullable=True),
        sa.Column('publish_by', sa.Date(), nullable=True),
        sa.Column('postponed_reason', sa.String(length=500), nullable=True),
        sa.Column('postponement_announced_on', sa.Date(), nullable=True),
        sa.Column('conclusion_notice_number', sa.String(length=64), nullable=True),
        sa.Column('recording_reference', sa.String(length=128), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_reception_session_agency_id_agency')),
        sa.ForeignKeyConstraint(['leader_id'], ['user_account.id'], name=op.f('fk_reception_session_leader_id_user_account')),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['user_account.id'], name=op.f('fk_reception_session_created_by_id_user_account')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_session')),
    )
    with op.batch_alter_table('reception_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_session_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reception_session_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_reception_session_leader_id'), ['leader_id'], unique=False)

    op.create_table(
        'visit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('book_year', sa.Integer(), nullable=False),
        sa.Column('book_number', sa.Integer(), nullable=False),
        sa.Column('visited_on', sa.Date(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=True),
        sa.Column('kind', _enum(SESSION_KINDS, 16, 'sessionkind'), nullable=False),
        sa.Column('mode', _enum(SESSION_MODES, 16, 'sessionmode'), nullable=False),
        sa.Column('officer_id', sa.Integer(), nullable=True),
        sa.Column('presiding_leader', sa.String(length=200), server_default='', nullable=False),
        sa.Column('citizen_id', sa.Integer(), nullable=True),
        sa.Column('identity_ref_id', sa.Integer(), nullable=True),
        sa.Column('classification', _enum(VISIT_CLASSES, 16, 'visitclass'), nullable=False),
        sa.Column('complaint_subtype', _enum(SUBTYPES, 32, 'complaintsubtype'), nullable=True),
        sa.Column('summary', sa.Text(), server_default='', nullable=False),
        sa.Column('summary_folded', sa.Text(), server_default='', nullable=False),
        sa.Column('headcount', sa.Integer(), server_default='1', nullable=False),
        sa.Column('is_delegation', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('respondent', sa.String(length=500), server_default='', nullable=False),
        sa.Column('already_resolved_by', sa.String(length=255), server_default='', nullable=False),
        sa.Column('within_competence', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('with_letter', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('statement', sa.Text(), nullable=True),
        sa.Column('documents_handed', sa.Text(), server_default='', nullable=False),
        sa.Column('outcome', _enum(OUTCOMES, 16, 'visitoutcome'), nullable=False),
        sa.Column('guided_to', sa.String(length=255), server_default='', nullable=False),
        sa.Column('guided_document_number', sa.String(length=64), server_default='', nullable=False),
        sa.Column('forwarded_to', sa.String(length=255), server_default='', nullable=False),
        sa.Column('forwarded_document_number', sa.String(length=64), server_default='', nullable=False),
        sa.Column('refusal_ground_id', sa.Integer(), nullable=True),
        sa.Column('refusal_explanation', sa.Text(), server_default='', nullable=False),
        sa.Column('follow_up', sa.Text(), server_default='', nullable=False),
        sa.Column('recording_reference', sa.String(length=128), nullable=True),
        sa.Column('letter_id', sa.Integer(), nullable=True),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('repeat_number', sa.Integer(), server_default='1', nullable=False),
        sa.Column('answer_due_on', sa.Date(), nullable=True),
        sa.Column('answer_due_explanation', sa.Text(), server_default='', nullable=False),
        sa.Column('refusal_notice_due_on', sa.Date(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_visit_agency_id_agency')),
        sa.ForeignKeyConstraint(['session_id'], ['reception_session.id'], name=op.f('fk_visit_session_id_reception_session')),
        sa.ForeignKeyConstraint(['officer_id'], ['user_account.id'], name=op.f('fk_visit_officer_id_user_account')),
        sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], name=op.f('fk_visit_citizen_id_citizen')),
        sa.ForeignKeyConstraint(['identity_ref_id'], ['identity_ref.id'], name=op.f('fk_visit_identity_ref_id_identity_ref')),
        sa.ForeignKeyConstraint(
            ['refusal_ground_id'], ['reference_item.id'], name=op.f('fk_visit_refusal_ground_id_reference_item')
        ),
        sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_visit_letter_id_letter')),
        sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_visit_case_id_case_file')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_visit_created_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_visit')),
        sa.UniqueConstraint('agency_id', 'book_year', 'book_number', name='uq_visit_book_number'),
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_officer_id'), ['officer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_letter_id'), ['letter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_visit_list', ['agency_id', 'visited_on', 'id'], unique=False)

    op.create_table(
        'visit_person',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('visit_id', sa.Integer(), nullable=False),
        sa.Column('citizen_id', sa.Integer(), nullable=True),
        sa.Column('full_name', sa.String(length=200), server_default='', nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_visit_person_visit_id_visit')),
        sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], name=op.f('fk_visit_person_citizen_id_citizen')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_person')),
    )
    with op.batch_alter_table('visit_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_person_visit_id'), ['visit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_person_citizen_id'), ['citizen_id'], unique=False)

    op.create_table(
        'representative',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('visit_id', sa.Integer(), nullable=False),
        sa.Column('citizen_id', sa.Integer(), nullable=False),
        sa.Column('kind', _enum(REPRESENTATIVE_KINDS, 16, 'representativekind'), nullable=False),
        sa.Column('document_number', sa.String(length=64), nullable=False),
        sa.Column('document_dated_on', sa.Date(), nullable=True),
        sa.Column('document_issuer', sa.String(length=255), server_default='', nullable=False),
        sa.Column('is_certified', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_representative_visit_id_visit')),
        sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], name=op.f('fk_representative_citizen_id_citizen')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_representative')),
    )
    with op.batch_alter_table('representative', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_representative_visit_id'), ['visit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_representative_citizen_id'), ['citizen_id'], unique=False)

    op.create_table(
        'intake_draft',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('form_key', sa.String(length=32), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_intake_draft_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_draft')),
        sa.UniqueConstraint('user_id', 'form_key', name='uq_intake_draft_user_form'),
    )


def downgrade():
    op.drop_table('intake_draft')
    with op.batch_alter_table('representative', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_representative_citizen_id'))
        batch_op.drop_index(batch_op.f('ix_representative_visit_id'))
    op.drop_table('representative')
    with op.batch_alter_table('visit_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_person_citizen_id'))
        batch_op.drop_index(batch_op.f('ix_visit_person_visit_id'))
    op.drop_table('visit_person')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index('ix_visit_list')
        for column in ('case_id', 'letter_id', 'citizen_id', 'officer_id', 'session_id', 'agency_id'):
            batch_op.drop_index(batch_op.f(f'ix_visit_{column}'))
    op.drop_table('visit')
    with op.batch_alter_table('reception_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_session_leader_id'))
        batch_op.drop_index(batch_op.f('ix_reception_session_held_on'))
        batch_op.drop_index(batch_op.f('ix_reception_session_agency_id'))
    op.drop_table('reception_session')
    with op.batch_alter_table('citizen', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_citizen_merged_into_id_citizen'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_citizen_address_unit_id_administrative_unit'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_citizen_merged_into_id'))
        batch_op.drop_index(batch_op.f('ix_citizen_address_unit_id'))
        for column in (
            'merged_into_id', 'address_unit_id', 'nationality', 'ethnicity', 'birth_date', 'sex',
            'id_issued_place', 'id_issued_on', 'id_paper_name',
        ):
            batch_op.drop_column(column)
