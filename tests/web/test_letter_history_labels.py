"""The letter page's history names every field it can show and writes dates the Vietnamese way: a field
without a label read "Trường khác: → 2026-12-07" (the urgent report's moment)."""

from __future__ import annotations

from datetime import date, datetime

from petitions.history import as_text
from petitions.letters.labels import HISTORY_FIELD_LABELS, history_value
from petitions.letters.models import Letter


def test_every_tracked_letter_field_has_a_label():
    ignored = Letter.__history_ignored__
    tracked = {c.name for c in Letter.__table__.columns if c.name not in ignored and not c.name.endswith("_folded")}
    assert tracked - set(HISTORY_FIELD_LABELS) == set()


def test_dates_and_moments_in_history_read_as_in_the_office(app):
    with app.test_request_context():
        assert history_value("filed_on", as_text(date(2026, 12, 7))) == "07/12/2026"
        # Stored in UTC, shown in Vietnam time (UTC+7).
        assert history_value("urgent_reported_at", as_text(datetime(2026, 12, 7, 4, 15))) == "07/12/2026 11:15"
        assert history_value("respondent", "2026-12-07 là ngày") == "2026-12-07 là ngày"
        assert history_value("summary", "Khiếu nại") == "Khiếu nại"
