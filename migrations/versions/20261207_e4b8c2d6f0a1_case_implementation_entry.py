"""The dated implementation ledger (case_implementation_entry): one append-only entry per record of a decision's
implementation with the cumulative implemented figures after it, so 02/KQGQ and 04/KQGQ can tell what was done
before a window (case_outcome keeps only the latest figures).

Backfill, set-based: one entry per case whose outcome records any implementation, dated its latest
RECORD_IMPLEMENTATION status event (else the outcome's implemented_on, else its decision date), with the
outcome's figures; earlier intermediate records are not recoverable from case_outcome.

Revision ID: e4b8c2d6f0a1
Revises: a9d3f5b7c1e2
Create Date: 2026-12-07 06:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e4b8c2d6f0a1'
down_revision = 'a9d3f5b7c1e2'
branch_labels = None
depends_on = None

DONE = (
    "recovered_money", "recovered_land", "returned_money_orgs", "returned_land_orgs", "returned_money_persons",
    "returned_land_persons", "disciplined_persons", "disciplined_officials", "prosecuted_cases",
    "prosecuted_persons", "prosecuted_officials",
)


def upgrade():
    op.create_table(
        'case_implementation_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_file_id', sa.Integer(), nullable=False),
        sa.Column('effective_on', sa.Date(), nullable=False),
        # Money and land as scaled integers (petitions.db_types), then the counts.
        *(sa.Column(name, sa.BigInteger() if name in DONE[:6] else sa.Integer(), server_default='0', nullable=False)
          for name in DONE),
        sa.Column('fully_done', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('supersedes_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.String(length=500), nullable=True),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['case_file_id'], ['case_file.id'],
                                name=op.f('fk_case_implementation_entry_case_file_id_case_file')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'],
                                name=op.f('fk_case_implementation_entry_recorded_by_id_user_account')),
        sa.ForeignKeyConstraint(['supersedes_id'], ['case_implementation_entry.id'],
                                name=op.f('fk_case_implementation_entry_supersedes_id_case_implementation_entry')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_implementation_entry')),
        sa.UniqueConstraint('supersedes_id', name=op.f('uq_case_implementation_entry_supersedes_id')),
    )
    with op.batch_alter_table('case_implementation_entry') as batch_op:
        batch_op.create_index('ix_case_implementation_case_day', ['case_file_id', 'effective_on', 'id'])
        batch_op.create_index('ix_case_implementation_day', ['effective_on'])

    columns = ", ".join(DONE)
    outcome_columns = ", ".join(f"o.{name}" for name in DONE)
    anything = " OR ".join([f"o.{name} <> 0" for name in DONE] + ["o.implemented_on IS NOT NULL"])
    latest = (
        "SELECT MAX(e.effective_on) FROM case_file_status_event e "
        "WHERE e.case_file_id = o.case_file_id AND e.transition = 'record_implementation'"
    )
    recorded = (
        "SELECT MAX(e.recorded_at) FROM case_file_status_event e "
        "WHERE e.case_file_id = o.case_file_id AND e.transition = 'record_implementation'"
    )
    op.execute(
        f"INSERT INTO case_implementation_entry (case_file_id, effective_on, {columns}, fully_done, note, "
        "recorded_at, recorded_by_id) "
        f"SELECT o.case_file_id, COALESCE(({latest}), o.implemented_on, o.decided_on, CAST(o.updated_at AS DATE)), "
        f"{outcome_columns}, o.implemented_on IS NOT NULL, 'Chuyển từ kết quả thực hiện đã ghi', "
        f"COALESCE(({recorded}), o.updated_at), NULL "
        f"FROM case_outcome o WHERE {anything}"
    )


def downgrade():
    op.drop_table('case_implementation_entry')
