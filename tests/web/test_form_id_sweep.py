"""The form-id sweep (issue 14): every POST route, every id it takes, filled with another agency's id and
with ids that name nothing.

Agencies A and B each hold people and records. For every POST route of the app (walked from the URL
map) an officer of B posts the route's own form — read from the page that renders it, with B's own
records — once per id, with that id replaced by:
  - A's record of the same kind ("foreign"; not for the administrator's global lists and accounts),
  - an id that does not exist ("missing"), and one beyond every database integer ("huge").
Each answer must be 404 or a form error (400) — never a 500 —, the database must be exactly as before
(nothing created, nothing linked, nothing changed), and the body must show none of A's data (its
citizen's name, its letter's summary, its officers, ...). The route's own form with B's ids is then
posted as a positive control, so that a refusal above came from the id and not from a broken form.

New routes are covered automatically: a POST route missing from ROUTES and from NO_ID_ROUTES fails the
sweep, and so does a route in NO_ID_ROUTES whose page shows an id field, an id-like field of a form class
that no table below names, and a view that reads a JSON body (none does yet; such a route needs its
ids swept here before that check is relaxed).

OWASP ASVS 5.0: V8.2.2 (data-specific access: IDOR/BOLA through form fields and URLs), V8.4.1 (one agency's ids
never act on another's records), V15.3.3 (mass assignment: the positive control's extra fields are not written).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask, url_for
from flask_wtf import FlaskForm
from PIL import Image
from wtforms import Form, HiddenField, IntegerField, SelectField, SelectMultipleField

from petitions.auth import clearance, tokens
from petitions.auth.models import ApiToken, IdentityClearance, User, UserSession
from petitions.chasing.models import Chase
from petitions.citizens.models import Citizen
from petitions.cli import seed_reference_data
from petitions.clock import local_today
from petitions.deadlines.models import CalendarDay
from petitions.directory.models import AdministrativeUnit, Agency, AgencyOfficial, ReferenceItem
from petitions.documents.models import Document
from petitions.documents.services import create_draft
from petitions.domain.chasing import ChaseStep
from petitions.domain.issuers import OfficialRole
from petitions.domain.reception import SessionKind, SessionStatus, VisitClass, VisitOutcome
from petitions.domain.records import ComplaintSubtype, UnitLevel
from petitions.domain.referrals import ReferralKind
from petitions.domain.types import Role
from petitions.extensions import Model, db, immediate_transactions
from petitions.imports.models import ImportMapping
from petitions.letters.attachments import add_attachment
from petitions.letters.models import Letter, LetterAttachment
from petitions.printing import Authority, Signer
from petitions.reception import services as reception
from petitions.reception.models import ReceptionSession, Visit
from petitions.referrals.models import Referral
from petitions.referrals.services import open_referral
from petitions.routing.models import RoutingRule
from petitions.vault.models import IdentityRef
from tests.factories import log_in, make_agency, make_citizen, make_letter, make_user
from tests.security import mass_assignment

HUGE = 10**20
# Between 2**31 and 2**63: fits SQLite and the old BIGINT check, not PostgreSQL's INTEGER columns.
BEYOND_INT4 = 3_000_000_000
DAY = date(2026, 8, 14)
PETITIONS = Path(__file__).resolve().parents[2] / "petitions"

# Tables a request may write whatever its answer: sign-in bookkeeping and the security log.
VOLATILE_TABLES = {"user_session", "security_event", "login_attempt"}
VOLATILE_COLUMNS = {"last_seen_at", "last_login_at", "updated_at"}

# ------------------------------------------------------------------------------------------------- the table

# Kinds of ids, and where their values come from (World.ids). Global kinds are the administrator's
# shared lists: they belong to no agency, so only ids that name nothing are swept for them.
GLOBAL_KINDS = {
    "official", "unit", "item", "calendar_day", "list", "agency_admin", "user_admin", "refusal_ground", "routing_rule",
}

# Form fields that carry an id, by name (the part after the last "-" of a nested field), and their kind.
FIELD_KINDS = {
    "citizen_id": "citizen",
    "chosen_citizen": "citizen",
    "other_id": "citizen",
    "session_id": "session",
    "case_choice": "case",
    "refusal_ground_id": "refusal_ground",
    "address_unit_id": "unit",
    "duplicate_of": "letter",
    "letter_ids": "letter",  # the filed letters a leader destroys
    "chase_ids": "chase",  # the chasing steps a leader approves at once from the list
    "officer": "user",
    "user_id": "user",
    "field_item": "item",
    "issuing_agency_id": "agency",
    "agency": "agency",  # a letter handed over to a body inside the system
    "receiver": "agency",  # the body a proposed handling paper goes to
    "place_unit": "unit",  # where the matter arose (a letter's routing fact; a routing rule's place)
    "respondent_agency": "agency",  # the body complained about (the letter's routing fact)
    "competent_agency": "agency",  # the competent body chosen at classification (petitions.routing)
    "target_agency": "agency_admin",  # the body a routing rule names (the administrator's shared table)
    "handler": "user",  # the officer a case's verification is assigned to
    "record_id": "record",
    "records": None,  # per route (ROUTES.fields): the national worklist's selected records
    "agency_id": "agency_admin",
    "parent_id": None,  # per route (ROUTES.fields)
    "target_id": None,  # per route (ROUTES.fields)
    "source_ids": None,  # per route: a reorganisation's sources (bodies or units)
    "target_ids": None,  # per route: its existing successors
    "default_target_id": None,  # per route: the successor of what has no place
}
# Fields of the form classes that look like ids (integers, hidden inputs, integer choices) and are not.
NOT_ID_FIELDS = {
    "version": "the record's version for optimistic locking",
    "next": "a local path to return to after signing in",
    "checked": "the letter form's duplicate step flag",
    "apply": "the calendar's and a reorganisation's preview confirmation flag",
    "fingerprint": "a reorganisation preview's digest of what it moves",
    "issued": "how many times a PIN was issued (double-submit guard)",
    "pin": "the receipt's one-time PIN",
    "csrf_token": "the CSRF token",
    "headcount": "a number of people",
    "birth_year": "a year",
    "days": "a number of days",
    "number": "a document number given by the văn thư",
    "signer_count": "a number of signers",
    "year": "a year",
    "sort_order": "a position in a list",
    "extensions": "a number of extensions (deadline calculator)",
    "extension_days": "a number of days",
    "base": "a number of days (deadline calculator)",
    "pages": "a number of pages handed in",
    "copies": "a number of copies handed in",
    "totp_code": "a one-time code",
    "main_part": "which of the two content parts is the main one (1 or 2)",
    "code": "a typed code (TOTP, recovery, reference item, agency or unit code)",
    "kind": "the kind of record of the national worklist (visit, letter, case)",
    "step": "the chasing step a leader approves (reminder, urging, escalation, explanation)",
    **{
        name: "a count of a case's outcome (persons, officials, cases)"
        for name in (
            "restored_orgs", "restored_persons", "discipline_orgs", "discipline_persons", "discipline_officials",
            "investigation_cases", "investigation_persons", "investigation_officials", "disciplined_orgs",
            "disciplined_persons", "disciplined_officials",
            "prosecuted_cases", "prosecuted_persons", "prosecuted_officials",
        )
    },
}

# URL parameters and their kinds (per route where the name is ambiguous).
PARAM_KINDS = {
    "letter_id": "letter",
    "attachment_id": "attachment",
    "document_id": "document",
    "visit_id": "visit",
    "citizen_id": "citizen",
    "grant_id": "grant",
    "token_id": "api_token",
    "code": "identity_ref",
    "user_id": "user_admin",
    "agency_id": "agency_admin",
    "unit_id": "unit",
    "item_id": "item",
    "day_id": "calendar_day",
    "official_id": "official",
    "list_code": "list",
    "session_id": "session",
    "case_id": "case",
    "referral_id": "referral",
    "chase_id": "chase",
    "rule_id": "routing_rule",
    "mapping_id": "import_mapping",
    "year": None,  # a calendar year, not an id
}


@dataclass(frozen=True)
class Route:
    """How an officer of B reaches a route: role, URL values (kinds → B's ids), the page that renders
    its form, form values to add, the answer of the positive control, per-field kinds and values."""

    role: Role
    params: dict[str, str] = field(default_factory=dict)  # URL parameter → kind (overrides PARAM_KINDS)
    page: str | None = None  # endpoint of the page that renders the form (default: the route itself)
    page_params: tuple[str, ...] = ()  # which URL parameters the page takes
    base: dict[str, str] = field(default_factory=dict)  # form values to add or replace ({kind} → B's id)
    success: tuple[int, ...] = (302,)
    fields: dict[str, str] = field(default_factory=dict)  # extra id fields (name → kind), or kinds per route
    field_base: dict[str, dict[str, str]] = field(default_factory=dict)  # values that make a field count
    swept_ok: tuple[int, ...] = (400, 404)
    global_route: bool = False  # the administrator's screens: every agency is theirs


LEADER, HANDLER, OFFICER, ADMIN = Role.LEADER, Role.HANDLER, Role.RECEPTION_OFFICER, Role.ADMIN
INTAKE = {
    "visited_on": DAY.isoformat(),
    "mode": "in_person",
    "person-full_name": "Người Thử Của B",
    "headcount": "1",
    "classification": "petition",
    "summary": "Kiến nghị về đường làng",
    "outcome": "guided",
    "guided_to": "UBND xã",
    "case_choice": "new",
    "citizen_id": "",
}
DRAFT = {"place": "Sơn Hà", "signer_position": "Phó Trưởng ban", "signer_name": "Đặng Thị Ánh", "record_type": ""}
LETTER = {
    "received_on": "2026-03-02",
    "channel": "post",
    "letter_type": "complaint",
    "complaint_subtype": "administrative",
    "full_name": "",
    "signer_kind": "one",
    "signer_count": "1",
    "summary": "Khiếu nại việc đo đạc đất của xã B",
    "respondent": "UBND xã Một",
    "prior_resolution": "not_yet",
    "duplicate_decision": "new",
    "checked": "1",
}
CLASSIFY = {
    "declared_type": "complaint",
    "complaint_subtype": "administrative",
    "writer_identified": "y",
    "in_vietnamese": "y",
    "dated": "y",
    "has_name_address": "y",
    "signed": "y",
    "content_complete": "y",
    "within_competence": "yes",
    "main_part": "1",
}
# A correction (đính chính) must change something (B's visit, guided in a session, is forwarded instead; its
# letter received a day later), with its reason and confirmation.
VISIT_CORRECTION = {"outcome": "forwarded", "forwarded_to": "UBND xã", "reason": "Ghi nhầm kết quả tiếp", "confirm": "y"}
LETTER_CORRECTION = {"received_on": "2026-03-03", "reason": "Vào sổ nhầm ngày nhận", "confirm": "y"}

REORG = {"kind": "merge", "effective_on": DAY.isoformat(), "decision_reference": "Nghị quyết 1/NQ", "default_target_id": "0"}
REFERRAL_ANSWER = {
    "answer-number": "45/UBND", "answer-answered_on": "2026-08-20", "answer-summary": "Đã giải quyết xong",
    "answer-outcome": "resolved",
}

ROUTES: dict[str, Route] = {
    # Accounts and clearances
    "auth.clearances": Route(LEADER, base={"reason": "Xác minh tố cáo", "days": "30"}),
    "auth.clearance_approve": Route(LEADER, page="auth.clearances", params={"grant_id": "grant"}),
    "auth.clearance_revoke": Route(LEADER, page="auth.clearances", params={"grant_id": "grant"}),
    "auth.end_my_session": Route(LEADER, page="auth.my_sessions", params={"session_id": "user_session"}),
    "auth.revoke_api_token": Route(LEADER, page="auth.api_tokens", params={"token_id": "api_token"}),
    "auth.user_new": Route(ADMIN, base={"username": "nguoimoi", "full_name": "Người Mới", "role": "handler"}, success=(200,), global_route=True),
    "auth.user_edit": Route(ADMIN, page_params=("user_id",), global_route=True),
    "auth.user_end_sessions": Route(ADMIN, page="auth.user_edit", page_params=("user_id",), global_route=True),
    "auth.user_reset_mfa": Route(ADMIN, page="auth.user_edit", page_params=("user_id",), global_route=True),
    "auth.user_reset_password": Route(ADMIN, page="auth.user_edit", page_params=("user_id",), success=(200,), global_route=True),
    "auth.user_unlock": Route(ADMIN, page="auth.user_edit", page_params=("user_id",), global_route=True),
    # Calendar (the administrator's, shared by every agency)
    "deadlines.calendar_delete_day": Route(ADMIN, page="deadlines.calendar_year", page_params=("year",), success=(200, 302), global_route=True),
    # Directory (the administrator's shared lists)
    "directory.agency_new": Route(ADMIN, base={"code": "MOI", "name": "Cơ quan mới"}, fields={"parent_id": "agency_admin"}, global_route=True),
    "directory.agency_edit": Route(ADMIN, page_params=("agency_id",), fields={"parent_id": "agency_admin"}, global_route=True),
    "directory.agency_deactivate": Route(ADMIN, page="directory.agency_edit", page_params=("agency_id",), global_route=True),
    "directory.unit_new": Route(ADMIN, base={"code": "XMOI", "name": "Xã Mới", "level": "commune", "parent_id": "{unit_parent}"}, fields={"parent_id": "unit"}, global_route=True),
    "directory.unit_edit": Route(ADMIN, page_params=("unit_id",), fields={"parent_id": "unit"}, global_route=True),
    "directory.unit_deactivate": Route(ADMIN, page="directory.unit_edit", page_params=("unit_id",), global_route=True),
    # A reorganisation: the choice posts a preview (200); its ids are the sources, successors and default.
    "directory.reorganise_agencies": Route(ADMIN, base={**REORG, "source_ids": "{agency_admin}", "target_ids": "{agency_heir}"}, fields={"source_ids": "agency_admin", "target_ids": "agency_admin", "default_target_id": "agency_admin"}, success=(200,), global_route=True),
    "directory.reorganise_units": Route(ADMIN, base={**REORG, "source_ids": "{unit}", "target_ids": "{unit_heir}"}, fields={"source_ids": "unit", "target_ids": "unit", "default_target_id": "unit"}, success=(200,), global_route=True),
    "directory.item_new": Route(ADMIN, params={"list_code": "list"}, page_params=("list_code",), base={"code": "MOI", "label": "Mục mới"}, fields={"parent_id": "item"}, global_route=True),
    "directory.item_edit": Route(ADMIN, page_params=("item_id",), fields={"parent_id": "item"}, global_route=True),
    "directory.item_deactivate": Route(ADMIN, page="directory.item_edit", page_params=("item_id",), global_route=True),
    "directory.official_new": Route(ADMIN, page_params=("agency_id",), base={"role": "deputy", "title": "Phó Trưởng ban", "name": "Người Ký Mới"}, global_route=True),
    "directory.official_edit": Route(ADMIN, page_params=("official_id",), global_route=True),
    # Import of old books: the office chosen on the page; the mapping table is the province's (global)
    # (as letters.upload: the sweep posts no file, so its own post is refused too; another office's id refused
    # by the choice is tests/imports/test_import_pages.py)
    "imports.index": Route(LEADER, base={"dry_run": "y"}, fields={"agency": "agency"}, success=(200, 400)),
    "imports.delete_mapping": Route(ADMIN, page="imports.mappings", global_route=True),
    # Outgoing documents
    "documents.new": Route(HANDLER, base={**DRAFT, "record_type": "letter", "record_id": "{letter}"}, page_params=("type",)),
    "documents.edit": Route(HANDLER, page_params=("document_id",), base={**DRAFT, "record_type": "letter", "record_id": "{letter}"}),
    "documents.issue": Route(LEADER, page="documents.detail", page_params=("document_id",), success=(302, 400)),
    "documents.issue_van_thu": Route(LEADER, page="documents.detail", page_params=("document_id",), base={"number": "7", "issue_date": "2026-09-01"}, success=(302, 400)),
    "documents.void": Route(LEADER, page="documents.detail", page_params=("document_id",), base={"reason": "Lập nhầm văn bản"}),
    "documents.attach": Route(HANDLER, page="documents.detail", page_params=("document_id",), success=(302, 400)),
    # Letters
    "letters.new": Route(HANDLER, base=LETTER, fields={"chosen_citizen": "citizen", "duplicate_of": "letter"}, field_base={"duplicate_of": {"duplicate_decision": "duplicate"}}),
    "letters.assign": Route(LEADER, page="letters.detail", page_params=("letter_id",), base={"officer": "{user}"}),
    "letters.classify": Route(HANDLER, page_params=("letter_id",), base=CLASSIFY),
    "letters.void": Route(HANDLER, page="letters.detail", page_params=("letter_id",), base={"reason": "Đăng ký nhầm hai lần"}),
    "letters.correct": Route(HANDLER, page_params=("letter_id",), base=LETTER_CORRECTION),
    # Handling: _prepare_letter puts B's letter in the state each action needs (the hand-over offers no body
    # in B's one-agency tree, so its positive control is refused beside the form)
    "letters.hand_over": Route(LEADER, page="letters.detail", page_params=("letter_id",), base={"direction": "Đề nghị xác minh nội dung"}, success=(302, 400)),
    "letters.propose": Route(HANDLER, page="letters.detail", page_params=("letter_id",), base={"paper": "filing_note", "reason": "Đơn không đủ điều kiện xử lý"}, fields={"receiver": "agency"}),
    "letters.return_proposal": Route(LEADER, page="letters.detail", page_params=("letter_id",), base={"comment": "Làm lại đề xuất"}),
    "letters.approve": Route(LEADER, page="letters.detail", page_params=("letter_id",)),
    "letters.report_urgent": Route(HANDLER, page="letters.detail", page_params=("letter_id",), base={"reason": "Nguy cơ xô xát"}),
    "letters.acknowledge_urgent": Route(LEADER, page="letters.detail", page_params=("letter_id",)),
    "letters.chase": Route(HANDLER, page="letters.detail", page_params=("letter_id",), base={"reason": "Đôn đốc lần 1"}),
    "letters.file_letter": Route(LEADER, page="letters.detail", page_params=("letter_id",), base={"reason": "Đơn không đủ điều kiện"}),
    # A destroyable letter of B's (filed 400 days ago); B has no officials, so issuing the record may refuse.
    "letters.destroy": Route(
        LEADER, base={"letter_ids": "{letter}", "confirm": "y"}, fields={"letter_ids": "letter"}, success=(302, 400)
    ),
    "letters.upload": Route(HANDLER, page="letters.detail", page_params=("letter_id",), success=(302, 400)),
    "letters.remove_attachment": Route(HANDLER, page="letters.detail", page_params=("letter_id",)),
    # National database entries (the record's id in the URL; _prepare_letter enters B's record before a correction)
    "national.mark_letter": Route(HANDLER, page_params=("letter_id",), base={"reference": "QG-B-1"}),
    "national.mark_visit": Route(OFFICER, page_params=("visit_id",), base={"reference": "QG-B-2"}),
    "national.mark_case": Route(LEADER, params={"case_id": "case"}, page_params=("case_id",), base={"reference": "QG-B-3"}),
    "national.correct_letter": Route(HANDLER, page_params=("letter_id",), base={"reference": "QG-B-4", "reason": "Gõ nhầm mã"}),
    "national.correct_visit": Route(OFFICER, page_params=("visit_id",), base={"reference": "QG-B-5", "reason": "Gõ nhầm mã"}),
    "national.mark_many": Route(
        HANDLER, page="national.index", base={"records": "{letter}", "reference-{letter}": "QG-B-9", "confirm": "y"},
        fields={"records": "letter"},
    ),
    "national.correct_case": Route(LEADER, params={"case_id": "case"}, page_params=("case_id",), base={"reference": "QG-B-6", "reason": "Gõ nhầm mã"}),
    # Cases: _prepare_case puts B's case in the state each transition needs (flow's services, papers issued)
    **{
        f"cases.{key}": Route(role, page="cases.detail", page_params=("case_id",), base=base, success=success)
        for key, role, base, success in (
            ("accept", LEADER, {}, (302,)),
            ("not_accept", LEADER, {"reason": "Không thuộc thẩm quyền giải quyết"}, (302,)),
            ("reclassify", LEADER, {"complexity": "complex", "reason": "Nhiều nội dung phải xác minh"}, (302,)),
            ("verify", LEADER, {"handler": "{user}", "plan": "Xác minh tại xã"}, (302,)),
            ("report", HANDLER, {"findings": "Kết quả xác minh đầy đủ"}, (302,)),
            ("dialogue", HANDLER, {"held_on": "2026-09-01", "participants": "Ông A", "result": "Thống nhất nội dung"}, (302,)),
            ("extend", LEADER, {"days": "30", "reason": "Cần xác minh thêm"}, (302,)),
            ("suspend", LEADER, {"reason": "Chờ kết quả giám định"}, (302,)),
            ("resume", LEADER, {"reason": "Đã có kết quả giám định"}, (302,)),
            ("withdraw", HANDLER, {"reason": "Người khiếu nại nộp đơn rút"}, (302,)),
            ("terminate", LEADER, {"reason": "Người khiếu nại rút đơn"}, (302,)),
            ("lapse", LEADER, {}, (302,)),
            ("decide", LEADER, {"verdict": "partly_right", "return_money_persons": "1.250,5"}, (302,)),
            ("notify", HANDLER, {}, (302,)),
            ("publish", HANDLER, {"how": "Niêm yết tại trụ sở"}, (302,)),
            ("implement", HANDLER, {}, (302,)),
            ("implemented", HANDLER, {"returned_money_persons": "1.000"}, (302,)),
            ("close", HANDLER, {}, (302,)),
            ("court", HANDLER, {"reference": "Tòa án nhân dân tỉnh, thụ lý số 12"}, (302,)),
            ("next_round", LEADER, {"received_on": "2026-09-15", "reason": "Khiếu nại lần hai trong thời hạn"}, (302,)),
        )
    },
    # The agency workspace (B's letter sent by B to B itself: B's officers hold both sides of the referral)
    **{
        f"referrals.{key}": Route(role, page=page, page_params=("referral_id",), base=base, success=success)
        for key, role, page, base, success in (
            ("acknowledge", HANDLER, "referrals.item", {}, (302,)),
            ("progress", HANDLER, "referrals.item", {"progress-note": "Đang xác minh nội dung"}, (302,)),
            ("answer", HANDLER, "referrals.item", {**REFERRAL_ANSWER}, (302, 400)),  # the sweep posts no file
            ("request_extension", HANDLER, "referrals.item",
             {"extension-days": "10", "extension-reason": "Cần thêm thời gian xác minh"}, (302,)),
            ("accept", HANDLER, "referrals.sent", {}, (302,)),
            ("return_answer", HANDLER, "referrals.sent", {"return-note": "Thiếu biên bản xác minh"}, (302,)),
            ("paper_reply", HANDLER, "referrals.sent",
             {k.replace("answer-", "paper_reply-"): v for k, v in REFERRAL_ANSWER.items()}, (302, 400)),
            ("grant_extension", LEADER, "referrals.sent", {}, (302,)),
            ("refuse_extension", LEADER, "referrals.sent", {"refuse-note": "Không có căn cứ gia hạn"}, (302,)),
        )
    },
    # Chasing (B's chase of B's referral: a first urging waiting for B's leader)
    "chasing.approve": Route(LEADER, page="chasing.item", page_params=("chase_id",), base={"approve-issue": "draft"}),
    "chasing.approve_many": Route(LEADER, page="chasing.index", base={"chase_ids": "{chase}", "issue": "draft"},
                                  fields={"chase_ids": "chase"}),
    "chasing.skip": Route(LEADER, page="chasing.item", page_params=("chase_id",),
                          base={"skip-reason": "Cơ quan đã báo cáo qua điện thoại"}),
    # Routing rules (the administrator's shared table)
    "routing.new": Route(
        ADMIN,
        base={"code": "SW-MOI", "name": "Quy tắc mới", "letter_type": "petition", "respondent_level": "central_body",
              "target_kind": "agency", "target_agency": "{agency_admin}"},
        fields={"target_agency": "agency_admin", "place_unit": "unit", "field_item": "item"},
        global_route=True,
    ),
    "routing.edit": Route(ADMIN, page_params=("rule_id",), global_route=True),
    "routing.end": Route(ADMIN, page="routing.edit", page_params=("rule_id",), base={"last_day": "2030-01-01"}, global_route=True),
    # Reception paperwork
    "paperwork.receipt": Route(OFFICER, page_params=("visit_id",), success=(200, 302, 400)),
    "paperwork.receipt_first_pdf": Route(OFFICER, page="paperwork.receipt", page_params=("visit_id",), success=(200,)),
    "paperwork.appointment": Route(OFFICER, page_params=("visit_id",), success=(200, 302, 400)),
    "paperwork.refusal_notice": Route(OFFICER, page="reception.visit_detail", page_params=("visit_id",), success=(302, 400)),
    "paperwork.conclusion": Route(LEADER, page_params=("session_id",), success=(200, 302, 400)),
    # Reception
    "reception.new_visit": Route(
        OFFICER,
        base=INTAKE,
        field_base={
            "citizen_id": {"person-full_name": ""},
            "refusal_ground_id": {"outcome": "refused", "guided_to": "", "refusal_explanation": "Đã giải thích"},
            "session_id": {},
        },
    ),
    "reception.edit_visit": Route(OFFICER, page_params=("visit_id",)),
    "reception.correct_visit": Route(
        OFFICER,
        page_params=("visit_id",),
        base=VISIT_CORRECTION,
        field_base={"refusal_ground_id": {"outcome": "refused", "refusal_explanation": "Đã giải thích"}},
    ),
    "reception.edit_citizen": Route(OFFICER, page_params=("citizen_id",)),
    "reception.merge_citizen": Route(OFFICER, page_params=("citizen_id",), base={"other_id": "{citizen2}"}),
    "reception.citizen_cases": Route(OFFICER, page="reception.new_visit", fields={"citizen_id": "citizen"}, success=(200,), swept_ok=(200,)),
    "reception.citizen_lookup": Route(OFFICER, page="reception.new_visit", fields={"address_unit_id": "unit"}, base={"full_name": "Người Thử"}, success=(200,), swept_ok=(200,)),
    "reception.session_detail": Route(LEADER, page_params=("session_id",)),
    "reception.save_intake_draft": Route(OFFICER, page="reception.new_visit", base=INTAKE, success=(200,), swept_ok=(200,)),
    # The identity vault
    "vault.reveal": Route(OFFICER, page_params=("code",), base={"purpose": "Xác minh nội dung tố cáo"}, success=(200, 302, 400)),
}

# POST routes that take no id, and why; the sweep checks their pages show no id field either.
NO_ID_ROUTES = {
    "auth.login": "the sign-in form (user name and password)",
    "auth.logout": "ends the caller's own session",
    "auth.keepalive": "extends the caller's own session",
    "auth.mfa_verify": "a one-time code for the caller's own account",
    "auth.mfa_enroll": "the caller's own second factor",
    "auth.change_password": "the caller's own password",
    "auth.api_tokens": "a new API token of the caller's own account (a name, a scope, a number of days)",
    "main.set_language": "the interface language",
    "imports.mappings": "a word of a book and a code of the reference data (the mapping table is the province's)",
    "national.confirm": "an uploaded CSV; its record ids are loaded through the scope like the mark page's "
                        "(another office's: tests/web/test_national_exchange.py)",
    "letters.search": "a search term kept in the caller's session",
    "cases.search": "a search term kept in the caller's session",
    "reception.search_citizens": "a search term kept in the caller's session",
    "reception.discard_intake_draft": "the caller's own draft",
    "reception.new_session": "a new session of the caller's agency (kind, date, place: no id)",
    "deadlines.calendar_add_day": "a date and a name (the year is in the URL, not an id)",
    "deadlines.calendar_propose": "the year in the URL, not an id",
    "deadlines.calendar_confirm": "the year in the URL, not an id",
    "chasing.build": "today's chasing list of the caller's own office",
    "exports.export": "a list's export: its filters in the query string, read by the list page's own parser and "
    "applied inside the caller's scope (tests/web/test_exports.py); the form holds the CSRF token only",
    "reports.draft_cover": "the agency is a code in the query, loaded through the caller's scope (404 outside it: "
    "tests/web/test_report_set.py); the period is a preset or two dates",
    "reports.submit_set": "as reports.draft_cover (404 outside the scope: tests/web/test_report_submissions.py); its "
    "hidden `version` is the live submission's sequence for the window, compared, never loaded",
}
# The JSON API's writes: they read a JSON body (APIFlask's @input), not a form, and present a token, not the
# cookie; tests/api/test_id_sweep.py sweeps the ids of each one (its own table, checked against the URL map).
API_ROUTES = {
    "api.register_visit": "tests/api/test_id_sweep.py: citizen, case, session, agency ids in the body",
    "api.edit_visit": "tests/api/test_id_sweep.py: the visit id in the path",
    "api.search_citizens": "tests/api/test_id_sweep.py: no id (a search term, kept out of the URL)",
    "api.deadline_with_periods": "tests/api/test_id_sweep.py: no id (the deadline calculator writes nothing)",
    "api.revoke_token": "tests/api/test_id_sweep.py: the token id in the path (DELETE, no body)",
    **{
        f"api.case_{key}": "tests/api/test_id_sweep.py: the case id in the path (a case transition, If-Match)"
        for key in ("accept", "verify", "report", "dialogue", "decide", "notify", "publish", "implement", "implemented",
                    "close", "reclassify", "extend", "suspend", "resume", "withdraw", "terminate", "lapse", "not_accept",
                    "court")
    },
    "api.register_letter": "tests/api/test_id_sweep.py: citizen and duplicate_of ids in the body",
    **{
        f"api.letter_{key}": "tests/api/test_id_sweep.py: the letter id in the path, and the ids of its body (If-Match)"
        for key in ("classify", "assign", "hand_over", "propose", "return", "approve", "urgent", "acknowledge", "chase", "file")
    },
    "api.case_next_round": "tests/api/test_id_sweep.py: the case id in the path, the body's agency_in_charge_id",
    "api.case_verify": "tests/api/test_id_sweep.py: the case id in the path, the body's handler_id",
}
# (route, field) pairs the sweep leaves out, and why.
NOT_SWEPT = {
    ("reception.save_intake_draft", "*"): (
        "the autosave keeps what was typed and loads no id (what it may keep is the secrecy part of issue 14); "
        "test_restored_draft_shows_no_data_of_another_agency checks the page the draft comes back on"
    ),
}

# ------------------------------------------------------------------------------------------------- the world


@dataclass
class World:
    app: Flask
    own: dict[str, Any]  # kind → B's id
    foreign: dict[str, Any]  # kind → A's id
    missing: dict[str, Any]  # kind → an id that names nothing
    users: dict[Role, Any]  # B's users by role (and the administrator)
    secrets: tuple[str, ...]  # A's data that no answer to B may show
    content_secrets: tuple[str, ...]  # A's case content (not even the administrator's screens show it)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    return out.getvalue()


def _office(code: str, tag: str) -> dict[str, Any]:
    """One agency with its people and records (their names carry `tag`)."""
    agency = make_agency(code=code, name=f"Ban Tiếp công dân {tag}")
    people = {
        LEADER: make_user(role=LEADER, agency=agency, full_name=f"Lãnh Đạo {tag}"),
        HANDLER: make_user(role=HANDLER, agency=agency, full_name=f"Chuyên Viên {tag}"),
        OFFICER: make_user(role=OFFICER, agency=agency, full_name=f"Cán Bộ Tiếp {tag}"),
    }
    second_leader = make_user(role=LEADER, agency=agency, full_name=f"Phó Lãnh Đạo {tag}")
    citizen = make_citizen(agency_id=agency.id, full_name=f"Công Dân Riêng {tag}", birth_year=1970)
    twin = make_citizen(agency_id=agency.id, full_name=f"Công Dân Riêng {tag}", birth_year=1970)
    letter = make_letter(agency=agency, citizen_id=citizen.id, summary=f"Khiếu nại riêng của {tag} về đất")
    attachment = add_attachment(letter, filename="scan.png", data=_png(), actor=people[HANDLER])
    session = reception.create_session(
        agency_id=agency.id,
        data=reception.SessionInput(
            kind=SessionKind.PERIODIC, held_on=DAY, status=SessionStatus.HELD, place=f"Hội trường {tag}",
            leader_name=f"Chủ Trì {tag}",
        ),
        actor=people[LEADER],
    )
    visit = reception.register_visit(
        reception.VisitInput(
            agency_id=agency.id, visited_on=DAY, classification=VisitClass.COMPLAINT,
            complaint_subtype=ComplaintSubtype.ADMINISTRATIVE, summary=f"Nội dung tiếp riêng của {tag}",
            outcome=VisitOutcome.GUIDED, guided_to="UBND xã", citizen_id=citizen.id, session_id=session.id,
            officer_id=people[OFFICER].id,
        ),
        actor=people[OFFICER],
    )
    denunciation = reception.register_visit(
        reception.VisitInput(
            agency_id=agency.id, visited_on=DAY, classification=VisitClass.DENUNCIATION,
            summary=f"Tố cáo riêng của {tag}", outcome=VisitOutcome.GUIDED, guided_to="Thanh tra",
            officer_id=people[OFFICER].id,
        ),
        actor=people[OFFICER],
    )
    document = create_draft(
        doc_type="THONG_BAO", issuing_agency=agency, place="Sơn Hà",
        signer=Signer(position="Phó Trưởng ban", name=f"Người Ký {tag}", authority=Authority.DEPUTY, principal="Trưởng ban"),
        fields={"subject": f"Về việc riêng của {tag}"}, actor=people[HANDLER],
    )
    grant = clearance.request_clearance(
        user=people[HANDLER], requested_by=second_leader, reason=f"Lý do riêng {tag}", days=30
    )
    cleared = clearance.request_clearance(user=people[OFFICER], requested_by=second_leader, reason="Xác minh", days=30)
    clearance.approve_clearance(grant=cleared, approver=people[LEADER])
    ref = db.session.get(IdentityRef, denunciation.identity_ref_id)
    api_token, _secret = tokens.create_token(user=people[LEADER], name=f"Mã riêng {tag}", scope="read", days=30)
    referral = open_referral(letter, agency_id=agency.id, kind=ReferralKind.FORWARDED, sent_on=DAY, actor=None)
    chase = Chase(referral_id=referral.id, office_agency_id=agency.id, agency_id=agency.id, recipient_agency_id=agency.id,
                  rung=1, step=ChaseStep.FIRST_URGING, proposed_on=DAY, deadline_on=DAY)
    db.session.add(chase)
    db.session.flush()
    return {
        "referral": referral.id,
        "chase": chase.id,
        "agency": agency.id,
        "user": people[HANDLER].id,
        "citizen": citizen.id,
        "citizen2": twin.id,
        "letter": letter.id,
        "case": visit.case_id,
        "attachment": attachment.id,
        "session": session.id,
        "visit": visit.id,
        "document": document.id,
        "grant": grant.id,
        "api_token": api_token.id,
        "identity_ref": ref.code,
        "record": letter.id,
        "people": people,
        "names": (
            citizen.full_name, letter.summary, visit.summary, session.place, f"Chủ Trì {tag}",
            f"Về việc riêng của {tag}", f"Người Ký {tag}", f"Lý do riêng {tag}", f"Tố cáo riêng của {tag}",
            f"Mã riêng {tag}",
            *(user.full_name for user in (*people.values(), second_leader)),
        ),
        "content": (citizen.full_name, letter.summary, visit.summary, f"Về việc riêng của {tag}", f"Tố cáo riêng của {tag}"),
    }


def _missing(model: type, column: Any = None) -> int:
    return (db.session.scalar(sa.select(sa.func.max(column if column is not None else model.id))) or 0) + 1000


@pytest.fixture
def world(app, session, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "LETTER_ATTACHMENT_FOLDER", str(tmp_path / "letters"))
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    seed_reference_data()
    with immediate_transactions():
        a = _office("SWA", "Tỉnh A")
        b = _office("SWB", "Tỉnh B")
    admin = make_user(role=ADMIN, agency_id=None, full_name="Quản Trị")
    a_client = app.test_client()
    log_in(a_client, db.session.get(User, a["user"]))  # A's handler signs in: A's session exists
    a_session = db.session.scalar(sa.select(UserSession.id).where(UserSession.user_id == a["user"]))
    commune = db.session.scalar(sa.select(AdministrativeUnit.id).where(AdministrativeUnit.level == UnitLevel.COMMUNE).order_by(AdministrativeUnit.id))
    parent_unit = db.session.scalar(sa.select(AdministrativeUnit.parent_id).where(AdministrativeUnit.id == commune))
    heir_unit = db.session.scalar(
        sa.select(AdministrativeUnit.id)
        .where(AdministrativeUnit.level == UnitLevel.COMMUNE, AdministrativeUnit.id != commune, AdministrativeUnit.valid_to.is_(None))
        .order_by(AdministrativeUnit.id)
    )
    item = db.session.scalar(sa.select(ReferenceItem.id).where(ReferenceItem.list_code == "field_complaint").order_by(ReferenceItem.id))
    ground = db.session.scalar(sa.select(ReferenceItem.id).where(ReferenceItem.list_code == "refusal_ground").order_by(ReferenceItem.id))
    day = db.session.scalar(sa.select(CalendarDay.id).where(CalendarDay.day.between(date(2026, 1, 1), date(2026, 12, 31))).order_by(CalendarDay.id))
    official = AgencyOfficial(agency_id=b["agency"], role=OfficialRole.HEAD, title="Trưởng ban", name="Trưởng Ban B")
    mapping = ImportMapping(kind="visit_outcome", source_text="HD", source_folded="hd", target="guided")
    db.session.add_all([official, mapping])
    db.session.flush()
    global_ids = {
        "official": official.id,
        "unit": commune, "unit_parent": parent_unit, "item": item, "refusal_ground": ground, "calendar_day": day, "list": "refusal_ground",
        "agency_admin": b["agency"], "user_admin": b["user"],
        # A successor for a reorganisation's positive control: the administrator's lists hold every body.
        "agency_heir": a["agency"], "unit_heir": heir_unit,
        "routing_rule": db.session.scalar(sa.select(RoutingRule.id).order_by(RoutingRule.id)),
        "import_mapping": mapping.id,
    }
    own = {**{k: v for k, v in b.items() if k not in ("people", "names", "content")}, **global_ids, "user_session": None}
    foreign = {k: v for k, v in a.items() if k not in ("people", "names", "content")} | {"user_session": a_session}
    missing = {
        "agency": _missing(Agency), "agency_admin": _missing(Agency), "user": _missing(User), "user_admin": _missing(User),
        "citizen": _missing(Citizen), "letter": _missing(Letter), "record": _missing(Letter), "case": _missing(Visit, Visit.case_id),
        "attachment": _missing(LetterAttachment), "session": _missing(ReceptionSession), "visit": _missing(Visit),
        "document": _missing(Document),
        "grant": _missing(IdentityClearance),
        "api_token": _missing(ApiToken),
        "identity_ref": "KHONG-CO-MA", "unit": _missing(AdministrativeUnit), "item": _missing(ReferenceItem),
        "refusal_ground": _missing(ReferenceItem), "calendar_day": _missing(CalendarDay), "list": "khong_co_danh_muc",
        "user_session": _missing(UserSession), "citizen2": _missing(Citizen), "official": _missing(AgencyOfficial),
        "referral": _missing(Referral),
        "chase": _missing(Chase),
        "routing_rule": _missing(RoutingRule),
        "import_mapping": _missing(ImportMapping),
    }
    db.session.commit()
    users = dict(b["people"]) | {ADMIN: admin}
    return World(app, own, foreign, missing, users, tuple(a["names"]), tuple(a["content"]))


# ------------------------------------------------------------------------------------------------- helpers


TEXT_INPUTS = {"text", "search", "email", "tel", "url", ""}


class _Forms(HTMLParser):
    """The POST forms of a page: action → {name: value} of its fields, and the names of its <select>s
    whose options are ids and of its hidden inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get").lower(), "values": {}, "hidden": set(), "id_selects": set(),
                               "text": {}, "invalid": set()})
        if not self.forms or "name" not in a and tag in ("input", "select", "textarea"):
            return
        current = self.forms[-1]
        if tag in ("input", "select", "textarea") and "is-invalid" in a.get("class", "").split():
            current["invalid"].add(a["name"])
        if tag == "textarea" or (tag == "input" and a.get("type", "text") in TEXT_INPUTS and "data-date-field" not in a):
            # Text typed by a person (tests/security/test_input_forms.py fills these with script payloads).
            current["text"][a["name"]] = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            current["values"][a["name"]] = a.get("value", "y" if kind == "checkbox" else "")
            if kind == "hidden":
                current["hidden"].add(a["name"])
        elif tag == "select":
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self._textarea = a["name"]
            current["values"][a["name"]] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self.forms:
            self.forms[-1]["values"][self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None and self.forms:
            values = [v for v, _ in self._options if v]
            chosen = next((v for v, sel in self._options if sel), self._options[0][0] if self._options else "")
            self.forms[-1]["values"][self._select] = chosen
            if values and all(v.isdigit() for v in values):
                self.forms[-1]["id_selects"].add(self._select)
            self._select = None
        if tag == "textarea":
            self._textarea = None


def _leaf(name: str) -> str:
    return name.rsplit("-", 1)[-1]


def _fill(value: str, ids: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), value)


