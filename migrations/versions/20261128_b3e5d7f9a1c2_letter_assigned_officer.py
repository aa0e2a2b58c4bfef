"""Letters: the officer a letter is assigned to (giao xử lý) and the leader's direction.

Plain ADD COLUMN on both databases: on SQLite a batch recreate of `letter` would drop the FTS5
triggers of a9c3f1d27b64, so this migration never recreates the table.

Revision ID: b3e5d7f9a1c2
Revises: e8b21f4c7a90
Create Date: 2026-11-28 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b3e5d7f9a1c2'
down_revision = 'e8b21f4c7a90'
branch_labels = None
depends_on = None


FK_NAME = 'fk_letter_assigned_officer_id_user_account'


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite accepts a foreign key in ADD COLUMN as a column constraint.
        op.execute(
            f'ALTER TABLE letter ADD COLUMN assigned_officer_id INTEGER '
            f'CONSTRAINT {FK_NAME} REFERENCES user_account (id)'
        )
    else:
        op.add_column('letter', sa.Column('assigned_officer_id', sa.Integer(), nullable=True))
        op.create_foreign_key(FK_NAME, 'letter', 'user_account', ['assigned_officer_id'], ['id'])
    op.add_column('letter', sa.Column('direction', sa.Text(), nullable=True))
    op.create_index('ix_letter_assigned_officer_id', 'letter', ['assigned_officer_id'], unique=False)


def downgrade():
    op.drop_index('ix_letter_assigned_officer_id', table_name='letter')
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        # A later revision (7c1e9a4b2d60) recreates `letter`, which turns the column's foreign key
        # into a table constraint that DROP COLUMN refuses; recreate the table without the columns
        # instead, replaying its triggers (FTS5), which a recreate drops.
        triggers = [
            row[0]
            for row in bind.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'letter' ORDER BY name"
            )
        ]
        with op.batch_alter_table('letter', recreate='always') as batch_op:
            batch_op.drop_column('direction')
            batch_op.drop_column('assigned_officer_id')
        for statement in triggers:
            op.execute(statement)
    else:
        op.drop_constraint(FK_NAME, 'letter', type_='foreignkey')
        op.drop_column('letter', 'direction')
        op.drop_column('letter', 'assigned_officer_id')
