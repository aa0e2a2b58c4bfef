"""Agencies: what their documents print (official name, heading lines, place, abbreviation, level,
drafting units) and their officials with validity dates; a document keeps the official who signs.

Existing agencies get empty values: an administrator fills them on the directory screens (or
`petitions seed` fills the demo province's). Until the place and a real signer are recorded, a
document of that agency can be drafted but not issued.

Revision ID: f1a2b3c4d5e6
Revises: 7c1e9a4b2d60
Create Date: 2026-12-06 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f1a2b3c4d5e6'
down_revision = '7c1e9a4b2d60'
branch_labels = None
depends_on = None

AGENCY_TEXT_COLUMNS = (
    ('official_name', 255),
    ('heading_parent', 255),
    ('heading_name', 255),
    ('place_name', 100),
    ('abbreviation', 32),
)


def upgrade():
    with op.batch_alter_table('agency') as batch_op:
        for name, length in AGENCY_TEXT_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), server_default='', nullable=False))
        batch_op.add_column(sa.Column('level', sa.Enum('PROVINCE', 'OFFICE', 'UNIT', 'DEPARTMENT', 'COMMUNE',
                                                       name='agencylevel', native_enum=False, length=16),
                                      nullable=True))
        batch_op.add_column(sa.Column('drafting_units', sa.JSON(), server_default='[]', nullable=False))
    op.create_table(
        'agency_official',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.Enum('HEAD', 'DEPUTY', 'CHIEF_OF_OFFICE', 'ACTING_HEAD', 'AUTHORISED',
                                  name='officialrole', native_enum=False, length=24), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=True),
        sa.Column('valid_to', sa.Date(), nullable=True),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_agency_official_agency_id_agency')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_official')),
    )
    with op.batch_alter_table('agency_official') as batch_op:
        batch_op.create_index(batch_op.f('ix_agency_official_agency_id'), ['agency_id'], unique=False)
    with op.batch_alter_table('document') as batch_op:
        batch_op.add_column(sa.Column('signer_official_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_document_signer_official_id_agency_official'), 'agency_official',
            ['signer_official_id'], ['id'],
        )


def downgrade():
    with op.batch_alter_table('document') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_document_signer_official_id_agency_official'), type_='foreignkey')
        batch_op.drop_column('signer_official_id')
    with op.batch_alter_table('agency_official') as batch_op:
        batch_op.drop_index(batch_op.f('ix_agency_official_agency_id'))
    op.drop_table('agency_official')
    with op.batch_alter_table('agency') as batch_op:
        batch_op.drop_column('drafting_units')
        batch_op.drop_column('level')
        for name, _length in reversed(AGENCY_TEXT_COLUMNS):
            batch_op.drop_column(name)
