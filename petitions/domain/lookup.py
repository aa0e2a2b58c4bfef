"""The citizens' status lookup as rules: what stage a receipt's matter is at, in the citizen's words, which papers
the citizen is told about, how a typed code is keyed, and when a code or an address is locked out.

The projection (petitions.lookup.projection) applies these to a receipt's visit, letter and case; the public
lookup app (petitions.lookup) reads only what they produced. Nothing here names a person: the stage is a fixed
sentence, the body a public agency name chosen by the caller, a paper its kind, number and date.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import date

from petitions.domain.reception import VisitOutcome
from petitions.domain.records import CaseStatus, CaseType, LetterStatus

# ------------------------------------------------------------------------------------------------ stages


@dataclass(frozen=True)
class Stage:
    """A stage as the citizen reads it: a stable code (stored beside the text) and one Vietnamese sentence."""

    code: str
    text: str


_VISIT_STAGES: dict[VisitOutcome, Stage] = {
    VisitOutcome.LETTER_RECEIVED: Stage("visit.received", "Đã tiếp nhận, đang vào sổ và xem xét đơn"),
    VisitOutcome.GUIDED: Stage("visit.guided", "Đã hướng dẫn công dân gửi đến cơ quan có thẩm quyền giải quyết"),
    VisitOutcome.FORWARDED: Stage("visit.forwarded", "Đã chuyển đến cơ quan có thẩm quyền giải quyết"),
    VisitOutcome.REFUSED: Stage("visit.refused", "Đã từ chối tiếp công dân"),
}

_IN_HANDLING = Stage("letter.handling", "Đã tiếp nhận, đang xem xét, xử lý đơn")
_LETTER_STAGES: dict[LetterStatus, Stage] = {
    # Assignment, the officer's proposal and the leader's approval are the office's inner steps: the citizen
    # sees one stage until the handling is decided.
    LetterStatus.RECEIVED: _IN_HANDLING,
    LetterStatus.ASSIGNED: _IN_HANDLING,
    LetterStatus.PROPOSED: _IN_HANDLING,
    LetterStatus.APPROVED: _IN_HANDLING,
    LetterStatus.REFUSED: Stage("letter.refused", "Đơn không được tiếp nhận"),
    LetterStatus.GUIDED: Stage("letter.guided", "Đã hướng dẫn gửi đơn đến cơ quan có thẩm quyền giải quyết"),
    LetterStatus.FORWARDED: Stage("letter.forwarded", "Đã chuyển đơn đến cơ quan có thẩm quyền giải quyết"),
    LetterStatus.URGED: Stage("letter.forwarded", "Đã chuyển đơn đến cơ quan có thẩm quyền giải quyết"),
    LetterStatus.REPLY_RECEIVED: Stage("letter.replied", "Cơ quan có thẩm quyền đã trả lời về việc giải quyết đơn"),
    LetterStatus.RETURNED: Stage("letter.returned", "Đã trả lại đơn"),
    LetterStatus.TO_INSPECTION: Stage("letter.inspection", "Đã chuyển để thanh tra, kiểm tra theo quy định"),
    LetterStatus.TO_PARTY_BODY: Stage("letter.party", "Đã chuyển đến tổ chức Đảng có thẩm quyền"),
    LetterStatus.ACCEPTED: Stage("letter.accepted", "Đã thụ lý giải quyết"),
    LetterStatus.NOT_ACCEPTED: Stage("letter.not_accepted", "Không thụ lý giải quyết"),
    LetterStatus.FILED: Stage("letter.filed", "Đã xử lý xong, đơn được lưu theo quy định"),
    LetterStatus.DESTROYED: Stage("letter.filed", "Đã xử lý xong, đơn được lưu theo quy định"),
}

_CASE_STAGES: dict[CaseStatus, Stage] = {
    CaseStatus.OPEN: _IN_HANDLING,
    CaseStatus.ACCEPTED: Stage("case.accepted", "Đã thụ lý, đang giải quyết"),
    CaseStatus.VERIFYING: Stage("case.verifying", "Đang xác minh nội dung"),
    CaseStatus.DIALOGUE_HELD: Stage("case.dialogue", "Đã tổ chức đối thoại, đang giải quyết"),
    CaseStatus.SUSPENDED: Stage("case.suspended", "Tạm đình chỉ việc giải quyết"),
    CaseStatus.WITHDRAWN: Stage("case.withdrawn", "Người gửi đơn đã rút đơn"),
    CaseStatus.TERMINATED: Stage("case.terminated", "Đã đình chỉ việc giải quyết"),
    CaseStatus.DECIDED: Stage("case.decided", "Đã có quyết định, kết luận giải quyết"),
    CaseStatus.PUBLISHED: Stage("case.published", "Đã có quyết định, kết luận giải quyết và đã công khai"),
    CaseStatus.IMPLEMENTING: Stage("case.implementing", "Đang tổ chức thực hiện quyết định, kết luận"),
    CaseStatus.CLOSED: Stage("case.closed", "Đã giải quyết xong"),
    CaseStatus.NOT_ACCEPTED: Stage("case.not_accepted", "Không thụ lý giải quyết"),
    CaseStatus.LAPSED: Stage("case.lapsed", "Đã kết thúc (đã đình chỉ, không tiếp tục giải quyết)"),
    CaseStatus.TO_COURT: Stage("case.court", "Người khiếu nại đã khởi kiện vụ án hành chính tại Tòa án"),
}
_DECIDED_BY_TYPE: dict[CaseType, Stage] = {
    CaseType.COMPLAINT: Stage("case.decided", "Đã có quyết định giải quyết khiếu nại"),
    CaseType.DENUNCIATION: Stage("case.decided", "Đã có kết luận nội dung tố cáo"),
}

# The statuses whose stage carries a due date: the resolution clock of an accepted matter (a suspended one is
# paused: no date), the handling clock of a letter not yet routed.
_CASE_RUNNING = frozenset({CaseStatus.ACCEPTED, CaseStatus.VERIFYING, CaseStatus.DIALOGUE_HELD})
_LETTER_RUNNING = frozenset({LetterStatus.RECEIVED, LetterStatus.ASSIGNED, LetterStatus.PROPOSED, LetterStatus.APPROVED})
# A letter in these statuses is with another body: that body is the one handling it.
LETTER_AT_OTHER_BODY = frozenset(
    {LetterStatus.FORWARDED, LetterStatus.URGED, LetterStatus.REPLY_RECEIVED, LetterStatus.TO_INSPECTION}
)

DUE_RESOLUTION = "Hạn giải quyết"
DUE_HANDLING = "Hạn xử lý đơn"
DUE_ANSWER = "Hạn trả lời công dân"


@dataclass(frozen=True)
class Facts:
    """What the projection read of one receipt's matter (None: no such record)."""

    visit_outcome: VisitOutcome
    visit_answer_due_on: date | None = None  # D7 of the visit, while open
    letter_status: LetterStatus | None = None
    letter_due_on: date | None = None  # letter.handling_due_on
    case_status: CaseStatus | None = None
    case_type: CaseType | None = None
    case_accepted: bool = False
    case_due_on: date | None = None  # case_file.resolution_due_on


