"""The CSP forbids inline code: every template and every rendered page is checked for it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from petitions.config import PROJECT_ROOT
from petitions.domain.types import Role
from tests.factories import signed_in_client
from tests.web.test_public_endpoints import synthetic_url


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, style blocks or attributes, handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower() for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> block")
        if "style" in names:
            self.problems.append(f"style attribute on <{tag}>")
        for name in names:
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
        for name, value in attrs:
            if name in ("href", "src", "action") and value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def test_inline_code_finder_catches_an_inline_script():
    assert inline_code("<p>x</p><script>alert(1)</script>") == ["inline <script>"]
    assert inline_code('<div style="color:red" onclick="x()"></div>') == ["style attribute on <div>", "onclick handler on <div>"]
    assert inline_code('<script src="/static/js/app.js"></script>') == []


TEMPLATES = sorted((PROJECT_ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(PROJECT_ROOT / "templates")))
def test_template_source_has_no_inline_code(template: Path):
    source = template.read_text(encoding="utf-8")
    # Jinja expressions are blanked so the HTML parser sees plain markup.
    markup = re.sub(r"{[{%#].*?[}%#]}", "", source, flags=re.S)
    assert inline_code(markup) == []


@pytest.mark.parametrize("role", list(Role))
def test_every_page_renders_without_inline_code_for_each_role(app, session, role):
    client, _ = signed_in_client(app, role=role)
    rendered = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        response = client.get(synthetic_url(app, rule))
        assert response.status_code < 500, f"{rule.endpoint} failed for {role}"
        if response.mimetype == "text/html":
            assert inline_code(response.get_data(as_text=True)) == [], rule.endpoint
            assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
            rendered += 1
    assert rendered >= 5
