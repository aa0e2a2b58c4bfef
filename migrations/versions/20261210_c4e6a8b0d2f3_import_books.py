"""Import of existing Excel books (petitions.imports): the mapping of an office's own words to the reference
data, and the book rows already imported, by the office's row key.

Revision ID: c4e6a8b0d2f3
Revises: c4e6a8b0d2f4
Create Date: 2026-12-10 21:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4e6a8b0d2f3'
down_revision = 'c4e6a8b0d2f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'import_mapping',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('source_text', sa.String(length=500), nullable=False),
        sa.Column('source_folded', sa.String(length=500), nullable=False),
        sa.Column('target', sa.String(length=64), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['user_account.id'], name=op.f('fk_import_mapping_created_by_id_user_account')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_mapping')),
        sa.UniqueConstraint('kind', 'source_folded', name=op.f('uq_import_mapping_kind_source_folded')),
    )
    op.create_table(
        'imported_row',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('sheet', sa.String(length=16), nullable=False),
        sa.Column('row_key', sa.String(length=64), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('imported_by_id', sa.Integer(), nullable=True),
        sa.Column('imported_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_imported_row_agency_id_agency')),
        sa.ForeignKeyConstraint(
            ['imported_by_id'], ['user_account.id'], name=op.f('fk_imported_row_imported_by_id_user_account')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_row')),
        sa.UniqueConstraint('agency_id', 'sheet', 'row_key', name=op.f('uq_imported_row_agency_id_sheet_row_key')),
    )


def downgrade():
    op.drop_table('imported_row')
    op.drop_table('import_mapping')
