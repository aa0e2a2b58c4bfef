"""Words for the national-database entry fields, for the pages and the histories of the records that hold them."""

from __future__ import annotations

from petitions.domain.national import EntryStatus
from petitions.i18n import lazy_gettext as _l

ENTRY_STATUS_LABELS = {EntryStatus.PENDING: _l("Chưa nhập"), EntryStatus.ENTERED: _l("Đã nhập")}

# The entry's fields as a record's history names them (petitions.national.models: its rows are the record's).
HISTORY_FIELD_LABELS = {
    "entry_status": _l("Nhập CSDL quốc gia"),
    "entered_on": _l("Ngày nhập CSDL quốc gia"),
    "national_reference": _l("Mã hồ sơ CSDL quốc gia"),
    "entered_by_id": _l("Người nhập CSDL quốc gia"),
}
