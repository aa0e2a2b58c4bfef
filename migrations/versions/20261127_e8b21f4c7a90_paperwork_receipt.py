"""Paperwork: the receipt given for a visit (lookup code, PIN hash, documents listed).

Revision ID: e8b21f4c7a90
Revises: a7c3e5f90b12
Create Date: 2026-11-27 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e8b21f4c7a90"
down_revision = "a7c3e5f90b12"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("copies", sa.Integer(), server_default="2", nullable=False),
        sa.Column("pin_issued_at", sa.DateTime(), nullable=False),
        sa.Column("pin_issue_count", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_receipt_agency_id_agency")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name=op.f("fk_receipt_created_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], name=op.f("fk_receipt_visit_id_visit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt")),
        sa.UniqueConstraint("code", name=op.f("uq_receipt_code")),
        sa.UniqueConstraint("visit_id", name=op.f("uq_receipt_visit_id")),
    )
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receipt_agency_id"), ["agency_id"], unique=False)


def downgrade():
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receipt_agency_id"))
    op.drop_table("receipt")
