"""Vietnamese by default, English on request: the catalogue is complete and compiled."""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from petitions.domain.types import Role
from tests.factories import log_in, make_user, signed_in_client

CATALOGUE_DIR = Path(__file__).resolve().parents[2] / "petitions" / "translations" / "en" / "LC_MESSAGES"
PO_FILE = CATALOGUE_DIR / "messages.po"
MO_FILE = CATALOGUE_DIR / "messages.mo"
PLACEHOLDER = re.compile(r"%\([^)]+\)[a-z]|%[sd]|\{[A-Za-z_0-9]*\}")


def _catalogue():  # type: ignore[no-untyped-def]
    with PO_FILE.open("rb") as fh:
        return read_po(fh, locale="en")


def _choose_english(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/language", data={"lang": "en", "next": "/"})
    assert response.status_code == 302


def test_login_page_is_english_when_chosen(client):
    _choose_english(client)
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'lang="en"' in page
    assert "Sign in" in page
    assert "Username" in page and "Password" in page
    assert "Đăng nhập" not in page


def test_login_page_is_vietnamese_by_default(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'lang="vi"' in page
    assert "Đăng nhập" in page
    assert "Sign in" not in page


def test_choice_made_before_signing_in_survives_the_login(app, session):
    user = make_user(role=Role.RECEPTION_OFFICER)
    client = app.test_client()
    _choose_english(client)
    assert log_in(client, user).status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Hello," in page


def test_home_menu_is_english_after_switching(app, session):
    client, _ = signed_in_client(app, role=Role.RECEPTION_OFFICER)
    _choose_english(client)
    page = client.get("/").get_data(as_text=True)
    for label in ("Home", "Letters", "Citizen reception", "Reception book", "Sign out"):
        assert label in page, label
    assert "Sổ đơn" not in page
    assert "Đăng xuất" not in page


def test_home_menu_stays_vietnamese_by_default(app, session):
    client, _ = signed_in_client(app, role=Role.RECEPTION_OFFICER)
    page = client.get("/").get_data(as_text=True)
    assert "Sổ đơn" in page and "Đăng xuất" in page
    assert "Sign out" not in page and "Letters" not in page


def test_switching_back_to_vietnamese(app, session):
    client, _ = signed_in_client(app, role=Role.ADMIN)
    _choose_english(client)
    client.post("/language", data={"lang": "vi", "next": "/"})
    page = client.get("/").get_data(as_text=True)
    assert "Trang chủ" in page and "Accounts" not in page


def test_an_unknown_language_is_ignored(client):
    client.post("/language", data={"lang": "fr", "next": "/"})
    assert 'lang="vi"' in client.get("/auth/login").get_data(as_text=True)


def test_every_message_is_translated_with_the_same_placeholders():
    catalogue = _catalogue()
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 100
    problems = []
    for message in messages:
        assert isinstance(message.id, str), "plural forms are not used in this project"
        if not message.string or not str(message.string).strip():
            problems.append(f"untranslated: {message.id!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif sorted(PLACEHOLDER.findall(message.id)) != sorted(PLACEHOLDER.findall(str(message.string))):
            problems.append(f"placeholders differ: {message.id!r} -> {message.string!r}")
    assert not problems, "\n".join(problems)
    assert not catalogue.obsolete, "obsolete (#~) entries should be dropped"


def _extracted_msgids() -> set[str]:
    """Every msgid the code and the templates use, as `pybabel extract` finds them (docs/translations.md, step 1)."""
    from babel.messages.extract import extract_from_dir, extract_from_file

    root = Path(__file__).resolve().parents[2]
    keywords = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None}
    found: set[str] = set()
    for directory, method_map, options in (
        ("petitions", [("**.py", "python")], {}),
        ("templates", [("**.html", "jinja2")], {"**.html": {"extensions": "jinja2.ext.i18n"}}),
    ):
        for _file, _line, message, _comments, _context in extract_from_dir(
            root / directory, method_map, options, keywords=keywords
        ):
            found.update(m for m in (message if isinstance(message, tuple) else (message,)) if m)
    # extract_from_dir skips folders whose names start with "_" (as `pybabel extract` does): the macros' own
    # messages (the pager's "%(n)s kết quả", the forms' and the history's words) are read file by file.
    for path in sorted((root / "templates").rglob("_*/**/*.html")):
        for _line, message, _comments, _context in extract_from_file(
            "jinja2", path, keywords=keywords, options={"extensions": "jinja2.ext.i18n"}
        ):
            found.update(m for m in (message if isinstance(message, tuple) else (message,)) if m)
    return found


def test_every_message_the_code_uses_is_in_the_english_catalogue():
    """A msgid added to the code or a template without `pybabel update` (and its English) would show Vietnamese on an
    English page; the catalogue test above only reads what is already in the .po."""
    translated = {m.id for m in _catalogue() if m.id and m.string and not m.fuzzy}
    extracted = _extracted_msgids()
    assert len(extracted) > 1000
    missing = sorted(extracted - translated)
    assert not missing, f"{len(missing)} msgids without English (docs/translations.md): {missing[:20]}"


def test_placeholders_are_filled_in_english(app):
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("en"):
        assert gettext("Xin chào, %(name)s", name="Lan") == "Hello, Lan"
    with app.test_request_context():
        assert gettext("Xin chào, %(name)s", name="Lan") == "Xin chào, Lan"


def test_compiled_catalogue_matches_the_po_file():
    """The .mo shipped with the code holds exactly what compiling the .po gives (run pybabel compile)."""
    assert MO_FILE.exists(), "run: pybabel compile -d petitions/translations"
    fresh = io.BytesIO()
    write_mo(fresh, _catalogue())
    fresh.seek(0)
    expected = {m.id: m.string for m in read_mo(fresh) if m.id}
    with MO_FILE.open("rb") as fh:
        shipped = {m.id: m.string for m in read_mo(fh) if m.id}
    missing = sorted(set(expected) - set(shipped))
    stale = sorted(k for k in expected if k in shipped and shipped[k] != expected[k])
    extra = sorted(set(shipped) - set(expected))
    assert not (missing or stale or extra), (
        f"messages.mo is out of date: {len(missing)} missing, {len(stale)} changed, {len(extra)} extra; "
        "run: pybabel compile -d petitions/translations"
    )


def test_form_labels_follow_the_language_of_each_request(app, session):
    """Form labels are lazy (petitions.i18n.lazy_gettext): translated when shown, in the language of the
    request that shows them, not the one of the first request that used the form class."""
    client, _ = signed_in_client(app, role=Role.RECEPTION_OFFICER)
    page = client.get("/letters/new").get_data(as_text=True)
    assert ">Ngày nhận đơn</label>" in page and "Date received" not in page
    _choose_english(client)
    page = client.get("/letters/new").get_data(as_text=True)
    assert ">Date received</label>" in page and "Ngày nhận đơn" not in page
    client.post("/language", data={"lang": "vi", "next": "/"})
    assert ">Ngày nhận đơn</label>" in client.get("/letters/new").get_data(as_text=True)


def test_a_lazy_label_outside_any_app_context_is_its_msgid():
    from petitions.i18n import lazy_gettext

    assert str(lazy_gettext("Ngày nhận đơn")) == "Ngày nhận đơn"
    assert str(lazy_gettext("Đơn số %(n)s", n=3)) == "Đơn số 3"


def test_numbers_are_grouped_as_each_language_writes_them(app):
    """1.234 in Vietnamese (the pager's total, the performance figures), 1,234 for the English reader."""
    from flask import render_template_string
    from flask_babel import force_locale

    from petitions.i18n import forget_request_translations

    template = '{% from "_macros/paging.html" import pager %}{{ pager(page) }}'
    page = type("Page", (), {"total": 1234, "total_capped": False, "next_cursor": None, "is_first": True})()
    with app.test_request_context("/"):
        assert "1.234 kết quả" in render_template_string(template, page=page)
        assert render_template_string("{{ 1250000|number }}") == "1.250.000"
        with force_locale("en"):
            forget_request_translations()  # the request's catalogue is read once per request (petitions.i18n)
            assert "1,234 results" in render_template_string(template, page=page)
