"""Identity vault: reference-only stores nothing personal; encrypted mode, blind indexes, reveal rules, rotation."""

from __future__ import annotations

import json
import os
import stat

import pytest
import sqlalchemy as sa

from petitions.auth.models import SecurityEvent
from petitions.domain.records import LetterType
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_of
from petitions.vault import services
from petitions.vault.keys import VaultConfigError, create_key_file, load_keys
from petitions.vault.services import Identity, RevealRefused, VaultMode
from tests.factories import make_agency, make_citizen, make_cleared_user, make_letter, make_user

IDENTITY = Identity(full_name="Đặng Thị Ánh", id_number="0791 9000 1234", address="Thôn Đông, xã Bình Định", phone="0912000111")


@pytest.fixture
def encrypted(app, tmp_path, monkeypatch):
    key_file = tmp_path / "keys" / "vault.key"
    create_key_file(key_file)
    monkeypatch.setitem(app.config, "VAULT_MODE", "encrypted")
    monkeypatch.setitem(app.config, "VAULT_KEY_FILE", str(key_file))
    monkeypatch.setitem(app.config, "VAULT_LEGAL_BASIS", "Quyết định số 01/QĐ-BTCD về bảo vệ dữ liệu người tố cáo")
    return key_file


def _events(kind: str) -> list[SecurityEvent]:
    return list(db.session.scalars(sa.select(SecurityEvent).where(SecurityEvent.kind == kind)))


def test_reference_mode_is_the_default_and_stores_only_a_code(session):
    agency = make_agency()
    ref = services.store_identity(IDENTITY, agency_id=agency.id)
    assert services.vault_mode() == VaultMode.REFERENCE
    assert ref.code.startswith("MK-") and len(ref.code) == 13
    assert (ref.ciphertext, ref.name_index, ref.id_index, ref.legal_basis) == (None, None, None, None)


def test_reference_mode_has_no_blind_index(session):
    assert services.blind_index(full_name="Đặng Thị Ánh", id_number="079190001234") == (None, None)
    assert services.find_refs(full_name="Đặng Thị Ánh") == []


def test_reveal_in_reference_mode_points_to_the_paper_file(session):
    agency = make_agency()
    ref = services.store_identity(None, agency_id=agency.id)
    user = make_cleared_user()
    revealed = services.reveal(ref, user=user, purpose="Xác minh nội dung tố cáo")
    assert revealed.identity is None and revealed.code == ref.code


def test_encrypted_mode_round_trips_the_identity(session, encrypted):
    agency = make_agency()
    ref = services.store_identity(IDENTITY, agency_id=agency.id)
    assert ref.mode == "encrypted" and "Ánh" not in ref.ciphertext and "Dang" not in ref.ciphertext
    assert ref.legal_basis.startswith("Quyết định số 01")
    revealed = services.reveal(ref, user=make_cleared_user(), purpose="Xác minh nội dung tố cáo")
    assert revealed.identity == IDENTITY


def test_key_file_is_private_and_outside_the_database(session, encrypted):
    assert stat.S_IMODE(os.stat(encrypted).st_mode) == 0o600
    assert set(json.loads(encrypted.read_text())) == {"fernet_keys", "hmac_key"}


def test_blind_indexes_match_the_same_person_written_differently(session, encrypted):
    agency = make_agency()
    ref = services.store_identity(IDENTITY, agency_id=agency.id)
    make_agency()
    services.store_identity(Identity(full_name="Người Khác", id_number="001099000001"), agency_id=agency.id)
    assert services.find_refs(full_name="  DANG thi   anh ") == [ref]
    assert services.find_refs(id_number="079190001234") == [ref]
    same_text = services.blind_index(full_name="079190001234", id_number="079190001234")
    assert same_text[0] != same_text[1]  # names and ID numbers are keyed apart


def test_encrypted_mode_refuses_without_legal_basis(session, encrypted, app, monkeypatch):
    monkeypatch.setitem(app.config, "VAULT_LEGAL_BASIS", "")
    with pytest.raises(VaultConfigError):
        services.store_identity(IDENTITY, agency_id=make_agency().id)


