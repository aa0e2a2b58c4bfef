"""Device cookies: a browser that has signed in as a user is recognised when that user signs in again.

The idea is OWASP's "device cookie" defence against password guessing: the address limit, which
slows password spraying from one address, does not hold back a colleague behind the same office
address who signs in from the browser they have used before. The cookie is signed with the app's
secret key, names only the (folded) username and expires; it grants nothing by itself — the
password, the per-account lock and the second factor still apply.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response  # what redirect() returns; flask's Response subclasses it

DEVICE_COOKIE = "petitions_device"
DEVICE_LIFETIME = timedelta(days=180)
_SALT = "petitions.auth.device-cookie"


def _serializer(app: Flask) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(app.secret_key or "", salt=_SALT)


def cookie_name(app: Flask) -> str:
    # Production cookies carry the __Host- prefix (Secure, no Domain, Path=/), as the session's do.
    return f"__Host-{DEVICE_COOKIE}" if app.config.get("SESSION_COOKIE_SECURE") else DEVICE_COOKIE


def recognises(app: Flask, cookie: str | None, username: str) -> bool:
    """Whether the cookie was issued to this browser when `username` (already folded) signed in."""
    if not cookie:
        return False
    try:
        named = _serializer(app).loads(cookie, max_age=int(DEVICE_LIFETIME.total_seconds()))
    except BadSignature:  # also SignatureExpired
        return False
    return isinstance(named, str) and named == username


def remember(app: Flask, response: Response, username: str) -> None:
    """Issue (or renew) the device cookie for `username` (already folded) on a successful sign-in."""
    response.set_cookie(
        cookie_name(app),
        _serializer(app).dumps(username),
        max_age=int(DEVICE_LIFETIME.total_seconds()),
        path="/",
        secure=bool(app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )
