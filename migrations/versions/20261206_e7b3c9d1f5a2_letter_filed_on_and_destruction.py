"""Filed letters and their destruction (DOMAIN §3.5 "file, destroy", §3.6, D11): the day a letter was filed
on the letter's row, and the destruction record (biên bản hủy đơn) that destroyed it.

`letter.filed_on` is what the retention (one year, D11) counts from; the services set it with the status
(petitions.letters.services.record_letter_status). It is backfilled, set-based, from the first FILED status
event of every letter filed or destroyed (a filed letter never leaves that state but to be destroyed, so
the first FILED event is its filing). A partial index over the filed letters, by office and filing day,
serves the leader's page of letters past retention without reading the rest of the register.

`letter.destruction_document_id` names the destruction record in the document register (the documents area
sits above letters: no foreign key, as for proposal_document_id).

Revision ID: e7b3c9d1f5a2
Revises: 9e4c2a7b1d53
Create Date: 2026-12-06 20:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e7b3c9d1f5a2'
down_revision = '9e4c2a7b1d53'
branch_labels = None
depends_on = None

FILED = "status = 'FILED'"


def upgrade():
    op.add_column('letter', sa.Column('filed_on', sa.Date(), nullable=True))
    op.add_column('letter', sa.Column('destruction_document_id', sa.Integer(), nullable=True))
    op.execute(
        "UPDATE letter SET filed_on = (SELECT min(e.effective_on) FROM letter_status_event e "
        "WHERE e.letter_id = letter.id AND e.status = 'FILED') WHERE letter.status IN ('FILED', 'DESTROYED')"
    )
    op.create_index(
        'ix_letter_filed', 'letter', ['agency_in_charge_id', 'filed_on', 'id'],
        sqlite_where=sa.text(FILED), postgresql_where=sa.text(FILED),
    )


def downgrade():
    op.drop_index('ix_letter_filed', table_name='letter')
    with op.batch_alter_table('letter') as batch:
        batch.drop_column('destruction_document_id')
        batch.drop_column('filed_on')
