"""The life cycle of a case to its resolution as data (DOMAIN §3.5 rows accept … next round, §4, §5): which
event may happen in which state, for which kind of case, by whom, with which paper, and what it does to the
case's clocks.

Pure: no Flask, no database. The services (petitions.cases.transitions) ask `check` / `next_state` before they
change anything and apply the row's clock effects; an illegal event raises `CaseTransitionRefused` with a
Vietnamese message that says why.

Clocks are named by rule id, plus the token `RESOLUTION` for the case's own resolution clock, which
`resolution_rule` picks: D15 (administrative complaint, round 1), D17 (complaint, round 2), D19 (disciplinary
complaint), D24 (denunciation). `clock_rules` turns a row's tokens into the rules that apply to a given case.

Where DOMAIN is silent the table decides, and says so here (the system's rules, to be confirmed):
- A petition case (kiến nghị, phản ánh) is never accepted for resolution: no event of this table applies.
- Dialogue (đối thoại) is held for complaints only (Luật KN Đ30, Đ39), from verification; a complaint may be
  decided with or without one (the law makes it mandatory only in some situations the system cannot judge).
- Extensions are for denunciations only (D24: complex 1, very complex 2, each ≤ 30 days); complaint clocks
  have none (D15, D17, D19 "no extensions") — a complex complaint gets the longer period by reclassification.
- Suspension pauses the resolution clock (D15, D17, D19, D24); a complaint is suspended only from 01/07/2026
  (DOMAIN §5: before that complaint resolution had no pause). D23 (notices) is not paused.
- Verification is assigned once from acceptance (a new team is a new paper on the same verification); its
  report is recorded once. The decision comes after the verification report (verifying or dialogue held, the
  report issued): Luật KN Đ29, Đ38 and Luật TC Đ31, Đ35 rest the decision / conclusion on that report.
- Withdrawal does not stop the clock: the body still has to terminate (đình chỉ) within the period.
- Termination stops every open clock of the case; for a complaint it starts D20, and when D20 has run out
  without continuation the case lapses (LAPSE, by the system or a leader).
- A complaint's decision starts D16 (the window for round 2, administrative complaints of round 1 only) and
  D18 (the decision becomes final, administrative complaints of both rounds); a disciplinary complaint's second
  time limit is D13 `second`, set when the next letter is classified. D16 is dated from the decision's issue
  date (the system does not know the day the complainant received it).
- The result is notified once: a denunciation by the notice to the denouncer (notice_denouncer_result); a
  complaint's decision is itself sent to the complainant, so its notification is recorded without a paper.
- Publication comes before closing: decided → published → (implementing) → closed; implementation may also
  start before publication. Closing stops the windows D16 and D18 (their due dates stay on record).
- The next round (complaint round 2 within D16, tố cáo tiếp) opens a new linked case and leaves this one as it
  is; the parent's D16 closes because the round-2 complaint came in. A complaint round 2 clock (D17) starts
  when the new case is accepted; a re-denunciation's D26 runs from its receipt by the superior body until the
  superior accepts it for resolution again or declines it.
- Going to court is recorded for complaints after a decision; a complaint still pending when the complainant
  sues is terminated (đình chỉ) instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from petitions.domain.deadlines import case_clock_variants, ordered_variants
from petitions.domain.numbers import InvalidNumber, parse_decimal
from petitions.domain.records import (
    CaseRound,
    CaseStatus,
    CaseType,
    CaseVerdict,
    ComplaintSubtype,
    Complexity,
)
from petitions.domain.types import DomainError, Role


class CaseEvent(StrEnum):
    ACCEPT = "accept"  # open → accepted (thụ lý)
    NOT_ACCEPT = "not_accept"  # open → not accepted
    ASSIGN_VERIFICATION = "assign_verification"  # accepted → verifying (QĐ giao xác minh / tổ xác minh)
    REPORT_VERIFICATION = "report_verification"  # verifying (unchanged): the verification report
    HOLD_DIALOGUE = "hold_dialogue"  # verifying → dialogue held (complaints)
    RECLASSIFY = "reclassify"  # complexity / remoteness changed: the clock variants move (state unchanged)
    EXTEND = "extend"  # denunciations: D24 + ≤ 30 days (state unchanged)
    SUSPEND = "suspend"  # → suspended: the resolution clock pauses
    RESUME = "resume"  # suspended → the state before
    WITHDRAW = "withdraw"  # the citizen withdrew (đơn rút): → withdrawn, then terminated
    TERMINATE = "terminate"  # đình chỉ: → terminated
    LAPSE = "lapse"  # D20 ran out after a complaint's termination notice
    DECIDE = "decide"  # → decided (QĐ giải quyết khiếu nại / kết luận nội dung tố cáo)
    NOTIFY_RESULT = "notify_result"  # the result told to the citizen (state unchanged)
    PUBLISH = "publish"  # decided → published (công khai)
    START_IMPLEMENTATION = "start_implementation"  # → implementing
    RECORD_IMPLEMENTATION = "record_implementation"  # implementing (unchanged): what was done
    CLOSE = "close"  # → closed
    NEXT_ROUND = "next_round"  # a new linked case: complaint round 2, tố cáo tiếp (this case unchanged)
    TO_COURT = "to_court"  # the complainant took the matter to court


class CasePaper(StrEnum):
    """The papers of the transitions; the values are stable codes (stored in Document.body_data)."""

    COMPLAINT_ACCEPTANCE_NOTICE = "complaint_acceptance_notice"
    COMPLAINT_REJECTION_NOTICE = "complaint_rejection_notice"
    DENUNCIATION_ACCEPTANCE_DECISION = "denunciation_acceptance_decision"
    NOTICE_DENOUNCER_ACCEPTED = "notice_denouncer_accepted"
    NOTICE_ACCUSED = "notice_accused"
    DENUNCIATION_REJECTION_NOTICE = "denunciation_rejection_notice"
    VERIFICATION_ASSIGNMENT = "verification_assignment"
    VERIFICATION_REPORT = "verification_report"
    DIALOGUE_RECORD = "dialogue_record"
    EXTENSION_DECISION = "extension_decision"
    SUSPENSION_DECISION = "suspension_decision"
    RESUMPTION_DECISION = "resumption_decision"
    TERMINATION_DECISION = "termination_decision"
    COMPLAINT_DECISION = "complaint_decision"
    DENUNCIATION_CONCLUSION = "denunciation_conclusion"
    NOTICE_DENOUNCER_RESULT = "notice_denouncer_result"
    PUBLICATION_RECORD = "publication_record"
    IMPLEMENTATION_REPORT = "implementation_report"


class CaseTransitionRefused(DomainError):
    """An event the case's state, kind, the user's role or the rule's limits do not allow."""