def _snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the sign-in bookkeeping, in a stable order."""
    rows = {}
    for table in Model.metadata.sorted_tables:
        if table.name in VOLATILE_TABLES:
            continue
        columns = [c for c in table.columns if c.name not in VOLATILE_COLUMNS]
        rows[table.name] = sorted(
            tuple(map(repr, row)) for row in db.session.execute(sa.select(*columns)).all()
        )
    return rows


def _client(world: World, role: Role) -> Any:
    client = world.app.test_client()
    assert log_in(client, world.users[role]).status_code == 302
    return client


def _url(world: World, endpoint: str, values: dict[str, Any]) -> str:
    with world.app.test_request_context():
        return url_for(endpoint, **values)


def _route_values(world: World, endpoint: str, route: Route, ids: dict[str, Any]) -> dict[str, Any]:
    rule = next(r for r in world.app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {}
    for name in rule.arguments:
        kind = route.params.get(name, PARAM_KINDS.get(name))
        values[name] = DAY.year if kind is None else ids[kind]
    return values


def _form_of(world: World, client: Any, endpoint: str, route: Route, url_values: dict[str, Any]) -> dict[str, Any]:
    """The form that posts to the route, read from its page with B's records."""
    page_endpoint = route.page or endpoint
    page_values = {k: v for k, v in url_values.items() if k in route.page_params}
    if page_endpoint == "documents.new":
        page_values = {"type": "THONG_BAO"}
    page_url = _url(world, page_endpoint, page_values)
    response = client.get(page_url)
    assert response.status_code == 200, (endpoint, page_url, response.status_code)
    parser = _Forms()
    parser.feed(response.get_data(as_text=True))
    target = _url(world, endpoint, url_values).split("?")[0]
    page_path = page_url.split("?")[0]
    for form in parser.forms:
        action = form["action"].split("?")[0] or page_path
        if form["method"] == "post" and action == target:
            form["query"] = form["action"].partition("?")[2] or (page_url.partition("?")[2] if not form["action"] else "")
            return form
    return {"action": target, "method": "post", "values": {}, "hidden": set(), "id_selects": set(), "text": {}, "invalid": set()}


