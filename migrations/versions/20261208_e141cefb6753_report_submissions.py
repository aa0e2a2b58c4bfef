"""Submitted reports (nộp báo cáo): report_submission holds the frozen set of a body and a window — the set's
figures as JSON, for every figure the records it counted, the PDF and the workbook as sent with their SHA-256, who
submitted it and when (petitions.reports.submissions).

Append-only, as history_entry (83d14f5fdcc9): triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL, with
the refuse_append_only_change() function that migration created). A correction is a new row naming the one it
supersedes; (agency_id, window_start_on, window_end_on, sequence) is unique, so of two submissions racing for the
same window only one is stored.

Revision ID: e141cefb6753
Revises: 4d6f8a0c2e1b
Create Date: 2026-12-07 15:46:35.788771

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e141cefb6753'
down_revision = '4d6f8a0c2e1b'
branch_labels = None
depends_on = None

TABLE = 'report_submission'


def _append_only_triggers():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()"
        )
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_{action.lower()} BEFORE {action} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, 'append-only table {TABLE}: {action} refused'); END"
        )


def upgrade():
    op.create_table(
        TABLE,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('period_code', sa.String(length=32), nullable=False),
        sa.Column('window_start_on', sa.Date(), nullable=False),
        sa.Column('window_end_on', sa.Date(), nullable=False),
        sa.Column('generation', sa.Enum('TT_02_2021', 'TT_01_2024', name='generation', native_enum=False, length=16),
                  nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('supersedes_id', sa.Integer(), nullable=True),
        sa.Column('cover_document_id', sa.Integer(), nullable=True),
        sa.Column('figures_as_of', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=True),
        sa.Column('submitted_by_id', sa.Integer(), nullable=True),
        sa.Column('submitted_at', sa.DateTime(), nullable=False),
        sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
        sa.Column('xlsx_sha256', sa.String(length=64), nullable=False),
        sa.Column('pdf_size', sa.Integer(), nullable=False),
        sa.Column('xlsx_size', sa.Integer(), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.Column('records', sa.JSON(), nullable=False),
        sa.Column('pdf', sa.LargeBinary(), nullable=False),
        sa.Column('xlsx', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_report_submission_agency_id_agency')),
        sa.ForeignKeyConstraint(['cover_document_id'], ['document.id'],
                                name=op.f('fk_report_submission_cover_document_id_document')),
        sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'],
                                name=op.f('fk_report_submission_submitted_by_id_user_account')),
        sa.ForeignKeyConstraint(['supersedes_id'], ['report_submission.id'],
                                name=op.f('fk_report_submission_supersedes_id_report_submission')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_submission')),
        sa.UniqueConstraint('agency_id', 'window_start_on', 'window_end_on', 'sequence',
                            name='uq_report_submission_sequence'),
        sa.UniqueConstraint('supersedes_id', name=op.f('uq_report_submission_supersedes_id')),
    )
    op.create_index('ix_report_submission_agency_list', TABLE, ['agency_id', 'id'], unique=False)
    _append_only_triggers()


def downgrade():
    # Dropping the table drops its triggers on both databases (the function stays: 83d14f5fdcc9 owns it).
    op.drop_index('ix_report_submission_agency_list', table_name=TABLE)
    op.drop_table(TABLE)
