"""Statutory clocks: the working-day calendar, every deadline rule as data, and due dates explained."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol, TypeVar

from petitions.domain.dates import check_date
from petitions.domain.text import public_basis
from petitions.domain.types import DomainError

# ---------------------------------------------------------------------------------------------------------
# Errors (every message is Vietnamese and safe to show to an officer)
# ---------------------------------------------------------------------------------------------------------


class DeadlineError(DomainError):
    """A due date cannot be computed from this input."""


class UnknownRule(DeadlineError):
    """No clock has this id."""


class RuleNotInForce(DeadlineError):
    """No generation of the rule covers the trigger date."""


class TriggerBeforeRule(RuleNotInForce):
    """The trigger date is earlier than the rule's first generation."""


class UnknownVariant(DeadlineError):
    """The text names no variant flag at all."""


class VariantNotAllowed(DeadlineError):
    """A flag (or a pause, an obstacle, a base) that this rule does not have."""


class VariantRequiresAnother(VariantNotAllowed):
    """A flag given without the flag it depends on (D13 dismissal without second)."""


class VariantsConflict(VariantNotAllowed):
    """Flags that the rule accepts one at a time were given together (complex and very complex)."""


class BaseNotSettable(VariantNotAllowed):
    """A base period was given for a rule whose period the office cannot set."""


class PauseNotAllowed(VariantNotAllowed):
    """The rule has no suspension, or not yet on the suspension date."""


class PauseBeforeRuleAllows(PauseNotAllowed):
    """A complaint suspension dated before 01/07/2026, when complaint resolution had no pause."""


class ObstacleNotAllowed(VariantNotAllowed):
    """Objective obstacles only extend the complaint time limits D12 and D13."""


class InvalidBase(DeadlineError):
    """The office-set base period is not a positive number."""


class ExtensionNotAllowed(DeadlineError):
    """An extension the rule or the case's complexity does not allow."""


class TooManyExtensions(ExtensionNotAllowed):
    """More extensions than the rule allows for the case's complexity."""


class ExtensionTooLong(ExtensionNotAllowed):
    """One extension longer than the rule allows, or not positive."""


class InvalidDateSpan(DeadlineError):
    """A pause or obstacle period is malformed, reversed, overlapping or before the trigger."""


class CalendarNotConfirmed(DeadlineError):
    """The count reached a day outside the confirmed calendar, so no due date is guessed."""

    def __init__(self, message: str, day: date) -> None:
        super().__init__(message)
        self.day = day


class InvalidCalendar(DeadlineError):
    """The calendar data contradict themselves (a make-up day on a weekday, a day outside the range)."""


class NoFrequencyRule(DeadlineError):
    """No reception-frequency rule applies to this leader level on this date."""


# ---------------------------------------------------------------------------------------------------------
# Formatting helpers shared by the calendar, the rules and the explanations
# ---------------------------------------------------------------------------------------------------------

_WEEKDAY_NAMES = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
_SATURDAY = 5


def format_date(day: date) -> str:
    """dd/mm/yyyy, the way Vietnamese documents write a date."""
    return f"{day:%d/%m/%Y}"


def weekday_name(day: date) -> str:
    """Vietnamese weekday name in lower case for use inside a sentence ("thứ Bảy", "Chủ nhật")."""
    return _WEEKDAY_NAMES[day.weekday()]


def format_range(first: date, last: date) -> str:
    """ "16/02–20/02/2026"; one date when first == last."""
    if first == last:
        return format_date(first)
    if first.year == last.year:
        return f"{first:%d/%m}–{format_date(last)}"
    return f"{format_date(first)}–{format_date(last)}"


def format_days(days: Iterable[date]) -> str:
    """Runs of consecutive days compressed: "27/04/2026, 30/04–01/05/2026"."""
    ordered = sorted(set(days))
    runs: list[tuple[date, date]] = []
    for day in ordered:
        if runs and day - runs[-1][1] == timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return ", ".join(format_range(first, last) for first, last in runs)


# ---------------------------------------------------------------------------------------------------------
# Working calendar
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkingCalendar:
    """One confirmed calendar version: days off, make-up working weekend days and the range it covers.

    A working day is Monday–Friday not in `days_off`, plus any day in `working_weekend_days` (the
    government's make-up Saturdays). Outside [first_day, last_day] the calendar knows nothing, and
    asking raises CalendarNotConfirmed rather than guessing that an unconfirmed year has no holidays.
    """

    version: str
    first_day: date
    last_day: date
    days_off: frozenset[date] = frozenset()
    working_weekend_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if self.first_day > self.last_day:
            raise InvalidCalendar(
                f"Lịch {self.version}: ngày bắt đầu {format_date(self.first_day)} "
                f"sau ngày kết thúc {format_date(self.last_day)}."
            )
        outside = sorted(d for d in self.days_off | self.working_weekend_days if not self.covers(d))
        if outside:
            raise InvalidCalendar(
                f"Lịch {self.version}: ngày {format_days(outside)} nằm ngoài phạm vi của lịch."
            )
        weekdays = sorted(d for d in self.working_weekend_days if d.weekday() < _SATURDAY)
        if weekdays:
            raise InvalidCalendar(
                f"Lịch {self.version}: ngày làm việc bù phải là thứ Bảy hoặc Chủ nhật ({format_days(weekdays)})."
            )
        both = sorted(self.days_off & self.working_weekend_days)
        if both:
            raise InvalidCalendar(
                f"Lịch {self.version}: ngày {format_days(both)} vừa là ngày nghỉ vừa là ngày làm việc bù."
            )

    @classmethod
    def for_years(
        cls,
        first_year: int,
        last_year: int,
        *,
        version: str,
        days_off: Iterable[date] = (),
        working_weekend_days: Iterable[date] = (),
    ) -> WorkingCalendar:
        """A calendar covering whole years, from 1 January of `first_year` to 31 December of `last_year`."""
        return cls(
            version=version,
            first_day=date(first_year, 1, 1),
            last_day=date(last_year, 12, 31),
            days_off=frozenset(days_off),
            working_weekend_days=frozenset(working_weekend_days),
        )

    @property
    def years(self) -> range:
        return range(self.first_day.year, self.last_day.year + 1)

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def is_working_day(self, day: date) -> bool:
        if not self.covers(day):
            raise CalendarNotConfirmed(
                f"Lịch làm việc chưa được xác nhận cho ngày {format_date(day)} (lịch «{self.version}» "
                f"chỉ có từ {format_date(self.first_day)} đến {format_date(self.last_day)}), "
                "nên không tính được hạn.",
                day,
            )
        if day in self.working_weekend_days:
            return True
        return day.weekday() < _SATURDAY and day not in self.days_off

    def is_make_up_day(self, day: date) -> bool:
        """A weekend day the government made a working day."""
        return day in self.working_weekend_days

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self.add_working_days(day, 1)

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (`start` itself is never counted)."""
        day = start
        remaining = count
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def subtract_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day before `start`."""
        day = start
        remaining = count
        while remaining > 0:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: the convention for a paused working-day clock."""
        return sum(
            1 for offset in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(offset))
        )


# ---------------------------------------------------------------------------------------------------------
# Rules as data
# ---------------------------------------------------------------------------------------------------------


class Unit(StrEnum):
    """What the base counts: working days, or calendar days rolled forward once at the end."""

    WORKING_DAYS = "working_days"
    DAYS = "days"


class Direction(StrEnum):
    FORWARD = "forward"
    BACKWARD = "backward"


class Variant(StrEnum):
    """Flags that change a clock; which ones a rule accepts, and their effect, is in the rule's data."""

    REMOTE = "remote"
    COMPLEX = "complex"
    VERY_COMPLEX = "very_complex"
    SEVERAL_PLACES = "several_places"
    SECOND = "second"
    DISMISSAL = "dismissal"
    REQUESTED = "requested"


