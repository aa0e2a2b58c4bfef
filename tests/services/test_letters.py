"""Letter services: register numbers, clocks at registration, duplicates, voiding, classification."""

from __future__ import annotations

import threading
from datetime import date

import pytest
import sqlalchemy as sa

from petitions.deadlines.models import Clock
from petitions.deadlines.services import seed_calendar
from petitions.directory.models import ReferenceItem
from petitions.directory.seed import seed_reference_items
from petitions.domain.classification import (
    ContentPart,
    DuplicateDecision,
    IntakeFacts,
    LetterChannel,
    SignerKind,
    TypeChangeRefused,
)
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.domain.types import DomainError, Role
from petitions.extensions import db, immediate_transactions
from petitions.history import history_of
from petitions.letters.models import Letter
from petitions.letters.services import (
    ClassificationInput,
    LetterInput,
    classify_letter,
    register_letter,
    void_letter,
)
from petitions.vault.services import Identity
from tests.factories import make_agency, make_citizen, make_letter, make_user

RECEIVED = date(2026, 3, 2)


@pytest.fixture
def env(session):
    seed_calendar()
    seed_reference_items()
    agency = make_agency()
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency)
    with immediate_transactions():
        yield agency, officer


def register(agency, officer, **overrides):
    kind = overrides.pop("letter_type", LetterType.COMPLAINT)
    values = {
        "received_on": RECEIVED,
        "channel": LetterChannel.POST,
        "letter_type": kind,
        "complaint_subtype": ComplaintSubtype.ADMINISTRATIVE if kind == LetterType.COMPLAINT else None,
        "agency": agency,
        "actor": officer,
        "summary": "Khiếu nại quyết định thu hồi đất của UBND xã",
        "respondent": "UBND xã Hòa Bình",
    }
    if kind in (LetterType.COMPLAINT, LetterType.PETITION) and "citizen_id" not in overrides:
        values["citizen_id"] = make_citizen(agency_id=agency.id).id
    values.update(overrides)
    return make_letter(**values)


def open_rules(letter):
    return sorted(
        c.rule_id
        for c in db.session.scalars(
            sa.select(Clock).where(
                Clock.record_type == "letter", Clock.record_id == letter.id, Clock.closed_at.is_(None)
            )
        )
    )


def test_register_numbers_follow_each_other_per_office_and_year(env):
    agency, officer = env
    first, second = register(agency, officer), register(agency, officer)
    other_office = register(make_agency(), None)  # another office's own registration
    next_year = register(agency, officer, received_on=date(2027, 1, 4))
    assert (first.register_number, second.register_number) == (1, 2)
    assert other_office.register_number == 1
    assert (next_year.register_year, next_year.register_number) == (2027, 1)


def test_register_starts_d10_for_a_complaint(env):
    letter = register(*env)
    assert open_rules(letter) == ["D10"]


def test_register_starts_d10_and_d21_for_a_denunciation_with_identity_in_the_vault(env):
    letter = register(*env, letter_type=LetterType.DENUNCIATION, identity=Identity(full_name="Lê Văn Tố"))
    assert open_rules(letter) == ["D10", "D21"]
    assert letter.citizen_id is None and letter.identity_ref_id is not None


def test_register_anonymous_information_has_only_d10(env):
    letter = register(*env, letter_type=LetterType.ANONYMOUS, signer_kind=SignerKind.NONE)
    assert open_rules(letter) == ["D10"]
    assert letter.signer_count == 0


def test_register_refuses_a_denunciation_linked_to_a_citizen(env):
    agency, officer = env
    with pytest.raises(DomainError):
        register(
            agency,
            officer,
            letter_type=LetterType.DENUNCIATION,
            citizen_id=make_citizen(agency_id=agency.id).id,
        )


def test_register_forwarded_letter_needs_the_slip_number_and_date(env):
    with pytest.raises(DomainError, match="số và ngày"):
        register(*env, channel=LetterChannel.DEPUTY, forwarded_by="Đoàn ĐBQH tỉnh")
    letter = register(
        *env,
        channel=LetterChannel.DEPUTY,
        forwarded_by="Đoàn ĐBQH tỉnh",
        forwarded_doc_number="12/ĐĐBQH",
        forwarded_doc_on=date(2026, 2, 26),
    )
    assert letter.forwarded_doc_number == "12/ĐĐBQH"


def test_failed_registration_leaves_no_gap(env):
    agency, officer = env
    register(agency, officer)
    with pytest.raises(DomainError):
        register(agency, officer, signer_kind=SignerKind.SEVERAL, signer_count=1)
    assert register(agency, officer).register_number == 2


def test_duplicate_raises_the_repeat_count_of_the_first_letter(env):
    agency, officer = env
    original = register(agency, officer)
    second = register(
        agency, officer, duplicate_decision=DuplicateDecision.DUPLICATE, duplicate_of_id=original.id
    )
    third = register(
        agency,
        officer,
        duplicate_decision=DuplicateDecision.DUPLICATE,
        duplicate_of_id=second.id,
        duplicate_category_code="MULTI_DESTINATION",
    )
    assert original.repeat_count == 2
    assert third.duplicate_of_id == original.id
    assert db.session.get(ReferenceItem, third.duplicate_category_item_id).code == "MULTI_DESTINATION"


