"""Corrections (đính chính) of a recorded visit or letter: what may be corrected, in which state, and why not.

A correction changes what was recorded wrongly — a visit's date, classification or outcome at the desk; a
letter's received date or filing date — with a reason of its own, written in the append-only history. The
clocks counted from a corrected date are counted again (petitions.deadlines.services.retrigger_clock).

Decided (the system's rules, stated here once; the services and the pages read them):

- **The reason** is required and says what was wrong in words: at least `MIN_REASON_WORDS` words and
  `MIN_REASON_CHARS` characters ("Ghi nhầm ngày tiếp").
- **A date** is never after today, and stays in the year of the book or register that numbered the record
  (the number 12/2026 belongs to the 2026 book: a record of another year is a new entry, not a correction).
  A visit recorded in a reception session keeps the session's day (correct the session, or record the
  visit again). A letter is not received before the day it was written, nor filed before it was received.
- **A letter handed in at a visit** takes its received date from the visit: its date is corrected on the
  visit, and the letter follows with the same reason (both books then agree).
- **Issued papers stand**: a date is not corrected while a paper issued for the record states it (a
  forwarding slip, a notice, a refusal notice print the day of receipt); a classification is not changed
  into a type that an issued paper of the letter cannot be issued for (a forwarding slip of a denunciation
  stays a denunciation's); an outcome the papers carry (a refusal with its notice issued) stays. Void the
  paper first (Văn bản › Hủy), then correct.
- **A visit's classification** moves between complaint and KNPA (with the complaint's subtype); it never
  moves into or out of a denunciation: a denouncer's identity lives in the vault and a complainant's in a
  citizen record (DOMAIN §8), so the visit is recorded again instead. A visit's outcome changes freely among
  guided, forwarded and refused (with a lawful ground valid on the visit day); it becomes "letter received"
  only for a complaint or KNPA (the letter is registered then, as at the desk), and leaves it only once the
  letter handed in was voided (Đơn › Hủy đăng ký).
- **A letter's outcome** is its handling papers and their dated events (petitions.domain.letter_flow); the
  correction does not undo them. What it corrects is the filing date of a filed letter (the retention D11
  counts from it). A destroyed letter and a voided registration are register lines only: nothing is
  corrected on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from petitions.domain.reception import VisitClass, VisitOutcome
from petitions.domain.records import ComplaintSubtype, LetterStatus, LetterType
from petitions.domain.types import DomainError

MIN_REASON_WORDS = 2
MIN_REASON_CHARS = 10


class CorrectionRefused(DomainError):
    """A correction the record's state does not allow; the message says why, in Vietnamese."""


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def check_reason(reason: str | None) -> str:
    """The correction's reason, stripped; refused unless it says what was wrong in a few words."""
    text = " ".join((reason or "").split())
    if len(text.split()) < MIN_REASON_WORDS or len(text) < MIN_REASON_CHARS:
        raise CorrectionRefused(
            "Vui lòng ghi lý do đính chính bằng vài từ (ít nhất "
            f"{MIN_REASON_CHARS} ký tự), ví dụ: «Ghi nhầm ngày tiếp»."
        )
    return text


@dataclass(frozen=True)
class IssuedPaper:
    """A paper issued for the record: its name and number, and the letter types it can be issued for."""

    label: str
    number: str
    letter_types: frozenset[LetterType] = frozenset(LetterType)

    @property
    def named(self) -> str:
        return f"«{self.label}» số {self.number}" if self.number else f"«{self.label}»"


def _papers_named(papers: Iterable[IssuedPaper]) -> str:
    return ", ".join(p.named for p in papers)


def _check_day(new: date, *, today: date, book_year: int, what: str) -> None:
    if new > today:
        raise CorrectionRefused(f"{what} không thể sau ngày hôm nay ({_day(today)}).")
    if new.year != book_year:
        raise CorrectionRefused(
            f"{what} phải thuộc năm {book_year}: số thứ tự đã cấp thuộc sổ năm {book_year}. "
            "Nếu ghi nhầm năm, hãy hủy bản ghi này và ghi lại vào sổ của năm đúng."
        )


def _check_papers_keep_date(papers: tuple[IssuedPaper, ...], what: str) -> None:
    if papers:
        raise CorrectionRefused(
            f"Đã ban hành {_papers_named(papers)} ghi {what}: không đính chính ngày được. "
            "Nếu văn bản ghi sai, hãy hủy văn bản trước, rồi đính chính và ban hành lại."
        )


# ---------------------------------------------------------------------------------------------------------
# Visits
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitFacts:
    """What the rules read of a recorded visit."""

    visited_on: date
    book_year: int
    classification: VisitClass
    complaint_subtype: ComplaintSubtype | None
    outcome: VisitOutcome
    session_held_on: date | None = None  # the day of the reception session it was recorded in
    letter_registered: bool = False  # the letter handed in is in the register (not voided)
    letter_status: LetterStatus | None = None
    letter_papers: tuple[IssuedPaper, ...] = ()  # issued papers of that letter
    papers: tuple[IssuedPaper, ...] = ()  # issued papers of the visit (the refusal notice)


