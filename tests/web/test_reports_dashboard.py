"""The leaders' dashboard page and its JSON: the forms' figures for the same window, the period before by hand, the
user's scope, roles, the page itself."""

from __future__ import annotations

import html
import json
import re
from datetime import date, datetime

import pytest

from petitions import clock as app_clock
from petitions.domain.reception import SessionKind
from petitions.domain.records import LetterStatus, LetterType
from petitions.domain.types import Role
from tests.factories import make_agency, signed_in_client
from tests.services.test_reports import visit
from tests.services.test_reports_01xld import event, letter
from tests.services.test_reports_dashboard import province  # noqa: F401  (the fixture)
from tests.web.test_csp_pages import inline_code


def d(day: int, month: int, year: int = 2026) -> date:
    return date(year, month, day)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """Today is 01/10/2026 (Q4 2026 is the current period: 15/09 – 14/12)."""
    monkeypatch.setattr(app_clock, "utcnow", lambda: datetime(2026, 10, 1, 3))


@pytest.fixture
def small(session):
    """Q2 and Q3 2026 of a board B and a commune X below it, to be counted by hand."""
    root = make_agency(code="DB", name="Ban Tiếp công dân tỉnh")
    commune = make_agency(code="DX", name="UBND xã Yên Thọ", parent_id=root.id)
    # Q2: 3 visits, 9 persons, a delegation of 6; 2 complaints received, one accepted.
    visit(root, d(1, 4), headcount=6)
    visit(root, d(2, 4), headcount=2)
    visit(commune, d(3, 4))
    accepted = letter(root, d(5, 4))
    event(accepted, LetterStatus.ACCEPTED, d(10, 4))
    letter(commune, d(6, 4))
    # Q3: 4 visits, 8 persons, no delegation; 3 complaints and 1 denunciation received, 2 of them forwarded.
    visit(root, d(1, 7), headcount=3)
    visit(root, d(2, 7), SessionKind.PERIODIC, headcount=2)
    visit(commune, d(3, 7))
    visit(commune, d(4, 7), headcount=2)
    for day in (5, 6):
        row = letter(root, d(day, 7), within=False)
        event(row, LetterStatus.FORWARDED, d(day + 3, 7))
    letter(commune, d(7, 7))
    letter(commune, d(8, 7), LetterType.DENUNCIATION)
    return root, commune


def _json(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


def _rows(rows: list[dict]) -> dict[str, dict]:
    return {row["key"]: row for row in rows}


def test_the_json_is_the_forms_figures_for_the_same_window(app, province) -> None:  # noqa: F811
    root = province[0]
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    for period in ("2026-Q3", "2026-Q2", "2026-9M"):
        data = _json(client, f"/reports/dashboard.json?period={period}")
        tcd = _json(client, f"/reports/01-tcd/download/json?period={period}")["total"]["figures"]
        xld = _json(client, f"/reports/01-xld/download/json?period={period}")["total"]["figures"]
        reception = {key: row["current"] for key, row in _rows(data["reception"]).items()}
        assert [reception["visits"], reception["persons"], reception["cases"]] == [tcd["1"], tcd["2"], tcd["3"]]
        assert reception["delegations"] == tcd["8"] + tcd["17"] + tcd["26"]
        assert reception["delegation_persons"] == tcd["9"] + tcd["18"] + tcd["27"]
        assert reception["cases_repeated"] == tcd["7"] + tcd["16"] + tcd["25"]
        letters = {key: row["current"] for key, row in _rows(data["letters"]["figures"]).items()}
        assert [letters[k] for k in ("total", "carried", "received", "handled", "not_handled")] == [
            xld[str(n)] for n in range(1, 6)
        ]
        assert [letters[k] for k in ("eligible", "eligible_cases", "within", "guided", "forwarded", "urged")] == [
            xld[n] for n in ("6", "7", "14", "19", "20", "21")
        ]
        assert sum(row["current"] for row in data["letters"]["by_type"]) == xld["3"]
        assert sum(row["current"] for row in data["letters"]["by_outcome"]) == xld["4"]
        # the previous period's figures are its own forms' figures
        before = data["previous"]["code"]
        tcd_before = _json(client, f"/reports/01-tcd/download/json?period={before}")["total"]["figures"]
        assert _rows(data["reception"])["visits"]["previous"] == tcd_before["1"]


def test_q3_against_q2_by_hand(app, small) -> None:
    root, _commune = small
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    data = _json(client, "/reports/dashboard.json?period=2026-Q3")
    assert (data["period"]["from"], data["period"]["to"]) == ("2026-06-15", "2026-09-14")
    assert (data["previous"]["code"], data["previous"]["from"], data["previous"]["to"]) == (
        "2026-Q2",
        "2026-03-15",
        "2026-06-14",
    )
    reception = _rows(data["reception"])
    assert {k: (r["current"], r["previous"], r["delta"], r["percent"]) for k, r in reception.items() if k in (
        "visits", "persons", "cases", "delegations", "delegation_persons", "sessions"
    )} == {
        "visits": (4, 3, 1, 33.3),
        "persons": (8, 9, -1, -11.1),
        "cases": (4, 3, 1, 33.3),
        "delegations": (0, 1, -1, -100.0),
        "delegation_persons": (0, 6, -6, -100.0),
        "sessions": (0, 0, 0, None),
    }
    assert reception["visits"]["percent_text"] == "+33,3 %"
    letters = _rows(data["letters"]["figures"])
    assert (letters["received"]["current"], letters["received"]["previous"], letters["received"]["percent"]) == (4, 2, 100.0)
    assert (letters["forwarded"]["current"], letters["forwarded"]["previous"]) == (2, 0)
    assert letters["forwarded"]["percent"] is None  # no percentage of nothing
    by_type = {r["key"]: (r["current"], r["previous"]) for r in data["letters"]["by_type"]}
    assert by_type == {"KN": (3, 2), "TC": (1, 0), "KNPA": (0, 0), "anonymous": (0, 0)}
    by_outcome = {r["key"]: (r["current"], r["previous"]) for r in data["letters"]["by_outcome"] if r["current"] or r["previous"]}
    assert by_outcome == {"forwarded": (2, 0), "accepted": (0, 1)}
    trend = data["trend"]["months"]
    assert [(m["code"], m["visits"], m["letters"]) for m in trend[-6:]] == [
        ("2026-04", 3, 2),  # 15/03 – 14/04
        ("2026-05", 0, 0),
        ("2026-06", 0, 0),
        ("2026-07", 4, 4),  # 15/06 – 14/07
        ("2026-08", 0, 0),
        ("2026-09", 0, 0),
    ]


def test_the_current_period_is_the_default(app, small) -> None:
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=small[0].id)
    data = _json(client, "/reports/dashboard.json")
    assert (data["period"]["code"], data["previous"]["code"]) == ("2026-Q4", "2026-Q3")
    page = client.get("/reports/dashboard").get_data(as_text=True)
    assert '<option value="2026-Q4" selected>' in page