def _id_fields(endpoint: str, route: Route, form: dict[str, Any]) -> dict[str, str]:
    """The id fields of the route's form: named ones, integer <select>s, hidden inputs, plus the route's."""
    found: dict[str, str] = {}
    candidates = set(form["values"]) | set(route.fields)
    for name in sorted(candidates):
        leaf = _leaf(name)
        if leaf in NOT_ID_FIELDS:
            continue
        kind = route.fields.get(name) or route.fields.get(leaf) or FIELD_KINDS.get(leaf)
        looks_like_id = leaf in FIELD_KINDS or name in form["id_selects"] or name in form["hidden"] or leaf.endswith("_id")
        if looks_like_id and not kind:
            pytest.fail(f"{endpoint}: field {name!r} looks like an id: give it a kind in FIELD_KINDS or ROUTES")
        if kind:
            found[name] = kind
    return found


def _errors(response: Any) -> list[str]:
    """The messages a refused form shows (for the assertion's text)."""
    body = response.get_data(as_text=True)
    return re.findall(r'class="(?:invalid-feedback|alert[^"]*)"[^>]*>\s*([^<]+)', body)


def _post(client: Any, url: str, data: dict[str, str]) -> Any:
    return client.post(url, data=data, headers={"Accept": "text/html"})


def _check(world: World, route: Route, response: Any, before: dict[str, Any], what: str) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code != 500, what
    assert response.status_code in route.swept_ok, (what, response.status_code, _errors(response))
    assert _snapshot() == before, f"{what}: the database changed"
    shown = [s for s in (world.content_secrets if route.global_route else world.secrets) if s in body]
    assert not shown, (what, shown)


