"""check_version: stale saves name who saved first and when."""

from __future__ import annotations

import pytest

from petitions.concurrency import StaleRecord, check_version
from petitions.extensions import db
from petitions.history import history_context
from tests.factories import make_agency, make_letter, make_user


def test_check_version_accepts_current_version(session):
    letter = make_letter()
    check_version(letter, str(letter.version))


@pytest.mark.parametrize("posted", ["", None, "abc", "0"])
def test_check_version_refuses_missing_or_wrong_version(session, posted):
    letter = make_letter()
    with pytest.raises(StaleRecord):
        check_version(letter, posted)


def test_stale_record_names_who_saved_first_and_when(session):
    agency = make_agency()
    loaded_version = agency.version
    first = make_user(full_name="Phạm Thị Lưu")
    with history_context(actor=first):
        agency.name = "Tên do người khác lưu"
        db.session.flush()
    with pytest.raises(StaleRecord) as stale:
        check_version(agency, loaded_version)
    assert stale.value.saved_by == "Phạm Thị Lưu"
    assert "Phạm Thị Lưu" in str(stale.value)
    assert "chưa được lưu" in str(stale.value)