def test_encrypted_mode_refuses_a_key_file_inside_instance(session, encrypted, app, monkeypatch):
    monkeypatch.setitem(app.config, "VAULT_KEY_FILE", os.path.join(app.instance_path, "vault.key"))
    with pytest.raises(VaultConfigError):
        services.store_identity(IDENTITY, agency_id=make_agency().id)


def test_encrypted_mode_needs_a_name(session, encrypted):
    with pytest.raises(DomainError):
        services.store_identity(Identity(full_name=" "), agency_id=make_agency().id)


def test_reveal_without_clearance_is_refused_and_logged(session):
    ref = services.store_identity(None, agency_id=make_agency().id)
    officer = make_user()
    with pytest.raises(RevealRefused):
        services.reveal(ref, user=officer, purpose="Tò mò muốn biết")
    refused = _events("identity_reveal_refused")
    assert refused and refused[-1].user_id == officer.id and ref.code in refused[-1].detail


def test_reveal_needs_a_purpose(session):
    ref = services.store_identity(None, agency_id=make_agency().id)
    with pytest.raises(RevealRefused):
        services.reveal(ref, user=make_cleared_user(), purpose="  ")


def test_reveal_writes_a_security_event_with_the_purpose(session, encrypted):
    ref = services.store_identity(IDENTITY, agency_id=make_agency().id)
    user = make_cleared_user()
    services.reveal(ref, user=user, purpose="Gửi giấy mời làm việc")
    event = _events("identity_revealed")[-1]
    assert event.user_id == user.id and "Gửi giấy mời làm việc" in event.detail and ref.code in event.detail
    assert "Ánh" not in event.detail


def test_rotate_key_reencrypts_and_keeps_old_data_readable(session, encrypted):
    ref = services.store_identity(IDENTITY, agency_id=make_agency().id)
    old_token = ref.ciphertext
    old_keys = load_keys(encrypted)
    name_index = ref.name_index

    assert services.rotate_key() >= 1

    new_keys = load_keys(encrypted)
    assert len(new_keys.fernet_keys) == 2 and new_keys.fernet_keys[1:] == old_keys.fernet_keys
    assert ref.ciphertext != old_token and ref.rotated_at is not None
    assert ref.name_index == name_index  # the HMAC key never rotates
    # The rotated row, and a token from an older backup, are both readable.
    assert services.reveal(ref, user=make_cleared_user(), purpose="Kiểm tra sau đổi khóa").identity == IDENTITY
    assert json.loads(new_keys.multi_fernet().decrypt(old_token.encode()))["full_name"] == IDENTITY.full_name
    # New encryptions use the new primary key only.
    from cryptography.fernet import Fernet, InvalidToken

    with pytest.raises(InvalidToken):
        Fernet(old_keys.fernet_keys[0]).decrypt(ref.ciphertext.encode())


def test_rotate_key_command_reports_the_count(app, session, encrypted):
    services.store_identity(IDENTITY, agency_id=make_agency().id)
    result = app.test_cli_runner().invoke(args=["vault", "rotate-key"])
    assert result.exit_code == 0, result.output
    assert "re-encrypted" in result.output


def test_rotate_key_command_without_key_file_fails_cleanly(app, session):
    result = app.test_cli_runner().invoke(args=["vault", "rotate-key"])
    assert result.exit_code != 0 and "VAULT_KEY_FILE" in result.output


def test_denunciation_letter_never_links_to_a_citizen(session):
    agency = make_agency()
    citizen = make_citizen(agency=agency)
    with pytest.raises(DomainError):
        make_letter(agency=agency, letter_type=LetterType.DENUNCIATION, citizen_id=citizen.id)


def test_vault_link_of_a_letter_is_redacted_in_history(session):
    agency = make_agency()
    letter = make_letter(agency=agency, letter_type=LetterType.DENUNCIATION)
    letter.identity_ref_id = services.store_identity(None, agency_id=agency.id).id
    db.session.flush()
    change = [e for e in history_of("letter", letter.id) if e.field == "identity_ref_id"][0]
    assert change.redacted and change.new_value is None