# ------------------------------------------------------------------------------------------------- the sweep


def _post_routes(app: Flask) -> list[str]:
    return sorted({r.endpoint for r in app.url_map.iter_rules() if "POST" in (r.methods or ())})


def test_every_post_route_is_swept_or_listed(app):
    unlisted = [e for e in _post_routes(app) if e not in ROUTES and e not in NO_ID_ROUTES and e not in API_ROUTES]
    assert unlisted == [], "add these POST routes to ROUTES (ids swept) or NO_ID_ROUTES (with a reason)"
    assert set(ROUTES).isdisjoint(NO_ID_ROUTES)
    api_writes = sorted(r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("api.") and {"POST", "PATCH", "PUT", "DELETE"} & set(r.methods or ()))
    assert api_writes == sorted(API_ROUTES), "every write of the API is swept by tests/api/test_id_sweep.py"
    gone = [e for e in (*ROUTES, *NO_ID_ROUTES) if e not in _post_routes(app)]
    assert gone == []


def _form_classes() -> list[type]:
    import importlib
    import pkgutil

    import petitions

    for module in pkgutil.walk_packages(petitions.__path__, "petitions."):
        if module.name.endswith(".forms") or module.name.endswith("forms_01tcd"):
            importlib.import_module(module.name)
    seen: list[type] = []
    stack: list[type] = [FlaskForm, Form]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.append(sub)
                stack.append(sub)
    return [c for c in seen if c.__module__.startswith("petitions.")]


