"""Two submissions of the same body and window at once: only one is stored, the other is refused (on the
DATABASE_URL database, each thread with its own application context, session and connection, committing for real).

SQLite serialises the two with BEGIN IMMEDIATE (the second sees the first and is refused: its page was drawn before
it); on PostgreSQL both may pass that check and insert the same next sequence: the unique constraint refuses the
second (petitions.reports.submissions.submit_report)."""

from __future__ import annotations

import threading
from datetime import date

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.directory.models import Agency
from petitions.domain import periods
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.reports import submissions
from petitions.reports.models import ReportSubmission
from tests.factories import make_agency, make_user

Q3 = periods.parse_period("2026-Q3")
TODAY = date(2026, 10, 1)


def _submit_in_parallel(app, agency_id: int, leader_id: int, based_on: int) -> list[BaseException]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(reason: str) -> None:
        try:
            with app.app_context():
                barrier.wait(timeout=30)
                try:
                    with immediate_transactions():
                        submissions.submit_report(
                            agency=db.session.get(Agency, agency_id), period=Q3, actor=db.session.get(User, leader_id),
                            based_on=based_on, reason=reason, today=TODAY,
                        )
                        db.session.commit()
                finally:
                    db.session.remove()
        except BaseException as failure:  # noqa: BLE001 - reported by the test
            errors.append(failure)

    threads = [threading.Thread(target=worker, args=(f"Nộp lại lần {n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_two_submissions_at_once_never_both_become_current(committed_app) -> None:
    with committed_app.app_context():
        agency = make_agency(code="SONG")
        leader = make_user(role=Role.LEADER, agency=agency)
        db.session.commit()
        agency_id, leader_id = agency.id, leader.id
        db.session.remove()

    def refused_once_and_stored(expected: list[tuple[int, int | None]], based_on: int) -> int:
        errors = _submit_in_parallel(committed_app, agency_id, leader_id, based_on)
        assert len(errors) == 1 and isinstance(errors[0], submissions.SubmissionRefused), errors
        assert "vừa được" in str(errors[0]) and "bản của bạn chưa được nộp" in str(errors[0])
        with committed_app.app_context():
            rows = db.session.execute(
                sa.select(ReportSubmission.sequence, ReportSubmission.supersedes_id, ReportSubmission.id)
                .where(ReportSubmission.agency_id == agency_id)
                .order_by(ReportSubmission.sequence)
            ).all()
            db.session.remove()
        assert [(sequence, supersedes) for sequence, supersedes, _ in rows] == expected
        return int(rows[-1][2])

    # Two first submissions (both pages drawn with none yet), then two corrections of the one stored.
    first = refused_once_and_stored([(1, None)], based_on=0)
    refused_once_and_stored([(1, None), (2, first)], based_on=1)
