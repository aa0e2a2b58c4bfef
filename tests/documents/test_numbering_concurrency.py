"""Concurrent issuing: 50 parallel issues get 50 distinct consecutive numbers (on the DATABASE_URL database).

Each thread has its own application context, hence its own session and connection, and commits
for real (committed_app). SQLite serialises them with BEGIN IMMEDIATE, PostgreSQL with
SELECT … FOR UPDATE on the counter row (and the insert-if-missing race on the first issue of the year).
"""

from __future__ import annotations

import threading
from datetime import date

import sqlalchemy as sa

from petitions.documents import services
from petitions.documents.models import Document
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.numbering import NumberKind, RegisterCounter
from tests.factories import make_agency, make_document, make_user

PARALLEL = 50
DAY = date(2026, 4, 1)


def _issue_in_parallel(app, document_ids: list[int], leader_id: int) -> list[BaseException]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(document_ids))
    errors: list[BaseException] = []

    def worker(document_id: int) -> None:
        try:
            with app.app_context():
                barrier.wait(timeout=30)
                try:
                    with immediate_transactions():
                        document = db.session.get(Document, document_id)
                        services.issue_document(document, issue_date=DAY, actor=_user(leader_id))
                        db.session.commit()
                finally:
                    db.session.remove()
        except BaseException as failure:  # noqa: BLE001 - reported by the test
            errors.append(failure)

    threads = [threading.Thread(target=worker, args=(document_id,)) for document_id in document_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _user(user_id: int):  # type: ignore[no-untyped-def]
    from petitions.auth.models import User

    return db.session.get(User, user_id)


def test_fifty_parallel_issues_get_fifty_consecutive_numbers(committed_app):
    with committed_app.app_context():
        agency = make_agency(code="PAR")
        other = make_agency(code="PAR2")
        leader = make_user(role=Role.LEADER, agency=agency)
        ids = [make_document(issuing_agency=agency).id for _ in range(PARALLEL)]
        other_ids = [make_document(issuing_agency=other).id for _ in range(5)]
        db.session.commit()
        agency_id, other_id, leader_id = agency.id, other.id, leader.id
        db.session.remove()

    errors = _issue_in_parallel(committed_app, ids + other_ids, leader_id)
    assert errors == []

    with committed_app.app_context():
        numbers = db.session.scalars(
            sa.select(Document.number)
            .where(Document.issuing_agency_id == agency_id)
            .order_by(Document.number)
        ).all()
        assert numbers == list(range(1, PARALLEL + 1))
        others = db.session.scalars(
            sa.select(Document.number).where(Document.issuing_agency_id == other_id).order_by(Document.number)
        ).all()
        assert others == [1, 2, 3, 4, 5]
        counters = dict(
            db.session.execute(
                sa.select(RegisterCounter.agency_id, RegisterCounter.last_number).where(
                    RegisterCounter.kind == NumberKind.DOCUMENT_REGISTER, RegisterCounter.year == DAY.year
                )
            ).all()
        )
        assert counters == {agency_id: PARALLEL, other_id: 5}
        db.session.remove()