def test_every_id_like_field_of_the_form_classes_is_classified(app):
    """An IntegerField, HiddenField or integer choice added to any form must be named an id (FIELD_KINDS)
    or a non-id (NOT_ID_FIELDS), so that the sweep knows what to put in it."""
    unknown = []
    for cls in _form_classes():
        for name in dir(cls):
            unbound = getattr(cls, name, None)
            field_class = getattr(unbound, "field_class", None)
            if field_class is None:
                continue
            coerce = (getattr(unbound, "kwargs", {}) or {}).get("coerce")
            id_like = (
                issubclass(field_class, (IntegerField, HiddenField))
                or (issubclass(field_class, (SelectField, SelectMultipleField)) and coerce not in (None, str))
                or name.endswith("_id")
            )
            if id_like and name not in FIELD_KINDS and name not in NOT_ID_FIELDS:
                unknown.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert unknown == []


def test_no_view_reads_a_json_body_but_the_apis_swept_ones(app):
    """Every id the sweep fills travels in a form or the URL; a view reading JSON needs its own sweep. The API's
    views read theirs through APIFlask's @input(..., location="json") only, and each such view is one of
    API_ROUTES (swept by tests/api/test_id_sweep.py)."""
    readers = [
        str(path.relative_to(PETITIONS))
        for path in PETITIONS.rglob("*.py")
        if re.search(r"get_json\(|request\.json\b|location=\"json\"", path.read_text(encoding="utf-8"))
    ]
    assert sorted(readers) == ["api/case_actions.py", "api/letters.py", "api/views.py"]
    source = "".join((PETITIONS / "api" / name).read_text(encoding="utf-8") for name in ("views.py", "letters.py"))
    json_views = re.findall(r'@bp\.input\([^)]*location="json"\)\n(?:@[^\n]*\n)*def (\w+)', source)
    assert json_views and {f"api.{name}" for name in json_views} <= set(API_ROUTES)
    # The case transitions' operations are made in a loop, one per action (petitions.api.case_actions).
    case_views = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("api.case_")}
    assert case_views and case_views <= set(API_ROUTES)


