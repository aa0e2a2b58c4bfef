"""Whole numbers and choices that arrive from a request (query-string filters, hidden ids, typed years): one parser.

Bounded to the range of the columns they are compared with: every integer column (ids, years, numbers) is
INTEGER, 32-bit on PostgreSQL. A number beyond it (``?officer=3000000000``, ``/letters/3000000000``) is no
value at all, like a word, instead of an integer that makes PostgreSQL raise (a 500); SQLite would only
find nothing. `in_column_range` is the one check, also for the scoped loaders (petitions.scoping).
Dates have their own parser in ``petitions.dates``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, TypeVar

from flask import request

E = TypeVar("E", bound=Enum)

# The INTEGER column range (PostgreSQL's int4; no column of the schema is BIGINT).
INT_MIN = -(2**31)
INT_MAX = 2**31 - 1


def in_column_range(number: int) -> bool:
    """Whether a whole number fits the schema's integer columns (a bool is not a number here)."""
    return not isinstance(number, bool) and INT_MIN <= number <= INT_MAX


def parse_int(value: Any) -> int | None:
    """The integer written in `value`, or None when it is blank, not a whole number or out of range."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if in_column_range(number) else None


def int_arg(name: str) -> int | None:
    """A whole-number filter from the query string (see parse_int)."""
    return parse_int(request.args.get(name))


def enum_arg(enum: type[E], name: str) -> E | None:
    """A choice filter from the query string: the member of `enum` with that value, None for anything else."""
    try:
        return enum(request.args.get(name, ""))
    except ValueError:
        return None


def coerce_optional_int(value: Any) -> int | None:
    """A select field's coerce: blank is no choice (None); anything else must be a whole number in
    range, or the field reports an invalid choice (WTForms catches the ValueError)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = parse_int(value)
    if number is None:
        raise ValueError(value)
    return number


# No table's id sequence hands out 0: an id posted as 0 finds nothing.
NO_ROW_ID = 0


def parse_id(value: Any) -> int | None:
    """An id posted in a form: None when blank; otherwise an integer. Text that is not a whole number
    in range becomes NO_ROW_ID, so the scoped loader answers "not found", exactly as it does for another
    agency's id, instead of the field being taken as left empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = parse_int(value)
    return NO_ROW_ID if number is None else number
