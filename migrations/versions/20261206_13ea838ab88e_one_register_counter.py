"""One counter table for every numbered sequence (letter register, document register, reception book).

The letter and document counters are copied over unchanged. The reception book had no counter (its
numbers were max()+1 of the book, which collides under concurrent intakes): its counters start at the
highest book number each agency used in each year. Receipts print their visit's book number and have
no sequence of their own. Downgrade restores the two old tables from the new one.

Revision ID: 13ea838ab88e
Revises: d2f4a6c8e0b1
Create Date: 2026-12-06 10:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '13ea838ab88e'
down_revision = 'd2f4a6c8e0b1'
branch_labels = None
depends_on = None

# The old tables and the kind (member name, as the model stores it) each one becomes.
OLD_COUNTERS = (
    ('letter_register_counter', 'LETTER_REGISTER'),
    ('document_number_counter', 'DOCUMENT_REGISTER'),
)


def _create_old_counter(name):
    """The old per-area counter table, exactly as revisions a9c3f1d27b64 and 5d0c1e7a9b21 made it."""
    op.create_table(
        name,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('last_number', sa.Integer(), server_default='0', nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f(f'fk_{name}_agency_id_agency')),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}')),
        sa.UniqueConstraint('agency_id', 'year', name=op.f(f'uq_{name}_agency_id_year')),
    )


def upgrade():
    op.create_table(
        'register_counter',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column(
            'kind',
            sa.Enum(
                'LETTER_REGISTER', 'DOCUMENT_REGISTER', 'RECEPTION_BOOK',
                name='numberkind', native_enum=False, length=32,
            ),
            nullable=False,
        ),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('last_number', sa.Integer(), server_default='0', nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_register_counter_agency_id_agency')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_register_counter')),
        sa.UniqueConstraint('kind', 'agency_id', 'year', name=op.f('uq_register_counter_kind_agency_id_year')),
    )
    for table, kind in OLD_COUNTERS:
        op.execute(
            "INSERT INTO register_counter (kind, agency_id, year, last_number, updated_at) "
            f"SELECT '{kind}', agency_id, year, last_number, updated_at FROM {table}"
        )
    op.execute(
        "INSERT INTO register_counter (kind, agency_id, year, last_number, updated_at) "
        "SELECT 'RECEPTION_BOOK', agency_id, book_year, MAX(book_number), CURRENT_TIMESTAMP "
        "FROM visit GROUP BY agency_id, book_year"
    )
    for table, _kind in OLD_COUNTERS:
        op.drop_table(table)


def downgrade():
    for table, kind in OLD_COUNTERS:
        _create_old_counter(table)
        op.execute(
            f"INSERT INTO {table} (agency_id, year, last_number, updated_at) "
            f"SELECT agency_id, year, last_number, updated_at FROM register_counter WHERE kind = '{kind}'"
        )
    # The reception book goes back to numbering from its own rows (max()+1), so its counters go.
    op.drop_table('register_counter')
