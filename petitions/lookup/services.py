"""The lookup itself: a typed code and PIN against the projection, under the lock-out, logged.

Every failure — an unknown code, a wrong PIN, a code that cannot be one, a locked code or address — ends the
same way (None), after the same work: the PIN is always checked against a hash (the entry's, or a decoy's when
there is no entry), so neither the answer nor its time tells which it was. Flushes; the caller commits.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import UTC
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from petitions.clock import utcnow
from petitions.domain.lookup import Limits, address_key, code_key, is_locked
from petitions.extensions import db
from petitions.lookup.limits import FOUND, LOCKED, FailureCounter
from petitions.lookup.models import LookupAttempt, LookupEntry, LookupFile
from petitions.paperwork.codes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    PIN_DIGITS,
    hash_pin,
    normalise_code,
    verify_pin,
)

log = logging.getLogger("petitions.lookup")


@lru_cache(maxsize=1)
def decoy_hash() -> str:
    """A PIN hash no PIN matches in practice (a random 32-character secret), with the same scrypt cost as the
    receipts' hashes: checked when there is no entry, so an unknown code costs what a wrong PIN costs."""
    return hash_pin(secrets.token_urlsafe(24))


def is_well_formed(normalised: str) -> bool:
    """A code as receipts print it: CODE_LENGTH symbols of the code alphabet (the groups' dashes aside)."""
    raw = normalised.replace("-", "")
    return len(raw) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in raw)


def look_up(
    *, code: str, pin: str, remote_addr: str | None, counter: FailureCounter, limits: Limits
) -> LookupEntry | None:
    """The entry of a code and its PIN, or None for every kind of failure; one log row either way."""
    now = utcnow()
    normalised = normalise_code(code)
    key = code_key(normalised)
    address = address_key(remote_addr)
    well_formed = is_well_formed(normalised)
    # Read even for a code that cannot be one (it finds nothing), so that every attempt does the same work.
    found = db.session.scalar(sa.select(LookupEntry).where(LookupEntry.code_key == key))
    entry = found if well_formed else None
    pin_text = (pin or "").strip()
    pin_ok = verify_pin(entry.pin_hash if entry is not None else decoy_hash(), pin_text)
    pin_ok = pin_ok and len(pin_text) == PIN_DIGITS and pin_text.isdigit()
    # Counted after the slow check, under the code's and the address's locks until the commit: two attempts at
    # once (two workers, two instances) cannot both read four failures and both try a fifth PIN.
    counter.hold(key, address)
    counts = counter.counts(key, address, now)
    locked = is_locked(code_failures=counts.code, address_failures=counts.address, limits=limits)
    if locked:
        outcome = LOCKED
    elif not well_formed:
        outcome = "malformed"
    elif entry is None:
        outcome = "unknown"
    elif not pin_ok:
        outcome = "wrong_pin"
    else:
        outcome = FOUND
    db.session.add(LookupAttempt(attempted_at=now, code_key=key, address=address, outcome=outcome))
    db.session.flush()
    if outcome != FOUND:
        counter.add_failure(key, address, outcome, now)
    # The code's key shortened (enough to follow one code in the log), never the code or the PIN.
    log.info("lookup outcome=%s code=%s address=%s", outcome, key[:12], address)
    return entry if outcome == FOUND else None


# ------------------------------------------------------------------------------------------------ downloads

# How long a download link shown on the result page stays valid.
LINK_MINUTES = 10
DOWNLOAD = "download"


def _link_mac(pin_hash: str, token: str, expires: int) -> str:
    # Keyed with the entry's PIN hash: only the page that just checked the PIN can make the link, nothing else
    # needs a secret, and a reprint's new PIN ends every link made before it.
    return hmac.new(pin_hash.encode(), f"lookup-file:{token}:{expires}".encode(), hashlib.sha256).hexdigest()


def download_args(entry: LookupEntry, token: str) -> dict[str, Any]:
    """The download link's arguments for a paper's copy, made right after the PIN was checked."""
    expires = int(utcnow().replace(tzinfo=UTC).timestamp()) + LINK_MINUTES * 60
    return {"token": token, "e": expires, "s": _link_mac(entry.pin_hash, token, expires)}


def find_download(*, token: str, expires: str, mac: str, remote_addr: str | None) -> LookupFile | None:
    """The copy a link names when the link is whole and not expired; None otherwise. A download is logged
    (the code's key, the address); a refused link is not counted against anyone (it cannot be guessed)."""
    file = db.session.scalar(sa.select(LookupFile).where(LookupFile.token == token))
    entry = (
        db.session.scalar(sa.select(LookupEntry).where(LookupEntry.receipt_id == file.receipt_id))
        if file is not None else None
    )
    try:
        until = int(expires)
    except ValueError:
        return None
    now = utcnow()
    if entry is None or until < int(now.replace(tzinfo=UTC).timestamp()):
        return None
    if not hmac.compare_digest(_link_mac(entry.pin_hash, token, until), mac or ""):
        return None
    address = address_key(remote_addr)
    db.session.add(LookupAttempt(attempted_at=now, code_key=entry.code_key, address=address, outcome=DOWNLOAD))
    db.session.flush()
    log.info("lookup outcome=%s code=%s address=%s", DOWNLOAD, entry.code_key[:12], address)
    return file
