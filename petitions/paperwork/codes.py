"""Receipt lookup codes (≥ 80 random bits, typeable, in the QR link) and the short PIN printed beside them.

The code is a bearer link to the citizen's status page; the PIN is asked for there, so that a photo
of the QR code alone reveals nothing. Only a salted scrypt hash of the PIN is stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

# No 0/O, 1/I/L, U: the code is read aloud and typed from paper. 30 symbols ≈ 4.91 bits each.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 18  # 18 × log2(30) ≈ 88.3 bits
CODE_GROUP = 6
PIN_DIGITS = 6

# scrypt parameters: 16 MiB and ~50 ms per check; the lookup app also limits attempts per code.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024


def new_receipt_code() -> str:
    """A fresh random code, e.g. 'K7QX2M-9TZP4A-HWN3RB' (grouped for reading; groups are not secret)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def normalise_code(text: str) -> str:
    """A typed code as stored: upper case, separators and spaces dropped, then regrouped."""
    raw = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, len(raw), CODE_GROUP))


def lookup_url(base_url: str, code: str) -> str:
    """The QR link: the lookup app's base URL, then the code."""
    return f"{base_url.rstrip('/')}/{code}"


LOCAL_HOSTS = frozenset({"localhost", "0.0.0.0", "::1", "::", ""})


def is_local_url(url: str) -> bool:
    """Whether a lookup address only works on this machine (loopback, unspecified, no host): a
    citizen scanning its QR code at home would reach nothing."""
    host = (urlsplit(url.strip()).hostname or "").lower()
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def new_pin() -> str:
    """Six random digits (leading zeros kept)."""
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(pin: str) -> str:
    """'scrypt$N$r$p$salt$hash' (base64), salted per receipt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, maxmem=_SCRYPT_MAXMEM, dklen=32
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_pin(stored: str, pin: str) -> bool:
    """Whether ``pin`` matches the stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            (pin or "").strip().encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_SCRYPT_MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)