@dataclass(frozen=True)
class VisitCorrection:
    """The values the officer wants recorded instead."""

    visited_on: date
    classification: VisitClass
    complaint_subtype: ComplaintSubtype | None
    outcome: VisitOutcome
    outcome_details_changed: bool = False  # where to, the refusal ground or its explanation


def visit_changes(current: VisitFacts, new: VisitCorrection) -> frozenset[str]:
    """Which of date, classification and outcome the correction changes."""
    changed = set()
    if new.visited_on != current.visited_on:
        changed.add("date")
    if (new.classification, new.complaint_subtype) != (current.classification, current.complaint_subtype):
        changed.add("classification")
    if new.outcome != current.outcome or new.outcome_details_changed:
        changed.add("outcome")
    return frozenset(changed)


def check_visit_correction(current: VisitFacts, new: VisitCorrection, *, today: date) -> frozenset[str]:
    """Refuse a correction the visit's state does not allow (module docstring); returns what changes."""
    changed = visit_changes(current, new)
    if not changed:
        raise CorrectionRefused("Không có thông tin nào thay đổi: không có gì để đính chính.")
    if "date" in changed:
        _check_day(new.visited_on, today=today, book_year=current.book_year, what="Ngày tiếp")
        if current.session_held_on is not None and new.visited_on != current.session_held_on:
            raise CorrectionRefused(
                f"Lượt tiếp được ghi trong buổi tiếp ngày {_day(current.session_held_on)}: ngày tiếp phải trùng "
                "ngày buổi tiếp. Nếu buổi tiếp ghi sai ngày, hãy sửa buổi tiếp; nếu lượt tiếp không thuộc buổi "
                "tiếp đó, hãy ghi lại lượt tiếp."
            )
        _check_papers_keep_date(current.papers, "ngày tiếp")
        if current.letter_registered:
            if current.letter_status == LetterStatus.DESTROYED:
                raise CorrectionRefused(
                    "Đơn nhận tại lượt tiếp đã được hủy theo biên bản hủy đơn: không đính chính ngày tiếp được."
                )
            _check_papers_keep_date(current.letter_papers, "ngày nhận đơn")
    if "classification" in changed:
        if VisitClass.DENUNCIATION in (current.classification, new.classification):
            raise CorrectionRefused(
                "Không đính chính phân loại từ tố cáo hoặc sang tố cáo: danh tính người tố cáo được lưu trong "
                "kho bảo mật, còn người khiếu nại, kiến nghị được ghi bằng hồ sơ công dân. Hãy ghi lại lượt tiếp "
                "với phân loại đúng và ghi chú lượt tiếp này."
            )
        if new.complaint_subtype is not None and new.classification is not VisitClass.COMPLAINT:
            raise CorrectionRefused("Chỉ nội dung khiếu nại mới có loại khiếu nại.")
    if "outcome" in changed and new.outcome != current.outcome:
        if current.outcome is VisitOutcome.LETTER_RECEIVED and current.letter_registered:
            raise CorrectionRefused(
                "Lượt tiếp đã tiếp nhận đơn và đơn đã vào sổ: muốn đổi kết quả tiếp, hãy hủy đăng ký đơn "
                "trước (Đơn › Hủy đăng ký), rồi đính chính."
            )
        if current.outcome is VisitOutcome.REFUSED and current.papers:
            raise CorrectionRefused(
                f"Đã ban hành {_papers_named(current.papers)} về việc từ chối tiếp: không đổi kết quả tiếp được. "
                "Hãy hủy văn bản trước, rồi đính chính."
            )
        if new.outcome is VisitOutcome.LETTER_RECEIVED and new.classification is VisitClass.DENUNCIATION:
            raise CorrectionRefused(
                "Đơn tố cáo nhận tại lượt tiếp phải được đăng ký cùng danh tính người tố cáo: hãy đăng ký đơn "
                "tố cáo ở Sổ đơn (kênh trực tiếp) thay vì đính chính kết quả tiếp."
            )
    return changed


# ---------------------------------------------------------------------------------------------------------
# Letters
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterFacts:
    """What the rules read of a registered letter."""

    status: LetterStatus
    is_void: bool
    register_year: int
    received_on: date
    letter_dated_on: date | None = None
    filed_on: date | None = None
    from_visit: bool = False  # handed in at a visit: its date is the visit's
    papers: tuple[IssuedPaper, ...] = ()  # issued handling papers of the letter


@dataclass(frozen=True)
class LetterCorrection:
    received_on: date
    filed_on: date | None = None


def correctable(status: LetterStatus, *, is_void: bool) -> bool:
    """Whether anything of the letter may still be corrected (the page offers the action only then)."""
    return not is_void and status != LetterStatus.DESTROYED


def check_letter_open_to_correction(current: LetterFacts) -> None:
    """A voided registration or a destroyed letter is a register line only: nothing is corrected on it."""
    if current.is_void:
        raise CorrectionRefused("Đơn đã bị hủy đăng ký: không đính chính được.")
    if current.status == LetterStatus.DESTROYED:
        raise CorrectionRefused("Đơn đã được hủy theo biên bản hủy đơn (hết thời hạn lưu): không đính chính được.")


