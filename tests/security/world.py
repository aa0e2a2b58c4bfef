"""The security sweeps' world: an app on a database of its own for one test module, and offices built through the
real services (tests/factories.py), each holding one record of every kind a URL names, its texts tagged so that a
sweep can tell whose data an answer shows."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from petitions.auth import clearance, tokens
from petitions.auth.models import User
from petitions.chasing.models import Chase
from petitions.citizens.services import CitizenInput
from petitions.directory.models import Agency, AgencyOfficial
from petitions.documents import services as documents
from petitions.documents.services import create_draft
from petitions.domain.chasing import ChaseStep
from petitions.domain.issuers import OfficialRole
from petitions.domain.reception import SessionKind, SessionStatus, VisitClass, VisitOutcome
from petitions.domain.records import ComplaintSubtype, IdType, LetterType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters.attachments import add_attachment
from petitions.letters.handling_papers import HandlingPaper, draft_handling_paper
from petitions.paperwork.services import issue_receipt
from petitions.printing import Authority, Signer
from petitions.reception import services as reception
from petitions.referrals.models import Referral
from petitions.vault.models import IdentityRef
from petitions.vault.services import Identity
from tests.conftest import app_on_own_database
from tests.factories import DEFAULT_PASSWORD, make_agency, make_citizen, make_letter, make_user

DAY = date(2026, 8, 14)
OFFICE_ROLES = (Role.LEADER, Role.HANDLER, Role.RECEPTION_OFFICER, Role.VIEWER, Role.LIAISON)



def own_app(tmp_path_factory: pytest.TempPathFactory, name: str, **overrides: Any) -> Iterator[Flask]:
    """A module's app on a fresh database at the migrations' head (commits are real: the sweep's requests and
    its artefacts see the same data); TEST_DATABASE names it for tests/canary.py."""
    with app_on_own_database(tmp_path_factory.mktemp(name), **overrides) as application:
        try:
            yield application
        finally:
            with application.app_context():
                db.session.remove()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A one-page PDF (an image, as a scan of the signed paper is)."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PDF")
    return out.getvalue()


@dataclass
class Office:
    """One agency (with a body under it that receives its referrals) and its people and records."""

    code: str
    tag: str
    agency: Agency
    body: Agency
    users: dict[Role, User]
    cleared: User
    ids: dict[str, Any] = field(default_factory=dict)  # kind -> id of this office's record
    texts: list[str] = field(default_factory=list)  # what only this office's answers may show
    tokens: dict[Role, str] = field(default_factory=dict)  # an API token (read scope) per role
    logins: dict[Role, tuple[str, int]] = field(default_factory=dict)  # role -> (user name, user id)
    cleared_login: str = ""
    content: list[str] = field(default_factory=list)  # the records' content (not even the administrator sees it)


def build_office(
    code: str, tag: str, *, identity: Identity | None = None, id_number: str | None = None, body_email: str | None = None
) -> Office:
    """An office with a record of every kind; texts carry `tag`. Call inside immediate_transactions(); flushes."""
    agency = make_agency(code=code, name=f"Ban Tiếp công dân {tag}")
    body = make_agency(code=f"{code}S", name=f"Sở Tài nguyên {tag}", parent_id=agency.id, email=body_email)
    for role, title, name in ((OfficialRole.HEAD, "Trưởng ban", f"Trưởng Ban {tag}"),
                              (OfficialRole.DEPUTY, "Phó Trưởng ban", f"Phó Ban {tag}")):
        db.session.add(AgencyOfficial(agency_id=agency.id, role=role, title=title, name=name))
    users = {role: make_user(role=role, agency=agency, full_name=f"{role.value.title()} Người {tag}")
             for role in OFFICE_ROLES if role is not Role.LIAISON}
    users[Role.LIAISON] = make_user(role=Role.LIAISON, agency=body, full_name=f"Liaison Người {tag}")
    deputy = make_user(role=Role.LEADER, agency=agency, full_name=f"Phó Lãnh Đạo {tag}")
    cleared = make_user(role=Role.HANDLER, agency=agency, full_name=f"Handler Được Phép {tag}")
    grant = clearance.request_clearance(user=cleared, requested_by=deputy, reason=f"Xác minh tố cáo {tag}", days=30)
    clearance.approve_clearance(grant=grant, approver=users[Role.LEADER])
    pending = clearance.request_clearance(user=users[Role.HANDLER], requested_by=deputy, reason=f"Lý do riêng {tag}", days=30)
    leader, handler, officer = users[Role.LEADER], users[Role.HANDLER], users[Role.RECEPTION_OFFICER]

    citizen = make_citizen(agency_id=agency.id, full_name=f"Công Dân Riêng {tag}", birth_year=1970,
                           id_type=IdType.CCCD if id_number else None, id_number=id_number,
                           address_text=f"Thôn Riêng {tag}")
    letter = make_letter(agency=agency, actor=handler, citizen_id=citizen.id, summary=f"Khiếu nại riêng của {tag} về đất",
                         respondent="Ủy ban nhân dân xã Một")
    attachment = add_attachment(letter, filename=f"scan-{code}.png", data=png(), actor=handler)
    session = reception.create_session(
        agency_id=agency.id,
        data=reception.SessionInput(kind=SessionKind.PERIODIC, held_on=DAY, status=SessionStatus.HELD,
                                    place=f"Hội trường {tag}", leader_name=f"Chủ Trì {tag}"),
        actor=leader,
    )
    visit = reception.register_visit(
        reception.VisitInput(
            agency_id=agency.id, visited_on=DAY, classification=VisitClass.COMPLAINT,
            complaint_subtype=ComplaintSubtype.ADMINISTRATIVE, summary=f"Nội dung tiếp riêng của {tag}",
            outcome=VisitOutcome.GUIDED, guided_to="Ủy ban nhân dân xã", citizen_id=citizen.id, session_id=session.id,
            officer_id=officer.id,
        ),
        actor=officer,
    )
    issue_receipt(visit, items=(), actor=officer)
    denounced_visit = reception.register_visit(
        reception.VisitInput(
            agency_id=agency.id, visited_on=DAY, classification=VisitClass.DENUNCIATION,
            summary=f"Tố cáo tiếp riêng của {tag}", outcome=VisitOutcome.GUIDED, guided_to="Thanh tra tỉnh",
            person=CitizenInput(full_name=f"Người Tố Cáo Tiếp {tag}"), officer_id=officer.id,
        ),
        actor=officer,
    )
    denunciation = make_letter(
        agency=agency, actor=cleared, received_on=date(2026, 7, 2), letter_type=LetterType.DENUNCIATION,
        complaint_subtype=None, identity=identity, summary=f"Tố cáo riêng của {tag}, cán bộ địa chính nhận tiền",
        respondent=f"Ông Bị Tố Cáo {tag}, công chức địa chính xã",
    )
    denunciation.competent_body = f"Chủ tịch Ủy ban nhân dân xã {tag}"
    slip = draft_handling_paper(denunciation, HandlingPaper.FORWARD_DENUNCIATION, actor=cleared, receiver_agency_id=body.id)
    notice = draft_handling_paper(denunciation, HandlingPaper.NOTICE_DENOUNCER_FORWARDED, actor=cleared,
                                  receiver_agency_id=body.id)
    documents.issue_document(slip, actor=leader, issue_date=date(2026, 7, 6))
    documents.issue_document(notice, actor=leader, issue_date=date(2026, 7, 6))
    documents.attach_signed_pdf(slip, data=scanned_pdf(), actor=leader)
    referral = db.session.scalar(sa.select(Referral).where(Referral.letter_id == denunciation.id))
    assert referral is not None, "the forwarding opened no referral"
    from petitions.referrals import services as referrals

    referrals.answer(referral, referrals.Answer(number=f"45/{code}", answered_on=DAY, summary=f"Trả lời riêng của {tag}",
                                                outcome="resolved", filename="tra-loi.png", data=png()),
                     actor=users[Role.LIAISON])
    draft = create_draft(
        doc_type="THONG_BAO", issuing_agency=agency, place="Sơn Hà",
        signer=Signer(position="Phó Trưởng ban", name=f"Người Ký {tag}", authority=Authority.DEPUTY, principal="Trưởng ban"),
        fields={"subject": f"Về việc riêng của {tag}"}, actor=handler,
    )
    chase = Chase(referral_id=referral.id, office_agency_id=agency.id, agency_id=body.id, recipient_agency_id=body.id,
                  rung=1, step=ChaseStep.FIRST_URGING, proposed_on=DAY, deadline_on=DAY + timedelta(days=5))
    db.session.add(chase)
    api_token, _secret = tokens.create_token(user=leader, name=f"Mã riêng {tag}", scope="read", days=30)
    db.session.flush()
    office = Office(code, tag, agency, body, users, cleared, cleared_login=cleared.username)
    office.logins = {role: (user.username, user.id) for role, user in users.items()}
    for role, user in users.items():
        _row, secret = tokens.create_token(user=user, name=f"Khóa {role.value}", scope="read", days=30)
        office.tokens[role] = secret
    office.ids = {
        "agency": agency.id, "body": body.id, "citizen": citizen.id, "letter": letter.id, "attachment": attachment.id,
        "session": session.id, "visit": visit.id, "denounced_visit": denounced_visit.id, "case": visit.case_id,
        "denunciation": denunciation.id, "slip": slip.id, "notice": notice.id, "document": draft.id,
        "referral": referral.id, "chase": chase.id, "grant": pending.id, "api_token": api_token.id,
        "identity_ref": db.session.get(IdentityRef, denunciation.identity_ref_id).code,  # type: ignore[union-attr]
        "user": handler.id, "agency_code": code,
    }
    office.texts = [
        citizen.full_name, f"Thôn Riêng {tag}", letter.summary, visit.summary, f"Tố cáo tiếp riêng của {tag}",
        denunciation.summary, f"Ông Bị Tố Cáo {tag}", session.place, f"Chủ Trì {tag}", f"Về việc riêng của {tag}",
        f"Người Ký {tag}", f"Trả lời riêng của {tag}", f"Lý do riêng {tag}", f"Mã riêng {tag}", f"Trưởng Ban {tag}", f"scan-{code}.png", *(user.full_name for user in (*users.values(), deputy, cleared)),
    ]
    office.content = office.texts[:7] + [f"Trả lời riêng của {tag}", f"Về việc riêng của {tag}"]
    return office


def build_offices(*specs: tuple[str, str]) -> list[Office]:
    with immediate_transactions():
        offices = [build_office(code, tag) for code, tag in specs]
    db.session.commit()
    return offices


def signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    response = client.post("/auth/login", data={"username": username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def upload_folder(app: Flask) -> Path:
    return Path(app.config["UPLOAD_FOLDER"])
