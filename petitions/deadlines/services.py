"""Deadline use cases: clocks on letters and cases, the calendar seed, years proposed, edited and confirmed.

Every due date is computed by petitions.domain.deadlines.compute_due on the calendar of the database
and stored with its explanation and calendar version. A stored due date changes only when its clock
changes (pause, resume, extension) or through the calendar change flow below, which previews the
clocks that would move and writes one history row per moved clock. Services flush; callers commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from petitions.cases.models import CaseFile
from petitions.clock import local_today, utcnow
from petitions.deadlines.models import CalendarDay, CalendarVersion, Clock, RecordType, clock_record_key
from petitions.deadlines.queries import (
    build_working_calendar,
    confirmed_years,
    effective_range,
    invalidate_calendar_cache,
    load_working_calendar,
    year_rows,
)
from petitions.domain import calendar_data
from petitions.domain.calendar_data import DayKind
from petitions.domain.deadlines import (
    CASE_RESOLUTION_RULE_IDS,
    HANDLING_RULE_IDS,
    REFERRAL_RULE_IDS,
    CalendarNotConfirmed,
    DateSpan,
    DueDate,
    VariantChange,
    WorkingCalendar,
    check_variant_change,
    compute_due,
    format_date,
    ordered_variants,
    parse_variants,
    rule_for,
    variant_change_text,
)
from petitions.domain.records import LetterType
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_context
from petitions.letters.models import Letter
from petitions.reception.models import Visit
from petitions.referrals.models import Referral


class ClockError(DomainError):
    """An operation the clock's state does not allow (already closed, not paused, …)."""


class CalendarChangeError(DomainError):
    """A calendar entry or confirmation that cannot be accepted."""


@contextmanager
def _history(actor: Any, reason: str | None) -> Iterator[None]:
    """Name the actor and reason in the history rows, unless the caller already set a context."""
    context = history_context(actor=actor, reason=reason) if actor is not None or reason else nullcontext()
    with context:
        yield


# ---------------------------------------------------------------------------------------------------------
# Computing a clock's due date
# ---------------------------------------------------------------------------------------------------------


def _spans(values: Iterable[Sequence[str]]) -> list[DateSpan]:
    return [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in values]


def _stored_spans(periods: Iterable[DateSpan]) -> list[list[str]]:
    return [[a.isoformat(), b.isoformat()] for a, b in sorted(periods)]


def _variant_changes(values: Iterable[Mapping[str, str | None]]) -> list[VariantChange]:
    changes = []
    for value in values:
        previous = value.get("previous_due")
        changes.append(
            VariantChange(
                on=date.fromisoformat(value["on"] or ""),
                old=parse_variants(v for v in (value.get("old") or "").split(",") if v),
                new=parse_variants(v for v in (value.get("new") or "").split(",") if v),
                reason=value.get("reason") or "",
                previous_due=date.fromisoformat(previous) if previous else None,
            )
        )
    return changes


def _stored_variant_change(change: VariantChange) -> dict[str, str | None]:
    return {
        "on": change.on.isoformat(),
        "old": ",".join(v.value for v in ordered_variants(change.old)),
        "new": ",".join(v.value for v in ordered_variants(change.new)),
        "reason": change.reason,
        "previous_due": change.previous_due.isoformat() if change.previous_due else None,
    }


@dataclass(frozen=True)
class ClockInput:
    """Everything compute_due needs for one clock."""

    rule_id: str
    trigger_on: date
    variants: tuple[str, ...] = ()
    base: int | None = None
    extension_days: tuple[int, ...] = ()
    pauses: tuple[DateSpan, ...] = ()
    obstacles: tuple[DateSpan, ...] = ()
    # Reclassifications of the case while the clock ran: they only add their sentence to the explanation.
    variant_changes: tuple[VariantChange, ...] = ()

    @classmethod
    def of(cls, clock: Clock) -> ClockInput:
        return cls(
            rule_id=clock.rule_id,
            trigger_on=clock.trigger_on,
            variants=tuple(clock.variant_list),
            base=clock.base,
            extension_days=tuple(clock.extension_days or ()),
            pauses=tuple(_spans(clock.pauses or ())),
            obstacles=tuple(_spans(clock.obstacles or ())),
            variant_changes=tuple(_variant_changes(clock.variant_changes or ())),
        )


@dataclass(frozen=True)
class Outcome:
    """A computed due date, or none yet because the count reached a year not confirmed."""

    due_on: date | None
    explanation: str
    calendar_version: str
    generation: date | None
    result: DueDate | None = None