VARIANT_LABELS: Mapping[Variant, str] = MappingProxyType(
    {
        Variant.REMOTE: "vùng sâu, vùng xa",
        Variant.COMPLEX: "vụ việc phức tạp",
        Variant.VERY_COMPLEX: "vụ việc đặc biệt phức tạp",
        Variant.SEVERAL_PLACES: "phải kiểm tra, xác minh tại nhiều địa điểm hoặc ủy quyền xác minh",
        Variant.SECOND: "khiếu nại lần hai (kể từ ngày nhận quyết định giải quyết lần đầu)",
        Variant.DISMISSAL: "kỷ luật buộc thôi việc",
        Variant.REQUESTED: "công dân có yêu cầu được thông báo kết quả",
    }
)

UNIT_LABELS: Mapping[Unit, str] = MappingProxyType({Unit.WORKING_DAYS: "ngày làm việc", Unit.DAYS: "ngày"})


def ordered_variants(variants: Iterable[Variant]) -> list[Variant]:
    """Variants in their declared order, so messages and explanations read the same every time."""
    order = list(Variant)
    return sorted(variants, key=order.index)


def parse_variant(value: Variant | str) -> Variant:
    """A variant from its value or a CLI spelling ("very-complex", "--several-places", "REMOTE")."""
    if isinstance(value, Variant):
        return value
    key = value.strip().lstrip("-").replace("-", "_").lower()
    try:
        return Variant(key)
    except ValueError:
        known = ", ".join(v.value for v in Variant)
        raise UnknownVariant(f"Không có biến thể «{value}». Các biến thể: {known}.") from None


def parse_variants(values: Iterable[Variant | str]) -> frozenset[Variant]:
    return frozenset(parse_variant(v) for v in values)


@dataclass(frozen=True)
class VariantEffect:
    """One allowed combination of flags and the clock it gives; a combination not listed is an error."""

    variants: frozenset[Variant]
    base: int
    max_extensions: int = 0


@dataclass(frozen=True)
class ClockRule:
    """One generation of a statutory clock, valid for triggers in [valid_from, valid_to] (both inclusive)."""

    id: str
    trigger: str  # the start event, in Vietnamese
    act: str  # what must be done by the due date, in Vietnamese
    base: int
    unit: Unit
    direction: Direction
    valid_from: date
    valid_to: date | None
    basis: str
    variants: tuple[VariantEffect, ...] = ()
    # The clock runs only when this flag is given (D9: only if the citizen asked).
    opens_only_with: Variant | None = None
    no_clock_note: str = ""
    # D10: the office may set its own base period.
    base_settable: bool = False
    # Upper bound of one extension, in the rule's unit; 0 = the rule has no extension at all.
    max_extension_days: int = 0
    # Extensions the plain rule (no variant) allows; D24 grants them only through its variants.
    plain_extensions: int = 0
    # First suspension date the rule counts out; None = the rule cannot be paused.
    pauses_from: date | None = None
    counts_obstacles: bool = False
    # Read only in an unofficial copy or a secondary source: keep it correctable.
    to_be_confirmed: bool = False

    def __post_init__(self) -> None:
        if self.direction is Direction.BACKWARD and self.unit is not Unit.WORKING_DAYS:
            raise ValueError(f"{self.id}: a backward clock must count working days")
        if self.opens_only_with is not None and self.opens_only_with not in self.allowed_variants:
            raise ValueError(f"{self.id}: opens_only_with must be one of the rule's variants")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"{self.id}: valid_to before valid_from")

    @property
    def generation(self) -> date:
        """The generation's key: the first trigger date it applies to."""
        return self.valid_from

    @property
    def generation_label(self) -> str:
        if self.valid_from == date.min:
            start = "mọi thời điểm"
        else:
            start = f"từ {format_date(self.valid_from)}"
        if self.valid_to is None:
            return start
        return f"{start} đến {format_date(self.valid_to)}"

    @property
    def plain(self) -> VariantEffect:
        return VariantEffect(frozenset(), self.base, self.plain_extensions)

    @property
    def effects(self) -> tuple[VariantEffect, ...]:
        return (self.plain, *self.variants)

    @property
    def allowed_variants(self) -> frozenset[Variant]:
        return frozenset(v for effect in self.variants for v in effect.variants)

    def applies_to(self, trigger: date) -> bool:
        return self.valid_from <= trigger and (self.valid_to is None or trigger <= self.valid_to)

    def period_text(self, base: int | None = None) -> str:
        """ "10 ngày làm việc", "30 ngày" """
        return f"{self.base if base is None else base} {UNIT_LABELS[self.unit]}"

    def effect_for(self, variants: frozenset[Variant]) -> VariantEffect:
        """The listed combination equal to `variants`, or the error that says what is wrong with them."""
        for effect in self.effects:
            if effect.variants == variants:
                return effect
        unknown = ordered_variants(variants - self.allowed_variants)
        if unknown:
            names = ", ".join(f"«{v.value}» ({VARIANT_LABELS[v]})" for v in unknown)
            raise VariantNotAllowed(f"Thời hạn {self.id} không có biến thể {names}.")
        # Every flag is known: either one needs a companion flag, or they exclude each other.
        supersets = [e.variants for e in self.variants if variants < e.variants]
        if supersets:
            missing = ordered_variants(min(supersets, key=len) - variants)
            given = ", ".join(f"«{VARIANT_LABELS[v]}»" for v in ordered_variants(variants))
            needed = ", ".join(f"«{VARIANT_LABELS[v]}»" for v in missing)
            raise VariantRequiresAnother(f"Thời hạn {self.id}: {given} chỉ áp dụng cùng với {needed}.")
        given = " và ".join(f"«{VARIANT_LABELS[v]}»" for v in ordered_variants(variants))
        raise VariantsConflict(f"Thời hạn {self.id}: không dùng đồng thời {given}.")


_LAW_TCD = "Luật Tiếp công dân 2013"
_LAW_KN = "Luật Khiếu nại 2011"
_LAW_TC = "Luật Tố cáo 2018"
_TBC = " (cần đối chiếu văn bản chính thức)"

# Generation start dates: the laws' entry into force, and the amendments of 01/07/2026.
FROM_2012 = date(2012, 7, 1)  # Luật Khiếu nại 2011
FROM_2014 = date(2014, 7, 1)  # Luật Tiếp công dân 2013
FROM_2019 = date(2019, 1, 1)  # Luật Tố cáo 2018
LAW_CHANGE_2026 = date(2026, 7, 1)  # Luật 136/2025/QH15, NĐ 154, 155, 156/2026


def _effect(*variants: Variant, base: int, max_extensions: int = 0) -> VariantEffect:
    return VariantEffect(frozenset(variants), base, max_extensions)


# Short names for the table below only.
_V = Variant
_WD = Unit.WORKING_DAYS
_DAYS = Unit.DAYS
_FWD = Direction.FORWARD

