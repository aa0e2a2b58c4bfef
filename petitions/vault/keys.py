"""The vault's key file: Fernet keys (newest first) and the HMAC key of the blind indexes.

The file lives outside the database, instance/ and the backups (VAULT_KEY_FILE); it is JSON,
mode 0600: {"fernet_keys": [newest, ..., oldest], "hmac_key": "..."}. Rotation puts a new key
first and keeps the old ones, so that tokens in older backups stay readable; the HMAC key
never changes (changing it would orphan every blind index).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet


class VaultConfigError(RuntimeError):
    """The vault cannot run as configured; the message says what to fix."""


@dataclass(frozen=True)
class VaultKeys:
    fernet_keys: tuple[str, ...]
    hmac_key: bytes

    def multi_fernet(self) -> MultiFernet:
        return MultiFernet([Fernet(key) for key in self.fernet_keys])


def _write_private(path: Path, payload: dict[str, object]) -> None:
    """Atomic write, mode 0600 from the start (never world-readable, even for an instant)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        json.dump(payload, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def create_key_file(path: Path) -> VaultKeys:
    """A new key file; refuses to overwrite an existing one (that would lose every identity)."""
    if path.exists():
        raise VaultConfigError(f"Key file {path} already exists: refusing to overwrite it.")
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = VaultKeys(
        fernet_keys=(Fernet.generate_key().decode("ascii"),),
        hmac_key=secrets.token_bytes(32),
    )
    save_keys(path, keys)
    return keys


def save_keys(path: Path, keys: VaultKeys) -> None:
    _write_private(
        path,
        {"fernet_keys": list(keys.fernet_keys), "hmac_key": base64.urlsafe_b64encode(keys.hmac_key).decode("ascii")},
    )


def load_keys(path: Path) -> VaultKeys:
    try:
        data = json.loads(path.read_text(encoding="ascii"))
        keys = VaultKeys(
            fernet_keys=tuple(data["fernet_keys"]),
            hmac_key=base64.urlsafe_b64decode(data["hmac_key"]),
        )
    except FileNotFoundError as missing:
        raise VaultConfigError(f"Vault key file {path} not found (VAULT_KEY_FILE).") from missing
    except (ValueError, KeyError, TypeError) as broken:
        raise VaultConfigError(f"Vault key file {path} is not a valid key file.") from broken
    if not keys.fernet_keys or len(keys.hmac_key) < 32:
        raise VaultConfigError(f"Vault key file {path} has no usable keys.")
    return keys


def with_new_primary(keys: VaultKeys) -> VaultKeys:
    """The same keys with a fresh Fernet key in front (used for encryption from now on)."""
    return VaultKeys(fernet_keys=(Fernet.generate_key().decode("ascii"), *keys.fernet_keys), hmac_key=keys.hmac_key)
