"""The identity vault (DOMAIN §8): store a denouncer's identity behind an opaque reference, reveal it
to cleared users for a stated purpose, and match duplicates by keyed blind indexes.

Modes (config VAULT_MODE):
  - "reference" (default, until the office records its legal basis): nothing personal is
    stored. `store_identity` returns a new opaque code to write on the paper file or the
    offline register that holds the identity; whatever identity the caller passes is dropped.
    There are no blind indexes: duplicates of denunciations are matched by content and
    respondent only.
  - "encrypted" (opt-in): needs VAULT_LEGAL_BASIS (the office's recorded legal basis, copied
    onto each stored reference) and VAULT_KEY_FILE outside the database and instance/. The
    identity is a Fernet token; HMAC-SHA256 blind indexes of the folded name and of the
    normalised ID number allow exact-match duplicate detection without decrypting.
Every reveal needs identity clearance (auth.clearance) and a purpose, and writes a security
event; a refused reveal writes one too. Identity values never go to history or to logs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.fernet import InvalidToken
from flask import current_app

from petitions import clock
from petitions.auth.clearance import has_identity_clearance
from petitions.auth.events import record_event
from petitions.domain.text import fold_text, normalise_text
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.vault.keys import VaultConfigError, VaultKeys, load_keys, save_keys, with_new_primary
from petitions.vault.models import IdentityRef

# Unambiguous characters (no 0/O, 1/I/L) so that a code copied by hand onto paper reads back.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 10


class VaultMode(StrEnum):
    REFERENCE = "reference"
    ENCRYPTED = "encrypted"


class RevealRefused(DomainError):
    """The user may not see this identity (no clearance) or gave no purpose."""


@dataclass(frozen=True)
class Identity:
    full_name: str
    id_number: str | None = None
    address: str | None = None
    phone: str | None = None
    # Persons accompanying the denouncer follow the denouncer's rule (DOMAIN §8): their names are
    # kept here, encrypted, or not at all.
    companions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Revealed:
    code: str
    mode: VaultMode
    identity: Identity | None  # None in reference mode: the identity is on paper, under `code`


# Configuration ------------------------------------------------------------------------------


def vault_mode() -> VaultMode:
    try:
        return VaultMode(current_app.config.get("VAULT_MODE") or VaultMode.REFERENCE)
    except ValueError as unknown:
        raise VaultConfigError("VAULT_MODE must be 'reference' or 'encrypted'.") from unknown


def key_file_path() -> Path:
    """VAULT_KEY_FILE, refused when missing or inside instance/ (which is backed up with the database)."""
    configured = current_app.config.get("VAULT_KEY_FILE")
    if not configured:
        raise VaultConfigError("Encrypted vault mode needs VAULT_KEY_FILE (a path outside the database and instance/).")
    path = Path(configured).resolve()
    instance = Path(current_app.instance_path).resolve()
    if path == instance or instance in path.parents:
        raise VaultConfigError("VAULT_KEY_FILE must not be inside instance/: keep the key apart from the data.")
    return path


def _encrypted_setup() -> tuple[VaultKeys, str]:
    legal_basis = normalise_text(current_app.config.get("VAULT_LEGAL_BASIS"))
    if not legal_basis:
        raise VaultConfigError("Encrypted vault mode needs VAULT_LEGAL_BASIS: record the office's legal basis first.")
    return load_keys(key_file_path()), legal_basis


# Blind indexes ------------------------------------------------------------------------------


def normalise_id_number(value: str) -> str:
    """ID numbers compare without spaces, dots or dashes, in upper case (passports have letters)."""
    return re.sub(r"[^0-9A-Za-z]", "", value).upper()


def _hmac(keys: VaultKeys, kind: str, value: str) -> str:
    return hmac.new(keys.hmac_key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def blind_index(*, full_name: str | None = None, id_number: str | None = None) -> tuple[str | None, str | None]:
    """(name index, id index) for matching; (None, None) in reference mode (nothing to match)."""
    if vault_mode() != VaultMode.ENCRYPTED:
        return None, None
    keys, _ = _encrypted_setup()
    name = fold_text(full_name) if full_name else ""
    number = normalise_id_number(id_number) if id_number else ""
    return (_hmac(keys, "name", name) if name else None, _hmac(keys, "id", number) if number else None)


def find_refs(*, full_name: str | None = None, id_number: str | None = None) -> list[IdentityRef]:
    """Stored identities with the same folded name or the same ID number (encrypted mode only)."""
    name_index, id_index = blind_index(full_name=full_name, id_number=id_number)
    conditions = []
    if name_index:
        conditions.append(IdentityRef.name_index == name_index)
    if id_index:
        conditions.append(IdentityRef.id_index == id_index)
    if not conditions:
        return []
    return list(db.session.scalars(sa.select(IdentityRef).where(sa.or_(*conditions)).order_by(IdentityRef.id)))


# Store and reveal ---------------------------------------------------------------------------


def _new_code() -> str:
    while True:
        code = "MK-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
        if db.session.scalar(sa.select(IdentityRef.id).where(IdentityRef.code == code)) is None:
            return code


def store_identity(identity: Identity | None, *, agency_id: int, actor: Any = None) -> IdentityRef:
    """A new reference for a denouncer's identity. Flushes; the caller commits.

    Reference mode stores only the code (write it on the paper file); encrypted mode stores the
    encrypted identity and its blind indexes.
    """
    ref = IdentityRef(code=_new_code(), agency_id=agency_id, created_by_id=getattr(actor, "id", None))
    mode = vault_mode()
    ref.mode = mode.value
    if mode == VaultMode.ENCRYPTED:
        if identity is None or not normalise_text(identity.full_name):
            raise DomainError("Vui lòng nhập họ tên người tố cáo.")
        keys, legal_basis = _encrypted_setup()
        clean = Identity(
            full_name=normalise_text(identity.full_name),
            id_number=normalise_text(identity.id_number) or None,
            address=normalise_text(identity.address) or None,
            phone=normalise_text(identity.phone) or None,
            companions=tuple(n for n in (normalise_text(c) for c in identity.companions) if n),
        )
        ref.ciphertext = keys.multi_fernet().encrypt(json.dumps(asdict(clean)).encode("utf-8")).decode("ascii")
        ref.name_index, ref.id_index = blind_index(full_name=clean.full_name, id_number=clean.id_number)
        ref.legal_basis = legal_basis[:255]
    db.session.add(ref)
    db.session.flush()
    return ref


def reveal(ref: IdentityRef, *, user: Any, purpose: str) -> Revealed:
    """The identity behind a reference, for a cleared user with a stated purpose; always logged."""
    purpose = normalise_text(purpose)
    if not has_identity_clearance(user):
        record_event("identity_reveal_refused", user=user, detail=f"ref={ref.code} reason=no_clearance")
        raise RevealRefused("Bạn chưa được cấp quyền xem danh tính người tố cáo.")
    if len(purpose) < 5:
        raise RevealRefused("Vui lòng ghi rõ mục đích xem danh tính.")
    record_event("identity_revealed", user=user, detail=f"ref={ref.code} mode={ref.mode} purpose={purpose[:300]}")
    if ref.mode != VaultMode.ENCRYPTED or ref.ciphertext is None:
        return Revealed(code=ref.code, mode=VaultMode.REFERENCE, identity=None)
    keys = load_keys(key_file_path())
    data = json.loads(keys.multi_fernet().decrypt(ref.ciphertext.encode("ascii")))
    data["companions"] = tuple(data.get("companions") or ())  # older tokens carry none
    return Revealed(code=ref.code, mode=VaultMode.ENCRYPTED, identity=Identity(**data))


def add_companions(ref: IdentityRef, names: list[str]) -> bool:
    """Append the names of persons accompanying the denouncer to the encrypted identity (for rows
    written before companions followed the denouncer's rule). False when the reference holds no
    encrypted identity: the names then stay on paper only. Flushes; the caller commits."""
    if ref.mode != VaultMode.ENCRYPTED or ref.ciphertext is None:
        return False
    keys, _ = _encrypted_setup()
    multi = keys.multi_fernet()
    data = json.loads(multi.decrypt(ref.ciphertext.encode("ascii")))
    data["companions"] = [*(data.get("companions") or []), *(n for n in map(normalise_text, names) if n)]
    ref.ciphertext = multi.encrypt(json.dumps(data).encode("utf-8")).decode("ascii")
    db.session.flush()
    return True


# Sealed fields (other records holding a denouncer's identity, e.g. an intake draft) -----------


def seal_fields(values: dict[str, str]) -> str:
    """Personal fields encrypted with the vault's key (encrypted mode), for a record other than an
    identity reference that must hold them for a while (the intake screen's draft)."""
    keys, _ = _encrypted_setup()
    return keys.multi_fernet().encrypt(json.dumps(values).encode("utf-8")).decode("ascii")


def unseal_fields(token: str) -> dict[str, str]:
    """The fields sealed by seal_fields; an unreadable token gives nothing (the fields are retyped)."""
    try:
        data = json.loads(load_keys(key_file_path()).multi_fernet().decrypt(token.encode("ascii")))
    except (InvalidToken, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def rotate_key() -> int:
    """Put a new Fernet key first and re-encrypt every stored identity with it; returns how many.

    The key file is rewritten before the rows: if the re-encryption fails, the old tokens are
    still readable with the old keys, which the file keeps. Flushes; the caller commits.
    """
    path = key_file_path()
    keys = with_new_primary(load_keys(path))
    save_keys(path, keys)
    multi = keys.multi_fernet()
    count = 0
    now = clock.utcnow()
    for ref in db.session.scalars(sa.select(IdentityRef).where(IdentityRef.ciphertext.is_not(None))):
        assert ref.ciphertext is not None  # the query selects encrypted references only
        ref.ciphertext = multi.rotate(ref.ciphertext.encode("ascii")).decode("ascii")
        ref.rotated_at = now
        count += 1
    db.session.flush()
    record_event("vault_key_rotated", detail=f"reencrypted={count} keys={len(keys.fernet_keys)}")
    return count