# The system's waiting clock of a referral that no statute times (every referral but a forwarded denunciation).
REFERRAL_WAIT_RULE_ID = "W1"
# A forwarded denunciation: the receiving body reports back within D25 (Luật TC Đ26.2).
FORWARDED_DENUNCIATION_RULE_ID = "D25"

# fmt: off
# One entry per generation, kept compact so the table reads like DOMAIN §5's.
RULES: tuple[ClockRule, ...] = (
    ClockRule(
        "D1",
        trigger="ngày tiếp công dân định kỳ của lãnh đạo",
        act="thông báo lịch tiếp công dân",
        base=5, unit=_WD, direction=Direction.BACKWARD, valid_from=FROM_2014, valid_to=None,
        basis=f"khoản 4 Điều 24 {_LAW_TCD}",
    ),
    ClockRule(
        "D6",
        trigger="có căn cứ từ chối tiếp (khiếu nại, tố cáo kéo dài; kiến nghị, phản ánh lặp lại)",
        act="ra thông báo từ chối tiếp công dân (Mẫu 01/TCD)",
        base=3, unit=_WD, direction=_FWD, valid_from=LAW_CHANGE_2026, valid_to=None,
        basis=f"khoản 3 Điều 4 Nghị định 154/2026/NĐ-CP{_TBC}", to_be_confirmed=True,
    ),
    ClockRule(
        "D7",
        trigger="tiếp nhận tại nơi tiếp công dân",
        act="trả lời công dân về việc thụ lý, hướng dẫn hoặc chuyển đơn",
        base=10, unit=_WD, direction=_FWD, valid_from=FROM_2014, valid_to=None,
        basis=f"khoản 1 Điều 28 {_LAW_TCD}",
    ),
    ClockRule(
        "D8",
        trigger="giải quyết xong vụ việc do đại biểu Quốc hội, cơ quan của Quốc hội hoặc Ban Tiếp công dân chuyển đến",
        act="thông báo kết quả cho nơi đã chuyển đến",
        base=7, unit=_WD, direction=_FWD, valid_from=FROM_2014, valid_to=None,
        basis=f"khoản 2 Điều 27 {_LAW_TCD}",
    ),
    ClockRule(
        "D9",
        trigger="Ban Tiếp công dân nhận được kết quả giải quyết",
        act="thông báo kết quả cho công dân",
        base=5, unit=_WD, direction=_FWD, valid_from=FROM_2014, valid_to=None,
        basis=f"khoản 2 Điều 28 {_LAW_TCD}",
        variants=(_effect(_V.REQUESTED, base=5),), opens_only_with=_V.REQUESTED,
        no_clock_note="Công dân không yêu cầu được thông báo kết quả nên không có thời hạn.",
    ),
    ClockRule(
        "D10",
        trigger="tiếp nhận đơn",
        act="xử lý đơn",
        base=10, unit=_WD, direction=_FWD, valid_from=date.min, valid_to=None,
        # Practice under Thông tư 05/2021/TT-TTCP; the clause that sets 10 working days was not found (DOMAIN §5).
        basis="thực tiễn xử lý đơn theo Thông tư 05/2021/TT-TTCP; cơ quan có thể đặt lại số ngày" + _TBC,
        base_settable=True, to_be_confirmed=True,
    ),
    ClockRule(
        "D12",
        trigger="nhận được hoặc biết được quyết định hành chính, hành vi hành chính",
        act="khiếu nại quyết định hành chính, hành vi hành chính",
        base=90, unit=_DAYS, direction=_FWD, valid_from=FROM_2012, valid_to=None,
        basis=f"Điều 9 {_LAW_KN}", counts_obstacles=True,
    ),
    ClockRule(
        "D13",
        trigger="nhận được quyết định kỷ luật",
        act="khiếu nại quyết định kỷ luật",
        base=15, unit=_DAYS, direction=_FWD, valid_from=FROM_2012, valid_to=None,
        basis=f"Điều 48 {_LAW_KN}", counts_obstacles=True,
        variants=(_effect(_V.SECOND, base=10), _effect(_V.SECOND, _V.DISMISSAL, base=30)),
    ),
    ClockRule(
        "D14",
        trigger="nhận được khiếu nại thuộc thẩm quyền (lần đầu hoặc lần hai)",
        act="thụ lý hoặc thông báo không thụ lý khiếu nại",
        base=10, unit=_WD, direction=_FWD, valid_from=FROM_2012, valid_to=date(2026, 6, 30),
        basis=f"Điều 5 Thông tư 07/2013/TT-TTCP, hướng dẫn các Điều 27, 36, 50 {_LAW_KN}",
    ),
    ClockRule(
        "D14",
        trigger="nhận được khiếu nại thuộc thẩm quyền (lần đầu hoặc lần hai)",
        act="thụ lý hoặc thông báo không thụ lý khiếu nại",
        base=7, unit=_WD, direction=_FWD, valid_from=LAW_CHANGE_2026, valid_to=None,
        basis=f"Điều 10 Nghị định 155/2026/NĐ-CP{_TBC}", to_be_confirmed=True,
    ),
    ClockRule(
        "D15",
        trigger="thụ lý khiếu nại hành chính lần đầu",
        act="giải quyết khiếu nại lần đầu",
        base=30, unit=_DAYS, direction=_FWD, valid_from=FROM_2012, valid_to=None,
        basis=f"Điều 28 {_LAW_KN}", pauses_from=LAW_CHANGE_2026,
        variants=(
            _effect(_V.COMPLEX, base=45),
            _effect(_V.REMOTE, base=45),
            _effect(_V.COMPLEX, _V.REMOTE, base=60),
        ),
    ),
    ClockRule(
        "D16",
        trigger="hết thời hạn giải quyết lần đầu mà không được giải quyết, hoặc nhận quyết định giải quyết lần đầu",
        act="khiếu nại lần hai",
        base=30, unit=_DAYS, direction=_FWD, valid_from=FROM_2012, valid_to=None,
        basis=f"khoản 1 Điều 33 {_LAW_KN}",
        variants=(_effect(_V.REMOTE, base=45),),
    ),
    ClockRule(
        "D17",
        trigger="thụ lý khiếu nại lần hai",
        act="giải quyết khiếu nại lần hai",
        base=45, unit=_DAYS, direction=_FWD, valid_from=FROM_2012, valid_to=None,
        basis=f"Điều 37 {_LAW_KN}", pauses_from=LAW_CHANGE_2026,
        variants=(
            _effect(_V.COMPLEX, base=60),
            _effect(_V.REMOTE, base=60),
            _effect(_V.COMPLEX, _V.REMOTE, base=70),
        ),
    ),
    ClockRule(
        "D18",
        trigger="ban hành quyết định giải quyết khiếu nại",
        act="khiếu nại tiếp hoặc khởi kiện (sau hạn này quyết định có hiệu lực pháp luật)",
        base=30, unit=_DAYS, direction=_FWD, valid_from=FROM_2012, valid_to=None,
        basis=f"Điều 44 {_LAW_KN}",
        variants=(_effect(_V.REMOTE, base=45),),
    ),
    ClockRule(
        "D19",
        trigger="thụ lý khiếu nại quyết định kỷ luật",
        act="giải quyết khiếu nại quyết định kỷ luật",
        base=30, unit=_DAYS, direction=_FWD, valid_from=FROM_2012, valid_to=None,
        basis=f"Điều 50 {_LAW_KN}", pauses_from=LAW_CHANGE_2026,
        variants=(_effect(_V.COMPLEX, base=45),),
    ),
    ClockRule(
        "D20",
        trigger="thông báo đình chỉ giải quyết khiếu nại",
        act="tiếp tục khiếu nại (quá hạn thì không thụ lý)",
        base=30, unit=_DAYS, direction=_FWD, valid_from=FROM_2012, valid_to=None,
        basis=f"khoản 8 Điều 11 {_LAW_KN}",
    ),
    ClockRule(
        "D21",
        trigger="nhận được tố cáo",
        act="vào sổ, kiểm tra thông tin và quyết định thụ lý hoặc không thụ lý tố cáo",
        base=7, unit=_WD, direction=_FWD, valid_from=FROM_2019, valid_to=None,
        basis=f"khoản 1 Điều 24 {_LAW_TC}",
        variants=(_effect(_V.SEVERAL_PLACES, base=10),),
    ),
    ClockRule(
        "D22",
        trigger="nhận được tố cáo không thuộc thẩm quyền",
        act="chuyển đơn tố cáo và thông báo cho người tố cáo",
        base=5, unit=_WD, direction=_FWD, valid_from=FROM_2019, valid_to=None,
        basis=f"khoản 2 Điều 24 {_LAW_TC}",
    ),
    ClockRule(
        "D23",
        trigger="ra quyết định thụ lý tố cáo",
        act="thông báo cho người tố cáo và người bị tố cáo",
        base=5, unit=_WD, direction=_FWD, valid_from=FROM_2019, valid_to=None,
        basis=f"Điều 29 {_LAW_TC}; khoản 2 Điều 9 Nghị định 31/2019/NĐ-CP",
    ),
    ClockRule(
        "D24",
        trigger="thụ lý tố cáo",
        act="giải quyết tố cáo",
        base=30, unit=_DAYS, direction=_FWD, valid_from=FROM_2019, valid_to=None,
        basis=f"Điều 30 {_LAW_TC}; tạm đình chỉ: khoản 2 Điều 34 {_LAW_TC}",
        max_extension_days=30, pauses_from=FROM_2019,
        variants=(
            _effect(_V.COMPLEX, base=30, max_extensions=1),
            _effect(_V.VERY_COMPLEX, base=30, max_extensions=2),
        ),
    ),
    ClockRule(
        "D25",
        trigger="nhận được tố cáo do cơ quan báo chí hoặc cơ quan, tổ chức chuyển đến",
        act="thông báo kết quả cho nơi đã chuyển đến",
        base=20, unit=_DAYS, direction=_FWD, valid_from=FROM_2019, valid_to=None,
        basis=f"khoản 2 Điều 26 {_LAW_TC}",
    ),
    ClockRule(
        "D26",
        trigger="cơ quan cấp trên nhận được tố cáo tiếp",
        act="xem xét tố cáo tiếp",
        base=20, unit=_DAYS, direction=_FWD, valid_from=FROM_2019, valid_to=None,
        basis=f"khoản 2 Điều 37 {_LAW_TC}",
    ),
    # The system's rule, not the law's: how long the office waits for the answer of a body it forwarded or
    # handed an item to, when no statute sets it (a forwarded denunciation waits D25). The office may set its
    # own base; its leader may grant the body up to two extensions of at most 30 days each.
    ClockRule(
        REFERRAL_WAIT_RULE_ID,
        trigger="gửi đơn, vụ việc cho cơ quan khác (chuyển đơn, giao tham mưu, xác minh)",
        act="cơ quan nhận trả lời kết quả cho cơ quan đã gửi",
        base=30, unit=_DAYS, direction=_FWD, valid_from=date.min, valid_to=None,
        basis="quy định của hệ thống (không phải thời hạn luật định); cơ quan có thể đặt lại số ngày",
        base_settable=True, max_extension_days=30, plain_extensions=2,
    ),
)
# fmt: on


