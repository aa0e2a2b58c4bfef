"""E-mail addresses and header text: one check for the agency form's service and the outbox."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

SUBJECT_MAX = 500


def normalise_address(address: str | None) -> str | None:
    """The address in its normal form (domain lower-cased, an internationalised domain in its ASCII form), or
    None when it is empty or not one plain mailbox address. email_validator without a DNS lookup: a display
    name, a second address, CR or LF (header injection), a non-ASCII local part (it would need SMTPUTF8 from
    every server on the way) are all refused."""
    text = (address or "").strip()
    if not text:
        return None
    try:
        checked = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return None
    return checked.ascii_email or checked.normalized


def one_line(text: str, limit: int = SUBJECT_MAX) -> str:
    """Header-safe text: every run of whitespace (CR and LF included) becomes one space."""
    return " ".join(text.split())[:limit]
