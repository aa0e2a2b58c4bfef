"""Background jobs (petitions.jobs): each job's kind, parameters, the user who started it, its status, attempts and
limit, the error shown to that user, the result file and its download name, and when it was queued, started and
finished.

Revision ID: 82b5b20124a3
Revises: a7c3e5f9b1d4
Create Date: 2026-12-07 21:07:15.943858

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '82b5b20124a3'
down_revision = 'a7c3e5f9b1d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('background_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=48), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('QUEUED', 'RUNNING', 'DONE', 'FAILED', name='jobstatus', native_enum=False, length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('max_attempts', sa.Integer(), server_default='3', nullable=False),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('result_path', sa.String(length=255), nullable=True),
    sa.Column('result_name', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_background_job_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_background_job'))
    )
    with op.batch_alter_table('background_job', schema=None) as batch_op:
        batch_op.create_index('ix_background_job_status', ['status', 'id'], unique=False)
        batch_op.create_index('ix_background_job_user_id', ['user_id', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('background_job', schema=None) as batch_op:
        batch_op.drop_index('ix_background_job_user_id')
        batch_op.drop_index('ix_background_job_status')

    op.drop_table('background_job')
