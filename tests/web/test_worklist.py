"""The home page's worklist ("Việc của tôi"): sections per role with hand-built letters, scope, counts equal
to the listed letters, the clocks' explanations, a section's own paged list, printing."""

from __future__ import annotations

import re
from datetime import date

import pytest

from petitions.cli import seed_reference_data
from petitions.domain.letter_flow import LetterTransition
from petitions.domain.records import LetterStatus
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters import handling
from petitions.letters.models import Letter
from petitions.letters.services import assign_letter, record_letter_status
from petitions.navigation import menu_for
from tests.factories import log_in, make_agency, make_letter, make_user, signed_in_client

TODAY = date(2026, 3, 10)  # a Tuesday: "due soon" runs to Friday 13/03 (3 working days)


@pytest.fixture
def office(app, session, monkeypatch):
    monkeypatch.setattr("petitions.main.views.local_today", lambda: TODAY)
    seed_reference_data()
    agency = make_agency(name="Ban Tiếp công dân tỉnh")
    other = make_agency(name="Sở Tài nguyên và Môi trường")
    leader = make_user(role=Role.LEADER, agency=agency)
    with immediate_transactions():
        yield agency, other, leader


def _letter(agency, received_on, **overrides):
    return make_letter(agency=agency, received_on=received_on, **overrides)


def _assign(letter, officer, leader):
    return assign_letter(letter, officer_id=officer.id, direction="Đề xuất hướng xử lý", actor=leader,
                         effective_on=letter.received_on)


def _section(html: str, key: str) -> str:
    match = re.search(rf'<section class="mb-4 worklist-section" id="{key}">(.*?)</section>', html, re.S)
    assert match, f"no section {key}"
    return match.group(1)


def _numbers(html: str, key: str) -> list[str]:
    return re.findall(r'href="/letters/\d+">([^<]+)</a>', _section(html, key))


def _count(html: str, key: str) -> int:
    return int(re.search(rf'data-count="{key}">(\d+)', html).group(1))


def test_an_officer_sees_the_letters_assigned_to_them_by_due_date(app, office):
    agency, other, leader = office
    client, officer = signed_in_client(app, role=Role.HANDLER, agency=agency)
    colleague = make_user(role=Role.HANDLER, agency=agency)
    overdue = _assign(_letter(agency, date(2026, 2, 13)), officer, leader)  # D10 due 06/03
    soon = _assign(_letter(agency, date(2026, 2, 27)), officer, leader)  # D10 due 13/03
    later = _assign(_letter(agency, date(2026, 3, 2)), officer, leader)  # D10 due 16/03
    _assign(_letter(agency, date(2026, 3, 2)), colleague, leader)  # someone else's
    proposed = _assign(_letter(agency, date(2026, 3, 3)), officer, leader)
    record_letter_status(proposed, LetterStatus.PROPOSED, effective_on=date(2026, 3, 5), actor=officer)
    foreign = _letter(other, date(2026, 2, 13))  # another agency's letter: never in this worklist
    foreign.assigned_officer_id, foreign.status = officer.id, LetterStatus.ASSIGNED
    db.session.flush()
    html = client.get("/").get_data(as_text=True)
    assert "Việc của tôi" in html and 'id="to_assign"' not in html  # a leader's sections are not an officer's
    assert _numbers(html, "to_handle") == [overdue.register_label, soon.register_label, later.register_label]
    assert _numbers(html, "mine_overdue") == [overdue.register_label]
    assert _numbers(html, "mine_due_soon") == [soon.register_label]
    for key in ("to_handle", "mine_overdue", "mine_due_soon"):
        assert _count(html, key) == len(_numbers(html, key))
    assert f'href="/letters/{foreign.id}"' not in html


def test_a_leader_sees_what_waits_for_assignment_and_approval_and_the_offices_deadlines(app, office):
    agency, other, leader = office
    client = app.test_client()
    assert log_in(client, leader).status_code == 302
    officer = make_user(role=Role.HANDLER, agency=agency)
    waiting = _letter(agency, date(2026, 3, 2))
    overdue = _letter(agency, date(2026, 2, 13))
    proposed = _assign(_letter(agency, date(2026, 2, 27)), officer, leader)
    record_letter_status(proposed, LetterStatus.PROPOSED, effective_on=date(2026, 3, 5), actor=officer)
    _letter(other, date(2026, 3, 2))  # another agency's: counted nowhere
    void = _letter(agency, date(2026, 3, 3))
    void.is_void = True
    db.session.flush()
    html = client.get("/").get_data(as_text=True)
    assert _numbers(html, "to_assign") == [overdue.register_label, waiting.register_label]
    assert _numbers(html, "awaiting_approval") == [proposed.register_label]
    assert _numbers(html, "office_overdue") == [overdue.register_label]
    assert _numbers(html, "office_due_soon") == [proposed.register_label]
    assert _numbers(html, "to_handle") == []  # nothing assigned to the leader
    for key in ("to_assign", "awaiting_approval", "office_overdue", "office_due_soon", "to_handle"):
        assert _count(html, key) == len(_numbers(html, key))
    assert f'href="/letters/{void.id}"' not in html