@pytest.mark.parametrize("endpoint", sorted(NO_ID_ROUTES))
def test_routes_without_ids_show_no_id_field(world, endpoint):
    rule = next(r for r in world.app.url_map.iter_rules() if r.endpoint == endpoint)
    if "GET" not in (rule.methods or ()) or endpoint in ("auth.mfa_verify", "auth.mfa_enroll"):
        return  # a POST-only action, or a step of signing in that needs its own pending state
    role = ADMIN if endpoint.startswith("deadlines.") else OFFICER
    client = _client(world, role) if endpoint != "auth.login" else world.app.test_client()
    values = {"year": DAY.year} if "year" in rule.arguments else {}
    response = client.get(_url(world, endpoint, values))
    if response.status_code != 200:
        return
    parser = _Forms()
    parser.feed(response.get_data(as_text=True))
    target = _url(world, endpoint, values)
    for form in parser.forms:
        if form["method"] == "post" and (form["action"] or target) == target:
            id_like = [n for n in form["values"] if _leaf(n) not in NOT_ID_FIELDS and (n in form["id_selects"] or _leaf(n).endswith("_id") or _leaf(n) in FIELD_KINDS)]
            assert id_like == [], f"{endpoint} is listed as taking no id but its form has {id_like}"


def _prepare_letter(world: World, endpoint: str, own: dict[str, Any]) -> None:
    """B's letter in the state the handling action needs, so that its form is on the page."""
    from petitions.domain.records import LetterStatus
    from petitions.letters import handling
    from petitions.letters.handling_papers import HandlingPaper
    from petitions.letters.services import assign_letter, record_letter_status

    letter = db.session.get(Letter, own["letter"])
    leader, handler = world.users[LEADER], world.users[HANDLER]
    with immediate_transactions():
        if endpoint in ("letters.propose", "letters.approve", "letters.return_proposal"):
            assign_letter(letter, officer_id=handler.id, direction="", actor=leader, effective_on=DAY)
        if endpoint in ("letters.approve", "letters.return_proposal"):
            handling.propose_handling(
                letter, HandlingPaper.FILING_NOTE, actor=handler, effective_on=DAY, reason="Đơn không đủ điều kiện xử lý"
            )
        if endpoint == "letters.acknowledge_urgent":
            handling.report_urgent(letter, reason="Nguy cơ xô xát", actor=handler, effective_on=DAY)
        if endpoint == "letters.chase":
            record_letter_status(letter, LetterStatus.FORWARDED, effective_on=DAY)
        if endpoint == "letters.destroy":
            handling.file_letter(letter, reason="Đơn không đủ điều kiện xử lý", actor=leader,
                                 effective_on=local_today() - timedelta(days=400))
        if endpoint.startswith("national.correct_"):
            from petitions.domain.national import RecordKind
            from petitions.national.services import mark_entered

            kind = RecordKind(endpoint.rsplit("_", 1)[1])
            mark_entered(actor=leader, kind=kind, record_id=own[str(kind)], entered_on=local_today(),
                         reference="QG-B-0", today=local_today())
    db.session.commit()


