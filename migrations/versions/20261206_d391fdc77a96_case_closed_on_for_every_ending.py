"""A case's closed_on for every ending: a case that ended terminated, not accepted, lapsed or taken to court kept
closed_on empty (only "closed" set it). Filled, set-based, from the case's status events: the first event of its
current run of endings (after its last event in an open status), the day the office's handling ended, as
petitions.cases.services.record_case_status now sets it. Data only; nothing to undo on downgrade (a closed case's
date was right before and stays).

Revision ID: d391fdc77a96
Revises: a9d4e2f7c1b8
Create Date: 2026-12-06 23:50:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd391fdc77a96'
down_revision = 'a9d4e2f7c1b8'
branch_labels = None
depends_on = None

# petitions.domain.records.CLOSED_CASE_STATUSES as stored (the enum's names; copied: a migration stays as written).
ENDINGS = "('CLOSED', 'TERMINATED', 'NOT_ACCEPTED', 'LAPSED', 'TO_COURT')"


def upgrade() -> None:
    op.execute(
        f"""
        UPDATE case_file SET closed_on = (
            SELECT min(ended.effective_on) FROM case_file_status_event AS ended
            WHERE ended.case_file_id = case_file.id AND ended.status IN {ENDINGS}
              AND ended.id > coalesce((
                  SELECT max(open_event.id) FROM case_file_status_event AS open_event
                  WHERE open_event.case_file_id = case_file.id AND open_event.status NOT IN {ENDINGS}
              ), 0)
        )
        WHERE closed_on IS NULL AND status IN {ENDINGS}
        """
    )


def downgrade() -> None:
    pass
