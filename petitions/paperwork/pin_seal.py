"""A receipt's PIN kept sealed for the officer who issued it, so that the citizen's copy can be printed again in
the same sign-in session (the officer left the page before printing) without issuing a new PIN.

The PIN is never stored in clear: the database keeps only its salted hash (paperwork.codes). What is kept here is
a Fernet token in the signed session cookie, encrypted under a key derived from the application's SECRET_KEY
(never in the database) and the issuing sign-in session's token hash, so that:
- the cookie alone reveals nothing (encrypted; the key is the server's);
- the database alone reveals nothing (no PIN, no key);
- another user, or the same user in another sign-in session, cannot open it (another key), and it stops opening
  when its session's absolute lifetime is over (the token's time-to-live);
- a PIN re-issued since no longer verifies against the receipt's hash and is dropped.
The PIN is still shown only once on screen: this only prints it again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, session
from flask_login import current_user

from petitions.paperwork import codes

SESSION_KEY = "sealed_receipt_pins"
KEEP = 5  # the latest receipts of the session: enough for a busy morning, a small cookie


def _fernet() -> Fernet | None:
    user_session = getattr(current_user, "current_session", None)
    if user_session is None or not user_session.token_hash:
        return None
    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"petitions receipt pin|" + user_session.token_hash.encode()
    ).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def seal_pin(visit_id: int, pin: str) -> None:
    """Keep `pin`, just issued for the receipt of visit `visit_id`, sealed for this sign-in session."""
    fernet = _fernet()
    if fernet is None:
        return
    sealed = dict(session.get(SESSION_KEY) or {})
    sealed.pop(str(visit_id), None)
    sealed[str(visit_id)] = fernet.encrypt(pin.encode("ascii")).decode("ascii")
    session[SESSION_KEY] = dict(list(sealed.items())[-KEEP:])


def sealed_pin(visit_id: int, pin_hash: str) -> str | None:
    """The PIN sealed for visit `visit_id` in this sign-in session, if it still matches the receipt's `pin_hash`
    (not re-issued since); None otherwise (and a stale seal is dropped)."""
    sealed = session.get(SESSION_KEY) or {}
    token = sealed.get(str(visit_id))
    fernet = _fernet()
    if not token or fernet is None:
        return None
    try:
        pin = fernet.decrypt(
            token.encode("ascii"), ttl=int(current_app.config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds())
        ).decode("ascii")
    except (InvalidToken, UnicodeDecodeError):
        pin = None
    if pin is None or not codes.verify_pin(pin_hash, pin):
        session[SESSION_KEY] = {k: v for k, v in sealed.items() if k != str(visit_id)}
        return None
    return pin
