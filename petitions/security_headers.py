"""The security headers every page answers with, for the officers' app (petitions.web) and the citizens' lookup
app (petitions.lookup.app) alike: one policy, vendored assets only, no inline script or style, no framing."""

from __future__ import annotations

from flask import Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


def set_security_headers(response: Response, *, hsts: bool, no_store: bool) -> Response:
    """The policy and its companions; `hsts` on HTTPS deployments (secure cookies), `no_store` for pages that
    carry case content (never kept in a shared or back-button cache)."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if hsts:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if no_store:
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response