# The case's own resolution clock (D15, D17, D19 or D24; see resolution_rule).
RESOLUTION = "RESOLUTION"
# Clocks of the case's letters that acceptance or non-acceptance ends (DOMAIN §3.5 "stops D14/D21"); the
# letter's own handling (D10, D22) ends with its route, in the letters area.
LETTER_HANDLING_RULES = ("D14", "D21")
# The first day a complaint's resolution may be suspended (DOMAIN §5, Luật KN Đ11a as amended; tbc).
COMPLAINT_PAUSES_FROM = date(2026, 7, 1)
# D24: extensions each allowed per complexity, each at most this many days (Luật TC Đ30).
MAX_EXTENSIONS: Mapping[Complexity, int] = {Complexity.ORDINARY: 0, Complexity.COMPLEX: 1, Complexity.VERY_COMPLEX: 2}
MAX_EXTENSION_DAYS = 30

_L = frozenset({Role.LEADER})
_H_L = frozenset({Role.HANDLER, Role.LEADER})
_BOTH = frozenset({CaseType.COMPLAINT, CaseType.DENUNCIATION})
_KN = frozenset({CaseType.COMPLAINT})
_TC = frozenset({CaseType.DENUNCIATION})

S = CaseStatus
# Pending resolution and running (not suspended).
RUNNING = frozenset({S.ACCEPTED, S.VERIFYING, S.DIALOGUE_HELD})
PENDING = RUNNING | {S.SUSPENDED}
# Decided, not closed.
DONE = frozenset({S.DECIDED, S.PUBLISHED, S.IMPLEMENTING})


@dataclass(frozen=True)
class CaseFacts:
    """What the table needs to know about a case (read from the CaseFile by the services)."""

    status: CaseStatus
    case_type: CaseType
    complaint_subtype: ComplaintSubtype | None = None
    case_round: CaseRound = CaseRound.FIRST
    complexity: Complexity = Complexity.ORDINARY
    remote: bool = False
    suspended_from: CaseStatus | None = None
    verification_reported: bool = False
    result_notified: bool = False


