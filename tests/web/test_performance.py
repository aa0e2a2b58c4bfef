"""The performance pages through the web: the ranking with its method and every figure a link, each link's list
as long as the figure, the window chosen by preset or dates, PDF and Excel, and the scope (a body the office
never sent to: 404; a liaison: 403)."""

from __future__ import annotations

import re
from datetime import date

from petitions.domain.chasing import ChaseStatus
from petitions.domain.types import Role
from petitions.extensions import db
from tests.factories import make_user
from tests.letters_papers.conftest import agency, seeded  # noqa: F401  (fixture)
from tests.services.test_performance import answer, chase, scenario, send  # noqa: F401  (scenario: fixture)
from tests.web.test_referrals import client_of

WINDOW = "from=2026-04-01&to=2026-05-31"
FIGURE_LINK = re.compile(r'<td data-figure="(\w+)"><a href="([^"]+)">([^<]+)</a>')


def row_of(page: str, agency_id: int) -> str:
    start = page.index(f'id="body-{agency_id}"')
    return page[start : page.index("</tr>", start)]


def test_the_ranking_links_every_figure_to_a_list_as_long_as_it(app, scenario):  # noqa: F811
    leader = client_of(app, scenario)
    page = leader.get(f"/performance/?{WINDOW}").get_data(as_text=True)
    assert 'id="performance-ranking"' in page and 'id="performance-method"' in page
    assert "phân vị thứ 90 theo phương pháp thứ hạng gần nhất" in page
    assert agency("SNV").name not in page
    phg = row_of(page, agency("PHG").id)
    links = FIGURE_LINK.findall(phg)
    shown = {figure: value for figure, _, value in links}
    assert shown == {"received": "3", "answered": "3", "on_time": "2", "late": "1", "mean": "19,0", "p90": "29",
                     "overdue": "1", "chases": "1"}
    for code in ("PHG", "XTY"):
        links = FIGURE_LINK.findall(row_of(page, agency(code).id))
        figures = {figure: value for figure, _, value in links}
        for figure, url, value in links:
            listing = leader.get(url.replace("&amp;", "&")).get_data(as_text=True)
            count = len(re.findall(r"<tr data-(?:referral|chase)=", listing))
            # The mean and the percentile link to the answers they are taken over.
            assert count == int(figures["answered"] if figure in ("mean", "p90") else value), (code, figure)
    total = page[page.index('id="performance-total"') :]
    assert [v for _, _, v in FIGURE_LINK.findall(total)][:4] == ["4", "4", "3", "1"]


def test_the_window_is_chosen_by_preset_or_dates(app, scenario):  # noqa: F811
    leader = client_of(app, scenario)
    preset = leader.get("/performance/?period=2026-Q2").get_data(as_text=True)  # 15/03 – 14/06
    assert "Số liệu tính từ ngày 15/03/2026 đến ngày 14/06/2026" in preset
    assert '<option value="2026-Q2" selected>' in preset and "— Chọn kỳ —" not in preset
    window = leader.get(f"/performance/?{WINDOW}").get_data(as_text=True)
    assert '<option value="" disabled selected>— Chọn kỳ —</option>' in window and 'value="01/04/2026"' in window
    assert 'data-figure="received"><a href="/performance/items/received?period=2026-Q2&amp;body=' in preset
    refused = leader.get("/performance/?from=2026-13-01&to=2026-05-31")
    assert refused.status_code == 400 and "alert-warning" in refused.get_data(as_text=True)


def test_the_ranking_prints_and_exports(app, scenario):  # noqa: F811
    leader = client_of(app, scenario)
    pdf = leader.get(f"/performance/ranking.pdf?{WINDOW}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    xlsx = leader.get(f"/performance/ranking.xlsx?{WINDOW}")
    assert xlsx.status_code == 200 and xlsx.data.startswith(b"PK")
    assert leader.get("/performance/ranking.doc").status_code == 404
    assert leader.get("/performance/ranking.pdf?from=x&to=y").status_code == 400


def test_another_office_body_and_unknown_figures_answer_404(app, scenario):  # noqa: F811
    leader = client_of(app, scenario)
    assert leader.get(f"/performance/items/received?body={agency('SNV').id}&{WINDOW}").status_code == 404
    assert leader.get(f"/performance/items/received?body=3000000000&{WINDOW}").status_code == 404
    assert leader.get(f"/performance/items/speed?body={agency('PHG').id}").status_code == 404
    # The Sở's own leader sees its two items and none of the Ban's.
    other = client_of(app, make_user(role=Role.LEADER, agency=agency("SNNMT")))
    page = other.get(f"/performance/?{WINDOW}").get_data(as_text=True)
    assert FIGURE_LINK.findall(row_of(page, agency("PHG").id))[0][2] == "1"
    assert agency("XTY").name not in page


def test_liaisons_and_the_administrator_cannot_see_the_ranking(app, scenario):  # noqa: F811
    liaison = client_of(app, make_user(role=Role.LIAISON, agency=agency("PHG")))
    assert liaison.get("/performance/").status_code == 403
    assert liaison.get(f"/performance/items/received?body={agency('PHG').id}").status_code == 403
    admin = client_of(app, make_user(role=Role.ADMIN))
    assert admin.get("/performance/").status_code == 403


def test_the_pages_send_as_many_statements_for_one_body_or_row_as_for_many(app, scenario, count_statements):  # noqa: F811
    """No statement per row or per body: the ranking and the drill-downs cost the same with more of them."""
    leader = client_of(app, scenario)
    urls = (f"/performance/?{WINDOW}", f"/performance/items/answered?{WINDOW}", f"/performance/items/chases?{WINDOW}",
            f"/performance/items/received?{WINDOW}")

    def statements() -> list[int]:
        counts = []
        for url in urls:
            leader.get(url)
            with count_statements() as counted:
                assert leader.get(url).status_code == 200
            counts.append(counted.total)
        return counts

    before = statements()
    for code in ("SXD", "STC", "SYT"):  # three more bodies, each with an answer and a chase
        referral = send("BTCD", code, date(2026, 4, 21))
        answer(referral, date(2026, 4, 28))
        chase(referral, status=ChaseStatus.APPROVED, issued_on=date(2026, 4, 27))
    db.session.commit()
    assert statements() == before


def test_an_empty_window_says_so_and_still_prints(app, scenario):  # noqa: F811
    leader = client_of(app, scenario)
    empty = "from=2025-01-01&to=2025-01-31"
    page = leader.get(f"/performance/?{empty}").get_data(as_text=True)
    # Only the overdue item (counted as of today whatever the window) is left.
    assert FIGURE_LINK.findall(row_of(page, agency("PHG").id))[0][2] == "0"
    assert 'data-figure="overdue"><a href="/performance/items/overdue?' in page
    assert leader.get(f"/performance/ranking.pdf?{empty}").data.startswith(b"%PDF")
    other = client_of(app, make_user(role=Role.HANDLER, agency=agency("SXD")))
    assert 'id="performance-empty"' in other.get(f"/performance/?{empty}").get_data(as_text=True)
    assert other.get(f"/performance/ranking.pdf?{empty}").data.startswith(b"%PDF")
    assert other.get(f"/performance/ranking.xlsx?{empty}").data.startswith(b"PK")
