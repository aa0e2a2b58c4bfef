"""The exchange with the national database as data (petitions/data/national_exchange.json): the export's columns in
CSV and JSON from the mapping file, the file's own checks, and the confirmation file marking records entered."""

from __future__ import annotations

import io
import json

import pytest

from petitions.domain.national import EntryStatus, RecordKind
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.national import exchange
from petitions.national.models import LetterNationalEntry
from tests.factories import make_agency, make_user
from tests.web.test_national import TODAY, a_letter, client_of, office  # noqa: F401  (the fixture)


def confirmation(*rows: tuple[str, ...]) -> bytes:
    header = ",".join(field.name for field in exchange.exchange().confirmation)
    return ("\ufeff" + "\r\n".join([header, *(",".join(row) for row in rows)]) + "\r\n").encode("utf-8")


def upload(client, content: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        "/national/confirm", data={"file": (io.BytesIO(content), "xac-nhan.csv")}, content_type="multipart/form-data"
    )


def status_of(letter) -> EntryStatus:  # type: ignore[no-untyped-def]
    db.session.expire_all()
    return db.session.get(LetterNationalEntry, letter.id).entry_status


def test_the_json_export_carries_the_mapping_columns_and_its_status(app, office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    letter = a_letter(office, summary="Khiếu nại việc cấp giấy chứng nhận")
    body = json.loads(client_of(app, office.handler).get("/national/export.json").data)
    assert body["version"] == 1 and "chưa được công bố" in body["status"]
    (record,) = [r for r in body["records"] if r["ma_noi_bo"] == letter.id]
    assert list(record) == [field.name for field in exchange.exchange().export]
    assert record["ngay_tiep_nhan"] == letter.received_on.isoformat() and record["trang_thai"] == "chua_nhap"


def test_the_confirmation_file_marks_every_row_entered(app, office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    first, second = a_letter(office), a_letter(office)
    day = TODAY.strftime("%d/%m/%Y")
    response = upload(client_of(app, office.handler), confirmation(
        ("letter", str(first.id), "QG-2026-0001", day), ("letter", str(second.id), "QG-2026-0002", day),
    ))
    assert response.status_code == 302
    assert status_of(first) == status_of(second) == EntryStatus.ENTERED
    assert db.session.get(LetterNationalEntry, first.id).national_reference == "QG-2026-0001"


def test_one_refused_row_keeps_none_and_names_its_line(app, office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    first, second = a_letter(office), a_letter(office)
    stranger_letter = a_letter(office)
    day = TODAY.strftime("%d/%m/%Y")
    outsider = make_user(role=Role.HANDLER, agency=make_agency())
    db.session.commit()
    page = upload(client_of(app, office.handler), confirmation(
        ("letter", str(first.id), "QG-1", day),
        ("letter", str(second.id), "QG-1", "31/02/2026"),  # line 3: no such day
    ))
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "<td>3</td>" in text and "dd/mm/yyyy" in text
    assert status_of(first) == status_of(second) == EntryStatus.PENDING
    # Another office's records answer as missing ones: nothing marked.
    page = upload(client_of(app, outsider), confirmation(("letter", str(stranger_letter.id), "QG-9", day)))
    assert page.status_code == 400 and status_of(stranger_letter) == EntryStatus.PENDING
    page = upload(client_of(app, office.handler), confirmation(("letter", "abc", "QG-9", day)))
    assert page.status_code == 400 and "<td>2</td>" in page.get_data(as_text=True)


def test_a_bad_mapping_file_is_refused() -> None:
    good = json.loads((exchange.resources.files("petitions") / "data" / "national_exchange.json").read_text("utf-8"))
    exchange.parse_exchange(json.dumps(good))
    unknown = {**good, "export": [*good["export"], {"name": "x", "source": "denouncer", "description": ""}]}
    with pytest.raises(exchange.ExchangeFileError, match="unknown sources"):
        exchange.parse_exchange(json.dumps(unknown))
    lacking = {**good, "confirmation": good["confirmation"][:-1]}
    with pytest.raises(exchange.ExchangeFileError, match="entered_on"):
        exchange.parse_exchange(json.dumps(lacking))


def test_the_record_kinds_are_the_domain_kinds() -> None:
    assert {kind.value for kind in RecordKind} == {"visit", "letter", "case"}