def evaluate(inputs: ClockInput, calendar: WorkingCalendar) -> Outcome | None:
    """The clock's due date on this calendar; None where the rule sets no clock (D9 without request).

    Invalid input raises the domain's error. A count that runs past the confirmed years gives an
    outcome without a date (it is filled when the year is confirmed); a trigger before the first
    confirmed year cannot be fixed that way and raises.
    """
    try:
        result = compute_due(
            inputs.rule_id,
            inputs.trigger_on,
            calendar,
            variants=inputs.variants,
            base=inputs.base,
            extensions=len(inputs.extension_days),
            extension_days=inputs.extension_days or 30,
            pauses=inputs.pauses,
            obstacles=inputs.obstacles,
        )
    except CalendarNotConfirmed as missing:
        if missing.day < calendar.first_day:
            raise
        rule = rule_for(inputs.rule_id, inputs.trigger_on)
        return Outcome(
            due_on=None,
            explanation=_with_changes(
                f"{missing} Hạn sẽ được tính khi lịch làm việc năm {missing.day.year} được xác nhận.", inputs
            ),
            calendar_version=calendar.version,
            generation=rule.generation,
        )
    if result is None:
        return None
    return Outcome(
        due_on=result.due,
        explanation=_with_changes(result.explanation, inputs),
        calendar_version=result.calendar_version,
        generation=result.generation,
        result=result,
    )


def _with_changes(explanation: str, inputs: ClockInput) -> str:
    return " ".join([explanation, *(variant_change_text(c) for c in inputs.variant_changes)])


def _store(clock: Clock, outcome: Outcome) -> None:
    clock.due_on = outcome.due_on
    clock.explanation = outcome.explanation
    clock.calendar_version = outcome.calendar_version
    clock.generation = outcome.generation


# ---------------------------------------------------------------------------------------------------------
# Clock services
# ---------------------------------------------------------------------------------------------------------


def _record_key(record: Any) -> tuple[str, int]:
    key = clock_record_key(record)
    if key is None:
        raise ClockError("Thời hạn chỉ chạy trên một đơn, vụ việc, lượt tiếp, kỳ tiếp công dân hoặc việc đã gửi cơ quan khác đã lưu.")
    return key


def refresh_handling_due(letter_ids: Iterable[int]) -> None:
    """Write each letter's handling due date onto its row: the earliest open D10/D21/D22 clock with a
    date (the rule of deadlines.queries.current_handling_clock), or none.

    `letter.handling_due_on` is a projection of the clocks, kept here so that the lists' due-date and
    overdue filters read one indexed column instead of every letter's clocks. Every service below that
    opens, moves or closes a letter's handling clock calls this; bulk loaders (the demo) call it once
    for the letters they wrote. A set-based UPDATE: the letter's version and history are not touched
    (nothing about the letter itself changed). Flushes first, so pending clock changes count.
    """
    _refresh_due(Letter, RecordType.LETTER, HANDLING_RULE_IDS, "handling_due_on", letter_ids)


def refresh_resolution_due(case_ids: Iterable[int]) -> None:
    """Write each case's resolution due date onto its row: the earliest open D15/D17/D19/D24/D26 clock with
    a date, or none. The same projection as refresh_handling_due, for the case list's deadline order and
    overdue filter (petitions.cases.queries); every clock service below keeps it, bulk loaders call it."""
    _refresh_due(CaseFile, RecordType.CASE, CASE_RESOLUTION_RULE_IDS, "resolution_due_on", case_ids)


def refresh_answer_due(referral_ids: Iterable[int]) -> None:
    """Write each referral's answer due date onto its row: its open waiting clock's (D25 or W1), or none. The
    same projection as refresh_handling_due, for the workspace's overdue filter (petitions.referrals.queries)."""
    _refresh_due(Referral, RecordType.REFERRAL, REFERRAL_RULE_IDS, "answer_due_on", referral_ids)


def _refresh_due(model: Any, record_type: str, rule_ids: frozenset[str], column: str, record_ids: Iterable[int]) -> None:
    ids = sorted(set(record_ids))
    if not ids:
        return
    db.session.flush()
    table = model.__table__
    # Grouped per chunk, not a correlated min() per record: SQLite would answer that one through
    # ix_clock_open (every open clock) instead of ix_clock_record.
    for start in range(0, len(ids), 500):  # bounded parameter lists on both databases
        chunk = ids[start : start + 500]
        earliest = dict(
            db.session.execute(
                sa.select(Clock.record_id, sa.func.min(Clock.due_on))
                .where(
                    Clock.record_type == record_type,
                    Clock.record_id.in_(chunk),
                    Clock.rule_id.in_(sorted(rule_ids)),
                    Clock.closed_at.is_(None),
                    Clock.due_on.is_not(None),
                )
                .group_by(Clock.record_id)
            ).all()
        )
        db.session.execute(
            sa.update(table).where(table.c.id == sa.bindparam("b_id")).values({column: sa.bindparam("b_due")}),
            [{"b_id": record_id, "b_due": earliest.get(record_id)} for record_id in chunk],
        )
    wanted = set(ids)
    for loaded in list(db.session.identity_map.values()):
        if isinstance(loaded, model) and loaded.id in wanted:
            db.session.expire(loaded, [column])