def test_an_approved_letter_waits_in_its_own_section_until_its_paper_is_issued(app, office):
    """After the leader's approval the letter leaves "waiting for my approval"; it is not lost: it waits
    under "approved, waiting to be issued" until its paper is issued (the issue moves it on)."""
    agency, other, leader = office
    client = app.test_client()
    assert log_in(client, leader).status_code == 302
    officer = make_user(role=Role.HANDLER, agency=agency)
    approved = _assign(_letter(agency, date(2026, 3, 2)), officer, leader)
    record_letter_status(approved, LetterStatus.PROPOSED, effective_on=date(2026, 3, 5), actor=officer)
    record_letter_status(approved, LetterStatus.APPROVED, effective_on=date(2026, 3, 6), actor=leader)
    foreign = _letter(other, date(2026, 3, 2))
    foreign.status = LetterStatus.APPROVED
    db.session.flush()
    html = client.get("/").get_data(as_text=True)
    assert _numbers(html, "awaiting_issue") == [approved.register_label] and _count(html, "awaiting_issue") == 1
    assert _numbers(html, "awaiting_approval") == []
    record_letter_status(approved, LetterStatus.GUIDED, effective_on=date(2026, 3, 9), actor=leader)
    db.session.flush()
    assert _numbers(client.get("/").get_data(as_text=True), "awaiting_issue") == []
    officer_client = app.test_client()
    assert log_in(officer_client, officer).status_code == 302
    assert 'id="awaiting_issue"' not in officer_client.get("/").get_data(as_text=True)  # a leader's section


def test_every_clock_shows_its_explanation_on_hover_and_in_print(app, office):
    agency, _other, leader = office
    client, officer = signed_in_client(app, role=Role.HANDLER, agency=agency)
    _assign(_letter(agency, date(2026, 2, 13)), officer, leader)
    html = client.get("/").get_data(as_text=True)
    titles = re.findall(r'<span class="clock[^"]*" title="([^"]+)"', _section(html, "mine_overdue"))
    assert len(titles) == 1 and "06/03/2026" in titles[0]
    assert 'class="print-only small">' in html and "data-print" in html


def test_a_sections_own_page_walks_every_letter_once(app, office, monkeypatch):
    agency, _other, leader = office
    monkeypatch.setitem(app.config, "PAGE_SIZE", 4)
    client, officer = signed_in_client(app, role=Role.HANDLER, agency=agency)
    letters = [
        Letter(
            register_agency_id=agency.id, agency_in_charge_id=agency.id, register_year=2026, register_number=900 + n,
            letter_type="COMPLAINT", status=LetterStatus.ASSIGNED, received_on=date(2026, 3, 1 + n % 5),
            summary=f"Đơn thử {n}", assigned_officer_id=officer.id,
        )
        for n in range(11)
    ]
    db.session.add_all(letters)
    db.session.flush()
    seen: list[str] = []
    url = "/worklist/to_handle"
    while url:
        page = client.get(url).get_data(as_text=True)
        seen += re.findall(r'href="/letters/(\d+)"', page)
        following = re.search(r'rel="next" href="([^"]+)"', page)
        url = following.group(1).replace("&amp;", "&") if following else ""
    assert sorted(map(int, seen)) == sorted(letter.id for letter in letters)
    home = client.get("/").get_data(as_text=True)
    assert _count(home, "to_handle") == 11 and len(_numbers(home, "to_handle")) == 10
    assert "/worklist/to_handle" in home


def test_a_section_of_another_role_or_unknown_is_404(app, office):
    agency, _other, _leader = office
    client, _ = signed_in_client(app, role=Role.HANDLER, agency=agency)
    assert client.get("/worklist/to_assign").status_code == 404
    assert client.get("/worklist/nothing").status_code == 404


@pytest.mark.parametrize("role", [Role.VIEWER, Role.LIAISON, Role.ADMIN])
def test_roles_without_a_worklist_keep_the_navigation(app, office, role):
    agency, _other, _leader = office
    _letter(agency, date(2026, 3, 2))
    client, _ = signed_in_client(app, role=role, agency=agency)
    html = client.get("/").get_data(as_text=True)
    assert 'class="mb-4 worklist-section"' not in html and "thanh điều hướng" in html
    assert client.get("/worklist/to_handle").status_code == 404