def _rule_sort_key(rule_id: str) -> tuple[bool, int, str]:
    """The law's clocks (D…) in their number order, then the system's own (W…)."""
    digits = "".join(ch for ch in rule_id if ch.isdigit())
    return (not rule_id.startswith("D"), int(digits) if digits else 0, rule_id)


def index_rules(rules: Iterable[ClockRule]) -> Mapping[str, tuple[ClockRule, ...]]:
    """Generations by id, oldest first; overlapping generations would make a trigger ambiguous."""
    grouped: dict[str, list[ClockRule]] = {}
    for rule in rules:
        grouped.setdefault(rule.id, []).append(rule)
    for rule_id, generations in grouped.items():
        generations.sort(key=lambda r: r.valid_from)
        for older, newer in zip(generations, generations[1:], strict=False):
            if older.valid_to is None or older.valid_to >= newer.valid_from:
                raise ValueError(f"{rule_id}: generations overlap")
    return MappingProxyType({k: tuple(grouped[k]) for k in sorted(grouped, key=_rule_sort_key)})


RULES_BY_ID: Mapping[str, tuple[ClockRule, ...]] = index_rules(RULES)
RULE_IDS: tuple[str, ...] = tuple(RULES_BY_ID)

# The letter's "handling deadline" in worklists is the earliest open one of these (DOMAIN §5):
# D10 for every letter; D21 and D22 for a denunciation.
HANDLING_RULE_IDS: frozenset[str] = frozenset({"D10", "D21", "D22"})

# A case's "resolution deadline" (the case list's deadline and overdue filter) is the earliest open one of
# these (DOMAIN §3.5, §5): resolve a complaint of the first round (D15), the second (D17), a disciplinary
# complaint (D19), a denunciation (D24), review a tố cáo tiếp (D26).
CASE_RESOLUTION_RULE_IDS: frozenset[str] = frozenset({"D15", "D17", "D19", "D24", "D26"})

# A referral's waiting clock (the body sent the item answers): its due date is the referral's answer_due_on.
REFERRAL_RULE_IDS: frozenset[str] = frozenset({FORWARDED_DENUNCIATION_RULE_ID, REFERRAL_WAIT_RULE_ID})


def referral_rule_id(*, forwarded_denunciation: bool) -> str:
    """The waiting clock of an item sent to a body: D25 for a forwarded denunciation, the system's W1 else."""
    return FORWARDED_DENUNCIATION_RULE_ID if forwarded_denunciation else REFERRAL_WAIT_RULE_ID

# The citizen's periods, not tasks of the office (DOMAIN §5): to complain (D12, D13), to complain again (D16), to
# complain further or sue before the decision becomes final (D18), to continue a terminated complaint (D20).
# Their end is nobody's delay: a page says the period ended (the decision is final), never "overdue".
CITIZEN_WINDOW_RULE_IDS: frozenset[str] = frozenset({"D12", "D13", "D16", "D18", "D20"})


def is_citizen_window(rule_id: str) -> bool:
    """Whether the clock is a period of the citizen (its end is not late) rather than a task of the office."""
    return rule_id.strip().upper() in CITIZEN_WINDOW_RULE_IDS


def generations(
    rule_id: str, *, rules: Mapping[str, tuple[ClockRule, ...]] = RULES_BY_ID
) -> tuple[ClockRule, ...]:
    """Every generation of a rule, oldest first."""
    try:
        return rules[rule_id.strip().upper()]
    except KeyError:
        raise UnknownRule(f"Không có thời hạn «{rule_id}». Các thời hạn: {', '.join(rules)}.") from None