@dataclass(frozen=True)
class Row:
    """One row: from these states, for these kinds of case, by these roles, to `to` (None: unchanged)."""

    event: CaseEvent
    from_states: frozenset[CaseStatus]
    to: CaseStatus | None
    roles: frozenset[Role]
    case_types: frozenset[CaseType] = _BOTH
    # The paper of the transition (the first; the rest go with it) for each kind; empty: none of the office.
    complaint_papers: tuple[CasePaper, ...] = ()
    denunciation_papers: tuple[CasePaper, ...] = ()
    # False: the paper may be issued, but the event is also recorded without one.
    paper_required: bool = True
    starts: tuple[str, ...] = ()
    stops: tuple[str, ...] = ()
    pauses: tuple[str, ...] = ()
    resumes: tuple[str, ...] = ()
    extends: tuple[str, ...] = ()
    variants_change: tuple[str, ...] = ()
    stops_letters: tuple[str, ...] = ()
    returns_to_previous: bool = False

    def papers(self, case_type: CaseType) -> tuple[CasePaper, ...]:
        if case_type == CaseType.COMPLAINT:
            return self.complaint_papers
        if case_type == CaseType.DENUNCIATION:
            return self.denunciation_papers
        return ()

    def paper(self, case_type: CaseType) -> CasePaper | None:
        """The paper whose issue applies the event (None: the event applies at once in its service)."""
        papers = self.papers(case_type)
        return papers[0] if papers and self.paper_required else None


P = CasePaper
E = CaseEvent

TABLE: Mapping[CaseEvent, Row] = {
    row.event: row
    for row in (
        Row(E.ACCEPT, frozenset({S.OPEN}), S.ACCEPTED, _L,
            complaint_papers=(P.COMPLAINT_ACCEPTANCE_NOTICE,),
            denunciation_papers=(P.DENUNCIATION_ACCEPTANCE_DECISION, P.NOTICE_DENOUNCER_ACCEPTED, P.NOTICE_ACCUSED),
            starts=(RESOLUTION, "D23"), stops=("D26",), stops_letters=LETTER_HANDLING_RULES),
        Row(E.NOT_ACCEPT, frozenset({S.OPEN}), S.NOT_ACCEPTED, _L,
            complaint_papers=(P.COMPLAINT_REJECTION_NOTICE,), denunciation_papers=(P.DENUNCIATION_REJECTION_NOTICE,),
            stops=("D26",), stops_letters=LETTER_HANDLING_RULES),
        Row(E.ASSIGN_VERIFICATION, frozenset({S.ACCEPTED}), S.VERIFYING, _L,
            complaint_papers=(P.VERIFICATION_ASSIGNMENT,), denunciation_papers=(P.VERIFICATION_ASSIGNMENT,)),
        Row(E.REPORT_VERIFICATION, frozenset({S.VERIFYING}), None, _H_L,
            complaint_papers=(P.VERIFICATION_REPORT,), denunciation_papers=(P.VERIFICATION_REPORT,)),
        Row(E.HOLD_DIALOGUE, frozenset({S.VERIFYING}), S.DIALOGUE_HELD, _H_L, _KN,
            complaint_papers=(P.DIALOGUE_RECORD,)),
        Row(E.RECLASSIFY, frozenset({S.OPEN}) | PENDING, None, _L, variants_change=(RESOLUTION,)),
        Row(E.EXTEND, frozenset({S.ACCEPTED, S.VERIFYING}), None, _L, _TC,
            denunciation_papers=(P.EXTENSION_DECISION,), extends=(RESOLUTION,)),
        Row(E.SUSPEND, RUNNING, S.SUSPENDED, _L,
            complaint_papers=(P.SUSPENSION_DECISION,), denunciation_papers=(P.SUSPENSION_DECISION,),
            pauses=(RESOLUTION,)),
        Row(E.RESUME, frozenset({S.SUSPENDED}), None, _L,
            complaint_papers=(P.RESUMPTION_DECISION,), denunciation_papers=(P.RESUMPTION_DECISION,),
            resumes=(RESOLUTION,), returns_to_previous=True),
        Row(E.WITHDRAW, PENDING, S.WITHDRAWN, _H_L),
        Row(E.TERMINATE, PENDING | {S.WITHDRAWN}, S.TERMINATED, _L,
            complaint_papers=(P.TERMINATION_DECISION,), denunciation_papers=(P.TERMINATION_DECISION,),
            stops=(RESOLUTION, "D23"), starts=("D20",)),
        Row(E.LAPSE, frozenset({S.TERMINATED}), S.LAPSED, _L, _KN, stops=("D20",)),
        Row(E.DECIDE, frozenset({S.VERIFYING, S.DIALOGUE_HELD}), S.DECIDED, _L,
            complaint_papers=(P.COMPLAINT_DECISION,), denunciation_papers=(P.DENUNCIATION_CONCLUSION,),
            stops=(RESOLUTION,), starts=("D16", "D18")),
        Row(E.NOTIFY_RESULT, DONE, None, _H_L, denunciation_papers=(P.NOTICE_DENOUNCER_RESULT,)),
        Row(E.PUBLISH, frozenset({S.DECIDED}), S.PUBLISHED, _H_L,
            complaint_papers=(P.PUBLICATION_RECORD,), denunciation_papers=(P.PUBLICATION_RECORD,)),
        Row(E.START_IMPLEMENTATION, frozenset({S.DECIDED, S.PUBLISHED}), S.IMPLEMENTING, _H_L),
        Row(E.RECORD_IMPLEMENTATION, frozenset({S.IMPLEMENTING}), None, _H_L,
            complaint_papers=(P.IMPLEMENTATION_REPORT,), denunciation_papers=(P.IMPLEMENTATION_REPORT,),
            paper_required=False),
        Row(E.CLOSE, frozenset({S.PUBLISHED, S.IMPLEMENTING}), S.CLOSED, _H_L, stops=("D16", "D18")),
        Row(E.NEXT_ROUND, DONE | {S.CLOSED}, None, _L, stops=("D16",)),
        Row(E.TO_COURT, DONE | {S.CLOSED}, S.TO_COURT, _H_L, _KN, stops=("D16", "D18")),
    )
}

