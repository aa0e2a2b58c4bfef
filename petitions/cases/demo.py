"""Demo cases in every state of petitions.domain.case_flow, with their papers issued through the register,
their dated status events, clocks and outcomes (for `petitions demo`).

Unlike the bulk generators, this one drives the real services (petitions.cases.transitions): the cases are few,
so what the demo shows is exactly what an office's work writes (history, status events, clock explanations,
outcome figures). It runs once per demo, after the batch that reaches the end of the window is written (it
needs the letters' cases in the database), on cases of that batch still open that were opened 90–200 days
before today: each follows one plan to its state, its steps a few days apart and never after today.

A fixed set of plans (one per state, plus a denunciation extended twice, a complaint reclassified remote and a
second round), repeated for larger demos (one more set per 200,000 letters), so the 1,000,000-letter demo is
not slowed much. The papers take van thư numbers (reserved blocks of the body's register): the register already
holds the demo's later papers, which an app number dated earlier would contradict. A plan the directory cannot
serve (no official to sign on that day) is skipped, rolled back alone.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.cases import transitions as tr
from petitions.cases.models import CaseFile
from petitions.cases.papers import recorded_findings
from petitions.demo import DemoBatch
from petitions.documents.models import Document, DocumentStatus
from petitions.documents.services import issue_document
from petitions.domain.case_flow import CaseEvent
from petitions.domain.records import CaseStatus, CaseType, CaseVerdict, ComplaintSubtype, Complexity
from petitions.domain.types import DomainError, Role
from petitions.extensions import db
from petitions.numbering import NumberKind, reserve_blocks

LETTERS_PER_EXTRA_SET = 200_000
OPENED_FROM_DAYS, OPENED_TO_DAYS = 200, 90


@dataclass(frozen=True)
class Plan:
    """Where a demo case ends, for which kind, through which events (in order)."""

    name: str
    case_type: CaseType
    events: tuple[CaseEvent, ...]


E = CaseEvent
_TO_VERIFY = (E.ACCEPT, E.ASSIGN_VERIFICATION, E.REPORT_VERIFICATION)
_DECIDED_KN = (*_TO_VERIFY, E.HOLD_DIALOGUE, E.DECIDE)
_DECIDED_TC = (*_TO_VERIFY, E.DECIDE)
KN, TC = CaseType.COMPLAINT, CaseType.DENUNCIATION

PLANS: tuple[Plan, ...] = (
    Plan("not accepted", KN, (E.NOT_ACCEPT,)),
    Plan("accepted", TC, (E.ACCEPT,)),
    Plan("reclassified remote", KN, (E.ACCEPT, E.RECLASSIFY)),
    Plan("verifying", KN, _TO_VERIFY),
    Plan("dialogue held", KN, (*_TO_VERIFY, E.HOLD_DIALOGUE)),
    Plan("suspended", TC, (E.ACCEPT, E.ASSIGN_VERIFICATION, E.SUSPEND)),
    Plan("extended twice and resumed", TC,
         (E.ACCEPT, E.ASSIGN_VERIFICATION, E.RECLASSIFY, E.EXTEND, E.SUSPEND, E.RESUME, E.EXTEND)),
    Plan("withdrawn", KN, (E.ACCEPT, E.WITHDRAW)),
    Plan("terminated", TC, (E.ACCEPT, E.WITHDRAW, E.TERMINATE)),
    Plan("lapsed", KN, (E.ACCEPT, E.WITHDRAW, E.TERMINATE, E.LAPSE)),
    Plan("decided", TC, (*_DECIDED_TC, E.NOTIFY_RESULT)),
    Plan("published", KN, (*_DECIDED_KN, E.NOTIFY_RESULT, E.PUBLISH)),
    Plan("implementing", KN, (*_DECIDED_KN, E.PUBLISH, E.START_IMPLEMENTATION, E.RECORD_IMPLEMENTATION)),
    Plan("closed", TC, (*_DECIDED_TC, E.NOTIFY_RESULT, E.PUBLISH, E.START_IMPLEMENTATION, E.RECORD_IMPLEMENTATION,
                        E.CLOSE)),
    Plan("second round", KN, (*_DECIDED_KN, E.NEXT_ROUND)),
    Plan("to court", KN, (*_DECIDED_KN, E.PUBLISH, E.TO_COURT)),
)

# Days between two steps (a lapse needs D20's 30 days after the termination).
_GAP: dict[CaseEvent, tuple[int, int]] = {E.LAPSE: (35, 37), E.RESUME: (5, 10)}


def _pool(today: date, case_type: CaseType, size: int) -> list[CaseFile]:
    """Open cases of the kind opened 90–200 days ago, newest first: one query per kind (a scan of the cases at
    national size)."""
    query = (
        sa.select(CaseFile)
        .where(
            CaseFile.status == CaseStatus.OPEN,
            CaseFile.case_type == case_type,
            CaseFile.opened_on.between(today - timedelta(days=OPENED_FROM_DAYS), today - timedelta(days=OPENED_TO_DAYS)),
            CaseFile.parent_case_id.is_(None),
        )
        .order_by(CaseFile.id.desc())
        .limit(size)
    )
    if case_type == CaseType.COMPLAINT:
        query = query.where(CaseFile.complaint_subtype == ComplaintSubtype.ADMINISTRATIVE)
    return list(db.session.scalars(query))


def _leader(case: CaseFile) -> User | None:
    """A leader of the body in charge (the demo's accounts), else the system."""
    return db.session.scalar(
        sa.select(User).where(User.agency_id == case.agency_in_charge_id, User.role == Role.LEADER).order_by(User.id)
    )


def _issue(document: Document, day: date, actor: Any) -> None:
    block = reserve_blocks(NumberKind.DOCUMENT_REGISTER, {(document.issuing_agency_id, day.year): 1})
    number = block[(document.issuing_agency_id, day.year)].start
    issue_document(document, actor=actor, issue_date=day, number=number)


def _figures(rng: random.Random) -> dict[str, Decimal | int]:
    return {
        "return_money_persons": Decimal(rng.randint(5, 900)) / 10,
        "return_land_persons": Decimal(rng.randint(0, 4000)) / 100,
        "restored_persons": rng.randint(0, 2),
        "discipline_officials": rng.randint(0, 1),
    }


def _decision_texts(case: CaseFile) -> dict[str, str]:
    """The decision's sections as the case page's form pre-fills them: the issued verification report's findings
    and the issued dialogue record's result (recorded_findings), then the conclusion."""
    findings, dialogue = recorded_findings(case)
    texts = {"findings": findings, "dialogue": dialogue,
             "conclusion": "Nội dung có đúng, có sai như kết quả xác minh"}
    return {key: value for key, value in texts.items() if value}


def _step(case: CaseFile, event: CaseEvent, day: date, actor: Any, rng: random.Random) -> CaseFile:
    """One event of the plan, as an office does it: the service, then the paper issued that day."""
    verdicts = {KN: CaseVerdict.PARTLY_RIGHT, TC: CaseVerdict.PARTLY_TRUE}
    starts: dict[CaseEvent, Callable[[], Any]] = {
        E.ACCEPT: lambda: tr.accept_case(case, actor=actor),
        E.NOT_ACCEPT: lambda: tr.not_accept_case(case, reason="Quyết định bị khiếu nại đã có hiệu lực pháp luật",
                                                 actor=actor),
        E.ASSIGN_VERIFICATION: lambda: tr.assign_verification(
            case, actor=actor, members=("Trần Văn Hải", "Lê Thị Thu"), days=15,
            plan="Làm việc với người khiếu nại, tố cáo và cơ quan liên quan; thu thập hồ sơ, tài liệu"),
        E.REPORT_VERIFICATION: lambda: tr.report_verification(
            case, findings="Nội dung phản ánh có một phần đúng: hồ sơ chưa thực hiện đúng trình tự", actor=actor,
            proposal="Đề nghị giải quyết theo hướng chấp nhận một phần"),
        E.HOLD_DIALOGUE: lambda: tr.hold_dialogue(
            case, held_on=day, participants=("Người khiếu nại", "Đại diện cơ quan bị khiếu nại", "Tổ xác minh"),
            result="Các bên thống nhất với kết quả xác minh", actor=actor, place="Trụ sở tiếp công dân"),
        E.RECLASSIFY: lambda: tr.reclassify_case(
            case, complexity=Complexity.VERY_COMPLEX if case.case_type == TC else Complexity.ORDINARY,
            remote=case.case_type == KN, reason="Biên bản phân loại vụ việc của tổ xác minh", actor=actor,
            effective_on=day),
        E.EXTEND: lambda: tr.extend_case(case, days=30, reason="Nội dung tố cáo cần xác minh tại nhiều nơi",
                                         actor=actor),
        E.SUSPEND: lambda: tr.suspend_case(case, reason="Chờ kết quả giám định của cơ quan chuyên môn", actor=actor,
                                           effective_on=day),
        E.RESUME: lambda: tr.resume_case(case, reason="Đã có kết quả giám định", actor=actor),
        E.WITHDRAW: lambda: tr.withdraw_case(case, reason="Người viết đơn có đơn rút", actor=actor, effective_on=day),
        E.TERMINATE: lambda: tr.terminate_case(case, reason="Người viết đơn rút toàn bộ nội dung", actor=actor),
        E.LAPSE: lambda: tr.lapse_case(case, actor=None, effective_on=day),
        E.DECIDE: lambda: tr.decide_case(case, verdict=verdicts[case.case_type], actor=actor, figures=_figures(rng),
                                         texts=_decision_texts(case)),
        E.NOTIFY_RESULT: lambda: tr.notify_result(case, actor=actor, result="Đã gửi kết quả giải quyết",
                                                  effective_on=day),
        E.PUBLISH: lambda: tr.publish_result(case, actor=actor, form="Niêm yết tại trụ sở cơ quan", published_on=day),
        E.START_IMPLEMENTATION: lambda: tr.start_implementation(case, actor=actor, effective_on=day),
        E.RECORD_IMPLEMENTATION: lambda: tr.record_implementation(
            case, figures={"returned_money_persons": Decimal(rng.randint(5, 500)) / 10}, actor=actor,
            implemented_on=day, effective_on=day, summary="Đã chi trả cho người khiếu nại"),
        E.CLOSE: lambda: tr.close_resolved_case(case, actor=actor, effective_on=day),
        E.NEXT_ROUND: lambda: tr.open_next_round(case, received_on=day, actor=actor,
                                                 reason="Người khiếu nại không đồng ý, khiếu nại lần hai"),
        E.TO_COURT: lambda: tr.record_court_filing(case, reference="Tòa án nhân dân tỉnh thụ lý vụ án hành chính",
                                                   actor=actor, effective_on=day),
    }
    made = starts[event]()
    if isinstance(made, Document):
        _issue(made, day, actor)
        if event == E.ACCEPT:  # the denunciation's notices go out the same day
            for notice in (d for d in tr.case_papers(case) if d.status == DocumentStatus.DRAFT):
                _issue(notice, day, actor)
    return case


def _follow(case: CaseFile, plan: Plan, batch: DemoBatch, rng: random.Random) -> bool:
    actor = _leader(case)
    day = case.opened_on + timedelta(days=rng.randint(3, 8))
    try:
        with db.session.begin_nested():
            for event in plan.events:
                low, high = _GAP.get(event, (2, 6))
                day = min(day + timedelta(days=rng.randint(low, high)), batch.today)
                _step(case, event, day, actor, rng)
    except DomainError:
        return False
    return True


def generate_cases(batch: DemoBatch) -> int:
    """After the last batch is written: the plans on recent open cases; the cases that reached their state."""
    if batch.first_index + batch.letters < batch.run.total:
        return 0
    rng = random.Random(batch.run.seed * 7 + 18)
    sets = 1 + batch.run.total // LETTERS_PER_EXTRA_SET
    made = 0
    pools = {kind: _pool(batch.today, kind, 3 * sets * len(PLANS)) for kind in (KN, TC)}
    for _ in range(sets):
        for plan in PLANS:
            pool = pools[plan.case_type]
            for _attempt in range(3):  # a plan the directory cannot serve on a case is tried on the next one
                if not pool:
                    break
                if _follow(pool.pop(0), plan, batch, rng):
                    made += 1
                    break
    db.session.flush()
    return made
