"""National database entries (DOMAIN §3.6): one row per visit, letter and case with its entry status.

`visit_national_entry`, `letter_national_entry`, `case_national_entry`: the record's id as primary key (a
foreign key to it), the copies the worklist filters on (the record's day, office and officer), the status
(PENDING / ENTERED), the entry day, the national reference (unique per kind), who entered it and when. Partial
indexes over the pending rows serve the worklist in its order (petitions.national.models explains the choice).

Every record already registered (but a voided letter: nothing to enter) is backfilled as pending, set-based: the application cannot know what an
office entered before it kept this status, so the worklist shows them until an officer records their entry.

Revision ID: a9d4e2f7c1b8
Revises: b9d2f4a6c8e1
Create Date: 2026-12-06 23:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a9d4e2f7c1b8'
down_revision = 'b9d2f4a6c8e1'
branch_labels = None
depends_on = None

PENDING = "entry_status = 'PENDING'"
# (entry table, record table, day column, agency column, officer expression, which records)
KINDS = (
    ("visit_national_entry", "visit", "visited_on", "agency_id", "coalesce(officer_id, created_by_id)", "1 = 1"),
    ("letter_national_entry", "letter", "received_on", "agency_in_charge_id",
     "coalesce(assigned_officer_id, registered_by_id)", "is_void = false"),
    ("case_national_entry", "case_file", "opened_on", "agency_in_charge_id", "handler_id", "1 = 1"),
)


def upgrade():
    for table, record, day, agency, officer, which in KINDS:
        op.create_table(
            table,
            sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('agency_id', sa.Integer(), nullable=False),
            sa.Column('officer_id', sa.Integer(), nullable=True),
            sa.Column('registered_on', sa.Date(), nullable=False),
            sa.Column('entry_status', sa.Enum('PENDING', 'ENTERED', name='entrystatus', native_enum=False, length=16),
                      server_default='PENDING', nullable=False),
            sa.Column('entered_on', sa.Date(), nullable=True),
            sa.Column('national_reference', sa.String(length=64), nullable=True),
            sa.Column('entered_by_id', sa.Integer(), nullable=True),
            sa.Column('entered_at', sa.DateTime(), nullable=True),
            sa.Column('version', sa.Integer(), server_default='1', nullable=False),
            sa.ForeignKeyConstraint(['id'], [f'{record}.id'], name=op.f(f'fk_{table}_id_{record}'), ondelete='CASCADE'),
            sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f(f'fk_{table}_agency_id_agency')),
            sa.ForeignKeyConstraint(['officer_id'], ['user_account.id'], name=op.f(f'fk_{table}_officer_id_user_account')),
            sa.ForeignKeyConstraint(['entered_by_id'], ['user_account.id'], name=op.f(f'fk_{table}_entered_by_id_user_account')),
            sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
            sa.UniqueConstraint('national_reference', name=op.f(f'uq_{table}_national_reference')),
        )
        op.execute(
            f"INSERT INTO {table} (id, agency_id, officer_id, registered_on, entry_status, version) "
            f"SELECT id, {agency}, {officer}, {day}, 'PENDING', 1 FROM {record} WHERE {which}"
        )
        for name, columns in (
            ('pending_agency', ['agency_id', 'registered_on', 'id']),
            ('pending_officer', ['officer_id', 'registered_on', 'id']),
            ('pending_day', ['registered_on', 'id']),
        ):
            op.create_index(
                f'ix_{table}_{name}', table, columns,
                sqlite_where=sa.text(PENDING), postgresql_where=sa.text(PENDING),
            )


def downgrade():
    for table, *_ in reversed(KINDS):
        for name in ('pending_day', 'pending_officer', 'pending_agency'):
            op.drop_index(f'ix_{table}_{name}', table_name=table)
        op.drop_table(table)