# Every paper and the event its issue belongs to.
PAPER_EVENT: Mapping[CasePaper, CaseEvent] = {
    paper: row.event
    for row in TABLE.values()
    for paper in (*row.complaint_papers, *row.denunciation_papers)
}
# Papers that go with an event's paper without moving the case themselves: the denunciation acceptance's
# notices to the denouncer and to the accused; once both are issued D23 closes.
NOTICE_PAPERS: frozenset[CasePaper] = frozenset({P.NOTICE_DENOUNCER_ACCEPTED, P.NOTICE_ACCUSED})


def paper_event(paper: CasePaper | str) -> CaseEvent:
    try:
        return PAPER_EVENT[CasePaper(paper)]
    except (KeyError, ValueError):
        raise CaseTransitionRefused(f"Văn bản «{paper}» không phải văn bản giải quyết vụ việc.") from None


# ---------------------------------------------------------------------------------------------------------
# Checking an event
# ---------------------------------------------------------------------------------------------------------


def _status_word(status: CaseStatus | None) -> str:
    return STATUS_WORDS.get(status, str(status)) if status is not None else "—"


def check(facts: CaseFacts, event: CaseEvent, role: Role | None) -> Row:
    """The row of `event` if the case may take it by a user of `role` (None: the system, e.g. the CLI or the
    demo); CaseTransitionRefused with the reason otherwise."""
    row = TABLE[event]
    action = EVENT_WORDS[event]
    if facts.case_type not in _BOTH:
        raise CaseTransitionRefused(
            f"Vụ việc kiến nghị, phản ánh không được thụ lý giải quyết: không {action} được."
        )
    if facts.case_type not in row.case_types:
        kinds = " và ".join(TYPE_WORDS[t] for t in sorted(row.case_types))
        raise CaseTransitionRefused(f"Chỉ vụ việc {kinds} mới {action}.")
    if role is not None and role not in row.roles:
        raise CaseTransitionRefused(f"Vai trò của bạn không được {action}.")
    if facts.status not in row.from_states:
        raise CaseTransitionRefused(
            f"Vụ việc đang ở trạng thái «{_status_word(facts.status)}»: không {action} được."
        )
    if event == E.REPORT_VERIFICATION and facts.verification_reported:
        raise CaseTransitionRefused("Vụ việc đã có báo cáo kết quả xác minh.")
    # Luật Khiếu nại Đ29 (lần đầu), Đ38 (lần hai), Luật Tố cáo Đ31, Đ35: the decision / conclusion rests on the
    # verification report, so without it the printed decision would have nothing under its findings.
    if event == E.DECIDE and not facts.verification_reported:
        raise CaseTransitionRefused(
            "Chưa có báo cáo kết quả xác minh: lập và ban hành báo cáo kết quả xác minh trước khi ra quyết định"
            " giải quyết hoặc kết luận nội dung tố cáo."
        )
    if event == E.NOTIFY_RESULT and facts.result_notified:
        raise CaseTransitionRefused("Kết quả giải quyết đã được thông báo.")
    if event == E.RESUME and facts.suspended_from not in RUNNING:
        raise CaseTransitionRefused("Không rõ trạng thái trước khi tạm đình chỉ: không tiếp tục giải quyết được.")
    if event == E.NEXT_ROUND and facts.case_type == CaseType.COMPLAINT and facts.case_round == CaseRound.SECOND:
        raise CaseTransitionRefused(
            "Khiếu nại đã được giải quyết lần hai: người khiếu nại có thể khởi kiện, không khiếu nại tiếp."
        )
    return row


def allowed(facts: CaseFacts, event: CaseEvent, role: Role | None) -> bool:
    try:
        check(facts, event, role)
    except CaseTransitionRefused:
        return False
    return True


def next_state(facts: CaseFacts, event: CaseEvent, role: Role | None) -> CaseStatus:
    """The state after `event` (the same state for those that leave it unchanged)."""
    row = check(facts, event, role)
    if row.returns_to_previous:
        assert facts.suspended_from is not None  # check() refused otherwise
        return facts.suspended_from
    return row.to if row.to is not None else facts.status