def _refresh_projection(clock: Clock) -> None:
    if clock.record_type == RecordType.LETTER and clock.rule_id in HANDLING_RULE_IDS:
        refresh_handling_due([clock.record_id])
    if clock.record_type == RecordType.CASE and clock.rule_id in CASE_RESOLUTION_RULE_IDS:
        refresh_resolution_due([clock.record_id])
    if clock.record_type == RecordType.REFERRAL and clock.rule_id in REFERRAL_RULE_IDS:
        refresh_answer_due([clock.record_id])


def _require_open(clock: Clock) -> None:
    if not clock.is_open:
        raise ClockError(f"Thời hạn {clock.rule_id} đã kết thúc; không thay đổi được nữa.")


def start_clock(
    record: Any,
    *,
    rule_id: str,
    trigger_on: date,
    variants: Iterable[str] = (),
    base: int | None = None,
    obstacles: Iterable[DateSpan] = (),
    calendar: WorkingCalendar | None = None,
    actor: Any = None,
    reason: str | None = None,
) -> Clock | None:
    """Open clock `rule_id` on a letter, case, visit (D7, D6) or reception session (D1) from `trigger_on`;
    None where the rule sets no clock.

    One open clock per rule and record. Anonymous information has only D10 (DOMAIN §5): D21 and D22
    run for denunciations only.
    """
    record_type, record_id = _record_key(record)
    flags = [v.value for v in ordered_variants(parse_variants(variants))]
    inputs = ClockInput(
        rule_id=rule_id.strip().upper(),
        trigger_on=trigger_on,
        variants=tuple(flags),
        base=base,
        obstacles=tuple(sorted(obstacles)),
    )
    if (
        inputs.rule_id in HANDLING_RULE_IDS - {"D10"}
        and getattr(record, "letter_type", None) == LetterType.ANONYMOUS
    ):
        raise ClockError("Thông tin không rõ người tố cáo chỉ có thời hạn xử lý đơn (D10).")
    outcome = evaluate(inputs, calendar or load_working_calendar())
    if outcome is None:
        return None
    already = db.session.scalar(
        sa.select(Clock.id).where(
            Clock.record_type == record_type,
            Clock.record_id == record_id,
            Clock.rule_id == inputs.rule_id,
            Clock.closed_at.is_(None),
        )
    )
    if already is not None:
        raise ClockError(f"Thời hạn {inputs.rule_id} của hồ sơ này đang chạy; không mở thêm được.")
    clock = Clock(
        record_type=record_type,
        record_id=record_id,
        rule_id=inputs.rule_id,
        trigger_on=trigger_on,
        variants=",".join(flags),
        base=base,
        extension_days=[],
        pauses=[],
        obstacles=_stored_spans(inputs.obstacles),
        opened_at=utcnow(),
        opened_by_id=getattr(actor, "id", None),
    )
    _store(clock, outcome)
    with _history(actor, reason):
        db.session.add(clock)
        db.session.flush()
    _refresh_projection(clock)
    return clock


def pause_clock(
    clock: Clock,
    *,
    on: date,
    calendar: WorkingCalendar | None = None,
    actor: Any = None,
    reason: str | None = None,
) -> Clock:
    """Suspend the clock from the suspension decision dated `on` (tạm đình chỉ; D15, D17, D19, D24).

    The due date stays as it was until the resumption; the rule's own checks (pauses allowed, complaint
    pauses only from 01/07/2026, not before the trigger, not overlapping) apply now.
    """
    _require_open(clock)
    if clock.paused_since is not None:  # clock.is_paused
        raise ClockError(
            f"Thời hạn {clock.rule_id} đang tạm đình chỉ từ ngày {format_date(clock.paused_since)}."
        )
    current = ClockInput.of(clock)
    # Validate the suspension as a one-day pause: the domain checks it exactly as it will count it.
    probe = replace(current, pauses=(*current.pauses, (on, on + timedelta(days=1))))
    evaluate(probe, calendar or load_working_calendar())
    with _history(actor, reason):
        clock.paused_since = on
        db.session.flush()
    return clock


def resume_clock(
    clock: Clock,
    *,
    on: date,
    calendar: WorkingCalendar | None = None,
    actor: Any = None,
    reason: str | None = None,
) -> Clock:
    """Resume from the resumption decision dated `on`: the paused time is added (DOMAIN §5)."""
    _require_open(clock)
    if clock.paused_since is None:
        raise ClockError(f"Thời hạn {clock.rule_id} không ở trạng thái tạm đình chỉ.")
    current = ClockInput.of(clock)
    pauses = (*current.pauses, (clock.paused_since, on))
    outcome = evaluate(replace(current, pauses=pauses), calendar or load_working_calendar())
    assert outcome is not None  # a running clock's rule sets a clock
    with _history(actor, reason):
        clock.pauses = _stored_spans(pauses)
        clock.paused_since = None
        _store(clock, outcome)
        db.session.flush()
    _refresh_projection(clock)
    return clock


