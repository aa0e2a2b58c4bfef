"""The form macro ties a field's errors and help to it (aria-describedby, aria-invalid): a screen reader reads them
with the field, not somewhere on the page."""

from __future__ import annotations

import re

from wtforms import Form, StringField

from petitions.domain.types import Role
from tests.factories import signed_in_client


class _Named(Form):
    name = StringField("Họ và tên")


def _render(app, errors: list[str], help_text: str | None) -> str:  # type: ignore[no-untyped-def]
    form = _Named()
    form.name.errors = errors
    with app.test_request_context():
        template = app.jinja_env.from_string('{% from "_macros/forms.html" import field %}{{ field(f, help=help) }}')
        return template.render(f=form.name, help=help_text)


def test_a_field_names_its_errors_and_help(app) -> None:
    html = _render(app, ["Cần nhập họ và tên.", "Quá dài."], "Như trên giấy tờ.")
    assert 'aria-describedby="name-error-1 name-error-2 name-help"' in html and 'aria-invalid="true"' in html
    assert '<div class="invalid-feedback d-block" id="name-error-1">Cần nhập họ và tên.</div>' in html
    assert '<div class="form-text" id="name-help">Như trên giấy tờ.</div>' in html


def test_a_valid_field_is_not_marked_invalid(app) -> None:
    assert 'aria-describedby="name-help"' in _render(app, [], "Như trên giấy tờ.")
    plain = _render(app, [], None)
    assert "aria-describedby" not in plain and "aria-invalid" not in plain


def _untied_invalid_fields(page: str) -> list[str]:
    """The fields marked invalid whose errors are not named by their aria-describedby (or that lack aria-invalid)."""
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    untied = []
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*\bis-invalid\b[^>]*>", page):
        named = re.search(r'aria-describedby="([^"]+)"', tag)
        if 'aria-invalid="true"' not in tag or not named or not set(named.group(1).split()) <= ids:
            untied.append(tag)
    return untied


def test_the_intake_screen_ties_its_errors_to_their_fields(app, session) -> None:
    client, _ = signed_in_client(app, role=Role.RECEPTION_OFFICER)
    response = client.post("/reception/visits/new", data={"full_name": "", "summary": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "is-invalid" in page  # refused: the form again with its errors
    assert _untied_invalid_fields(page) == []