def available_events(facts: CaseFacts, role: Role | None) -> tuple[CaseEvent, ...]:
    """The events the table allows now, in the table's order (the services check the rule limits)."""
    return tuple(event for event in TABLE if allowed(facts, event, role))


# ---------------------------------------------------------------------------------------------------------
# Clocks
# ---------------------------------------------------------------------------------------------------------


def resolution_rule(case_type: CaseType, subtype: ComplaintSubtype | None, case_round: CaseRound) -> str | None:
    """The case's resolution clock: a disciplinary complaint D19, an administrative complaint D15 (round 1)
    or D17 (round 2), a denunciation D24 (either round); a petition none."""
    if case_type == CaseType.COMPLAINT:
        if subtype == ComplaintSubtype.DISCIPLINARY:
            return "D19"
        return "D17" if case_round == CaseRound.SECOND else "D15"
    if case_type == CaseType.DENUNCIATION:
        return "D24"
    return None


RESOLUTION_RULES = frozenset({"D15", "D17", "D19", "D24"})


def _applies(rule_id: str, facts: CaseFacts) -> bool:
    administrative = facts.case_type == CaseType.COMPLAINT and facts.complaint_subtype != ComplaintSubtype.DISCIPLINARY
    if rule_id == "D23":
        return facts.case_type == CaseType.DENUNCIATION
    if rule_id == "D16":
        return administrative and facts.case_round == CaseRound.FIRST
    if rule_id == "D18":
        return administrative
    if rule_id == "D20":
        return facts.case_type == CaseType.COMPLAINT
    if rule_id == "D26":
        return facts.case_type == CaseType.DENUNCIATION and facts.case_round == CaseRound.SECOND
    return True


def clock_rules(tokens: Iterable[str], facts: CaseFacts) -> tuple[str, ...]:
    """The rule ids a row's clock tokens mean for this case (RESOLUTION resolved, rules of other kinds left
    out)."""
    rules: list[str] = []
    for token in tokens:
        rule_id = (
            resolution_rule(facts.case_type, facts.complaint_subtype, facts.case_round) if token == RESOLUTION else token
        )
        if rule_id is not None and _applies(rule_id, facts) and rule_id not in rules:
            rules.append(rule_id)
    return tuple(rules)


def case_variants(rule_id: str, trigger: date, facts: CaseFacts) -> tuple[str, ...]:
    """The clock flags the case's classification gives the rule (petitions.domain.deadlines
    .case_clock_variants: complex / very_complex, remote, as far as the rule has them), in stored order."""
    flags = case_clock_variants(rule_id, trigger, complexity=facts.complexity.value, remote=facts.remote)
    return tuple(v.value for v in ordered_variants(flags))


# ---------------------------------------------------------------------------------------------------------
# The rules' limits
# ---------------------------------------------------------------------------------------------------------


def check_extension(facts: CaseFacts, *, granted: int, days: int) -> None:
    """A denunciation's D24 extension (Luật TC Đ30): complex 1, very complex 2, each of 1–30 days."""
    if facts.case_type != CaseType.DENUNCIATION:
        raise CaseTransitionRefused("Thời hạn giải quyết khiếu nại không được gia hạn.")
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise CaseTransitionRefused(f"Mỗi lần gia hạn từ 1 đến {MAX_EXTENSION_DAYS} ngày.")
    allowed_count = MAX_EXTENSIONS[facts.complexity]
    if allowed_count == 0:
        raise CaseTransitionRefused(
            "Chỉ vụ việc tố cáo phức tạp hoặc đặc biệt phức tạp mới được gia hạn; hãy phân loại lại vụ việc trước."
        )
    if granted >= allowed_count:
        raise CaseTransitionRefused(
            f"Vụ việc {COMPLEXITY_WORDS[facts.complexity]} chỉ được gia hạn {allowed_count} lần; "
            f"đã gia hạn {granted} lần."
        )


def check_reclassification(
    facts: CaseFacts, *, complexity: Complexity, remote: bool, extensions_granted: int = 0
) -> None:
    """Something must change; a denunciation's extensions already granted must stay allowed."""
    if complexity == facts.complexity and remote == facts.remote:
        raise CaseTransitionRefused("Phân loại mới giống phân loại hiện tại.")
    if facts.case_type == CaseType.DENUNCIATION and extensions_granted > MAX_EXTENSIONS[complexity]:
        raise CaseTransitionRefused(
            f"Vụ việc đã được gia hạn {extensions_granted} lần: không thể phân loại là "
            f"«{COMPLEXITY_WORDS[complexity]}»."
        )


