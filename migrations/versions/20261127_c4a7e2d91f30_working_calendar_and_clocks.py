"""Working calendar (calendar_version, calendar_day) and statutory clocks on letters and cases (clock).

Revision ID: c4a7e2d91f30
Revises: 5d0c1e7a9b21
Create Date: 2026-11-27 04:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4a7e2d91f30'
down_revision = '5d0c1e7a9b21'
branch_labels = None
depends_on = None

DAY_KINDS = ('HOLIDAY', 'COMPENSATORY', 'SWAP', 'MAKE_UP')


def upgrade():
    op.create_table(
        'calendar_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=100), nullable=False),
        sa.Column('first_year', sa.Integer(), nullable=False),
        sa.Column('last_year', sa.Integer(), nullable=False),
        sa.Column('decision_numbers', sa.String(length=500), server_default='', nullable=False),
        sa.Column('notes', sa.Text(), server_default='', nullable=False),
        sa.Column('confirmed_at', sa.DateTime(), nullable=False),
        sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['confirmed_by_id'], ['user_account.id'],
            name=op.f('fk_calendar_version_confirmed_by_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_version')),
        sa.UniqueConstraint('label', name=op.f('uq_calendar_version_label')),
    )

    op.create_table(
        'calendar_day',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('is_working', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('kind', sa.Enum(*DAY_KINDS, name='daykind', native_enum=False, length=32), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('source', sa.String(length=255), server_default='', nullable=False),
        sa.Column('decision_no', sa.String(length=100), nullable=True),
        sa.Column('calendar_version_id', sa.Integer(), nullable=True),
        sa.Column('confirmed_at', sa.DateTime(), nullable=True),
        sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['calendar_version_id'], ['calendar_version.id'],
            name=op.f('fk_calendar_day_calendar_version_id_calendar_version'),
        ),
        sa.ForeignKeyConstraint(
            ['confirmed_by_id'], ['user_account.id'],
            name=op.f('fk_calendar_day_confirmed_by_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_day')),
        sa.UniqueConstraint('day', name=op.f('uq_calendar_day_day')),
    )
    with op.batch_alter_table('calendar_day', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_day_calendar_version_id'), ['calendar_version_id'], unique=False)

    op.create_table(
        'clock',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('record_type', sa.String(length=16), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('rule_id', sa.String(length=8), nullable=False),
        sa.Column('trigger_on', sa.Date(), nullable=False),
        sa.Column('variants', sa.String(length=200), server_default='', nullable=False),
        sa.Column('base', sa.Integer(), nullable=True),
        sa.Column('extension_days', sa.JSON(), nullable=False),
        sa.Column('pauses', sa.JSON(), nullable=False),
        sa.Column('paused_since', sa.Date(), nullable=True),
        sa.Column('obstacles', sa.JSON(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('explanation', sa.Text(), server_default='', nullable=False),
        sa.Column('calendar_version', sa.String(length=100), server_default='', nullable=False),
        sa.Column('generation', sa.Date(), nullable=True),
        sa.Column('opened_at', sa.DateTime(), nullable=False),
        sa.Column('opened_by_id', sa.Integer(), nullable=True),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.Column('close_reason', sa.String(length=255), nullable=True),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['opened_by_id'], ['user_account.id'], name=op.f('fk_clock_opened_by_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_clock')),
    )
    with op.batch_alter_table('clock', schema=None) as batch_op:
        batch_op.create_index('ix_clock_record', ['record_type', 'record_id'], unique=False)
        batch_op.create_index('ix_clock_open', ['closed_at', 'due_on'], unique=False)


def downgrade():
    with op.batch_alter_table('clock', schema=None) as batch_op:
        batch_op.drop_index('ix_clock_open')
        batch_op.drop_index('ix_clock_record')
    op.drop_table('clock')

    with op.batch_alter_table('calendar_day', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_day_calendar_version_id'))
    op.drop_table('calendar_day')
    op.drop_table('calendar_version')