def extend_clock(
    clock: Clock,
    *,
    days: int = 30,
    calendar: WorkingCalendar | None = None,
    actor: Any = None,
    reason: str | None = None,
) -> Clock:
    """Grant one extension of `days` (D24: complex 1, very complex 2, each ≤ 30 days)."""
    _require_open(clock)
    current = ClockInput.of(clock)
    lengths = (*current.extension_days, days)
    outcome = evaluate(replace(current, extension_days=lengths), calendar or load_working_calendar())
    assert outcome is not None
    with _history(actor, reason):
        clock.extension_days = list(lengths)
        _store(clock, outcome)
        db.session.flush()
    _refresh_projection(clock)
    return clock


def change_clock_variants(
    clock: Clock,
    variants: Iterable[str],
    *,
    reason: str,
    actor: Any = None,
    effective_on: date | None = None,
    calendar: WorkingCalendar | None = None,
) -> Clock:
    """The case was classed again while its clock runs (vụ việc phức tạp, vùng sâu vùng xa …): the clock
    now counts with `variants` (the whole new set, e.g. ["complex", "remote"]; [] for none), from the
    written classification dated `effective_on` (default: today) for `reason` (required).

    For the case state machine: call it on the case's open resolution clock (D15, D17, D19, D24) when the
    case is reclassified; `petitions.domain.deadlines.case_clock_variants(clock.rule_id, clock.trigger_on,
    complexity=case.complexity, remote=case.is_remote)` gives the variants from the case's flags. The stored due date and explanation
    are recomputed with the clock's trigger, extensions, pauses (also an open one) and obstacles as they
    are; the explanation then says the due date moved because the case was classed so on that date, and
    why. History: one row per changed field (variants, due date) with `reason`. Refused (ClockError or the
    domain's DeadlineError, with a Vietnamese message, nothing changed): a closed clock, an empty reason,
    the same variants, a combination the rule does not have, a date before the trigger, or extensions
    already granted beyond what the new variants allow (D24 extended twice cannot become merely complex).
    Flushes; the caller commits.
    """
    _require_open(clock)
    reason = (reason or "").strip()
    if not reason:
        raise ClockError("Cần ghi lý do phân loại lại vụ việc.")
    on = effective_on or local_today()
    current = ClockInput.of(clock)
    flags = check_variant_change(
        clock.rule_id, clock.trigger_on, current.variants, variants, extensions=len(current.extension_days), on=on
    )
    change = VariantChange(
        on=on, old=parse_variants(current.variants), new=flags, reason=reason, previous_due=clock.due_on
    )
    values = tuple(v.value for v in ordered_variants(flags))
    outcome = evaluate(
        replace(current, variants=values, variant_changes=(*current.variant_changes, change)),
        calendar or load_working_calendar(),
    )
    assert outcome is not None  # check_variant_change keeps the flag a D9 clock runs with
    with _history(actor, reason):
        clock.variants = ",".join(values)
        clock.variant_changes = [*(clock.variant_changes or []), _stored_variant_change(change)]
        _store(clock, outcome)
        db.session.flush()
    _refresh_projection(clock)
    return clock


# The close reason of a record's current time limit (D12, D13, D16), and of one counted again since.
TIME_LIMIT_NOTE = "Thời hiệu khiếu nại: thời hạn để người khiếu nại thực hiện quyền, không phải việc cơ quan phải làm"
TIME_LIMIT_REPLACED = "Thời hiệu khiếu nại đã được tính lại"


def record_time_limit(
    record: Any,
    *,
    rule_id: str,
    trigger_on: date,
    variants: Iterable[str] = (),
    obstacles: Iterable[DateSpan] = (),
    replaces: Clock | None = None,
    calendar: WorkingCalendar | None = None,
    actor: Any = None,
    reason: str | None = None,
) -> Clock:
    """Count a complaint's time limit (D12, D13, D16) on `record` and close it at once with TIME_LIMIT_NOTE: it
    is the complainant's limit, not a task, so it stays out of worklists and the calendar change flow, and the
    classification that rests on it keeps the date it was judged by. `replaces` is the record's previous
    limit: its close reason becomes TIME_LIMIT_REPLACED (a history row), so one limit is current."""
    clock = start_clock(
        record,
        rule_id=rule_id,
        trigger_on=trigger_on,
        variants=variants,
        obstacles=obstacles,
        calendar=calendar,
        actor=actor,
        reason=reason,
    )
    if clock is None:  # pragma: no cover - the time-limit rules always set a clock
        raise ClockError(f"Thời hạn {rule_id} không có thời hiệu để tính.")
    if replaces is not None:
        replace_time_limit(replaces, actor=actor, reason=reason)
    return stop_clock(clock, reason=TIME_LIMIT_NOTE, actor=actor)