def check_suspension(facts: CaseFacts, on: date) -> None:
    """A complaint's resolution is suspended only from 01/07/2026 (DOMAIN §5)."""
    if facts.case_type == CaseType.COMPLAINT and on < COMPLAINT_PAUSES_FROM:
        raise CaseTransitionRefused(
            "Trước ngày 01/07/2026, việc giải quyết khiếu nại không được tạm đình chỉ (chỉ đình chỉ khi người "
            "khiếu nại rút đơn)."
        )


VERDICTS: Mapping[tuple[CaseType, CaseRound], frozenset[CaseVerdict]] = {
    (CaseType.COMPLAINT, CaseRound.FIRST): frozenset({CaseVerdict.RIGHT, CaseVerdict.WRONG, CaseVerdict.PARTLY_RIGHT}),
    (CaseType.COMPLAINT, CaseRound.SECOND): frozenset({CaseVerdict.UPHELD, CaseVerdict.ANNULLED_OR_AMENDED}),
    (CaseType.DENUNCIATION, CaseRound.FIRST): frozenset({CaseVerdict.TRUE, CaseVerdict.FALSE, CaseVerdict.PARTLY_TRUE}),
    (CaseType.DENUNCIATION, CaseRound.SECOND): frozenset(
        {CaseVerdict.TRUE, CaseVerdict.FALSE, CaseVerdict.PARTLY_TRUE}
    ),
}


def verdicts_for(facts: CaseFacts) -> frozenset[CaseVerdict]:
    return VERDICTS.get((facts.case_type, facts.case_round), frozenset())


def check_verdict(facts: CaseFacts, verdict: CaseVerdict) -> None:
    choices = verdicts_for(facts)
    if verdict not in choices:
        words = ", ".join(sorted(VERDICT_WORDS[v] for v in choices))
        raise CaseTransitionRefused(f"Kết quả «{VERDICT_WORDS[verdict]}» không dùng cho vụ việc này (chọn: {words}).")


def check_figures(figures: Mapping[str, Decimal | int]) -> None:
    """Outcome figures are amounts and counts: none negative."""
    for name, value in figures.items():
        if value < 0:
            raise CaseTransitionRefused(f"Số liệu «{FIGURE_WORDS.get(name, name)}» không được âm.")


def check_next_round(facts: CaseFacts, *, received_on: date, window_due: date | None) -> None:
    """A round-2 complaint comes within D16 (Luật KN Đ33.1) counted from the first decision."""
    if facts.case_type == CaseType.COMPLAINT and window_due is not None and received_on > window_due:
        raise CaseTransitionRefused(
            f"Đã hết thời hạn khiếu nại lần hai (đến hết ngày {window_due:%d/%m/%Y}): không mở khiếu nại lần hai."
        )


def check_lapse(*, on: date, window_due: date | None) -> None:
    """A terminated complaint lapses when D20 has run out (the day after its due date)."""
    if window_due is None:
        raise CaseTransitionRefused("Vụ việc không có thời hạn tiếp tục khiếu nại (D20).")
    if on <= window_due:
        raise CaseTransitionRefused(
            f"Thời hạn tiếp tục khiếu nại còn đến hết ngày {window_due:%d/%m/%Y}: chưa chấm dứt được."
        )


def on_time(decided_on: date, due_on: date | None) -> bool | None:
    """Resolved on time against the due date after lawful extensions and pauses (None: no due date)."""
    return None if due_on is None else decided_on <= due_on


# ---------------------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------------------

EVENT_WORDS: Mapping[CaseEvent, str] = {
    E.ACCEPT: "thụ lý",
    E.NOT_ACCEPT: "không thụ lý",
    E.ASSIGN_VERIFICATION: "giao xác minh",
    E.REPORT_VERIFICATION: "báo cáo kết quả xác minh",
    E.HOLD_DIALOGUE: "tổ chức đối thoại",
    E.RECLASSIFY: "phân loại lại vụ việc",
    E.EXTEND: "gia hạn giải quyết",
    E.SUSPEND: "tạm đình chỉ giải quyết",
    E.RESUME: "tiếp tục giải quyết",
    E.WITHDRAW: "ghi nhận rút đơn",
    E.TERMINATE: "đình chỉ giải quyết",
    E.LAPSE: "ghi nhận hết thời hạn tiếp tục khiếu nại",
    E.DECIDE: "ban hành quyết định, kết luận",
    E.NOTIFY_RESULT: "thông báo kết quả giải quyết",
    E.PUBLISH: "công khai kết quả",
    E.START_IMPLEMENTATION: "tổ chức thực hiện",
    E.RECORD_IMPLEMENTATION: "ghi nhận kết quả thực hiện",
    E.CLOSE: "kết thúc vụ việc",
    E.NEXT_ROUND: "mở vụ việc tiếp theo (khiếu nại lần hai, tố cáo tiếp)",
    E.TO_COURT: "ghi nhận khởi kiện ra Tòa án",
}