@dataclass(frozen=True)
class Situation:
    """The stage, which record it comes from ("visit", "letter", "case": the caller names its body), and the
    due date with its label (None while nothing is due)."""

    stage: Stage
    source: str
    due_on: date | None
    due_label: str


def _case_speaks(facts: Facts) -> bool:
    """The case's status is the citizen's stage once the matter was taken up or refused for resolution; a case
    still open, or closed with its letters (guided, forwarded, filed: never accepted), leaves it to the letter."""
    if facts.case_status is None:
        return False
    if facts.case_accepted:
        return True
    return facts.case_status not in (CaseStatus.OPEN, CaseStatus.CLOSED)


def situation(facts: Facts) -> Situation:
    """The most advanced record speaks: the case, else the letter, else the visit (the system's rule)."""
    status = facts.case_status
    if status is not None and _case_speaks(facts):
        stage = _CASE_STAGES[status]
        if status is CaseStatus.DECIDED and facts.case_type in _DECIDED_BY_TYPE:
            stage = _DECIDED_BY_TYPE[facts.case_type]
        due = facts.case_due_on if status in _CASE_RUNNING else None
        return Situation(stage, "case", due, DUE_RESOLUTION if due else "")
    if facts.letter_status is not None:
        due = facts.letter_due_on if facts.letter_status in _LETTER_RUNNING else None
        return Situation(_LETTER_STAGES[facts.letter_status], "letter", due, DUE_HANDLING if due else "")
    due = facts.visit_answer_due_on if facts.visit_outcome is VisitOutcome.LETTER_RECEIVED else None
    return Situation(_VISIT_STAGES[facts.visit_outcome], "visit", due, DUE_ANSWER if due else "")