def replace_time_limit(clock: Clock, *, actor: Any = None, reason: str | None = None) -> Clock:
    """Mark a record's time limit as no longer current (counted again, or no longer a complaint)."""
    if clock.close_reason != TIME_LIMIT_NOTE:
        raise ClockError(f"Thời hạn {clock.rule_id} không phải thời hiệu hiện hành của hồ sơ.")
    with _history(actor, reason):
        clock.close_reason = TIME_LIMIT_REPLACED
        db.session.flush()
    return clock


def stop_clock(clock: Clock, *, reason: str, actor: Any = None) -> Clock:
    """Close the clock because its act is done (D10: route approved; D21: accepted or refused; …)."""
    _require_open(clock)
    reason = (reason or "").strip()
    if not reason:
        raise ClockError("Cần ghi lý do kết thúc thời hạn.")
    with _history(actor, reason):
        clock.closed_at = utcnow()
        clock.close_reason = reason[:255]
        db.session.flush()
    _refresh_projection(clock)
    return clock


def retrigger_clock(
    clock: Clock,
    trigger_on: date,
    *,
    reason: str,
    actor: Any = None,
    calendar: WorkingCalendar | None = None,
) -> Clock:
    """Count the clock again from a corrected trigger date (petitions.domain.corrections: a visit's date, a
    letter's received date recorded wrongly): the stored due date and its explanation are recomputed with
    the clock's variants, extensions, pauses and obstacles as they are, and the change is one history row
    per field with `reason`.

    A closed clock is counted again too, and stays closed: its due date is what its act's timeliness is
    measured against, and a wrong trigger made it wrong as well. A date the rule does not accept (a pause
    before the new trigger, a trigger before the first confirmed year) raises the domain's error.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ClockError("Cần ghi lý do tính lại thời hạn.")
    if trigger_on == clock.trigger_on:
        return clock
    outcome = evaluate(replace(ClockInput.of(clock), trigger_on=trigger_on), calendar or load_working_calendar())
    if outcome is None:  # pragma: no cover - a stored clock's rule sets a clock
        raise ClockError(f"Thời hạn {clock.rule_id} không tính được từ ngày {format_date(trigger_on)}.")
    with _history(actor, reason):
        clock.trigger_on = trigger_on
        _store(clock, outcome)
        db.session.flush()
    _refresh_projection(clock)
    return clock


# ---------------------------------------------------------------------------------------------------------
# Calendar: seed, drafts, preview and apply
# ---------------------------------------------------------------------------------------------------------


def seed_calendar() -> int:
    """Load the confirmed 2025–2027 calendar of DOMAIN §5 once; returns the days added.

    Idempotent: when its version exists nothing is touched, so an administrator's later edits stay.
    """
    exists = db.session.scalar(
        sa.select(CalendarVersion.id).where(CalendarVersion.label == calendar_data.CONFIRMED_VERSION)
    )
    if exists is not None:
        return 0
    version = CalendarVersion(
        label=calendar_data.CONFIRMED_VERSION,
        first_year=calendar_data.CONFIRMED_FIRST_YEAR,
        last_year=calendar_data.CONFIRMED_LAST_YEAR,
        decision_numbers="",
        notes="Lịch 2025–2027 đã xác nhận, nạp bằng «petitions seed».",
    )
    db.session.add(version)
    db.session.flush()
    taken = set(db.session.scalars(sa.select(CalendarDay.day)))
    now = utcnow()
    added = 0
    for entry in calendar_data.CONFIRMED_DAYS:
        if entry.day in taken:
            continue
        db.session.add(
            CalendarDay(
                day=entry.day,
                is_working=entry.is_working,
                kind=entry.kind,
                name=entry.name,
                source=entry.source,
                decision_no=entry.decision_no,
                calendar_version_id=version.id,
                confirmed_at=now,
            )
        )
        added += 1
    db.session.flush()
    invalidate_calendar_cache()
    return added


def is_year_confirmed(year: int) -> bool:
    return year in confirmed_years()


def next_confirmable_year() -> int | None:
    """Years are confirmed in order: the one after the last counted year (None: no calendar at all)."""
    span = effective_range(confirmed_years())
    return None if span is None else span[1] + 1


def propose_calendar_year(year: int, holiday_dates: Mapping[date, str], *, actor: Any = None) -> int:
    """Draft days off for a year not confirmed yet from a holidays mapping (the pinned `holidays`
    package); days already in the table are kept as they are. Returns the days added."""
    if is_year_confirmed(year):
        raise CalendarChangeError(f"Lịch năm {year} đã được xác nhận; hãy sửa từng ngày.")
    taken = {r.day for r in year_rows(year)}
    added = 0
    with _history(actor, f"Đề xuất lịch năm {year} từ gói holidays"):
        for entry in calendar_data.propose_year(year, holiday_dates):
            if entry.day in taken:
                continue
            db.session.add(_row(entry))
            added += 1
        db.session.flush()
    return added


def package_holidays(year: int) -> Mapping[date, str]:
    """The pinned `holidays` package's Vietnamese holidays, without its own observed days."""
    import holidays

    return holidays.country_holidays("VN", years=year, observed=False, language="vi")