def check_letter_correction(
    current: LetterFacts, new: LetterCorrection, *, today: date, via_visit: bool = False
) -> frozenset[str]:
    """Refuse a correction of a letter's dates its state does not allow (module docstring); returns what
    changes ("received", "filed"). `via_visit`: the visit's own correction carries the date to its letter."""
    check_letter_open_to_correction(current)
    changed = set()
    if new.received_on != current.received_on:
        changed.add("received")
    if current.status == LetterStatus.FILED and new.filed_on is not None and new.filed_on != current.filed_on:
        changed.add("filed")
    if not changed:
        raise CorrectionRefused("Không có thông tin nào thay đổi: không có gì để đính chính.")
    if "received" in changed:
        if current.from_visit and not via_visit:
            raise CorrectionRefused(
                "Đơn được nhận tại lượt tiếp công dân: ngày nhận đơn là ngày tiếp. Hãy đính chính ngày tiếp ở "
                "lượt tiếp; đơn sẽ theo ngày đó."
            )
        _check_day(new.received_on, today=today, book_year=current.register_year, what="Ngày nhận đơn")
        if current.letter_dated_on is not None and new.received_on < current.letter_dated_on:
            raise CorrectionRefused(
                f"Ngày nhận đơn không thể trước ngày viết đơn ({_day(current.letter_dated_on)})."
            )
        _check_papers_keep_date(current.papers, "ngày nhận đơn")
    filed_on = new.filed_on if "filed" in changed else current.filed_on
    if filed_on is not None:
        if "filed" in changed and filed_on > today:
            raise CorrectionRefused(f"Ngày lưu đơn không thể sau ngày hôm nay ({_day(today)}).")
        if filed_on < new.received_on:
            raise CorrectionRefused(f"Ngày lưu đơn ({_day(filed_on)}) không thể trước ngày nhận đơn.")
    return frozenset(changed)


def check_reclassification(new_type: LetterType, main_type: LetterType | None, papers: Iterable[IssuedPaper]) -> None:
    """A letter is not reclassified into a type an issued paper of it cannot be issued for (a denunciation's
    forwarding slip, an acceptance proposal of a complaint): void the paper first."""
    kinds = {new_type} if main_type is None else {new_type, main_type}
    against = [p for p in papers if not (kinds & p.letter_types)]
    if against:
        raise CorrectionRefused(
            f"Đã ban hành {_papers_named(against)} cho đơn theo phân loại hiện tại: không phân loại lại được. "
            "Nếu phân loại trước đây sai, hãy hủy văn bản trước (Văn bản › Hủy), rồi phân loại lại."
        )


def check_implementation_date(
    new: date, *, old: date, decided_on: date | None, previous: date | None, following: date | None, today: date
) -> None:
    """A wrongly dated record of a decision's implementation (petitions.cases.models.CaseImplementationEntry)
    is corrected by a new entry with the right date; the cumulative figures stay in order, so the new date
    stays between the case's neighbouring records (`previous`, `following`: the live entries' dates), not
    before the decision nor after today."""
    if new == old:
        raise CorrectionRefused(f"Ngày {_day(new)} trùng với ngày đã ghi.")
    if new > today:
        raise CorrectionRefused("Ngày thực hiện không thể sau hôm nay.")
    if decided_on is not None and new < decided_on:
        raise CorrectionRefused(f"Ngày thực hiện không thể trước ngày có quyết định ({_day(decided_on)}).")
    if previous is not None and new < previous:
        raise CorrectionRefused(
            f"Ngày {_day(new)} ở trước lần ghi nhận kết quả thực hiện trước đó ({_day(previous)}): đính chính "
            "lần ghi nhận đó trước."
        )
    if following is not None and new > following:
        raise CorrectionRefused(
            f"Ngày {_day(new)} ở sau lần ghi nhận kết quả thực hiện tiếp theo ({_day(following)}): đính chính "
            "lần ghi nhận đó trước."
        )


def check_case_event_date(
    new: date, *, old: date, previous: date | None, following: date | None, today: date, what: str
) -> None:
    """A wrongly dated status event of a case (petitions.cases.models.CaseFileStatusEvent) is corrected by a new
    event with the right date; the case's steps stay in order, so the new date stays between its neighbouring
    events (`previous`, `following`: the dates of the events the reports read), and not after today. `what`
    names the step in the refusal."""
    if new == old:
        raise CorrectionRefused(f"Ngày {_day(new)} trùng với ngày đã ghi.")
    if new > today:
        raise CorrectionRefused(f"Ngày {what} không thể sau hôm nay.")
    if previous is not None and new < previous:
        raise CorrectionRefused(
            f"Ngày {_day(new)} ở trước bước liền trước của vụ việc ({_day(previous)}): không đính chính ngày {what} "
            "như vậy được."
        )
    if following is not None and new > following:
        raise CorrectionRefused(
            f"Ngày {_day(new)} ở sau bước tiếp theo của vụ việc ({_day(following)}): không đính chính ngày {what} "
            "như vậy được."
        )
