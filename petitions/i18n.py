"""Locale and timezone selection: Vietnamese by default, English on request."""

from __future__ import annotations

from flask import current_app, request, session


def select_locale() -> str:
    """The language chosen in the menu (kept in the session), else Vietnamese."""
    chosen = session.get("lang") if request else None
    if chosen in current_app.config["LANGUAGES"]:
        return str(chosen)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def select_timezone() -> str:
    return "Asia/Ho_Chi_Minh"
