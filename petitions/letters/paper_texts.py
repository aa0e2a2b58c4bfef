"""What each letter handling paper prints, built from plain frozen facts about the letter (no database).

petitions.letters.handling_papers reads the letter's record into `LetterFacts` and calls the builder
of the paper; tests may fill the facts by hand. A builder returns a `Paper` (template code, fields,
body, recipients, copies) as the document register stores it. The wording is the app's own, after
the content the law's forms ask for (Thông tư 05/2021/TT-TTCP, Luật Tố cáo 2018, Luật Tiếp công dân
2013); nothing here ever receives a denouncer's identity: `LetterFacts.writer` is None for a
denunciation and the papers name the denouncer by the vault's reference only, or leave a blank line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from petitions.domain.deadlines import RETENTION_RULES
from petitions.domain.records import LetterType
from petitions.paperwork.layouts import BLANK_LINE, UNKNOWN_TITLE, Paper, capitalised, format_date
from petitions.printing import BodyTable, Signer

# Template codes (petitions.printing.templates, "Letter handling papers").
PROPOSAL_CODE = "PHIEU_DE_XUAT_THU_LY"
GUIDANCE_CODE = "PHIEU_HUONG_DAN"
FORWARD_DENUNCIATION_CODE = "CV_CHUYEN_DON_TO_CAO"
NOTICE_DENOUNCER_CODE = "TB_CHUYEN_DON_TO_CAO"
FORWARD_PETITION_CODE = "PHIEU_CHUYEN_DON_KNPA"
FORWARD_COMPLAINT_CODE = "PHIEU_CHUYEN_DON_KN"
EXPLAIN_SETTLED_CODE = "CV_GIAI_THICH"
FILING_CODE = "PHIEU_LUU_DON"
RETURN_CODE = "CV_TRA_LAI_DON"
FORWARD_PARTY_CODE = "CV_CHUYEN_DON_DANG"
FORWARD_ANONYMOUS_CODE = "CV_CHUYEN_THONG_TIN"
URGENT_CODE = "BAO_CAO_KHAN"
ANSWER_CODE = "TB_XU_LY_DON"
RESULT_CODE = "TB_KET_QUA_GIAI_QUYET"
REDACTED_COPY_CODE = "BAN_SAO_CHE_DANH_TINH"
DESTRUCTION_CODE = "BB_HUY_DON"

PROPOSER_POSITION = "Người đề xuất"
KIND_WORDS: dict[LetterType, str] = {
    LetterType.COMPLAINT: "khiếu nại",
    LetterType.DENUNCIATION: "tố cáo",
    LetterType.PETITION: "kiến nghị, phản ánh",
    LetterType.MIXED: "có nhiều nội dung",
    LetterType.ANONYMOUS: "thông tin có nội dung tố cáo không rõ người tố cáo",
}
# The law each kind of content is settled under (what a guidance line points to).
_KIND_LAW: dict[LetterType, str] = {
    LetterType.COMPLAINT: "để được giải quyết theo quy định của Luật Khiếu nại",
    LetterType.DENUNCIATION: "để được giải quyết theo quy định của Luật Tố cáo",
    LetterType.PETITION: "để được xem xét, trả lời theo thẩm quyền",
}
PROTECTED_WRITER = "người tố cáo (thông tin về người tố cáo được giữ bí mật theo Điều 47 Luật Tố cáo)"
ANONYMOUS_WRITER = "người không rõ họ tên, địa chỉ"


class AnswerOutcome(StrEnum):
    """What the D7 answer tells the citizen (Luật Tiếp công dân Đ28.1)."""

    ACCEPTED = "accepted"  # thụ lý
    VERIFICATION = "verification"  # cần xác minh thêm trước khi thụ lý
    REFUSED = "refused"  # không thụ lý, with the reason
    FORWARDED = "forwarded"  # chuyển đến cơ quan có thẩm quyền


@dataclass(frozen=True)
class Content:
    """One content of the letter (a mixed letter has several; any other letter one)."""

    kind: LetterType
    summary: str
    is_main: bool = True
    part_id: int | None = None


@dataclass(frozen=True)
class Writer:
    """The writer as the papers address them: a complaint's or KNPA's citizen (never a denouncer)."""

    title: str
    name: str
    address: str

    def phrase(self) -> str:
        """'bà Lê Thị Hằng, địa chỉ: tổ 5, khu 3, phường Hồng Gai, tỉnh Quảng Ninh'."""
        address = f", địa chỉ: {self.address}" if self.address else ""
        return f"{self.title} {self.name}{address}"

    def short(self) -> str:
        return f"{self.title} {self.name}"


@dataclass(frozen=True)
class Annex:
    """A document attached to the letter, described without its file name (which may name the writer)."""

    position: int
    content_type: str
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class LetterFacts:
    """A letter's record as its papers use it."""

    issuer_name: str  # the issuing body in sentences: "Ban Tiếp công dân tỉnh Quảng Ninh"
    register_label: str  # "12/2026"
    received_on: date
    dated_on: date | None
    kind: LetterType
    contents: tuple[Content, ...]
    respondent: str = ""
    place_text: str = ""
    competent_body: str = ""
    prior_resolution: str = ""  # the words of the letter's prior resolution
    forwarded_by: str = ""
    forwarded_doc: str = ""  # "số 12/BDN ngày 01/03/2026"
    writer: Writer | None = None  # None: a denouncer (protected) or anonymous information
    reference_code: str = ""  # the vault's code of a denouncer's identity
    annexes: tuple[Annex, ...] = ()

    @property
    def kind_words(self) -> str:
        return KIND_WORDS[self.kind]

    def writer_phrase(self) -> str:
        if self.writer is not None:
            return self.writer.phrase()
        if self.kind is LetterType.ANONYMOUS:
            return ANONYMOUS_WRITER
        return PROTECTED_WRITER

    def dated_phrase(self) -> str:
        return f" đề ngày {format_date(self.dated_on)}" if self.dated_on else ""

    def via_phrase(self) -> str:
        if not self.forwarded_by:
            return ""
        doc = f" ({'văn bản ' + self.forwarded_doc})" if self.forwarded_doc else ""
        return f" do {self.forwarded_by} chuyển đến{doc}"


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(".;, ")
    return f"{text}." if text else ""