def test_duplicate_of_another_office_letter_is_refused(env):
    agency, officer = env
    foreign = register(make_agency(), None)  # another office's own registration
    with pytest.raises(DomainError):
        register(agency, officer, duplicate_decision=DuplicateDecision.DUPLICATE, duplicate_of_id=foreign.id)


def test_void_keeps_the_number_and_stops_the_clocks(env):
    agency, officer = env
    letter = register(agency, officer)
    void_letter(letter, reason="Đăng ký nhầm hai lần", actor=officer)
    assert letter.is_void and open_rules(letter) == []
    assert db.session.get(Letter, letter.id) is not None
    assert register(agency, officer).register_number == 2
    with pytest.raises(DomainError):
        void_letter(letter, reason="Lần nữa", actor=officer)


def facts(kind, **overrides):
    return IntakeFacts(declared_type=kind, **overrides)


def test_classify_complaint_within_competence_starts_d14_from_receipt(env):
    agency, officer = env
    letter = register(agency, officer)
    classify_letter(
        letter,
        ClassificationInput(
            facts(LetterType.COMPLAINT),
            complaint_subtype=ComplaintSubtype.ADMINISTRATIVE,
            competent_body="Chủ tịch UBND tỉnh",
            within_competence=True,
        ),
        actor=officer,
    )
    assert open_rules(letter) == ["D10", "D14"]
    d14 = db.session.scalar(sa.select(Clock).where(Clock.record_id == letter.id, Clock.rule_id == "D14"))
    assert d14.trigger_on == RECEIVED
    assert letter.is_eligible is True and letter.competent_body == "Chủ tịch UBND tỉnh"


def test_reclassify_denunciation_outside_competence_then_as_petition(env):
    agency, officer = env
    letter = register(agency, officer, letter_type=LetterType.DENUNCIATION)
    classify_letter(
        letter, ClassificationInput(facts(LetterType.DENUNCIATION), within_competence=False), actor=officer
    )
    assert open_rules(letter) == ["D10", "D21", "D22"]
    classify_letter(
        letter, ClassificationInput(facts(LetterType.PETITION), within_competence=True), actor=officer
    )
    assert open_rules(letter) == ["D10"]
    fields = {h.field for h in history_of("letter", letter.id) if h.action == "update"}
    assert "letter_type" in fields


def test_unidentified_denouncer_makes_anonymous_information_which_never_becomes_a_denunciation(env):
    agency, officer = env
    letter = register(agency, officer, letter_type=LetterType.DENUNCIATION)
    classify_letter(
        letter, ClassificationInput(facts(LetterType.DENUNCIATION, writer_identified=False)), actor=officer
    )
    assert letter.letter_type == LetterType.ANONYMOUS
    assert open_rules(letter) == ["D10"]
    assert letter.is_eligible is False and letter.identity_ref_id is None
    with pytest.raises(TypeChangeRefused):
        classify_letter(letter, ClassificationInput(facts(LetterType.DENUNCIATION)), actor=officer)


def test_classify_ineligible_records_the_failed_condition(env):
    agency, officer = env
    letter = register(agency, officer)
    classify_letter(
        letter,
        ClassificationInput(
            facts(LetterType.COMPLAINT, signed=False), complaint_subtype=ComplaintSubtype.DISCIPLINARY
        ),
        actor=officer,
    )
    assert letter.is_eligible is False
    assert db.session.get(ReferenceItem, letter.ineligibility_item_id).code == "UNSIGNED"


def test_classify_mixed_letter_keeps_parts_and_runs_the_main_content_clocks(env):
    agency, officer = env
    letter = register(agency, officer, letter_type=LetterType.PETITION)
    parts = (
        ContentPart(LetterType.DENUNCIATION, "Tố cáo cán bộ địa chính nhận tiền", is_main=True),
        ContentPart(LetterType.PETITION, "Kiến nghị sửa đường liên xã"),
    )
    classify_letter(
        letter,
        ClassificationInput(facts(LetterType.MIXED), parts=parts, within_competence=False),
        actor=officer,
    )
    assert letter.main_type == LetterType.DENUNCIATION and len(letter.parts) == 2
    assert open_rules(letter) == ["D10", "D21", "D22"]


# Concurrency ----------------------------------------------------------------------------------


def test_fifty_concurrent_registrations_get_numbers_one_to_fifty(committed_app):
    with committed_app.app_context():
        seed_calendar()
        agency = make_agency()
        officer = make_user(agency=agency)
        db.session.commit()
        agency_id, officer_id = agency.id, officer.id

    errors: list[BaseException] = []
    barrier = threading.Barrier(50)

    def worker() -> None:
        try:
            with committed_app.app_context():
                from petitions.auth.models import User

                barrier.wait()
                with immediate_transactions():
                    actor = db.session.get(User, officer_id)
                    register_letter(
                        LetterInput(
                            received_on=RECEIVED,
                            channel=LetterChannel.POST,
                            letter_type=LetterType.PETITION,
                            agency_id=agency_id,
                            summary="Kiến nghị về đường giao thông",
                        ),
                        actor=actor,
                    )
                    db.session.commit()
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with committed_app.app_context():
        numbers = sorted(
            db.session.scalars(
                sa.select(Letter.register_number).where(Letter.agency_in_charge_id == agency_id)
            )
        )
        clocks = db.session.scalar(
            sa.select(sa.func.count()).select_from(Clock).where(Clock.rule_id == "D10")
        )
    assert numbers == list(range(1, 51))
    assert clocks == 50