def rule_for(
    rule_id: str, trigger: date, *, rules: Mapping[str, tuple[ClockRule, ...]] = RULES_BY_ID
) -> ClockRule:
    """The generation selected by the trigger date, even when the count later runs past a change date.

    `rules` defaults to the shipped table; another index (built with `index_rules`) serves tests and any
    later rule data kept outside the code.
    """
    gens = generations(rule_id, rules=rules)
    for rule in gens:
        if rule.applies_to(trigger):
            return rule
    first = gens[0]
    if trigger < first.valid_from:
        raise TriggerBeforeRule(
            f"Thời hạn {first.id} chỉ áp dụng từ ngày {format_date(first.valid_from)}; "
            f"ngày {format_date(trigger)} ở trước đó."
        )
    raise RuleNotInForce(f"Thời hạn {first.id} không còn áp dụng cho ngày {format_date(trigger)}.")


# ---------------------------------------------------------------------------------------------------------
# Computing a due date
# ---------------------------------------------------------------------------------------------------------

# A pause or an obstacle: (first day, last day), bounds inclusive. Not a report period (kỳ báo cáo,
# domain/periods.py): that one is a named window of the reporting circulars.
DateSpan = tuple[date, date]


@dataclass(frozen=True)
class DueDate:
    """A computed due date with what a person needs to check it by hand."""

    due: date
    rule_id: str
    generation: date  # valid_from of the generation used
    calendar_version: str
    explanation: str
    trigger: date
    counted: int  # base + extensions + paused + obstacle units actually counted
    rolled_from: date | None = None  # raw end of a day rule when it was not a working day


def parse_date_span(text: str) -> DateSpan:
    """ "2026-03-10:2026-03-20" → (start, end), as the CLI and the calculator take pauses and obstacles."""
    parts = text.split(":")
    if len(parts) != 2:
        raise InvalidDateSpan(f"Khoảng thời gian «{text}» phải có dạng YYYY-MM-DD:YYYY-MM-DD.")
    try:
        return date.fromisoformat(parts[0].strip()), date.fromisoformat(parts[1].strip())
    except ValueError:
        raise InvalidDateSpan(f"Khoảng thời gian «{text}» có ngày không hợp lệ (cần YYYY-MM-DD).") from None


def _check_base(rule: ClockRule, effect: VariantEffect, base: int | None) -> int:
    if base is None:
        return effect.base
    if not rule.base_settable:
        raise BaseNotSettable(
            f"Thời hạn {rule.id} do luật định ({rule.period_text(effect.base)}); không đặt lại được."
        )
    if base < 1:
        raise InvalidBase(f"Thời hạn {rule.id}: số ngày do cơ quan đặt phải là số dương (nhận được {base}).")
    return base


def _check_extensions(
    rule: ClockRule, effect: VariantEffect, extensions: int, extension_days: int | Sequence[int]
) -> tuple[int, ...]:
    if extensions < 0:
        raise TooManyExtensions(f"Số lần gia hạn không thể âm ({extensions}).")
    if extensions == 0:
        return ()
    if rule.max_extension_days == 0:
        raise ExtensionNotAllowed(f"Thời hạn {rule.id} không được gia hạn.")
    if extensions > effect.max_extensions:
        if effect.variants:
            kind = ", ".join(VARIANT_LABELS[v] for v in ordered_variants(effect.variants))
            allowed = f"{kind} chỉ được gia hạn {effect.max_extensions} lần"
        else:
            allowed = "chỉ vụ việc phức tạp hoặc đặc biệt phức tạp mới được gia hạn"
        raise TooManyExtensions(f"Thời hạn {rule.id}: {allowed} (yêu cầu {extensions} lần).")
    lengths = (extension_days,) * extensions if isinstance(extension_days, int) else tuple(extension_days)
    if len(lengths) != extensions:
        raise ExtensionTooLong(
            f"Thời hạn {rule.id}: có {extensions} lần gia hạn nhưng {len(lengths)} số ngày gia hạn."
        )
    for days in lengths:
        if not 1 <= days <= rule.max_extension_days:
            raise ExtensionTooLong(
                f"Thời hạn {rule.id}: mỗi lần gia hạn từ 1 đến {rule.max_extension_days} "
                f"{UNIT_LABELS[rule.unit]} (nhận được {days})."
            )
    return lengths


def _check_spans_disjoint(periods: list[DateSpan], what: str, *, touching_ok: bool) -> None:
    for (_, first_end), (second_start, _) in zip(periods, periods[1:], strict=False):
        if second_start < first_end or (second_start == first_end and not touching_ok):
            raise InvalidDateSpan(f"Các khoảng {what} chồng lên nhau ({format_date(second_start)}).")


def _check_pauses(rule: ClockRule, trigger: date, pauses: Iterable[DateSpan]) -> list[DateSpan]:
    ordered = sorted(pauses)
    if not ordered:
        return ordered
    if rule.pauses_from is None:
        raise PauseNotAllowed(f"Thời hạn {rule.id} không có tạm đình chỉ.")
    for suspended, resumed in ordered:
        if suspended < rule.pauses_from:
            raise PauseBeforeRuleAllows(
                f"Thời hạn {rule.id}: chỉ tính tạm đình chỉ từ ngày {format_date(rule.pauses_from)} "
                f"(trước đó việc giải quyết khiếu nại không có tạm đình chỉ); "
                f"quyết định tạm đình chỉ ngày {format_date(suspended)} không áp dụng được."
            )
        if resumed <= suspended:
            raise InvalidDateSpan(
                f"Ngày tiếp tục giải quyết ({format_date(resumed)}) phải sau ngày tạm đình chỉ "
                f"({format_date(suspended)})."
            )
        if suspended < trigger:
            raise InvalidDateSpan(
                f"Ngày tạm đình chỉ ({format_date(suspended)}) không thể trước ngày bắt đầu tính hạn "
                f"({format_date(trigger)})."
            )
    # A pause may start on the day the previous one was lifted: (P, R] periods then just touch.
    _check_spans_disjoint(ordered, "tạm đình chỉ", touching_ok=True)
    return ordered


def _check_obstacles(rule: ClockRule, trigger: date, obstacles: Iterable[DateSpan]) -> list[DateSpan]:
    ordered = sorted(obstacles)
    if not ordered:
        return ordered
    if not rule.counts_obstacles:
        raise ObstacleNotAllowed(f"Thời hạn {rule.id} không tính trở ngại khách quan.")
    for first, last in ordered:
        if last < first:
            raise InvalidDateSpan(
                f"Khoảng trở ngại khách quan {format_date(first)}–{format_date(last)}: ngày kết thúc trước ngày bắt đầu."
            )
        if first <= trigger:
            # The period starts the day after the trigger; an obstacle on earlier days removes nothing.
            raise InvalidDateSpan(
                f"Khoảng trở ngại khách quan phải bắt đầu sau ngày {format_date(trigger)} "
                f"(ngày bắt đầu tính thời hạn là ngày tiếp theo)."
            )
    # [A, B] periods are inclusive, so sharing a day would count it twice.
    _check_spans_disjoint(ordered, "trở ngại khách quan", touching_ok=False)
    return ordered


