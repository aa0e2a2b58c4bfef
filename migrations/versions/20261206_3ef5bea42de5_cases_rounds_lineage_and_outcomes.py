"""Cases to resolution: round and lineage, handler, complexity and remoteness (clock variants), the suspended
state, decision / publication / court dates on case_file; case_outcome with what the decision ordered and what
was implemented (DOMAIN §4). Money and land are exact Decimals stored as BIGINT units (petitions.db_types).

Revision ID: 3ef5bea42de5
Revises: c5e7a9b1d3f2
Create Date: 2026-12-06 22:27:50.843260

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3ef5bea42de5'
down_revision = 'c5e7a9b1d3f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_file_id', sa.Integer(), nullable=False),
    sa.Column('verdict', sa.Enum('RIGHT', 'WRONG', 'PARTLY_RIGHT', 'UPHELD', 'ANNULLED_OR_AMENDED', 'TRUE', 'FALSE', 'PARTLY_TRUE', name='caseverdict', native_enum=False, length=32), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decision_document_id', sa.Integer(), nullable=True),
    sa.Column('resolved_on_time', sa.Boolean(), nullable=True),
    sa.Column('recover_money', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('recover_land', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('return_money_orgs', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('return_land_orgs', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('return_money_persons', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('return_land_persons', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('restored_orgs', sa.Integer(), server_default='0', nullable=False),
    sa.Column('restored_persons', sa.Integer(), server_default='0', nullable=False),
    sa.Column('discipline_persons', sa.Integer(), server_default='0', nullable=False),
    sa.Column('discipline_officials', sa.Integer(), server_default='0', nullable=False),
    sa.Column('investigation_cases', sa.Integer(), server_default='0', nullable=False),
    sa.Column('investigation_persons', sa.Integer(), server_default='0', nullable=False),
    sa.Column('investigation_officials', sa.Integer(), server_default='0', nullable=False),
    sa.Column('implemented_on', sa.Date(), nullable=True),
    sa.Column('recovered_money', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('recovered_land', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('returned_money_orgs', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('returned_land_orgs', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('returned_money_persons', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('returned_land_persons', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('disciplined_persons', sa.Integer(), server_default='0', nullable=False),
    sa.Column('disciplined_officials', sa.Integer(), server_default='0', nullable=False),
    sa.Column('prosecuted_cases', sa.Integer(), server_default='0', nullable=False),
    sa.Column('prosecuted_persons', sa.Integer(), server_default='0', nullable=False),
    sa.Column('prosecuted_officials', sa.Integer(), server_default='0', nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_file_id'], ['case_file.id'], name=op.f('fk_case_outcome_case_file_id_case_file')),
    sa.ForeignKeyConstraint(['decision_document_id'], ['document.id'], name=op.f('fk_case_outcome_decision_document_id_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_outcome')),
    sa.UniqueConstraint('case_file_id', name=op.f('uq_case_outcome_case_file_id'))
    )
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_round', sa.Enum('FIRST', 'SECOND', name='caseround', native_enum=False, length=16), server_default='FIRST', nullable=False))
        batch_op.add_column(sa.Column('parent_case_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('handler_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('complexity', sa.Enum('ORDINARY', 'COMPLEX', 'VERY_COMPLEX', name='complexity', native_enum=False, length=16), server_default='ORDINARY', nullable=False))
        batch_op.add_column(sa.Column('is_remote', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('suspended_from', sa.Enum('OPEN', 'ACCEPTED', 'VERIFYING', 'DIALOGUE_HELD', 'SUSPENDED', 'WITHDRAWN', 'TERMINATED', 'DECIDED', 'PUBLISHED', 'IMPLEMENTING', 'CLOSED', 'NOT_ACCEPTED', name='casestatus', native_enum=False, length=32), nullable=True))
        batch_op.add_column(sa.Column('decided_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('published_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('court_filed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('court_reference', sa.String(length=200), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_case_file_handler_id'), ['handler_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_file_parent_case_id'), ['parent_case_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_case_file_parent_case_id_case_file'), 'case_file', ['parent_case_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_case_file_handler_id_user_account'), 'user_account', ['handler_id'], ['id'])



def downgrade():
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_case_file_handler_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_case_file_parent_case_id_case_file'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_case_file_parent_case_id'))
        batch_op.drop_index(batch_op.f('ix_case_file_handler_id'))
        batch_op.drop_column('court_reference')
        batch_op.drop_column('court_filed_on')
        batch_op.drop_column('published_on')
        batch_op.drop_column('decided_on')
        batch_op.drop_column('suspended_from')
        batch_op.drop_column('is_remote')
        batch_op.drop_column('complexity')
        batch_op.drop_column('handler_id')
        batch_op.drop_column('parent_case_id')
        batch_op.drop_column('case_round')

    op.drop_table('case_outcome')