def _row(entry: calendar_data.CalendarDay, **extra: Any) -> CalendarDay:
    return CalendarDay(
        day=entry.day,
        is_working=entry.is_working,
        kind=entry.kind,
        name=entry.name,
        source=entry.source,
        decision_no=entry.decision_no,
        **extra,
    )


def make_entry(
    *, day: date, kind: DayKind, name: str, source: str = "", decision_no: str | None = None
) -> calendar_data.CalendarDay:
    """A calendar entry as the administrator types it: make-up days are working weekend days, the rest
    are days off; swaps and make-up days come from a government notice, so its number is required."""
    name = (name or "").strip()
    decision_no = (decision_no or "").strip() or None
    if not name:
        raise CalendarChangeError("Cần ghi tên ngày (ví dụ: «Nghỉ hoán đổi dịp Quốc khánh»).")
    if kind is DayKind.MAKE_UP and day.weekday() < 5:
        raise CalendarChangeError(
            f"Ngày làm việc bù phải là thứ Bảy hoặc Chủ nhật; {format_date(day)} là ngày thường."
        )
    if kind in (DayKind.SWAP, DayKind.MAKE_UP) and not decision_no:
        raise CalendarChangeError(
            "Ngày hoán đổi và ngày làm việc bù cần số văn bản, thông báo của Chính phủ."
        )
    return calendar_data.CalendarDay(
        day, kind is DayKind.MAKE_UP, kind, name, (source or "").strip() or "Quản trị viên nhập", decision_no
    )


@dataclass(frozen=True)
class DayChange:
    """Calendar entries to add and days to remove, in one year."""

    year: int
    add: tuple[calendar_data.CalendarDay, ...] = ()
    remove: tuple[date, ...] = ()

    def check(self) -> None:
        existing = {r.day for r in year_rows(self.year)} - set(self.remove)
        for entry in self.add:
            if entry.day.year != self.year:
                raise CalendarChangeError(f"Ngày {format_date(entry.day)} không thuộc năm {self.year}.")
            if entry.day in existing:
                raise CalendarChangeError(
                    f"Ngày {format_date(entry.day)} đã có trong lịch; xóa ngày đó trước nếu cần sửa."
                )
        for day in self.remove:
            if day.year != self.year or day not in {r.day for r in year_rows(self.year)}:
                raise CalendarChangeError(f"Ngày {format_date(day)} không có trong lịch năm {self.year}.")


def change_draft_year(change: DayChange, *, actor: Any = None) -> None:
    """Add or remove draft days of a year not confirmed yet (no deadline counts on it yet)."""
    if is_year_confirmed(change.year):
        raise CalendarChangeError(
            f"Lịch năm {change.year} đã được xác nhận; thay đổi phải qua bước xem trước."
        )
    change.check()
    with _history(actor, f"Sửa dự thảo lịch năm {change.year}"):
        _apply_rows(change, version=None, actor=actor)
        db.session.flush()


def _apply_rows(change: DayChange, *, version: CalendarVersion | None, actor: Any) -> None:
    if change.remove:
        for row in db.session.scalars(sa.select(CalendarDay).where(CalendarDay.day.in_(change.remove))):
            db.session.delete(row)
        db.session.flush()
    stamp = (
        {}
        if version is None
        else {
            "calendar_version_id": version.id,
            "confirmed_at": utcnow(),
            "confirmed_by_id": getattr(actor, "id", None),
        }
    )
    for entry in change.add:
        db.session.add(_row(entry, **stamp))


# Preview and apply -----------------------------------------------------------------------


@dataclass(frozen=True)
class ClockMove:
    """One open clock whose due date the change would move: register number and dates only."""

    clock_id: int
    rule_id: str
    record_label: str
    old_due: date | None
    new_due: date | None

    @property
    def shift_days(self) -> int | None:
        if self.old_due is None or self.new_due is None:
            return None
        return (self.new_due - self.old_due).days


