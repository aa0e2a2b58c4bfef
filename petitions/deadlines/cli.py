"""`petitions deadline RULE TRIGGER_DATE [flags]`: a due date on the database calendar, explained."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from petitions.deadlines.queries import load_working_calendar
from petitions.domain.dates import parse_date
from petitions.domain.deadlines import DueDate, Variant, compute_due, parse_date_span, rule_for
from petitions.domain.types import DomainError

NO_CLOCK = "no clock"


class InputError(DomainError):
    """A command-line value that is not a date or a number."""


def parse_count(text: str | None, what: str) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise InputError(f"{what} «{text}» phải là một số nguyên.") from None


def calculate(
    rule_id: str,
    trigger_text: str,
    *,
    variants: list[str],
    base: str | None = None,
    extensions: str | None = None,
    extension_days: str | None = None,
    paused: tuple[str, ...] = (),
    obstacles: tuple[str, ...] = (),
) -> DueDate | None:
    """Parse command-line text and compute on the database calendar (DomainError on bad input)."""
    trigger = parse_date(trigger_text, what="Ngày bắt đầu tính")
    return compute_due(
        rule_id,
        trigger,
        load_working_calendar(),
        variants=variants,
        base=parse_count(base, "Số ngày (--base)"),
        extensions=parse_count(extensions, "Số lần gia hạn (--extensions)") or 0,
        extension_days=parse_count(extension_days, "Số ngày mỗi lần gia hạn (--extension-days)") or 30,
        pauses=[parse_date_span(p) for p in paused],
        obstacles=[parse_date_span(o) for o in obstacles],
    )


@click.command("deadline")
@click.argument("rule")
@click.argument("trigger_date")
@click.option("--remote", is_flag=True, help="Vùng sâu, vùng xa (D15–D18).")
@click.option("--complex", "complex_", is_flag=True, help="Vụ việc phức tạp.")
@click.option("--very-complex", is_flag=True, help="Vụ việc đặc biệt phức tạp (D24).")
@click.option("--several-places", is_flag=True, help="Xác minh tại nhiều địa điểm (D21).")
@click.option("--second", is_flag=True, help="Khiếu nại lần hai (D13).")
@click.option("--dismissal", is_flag=True, help="Kỷ luật buộc thôi việc (D13, cùng --second).")
@click.option("--requested", is_flag=True, help="Công dân yêu cầu được thông báo (D9).")
@click.option("--base", metavar="N", help="Số ngày do cơ quan đặt (D10).")
@click.option("--extensions", metavar="N", help="Số lần gia hạn (D24).")
@click.option("--extension-days", metavar="N", help="Số ngày mỗi lần gia hạn (mặc định 30).")
@click.option(
    "--paused", multiple=True, metavar="FROM:TO", help="Tạm đình chỉ từ ngày FROM, tiếp tục ngày TO."
)
@click.option("--obstacle", multiple=True, metavar="FROM:TO", help="Trở ngại khách quan từ FROM đến hết TO.")
@with_appcontext
def deadline_command(
    rule: str,
    trigger_date: str,
    remote: bool,
    complex_: bool,
    very_complex: bool,
    several_places: bool,
    second: bool,
    dismissal: bool,
    requested: bool,
    base: str | None,
    extensions: str | None,
    extension_days: str | None,
    paused: tuple[str, ...],
    obstacle: tuple[str, ...],
) -> None:
    """Hạn của thời hạn RULE (D1, D6–D26) kể từ TRIGGER_DATE (YYYY-MM-DD), tính trên lịch làm việc đã
    xác nhận: dòng đầu là ngày hạn YYYY-MM-DD (hoặc «no clock»), sau đó là diễn giải."""
    flags = {
        Variant.REMOTE: remote,
        Variant.COMPLEX: complex_,
        Variant.VERY_COMPLEX: very_complex,
        Variant.SEVERAL_PLACES: several_places,
        Variant.SECOND: second,
        Variant.DISMISSAL: dismissal,
        Variant.REQUESTED: requested,
    }
    try:
        result = calculate(
            rule,
            trigger_date,
            variants=[v.value for v, on in flags.items() if on],
            base=base,
            extensions=extensions,
            extension_days=extension_days,
            paused=paused,
            obstacles=obstacle,
        )
    except DomainError as refused:
        click.echo(f"Lỗi: {refused}", err=True)
        sys.exit(1)
    if result is None:
        click.echo(NO_CLOCK)
        click.echo(rule_for(rule, parse_date(trigger_date, what="Ngày bắt đầu tính")).no_clock_note)
        return
    click.echo(result.due.isoformat())
    click.echo(result.explanation)
