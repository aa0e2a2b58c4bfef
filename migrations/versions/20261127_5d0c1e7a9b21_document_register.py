"""Document register: outgoing documents (drafts, issued, void) and the per-agency yearly number counter.

Revision ID: 5d0c1e7a9b21
Revises: 8497c75e3ff7
Create Date: 2026-11-27 04:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5d0c1e7a9b21"
down_revision = "8497c75e3ff7"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(length=48), nullable=False),
        sa.Column("subject", sa.Text(), server_default="", nullable=False),
        sa.Column("body_data", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("copies_to", sa.JSON(), nullable=False),
        sa.Column("archive_unit", sa.String(length=64), server_default="", nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("issuing_agency_id", sa.Integer(), nullable=False),
        sa.Column("issuing_body", sa.String(length=255), nullable=False),
        sa.Column("parent_body", sa.String(length=255), server_default="", nullable=False),
        sa.Column("signer_position", sa.String(length=200), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("signer_authority", sa.String(length=8), server_default="", nullable=False),
        sa.Column("signer_principal", sa.String(length=200), server_default="", nullable=False),
        sa.Column("signer_collective", sa.String(length=200), server_default="", nullable=False),
        sa.Column(
            "status",
            sa.Enum("DRAFT", "ISSUED", "VOID", name="documentstatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("number_year", sa.Integer(), nullable=True),
        sa.Column("symbol", sa.String(length=64), server_default="", nullable=False),
        sa.Column("number_symbol", sa.String(length=80), nullable=True),
        sa.Column("issue_date", sa.Date(), nullable=True),
        sa.Column(
            "number_source",
            sa.Enum("APP", "VAN_THU", name="numbersource", native_enum=False, length=16),
            nullable=True,
        ),
        sa.Column("issued_at", sa.DateTime(), nullable=True),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_file_path", sa.String(length=255), nullable=True),
        sa.Column("signed_file_sha256", sa.String(length=64), nullable=True),
        sa.Column("signed_file_size", sa.Integer(), nullable=True),
        sa.Column("signed_uploaded_at", sa.DateTime(), nullable=True),
        sa.Column("signed_uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.String(length=500), nullable=True),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("record_type", sa.String(length=32), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issuing_agency_id"], ["agency.id"], name=op.f("fk_document_issuing_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["user_account.id"], name=op.f("fk_document_issued_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["signed_uploaded_by_id"],
            ["user_account.id"],
            name=op.f("fk_document_signed_uploaded_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"], ["user_account.id"], name=op.f("fk_document_voided_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name=op.f("fk_document_created_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint(
            "issuing_agency_id",
            "number_year",
            "number",
            name=op.f("uq_document_issuing_agency_id_number_year_number"),
        ),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_doc_type"), ["doc_type"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_document_issuing_agency_id"), ["issuing_agency_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_document_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_issue_date"), ["issue_date"], unique=False)
        batch_op.create_index("ix_document_record", ["record_type", "record_id"], unique=False)

    op.create_table(
        "document_number_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_document_number_counter_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_number_counter")),
        sa.UniqueConstraint("agency_id", "year", name=op.f("uq_document_number_counter_agency_id_year")),
    )


def downgrade():
    op.drop_table("document_number_counter")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index("ix_document_record")
        batch_op.drop_index(batch_op.f("ix_document_issue_date"))
        batch_op.drop_index(batch_op.f("ix_document_status"))
        batch_op.drop_index(batch_op.f("ix_document_issuing_agency_id"))
        batch_op.drop_index(batch_op.f("ix_document_doc_type"))
    op.drop_table("document")