def _non_working_in(calendar: WorkingCalendar, start: date, end: date) -> tuple[list[date], bool]:
    """Weekday days off in [start, end], and whether a weekend day off is among them (for the explanation)."""
    holidays: list[date] = []
    weekend = False
    day = start
    while day <= end:
        if not calendar.is_working_day(day):
            if day.weekday() >= _SATURDAY:
                weekend = True
            else:
                holidays.append(day)
        day += timedelta(days=1)
    return holidays, weekend


def _skipped_text(calendar: WorkingCalendar, start: date, end: date) -> str:
    """ "không tính thứ Bảy, Chủ nhật và ngày nghỉ 16/02–20/02/2026; thứ Bảy 22/08/2026 là ngày làm việc bù nên được tính" """
    if end < start:
        return ""
    holidays, weekend = _non_working_in(calendar, start, end)
    skipped = []
    if weekend:
        skipped.append("thứ Bảy, Chủ nhật")
    if holidays:
        skipped.append(f"ngày nghỉ {format_days(holidays)}")
    parts = []
    if skipped:
        parts.append("không tính " + " và ".join(skipped))
    for day in sorted(d for d in calendar.working_weekend_days if start <= d <= end):
        parts.append(f"{weekday_name(day)} {format_date(day)} là ngày làm việc bù nên được tính")
    return "; ".join(parts)


def _additions_text(
    rule: ClockRule,
    effect: VariantEffect,
    extension_lengths: tuple[int, ...],
    pause_units: list[tuple[DateSpan, int]],
    obstacle_units: list[tuple[DateSpan, int]],
) -> str:
    unit = UNIT_LABELS[rule.unit]
    parts = []
    if extension_lengths:
        if len(extension_lengths) == 1:
            each = f"{extension_lengths[0]} {unit}"
        elif len(set(extension_lengths)) == 1:
            each = f"mỗi lần {extension_lengths[0]} {unit}"
        else:
            each = " + ".join(str(n) for n in extension_lengths) + f" {unit}"
        parts.append(f"cộng {len(extension_lengths)} lần gia hạn ({each})")
    for (suspended, resumed), units in pause_units:
        parts.append(
            f"cộng {units} {unit} tạm đình chỉ giải quyết "
            f"(tạm đình chỉ ngày {format_date(suspended)}, tiếp tục ngày {format_date(resumed)})"
        )
    for (first, last), units in obstacle_units:
        parts.append(f"cộng {units} {unit} có trở ngại khách quan ({format_range(first, last)})")
    return ", ".join(parts)


def _days_after(day: date, days: int) -> date:
    """`day` + `days`, refused (not overflowing) when the end falls outside the accepted years."""
    try:
        end = day + timedelta(days=days)
    except OverflowError:
        end = date.max
    return check_date(end, what="Ngày kết thúc thời hạn")


def compute_due(
    rule_id: str,
    trigger: date,
    calendar: WorkingCalendar,
    *,
    variants: Iterable[Variant | str] = frozenset(),
    base: int | None = None,
    extensions: int = 0,
    extension_days: int | Sequence[int] = 30,
    pauses: Iterable[DateSpan] = (),
    obstacles: Iterable[DateSpan] = (),
) -> DueDate | None:
    """The due date of clock `rule_id` started on `trigger`, or None where the rule sets no clock (D9).

    Counting: the period starts the day after the trigger. A working-day rule ends on the N-th working
    day after it (before it, for a backward rule). A day rule ends on trigger + N days (N including
    extensions, paused days and obstacle days); if that is not a working day, the due date is the next
    working day, rolled once at the very end. `extension_days` is one length for every extension or one
    length per extension. Pauses are (suspension date, resumption date); obstacles are inclusive ranges.
    """
    # A trigger outside 1900–2100 is a typing slip; refusing it keeps the arithmetic from overflowing.
    check_date(trigger, what="Ngày bắt đầu tính thời hạn")
    rule = rule_for(rule_id, trigger)
    # A bare string is one flag, not a sequence of one-letter flags.
    flags = parse_variants([variants] if isinstance(variants, str) else variants)
    effect = rule.effect_for(flags)
    days = _check_base(rule, effect, base)
    extension_lengths = _check_extensions(rule, effect, extensions, extension_days)
    pause_spans = _check_pauses(rule, trigger, pauses)
    obstacle_spans = _check_obstacles(rule, trigger, obstacles)
    if rule.opens_only_with is not None and rule.opens_only_with not in flags:
        return None

    # Paused time is counted in the rule's own unit: R − P days, or the working days in (P, R].
    if rule.unit is Unit.WORKING_DAYS:
        pause_units = [(p, calendar.working_days_between(p[0], p[1])) for p in pause_spans]
        obstacle_units = [
            (o, calendar.working_days_between(o[0] - timedelta(days=1), o[1])) for o in obstacle_spans
        ]
    else:
        pause_units = [(p, (p[1] - p[0]).days) for p in pause_spans]
        obstacle_units = [(o, (o[1] - o[0]).days + 1) for o in obstacle_spans]
    counted = (
        days + sum(extension_lengths) + sum(u for _, u in pause_units) + sum(u for _, u in obstacle_units)
    )

    sentences: list[str] = []
    if flags:
        labels = "; ".join(VARIANT_LABELS[v] for v in ordered_variants(flags))
        if effect.base != rule.base:
            labels += f" ({rule.period_text(effect.base)} thay cho {rule.base})"
        if effect.max_extensions:
            labels += f" (được gia hạn tối đa {effect.max_extensions} lần)"
        sentences.append(f"Áp dụng: {labels}.")
    if base is not None and base != rule.base:
        sentences.append(f"Cơ quan đặt thời hạn {rule.period_text(days)} (mặc định {rule.base}).")

    additions = _additions_text(rule, effect, extension_lengths, pause_units, obstacle_units)
    period = rule.period_text(days)
    total = f", tổng {counted} {UNIT_LABELS[rule.unit]}" if counted != days else ""
    rolled_from: date | None = None

    if rule.direction is Direction.BACKWARD:
        due = calendar.subtract_working_days(trigger, counted)
        skipped = _skipped_text(calendar, due, trigger - timedelta(days=1))
        core = f"{period} trước ngày {format_date(trigger)}"
        sentences.append(f"{core}{f' ({skipped})' if skipped else ''}.")
    elif rule.unit is Unit.WORKING_DAYS:
        due = calendar.add_working_days(trigger, counted)
        skipped = _skipped_text(calendar, trigger + timedelta(days=1), due)
        core = f"{period} kể từ ngày {format_date(trigger)}{', ' + additions if additions else ''}{total}"
        sentences.append(f"{core}{f' ({skipped})' if skipped else ''}.")
    else:
        raw_end = _days_after(trigger, counted)
        core = f"{period} kể từ ngày {format_date(trigger)}{', ' + additions if additions else ''}{total}"
        sentences.append(f"{core}: đến ngày {format_date(raw_end)}.")
        if calendar.is_working_day(raw_end):
            due = raw_end
            if calendar.is_make_up_day(raw_end):
                sentences.append(
                    f"Ngày {format_date(raw_end)} là {weekday_name(raw_end)} làm việc bù nên hạn giữ nguyên."
                )
        else:
            # Đ148 Civil Code: a period ending on a day off ends on the next working day; once, at the end.
            due = calendar.next_working_day(raw_end)
            rolled_from = raw_end
            if raw_end.weekday() >= _SATURDAY and raw_end not in calendar.days_off:
                what = weekday_name(raw_end)
            else:
                what = "ngày nghỉ"
            later = _skipped_text(calendar, raw_end + timedelta(days=1), due - timedelta(days=1))
            also = f" ({later})" if later else ""
            sentences.append(
                f"Ngày {format_date(raw_end)} là {what} nên hạn chuyển sang ngày làm việc tiếp theo{also}."
            )

    sentences.append(f"Hạn {rule.act}: {weekday_name(due)}, {format_date(due)}.")
    if len(generations(rule.id)) > 1:
        sentences.append(
            f"Quy định được chọn theo ngày {format_date(trigger)}: bản có hiệu lực {rule.generation_label}."
        )
    sentences.append(f"Căn cứ: {public_basis(rule.basis)}.")
    sentences.append(f"Lịch làm việc: {calendar.version}.")
    return DueDate(
        due=due,
        rule_id=rule.id,
        generation=rule.generation,
        calendar_version=calendar.version,
        explanation=" ".join(_capitalise(s) for s in sentences),
        trigger=trigger,
        counted=counted,
        rolled_from=rolled_from,
    )