def test_a_commune_user_sees_its_subtree_only(app, small) -> None:
    root, commune = small
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=commune.id)
    data = _json(client, "/reports/dashboard.json?period=2026-Q3")
    assert data["agency"]["code"] == "DX"
    assert _rows(data["reception"])["visits"]["current"] == 2
    assert _rows(data["letters"]["figures"])["received"]["current"] == 2
    # the board above, or an agency outside the tree: as a missing agency, for the JSON and the page
    outside = make_agency(code="DZ", name="UBND xã khác")
    for code in ("DB", "DZ", "NO-SUCH"):
        assert client.get(f"/reports/dashboard.json?period=2026-Q3&agency={code}").status_code == 404
        assert client.get(f"/reports/dashboard?period=2026-Q3&agency={code}").status_code == 404
    assert outside.id != root.id
    # the board may look at the commune
    board, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    assert _json(board, "/reports/dashboard.json?period=2026-Q3&agency=DX") == data


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LIAISON, Role.HANDLER, Role.RECEPTION_OFFICER, Role.VIEWER])
def test_only_leaders_see_the_dashboard(app, small, role) -> None:
    client, _ = signed_in_client(app, role=role, agency_id=small[0].id)
    assert client.get("/reports/dashboard").status_code == 403
    assert client.get("/reports/dashboard.json").status_code == 403
    assert client.get("/reports/dashboard/records?figure=type.KN&period=2026-Q3").status_code == 403


def test_a_bad_period_is_400_for_the_json_and_a_warning_on_the_page(app, small) -> None:
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=small[0].id)
    assert client.get("/reports/dashboard.json?period=2026-Q9").status_code == 400
    page = client.get("/reports/dashboard?period=2026-Q9")
    assert page.status_code == 400 and "không hợp lệ" in page.get_data(as_text=True)


def test_the_page_draws_the_json(app, small) -> None:
    root, _commune = small
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    response = client.get("/reports/dashboard?period=2026-Q3")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bảng số liệu điều hành" in page and "quý III năm 2026" in page and "quý II năm 2026" in page
    for section in ("Tiếp công dân", "Xử lý đơn", "Đơn tiếp nhận trong kỳ theo loại", "Đơn đã xử lý theo hướng xử lý",
                    "Diễn biến theo tháng", "Quá hạn theo cơ quan"):
        assert section in page
    assert '<tr data-key="visits">' in page and "+33,3 %" in page
    for chart in ("chart-reception", "chart-by-type", "chart-by-outcome", "chart-trend"):
        assert f'<canvas id="{chart}" role="img"' in page
    assert page.count('<tr data-month="') == 12
    assert '/static/vendor/chartjs-4.6.2/chart.umd.min.js' in page and '/static/js/dashboard.js' in page
    assert inline_code(page) == []  # the CSP: the charts are drawn by a static script from a data attribute
    assert 'href="/reports/dashboard.json?agency=DB&amp;period=2026-Q3"' in page