STATUS_WORDS: Mapping[CaseStatus | None, str] = {
    S.OPEN: "đang xử lý đơn",
    S.ACCEPTED: "đã thụ lý",
    S.VERIFYING: "đang xác minh",
    S.DIALOGUE_HELD: "đã đối thoại",
    S.SUSPENDED: "tạm đình chỉ",
    S.WITHDRAWN: "đã rút đơn",
    S.TERMINATED: "đã đình chỉ",
    S.DECIDED: "đã có quyết định, kết luận",
    S.PUBLISHED: "đã công khai",
    S.IMPLEMENTING: "đang tổ chức thực hiện",
    S.CLOSED: "đã kết thúc",
    S.NOT_ACCEPTED: "không thụ lý",
    S.LAPSED: "hết thời hạn tiếp tục khiếu nại",
    S.TO_COURT: "đã khởi kiện ra Tòa án",
}

PAPER_WORDS: Mapping[CasePaper, str] = {
    P.COMPLAINT_ACCEPTANCE_NOTICE: "Thông báo thụ lý khiếu nại",
    P.COMPLAINT_REJECTION_NOTICE: "Thông báo không thụ lý khiếu nại",
    P.DENUNCIATION_ACCEPTANCE_DECISION: "Quyết định thụ lý tố cáo",
    P.NOTICE_DENOUNCER_ACCEPTED: "Thông báo cho người tố cáo về việc thụ lý tố cáo",
    P.NOTICE_ACCUSED: "Thông báo cho người bị tố cáo",
    P.DENUNCIATION_REJECTION_NOTICE: "Thông báo không thụ lý tố cáo",
    P.VERIFICATION_ASSIGNMENT: "Quyết định giao xác minh",
    P.VERIFICATION_REPORT: "Báo cáo kết quả xác minh",
    P.DIALOGUE_RECORD: "Biên bản đối thoại",
    P.EXTENSION_DECISION: "Quyết định gia hạn giải quyết tố cáo",
    P.SUSPENSION_DECISION: "Quyết định tạm đình chỉ giải quyết",
    P.RESUMPTION_DECISION: "Quyết định tiếp tục giải quyết",
    P.TERMINATION_DECISION: "Quyết định đình chỉ giải quyết",
    P.COMPLAINT_DECISION: "Quyết định giải quyết khiếu nại",
    P.DENUNCIATION_CONCLUSION: "Kết luận nội dung tố cáo",
    P.NOTICE_DENOUNCER_RESULT: "Thông báo kết quả giải quyết tố cáo",
    P.PUBLICATION_RECORD: "Biên bản công khai kết quả giải quyết",
    P.IMPLEMENTATION_REPORT: "Báo cáo kết quả thực hiện",
}

TYPE_WORDS: Mapping[CaseType, str] = {
    CaseType.COMPLAINT: "khiếu nại",
    CaseType.DENUNCIATION: "tố cáo",
    CaseType.PETITION: "kiến nghị, phản ánh",
}

COMPLEXITY_WORDS: Mapping[Complexity, str] = {
    Complexity.ORDINARY: "không phức tạp",
    Complexity.COMPLEX: "phức tạp",
    Complexity.VERY_COMPLEX: "đặc biệt phức tạp",
}

VERDICT_WORDS: Mapping[CaseVerdict, str] = {
    CaseVerdict.RIGHT: "khiếu nại đúng",
    CaseVerdict.WRONG: "khiếu nại sai",
    CaseVerdict.PARTLY_RIGHT: "khiếu nại có đúng, có sai",
    CaseVerdict.UPHELD: "công nhận quyết định giải quyết lần đầu",
    CaseVerdict.ANNULLED_OR_AMENDED: "hủy, sửa quyết định giải quyết lần đầu",
    CaseVerdict.TRUE: "tố cáo đúng",
    CaseVerdict.FALSE: "tố cáo sai",
    CaseVerdict.PARTLY_TRUE: "tố cáo có đúng, có sai",
}

# The outcome figures (CaseOutcome columns) a decision orders and an implementation records.
ORDERED_MONEY = ("recover_money", "return_money_orgs", "return_money_persons")
ORDERED_LAND = ("recover_land", "return_land_orgs", "return_land_persons")
ORDERED_COUNTS = (
    "restored_orgs", "restored_persons", "discipline_orgs", "discipline_persons", "discipline_officials",
    "investigation_cases", "investigation_persons", "investigation_officials",
)
DONE_MONEY = ("recovered_money", "returned_money_orgs", "returned_money_persons")
DONE_LAND = ("recovered_land", "returned_land_orgs", "returned_land_persons")
DONE_COUNTS = (
    "disciplined_orgs", "disciplined_persons", "disciplined_officials", "prosecuted_cases", "prosecuted_persons",
    "prosecuted_officials",
)
ORDERED_FIGURES = (*ORDERED_MONEY, *ORDERED_LAND, *ORDERED_COUNTS)
DONE_FIGURES = (*DONE_MONEY, *DONE_LAND, *DONE_COUNTS)
DECIMAL_FIGURES = frozenset((*ORDERED_MONEY, *ORDERED_LAND, *DONE_MONEY, *DONE_LAND))