def _capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


# ---------------------------------------------------------------------------------------------------------
# A running clock's variants change with the case (classed complex or remote after acceptance)
# ---------------------------------------------------------------------------------------------------------


class VariantChangeRefused(DeadlineError):
    """The new variants cannot replace the running clock's (nothing changes, a date before the trigger,
    or the extensions already granted exceed what the new variants allow)."""


@dataclass(frozen=True)
class VariantChange:
    """The case was classed again on `on` (vụ việc phức tạp, vùng sâu vùng xa …): the clock's variants went
    from `old` to `new` for `reason`; `previous_due` is the due date before the change (None: not dated)."""

    on: date
    old: frozenset[Variant]
    new: frozenset[Variant]
    reason: str
    previous_due: date | None = None


def _variants_phrase(variants: frozenset[Variant]) -> str:
    if not variants:
        return "trường hợp thông thường"
    return "; ".join(VARIANT_LABELS[v] for v in ordered_variants(variants))


def check_variant_change(
    rule_id: str,
    trigger: date,
    old: Iterable[Variant | str],
    new: Iterable[Variant | str],
    *,
    extensions: int = 0,
    on: date,
) -> frozenset[Variant]:
    """The new variants of a running clock, checked against its rule; raises what is wrong with them.

    The new combination must be one the rule lists (D15 complex/remote, D17, D19 complex, D24 complex or
    very complex); the extensions already granted must stay within what the new combination allows (a
    D24 case extended twice as very complex cannot become merely complex); a rule that runs only with a
    flag (D9) keeps it; the change is dated on or after the trigger.
    """
    rule = rule_for(rule_id, trigger)
    old_flags = parse_variants([old] if isinstance(old, str) else old)
    new_flags = parse_variants([new] if isinstance(new, str) else new)
    check_date(on, what="Ngày phân loại lại vụ việc")
    if on < trigger:
        raise VariantChangeRefused(
            f"Thời hạn {rule.id}: ngày phân loại lại ({format_date(on)}) không thể trước ngày bắt đầu tính "
            f"hạn ({format_date(trigger)})."
        )
    if new_flags == old_flags:
        raise VariantChangeRefused(
            f"Thời hạn {rule.id} đã áp dụng {_variants_phrase(new_flags)}; không có gì thay đổi."
        )
    effect = rule.effect_for(new_flags)
    if rule.opens_only_with is not None and rule.opens_only_with not in new_flags:
        raise VariantChangeRefused(
            f"Thời hạn {rule.id} chỉ có khi {VARIANT_LABELS[rule.opens_only_with]}; hãy kết thúc thời hạn thay "
            "vì bỏ biến thể này."
        )
    if extensions > effect.max_extensions:
        if effect.max_extensions:
            allowed = f"{_variants_phrase(new_flags)} chỉ được gia hạn {effect.max_extensions} lần"
        else:
            allowed = f"{_variants_phrase(new_flags)} không được gia hạn"
        raise VariantChangeRefused(
            f"Thời hạn {rule.id} đã được gia hạn {extensions} lần; {allowed}, "
            "nên không chuyển được sang phân loại này."
        )
    return new_flags


def variant_change_text(change: VariantChange) -> str:
    """The sentence a clock's explanation carries for each change: why and when its due date moved."""
    added = ordered_variants(change.new - change.old)
    removed = ordered_variants(change.old - change.new)
    what = []
    if added:
        what.append("được xác định là " + "; ".join(VARIANT_LABELS[v] for v in added))
    if removed:
        what.append("không còn là " + "; ".join(VARIANT_LABELS[v] for v in removed))
    previous = f"; hạn trước đó: {format_date(change.previous_due)}" if change.previous_due else ""
    return (
        f"Hạn được tính lại vì ngày {format_date(change.on)} vụ việc {' và '.join(what)} "
        f"(áp dụng: {_variants_phrase(change.new)}; trước đó: {_variants_phrase(change.old)}{previous}). "
        f"Lý do: {change.reason.strip().rstrip('.')}."
    )


def case_clock_variants(
    rule_id: str,
    trigger: date,
    *,
    complexity: str = "ordinary",
    remote: bool = False,
) -> frozenset[Variant]:
    """The variants a case's clock takes from the case's flags (CaseFile.complexity: "ordinary", "complex"
    or "very_complex"; CaseFile.is_remote), as far as its rule has them.

    A very complex case is complex for the complaint rules (D15, D17, D19 know one level only); a flag the
    rule does not have changes nothing (a remote denunciation still has 30 days: D24 has no `remote`).
    """
    rule = rule_for(rule_id, trigger)
    allowed = rule.allowed_variants
    level = str(complexity)
    flags: set[Variant] = set()
    if level == Variant.VERY_COMPLEX.value and Variant.VERY_COMPLEX in allowed:
        flags.add(Variant.VERY_COMPLEX)
    elif level in (Variant.COMPLEX.value, Variant.VERY_COMPLEX.value) and Variant.COMPLEX in allowed:
        flags.add(Variant.COMPLEX)
    elif level not in ("ordinary", Variant.COMPLEX.value, Variant.VERY_COMPLEX.value):
        raise UnknownVariant(f"Không có mức độ phức tạp «{complexity}».")
    if remote and Variant.REMOTE in allowed:
        flags.add(Variant.REMOTE)
    return frozenset(flags)


# ---------------------------------------------------------------------------------------------------------
# Worklist: the earliest open clock
# ---------------------------------------------------------------------------------------------------------


class ClockLike(Protocol):
    @property
    def rule_id(self) -> str: ...

    @property
    def due(self) -> date | None: ...  # None while the count waits for a confirmed calendar year

    @property
    def is_open(self) -> bool: ...


@dataclass(frozen=True)
class Clock:
    """A clock as the worklist sees it: closed when its act is done."""

    rule_id: str
    due: date | None
    is_open: bool = True


C = TypeVar("C", bound=ClockLike)


def earliest_open(clocks: Iterable[C], rule_ids: Iterable[str] | None = None) -> C | None:
    """The open clock due first (the first given wins a tie), optionally among `rule_ids` only.

    A clock without a due date yet (its year's calendar is not confirmed) is never the earliest.
    """
    wanted = None if rule_ids is None else frozenset(rule_ids)
    earliest: C | None = None
    earliest_due: date | None = None
    for clock in clocks:
        due = clock.due
        if not clock.is_open or due is None or (wanted is not None and clock.rule_id not in wanted):
            continue
        if earliest_due is None or due < earliest_due:
            earliest, earliest_due = clock, due
    return earliest