def test_the_overdue_list_links_each_body_to_its_overdue_letters_and_cases(app, province) -> None:  # noqa: F811
    root = province[0]
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    data = _json(client, "/reports/dashboard.json?period=2026-Q3")
    bodies = data["overdue"]["bodies"]
    assert [(b["code"], b["letters"], b["cases"]) for b in bodies] == [("DR", 1, 1), ("DC", 1, 0), ("DH", 0, 1)]
    assert data["overdue"]["total"] == {"bodies": 3, "letters": 2, "cases": 2}
    assert bodies[0]["letters_url"] == f"/letters/?overdue=1&agency={root.id}"
    assert bodies[0]["cases_url"] == f"/cases/?overdue=1&agency={root.id}"
    page = client.get("/reports/dashboard?period=2026-Q3").get_data(as_text=True)
    assert f'href="/letters/?overdue=1&amp;agency={root.id}"' in page
    # every figure of the page links to its records (test_every_figure_links_to_the_records_it_counts)
    for row in [*data["reception"], *data["letters"]["figures"], *data["letters"]["by_type"], *data["letters"]["by_outcome"]]:
        assert f'href="{html.escape(row["url"])}"' in page and f'href="{html.escape(row["previous_url"])}"' in page
    for month in data["trend"]["months"]:
        assert all(f'href="{html.escape(url)}"' in page for url in month["urls"].values())


def test_leaders_find_it_in_the_navigation_and_on_the_reports_index(app, small) -> None:
    leader, _ = signed_in_client(app, role=Role.LEADER, agency_id=small[0].id)
    nav = leader.get("/").get_data(as_text=True).split("<main", 1)[0]
    assert 'href="/reports/dashboard"' in nav and 'href="/reports/"' in nav
    assert 'href="/reports/dashboard"' in leader.get("/reports/").get_data(as_text=True)
    officer, _ = signed_in_client(app, role=Role.HANDLER, agency_id=small[0].id)
    nav = officer.get("/").get_data(as_text=True).split("<main", 1)[0]
    assert 'href="/reports/dashboard"' not in nav and 'href="/reports/"' in nav
    assert 'href="/reports/dashboard"' not in officer.get("/reports/").get_data(as_text=True)


def _listed(client, url: str) -> tuple[int | None, int, int]:
    """The records page of a figure: (the figure it prints, its lines, its amounts' sum)."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    figure = re.search(r'id="records-figure" data-figure="(\d+)"', page)
    amounts = [int(a) for a in re.findall(r'data-amount="(\d+)"', page)]
    return int(figure.group(1)) if figure else None, page.count("<tr data-record="), sum(amounts)


def test_every_figure_links_to_the_records_it_counts(app, province) -> None:  # noqa: F811
    """The figures that are no single column of a form are listed by the dashboard's own drill-down, whose list is the
    figure; the others link to their column's drill-down (tests/reports/test_drilldown.py checks those lists)."""
    root = province[0]
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    data = _json(client, "/reports/dashboard.json?period=2026-Q3")
    rows = [*data["reception"], *data["letters"]["figures"], *data["letters"]["by_type"], *data["letters"]["by_outcome"]]
    own = [row for row in rows if row["url"].startswith("/reports/dashboard/records?")]
    assert len(own) == 6 + 4 + len(data["letters"]["by_outcome"])  # sums of 01/TCD columns, types, outcomes
    zeros = [row for row in own if not row["current"]]
    for row in [row for row in own if row["current"]] + zeros[:1]:
        figure, lines, amounts = _listed(client, row["url"])
        assert figure == row["current"], row["key"]
        assert (amounts if row["key"] == "delegation_persons" else lines) == row["current"], row["key"]
    for row in rows:
        if row not in own:
            form, column = re.fullmatch(r"(\d\d/\w+) \((\d+)\)", row["source"]).groups()
            slug = form.lower().replace("/", "-")
            assert row["url"] == f"/reports/{slug}/records?column={column}&agency=DR&period=2026-Q3", row["key"]
    assert _listed(client, _rows(data["reception"])["persons"]["url"])[2] == _rows(data["reception"])["persons"]["current"]
    delegations = _rows(data["reception"])["delegations"]
    assert delegations["previous"] and _listed(client, delegations["previous_url"])[0] == delegations["previous"]
    july = next(month for month in data["trend"]["months"] if month["code"] == "2026-07")
    assert july["delegations"] and _listed(client, july["urls"]["delegations"])[0] == july["delegations"]


def test_the_dashboards_own_drill_down_keeps_to_the_readers_scope(app, small) -> None:
    root, commune = small
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=commune.id)
    assert _listed(client, "/reports/dashboard/records?figure=type.KN&period=2026-Q3&agency=DX")[0] == 1
    assert client.get("/reports/dashboard/records?figure=type.KN&period=2026-Q3&agency=DB").status_code == 404
    for figure in ("type.XX", "outcome.nothing", "reception.nothing", "letters.total", ""):
        assert client.get(f"/reports/dashboard/records?figure={figure}&period=2026-Q3").status_code == 404
    board, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    figure, lines, _ = _listed(board, "/reports/dashboard/records?figure=outcome.forwarded&period=2026-Q3")
    assert figure == lines == 2
