"""The one history presenter (petitions.history_words): every field of every record whose history a page shows has
a name, and every value it can store reads as Vietnamese (tests/web/vi_screen.py's detector) — the history rows
the demo data does not write (it writes none for most records) are checked here, field by field, without an app."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

import petitions.models  # noqa: F401  (every model, and every labels module through the views' imports below)
from petitions import history_words
from petitions.extensions import db
from petitions.history import HistoryEntry, HistoryTracked, as_text
from tests.web.test_vietnamese_screens import enum_values
from tests.web.vi_screen import findings

# The records whose history a page shows: a letter's, a case's (with its outcome), a document's, a visit's.
SHOWN = ("letter", "case", "case_outcome", "document", "visit")


def _labels_modules() -> None:
    from petitions.cases import labels as _cases  # noqa: F401
    from petitions.documents import labels as _documents  # noqa: F401
    from petitions.letters import labels as _letters  # noqa: F401
    from petitions.reception import labels as _reception  # noqa: F401


def _columns(record_type: str) -> list[sa.Column]:
    models = [m for m in HistoryTracked.__subclasses__() if getattr(m, "__history_type__", None) == record_type]
    assert models, record_type
    columns = []
    for model in models:
        for attr in sa.inspect(model).column_attrs:
            key = attr.key
            if key in model.__history_ignored__ or key.endswith("_folded") or key in model.__history_personal__:
                continue
            columns.append(attr.columns[0])
    return columns


def _samples(column: sa.Column) -> list[str]:
    """What history stores for this column: each member of an enum, a date, a moment, yes/no, a figure, an id."""
    kind = column.type
    if isinstance(kind, sa.Enum) and kind.enum_class is not None:
        return [as_text(member) for member in kind.enum_class]  # type: ignore[misc]
    try:
        python = kind.python_type
    except NotImplementedError:
        python = None
    if python is bool:
        return ["true", "false"]
    if python is datetime:
        return [as_text(datetime(2026, 12, 6, 4, 46, 47, 520809))]  # type: ignore[list-item]
    if python is date:
        return ["2026-12-06"]
    if python is Decimal:
        return ["1250.500"]
    if python is int:
        return ["3"]
    return []  # free text: written by a person, shown as written


@pytest.mark.parametrize("record_type", SHOWN)
def test_every_field_and_value_of_a_shown_history_reads_as_vietnamese(record_type):
    _labels_modules()
    vocabulary = history_words.vocabulary_of(record_type)
    assert vocabulary is not None, f"{record_type}: no vocabulary registered"
    codes = enum_values()
    columns = frozenset(c.name for table in db.metadata.tables.values() for c in table.columns)
    unnamed, raw = [], []
    for column in _columns(record_type):
        if column.key not in vocabulary.fields:
            unnamed.append(column.key)
        for value in _samples(column):
            words = str(history_words.value_words(vocabulary, column.key, value, names={}))
            found = findings(f"<p>{words}</p>", enum_values=codes, field_names=columns)
            if column.key.endswith("_id") and words == value:
                found.append(("reference as a number", words, column.key))
            raw += [(column.key, value, kind, token) for kind, token, _ in found]
    assert unnamed == [], f"{record_type}: fields without a name"
    assert raw == []


def test_an_entry_renders_without_codes():
    _labels_modules()
    entry = HistoryEntry(record_type="document", record_id=1, action="update", field="number_source", old_value=None,
                         new_value="app", redacted=False, recorded_at=datetime(2026, 12, 6, 4, 46))
    (line,) = history_words.history_lines([entry])
    assert (str(line.action), str(line.field), str(line.new)) == ("Sửa", "Nguồn cấp số", "Sổ đăng ký của ứng dụng")
    entry.field, entry.new_value = "issued_by_id", "3"
    assert history_words.history_lines([entry])[0].new == "—"  # not a bare account number
    assert history_words.history_lines([entry], {"issued_by_id:3": "Lê Văn Ký"})[0].new == "Lê Văn Ký"
    entry.field, entry.new_value = "no_such_column", "x"
    assert str(history_words.history_lines([entry])[0].field) == "Trường khác"


def test_enum_values_collects_the_stored_codes():
    codes = enum_values()
    assert {"draft", "issued", "login_success", "reception_officer", "drop_box"} <= codes
    assert not any(isinstance(code, enum.Enum) for code in codes)
