"""The national-database generator of `petitions demo`: each visit, letter and case of the batch gets its entry.

Listed in petitions.cli.DEMO_GENERATORS last: it reads the rows the other generators queued. An office keeps
up with most of its entries: a record whose due day has long passed was entered, mostly within the working
days the rule gives (petitions.domain.national), some after; a share of the old ones was forgotten and is
still pending (late), and the newest records are pending or entered in the last days. The pending rows are
what the worklist reads, so its measured pages meet a realistic backlog, not the whole register.
No history rows: demo data is nobody's work.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from petitions.demo import DemoBatch, office_moment
from petitions.domain.national import RecordKind
from petitions.national.models import ENTRY_MODELS, entry_table

FORGOTTEN_SHARE = 0.03  # old records never entered: the late ones of the worklist
RECENT_DAYS = 10  # records this recent may still wait for their entry

# (record table, kind, day column, agency column, officer columns in order of preference, reference prefix)
_KINDS: tuple[tuple[str, RecordKind, str, str, tuple[str, ...], str], ...] = (
    ("visit", RecordKind.VISIT, "visited_on", "agency_id", ("officer_id", "created_by_id"), "TCD"),
    ("letter", RecordKind.LETTER, "received_on", "agency_in_charge_id", ("assigned_officer_id", "registered_by_id"), "XLD"),
    ("case_file", RecordKind.CASE, "opened_on", "agency_in_charge_id", ("handler_id",), "VV"),
)


def generate_national(batch: DemoBatch) -> int:
    """Queue one entry row per record the batch made; returns how many."""
    rng, today = batch.rng, batch.today
    made = 0
    for record_table, kind, day_column, agency_column, officer_columns, prefix in _KINDS:
        records = batch.rows.get(record_table, [])
        table = entry_table(ENTRY_MODELS[kind])
        for row in records:
            if row.get("is_void"):
                continue  # a voided registration is nothing to enter
            day: date = row[day_column]
            officer = next((row[c] for c in officer_columns if row.get(c)), None)
            entry: dict[str, Any] = {
                "id": row["id"], "agency_id": row[agency_column], "officer_id": officer, "registered_on": day,
                "entry_status": "PENDING", "entered_on": None, "national_reference": None, "entered_by_id": None,
                "entered_at": None, "version": 1,
            }
            age = (today - day).days
            entered_on = day + timedelta(days=rng.choice((0, 1, 1, 2, 3, 4, 6, 9)))
            forgotten = age > RECENT_DAYS and rng.random() < FORGOTTEN_SHARE
            if entered_on <= today and not forgotten and (age > RECENT_DAYS or rng.random() < 0.5):
                entry.update(
                    entry_status="ENTERED", entered_on=entered_on, national_reference=f"{prefix}-{row['id']}",
                    entered_by_id=officer, entered_at=office_moment(entered_on, rng), version=2,
                )
            batch.add(table, entry)
            made += 1
    return made