# ------------------------------------------------------------------------------------------------ papers

# The papers addressed to the citizen who holds the receipt (the complainant, the denouncer, the person who
# petitioned), by printing template code, with the name the page gives them. Papers addressed to others (the
# accused's notice, the denunciation's acceptance decision and conclusion, which name the accused), the office's
# inner papers (proposals, verification, reports) and forwarding slips to bodies are never listed.
CITIZEN_PAPERS: dict[str, str] = {
    # letters (petitions.letters.paper_texts)
    "PHIEU_HUONG_DAN": "Phiếu hướng dẫn",
    "TB_CHUYEN_DON_TO_CAO": "Thông báo về việc chuyển đơn tố cáo",
    "CV_GIAI_THICH": "Văn bản giải thích",
    "CV_TRA_LAI_DON": "Văn bản trả lại đơn",
    "TB_XU_LY_DON": "Thông báo về việc xử lý đơn",
    "TB_KET_QUA_GIAI_QUYET": "Thông báo kết quả giải quyết",
    # cases (petitions.cases.paper_texts)
    "TB_THU_LY_KHIEU_NAI": "Thông báo thụ lý giải quyết khiếu nại",
    "TB_KHONG_THU_LY_KHIEU_NAI": "Thông báo không thụ lý giải quyết khiếu nại",
    "TB_THU_LY_TO_CAO": "Thông báo thụ lý tố cáo",
    "TB_KHONG_THU_LY_TO_CAO": "Thông báo không thụ lý tố cáo",
    "QD_GIA_HAN_TO_CAO": "Quyết định gia hạn giải quyết tố cáo",
    "QD_TAM_DINH_CHI": "Quyết định tạm đình chỉ việc giải quyết",
    "QD_TIEP_TUC_GIAI_QUYET": "Quyết định tiếp tục giải quyết",
    "QD_DINH_CHI": "Quyết định đình chỉ việc giải quyết",
    "QD_GIAI_QUYET_KHIEU_NAI": "Quyết định giải quyết khiếu nại",
    "TB_KET_QUA_TO_CAO": "Thông báo kết quả giải quyết tố cáo",
    # reception (petitions.paperwork.layouts)
    "TB_TU_CHOI_TCD": "Thông báo từ chối tiếp công dân",
}


def paper_entry(doc_type: str, number: str | None, issued_on: date | None) -> dict[str, str] | None:
    """A paper as the projection stores it (kind, name, number, ISO date), or None when it is not the
    citizen's to know about or not issued yet."""
    if doc_type not in CITIZEN_PAPERS or issued_on is None:
        return None
    return {"kind": doc_type, "name": CITIZEN_PAPERS[doc_type], "number": number or "", "issued_on": issued_on.isoformat()}


# ------------------------------------------------------------------------------------------------ keys, limits


def code_key(normalised_code: str) -> str:
    """The key a code is stored and counted under: SHA-256 of the normalised code (88 random bits, so no salt
    is needed to make the digest unguessable). The projection and the log never hold the code itself."""
    return hashlib.sha256(normalised_code.encode("ascii", "replace")).hexdigest()


def address_key(remote_addr: str | None) -> str:
    """The address an attempt is counted under: an IPv4 address as it is, an IPv6 address by its /64 (one
    subscriber's whole prefix, which they can rotate through freely); anything unreadable as itself, cut."""
    text = (remote_addr or "").strip()
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return text[:64] or "-"
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped
        if mapped is not None:
            return str(mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


@dataclass(frozen=True)
class Limits:
    """Failures allowed within the window before a code, or an address, gets only the failure answer."""

    per_code: int = 5
    per_address: int = 20
    window_minutes: int = 15


def is_locked(*, code_failures: int, address_failures: int, limits: Limits) -> bool:
    """Locked out when the code, or the address, already failed its allowance within the window."""
    return code_failures >= limits.per_code or address_failures >= limits.per_address