def _prepare_referral(world: World, endpoint: str, own: dict[str, Any]) -> None:
    """B's referral in the state the act needs: answered for the review, an extension asked for the decision."""
    from petitions.referrals import services as referrals
    from petitions.referrals.models import Referral

    referral = db.session.get(Referral, own["referral"])
    handler = world.users[HANDLER]
    with immediate_transactions():
        if endpoint in ("referrals.accept", "referrals.return_answer"):
            referrals.answer(referral, referrals.Answer(
                number="45/UBND", answered_on=DAY, summary="Đã giải quyết xong", outcome="resolved",
                filename="kq.png", data=_png(),
            ), actor=handler)
        if endpoint in ("referrals.grant_extension", "referrals.refuse_extension"):
            referrals.request_extension(referral, days=10, reason="Cần thêm thời gian xác minh", actor=handler)
    db.session.commit()


# The states a case transition needs: (events applied in order through flow's services, a paper issued for each).
DECIDED = ("accept", "verify", "report", "decide")  # a decision rests on the verification report (Luật KN Đ29)
CASE_PATHS = {
    "accept": (), "not_accept": (), "reclassify": (),
    "verify": ("accept",),
    "report": ("accept", "verify"), "dialogue": ("accept", "verify"), "decide": ("accept", "verify", "report"),
    "suspend": ("accept", "verify"), "withdraw": ("accept", "verify"), "terminate": ("accept", "verify"),
    "resume": ("accept", "verify", "suspend"),
    "lapse": ("accept", "verify", "terminate"),
    "notify": DECIDED, "publish": DECIDED, "implement": DECIDED, "court": DECIDED, "next_round": DECIDED,
    "implemented": (*DECIDED, "implement"), "close": (*DECIDED, "publish"),
    "extend": ("accept", "complex"),
}


