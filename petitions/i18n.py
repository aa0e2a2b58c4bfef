"""Locale and timezone selection: Vietnamese by default, English on request."""

from __future__ import annotations

from typing import Any

from babel.support import NullTranslations, Translations
from flask import Flask, current_app, g, has_app_context, request, session
from flask_babel import get_translations
from flask_babel import gettext as flask_babel_gettext
from flask_babel.speaklater import LazyString  # type: ignore[import-untyped]
from markupsafe import Markup

_TRANSLATIONS = "_petitions_translations"


def select_locale() -> str:
    """The language chosen in the menu (kept in the session), else Vietnamese."""
    chosen = session.get("lang") if request else None
    if chosen in current_app.config["LANGUAGES"]:
        return str(chosen)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def select_timezone() -> str:
    return "Asia/Ho_Chi_Minh"


def request_translations() -> Translations | NullTranslations:
    """The translations of this request's locale, looked up once per request.

    Flask-Babel's `get_translations()` resolves the request context, the domain and the locale on every
    call (~8 µs); a list page translates some 150 strings. The sign-in gate's `start_request` forgets
    the object at the start of every request (with Babel's own refresh), so a language change applies
    from the next request on, as before.
    """
    found = g.get(_TRANSLATIONS)
    if found is None:
        found = get_translations()
        setattr(g, _TRANSLATIONS, found)
    return found


def forget_request_translations() -> None:
    g.pop(_TRANSLATIONS, None)


def _request_gettext(string: str, **variables: Any) -> str:
    """Flask-Babel's `gettext` through request_translations() (its own lookup outside an app context)."""
    if not has_app_context():
        return str(flask_babel_gettext(string, **variables))
    text = request_translations().ugettext(string)
    return text % variables if variables else text


def lazy_gettext(string: str, **variables: Any) -> LazyString:
    """Flask-Babel's `lazy_gettext` (a label translated when shown), looked up through
    request_translations(): a form page shows some 100 lazy labels and choices (the registration page
    at 1,000,000 letters: ~100 full Flask-Babel lookups per render), each now a dictionary read."""
    return LazyString(_request_gettext, string, **variables)


def _finalize(value: object) -> object:
    """Jinja's hook on every `{{ … }}` value: a lazy label (`lazy_gettext`, e.g. a status name shown on
    every row) is translated through request_translations() instead of Flask-Babel's full lookup. The
    result stays Markup, as the lazy string's own `__html__` made it."""
    if type(value) is not LazyString:
        return value
    lazy: Any = value
    if lazy._func is not flask_babel_gettext and lazy._func is not _request_gettext:  # noqa: SLF001
        return value
    text = request_translations().ugettext(*lazy._args)  # noqa: SLF001
    return Markup(text % lazy._kwargs if lazy._kwargs else text)  # noqa: SLF001


def install_template_gettext(app: Flask) -> None:
    """Templates' `_()` / `gettext` / `ngettext` and lazy labels through request_translations()
    (Flask-Babel installs the same callables with a full lookup per string)."""
    app.jinja_env.finalize = _finalize
    # install_gettext_callables is added to the environment by jinja2.ext.i18n (Flask-Babel loads it)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
