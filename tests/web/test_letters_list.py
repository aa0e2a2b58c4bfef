"""The letter register list: each filter (field, handling due date and overdue, assigned officer, agency
within the scope, registration year), the orders on indexed keys with keyset pages, filters kept in
the URL but never the search term, assignment (giao xử lý), and Vietnamese labels instead of codes."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from petitions import clock
from petitions.deadlines.services import seed_calendar
from petitions.directory.models import ReferenceItem
from petitions.directory.seed import seed_reference_items
from petitions.domain.classification import DuplicateDecision, LetterChannel, PriorResolution, SignerKind
from petitions.domain.records import ComplaintSubtype, LetterStatus, LetterType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters import queries
from petitions.letters.services import assign_letter
from tests.factories import make_agency, make_citizen, make_letter, make_user, signed_in_client


@pytest.fixture
def office(app, session):
    seed_calendar()
    seed_reference_items()
    parent = make_agency()
    child = make_agency(parent_id=parent.id)
    client, leader = signed_in_client(app, role=Role.LEADER, agency=parent)
    return parent, child, client, leader


def a_letter(agency, actor, received_on=date(2026, 3, 2), **overrides):
    values = dict(
        received_on=received_on,
        channel=LetterChannel.POST,
        letter_type=LetterType.COMPLAINT,
        complaint_subtype=ComplaintSubtype.ADMINISTRATIVE,
        agency=agency,
        actor=actor,
        citizen_id=make_citizen(agency_id=agency.id).id,
        summary="Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất",
        respondent="UBND xã Hòa Bình",
    )
    values.update(overrides)
    return make_letter(**values)


def numbers(page_html: str) -> list[str]:
    return re.findall(r'href="/letters/\d+">(\d+/\d{4})</a>', page_html)


def test_field_filter(office):
    parent, _child, client, leader = office
    land = db.session.scalar(sa.select(ReferenceItem).where(ReferenceItem.list_code == "field_complaint"))
    first, second = a_letter(parent, leader), a_letter(parent, leader)
    first.field_item_id = land.id
    db.session.flush()
    page = client.get(f"/letters/?field={land.id}").get_data(as_text=True)
    assert numbers(page) == [first.register_label]
    assert second.register_label in numbers(client.get("/letters/").get_data(as_text=True))


def test_due_date_range_and_overdue(office):
    parent, _child, client, leader = office
    early = a_letter(parent, leader, received_on=date(2026, 1, 5))
    late = a_letter(parent, leader, received_on=date(2026, 3, 2))
    early_due = queries.current_handling_clocks("letter", [early.id])[early.id].due_on
    late_due = queries.current_handling_clocks("letter", [late.id])[late.id].due_on
    assert early_due < late_due
    page = client.get(f"/letters/?due_from={late_due.isoformat()}&due_to={late_due.isoformat()}")
    assert numbers(page.get_data(as_text=True)) == [late.register_label]
    page = client.get(f"/letters/?due_to={early_due.isoformat()}")
    assert numbers(page.get_data(as_text=True)) == [early.register_label]
    # Overdue is decided against today: between the two due dates only the early one is late.
    listed = queries.list_letters(leader, queries.LetterFilters(overdue=True), today=late_due)
    assert [letter.id for letter in listed.rows] == [early.id]
    listed = queries.list_letters(leader, queries.LetterFilters(overdue=True), today=early_due)
    assert listed.rows == []


def test_overdue_filter_in_the_url(office, monkeypatch):
    parent, _child, client, leader = office
    letter = a_letter(parent, leader, received_on=date(2026, 1, 5))
    due = queries.current_handling_clocks("letter", [letter.id])[letter.id].due_on
    # The one clock (petitions.clock.utcnow) decides "today", in Vietnam's time zone (UTC+7):
    # 18:00 UTC on the due day is already 01:00 the next day there, so the letter is overdue …
    monkeypatch.setattr(clock, "utcnow", lambda: datetime.combine(due, time(18, 0)))
    page = client.get("/letters/?overdue=1").get_data(as_text=True)
    assert numbers(page) == [letter.register_label]
    # … while 16:00 UTC is 23:00 on the due day itself: not yet overdue.
    monkeypatch.setattr(clock, "utcnow", lambda: datetime.combine(due, time(16, 0)))
    assert numbers(client.get("/letters/?overdue=1").get_data(as_text=True)) == []


def test_assigned_officer_filter_and_assignment(office):
    parent, _child, client, leader = office
    handler = make_user(role=Role.HANDLER, agency=parent, full_name="Lê Thị Xử Lý")
    first, second = a_letter(parent, leader), a_letter(parent, leader)
    response = client.post(
        f"/letters/{first.id}/assign",
        data={"version": str(first.version), "officer": str(handler.id), "direction": "Đề xuất hướng xử lý"},
    )
    assert response.status_code == 302
    db.session.refresh(first)
    assert first.assigned_officer_id == handler.id and first.status == LetterStatus.ASSIGNED
    assert numbers(client.get(f"/letters/?officer={handler.id}").get_data(as_text=True)) == [
        first.register_label
    ]
    detail = client.get(f"/letters/{first.id}").get_data(as_text=True)
    assert "Lê Thị Xử Lý" in detail and "Đề xuất hướng xử lý" in detail and "Đã giao xử lý" in detail
    assert second.assigned_officer_id is None


def test_assignment_is_the_leaders_and_within_the_scope(app, office):
    parent, _child, client, leader = office
    letter = a_letter(parent, leader)
    outsider = make_user(role=Role.HANDLER, agency=make_agency())
    response = client.post(
        f"/letters/{letter.id}/assign", data={"version": str(letter.version), "officer": str(outsider.id)}
    )
    assert response.status_code == 400 and letter.assigned_officer_id is None  # invalid form: 400
    handler_client, handler = signed_in_client(app, role=Role.HANDLER, agency=parent)
    response = handler_client.post(
        f"/letters/{letter.id}/assign", data={"version": str(letter.version), "officer": str(handler.id)}
    )
    assert response.status_code == 403


def test_assignment_from_a_stale_page_is_409(office):
    parent, _child, client, leader = office
    handler = make_user(role=Role.HANDLER, agency=parent)
    letter = a_letter(parent, leader)
    stale = str(letter.version)
    with immediate_transactions():
        assign_letter(
            letter, officer_id=handler.id, direction="", actor=leader, effective_on=date(2026, 3, 3)
        )
    response = client.post(
        f"/letters/{letter.id}/assign", data={"version": stale, "officer": str(handler.id)}
    )
    assert response.status_code == 409


def test_agency_filter_stays_within_the_scope(app, office):
    parent, child, client, leader = office
    own, below = a_letter(parent, leader), a_letter(child, leader)
    other = make_agency()
    a_letter(other, None)  # another office's own registration
    assert numbers(client.get(f"/letters/?agency={child.id}").get_data(as_text=True)) == [
        below.register_label
    ]
    assert numbers(client.get(f"/letters/?agency={parent.id}").get_data(as_text=True)) == [own.register_label]
    assert numbers(client.get(f"/letters/?agency={other.id}").get_data(as_text=True)) == []
    page = client.get("/letters/").get_data(as_text=True)
    assert other.name not in page and child.name in page  # the agency choices are the scope's


def test_registration_year_filter(office):
    parent, _child, client, leader = office
    old = a_letter(parent, leader, received_on=date(2025, 11, 3))
    new = a_letter(parent, leader, received_on=date(2026, 3, 2))
    assert numbers(client.get("/letters/?year=2025").get_data(as_text=True)) == [old.register_label]
    assert numbers(client.get("/letters/?year=2026").get_data(as_text=True)) == [new.register_label]
    page = client.get("/letters/").get_data(as_text=True)
    assert '<option value="2025"' in page and '<option value="2026"' in page


@pytest.mark.parametrize("sort", queries.SORTS)
def test_each_order_pages_through_every_letter_once(office, sort):
    parent, _child, _client, leader = office
    days = [date(2026, 3, 2), date(2026, 1, 5), date(2026, 2, 9), date(2026, 1, 5), date(2025, 12, 1)]
    letters = [a_letter(parent, leader, received_on=day) for day in days]
    seen, cursor = [], None
    while True:
        page = queries.list_letters(leader, queries.LetterFilters(sort=sort), cursor=cursor, limit=2)
        seen += [letter.id for letter in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    if sort.startswith("received"):
        key = lambda letter: (letter.received_on, letter.id)  # noqa: E731
    else:
        key = lambda letter: (letter.register_year, letter.register_number, letter.id)  # noqa: E731
    expected = [letter.id for letter in sorted(letters, key=key, reverse=sort.endswith("_desc"))]
    assert seen == expected


def test_next_page_link_keeps_the_filters_but_not_the_search_term(office):
    parent, _child, client, leader = office
    for _ in range(queries.PAGE_SIZE + 1):
        a_letter(parent, leader, citizen_id=None, letter_type=LetterType.PETITION, complaint_subtype=None)
    client.post("/letters/search", data={"text": "Hòa Bình"})
    page = client.get("/letters/?type=petition&sort=number_asc&year=2026").get_data(as_text=True)
    link = html.unescape(re.search(r'href="(/letters/\?after=[^"]+)"', page).group(1))
    assert "type=petition" in link and "sort=number_asc" in link and "year=2026" in link
    assert "Hòa" not in link and "Bình" not in link and "Hoa" not in link
    second = client.get(link).get_data(as_text=True)
    assert len(numbers(second)) == 1 and numbers(second)[0] == f"{queries.PAGE_SIZE + 1}/2026"


def test_a_cursor_of_another_order_starts_from_the_top(office):
    parent, _child, _client, leader = office
    letters = [a_letter(parent, leader) for _ in range(3)]
    page = queries.list_letters(leader, queries.LetterFilters(), limit=1)
    other = queries.list_letters(
        leader, queries.LetterFilters(sort="number_asc"), cursor=page.next_cursor, limit=1
    )
    assert [letter.id for letter in other.rows] == [letters[0].id]


def test_bad_filter_values_are_ignored(office):
    parent, _child, client, leader = office
    a_letter(parent, leader)
    response = client.get("/letters/?field=x&officer=&year=two&sort=drop&after=%%%")
    assert response.status_code == 200 and len(numbers(response.get_data(as_text=True))) == 1
    # A date that is none is refused with its message, not dropped (tests/security/test_input_dates.py).
    refused = client.get("/letters/?due_from=yesterday")
    assert refused.status_code == 400 and "không phải ngày hợp lệ" in refused.get_data(as_text=True)


# No raw codes on screen ------------------------------------------------------------------------------


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):  # noqa: ANN001
        if not self._skip:
            self.parts.append(data)


CODES = {
    member.value
    for enum in (
        LetterType,
        ComplaintSubtype,
        LetterStatus,
        LetterChannel,
        SignerKind,
        PriorResolution,
        DuplicateDecision,
    )
    for member in enum
} | {
    "create",
    "update",
    "letter_type",
    "received_on",
    "duplicate_category_item_id",
    "D10",
    "D21",
    "D14",
    "true",
    "false",
}


def visible_words(page_html: str) -> set[str]:
    parser = _VisibleText()
    parser.feed(page_html)
    return set(re.findall(r"[A-Za-z0-9_]+", " ".join(parser.parts)))


def test_detail_and_list_show_no_raw_codes(office):
    parent, _child, client, leader = office
    original = a_letter(
        parent,
        leader,
        channel=LetterChannel.DEPUTY,
        forwarded_by="Đoàn ĐBQH tỉnh",
        forwarded_doc_number="12/ĐĐBQH",
        forwarded_doc_on=date(2026, 2, 27),
    )
    repeat = a_letter(
        parent,
        leader,
        signer_kind=SignerKind.SEVERAL,
        signer_count=3,
        prior_resolution=PriorResolution.RESOLVED_FIRST,
        duplicate_decision=DuplicateDecision.DUPLICATE,
        duplicate_of_id=original.id,
        duplicate_category_code="SAME_SENDER",
    )
    handler = make_user(role=Role.HANDLER, agency=parent)
    with immediate_transactions():
        assign_letter(
            repeat, officer_id=handler.id, direction="Xem xét", actor=leader, effective_on=date(2026, 3, 3)
        )
    denunciation = a_letter(
        parent, leader, letter_type=LetterType.DENUNCIATION, complaint_subtype=None, citizen_id=None
    )
    classified = client.post(
        f"/letters/{repeat.id}/classify",
        data={
            "version": str(repeat.version),
            "declared_type": "petition",
            "writer_identified": "y",
            "in_vietnamese": "y",
            "dated": "y",
            "has_name_address": "y",
            "signed": "y",
            "content_complete": "y",
            "main_part": "1",
            "reason": "Nội dung là kiến nghị",
            "complaint_subtype": "",
            "field_item": "",
            "within_competence": "",
            "part1_type": "",
            "part1_subtype": "",
            "part2_type": "",
            "part2_subtype": "",
        },
    )
    assert classified.status_code == 302
    for url in (
        f"/letters/{repeat.id}",
        f"/letters/{original.id}",
        f"/letters/{denunciation.id}",
        "/letters/",
    ):
        page = client.get(url).get_data(as_text=True)
        leaked = visible_words(page) & CODES
        assert not leaked, (url, leaked)
    detail = client.get(f"/letters/{repeat.id}").get_data(as_text=True)
    assert (
        "Nhiều người đứng tên" in detail and "Đã giải quyết lần đầu" in detail and "Đã giao xử lý" in detail
    )
    assert "Loại đơn" in detail and "Kiến nghị, phản ánh" in detail  # the reclassification, in words