@dataclass(frozen=True)
class CalendarChangePreview:
    """What a calendar change does to the open clocks (no case content: the administrator sees it)."""

    version: str
    checked: int
    moves: tuple[ClockMove, ...] = field(default_factory=tuple)

    @property
    def later(self) -> int:
        return sum(1 for m in self.moves if (m.shift_days or 0) > 0)

    @property
    def earlier(self) -> int:
        return sum(1 for m in self.moves if (m.shift_days or 0) < 0)

    @property
    def newly_dated(self) -> int:
        return sum(1 for m in self.moves if m.old_due is None and m.new_due is not None)

    @property
    def undated(self) -> int:
        return sum(1 for m in self.moves if m.old_due is not None and m.new_due is None)


def _affected_open_clocks(years: Iterable[int]) -> list[Clock]:
    """Open clocks whose count may touch these years, and clocks waiting for a confirmed year."""
    conditions: list[sa.ColumnElement[bool]] = [Clock.due_on.is_(None)]
    for year in sorted(set(years)):
        start, end = date(year, 1, 1), date(year, 12, 31)
        # Forward: [trigger, due] meets the year; backward (D1): [due, trigger] meets it.
        conditions.append(sa.and_(Clock.trigger_on <= end, Clock.due_on >= start))
        conditions.append(sa.and_(Clock.due_on <= end, Clock.trigger_on >= start))
    return list(
        db.session.scalars(
            sa.select(Clock).where(Clock.closed_at.is_(None), sa.or_(*conditions)).order_by(Clock.id)
        )
    )


def _record_labels(clocks: Iterable[Clock]) -> dict[tuple[str, int], str]:
    """Register numbers ("12/2026") for letters, book numbers for visits ("Lượt tiếp 5/2026"),
    "Vụ việc #7" and "Kỳ tiếp #3": nothing of their content (the administrator sees the preview)."""
    clocks = list(clocks)
    labels: dict[tuple[str, int], str] = {}
    letter_ids = {c.record_id for c in clocks if c.record_type == RecordType.LETTER}
    if letter_ids:
        for letter_id, number, year in db.session.execute(
            sa.select(Letter.id, Letter.register_number, Letter.register_year).where(
                Letter.id.in_(letter_ids)
            )
        ):
            labels[(RecordType.LETTER, letter_id)] = f"{number}/{year}"
    visit_ids = {c.record_id for c in clocks if c.record_type == RecordType.VISIT}
    if visit_ids:
        for visit_id, number, year in db.session.execute(
            sa.select(Visit.id, Visit.book_number, Visit.book_year).where(Visit.id.in_(visit_ids))
        ):
            labels[(RecordType.VISIT, visit_id)] = f"Lượt tiếp {number}/{year}"
    fallback = {
        RecordType.LETTER: "Đơn #{}",
        RecordType.CASE: "Vụ việc #{}",
        RecordType.VISIT: "Lượt tiếp #{}",
        RecordType.SESSION: "Kỳ tiếp #{}",
        RecordType.REFERRAL: "Việc gửi cơ quan khác #{}",
    }
    for clock in clocks:
        key = (clock.record_type, clock.record_id)
        if key not in labels:
            labels[key] = fallback.get(clock.record_type, "#{}").format(clock.record_id)
    return labels


def _recompute(
    calendar: WorkingCalendar, years: Iterable[int]
) -> list[tuple[Clock, Outcome, ClockMove | None]]:
    clocks = _affected_open_clocks(years)
    labels = _record_labels(clocks)
    results = []
    for clock in clocks:
        outcome = evaluate(ClockInput.of(clock), calendar)
        if outcome is None:  # pragma: no cover - a stored clock always has a rule that runs
            continue
        move = None
        if outcome.due_on != clock.due_on:
            move = ClockMove(
                clock.id,
                clock.rule_id,
                labels[(clock.record_type, clock.record_id)],
                clock.due_on,
                outcome.due_on,
            )
        results.append((clock, outcome, move))
    return results


def preview_calendar_change(calendar: WorkingCalendar, years: Iterable[int]) -> CalendarChangePreview:
    """The open clocks that `calendar` would move, without changing anything."""
    results = _recompute(calendar, years)
    return CalendarChangePreview(
        version=calendar.version,
        checked=len(results),
        moves=tuple(m for _, _, m in results if m is not None),
    )


