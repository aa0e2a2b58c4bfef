"""Entry of visits, letters and cases in the national database (DOMAIN §3.6): the due rule and the checks.

Every reception (visit), letter and case must be entered fully and on time in the national database on
citizen reception and complaint handling (NĐ 154 Đ27.1, tbc; Decree 55/2022/NĐ-CP: entry right after the
acceptance notice or decision and during processing). The decree gives no count of days, so the system's
rule, kept here as data (one line per record kind): **a record is due in the national database on the
`working_days`-th working day after its trigger** (the day the visit took place, the letter was received,
the case was opened), counted like every working-day clock (DOMAIN §5: the period starts the day after,
the due date is inclusive). A record still pending after its due day is **late**. Three working days read
"right after" as the entry work of the days following the registration; to be confirmed with the
inspectorate (tbc).

Because the due day only grows with the trigger, "late today" is one comparison of the trigger with a
cutoff computed once from today (`late_cutoff`): the lists filter an indexed date column instead of
computing a due date per row, and a confirmed calendar change moves the cutoff without rewriting rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from petitions.domain.deadlines import WorkingCalendar
from petitions.domain.text import normalise_text
from petitions.domain.types import DomainError

REFERENCE_MAX_LENGTH = 64
REASON_MAX_LENGTH = 500


class RecordKind(StrEnum):
    """The three kinds of record the national database holds."""

    VISIT = "visit"
    LETTER = "letter"
    CASE = "case"


class EntryStatus(StrEnum):
    PENDING = "pending"  # chưa nhập
    ENTERED = "entered"  # đã nhập


@dataclass(frozen=True)
class EntryRule:
    """When a record of this kind is due in the national database."""

    kind: RecordKind
    trigger: str  # the record's date the count starts from (documentation; the area reads that column)
    working_days: int
    basis: str


ENTRY_RULES: tuple[EntryRule, ...] = (
    EntryRule(RecordKind.VISIT, "visited_on", 3, "NĐ 55/2022; NĐ 154 Đ27.1 (tbc); số ngày: quy tắc của hệ thống"),
    EntryRule(RecordKind.LETTER, "received_on", 3, "NĐ 55/2022; NĐ 154 Đ27.1 (tbc); số ngày: quy tắc của hệ thống"),
    EntryRule(RecordKind.CASE, "opened_on", 3, "NĐ 55/2022; NĐ 154 Đ27.1 (tbc); số ngày: quy tắc của hệ thống"),
)


class EntryError(DomainError):
    """An entry or a correction the rules refuse; `field` names the form field the message belongs to."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def rule_for(kind: RecordKind | str) -> EntryRule:
    kind = RecordKind(kind)
    for rule in ENTRY_RULES:
        if rule.kind == kind:
            return rule
    raise EntryError(f"Không có quy tắc nhập cơ sở dữ liệu quốc gia cho loại hồ sơ {kind}.")


def entry_due(trigger: date, rule: EntryRule, calendar: WorkingCalendar) -> date:
    """The last day the record may be entered on time: the rule's N-th working day after the trigger."""
    return calendar.add_working_days(trigger, rule.working_days)


def late_cutoff(today: date, rule: EntryRule, calendar: WorkingCalendar) -> date:
    """The earliest trigger day that is not late today: a pending record is late iff its trigger is before it.

    A record is late when its due day (the N-th working day after the trigger) is before today, i.e. when N
    working days lie strictly between the trigger and today. Those are the N working days just before today;
    the earliest of them is the cutoff: a trigger before it has all N in between, one on or after it fewer.
    """
    return calendar.subtract_working_days(today, rule.working_days)


def is_late(trigger: date, today: date, rule: EntryRule, calendar: WorkingCalendar) -> bool:
    """Still pending after its due day (the cutoff's comparison; equal to `entry_due(...) < today`)."""
    return trigger < late_cutoff(today, rule, calendar)


def clean_reference(text: str | None) -> str:
    """The national reference as stored: NFC, trimmed, inner runs of spaces made one; required, bounded."""
    reference = " ".join(normalise_text(text).split())
    if not reference:
        raise EntryError("Nhập mã hồ sơ trên cơ sở dữ liệu quốc gia.", field="reference")
    if len(reference) > REFERENCE_MAX_LENGTH:
        raise EntryError(f"Mã hồ sơ quốc gia dài tối đa {REFERENCE_MAX_LENGTH} ký tự.", field="reference")
    return reference


def check_entered_on(entered_on: date | None, *, trigger: date, today: date) -> date:
    """The entry day: given, not after today, not before the record's own day (nothing is entered before it
    exists)."""
    if entered_on is None:
        raise EntryError("Nhập ngày nhập vào cơ sở dữ liệu quốc gia.", field="entered_on")
    if entered_on > today:
        raise EntryError("Ngày nhập không được sau ngày hôm nay.", field="entered_on")
    if entered_on < trigger:
        raise EntryError(
            f"Ngày nhập không được trước ngày của hồ sơ ({trigger.strftime('%d/%m/%Y')}).", field="entered_on"
        )
    return entered_on


def check_mark(status: EntryStatus) -> None:
    """Marking entered is for a pending record; an entered one is changed by a correction (with its reason)."""
    if status != EntryStatus.PENDING:
        raise EntryError("Hồ sơ này đã được nhập cơ sở dữ liệu quốc gia: dùng chức năng sửa thông tin nhập.")


def check_correction(status: EntryStatus, reason: str | None) -> str:
    """A correction changes an entered record's day or reference and says why; returns the reason as stored."""
    if status != EntryStatus.ENTERED:
        raise EntryError("Hồ sơ chưa được nhập cơ sở dữ liệu quốc gia: chưa có gì để sửa.")
    cleaned = " ".join(normalise_text(reason).split())
    if not cleaned:
        raise EntryError("Nêu lý do sửa thông tin nhập.", field="reason")
    if len(cleaned) > REASON_MAX_LENGTH:
        raise EntryError(f"Lý do dài tối đa {REASON_MAX_LENGTH} ký tự.", field="reason")
    return cleaned
