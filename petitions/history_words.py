"""The one presenter of history rows (petitions.history) on screen: every record's page — a letter, a case and its
outcome, a document, a visit — shows its rows through `history_lines` and the template macro
`_macros/history.html`, so an action, a field and a value are words, never the stored codes.

Each area says its record's words once, in its labels module, as a `Vocabulary` registered by record type: the
fields' names, the value labels of its coded fields, formatters of its figures and its yes/no fields. The values
are then put in words in one order: a code by its label, a figure by its formatter, yes/no, a referenced record by
the name the view looked up (`names`, keyed "field:id", among what the viewer may see), a stored date or UTC moment
as dd/mm/yyyy (HH:mm, Vietnam time), anything else as stored. A reference the view could not name is a dash, never
its bare number; a field without a name is "Trường khác", never the column's name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from petitions.clock import to_local
from petitions.domain.dates import format_day
from petitions.history import HistoryEntry, stored_moment
from petitions.i18n import lazy_gettext as _l

ACTION_LABELS = {"create": _l("Tạo"), "update": _l("Sửa"), "delete": _l("Xóa")}
BOOLEAN_LABELS = {"true": _l("Có"), "false": _l("Không")}
_BOOLEAN_PREFIXES = ("is_", "has_", "result_", "resolved_")


@dataclass(frozen=True)
class Vocabulary:
    """One record type's words: field → name, field → {code: label}, field → formatter, yes/no fields."""

    fields: Mapping[str, Any]
    values: Mapping[str, Mapping[Any, Any]] = field(default_factory=dict)
    formats: Mapping[str, Callable[[str], Any]] = field(default_factory=dict)
    booleans: frozenset[str] = frozenset()


_VOCABULARIES: dict[str, Vocabulary] = {}


def register_vocabulary(record_type: str, vocabulary: Vocabulary) -> None:
    """Called once by the area's labels module (a second call replaces the first)."""
    _VOCABULARIES[record_type] = vocabulary


def vocabulary_of(record_type: str) -> Vocabulary | None:
    return _VOCABULARIES.get(record_type)


def registered_record_types() -> frozenset[str]:
    return frozenset(_VOCABULARIES)


def code_label(mapping: Mapping[Any, Any], value: Enum | str | None) -> Any:
    """The label of a code (enum or stored text); an unknown code gives a neutral dash, never the code."""
    if value is None:
        return ""
    key = value.value if isinstance(value, Enum) else value
    for code, text in mapping.items():
        if (code.value if isinstance(code, Enum) else code) == key:
            return text
    return "—"


def field_words(vocabulary: Vocabulary, name: str | None) -> Any:
    if not name:
        return ""
    return vocabulary.fields.get(name, _l("Trường khác"))


def value_words(vocabulary: Vocabulary, name: str | None, value: str | None, names: Mapping[str, Any] | None = None) -> Any:
    """A stored history value in words (the order is the module's docstring's)."""
    if value is None or value == "":
        return ""
    name = name or ""
    if name in vocabulary.values:
        return code_label(vocabulary.values[name], value)
    if name in vocabulary.formats:
        return vocabulary.formats[name](value)
    if value in BOOLEAN_LABELS and (name in vocabulary.booleans or name.startswith(_BOOLEAN_PREFIXES)):
        return BOOLEAN_LABELS[value]
    if names and f"{name}:{value}" in names:
        return names[f"{name}:{value}"]
    if name.endswith("_id") and value.isdigit():
        return "—"  # a record the viewer may not see, or one deleted since
    moment = stored_moment(value)
    if isinstance(moment, datetime):
        return to_local(moment).strftime("%d/%m/%Y %H:%M")
    if isinstance(moment, date):
        return format_day(moment)
    return value


@dataclass(frozen=True)
class HistoryLine:
    """One history row as the page shows it."""

    recorded_at: datetime
    actor: Any  # the actor's name when the view gave one, else ""
    action: Any
    field: Any
    old: Any
    new: Any
    redacted: bool
    reason: str
    record_type: str


def history_lines(
    entries: Iterable[HistoryEntry], names: Mapping[str, Any] | None = None, *, with_actors: bool = False
) -> list[HistoryLine]:
    """Rows in words, each through its record type's vocabulary (a case's page shows its outcome's rows too);
    `with_actors`: the pages that name who made each change (a document's, a visit's) read the row's account."""
    lines = []
    for entry in entries:
        vocabulary = _VOCABULARIES.get(entry.record_type) or Vocabulary(fields={})
        lines.append(
            HistoryLine(
                recorded_at=entry.recorded_at,
                actor=(entry.actor.full_name if entry.actor else _l("hệ thống")) if with_actors else "",
                action=ACTION_LABELS.get(entry.action, ""),
                field=field_words(vocabulary, entry.field),
                old="" if entry.redacted else value_words(vocabulary, entry.field, entry.old_value, names),
                new="" if entry.redacted else value_words(vocabulary, entry.field, entry.new_value, names),
                redacted=entry.redacted,
                reason=entry.reason or "",
                record_type=entry.record_type,
            )
        )
    return lines