def _lower_first(text: str) -> str:
    text = " ".join(text.split()).rstrip(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _paragraphs(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def received_sentence(facts: LetterFacts, *, with_writer: bool = True) -> str:
    """'Ngày 02/07/2026, <issuer> nhận được đơn khiếu nại đề ngày 29/06/2026 của <writer> (số vào sổ 12/2026).'"""
    kind = "thông tin" if facts.kind is LetterType.ANONYMOUS else f"đơn {facts.kind_words}"
    writer = f" của {facts.writer_phrase()}" if with_writer and facts.kind is not LetterType.ANONYMOUS else ""
    return (
        f"Ngày {format_date(facts.received_on)}, {facts.issuer_name} nhận được {kind}{facts.dated_phrase()}"
        f"{writer}{facts.via_phrase()} (số vào sổ {facts.register_label})."
    )


def content_lines(contents: Sequence[Content], *, numbered: bool) -> tuple[str, ...]:
    """'Nội dung đơn: …' for one content; '1. Nội dung khiếu nại: …' per content of a mixed letter."""
    if not numbered and len(contents) == 1:
        return (f"Nội dung: {_sentence(contents[0].summary)}",)
    return tuple(
        f"{n}. Nội dung {KIND_WORDS[c.kind]}: {_sentence(c.summary)}" for n, c in enumerate(contents, start=1)
    )


def _respondent_line(facts: LetterFacts, words: str) -> tuple[str, ...]:
    lines = []
    if facts.respondent:
        lines.append(f"{words}: {_sentence(facts.respondent)}")
    if facts.place_text:
        lines.append(f"Nơi xảy ra vụ việc: {_sentence(facts.place_text)}")
    return tuple(lines)


def _respondent_words(kind: LetterType) -> str:
    return "Người bị khiếu nại" if kind is LetterType.COMPLAINT else "Người bị tố cáo"


def _competent(name: str) -> str:
    return name.strip() or BLANK_LINE


# --------------------------------------------------------------------------------- to the head (internal)


def proposal_paper(
    facts: LetterFacts, *, proposer: str, direction: str | None, archive_unit: str
) -> Paper:
    """Phiếu đề xuất thụ lý đơn (TT 05/2021, Mẫu 01): received date, kind, writer, content, earlier
    resolution, the proposal; the proposer signs on the left, the head approves on the right."""
    body = [
        received_sentence(facts),
        *content_lines(facts.contents, numbered=facts.kind is LetterType.MIXED),
        *_respondent_line(facts, _respondent_words(facts.kind)),
        f"Kết quả giải quyết trước đó: {_sentence(facts.prior_resolution) or 'chưa được giải quyết.'}",
        f"Qua nghiên cứu, đơn đủ điều kiện thụ lý và thuộc thẩm quyền giải quyết của "
        f"{_competent(facts.competent_body)}.",
        f"Đề xuất: thụ lý giải quyết đơn {facts.kind_words} nêu trên theo quy định.",
        *(f"Ý kiến của người đề xuất: {line}" for line in _paragraphs(direction)),
    ]
    return Paper(
        code=PROPOSAL_CODE,
        fields={"subject": f"Về việc thụ lý đơn {facts.kind_words} số vào sổ {facts.register_label}"},
        body=tuple(body),
        signer=None,
        co_signer=Signer(position=PROPOSER_POSITION, name=proposer or BLANK_LINE),
        archive_unit=archive_unit,
    )


def filing_paper(facts: LetterFacts, *, reason: str, proposer: str, archive_unit: str) -> Paper:
    """Phiếu đề xuất lưu đơn: the letter, the reason it is filed (not eligible, already settled, anonymous
    information without a named violator …); kept one year, then destroyed by a record (TT 05/2021 Đ28)."""
    return Paper(
        code=FILING_CODE,
        fields={"subject": f"Về việc lưu đơn số vào sổ {facts.register_label}", "reason": _lower_first(reason)},
        body=(
            received_sentence(facts),
            *content_lines(facts.contents, numbered=facts.kind is LetterType.MIXED),
            f"Đề xuất lưu đơn theo quy định; đơn lưu được giữ {RETENTION_RULES['D11'].years:02d} năm kể từ ngày lưu, "
            "sau đó được hủy theo "
            "biên bản do lãnh đạo phê duyệt.",
        ),
        signer=None,
        co_signer=Signer(position=PROPOSER_POSITION, name=proposer or BLANK_LINE),
        archive_unit=archive_unit,
    )


def urgent_report_paper(
    facts: LetterFacts, *, receiver: str, reason: str, archive_unit: str
) -> Paper:
    """Báo cáo khẩn (TT 05/2021 Đ16): a letter shows serious or imminent harm; the body reports at once so
    that preventive measures are taken. A denouncer is never named."""
    return Paper(
        code=URGENT_CODE,
        fields={"subject": f"Về việc đơn số vào sổ {facts.register_label} phản ánh nguy cơ gây thiệt hại nghiêm trọng"},
        recipients=(receiver,),
        body=(
            received_sentence(facts),
            *content_lines(facts.contents, numbered=facts.kind is LetterType.MIXED),
            *_respondent_line(facts, "Người, cơ quan có liên quan"),
            f"Nội dung đơn cho thấy nguy cơ gây thiệt hại nghiêm trọng hoặc sắp xảy ra: {_sentence(_lower_first(reason))}",
            f"Căn cứ Điều 16 Thông tư số 05/2021/TT-TTCP, {facts.issuer_name} báo cáo khẩn để {receiver} "
            "kịp thời chỉ đạo áp dụng biện pháp ngăn chặn theo thẩm quyền./.",
        ),
        signer=None,
        copies_to=("Như trên",),
        archive_unit=archive_unit,
    )


# ------------------------------------------------------------------------------------------ to the citizen


def guidance_paper(
    facts: LetterFacts, writer: Writer, *, contents: Sequence[Content], competent: str, archive_unit: str
) -> Paper:
    """Phiếu hướng dẫn: the letter is outside the body's competence; one line per content (a mixed letter's
    contents each get their own line), naming where to send it."""
    lines = []
    for n, content in enumerate(contents, start=1):
        law = _KIND_LAW.get(content.kind, _KIND_LAW[LetterType.PETITION])
        lines.append(
            f"{n}. Về nội dung {KIND_WORDS[content.kind]} ({_lower_first(content.summary)}): đề nghị "
            f"{writer.short()} gửi đơn đến {_competent(competent)} {law}."
        )
    return Paper(
        code=GUIDANCE_CODE,
        fields={"subject": f"Về việc hướng dẫn {writer.short()} gửi đơn đến cơ quan có thẩm quyền"},
        recipients=(f"{capitalised(writer.title)} {writer.name}",),
        body=(
            received_sentence(facts),
            f"Sau khi nghiên cứu, nội dung đơn không thuộc thẩm quyền giải quyết của {facts.issuer_name}. "
            f"{facts.issuer_name} hướng dẫn {writer.short()} như sau:",
            *lines,
            f"{facts.issuer_name} hướng dẫn để {writer.short()} biết và thực hiện./.",
        ),
        signer=None,
        copies_to=("Như trên",),
        archive_unit=archive_unit,
    )


def explain_settled_paper(facts: LetterFacts, writer: Writer, *, explanation: str, archive_unit: str) -> Paper:
    """Văn bản giải thích: the matter was already settled correctly (what settled it, in the officer's words);
    the letter is not accepted again and is filed."""
    return Paper(
        code=EXPLAIN_SETTLED_CODE,
        fields={"subject": f"trả lời đơn của {writer.short()}"},
        recipients=(f"{capitalised(writer.title)} {writer.name}",),
        body=(
            received_sentence(facts),
            *content_lines(facts.contents, numbered=facts.kind is LetterType.MIXED),
            f"Nội dung đơn đã được cơ quan có thẩm quyền giải quyết đúng pháp luật "
            f"({_lower_first(facts.prior_resolution) or 'đã giải quyết'}):",
            *_paragraphs(explanation),
            f"Vì vậy, {facts.issuer_name} không thụ lý giải quyết lại và lưu đơn theo quy định. "
            f"{facts.issuer_name} giải thích để {writer.short()} biết, chấp hành./.",
        ),
        signer=None,
        copies_to=("Như trên",),
        archive_unit=archive_unit,
    )


def answer_paper(
    facts: LetterFacts,
    writer: Writer,
    *,
    outcome: AnswerOutcome,
    competent: str,
    reason: str,
    archive_unit: str,
) -> Paper:
    """Thông báo kết quả xử lý đơn (D7, Luật Tiếp công dân Đ28.1): accepted, needs verification, refused
    with the reason, or forwarded to the competent body."""
    said = {
        AnswerOutcome.ACCEPTED: f"Đơn đủ điều kiện thụ lý; {_competent(competent)} thụ lý giải quyết theo quy định "
        "và sẽ thông báo việc thụ lý bằng văn bản.",
        AnswerOutcome.VERIFICATION: f"Nội dung đơn cần được kiểm tra, xác minh thêm trước khi quyết định việc thụ lý; "
        f"{facts.issuer_name} sẽ thông báo kết quả sau khi có kết quả kiểm tra, xác minh.",
        AnswerOutcome.REFUSED: f"Đơn không đủ điều kiện thụ lý. Lý do: {_sentence(_lower_first(reason))}",
        AnswerOutcome.FORWARDED: f"Nội dung đơn không thuộc thẩm quyền giải quyết của {facts.issuer_name}; "
        f"{facts.issuer_name} đã chuyển đơn đến {_competent(competent)} để xem xét, giải quyết theo thẩm quyền.",
    }[outcome]
    return Paper(
        code=ANSWER_CODE,
        fields={"subject": "Về việc kết quả xử lý đơn"},
        recipients=(f"{capitalised(writer.title)} {writer.name}",),
        body=(
            received_sentence(facts),
            *content_lines(facts.contents, numbered=facts.kind is LetterType.MIXED),
            said,
            f"{facts.issuer_name} thông báo để {writer.short()} được biết./.",
        ),
        signer=None,
        copies_to=("Như trên",),
        archive_unit=archive_unit,
    )


def result_paper(
    facts: LetterFacts, writer: Writer, *, resolver: str, result: str, archive_unit: str
) -> Paper:
    """Thông báo kết quả giải quyết (D9, Luật Tiếp công dân Đ28.2): the citizen asked to be told how the
    body the letter went to settled it; ``result`` is what that body reported."""
    return Paper(
        code=RESULT_CODE,
        fields={"subject": "Về việc kết quả giải quyết đơn", "result": _sentence(result)},
        recipients=(f"{capitalised(writer.title)} {writer.name}",),
        body=(
            received_sentence(facts),
            f"{facts.issuer_name} đã chuyển đơn đến {_competent(resolver)} để xem xét, giải quyết theo thẩm quyền. "
            f"Theo văn bản báo cáo của {_competent(resolver)}, kết quả giải quyết như sau:",
            *_paragraphs(result),
            f"Theo đề nghị của {writer.short()}, {facts.issuer_name} thông báo để {writer.short()} được biết./.",
        ),
        signer=None,
        copies_to=("Như trên",),
        archive_unit=archive_unit,
    )


# ------------------------------------------------------------------------------------ to another body


def forward_denunciation_paper(
    facts: LetterFacts, *, content: Content, receiver: str, archive_unit: str
) -> Paper:
    """Văn bản chuyển đơn tố cáo (TT 05/2021 Mẫu 03; Luật Tố cáo Đ24.1): one content, the denouncer's
    identity stripped (Đ47): received date, the content, the accused, the basis, the redacted copy sent
    with it, the request to report back."""
    return Paper(
        code=FORWARD_DENUNCIATION_CODE,
        fields={"subject": "chuyển đơn tố cáo"},
        recipients=(receiver,),
        body=(
            received_sentence(facts, with_writer=False),
            f"Nội dung tố cáo: {_sentence(content.summary)}",
            *_respondent_line(facts, "Người bị tố cáo"),
            f"Nội dung tố cáo nêu trên không thuộc thẩm quyền giải quyết của {facts.issuer_name}. "
            f"{facts.issuer_name} chuyển đơn tố cáo đến {receiver} để xem xét, giải quyết theo thẩm quyền.",
            "Họ tên, địa chỉ, bút tích và các thông tin cá nhân khác của người tố cáo được giữ bí mật theo "
            "Điều 47 Luật Tố cáo. Gửi kèm văn bản này bản sao đơn tố cáo và tài liệu kèm theo đã che thông tin "
            f"người tố cáo (mã tham chiếu hồ sơ {facts.reference_code or BLANK_LINE}).",
            f"Đề nghị {receiver} thông báo việc thụ lý hoặc không thụ lý và kết quả giải quyết cho "
            f"{facts.issuer_name} theo quy định./.",
        ),
        signer=None,
        copies_to=(),
        archive_unit=archive_unit,
    )


def notice_denouncer_paper(facts: LetterFacts, *, receiver: str, archive_unit: str) -> Paper:
    """Thông báo cho người tố cáo về việc chuyển đơn (Luật Tố cáo Đ24.2). The denouncer's title, name and
    address are stored as blank lines: a cleared reader's print fills them from the vault, or the officer
    writes them from the paper file. No copy goes to the receiving body."""
    blank = f"{capitalised(UNKNOWN_TITLE)} {BLANK_LINE}"
    return Paper(
        code=NOTICE_DENOUNCER_CODE,
        fields={
            "denouncer_title": UNKNOWN_TITLE,
            "denouncer_name": BLANK_LINE,
            "denouncer_address": BLANK_LINE,
            "issuer_name": facts.issuer_name,
            "received_on": format_date(facts.received_on),
        },
        recipients=(blank,),
        body=(
            f"Nội dung tố cáo không thuộc thẩm quyền giải quyết của {facts.issuer_name}. Căn cứ khoản 1 Điều 24 "
            f"Luật Tố cáo, {facts.issuer_name} đã chuyển đơn tố cáo đến {receiver} để giải quyết theo thẩm quyền.",
            f"{facts.issuer_name} thông báo để người tố cáo được biết./.",
        ),
        signer=None,
        copies_to=("Như trên",),
        archive_unit=archive_unit,
    )


def forward_paper(
    facts: LetterFacts,
    *,
    code: str,
    contents: Sequence[Content],
    receiver: str,
    archive_unit: str,
) -> Paper:
    """Phiếu chuyển đơn kiến nghị, phản ánh / khiếu nại: the letter goes to the competent body, which
    answers the writer and, when asked, reports the result."""
    kind = "khiếu nại" if code == FORWARD_COMPLAINT_CODE else "kiến nghị, phản ánh"
    writer = facts.writer
    copies = (f"{capitalised(writer.title)} {writer.name} (để biết)",) if writer is not None else ()
    return Paper(
        code=code,
        fields={"subject": f"Về việc chuyển đơn {kind}"},
        recipients=(receiver,),
        body=(
            received_sentence(facts),
            *content_lines(contents, numbered=len(contents) > 1),
            f"Nội dung đơn không thuộc thẩm quyền giải quyết của {facts.issuer_name}. {facts.issuer_name} "
            f"chuyển đơn đến {receiver} để xem xét, giải quyết theo thẩm quyền và trả lời người viết đơn; "
            f"đề nghị thông báo kết quả cho {facts.issuer_name} theo quy định./.",
        ),
        signer=None,
        copies_to=("Như trên", *copies),
        archive_unit=archive_unit,
    )


def return_paper(facts: LetterFacts, *, sender: str, reason: str, archive_unit: str) -> Paper:
    """Văn bản trả lại đơn: a letter another body forwarded to the wrong body goes back to it."""
    via = f" {facts.forwarded_doc}" if facts.forwarded_doc else ""
    return Paper(
        code=RETURN_CODE,
        fields={"subject": "trả lại đơn"},
        recipients=(sender,),
        body=(
            f"Ngày {format_date(facts.received_on)}, {facts.issuer_name} nhận được văn bản{via} của {sender} "
            f"chuyển đơn {facts.kind_words} của {facts.writer_phrase()} (số vào sổ {facts.register_label}).",
            *content_lines(facts.contents, numbered=facts.kind is LetterType.MIXED),
            f"Nội dung đơn không thuộc thẩm quyền giải quyết của {facts.issuer_name}"
            + (f": {_sentence(_lower_first(reason))}" if reason.strip() else "."),
            f"{facts.issuer_name} trả lại đơn và tài liệu kèm theo để {sender} xử lý theo quy định./.",
        ),
        signer=None,
        copies_to=("Như trên",),
        archive_unit=archive_unit,
    )


def forward_party_paper(facts: LetterFacts, *, content: Content, receiver: str, archive_unit: str) -> Paper:
    """Chuyển đơn tố cáo đảng viên đến tổ chức Đảng (TT 05/2021 Đ15): a Party member denounced for breaking
    Party rules; the denouncer's identity stripped as for any denunciation."""
    return Paper(
        code=FORWARD_PARTY_CODE,
        fields={"subject": "chuyển đơn tố cáo đảng viên"},
        recipients=(receiver,),
        body=(
            received_sentence(facts, with_writer=False),
            f"Nội dung tố cáo: {_sentence(content.summary)}",
            *_respondent_line(facts, "Người bị tố cáo"),
            f"Nội dung tố cáo liên quan đến việc chấp hành Điều lệ, chủ trương, nghị quyết, quy định của Đảng, "
            f"thuộc thẩm quyền của tổ chức Đảng. {facts.issuer_name} chuyển đơn đến {receiver} để xem xét, "
            "giải quyết theo quy định của Đảng.",
            "Thông tin về người tố cáo được giữ bí mật; gửi kèm bản sao đơn đã che thông tin người tố cáo "
            f"(mã tham chiếu hồ sơ {facts.reference_code or BLANK_LINE})./.",
        ),
        signer=None,
        copies_to=(),
        archive_unit=archive_unit,
    )


def forward_anonymous_paper(facts: LetterFacts, *, receiver: str, archive_unit: str) -> Paper:
    """Chuyển thông tin có nội dung tố cáo không rõ người tố cáo để thanh tra, kiểm tra (Luật Tố cáo Đ25.2):
    the information names the violator with concrete, verifiable evidence."""
    return Paper(
        code=FORWARD_ANONYMOUS_CODE,
        fields={"subject": "chuyển thông tin để thanh tra, kiểm tra"},
        recipients=(receiver,),
        body=(
            received_sentence(facts),
            f"Nội dung thông tin: {_sentence(facts.contents[0].summary)}",
            *_respondent_line(facts, "Người bị phản ánh vi phạm"),
            "Thông tin không rõ họ tên, địa chỉ người gửi nhưng nêu rõ người có hành vi vi phạm và có tài liệu, "
            f"chứng cứ cụ thể về hành vi vi phạm. Căn cứ khoản 2 Điều 25 Luật Tố cáo, {facts.issuer_name} chuyển "
            f"thông tin đến {receiver} để thanh tra, kiểm tra theo thẩm quyền./.",
        ),
        signer=None,
        copies_to=(),
        archive_unit=archive_unit,
    )


# ---------------------------------------------------------------------------------------- destruction


@dataclass(frozen=True)
class DestroyedLine:
    """A filed letter in a destruction record: its register line only (never the writer nor the content)."""

    register_label: str
    received_on: date
    kind: LetterType
    filed_on: date
    outcome: str  # the handling's outcome in words ("lưu đơn")


def destruction_record_paper(
    *, issuer_name: str, lines: Sequence[DestroyedLine], retention: str, basis: str, leader: str, archive_unit: str
) -> Paper:
    """Biên bản hủy đơn (TT 05/2021 Đ28): the filed letters past retention, each by its register line, destroyed
    with the leader's approval; the head (or a deputy) signs, the leader who ran it is named."""
    rows = tuple(
        (str(n), line.register_label, format_date(line.received_on), KIND_WORDS[line.kind].capitalize(),
         format_date(line.filed_on), line.outcome)
        for n, line in enumerate(lines, start=1)
    )
    return Paper(
        code=DESTRUCTION_CODE,
        fields={"subject": f"Hủy {len(lines):02d} đơn đã hết thời hạn lưu"},
        body=(
            f"{issuer_name} tiến hành hủy các đơn đã lưu hết thời hạn lưu giữ ({_lower_first(retention)}; "
            f"{basis}), theo đề nghị của {leader or BLANK_LINE} và được lãnh đạo phê duyệt, gồm:",
            BodyTable(
                header_rows=(("STT", "Số vào sổ", "Ngày nhận", "Loại đơn", "Ngày lưu", "Kết quả xử lý"),),
                rows=rows,
                col_weights=(0.6, 1.2, 1.2, 2.2, 1.2, 1.6),
                align=("CENTER", "CENTER", "CENTER", "LEFT", "CENTER", "LEFT"),
            ),
            "Dòng sổ đăng ký của từng đơn (số, ngày, loại đơn, kết quả xử lý) được giữ lại; thông tin cá nhân của "
            "người viết đơn, nội dung đơn và tài liệu kèm theo đã được xóa khỏi hệ thống.",
            f"Biên bản lập thành 02 bản, lưu tại {issuer_name}./.",
        ),
        signer=None,
        archive_unit=archive_unit,
    )


# ---------------------------------------------------------------------------------------- the redacted copy


def _size(size_bytes: int) -> str:
    return f"{size_bytes / 1024:.0f} KB" if size_bytes < 1024 * 1024 else f"{size_bytes / (1024 * 1024):.1f} MB"


def redacted_copy_body(facts: LetterFacts, contents: Sequence[Content]) -> tuple[str, ...]:
    """The copy of a forwarded denunciation sent with the slip: the letter's text with the denouncer's
    identity covered, and its annexes listed without file names (a file name may name the writer)."""
    covered = f"[Đã che - mã tham chiếu {facts.reference_code}]" if facts.reference_code else "[Đã che]"
    lines = [
        f"Đơn tố cáo{facts.dated_phrase()}, {facts.issuer_name} nhận ngày {format_date(facts.received_on)} "
        f"(số vào sổ {facts.register_label}).",
        f"Người tố cáo: {covered}. Họ tên, địa chỉ, số điện thoại, thư điện tử, số định danh và chữ ký của người "
        "tố cáo đã được che.",
        *content_lines(contents, numbered=len(contents) > 1),
        *_respondent_line(facts, "Người bị tố cáo"),
    ]
    if facts.annexes:
        lines.append("Tài liệu kèm theo (đã che thông tin người tố cáo; tên tệp gốc không ghi lại):")
        lines.extend(
            f"- Tài liệu số {a.position}: {a.content_type}, {_size(a.size_bytes)}, mã kiểm tra {a.sha256[:16]}."
            for a in facts.annexes
        )
    else:
        lines.append("Tài liệu kèm theo: không có.")
    lines.append(
        "Bản sao này được lập từ hồ sơ đơn theo mã tham chiếu, không chứa thông tin nhận dạng người tố cáo./."
    )
    return tuple(lines)


# --------------------------------------------------------------------------------------- the notification


@dataclass(frozen=True)
class Notification:
    """The e-mail (or in-system) notice that accompanies a forwarding; the legal dispatch is the văn thư's."""

    subject: str
    body: str


def forwarding_notification(
    *,
    issuer_name: str,
    receiver: str,
    number_symbol: str,
    issue_date: date | None,
    subject: str,
    redacted_copy: bool,
) -> Notification:
    """The notification text of a forwarding: which document, from whom, what it is about — the document's
    number and subject only, never the denouncer (the signed PDF travels as the attachment)."""
    number = f"số {number_symbol}" if number_symbol else "(dự thảo, chưa có số)"
    dated = f" ngày {format_date(issue_date)}" if issue_date else ""
    return Notification(
        subject=f"{issuer_name}: văn bản {number}{dated} V/v {subject}",
        body="\n".join(
            (
                f"Kính gửi: {receiver}.",
                "",
                f"{issuer_name} gửi văn bản {number}{dated} về việc {subject}"
                + (", kèm theo bản sao đơn và tài liệu đã che thông tin người tố cáo." if redacted_copy else "."),
                "Thư này chỉ là thông báo; văn bản chính thức được gửi qua văn thư theo quy định.",
                "Đề nghị không chuyển tiếp thư này ra ngoài cơ quan.",
            )
        ),
    )