@pytest.mark.parametrize("role", [Role.RECEPTION_OFFICER, Role.HANDLER, Role.LEADER, Role.VIEWER, Role.ADMIN])
def test_every_former_tile_is_a_link_of_the_navigation(app, office, role):
    agency, _other, _leader = office
    client, _ = signed_in_client(app, role=role, agency=agency)
    html = client.get("/").get_data(as_text=True)
    nav = html.split('<main', 1)[0]
    with app.test_request_context():
        links = [url for url, _label in menu_for(role)]
    assert links and all(f'href="{url}"' in nav for url in links)


def test_a_returned_proposal_moves_to_its_own_section_and_back_when_proposed_again(app, office):
    agency, _other, leader = office
    client, officer = signed_in_client(app, role=Role.HANDLER, agency=agency)
    plain = _assign(_letter(agency, date(2026, 3, 2)), officer, leader)
    returned = _assign(_letter(agency, date(2026, 3, 3)), officer, leader)
    record_letter_status(returned, LetterStatus.PROPOSED, effective_on=date(2026, 3, 5), actor=officer,
                         transition=LetterTransition.PROPOSE.value)
    handling.return_proposal(returned, comment="Bổ sung căn cứ pháp lý", actor=leader, effective_on=date(2026, 3, 6))
    # An alert after the return leaves the state as it was: the letter is still "returned".
    handling.report_urgent(returned, reason="Nguy cơ xô xát tại công trường", actor=officer,
                           effective_on=date(2026, 3, 6))
    html = client.get("/").get_data(as_text=True)
    assert _numbers(html, "returned") == [returned.register_label]
    assert _numbers(html, "to_handle") == [plain.register_label]
    assert _count(html, "returned") == 1 and _count(html, "to_handle") == 1
    record_letter_status(returned, LetterStatus.PROPOSED, effective_on=date(2026, 3, 9), actor=officer,
                         transition=LetterTransition.PROPOSE.value)
    html = client.get("/").get_data(as_text=True)
    assert _numbers(html, "returned") == [] and _numbers(html, "to_handle") == [plain.register_label]


def test_leaders_see_urgent_reports_until_one_takes_them_in_hand(app, office):
    agency, other, leader = office
    client = app.test_client()
    assert log_in(client, leader).status_code == 302
    officer = make_user(role=Role.HANDLER, agency=agency)
    urgent = _letter(agency, date(2026, 3, 2))
    handled = _letter(agency, date(2026, 3, 3))
    foreign = _letter(other, date(2026, 3, 2))
    for letter in (urgent, handled):
        handling.report_urgent(letter, reason="Nguy cơ thiệt hại nghiêm trọng", actor=officer,
                               effective_on=date(2026, 3, 4))
    foreign.urgent_reported_at = handled.urgent_reported_at
    handling.acknowledge_urgent(handled, actor=leader, effective_on=date(2026, 3, 5))
    html = client.get("/").get_data(as_text=True)
    assert _numbers(html, "urgent") == [urgent.register_label] and _count(html, "urgent") == 1
    assert f'href="/letters/{foreign.id}"' not in _section(html, "urgent")
    officer_client, _ = signed_in_client(app, role=Role.HANDLER, agency=agency)
    assert 'id="urgent"' not in officer_client.get("/").get_data(as_text=True)


def test_a_letter_handed_to_another_body_is_that_bodys_to_advise_not_its_to_assign(app, office):
    province = make_agency(name="Ủy ban nhân dân tỉnh")
    board = make_agency(name="Ban Tiếp công dân", parent_id=province.id)
    inspectorate = make_agency(name="Thanh tra tỉnh", parent_id=province.id)
    leader = make_user(role=Role.LEADER, agency=board)
    letter = _letter(board, date(2026, 2, 27))  # D10 due 13/03: due soon
    handling.hand_over_letter(letter, agency_id=inspectorate.id, direction="Đề nghị xác minh nội dung",
                              actor=leader, effective_on=date(2026, 3, 4))
    receiving = app.test_client()
    assert log_in(receiving, make_user(role=Role.LEADER, agency=inspectorate)).status_code == 302
    html = receiving.get("/").get_data(as_text=True)
    assert _numbers(html, "handed_over") == [letter.register_label] and _count(html, "handed_over") == 1
    assert _numbers(html, "to_assign") == [] and _numbers(html, "office_due_soon") == []
    owner = app.test_client()
    assert log_in(owner, leader).status_code == 302
    mine = owner.get("/").get_data(as_text=True)
    # Handing over assigns the letter (letter_flow): the owner no longer has it to assign, nor to advise on.
    assert _numbers(mine, "to_assign") == [] and _numbers(mine, "handed_over") == []
    assert _numbers(mine, "office_due_soon") == [letter.register_label]  # the deadline stays the owner's