# ---------------------------------------------------------------------------------------------------------
# Reception frequencies D2–D5 (not due dates: minimum sessions a leader must hold)
# ---------------------------------------------------------------------------------------------------------


class LeaderLevel(StrEnum):
    PROVINCE_CHAIRMAN = "province_chairman"
    DISTRICT_CHAIRMAN = "district_chairman"
    COMMUNE_CHAIRMAN = "commune_chairman"
    DEPARTMENT_HEAD = "department_head"


LEADER_LEVEL_LABELS: Mapping[LeaderLevel, str] = MappingProxyType(
    {
        LeaderLevel.PROVINCE_CHAIRMAN: "Chủ tịch Ủy ban nhân dân cấp tỉnh",
        LeaderLevel.DISTRICT_CHAIRMAN: "Chủ tịch Ủy ban nhân dân cấp huyện",
        LeaderLevel.COMMUNE_CHAIRMAN: "Chủ tịch Ủy ban nhân dân cấp xã",
        LeaderLevel.DEPARTMENT_HEAD: "Thủ trưởng cơ quan hành chính nhà nước (sở, ngành)",
    }
)


class FrequencyPeriod(StrEnum):
    WEEK = "week"
    MONTH = "month"


_PERIOD_LABELS: Mapping[FrequencyPeriod, str] = MappingProxyType(
    {FrequencyPeriod.WEEK: "tuần", FrequencyPeriod.MONTH: "tháng"}
)


@dataclass(frozen=True)
class ReceptionFrequencyRule:
    """A leader level's minimum days of in-person reception per week or month, in one generation."""

    id: str
    leader_level: LeaderLevel
    min_days: int
    period: FrequencyPeriod
    valid_from: date
    valid_to: date | None
    basis: str
    to_be_confirmed: bool = False

    def applies_to(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def description(self) -> str:
        return (
            f"{LEADER_LEVEL_LABELS[self.leader_level]} trực tiếp tiếp công dân "
            f"ít nhất {self.min_days} ngày mỗi {_PERIOD_LABELS[self.period]}"
        )


# fmt: off
FREQUENCY_RULES: tuple[ReceptionFrequencyRule, ...] = (
    ReceptionFrequencyRule(
        "D2", LeaderLevel.PROVINCE_CHAIRMAN, 1, FrequencyPeriod.MONTH, FROM_2014, None,
        basis=f"khoản 5 Điều 12 {_LAW_TCD}",
    ),
    # The district level was abolished on 01/07/2025: the rule stays for older records.
    ReceptionFrequencyRule(
        "D3", LeaderLevel.DISTRICT_CHAIRMAN, 2, FrequencyPeriod.MONTH, FROM_2014, date(2025, 6, 30),
        basis=f"khoản 5 Điều 13 {_LAW_TCD}",
    ),
    ReceptionFrequencyRule(
        "D4", LeaderLevel.COMMUNE_CHAIRMAN, 1, FrequencyPeriod.WEEK, FROM_2014, date(2026, 6, 30),
        basis=f"điểm d khoản 2 Điều 15 {_LAW_TCD}",
    ),
    ReceptionFrequencyRule(
        "D4", LeaderLevel.COMMUNE_CHAIRMAN, 2, FrequencyPeriod.MONTH, LAW_CHANGE_2026, None,
        basis=f"Luật 136/2025/QH15 sửa đổi {_LAW_TCD}{_TBC}", to_be_confirmed=True,
    ),
    ReceptionFrequencyRule(
        "D5", LeaderLevel.DEPARTMENT_HEAD, 1, FrequencyPeriod.MONTH, FROM_2014, None,
        basis=f"khoản 2 Điều 18 {_LAW_TCD}",
    ),
)
# fmt: on


def frequency_rule_for(level: LeaderLevel | str, on: date) -> ReceptionFrequencyRule:
    """The reception frequency a leader level must meet on a date (the month's or week's first day)."""
    try:
        leader = LeaderLevel(level)
    except ValueError:
        raise NoFrequencyRule(f"Không có cấp lãnh đạo «{level}».") from None
    for rule in FREQUENCY_RULES:
        if rule.leader_level is leader and rule.applies_to(on):
            return rule
    raise NoFrequencyRule(
        f"Không có quy định về tần suất tiếp công dân của {LEADER_LEVEL_LABELS[leader]} "
        f"vào ngày {format_date(on)}."
    )


def leader_level_span(level: LeaderLevel) -> tuple[date | None, date | None]:
    """The days a leader level exists for reception: from its first frequency rule to its last one's end
    (None = open). The district chairman ends on 30/06/2025 with the district level."""
    rules = [rule for rule in FREQUENCY_RULES if rule.leader_level is level]
    starts = [rule.valid_from for rule in rules]
    ends = [rule.valid_to for rule in rules]
    return (min(starts) if starts else None, None if not ends or None in ends else max(e for e in ends if e))


def leader_level_valid_on(level: LeaderLevel, day: date) -> bool:
    """A session on `day` may name this leader level (a level abolished before it may not)."""
    return any(rule.leader_level is level and rule.applies_to(day) for rule in FREQUENCY_RULES)


# ---------------------------------------------------------------------------------------------------------
# Retention D11 (not a due date: how long a filed letter is kept before it may be destroyed)
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionRule:
    """How long a record is kept from a day (filing) before it may be destroyed, in whole years."""

    id: str
    years: int
    basis: str

    @property
    def description(self) -> str:
        return f"Đơn đã lưu được giữ {self.years:02d} năm kể từ ngày lưu, sau đó mới được hủy theo biên bản"


RETENTION_RULES: Mapping[str, RetentionRule] = MappingProxyType(
    {"D11": RetentionRule("D11", 1, basis="khoản 2 Điều 28 Thông tư 05/2021/TT-TTCP")}
)


def _years_later(day: date, years: int) -> date:
    """The corresponding day `years` later; 29/02 in a year without it ends on 28/02 (Bộ luật Dân sự Đ148.1:
    a period in years ends on the corresponding day of its last year, or the month's last day)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def retention_ends(kept_from: date, rule_id: str = "D11") -> date:
    """The last day of retention: the period starts the day after `kept_from` (Đ147) and ends on the
    corresponding day `years` later (Đ148). A calendar period: it does not roll to a working day."""
    rule = RETENTION_RULES.get(rule_id)
    if rule is None:
        raise UnknownRule(f"Không có thời hạn lưu giữ «{rule_id}».")
    return _years_later(kept_from, rule.years)


def retention_over(kept_from: date, today: date, rule_id: str = "D11") -> bool:
    """Whether the retention is over on `today` (the record may be destroyed from the day after its end)."""
    return today > retention_ends(kept_from, rule_id)


def latest_kept_from_over(today: date, rule_id: str = "D11") -> date:
    """The latest day a record may have been kept from for its retention to be over on `today`, so that a list
    filters one indexed column (kept_from <= this day)."""
    rule = RETENTION_RULES.get(rule_id)
    if rule is None:
        raise UnknownRule(f"Không có thời hạn lưu giữ «{rule_id}».")
    day = _years_later(today, -rule.years)
    while not retention_over(day, today, rule_id):
        day -= timedelta(days=1)
    while retention_over(day + timedelta(days=1), today, rule_id):
        day += timedelta(days=1)
    return day
