"""Routing rules (petitions.routing) and the letter's routing fields: where the matter arose, who is complained
about or denounced, the competent body proposed by a rule or chosen against it with a reason.

Existing letters get none (their free-text competent_body stays); `petitions seed` loads the demo rules.

Revision ID: c7d9e1f3a5b7
Revises: a0b1c2d3e4f5
Create Date: 2026-12-07 01:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c7d9e1f3a5b7'
down_revision = 'a0b1c2d3e4f5'
branch_labels = None
depends_on = None

LETTER_TYPES = ('COMPLAINT', 'DENUNCIATION', 'PETITION', 'MIXED', 'ANONYMOUS')
SUBTYPES = ('ADMINISTRATIVE', 'DISCIPLINARY')
RESPONDENT_LEVELS = (
    'COMMUNE_OFFICIAL', 'COMMUNE_CHAIRMAN', 'DEPARTMENT_OFFICIAL', 'DEPARTMENT_HEAD', 'PROVINCE_CHAIRMAN',
    'DISTRICT_OFFICIAL', 'DISTRICT_CHAIRMAN', 'CENTRAL_BODY', 'NOT_OFFICIAL',
)
TARGET_KINDS = ('AGENCY', 'PLACE_AUTHORITY', 'RESPONDENT_BODY', 'RESPONDENT_SUPERIOR')

# letter column → (referenced table, constraint name)
LETTER_FOREIGN_KEYS = {
    'place_unit_id': ('administrative_unit', 'fk_letter_place_unit_id_administrative_unit'),
    'respondent_agency_id': ('agency', 'fk_letter_respondent_agency_id_agency'),
    'competent_agency_id': ('agency', 'fk_letter_competent_agency_id_agency'),
    'routing_rule_id': ('routing_rule', 'fk_letter_routing_rule_id_routing_rule'),
}


def upgrade():
    op.create_table(
        'routing_rule',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('letter_type', sa.Enum(*LETTER_TYPES, name='lettertype', native_enum=False, length=32), nullable=True),
        sa.Column('complaint_subtype', sa.Enum(*SUBTYPES, name='complaintsubtype', native_enum=False, length=32), nullable=True),
        sa.Column('field_item_id', sa.Integer(), nullable=True),
        sa.Column('place_unit_id', sa.Integer(), nullable=True),
        sa.Column('respondent_level', sa.Enum(*RESPONDENT_LEVELS, name='respondentlevel', native_enum=False, length=32), nullable=True),
        sa.Column('target_kind', sa.Enum(*TARGET_KINDS, name='targetkind', native_enum=False, length=32), nullable=False),
        sa.Column('target_agency_id', sa.Integer(), nullable=True),
        sa.Column('valid_from', sa.Date(), nullable=True),
        sa.Column('valid_to', sa.Date(), nullable=True),
        sa.Column('is_active', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('legal_basis', sa.String(length=255), server_default='', nullable=False),
        sa.Column('note', sa.Text(), server_default='', nullable=False),
        sa.Column('replaces_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['field_item_id'], ['reference_item.id'], name=op.f('fk_routing_rule_field_item_id_reference_item')),
        sa.ForeignKeyConstraint(['place_unit_id'], ['administrative_unit.id'], name=op.f('fk_routing_rule_place_unit_id_administrative_unit')),
        sa.ForeignKeyConstraint(['target_agency_id'], ['agency.id'], name=op.f('fk_routing_rule_target_agency_id_agency')),
        sa.ForeignKeyConstraint(['replaces_id'], ['routing_rule.id'], name=op.f('fk_routing_rule_replaces_id_routing_rule')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_routing_rule')),
    )
    with op.batch_alter_table('routing_rule') as batch_op:
        batch_op.create_index(batch_op.f('ix_routing_rule_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_routing_rule_place_unit_id'), ['place_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_routing_rule_target_agency_id'), ['target_agency_id'], unique=False)

    sqlite = op.get_bind().dialect.name == 'sqlite'
    for column, (table, fk_name) in LETTER_FOREIGN_KEYS.items():
        if sqlite:
            # SQLite accepts a foreign key in ADD COLUMN as a column constraint (no table rebuild, which would
            # drop the letter table's FTS triggers).
            op.execute(f'ALTER TABLE letter ADD COLUMN {column} INTEGER CONSTRAINT {fk_name} REFERENCES {table} (id)')
        else:
            op.add_column('letter', sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(fk_name, 'letter', table, [column], ['id'])
    op.add_column(
        'letter',
        sa.Column('respondent_level', sa.Enum(*RESPONDENT_LEVELS, name='respondentlevel', native_enum=False, length=32), nullable=True),
    )
    op.add_column('letter', sa.Column('routing_override_reason', sa.String(length=500), nullable=True))


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        # DROP COLUMN refuses a column with a foreign key: recreate the table without the columns, replaying
        # its triggers (FTS5), which a recreate drops.
        triggers = [
            row[0]
            for row in bind.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'letter' ORDER BY name"
            )
        ]
        with op.batch_alter_table('letter', recreate='always') as batch_op:
            batch_op.drop_column('routing_override_reason')
            batch_op.drop_column('respondent_level')
            for column in reversed(LETTER_FOREIGN_KEYS):
                batch_op.drop_column(column)
        for statement in triggers:
            op.execute(statement)
    else:
        op.drop_column('letter', 'routing_override_reason')
        op.drop_column('letter', 'respondent_level')
        for column, (_table, fk_name) in reversed(LETTER_FOREIGN_KEYS.items()):
            op.drop_constraint(fk_name, 'letter', type_='foreignkey')
            op.drop_column('letter', column)
    with op.batch_alter_table('routing_rule') as batch_op:
        batch_op.drop_index(batch_op.f('ix_routing_rule_target_agency_id'))
        batch_op.drop_index(batch_op.f('ix_routing_rule_place_unit_id'))
        batch_op.drop_index(batch_op.f('ix_routing_rule_code'))
    op.drop_table('routing_rule')