FIGURE_WORDS: Mapping[str, str] = {
    "recover_money": "kiến nghị thu hồi cho Nhà nước (triệu đồng)",
    "recover_land": "kiến nghị thu hồi cho Nhà nước (m² đất)",
    "return_money_orgs": "trả lại cho tổ chức (triệu đồng)",
    "return_land_orgs": "trả lại cho tổ chức (m² đất)",
    "return_money_persons": "trả lại cho cá nhân (triệu đồng)",
    "return_land_persons": "trả lại cho cá nhân (m² đất)",
    "restored_orgs": "số tổ chức được khôi phục quyền lợi",
    "restored_persons": "số cá nhân được khôi phục quyền lợi",
    "discipline_orgs": "số tổ chức kiến nghị xử lý",
    "discipline_persons": "số người kiến nghị xử lý kỷ luật",
    "discipline_officials": "số cán bộ, công chức kiến nghị xử lý kỷ luật",
    "investigation_cases": "số vụ chuyển cơ quan điều tra",
    "investigation_persons": "số người chuyển cơ quan điều tra",
    "investigation_officials": "số cán bộ, công chức chuyển cơ quan điều tra",
    "recovered_money": "đã thu hồi cho Nhà nước (triệu đồng)",
    "recovered_land": "đã thu hồi cho Nhà nước (m² đất)",
    "returned_money_orgs": "đã trả lại cho tổ chức (triệu đồng)",
    "returned_land_orgs": "đã trả lại cho tổ chức (m² đất)",
    "returned_money_persons": "đã trả lại cho cá nhân (triệu đồng)",
    "returned_land_persons": "đã trả lại cho cá nhân (m² đất)",
    "disciplined_orgs": "số tổ chức đã bị xử lý",
    "disciplined_persons": "số người đã bị xử lý kỷ luật",
    "disciplined_officials": "số cán bộ, công chức đã bị xử lý kỷ luật",
    "prosecuted_cases": "số vụ đã khởi tố",
    "prosecuted_persons": "số người đã bị khởi tố",
    "prosecuted_officials": "số cán bộ, công chức đã bị khởi tố",
}

# How a figure is typed (the case page's figure fields and the API's decision and implementation bodies): money
# in million VND to the thousand dong (3 places), land in m² to the hundredth (2), as the columns keep them
# (petitions.db_types); more than 12 digits before the comma is a typing slip; a count is a whole number up to
# MAX_COUNT. A figure left out is zero: the page sends every figure of its form, blank ones as 0, and so does
# `every_figure` for the API.
MONEY_PLACES = 3
LAND_PLACES = 2
MAX_FIGURE = Decimal("999999999999")
MAX_COUNT = 100_000
_LAND = frozenset((*ORDERED_LAND, *DONE_LAND))


def figure_places(name: str) -> int:
    """The decimal places a money or land figure keeps."""
    return LAND_PLACES if name in _LAND else MONEY_PLACES


def read_figure(name: str, value: object) -> Decimal | int:
    """One figure as typed, read by the one parser (petitions.domain.numbers.parse_decimal: "1.250,5" or
    "1250.5"; a JSON number is read as the text it was written as) or a whole count; InvalidNumber (a DomainError)
    with the figure's name otherwise."""
    what = FIGURE_WORDS[name][:1].upper() + FIGURE_WORDS[name][1:]
    if isinstance(value, bool) or value is None:
        raise InvalidNumber(f"{what}: cần một số.")
    if name in DECIMAL_FIGURES:
        if isinstance(value, Decimal):
            value = format(value, "f")
        return parse_decimal(str(value), places=figure_places(name), what=what, maximum=MAX_FIGURE)
    if not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise InvalidNumber(f"{what}: cần một số nguyên từ 0 đến {MAX_COUNT}.")
    return value


def every_figure(given: Mapping[str, Decimal | int | None], names: tuple[str, ...]) -> dict[str, Decimal | int]:
    """Every figure of `names`: those given, the others (and blank ones) zero, as the page's form sends them."""
    return {
        name: value if (value := given.get(name)) is not None else (Decimal(0) if name in DECIMAL_FIGURES else 0)
        for name in names
    }
