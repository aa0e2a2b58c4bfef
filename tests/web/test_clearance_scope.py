"""Identity clearance stays inside one agency tree (issue 14, item 4).

The officer cleared, the leader who asks and the leader who approves belong to one agency or to the
agencies above it. A leader of another agency neither lists that tree's users and grants, nor asks for
clearance for its officers, nor approves or revokes its requests: 404 for a grant named in the URL, a
form error for a user named in the form, a refusal from the service.

OWASP ASVS 5.0: V8.2.3 (field-level access: a denouncer's identity only for the cleared), V8.2.2, V8.4.1 (a
clearance never crosses agency trees).
"""

from __future__ import annotations

import pytest

from petitions.auth import clearance
from petitions.auth.models import IdentityClearance
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from tests.factories import count_rows, make_agency, make_user, signed_in_client


@pytest.fixture
def trees(session):  # type: ignore[no-untyped-def]
    """Agency A (with a district office below it) and agency B, each with leaders and an officer."""
    a = make_agency(code="CLA", name="Ban Tiếp công dân tỉnh A")
    a_child = make_agency(code="CLA1", name="Ban Tiếp công dân huyện A1", parent=a)
    b = make_agency(code="CLB", name="Ban Tiếp công dân tỉnh B")
    return {
        "a": a,
        "a_child": a_child,
        "b": b,
        "a_leader": make_user(role=Role.LEADER, agency=a, full_name="Lãnh Đạo Tỉnh A"),
        "a_leader2": make_user(role=Role.LEADER, agency=a, full_name="Phó Lãnh Đạo Tỉnh A"),
        "a_child_leader": make_user(role=Role.LEADER, agency=a_child, full_name="Lãnh Đạo Huyện A1"),
        "a_officer": make_user(role=Role.HANDLER, agency=a, full_name="Cán Bộ Riêng Của A"),
        "a_child_officer": make_user(role=Role.HANDLER, agency=a_child, full_name="Cán Bộ Huyện A1"),
        "b_leader": make_user(role=Role.LEADER, agency=b, full_name="Lãnh Đạo Tỉnh B"),
        "b_leader2": make_user(role=Role.LEADER, agency=b, full_name="Phó Lãnh Đạo Tỉnh B"),
        "b_officer": make_user(role=Role.HANDLER, agency=b, full_name="Cán Bộ Riêng Của B"),
    }


# Services --------------------------------------------------------------------------------------------


def test_leader_cannot_request_clearance_for_another_agencys_officer(trees):
    with pytest.raises(DomainError, match="Không tìm thấy cán bộ"):
        clearance.request_clearance(
            user=trees["a_officer"], requested_by=trees["b_leader"], reason="Xác minh tố cáo", days=30
        )
    assert count_rows(IdentityClearance) == 0


def test_leader_of_a_lower_agency_cannot_request_for_an_officer_above(trees):
    with pytest.raises(DomainError, match="Không tìm thấy cán bộ"):
        clearance.request_clearance(
            user=trees["a_officer"], requested_by=trees["a_child_leader"], reason="Xác minh tố cáo", days=30
        )


def test_leader_cannot_approve_another_agencys_request(trees):
    grant = clearance.request_clearance(
        user=trees["a_officer"], requested_by=trees["a_leader"], reason="Xác minh tố cáo", days=30
    )
    with pytest.raises(DomainError):
        clearance.approve_clearance(grant=grant, approver=trees["b_leader"])
    assert grant.approved_at is None
    assert not clearance.has_identity_clearance(trees["a_officer"])


def test_leaders_of_the_agency_and_above_clear_an_officer_below(trees):
    """The province's leader asks for the district officer; the district's own leader approves."""
    grant = clearance.request_clearance(
        user=trees["a_child_officer"], requested_by=trees["a_leader"], reason="Xác minh tố cáo", days=30
    )
    clearance.approve_clearance(grant=grant, approver=trees["a_child_leader"])
    assert clearance.has_identity_clearance(trees["a_child_officer"])


def test_candidates_and_grants_are_the_leaders_subtree(trees):
    clearance.request_clearance(
        user=trees["a_child_officer"], requested_by=trees["a_leader"], reason="Xác minh tố cáo", days=30
    )
    b_candidates = set(db.session.scalars(clearance.clearance_candidates(trees["b_leader"])))
    assert b_candidates == {trees["b_leader"], trees["b_leader2"], trees["b_officer"]}
    assert list(db.session.scalars(clearance.visible_clearances(trees["b_leader"]))) == []
    assert len(list(db.session.scalars(clearance.visible_clearances(trees["a_leader"])))) == 1
    assert len(list(db.session.scalars(clearance.visible_clearances(trees["a_child_leader"])))) == 1


# Screens ---------------------------------------------------------------------------------------------


def test_clearances_page_lists_only_the_leaders_tree(app, trees):
    clearance.request_clearance(
        user=trees["a_officer"], requested_by=trees["a_leader"], reason="Lý do riêng của tỉnh A", days=30
    )
    db.session.commit()
    client, _ = signed_in_client(app, role=Role.LEADER, agency=trees["b"])
    page = client.get("/auth/clearances").get_data(as_text=True)
    assert "Cán Bộ Riêng Của B" in page
    for secret in ("Cán Bộ Riêng Của A", "Lãnh Đạo Tỉnh A", "Cán Bộ Huyện A1", "Lý do riêng của tỉnh A"):
        assert secret not in page


def test_request_for_another_agencys_officer_is_a_form_error(app, trees):
    client, _ = signed_in_client(app, role=Role.LEADER, agency=trees["b"])
    response = client.post(
        "/auth/clearances", data={"user_id": str(trees["a_officer"].id), "reason": "Xác minh", "days": "30"}
    )
    assert response.status_code == 400
    assert count_rows(IdentityClearance) == 0
    assert "Cán Bộ Riêng Của A" not in response.get_data(as_text=True)


def test_approval_of_another_agencys_request_is_404(app, trees):
    grant = clearance.request_clearance(
        user=trees["a_officer"], requested_by=trees["a_leader"], reason="Xác minh tố cáo", days=30
    )
    db.session.commit()
    client, _ = signed_in_client(app, role=Role.LEADER, agency=trees["b"])
    assert client.post(f"/auth/clearances/{grant.id}/approve").status_code == 404
    assert client.post(f"/auth/clearances/{grant.id}/revoke").status_code == 404
    db.session.refresh(grant)
    assert grant.approved_at is None and grant.revoked_at is None
    assert not clearance.has_identity_clearance(trees["a_officer"])


def test_second_leader_of_the_tree_approves_on_the_page(app, trees):
    grant = clearance.request_clearance(
        user=trees["a_officer"], requested_by=trees["a_leader"], reason="Xác minh tố cáo", days=30
    )
    db.session.commit()
    client, _ = signed_in_client(app, role=Role.LEADER, agency=trees["a"])
    assert client.post(f"/auth/clearances/{grant.id}/approve").status_code == 302
    db.session.refresh(grant)
    assert grant.approved_at is not None