def _apply_calendar(calendar: WorkingCalendar, years: Iterable[int], *, actor: Any) -> CalendarChangePreview:
    """Recompute the affected open clocks on the new calendar: one history row per moved clock."""
    results = _recompute(calendar, years)
    with _history(actor, f"Thay đổi lịch làm việc: {calendar.version}"):
        for clock, outcome, _move in results:
            _store(clock, outcome)
        db.session.flush()
    refresh_handling_due(
        clock.record_id
        for clock, _outcome, _move in results
        if clock.record_type == RecordType.LETTER and clock.rule_id in HANDLING_RULE_IDS
    )
    refresh_resolution_due(
        clock.record_id
        for clock, _outcome, _move in results
        if clock.record_type == RecordType.CASE and clock.rule_id in CASE_RESOLUTION_RULE_IDS
    )
    refresh_answer_due(
        clock.record_id
        for clock, _outcome, _move in results
        if clock.record_type == RecordType.REFERRAL and clock.rule_id in REFERRAL_RULE_IDS
    )
    invalidate_calendar_cache()
    return CalendarChangePreview(
        version=calendar.version,
        checked=len(results),
        moves=tuple(m for _, _, m in results if m is not None),
    )


def _next_label(year: int, what: str) -> str:
    count = db.session.scalar(sa.select(sa.func.count()).select_from(CalendarVersion)) or 0
    return f"v{count + 1} · {year} {what} {format_date(local_today())}"


def _require_decision(decision_numbers: str) -> str:
    decision_numbers = (decision_numbers or "").strip()
    if not decision_numbers:
        raise CalendarChangeError("Cần ghi số văn bản, thông báo của Chính phủ về lịch nghỉ lễ năm này.")
    return decision_numbers[:500]


def confirmation_calendar(year: int, *, label: str | None = None) -> WorkingCalendar:
    """The calendar as it will be once `year` (its draft days) is confirmed."""
    expected = next_confirmable_year()
    if is_year_confirmed(year):
        raise CalendarChangeError(f"Lịch năm {year} đã được xác nhận.")
    if expected is not None and year != expected:
        raise CalendarChangeError(
            f"Các năm được xác nhận lần lượt: năm cần xác nhận tiếp theo là {expected}."
        )
    years = confirmed_years() | {year}
    calendar = build_working_calendar(
        version=label or _next_label(year, "xác nhận"), years=years, include_drafts_of=year
    )
    return calendar


def preview_confirm_year(year: int) -> CalendarChangePreview:
    return preview_calendar_change(confirmation_calendar(year), [year])


def confirm_year(
    year: int, *, decision_numbers: str, notes: str = "", actor: Any = None
) -> tuple[CalendarVersion, CalendarChangePreview]:
    """Confirm a drafted year: a new calendar version, its days confirmed, open clocks recomputed."""
    decision_numbers = _require_decision(decision_numbers)
    label = _next_label(year, "xác nhận")
    calendar = confirmation_calendar(year, label=label)
    version = CalendarVersion(
        label=label,
        first_year=year,
        last_year=year,
        decision_numbers=decision_numbers,
        notes=(notes or "").strip(),
        confirmed_by_id=getattr(actor, "id", None),
    )
    with _history(actor, f"Xác nhận lịch làm việc năm {year}: {decision_numbers}"):
        db.session.add(version)
        db.session.flush()
        now = utcnow()
        for row in year_rows(year):
            if row.calendar_version_id is None:
                row.calendar_version_id = version.id
                row.confirmed_at = now
                row.confirmed_by_id = getattr(actor, "id", None)
        db.session.flush()
    invalidate_calendar_cache()
    return version, _apply_calendar(calendar, [year], actor=actor)


def edit_calendar(change: DayChange, *, label: str | None = None) -> WorkingCalendar:
    """The calendar as it will be after this change of a confirmed year."""
    if not is_year_confirmed(change.year):
        raise CalendarChangeError(f"Lịch năm {change.year} chưa được xác nhận; hãy sửa dự thảo.")
    change.check()
    return build_working_calendar(
        version=label or _next_label(change.year, "sửa đổi"),
        years=confirmed_years(),
        add=change.add,
        remove=change.remove,
    )


def preview_confirmed_change(change: DayChange) -> CalendarChangePreview:
    return preview_calendar_change(edit_calendar(change), [change.year])


def change_confirmed_year(
    change: DayChange, *, decision_numbers: str, notes: str = "", actor: Any = None
) -> tuple[CalendarVersion, CalendarChangePreview]:
    """Edit a confirmed year (a late swap, a make-up Saturday): a new version, open clocks recomputed."""
    decision_numbers = _require_decision(decision_numbers)
    label = _next_label(change.year, "sửa đổi")
    calendar = edit_calendar(change, label=label)
    version = CalendarVersion(
        label=label,
        first_year=change.year,
        last_year=change.year,
        decision_numbers=decision_numbers,
        notes=(notes or "").strip(),
        confirmed_by_id=getattr(actor, "id", None),
    )
    with _history(actor, f"Sửa lịch làm việc năm {change.year}: {decision_numbers}"):
        db.session.add(version)
        db.session.flush()
        _apply_rows(change, version=version, actor=actor)
        db.session.flush()
    invalidate_calendar_cache()
    return version, _apply_calendar(calendar, [change.year], actor=actor)
