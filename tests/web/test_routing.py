"""Routing pages: the administrator's rules (list, filters, paging, create, edit, end, try), roles; the letter's
classification proposing the competent body and the forwarding proposal pre-selecting it."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from petitions.domain.records import LetterType
from petitions.domain.routing import TargetKind
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.history import history_of
from petitions.letters.models import Letter, LetterStatusEvent
from petitions.routing.models import RoutingRule
from petitions.routing.seed import DEMO_RULES
from tests.factories import signed_in_client
from tests.letters_papers.conftest import agency, office, seeded  # noqa: F401  (fixtures)
from tests.web.test_letter_handling import client_of, page


def _rule(code: str) -> RoutingRule:
    return db.session.scalars(sa.select(RoutingRule).where(RoutingRule.code == code)).one()


def _unit_id(code: str) -> int:
    from petitions.directory.models import AdministrativeUnit

    return db.session.scalar(sa.select(AdministrativeUnit.id).where(AdministrativeUnit.code == code))


@pytest.fixture
def admin(app, seeded):  # type: ignore[no-untyped-def]  # noqa: F811
    client, _user = signed_in_client(app, role=Role.ADMIN, agency_id=None)
    return client


def _codes(body: str) -> list[str]:
    return re.findall(r"<code>([A-Z0-9-]+)</code>", body)


# ------------------------------------------------------------------------------------------ the admin pages


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_routing_pages_refuse_other_roles_with_403(app, seeded, role):  # type: ignore[no-untyped-def]  # noqa: F811
    client, _ = signed_in_client(app, role=role)
    rule_id = _rule("KN-XA").id
    for url in ("/routing/", "/routing/new", f"/routing/{rule_id}", "/routing/try"):
        assert client.get(url).status_code == 403
    assert client.post(f"/routing/{rule_id}/end", data={"last_day": "2026-12-31"}).status_code == 403
    assert _rule("KN-XA").valid_to is None


def test_the_list_shows_the_rules_in_force_filtered(admin):  # type: ignore[no-untyped-def]
    body = admin.get("/routing/").get_data(as_text=True)
    assert set(_codes(body)) == {seed.code for seed in DEMO_RULES}
    body = admin.get("/routing/?letter_type=denunciation").get_data(as_text=True)
    assert set(_codes(body)) == {seed.code for seed in DEMO_RULES if seed.letter_type == LetterType.DENUNCIATION}
    body = admin.get("/routing/?target_kind=agency&q=tinh").get_data(as_text=True)
    assert _codes(body) == ["KN-TINH"]
    snnmt = agency("SNNMT").id
    assert _codes(admin.get(f"/routing/?agency={snnmt}").get_data(as_text=True)) == ["KNPA-DD"]


def test_an_ended_rule_leaves_the_list_in_force_and_shows_under_ended(admin):  # type: ignore[no-untyped-def]
    rule = _rule("KN-KL")
    response = admin.post(f"/routing/{rule.id}/end", data={"last_day": "2026-01-31", "version": rule.version})
    assert response.status_code == 302
    assert rule.valid_to == date(2026, 1, 31)
    assert "KN-KL" not in _codes(admin.get("/routing/").get_data(as_text=True))
    assert _codes(admin.get("/routing/?status=ended").get_data(as_text=True)) == ["KN-KL"]
    assert {row.reason for row in history_of("routing_rule", rule.id) if row.field == "valid_to"} == {
        "Kết thúc quy tắc xác định thẩm quyền"
    }


def test_a_refused_end_shows_the_rule_as_it_is(admin):  # type: ignore[no-untyped-def]
    rule = _rule("KNPA-DD")
    assert admin.post(f"/routing/{rule.id}/end", data={"last_day": "2026-12-31", "version": rule.version}).status_code == 302
    refused = admin.post(f"/routing/{rule.id}/end", data={"last_day": "2027-01-05", "version": rule.version})
    assert refused.status_code == 400
    body = refused.get_data(as_text=True)
    assert "Quy tắc đã hết hiệu lực trước ngày này" in body
    for field, value in (("place_unit", rule.place_unit_id), ("field_item", rule.field_item_id),
                         ("target_agency", rule.target_agency_id)):
        select = body[body.index(f'id="{field}"'):]
        select = select[: select.index("</select>")]
        assert re.search(rf'<option selected value="{value}"|<option value="{value}" selected', select), field
    assert _rule("KNPA-DD").valid_to == date(2026, 12, 31)


def test_the_list_pages_by_keyset(app, admin, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "PAGE_SIZE", 6)
    first = admin.get("/routing/?status=all").get_data(as_text=True)
    link = re.search(r'href="([^"]*after=[^"]*)"', first)
    assert link is not None
    second = admin.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    shown = _codes(first) + _codes(second)
    assert len(_codes(first)) == 6 and not set(_codes(first)) & set(_codes(second))
    assert shown[:12] == sorted(seed.code for seed in DEMO_RULES)[:12]


def test_create_then_a_duplicate_is_refused_beside_the_form(admin):  # type: ignore[no-untyped-def]
    data = {"code": "kn-cqtw", "name": "Khiếu nại cơ quan trung ương", "letter_type": "complaint",
            "respondent_level": "central_body", "target_kind": "agency", "target_agency": str(agency("TTR").id),
            "valid_from": "2026-01-01"}
    response = admin.post("/routing/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    rule = _rule("KN-CQTW")
    assert (rule.target_kind, rule.target_agency_id) == (TargetKind.AGENCY, agency("TTR").id)
    again = admin.post("/routing/new", data={**data, "code": "KN-CQTW-2"})
    assert again.status_code == 400
    assert "đã có đúng các điều kiện này" in again.get_data(as_text=True)
    missing = admin.post("/routing/new", data={**data, "code": "X", "target_agency": "999999"})
    assert missing.status_code == 400


def test_an_edit_with_a_stale_version_answers_409(admin):  # type: ignore[no-untyped-def]
    rule = _rule("KNPA-DIABAN")
    form = {"code": rule.code, "name": "Tên mới", "letter_type": "petition", "target_kind": "place_authority",
            "valid_from": "2025-07-01", "version": str(rule.version)}
    assert admin.post(f"/routing/{rule.id}", data=form).status_code == 302
    assert rule.name == "Tên mới"
    stale = admin.post(f"/routing/{rule.id}", data={**form, "name": "Tên thứ hai"})
    assert stale.status_code == 409
    assert _rule("KNPA-DIABAN").name == "Tên mới"


def test_a_missing_rule_answers_404(admin):  # type: ignore[no-untyped-def]
    assert admin.get("/routing/999999").status_code == 404
    assert admin.post("/routing/999999/end", data={"last_day": "2026-12-31", "version": "1"}).status_code == 404


def test_try_the_rules_names_the_rule_and_the_body(admin):  # type: ignore[no-untyped-def]
    phg = agency("PHG").id
    body = admin.get(
        f"/routing/try?letter_type=denunciation&respondent_level=commune_chairman&respondent_agency={phg}"
    ).get_data(as_text=True)
    outcome = body[body.index('id="routing-outcome"'):]
    assert "TC-CTXA" in outcome and "Ủy ban nhân dân tỉnh Quảng Ninh" in outcome
    body = admin.get("/routing/try?letter_type=denunciation").get_data(as_text=True)
    assert "Không có quy tắc phân loại thẩm quyền nào áp dụng" in body


# ------------------------------------------------------------------------------------------- the letter


@pytest.fixture
def ban(seeded, app):  # type: ignore[no-untyped-def]  # noqa: F811
    return office("BTCD")


def _classify_form(letter: Letter, **routing: str) -> dict[str, str]:
    from tests.web.test_form_id_sweep import CLASSIFY

    return {**CLASSIFY, "version": str(letter.version), **routing}


def test_classification_proposes_the_body_and_an_override_needs_a_reason(app, ban):  # type: ignore[no-untyped-def]
    from tests.factories import make_letter

    letter = make_letter(agency=ban.agency, actor=ban.officer)
    letter_id = letter.id
    db.session.commit()
    officer = client_of(app, ban.officer)
    url = f"/letters/{letter_id}/classify"
    body = officer.get(url).get_data(as_text=True)
    assert 'id="routing-proposal"' in body and "Không có quy tắc" in body  # nothing recorded yet

    field = db.session.scalar(sa.text("SELECT id FROM reference_item WHERE list_code='field_complaint' AND code='HC_DD'"))
    facts = {"field_item": str(field), "place_unit": str(_unit_id("06862"))}
    response = officer.post(url, data=_classify_form(letter, **facts))
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(letter)
    assert letter.competent_agency_id == agency("XTY").id and letter.routing_rule_id == _rule("KN-DD-XA").id
    detail = page(officer, letter)
    assert "KN-DD-XA" in detail[detail.index('id="competent-agency"'):]
    body = officer.get(url).get_data(as_text=True)
    assert "Hệ thống đề xuất: Ủy ban nhân dân xã Tiên Yên" in body

    other = {**facts, "competent_agency": str(agency("SNNMT").id), "reason": "Chọn cơ quan khác"}
    refused = officer.post(url, data=_classify_form(letter, **other))
    assert refused.status_code == 400
    assert "vui lòng ghi lý do" in refused.get_data(as_text=True)
    db.session.refresh(letter)
    assert letter.competent_agency_id == agency("XTY").id
    response = officer.post(url, data=_classify_form(letter, **other, routing_override_reason="Đất do Sở quản lý"))
    assert response.status_code == 302
    db.session.refresh(letter)
    assert (letter.competent_agency_id, letter.routing_override_reason) == (agency("SNNMT").id, "Đất do Sở quản lý")
    assert "Đất do Sở quản lý" in page(officer, letter)


def test_the_forwarding_proposal_preselects_the_competent_body_another_needs_a_reason(app, ban):  # type: ignore[no-untyped-def]
    from tests.factories import make_letter

    letter = make_letter(agency=ban.agency, actor=ban.officer)
    letter.competent_agency_id = agency("XTY").id
    letter_id = letter.id
    db.session.commit()
    leader, officer = client_of(app, ban.leader), client_of(app, ban.officer)
    leader.post(f"/letters/{letter_id}/assign", data={"officer": ban.officer.id, "version": letter.version})
    body = page(officer, letter)
    receiver = body[body.index('id="propose-receiver"'):]
    receiver = receiver[: receiver.index("</select>")]
    assert re.search(rf'<option selected value="{agency("XTY").id}"|<option value="{agency("XTY").id}" selected', receiver)

    forward = {"paper": "forward_complaint", "receiver": str(agency("PHG").id), "version": letter.version}
    refused = officer.post(f"/letters/{letter_id}/propose", data=forward)
    assert refused.status_code == 400
    assert "vui lòng ghi lý do" in refused.get_data(as_text=True)
    response = officer.post(f"/letters/{letter_id}/propose", data={**forward, "receiver_reason": "Đất thuộc phường"})
    assert response.status_code == 302, response.get_data(as_text=True)
    note = db.session.scalars(
        sa.select(LetterStatusEvent.note).where(LetterStatusEvent.letter_id == letter_id).order_by(LetterStatusEvent.id.desc())
    ).first()
    assert note is not None and "Đất thuộc phường" in note and "Ủy ban nhân dân xã Tiên Yên" in note
    assert any("Đất thuộc phường" in (row.reason or "") for row in history_of("letter", letter_id))
