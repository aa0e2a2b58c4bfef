"""History: one row per field change in the same transaction, redacted personal data, append-only."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from petitions.cases.models import CaseFileStatusEvent
from petitions.cases.services import record_case_status
from petitions.domain.records import CaseStatus, LetterStatus
from petitions.extensions import db
from petitions.history import HistoryEntry, history_context, history_of, latest_entry
from petitions.letters.models import LetterStatusEvent
from petitions.letters.services import record_letter_status
from tests.factories import make_agency, make_case, make_citizen, make_letter, make_user


def _updates(record_type: str, record_id: int) -> dict[str, HistoryEntry]:
    return {e.field: e for e in history_of(record_type, record_id) if e.action == "update"}


def test_history_records_creation_of_letter(session):
    letter = make_letter()
    entries = history_of("letter", letter.id)
    assert [e.action for e in entries] == ["create"]


def test_history_records_every_changed_field_with_old_and_new_values(session):
    letter = make_letter()
    letter.competent_body = "Chủ tịch UBND xã cũ"
    db.session.flush()
    other = make_agency()
    actor = make_user()
    with history_context(actor=actor, reason="Sửa sai khi nhập"):
        letter.competent_body = "Chủ tịch UBND xã mới"
        letter.received_on = date(2026, 3, 5)
        letter.agency_in_charge_id = other.id
        db.session.flush()
    changes = {k: v for k, v in _updates("letter", letter.id).items() if v.reason == "Sửa sai khi nhập"}
    assert set(changes) == {"competent_body", "received_on", "agency_in_charge_id"}
    assert (changes["competent_body"].old_value, changes["competent_body"].new_value) == (
        "Chủ tịch UBND xã cũ", "Chủ tịch UBND xã mới"
    )
    assert changes["received_on"].new_value == "2026-03-05"
    assert changes["agency_in_charge_id"].new_value == str(other.id)
    assert all(e.actor_id == actor.id and e.reason == "Sửa sai khi nhập" for e in changes.values())


def test_history_records_relationship_change_by_foreign_key(session):
    letter = make_letter()
    other = make_agency()
    letter.agency_in_charge = other
    db.session.flush()
    assert _updates("letter", letter.id)["agency_in_charge_id"].new_value == str(other.id)


def test_history_ignores_version_stamps_and_folded_columns(session):
    citizen = make_citizen()
    citizen.full_name = "Đặng Thị Ánh"
    db.session.flush()
    assert set(_updates("citizen", citizen.id)) == {"full_name"}


def test_history_redacts_personal_fields_without_values(session):
    citizen = make_citizen(full_name="Lê Văn Riêng", phone="0900000001", address_text="Thôn Đông")
    citizen.full_name = "Lê Văn Mới"
    citizen.phone = "0900000002"
    citizen.address_text = "Thôn Tây"
    db.session.flush()
    changes = _updates("citizen", citizen.id)
    assert set(changes) == {"full_name", "phone", "address_text"}
    for entry in changes.values():
        assert entry.redacted is True
        assert entry.old_value is None and entry.new_value is None
    dump = " ".join(f"{e.old_value} {e.new_value} {e.reason}" for e in history_of("citizen", citizen.id))
    assert "Riêng" not in dump and "0900000001" not in dump and "Đông" not in dump


def test_history_is_rolled_back_with_the_change(session):
    letter = make_letter()
    before = len(history_of("letter", letter.id))
    nested = db.session.begin_nested()
    letter.summary = "Thay đổi bị hủy"
    db.session.flush()
    nested.rollback()
    assert len(history_of("letter", letter.id)) == before


def test_history_records_deletion(session):
    citizen = make_citizen()
    citizen_id = citizen.id
    db.session.delete(citizen)
    db.session.flush()
    assert [e.action for e in history_of("citizen", citizen_id)] == ["create", "delete"]


def test_history_names_signed_in_user_of_a_request_by_default(app, session):
    from tests.factories import signed_in_client

    client, user = signed_in_client(app)
    agency = make_agency()
    with app.test_request_context("/"):
        from flask_login import login_user

        user.current_session = user.current_session  # loaded by the client's sign-in
        login_user(user)
        agency.name = "Tên mới của cơ quan"
        db.session.flush()
    entry = latest_entry(agency)
    assert entry is not None and entry.field == "name" and entry.actor_id == user.id


@pytest.mark.parametrize("statement", ["UPDATE {table} SET {column} = {value}", "DELETE FROM {table}"])
@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("history_entry", "reason", "'sửa lén'"),
        ("letter_status_event", "note", "'sửa lén'"),
        ("case_file_status_event", "note", "'sửa lén'"),
    ],
)
def test_database_refuses_changes_to_append_only_rows(session, statement, table, column, value):
    letter = make_letter()
    case = make_case()
    record_letter_status(letter, LetterStatus.ASSIGNED, effective_on=date(2026, 3, 3))
    record_case_status(case, CaseStatus.ACCEPTED, effective_on=date(2026, 3, 4))
    sql = sa.text(statement.format(table=table, column=column, value=value))
    with pytest.raises(sa.exc.DBAPIError) as refused:
        with db.session.begin_nested():
            db.session.execute(sql)
    assert "append-only" in str(refused.value)
    count = db.session.scalar(sa.text(f"SELECT count(*) FROM {table}"))
    assert count and count > 0


def test_letter_status_change_writes_field_history_and_dated_event(session):
    letter = make_letter()
    actor = make_user()
    record_letter_status(letter, LetterStatus.FORWARDED, effective_on=date(2026, 3, 10), actor=actor)
    events = db.session.scalars(
        sa.select(LetterStatusEvent).where(LetterStatusEvent.letter_id == letter.id).order_by(LetterStatusEvent.id)
    ).all()
    assert [(e.status, e.effective_on) for e in events] == [
        (LetterStatus.RECEIVED, date(2026, 3, 2)),
        (LetterStatus.FORWARDED, date(2026, 3, 10)),
    ]
    assert events[-1].recorded_by_id == actor.id
    status_change = _updates("letter", letter.id)["status"]
    assert (status_change.old_value, status_change.new_value) == ("received", "forwarded")


def test_case_status_change_writes_field_history_and_dated_event(session):
    case = make_case()
    record_case_status(case, CaseStatus.ACCEPTED, effective_on=date(2026, 3, 12))
    assert case.accepted_on == date(2026, 3, 12)
    statuses = db.session.scalars(
        sa.select(CaseFileStatusEvent.status).where(CaseFileStatusEvent.case_file_id == case.id)
    ).all()
    assert statuses == [CaseStatus.OPEN, CaseStatus.ACCEPTED]
    assert _updates("case", case.id)["status"].new_value == "accepted"
