"""Reference-only mode stores nothing personal: a canary identity is searched for in the raw database.

On SQLite the database file and its WAL are read as bytes; on PostgreSQL the test schema is
dumped with pg_dump. The canary is written through the denunciation path (vault + letter).
"""

from __future__ import annotations

from petitions.domain.records import LetterType
from petitions.extensions import db
from petitions.vault.keys import create_key_file
from petitions.vault.models import IdentityRef
from petitions.vault.services import Identity
from tests.canary import database_artefacts, needles
from tests.factories import make_letter

CANARY_NAME = "Canary Hoàng Thị Xuyến"
CANARY_ID = "079199887766"
CANARY_PHONE = "0987654321"


def _needles() -> list[bytes]:
    return needles([CANARY_NAME, "Xuyến", CANARY_ID, CANARY_PHONE])


def _write_denunciation() -> str:
    letter = make_letter(
        letter_type=LetterType.DENUNCIATION,
        identity=Identity(full_name=CANARY_NAME, id_number=CANARY_ID, phone=CANARY_PHONE, address="Thôn Canary"),
        summary="Tố cáo cán bộ địa chính xã nhận tiền khi cấp giấy chứng nhận",
    )
    db.session.commit()
    ref = db.session.get(IdentityRef, letter.identity_ref_id)
    assert ref is not None
    return ref.code


def _raw_database_bytes(app) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(database_artefacts(app).values())


def _assert_canary_absent(dump: bytes) -> None:
    for needle in _needles():
        assert needle not in dump, f"found {needle!r} in the database"


def test_reference_mode_stores_no_canary_in_the_database(committed_app):
    with committed_app.app_context():
        code = _write_denunciation()
        db.session.remove()
        db.engine.dispose()
    dump = _raw_database_bytes(committed_app)
    assert code.encode() in dump  # the dump really holds the data written
    assert b"nh\xe1\xba\xadn ti\xe1\xbb\x81n" in dump  # the letter's summary ("nhận tiền")
    _assert_canary_absent(dump)


def test_encrypted_mode_stores_the_canary_only_encrypted(committed_app, tmp_path):
    key_file = tmp_path / "outside" / "vault.key"
    create_key_file(key_file)
    committed_app.config.update(
        VAULT_MODE="encrypted", VAULT_KEY_FILE=str(key_file), VAULT_LEGAL_BASIS="QĐ 01/QĐ-BTCD (thử nghiệm)"
    )
    with committed_app.app_context():
        code = _write_denunciation()
        db.session.remove()
        db.engine.dispose()
    dump = _raw_database_bytes(committed_app)
    assert code.encode() in dump
    _assert_canary_absent(dump)