def _prepare_case(world: World, endpoint: str, own: dict[str, Any]) -> None:
    """B's case in the state the transition needs, so that its form is on the page. Papers are issued dated so
    that the clocks they start have run out where the event needs it (a complaint's D20 before it lapses). The extension needs a denunciation: B's denunciation
    visit's case, classed complex."""
    from petitions.cases import transitions as tr
    from petitions.cases.models import CaseFile
    from petitions.documents.services import issue_document
    from petitions.domain.records import Complexity

    if not endpoint.startswith("cases."):
        return
    key = endpoint.split(".", 1)[1]
    leader = world.users[LEADER]
    if key == "extend":
        own["case"] = db.session.scalar(
            sa.select(Visit.case_id).where(Visit.classification == VisitClass.DENUNCIATION, Visit.agency_id == own["agency"])
        )
    case = db.session.get(CaseFile, own["case"])
    days = iter((date(2026, 8, 17), date(2026, 8, 20), date(2026, 9, 1), date(2026, 9, 10), date(2026, 9, 15)))

    def issued(draft: Document) -> None:
        issue_document(draft, actor=leader, issue_date=next(days))

    with immediate_transactions():
        for step in CASE_PATHS[key]:
            if step == "accept":
                issued(tr.accept_case(case, actor=leader))
            elif step == "verify":
                issued(tr.assign_verification(case, actor=leader, handler_id=world.users[HANDLER].id))
            elif step == "report":
                issued(tr.report_verification(case, findings="Kết quả xác minh nội dung", actor=leader))
            elif step == "suspend":
                issued(tr.suspend_case(case, reason="Chờ kết quả giám định", actor=leader))
            elif step == "terminate":
                issued(tr.terminate_case(case, reason="Người khiếu nại rút đơn", actor=leader))
            elif step == "decide":
                issued(tr.decide_case(case, verdict="partly_right", actor=leader))
            elif step == "publish":
                issued(tr.publish_result(case, form="Niêm yết", actor=leader))
            elif step == "implement":
                tr.start_implementation(case, actor=leader)
            elif step == "complex":
                tr.reclassify_case(case, complexity=Complexity.COMPLEX, remote=False, reason="Nhiều nơi xác minh", actor=leader)
    db.session.commit()


@dataclass
class Posting:
    """What the positive control of a route posts: B's officer's client, B's ids, the route's URL and URL values,
    its form read from its page (with the page's values and the route's base) and the id fields in it."""

    route: Route
    client: Any
    own: dict[str, Any]
    url_values: dict[str, Any]
    url: str
    query: str
    form: dict[str, Any]
    base: dict[str, str]
    fields: dict[str, str]


def posting(world: World, endpoint: str, route: Route | None = None) -> Posting:
    """B's record put in the state the route needs and the route's own form read from its page (also used by
    tests/security/test_input_forms.py, which posts the same forms with script payloads and extra fields)."""
    route = route or ROUTES[endpoint]
    client = _client(world, route.role)
    own = dict(world.own)
    if endpoint == "auth.end_my_session":
        other = world.app.test_client()
        log_in(other, world.users[route.role])
        own["user_session"] = db.session.scalar(
            sa.select(sa.func.max(UserSession.id)).where(UserSession.user_id == world.users[route.role].id)
        )
    if endpoint == "letters.assign":
        own["user"] = world.users[HANDLER].id
    _prepare_letter(world, endpoint, own)
    _prepare_case(world, endpoint, own)
    _prepare_referral(world, endpoint, own)
    extra: dict[str, str] = {}
    if endpoint == "paperwork.receipt_first_pdf":
        from petitions.paperwork.services import issue_receipt

        _receipt, pin = issue_receipt(db.session.get(Visit, own["visit"]), items=(), actor=world.users[OFFICER])
        db.session.commit()
        extra["pin"] = pin
    url_values = _route_values(world, endpoint, route, own)
    form = _form_of(world, client, endpoint, route, url_values)
    base = {k: v for k, v in form["values"].items() if k != "csrf_token"}
    base.update({_fill(k, own): _fill(v, own) for k, v in route.base.items()} | extra)  # a key may name an id too
    fields = _id_fields(endpoint, route, form)
    query = form.get("query", "")
    url = _url(world, endpoint, url_values) + (f"?{query}" if query else "")
    return Posting(route, client, own, url_values, url, query, form, base, fields)


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_form_id_sweep(world, endpoint):
    p = posting(world, endpoint)
    route, client, own, url_values, url, query, base, fields = (
        p.route, p.client, p.own, p.url_values, p.url, p.query, p.base, p.fields
    )
    swept = 0

    # Ids in the URL: another agency's record and records that do not exist answer 404.
    for name, value in url_values.items():
        kind = route.params.get(name, PARAM_KINDS.get(name))
        if kind is None:
            continue
        tries = {"missing": world.missing[kind]}
        if isinstance(value, int):
            tries["huge"] = HUGE
            tries["beyond_int4"] = BEYOND_INT4
        if kind not in GLOBAL_KINDS and not route.global_route:
            tries["foreign"] = world.foreign[kind]
        for label, bad in tries.items():
            before = _snapshot()
            response = _post(client, _url(world, endpoint, {**url_values, name: bad}) + (f"?{query}" if query else ""), base)
            _check(world, Route(route.role, swept_ok=(404,), global_route=route.global_route), response, before, f"{endpoint} {name}={label}")
            swept += 1

    # Ids in the form: a form error or 404, nothing written, nothing of A shown.
    if (endpoint, "*") not in NOT_SWEPT:
        for name, kind in fields.items():
            tries = {"missing": world.missing[kind], "huge": HUGE, "beyond_int4": BEYOND_INT4}
            if kind not in GLOBAL_KINDS and not route.global_route:
                tries["foreign"] = world.foreign[kind]
            for label, bad in tries.items():
                data = {**base, **{k: _fill(v, own) for k, v in route.field_base.get(name, {}).items()}, name: str(bad)}
                before = _snapshot()
                response = _post(client, url, data)
                _check(world, route, response, before, f"{endpoint} {name}={label}")
                swept += 1

    # Positive control: the same form with B's own ids is accepted. It also carries fields no form has (another
    # agency C's id as agency_id, a status, a role, a version, ...): none of them is written (mass assignment,
    # ASVS 5.0 V15.3.3; tests/security/mass_assignment.py).
    c_agency = make_agency(code="SWC", name="Ban Thứ Ba C")
    c_user = make_user(role=LEADER, agency=c_agency, full_name="Người Của C")
    db.session.commit()
    present = set(base) | {_leaf(name) for name in base}
    added = {k: v for k, v in mass_assignment.extras(c_agency.id, c_user.id).items() if k not in present}
    before_rows = mass_assignment.rows()
    response = _post(client, url, {**base, **added})
    assert response.status_code in route.success, (endpoint, response.status_code, _errors(response))
    assigned = mass_assignment.mass_assigned(endpoint, mass_assignment.written(before_rows, mass_assignment.rows()),
                                             c_agency.id, c_user.id)
    assert assigned == [], f"{endpoint}: fields the form does not have were written: {assigned}"
    assert swept > 0 or endpoint in {e for e, _ in NOT_SWEPT}, f"{endpoint}: no id was swept"


def test_restored_draft_shows_no_data_of_another_agency(world):
    """The autosave keeps typed text; the screen it is restored on loads the ids in it through the scope."""
    client = _client(world, OFFICER)
    draft = {**INTAKE, "citizen_id": str(world.foreign["citizen"]), "session_id": str(world.foreign["session"]), "case_choice": str(world.foreign["case"])}
    assert client.post("/reception/drafts/intake", data=draft).status_code == 200
    page = client.get("/reception/visits/new")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert [s for s in world.secrets if s in body] == []
