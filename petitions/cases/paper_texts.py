"""What each paper of a case's transitions prints, built from plain frozen facts about the case (no database).

petitions.cases.papers reads the case's record into `CaseFacts`, the transition's parameters into the
builder's arguments, and calls the builder of the paper; tests may fill the facts by hand. A builder returns
a `Paper` (template code, fields, body, recipients, copies) as the document register stores it.

The content follows what the law says each paper contains (Luật Khiếu nại 2011 Đ27, Đ31, Đ40; Luật Tố cáo
2018 Đ29, Đ30, Đ35, Đ40; Nghị định 124/2020/NĐ-CP; Nghị định 31/2019/NĐ-CP Mẫu 01, 04–06); the wording is
the app's own. Where the layout of a form was not confirmed against the official text the template's
``source`` says "(tbc)". Nothing here ever receives a denouncer's identity: the papers to the denouncer carry
blank lines that a cleared reader's print fills from the vault, and every other paper of a denunciation
names the denouncer by the vault's reference only, or not at all.

Amounts are Decimals printed Vietnamese-style by the one formatter (petitions.domain.numbers.format_decimal:
"1.250,5"), never through a float.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from petitions.domain.case_flow import TYPE_WORDS, VERDICT_WORDS, VERDICTS
from petitions.domain.numbers import format_decimal
from petitions.domain.records import CaseRound, CaseType, CaseVerdict, ComplaintSubtype
from petitions.paperwork.layouts import BLANK_LINE, UNKNOWN_TITLE, Paper, capitalised, format_date
from petitions.printing import BodyTable, Signer

# Template codes (petitions.printing.templates, "Case papers").
COMPLAINT_ACCEPTANCE_CODE = "TB_THU_LY_KHIEU_NAI"
COMPLAINT_REJECTION_CODE = "TB_KHONG_THU_LY_KHIEU_NAI"
DENUNCIATION_ACCEPTANCE_CODE = "QD_THU_LY_TO_CAO"
NOTICE_DENOUNCER_ACCEPTED_CODE = "TB_THU_LY_TO_CAO"
NOTICE_ACCUSED_CODE = "TB_NOI_DUNG_TO_CAO"
DENUNCIATION_REJECTION_CODE = "TB_KHONG_THU_LY_TO_CAO"
VERIFICATION_ASSIGNMENT_CODE = "QD_XAC_MINH"
VERIFICATION_REPORT_CODE = "BC_KET_QUA_XAC_MINH"
DIALOGUE_RECORD_CODE = "BB_DOI_THOAI"
EXTENSION_CODE = "QD_GIA_HAN_TO_CAO"
SUSPENSION_CODE = "QD_TAM_DINH_CHI"
RESUMPTION_CODE = "QD_TIEP_TUC_GIAI_QUYET"
TERMINATION_CODE = "QD_DINH_CHI"
COMPLAINT_DECISION_CODE = "QD_GIAI_QUYET_KHIEU_NAI"
DENUNCIATION_CONCLUSION_CODE = "KL_NOI_DUNG_TO_CAO"
NOTICE_DENOUNCER_RESULT_CODE = "TB_KET_QUA_TO_CAO"
PUBLICATION_CODE = "BB_CONG_KHAI"
IMPLEMENTATION_REPORT_CODE = "BC_THUC_HIEN"

# The papers that name the denouncer: stored with blank lines, filled at print for a cleared reader.
DENOUNCER_FIELDS = ("denouncer_title", "denouncer_name", "denouncer_address")
RECORDER_POSITION = "Người ghi biên bản"
VERIFIER_POSITION = "Người xác minh"

ROUND_WORDS = {CaseRound.FIRST: "lần đầu", CaseRound.SECOND: "lần hai"}


# --------------------------------------------------------------------------------------------- numbers


def money_words(value: Decimal) -> str:
    """'1.250,5 triệu đồng' (the KQGQ forms' unit: million VND)."""
    return f"{format_decimal(value)} triệu đồng"


def land_words(value: Decimal) -> str:
    """'250,75 m² đất'."""
    return f"{format_decimal(value)} m² đất"


@dataclass(frozen=True)
class Figures:
    """What a decision or conclusion orders, or an implementation did (the CaseOutcome columns' meaning):
    money in million VND, land in m², persons and bodies as counts."""

    recover_money: Decimal = Decimal(0)
    recover_land: Decimal = Decimal(0)
    return_money_orgs: Decimal = Decimal(0)
    return_land_orgs: Decimal = Decimal(0)
    return_money_persons: Decimal = Decimal(0)
    return_land_persons: Decimal = Decimal(0)
    restored_orgs: int = 0
    restored_persons: int = 0
    discipline_orgs: int = 0
    discipline_persons: int = 0
    discipline_officials: int = 0
    investigation_cases: int = 0
    investigation_persons: int = 0
    investigation_officials: int = 0

    def measures(self) -> tuple[str, ...]:
        """One sentence per non-zero measure (money and land of a recipient together)."""
        lines = []
        for verb, money, land in (
            ("Thu hồi cho Nhà nước", self.recover_money, self.recover_land),
            ("Trả lại cho tổ chức", self.return_money_orgs, self.return_land_orgs),
            ("Trả lại cho cá nhân", self.return_money_persons, self.return_land_persons),
        ):
            parts = [w for w, v in ((money_words(money), money), (land_words(land), land)) if v]
            if parts:
                lines.append(f"{verb} {' và '.join(parts)}.")
        rights = [f"{n:02d} {who}" for n, who in ((self.restored_orgs, "tổ chức"), (self.restored_persons, "cá nhân")) if n]
        if rights:
            lines.append(f"Khôi phục quyền, lợi ích hợp pháp cho {' và '.join(rights)}.")
        return tuple(lines)

    def recommendations(self) -> tuple[str, ...]:
        """Discipline proposed and referrals to the investigating body, as counts."""
        lines = []
        if self.discipline_orgs:
            lines.append(f"Kiến nghị xử lý {self.discipline_orgs:02d} tổ chức.")
        if self.discipline_persons:
            officials = f" (trong đó {self.discipline_officials:02d} cán bộ, công chức, viên chức)" if self.discipline_officials else ""
            lines.append(f"Kiến nghị xử lý kỷ luật {self.discipline_persons:02d} người{officials}.")
        if self.investigation_cases or self.investigation_persons:
            officials = (
                f", trong đó {self.investigation_officials:02d} cán bộ, công chức, viên chức" if self.investigation_officials else ""
            )
            lines.append(
                f"Chuyển cơ quan điều tra {self.investigation_cases:02d} vụ việc, {self.investigation_persons:02d} "
                f"người{officials} có dấu hiệu tội phạm."
            )
        return tuple(lines)


# ----------------------------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class Person:
    """A complainant as the papers address them (never a denouncer)."""

    title: str
    name: str
    address: str = ""

    def phrase(self) -> str:
        address = f", địa chỉ: {self.address}" if self.address else ""
        return f"{self.title} {self.name}{address}"

    def short(self) -> str:
        return f"{self.title} {self.name}"

    def addressed(self) -> str:
        return f"{capitalised(self.title)} {self.name}"


UNKNOWN_PERSON = Person(UNKNOWN_TITLE, BLANK_LINE, BLANK_LINE)


@dataclass(frozen=True)
class IssuedPaper:
    """An earlier paper of the case, as later papers cite it: 'Quyết định số 05/QĐ-UBND ngày 20/07/2026'."""

    kind: str  # "Quyết định", "Thông báo", "Kết luận", "Báo cáo"
    number_symbol: str
    issue_date: date

    def cite(self) -> str:
        return f"{self.kind} số {self.number_symbol} ngày {format_date(self.issue_date)}"


@dataclass(frozen=True)
class CaseFacts:
    """A case's record as its papers use it."""

    issuer_name: str  # the competent body in sentences: "Ủy ban nhân dân xã Tiên Yên"
    competent: str  # the competent person: "Chủ tịch Ủy ban nhân dân xã Tiên Yên"
    case_number: int
    kind: CaseType
    subtype: ComplaintSubtype | None
    case_round: CaseRound
    summary: str  # the matter: the opening letter's content, else the case's title
    received_on: date | None = None
    dated_on: date | None = None
    register_label: str = ""
    accepted_on: date | None = None
    complainant: Person | None = None  # a complaint's writer in the reader's scope; never a denouncer
    respondent: str = ""  # người bị khiếu nại / người bị tố cáo
    place_text: str = ""
    reference_code: str = ""  # the vault's code of a denouncer's identity
    remote: bool = False
    superior: str = ""  # who hears the next round: "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ninh"
    acceptance: IssuedPaper | None = None  # the notice / decision of acceptance, once issued
    assignment: IssuedPaper | None = None  # the decision assigning the verification, once issued
    decision: IssuedPaper | None = None  # the complaint decision or the denunciation conclusion, once issued
    earlier_decision: str = ""  # round 2: the first-round decision as cited ("Quyết định số … của …")
    oral: bool = False  # the matter was told at a reception visit (no letter): the visit's book number
    resolution_days: int | None = None  # D15 / D17 / D19 / D24 with the case's variants (the rules' data)
    dismissal_days: int = 0  # a disciplinary complaint's time limit when the discipline is a dismissal (D13)
    # The căn cứ lines of the laws for papers whose template cannot hold them (one template for both kinds).
    law_basis: tuple[str, ...] = ()

    @property
    def kind_words(self) -> str:
        return TYPE_WORDS[self.kind]

    @property
    def is_complaint(self) -> bool:
        return self.kind is CaseType.COMPLAINT

    @property
    def round_words(self) -> str:
        return ROUND_WORDS[self.case_round]

    def person(self) -> Person:
        return self.complainant or UNKNOWN_PERSON

    def writer_phrase(self) -> str:
        if self.is_complaint:
            return self.person().phrase()
        return "người tố cáo"

    def letter_phrase(self) -> str:
        """'đơn khiếu nại đề ngày 29/06/2026 của bà Lê Thị Hằng, địa chỉ: … (số vào sổ 12/2026), nhận ngày 02/07/2026'."""
        if self.oral:  # told at reception and recorded there, without a letter
            book = f" (số {self.register_label} sổ tiếp công dân)" if self.register_label else ""
            return f"nội dung {self.kind_words} trình bày trực tiếp của {self.writer_phrase()}{book}"
        dated = f" đề ngày {format_date(self.dated_on)}" if self.dated_on else ""
        register = f" (số vào sổ {self.register_label})" if self.register_label else ""
        received = f", nhận ngày {format_date(self.received_on)}" if self.received_on else ""
        return f"đơn {self.kind_words}{dated} của {self.writer_phrase()}{register}{received}"

    def respondent_words(self) -> str:
        return "Người bị khiếu nại" if self.is_complaint else "Người bị tố cáo"

    def time_limit(self) -> str:
        """'30 ngày kể từ ngày thụ lý' (blank when the case has no resolution clock)."""
        days = f"{self.resolution_days}" if self.resolution_days else BLANK_LINE
        return f"{days} ngày kể từ ngày thụ lý"

    def accepted_sentence(self) -> str:
        """'<competent> đã ban hành Quyết định số 01/QĐ-TTr ngày 21/07/2026 thụ lý tố cáo' (the date of the
        decision once issued; before, the case's acceptance date)."""
        if self.acceptance is not None:
            return f"{self.competent} đã ban hành {self.acceptance.cite()} thụ lý {self.kind_words}"
        accepted = format_date(self.accepted_on) if self.accepted_on else BLANK_LINE
        return f"Ngày {accepted}, {self.competent} đã thụ lý {self.kind_words}"

    def matter(self) -> str:
        """'khiếu nại của bà Lê Thị Hằng' / 'tố cáo đối với ông Nguyễn Văn Bảy' (never the denouncer)."""
        if self.is_complaint:
            return f"khiếu nại của {self.person().short()}"
        return f"tố cáo đối với {named(self.respondent or BLANK_LINE)}"

    def accepted_basis(self) -> str:
        """The căn cứ line of the acceptance: the issued notice or decision, else the case's acceptance date."""
        if self.acceptance is not None:
            return f"Căn cứ {self.acceptance.cite()} của {self.competent} về việc thụ lý {self.kind_words};"
        accepted = format_date(self.accepted_on) if self.accepted_on else BLANK_LINE
        return f"Căn cứ hồ sơ vụ việc {self.kind_words} đã được thụ lý ngày {accepted};"

    def accepted_clause(self) -> str:
        """'đã được thụ lý theo Quyết định số … của …' / 'đã được thụ lý ngày 10/07/2026'."""
        if self.acceptance is not None:
            return f"đã được thụ lý theo {self.acceptance.cite()} của {self.competent}"
        accepted = format_date(self.accepted_on) if self.accepted_on else BLANK_LINE
        return f"đã được thụ lý ngày {accepted}"


def sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(".;, ")
    return f"{text}." if text else ""


def lower_first(text: str) -> str:
    text = " ".join(text.split()).rstrip(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


_TITLES = ("Ông ", "Bà ", "Anh ", "Chị ")


def named(text: str) -> str:
    """A person or body as named inside a sentence: 'Ông Nguyễn Văn Bảy' → 'ông Nguyễn Văn Bảy'; a body's
    proper name ('Ủy ban nhân dân phường Hồng Gai') keeps its capital."""
    text = " ".join(text.split()).rstrip(".")
    return text[0].lower() + text[1:] if text.startswith(_TITLES) else text


def paragraphs(text: str | None) -> tuple[str, ...]:
    """Free text as body paragraphs: one per non-empty line."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def grounds_lines(text: str | None) -> tuple[str, ...]:
    """The officer's legal grounds, one per line, as căn cứ lines ('Căn cứ Luật Đất đai 2024;')."""
    lines = []
    for line in paragraphs(text):
        line = line.rstrip(".;, ")
        lines.append(f"{line};" if line.startswith("Căn cứ ") else f"Căn cứ {line};")
    return tuple(lines)


def _facts_lines(facts: CaseFacts) -> tuple[str, ...]:
    lines = [f"Nội dung {facts.kind_words}: {sentence(facts.summary) or BLANK_LINE}"]
    if facts.respondent:
        lines.append(f"{facts.respondent_words()}: {sentence(facts.respondent)}")
    if facts.place_text:
        lines.append(f"Nơi xảy ra vụ việc: {sentence(facts.place_text)}")
    return tuple(lines)


def _denouncer_fields() -> dict[str, str]:
    return {"denouncer_title": UNKNOWN_TITLE, "denouncer_name": BLANK_LINE, "denouncer_address": BLANK_LINE}


def _denouncer_recipient() -> tuple[str, ...]:
    return (f"{capitalised(UNKNOWN_TITLE)} {BLANK_LINE}",)


def _articles(items: Sequence[str | tuple[str, ...]]) -> tuple[str, ...]:
    """'Điều 1. …', 'Điều 2. …' numbered in order; a tuple item is an article of several paragraphs."""
    lines: list[str] = []
    for number, item in enumerate(items, start=1):
        first, *rest = (item,) if isinstance(item, str) else item
        lines.append(f"Điều {number}. {first}")
        lines.extend(rest)
    return tuple(lines)


def _as_above(n_articles: int) -> tuple[str, ...]:
    return (f"Như Điều {n_articles}",)


def decides() -> str:
    return "QUYẾT ĐỊNH:"


# ---------------------------------------------------------------------------------------------- acceptance


def complaint_acceptance_paper(facts: CaseFacts, *, archive_unit: str) -> Paper:
    """Thông báo về việc thụ lý giải quyết khiếu nại (Luật KN Đ27, Đ36; NĐ 124/2020): to the complainant,
    the respondent and the body concerned; the time limit of the resolution."""
    person = facts.person()
    return Paper(
        code=COMPLAINT_ACCEPTANCE_CODE,
        fields={"subject": f"Về việc thụ lý giải quyết khiếu nại {facts.round_words}"},
        recipients=(person.addressed(),),
        body=(
            f"Ngày {format_date(facts.received_on) if facts.received_on else BLANK_LINE}, {facts.issuer_name} nhận được "
            f"{facts.letter_phrase()}.",
            *_facts_lines(facts),
            f"Sau khi xem xét, khiếu nại đủ điều kiện thụ lý và thuộc thẩm quyền giải quyết của {facts.competent}. "
            f"{facts.competent} thụ lý giải quyết khiếu nại {facts.round_words} theo quy định của Luật Khiếu nại; "
            f"thời hạn giải quyết là {facts.time_limit()}.",
            f"{facts.issuer_name} thông báo để {person.short()} và các cơ quan, tổ chức, cá nhân có liên quan được "
            "biết./.",
        ),
        signer=None,
        copies_to=("Như trên", *((facts.respondent,) if facts.respondent else ())),
        archive_unit=archive_unit,
    )


def complaint_rejection_paper(facts: CaseFacts, *, reason: str, archive_unit: str) -> Paper:
    """Thông báo về việc không thụ lý giải quyết khiếu nại, with the reason (Luật KN Đ11, Đ27)."""
    person = facts.person()
    return Paper(
        code=COMPLAINT_REJECTION_CODE,
        fields={"subject": "Về việc không thụ lý giải quyết khiếu nại"},
        recipients=(person.addressed(),),
        body=(
            f"Ngày {format_date(facts.received_on) if facts.received_on else BLANK_LINE}, {facts.issuer_name} nhận được "
            f"{facts.letter_phrase()}.",
            *_facts_lines(facts),
            "Căn cứ Điều 11 Luật Khiếu nại, khiếu nại không đủ điều kiện thụ lý giải quyết. Lý do không thụ lý: "
            f"{sentence(lower_first(reason))}",
            f"{facts.issuer_name} thông báo để {person.short()} được biết./.",
        ),
        signer=None,
        copies_to=("Như trên",),
        archive_unit=archive_unit,
    )


def denunciation_acceptance_paper(facts: CaseFacts, *, verifier: str, archive_unit: str) -> Paper:
    """Quyết định về việc thụ lý tố cáo (NĐ 31/2019 Mẫu 04, tbc): the denounced person and contents accepted,
    the time limit, who verifies, who carries it out. The denouncer is never named (Luật TC Đ47)."""
    accused = facts.respondent or BLANK_LINE
    articles = _articles(
        (
            (f"Thụ lý tố cáo đối với {named(accused)}.", f"Nội dung thụ lý: {sentence(facts.summary) or BLANK_LINE}"),
            f"Thời hạn giải quyết tố cáo là {facts.time_limit()}; trường hợp phức tạp có thể gia hạn theo quy định "
            "tại Điều 30 Luật Tố cáo.",
            f"Giao {verifier} tiến hành xác minh nội dung tố cáo, báo cáo kết quả xác minh với {facts.competent}.",
            f"{capitalised(verifier)}, người bị tố cáo và các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm "
            "thi hành Quyết định này./.",
        )
    )
    return Paper(
        code=DENUNCIATION_ACCEPTANCE_CODE,
        fields={"subject": "Về việc thụ lý tố cáo", "authority": facts.competent},
        body=(
            f"Xét {facts.letter_phrase()} và kết quả kiểm tra điều kiện thụ lý tố cáo,",
            decides(),
            *articles,
        ),
        signer=None,
        copies_to=(*_as_above(4), "Người tố cáo (gửi thông báo riêng)"),
        archive_unit=archive_unit,
    )


def notice_denouncer_accepted_paper(facts: CaseFacts, *, archive_unit: str) -> Paper:
    """Thông báo việc thụ lý tố cáo, to the denouncer (NĐ 31/2019 Mẫu 05, tbc; Luật TC Đ29.4). Stored with
    blank lines for the denouncer: a cleared reader's print fills them from the vault."""
    return Paper(
        code=NOTICE_DENOUNCER_ACCEPTED_CODE,
        fields={
            **_denouncer_fields(),
            "issuer_name": facts.issuer_name,
            "received_on": format_date(facts.received_on) if facts.received_on else BLANK_LINE,
        },
        recipients=_denouncer_recipient(),
        body=(
            *_facts_lines(facts),
            f"{facts.accepted_sentence()} nêu trên. Thời hạn giải quyết tố cáo là {facts.time_limit()}, có thể được "
            "gia hạn theo quy định tại Điều 30 Luật Tố cáo.",
            "Người tố cáo có quyền và nghĩa vụ theo quy định tại Điều 9 Luật Tố cáo; họ tên, địa chỉ, bút tích và "
            "các thông tin cá nhân khác của người tố cáo được giữ bí mật.",
            f"{facts.issuer_name} thông báo để người tố cáo được biết./.",
        ),
        signer=None,
        copies_to=("Như trên",),
        archive_unit=archive_unit,
    )


def notice_accused_paper(facts: CaseFacts, *, archive_unit: str) -> Paper:
    """Thông báo về nội dung tố cáo, to the accused (NĐ 31/2019 Mẫu 06, tbc; Luật TC Đ29.4, Đ47): the contents
    accepted and the accused's right to explain — never the denouncer, nor anything that reveals them."""
    accused = facts.respondent or BLANK_LINE
    return Paper(
        code=NOTICE_ACCUSED_CODE,
        fields={"subject": "Về nội dung tố cáo"},
        recipients=(accused,),
        body=(
            f"{facts.accepted_sentence()} đối với {named(accused)}.",
            f"Nội dung tố cáo được thụ lý: {sentence(facts.summary) or BLANK_LINE}",
            "Người bị tố cáo có quyền và nghĩa vụ theo quy định tại Điều 10 Luật Tố cáo: được giải trình về nội "
            "dung bị tố cáo, đưa ra chứng cứ để chứng minh nội dung tố cáo là không đúng sự thật; đề nghị giải trình "
            f"bằng văn bản và cung cấp thông tin, tài liệu liên quan gửi {facts.issuer_name}.",
            f"{facts.issuer_name} thông báo để người bị tố cáo được biết và thực hiện./.",
        ),
        signer=None,
        copies_to=("Như trên",),
        archive_unit=archive_unit,
    )


def denunciation_rejection_paper(facts: CaseFacts, *, reason: str, archive_unit: str) -> Paper:
    """Thông báo việc không thụ lý tố cáo, with the reasons, to the denouncer (Luật TC Đ29.3). Denouncer blanks
    filled at print for a cleared reader only."""
    return Paper(
        code=DENUNCIATION_REJECTION_CODE,
        fields={
            **_denouncer_fields(),
            "issuer_name": facts.issuer_name,
            "received_on": format_date(facts.received_on) if facts.received_on else BLANK_LINE,
        },
        recipients=_denouncer_recipient(),
        body=(
            *_facts_lines(facts),
            f"Căn cứ khoản 3 Điều 29 Luật Tố cáo, {facts.competent} không thụ lý giải quyết tố cáo nêu trên. Lý do "
            f"không thụ lý: {sentence(lower_first(reason))}",
            f"{facts.issuer_name} thông báo để người tố cáo được biết./.",
        ),
        signer=None,
        copies_to=("Như trên",),
        archive_unit=archive_unit,
    )


# ---------------------------------------------------------------------------------------------- verifying


def verification_assignment_paper(
    facts: CaseFacts, *, verifier: str, members: Sequence[str], days: int | None, plan: str, archive_unit: str
) -> Paper:
    """Quyết định về việc xác minh nội dung khiếu nại / tố cáo (giao xác minh hoặc thành lập tổ xác minh):
    who verifies (a body, or a team and its members), what, within how long, and reporting back."""
    team = f"Thành lập Tổ xác minh nội dung {facts.kind_words}, gồm:"
    first: tuple[str, ...] = (
        (team, *(f"{n}. {m}" for n, m in enumerate(members, start=1)))
        if members
        else (f"Giao {verifier} xác minh nội dung {facts.kind_words}.",)
    )
    who = "Tổ xác minh" if members else capitalised(verifier)
    within = f"trong thời hạn {days:02d} ngày kể từ ngày ký Quyết định này" if days else "trong thời hạn giải quyết"
    articles = _articles(
        (
            first,
            (
                f"{who} có nhiệm vụ xác minh nội dung {facts.kind_words} của {facts.writer_phrase()}: "
                f"{sentence(lower_first(facts.summary)) or BLANK_LINE}",
                *(f"Kế hoạch xác minh: {sentence(lower_first(line))}" for line in paragraphs(plan)[:1]),
                *paragraphs(plan)[1:],
                f"{who} có quyền, nghĩa vụ theo quy định của pháp luật; báo cáo kết quả xác minh với {facts.competent} "
                f"{within}.",
            ),
            f"{who}, {named(facts.respondent) + ', ' if facts.respondent else ''}các cơ quan, tổ chức, cá nhân có liên "
            "quan chịu trách nhiệm thi hành Quyết định này./.",
        )
    )
    return Paper(
        code=VERIFICATION_ASSIGNMENT_CODE,
        fields={"subject": f"Về việc xác minh nội dung {facts.kind_words}", "authority": facts.competent},
        body=(
            *facts.law_basis,
            facts.accepted_basis(),
            f"Xét {facts.letter_phrase()},",
            decides(),
            *articles,
        ),
        signer=None,
        copies_to=_as_above(3),
        archive_unit=archive_unit,
    )


def verification_report_paper(
    facts: CaseFacts, *, findings: str, proposal: str, verifier_name: str, archive_unit: str
) -> Paper:
    """Báo cáo kết quả xác minh nội dung khiếu nại / tố cáo, to the competent person: the contents, what the
    verification found, the proposal; the verifier signs on the left, the body's head on the right."""
    return Paper(
        code=VERIFICATION_REPORT_CODE,
        fields={"subject": f"Kết quả xác minh nội dung {facts.kind_words}"},
        recipients=(facts.competent,),
        body=(
            (f"Thực hiện {facts.assignment.cite()} của {facts.competent} về việc xác minh nội dung {facts.kind_words}"
             if facts.assignment is not None else f"Thực hiện nhiệm vụ xác minh nội dung {facts.kind_words} được giao")
            + f", việc xác minh nội dung {facts.kind_words} của {facts.writer_phrase()} đã được tiến hành. Kết quả "
            "như sau:",
            f"I. NỘI DUNG {facts.kind_words.upper()}",
            *_facts_lines(facts),
            "II. KẾT QUẢ XÁC MINH",
            *(paragraphs(findings) or (BLANK_LINE,)),
            "III. ĐỀ XUẤT",
            *(paragraphs(proposal) or (BLANK_LINE,)),
            f"Trên đây là kết quả xác minh nội dung {facts.kind_words}, kính báo cáo {facts.competent} xem xét, "
            "quyết định./.",
        ),
        signer=None,
        co_signer=Signer(position=VERIFIER_POSITION, name=verifier_name or BLANK_LINE),
        copies_to=("Như trên",),
        archive_unit=archive_unit,
    )


def dialogue_record_paper(
    facts: CaseFacts,
    *,
    held_at: str,
    place: str,
    participants: Sequence[str],
    opinions: str,
    result: str,
    recorder: str,
    archive_unit: str,
) -> Paper:
    """Biên bản đối thoại (Luật KN Đ30, Đ39; NĐ 124/2020): when and where, who took part, what each side said,
    the result; the chair signs with the body's authority, the recorder on the left, the parties below."""
    person = facts.person()
    signatures = BodyTable(
        header_rows=(("Người khiếu nại", "Người bị khiếu nại"),),
        rows=(("(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)"), (person.name, facts.respondent or BLANK_LINE)),
        col_weights=(1, 1),
        align=("CENTER", "CENTER"),
    )
    return Paper(
        code=DIALOGUE_RECORD_CODE,
        fields={"subject": f"Đối thoại giải quyết khiếu nại {facts.round_words}"},
        body=(
            f"Vào hồi {held_at or BLANK_LINE}, tại {place or BLANK_LINE}, {facts.competent} tổ chức đối thoại giải quyết "
            f"khiếu nại của {person.phrase()}.",
            "Thành phần tham gia đối thoại gồm:",
            *(f"- {p}" for p in participants),
            *(() if participants else (f"- {BLANK_LINE}",)),
            *_facts_lines(facts),
            "Ý kiến của các bên tham gia đối thoại:",
            *(paragraphs(opinions) or (BLANK_LINE,)),
            "Kết quả đối thoại:",
            *(paragraphs(result) or (BLANK_LINE,)),
            "Biên bản đã được đọc lại cho những người tham gia đối thoại nghe và cùng ký tên dưới đây:",
            signatures,
            # The signature block travels with the last paragraph (printing.render): never a table's spacer.
            "Biên bản lập thành 03 bản: người khiếu nại, người bị khiếu nại mỗi bên giữ 01 bản, 01 bản lưu hồ sơ./.",
        ),
        signer=None,
        co_signer=Signer(position=RECORDER_POSITION, name=recorder or BLANK_LINE),
        archive_unit=archive_unit,
    )


# ------------------------------------------------------------------------------- extension, pause, termination


def extension_paper(
    facts: CaseFacts, *, days: int, reason: str, due_on: date | None, new_due_on: date | None, archive_unit: str
) -> Paper:
    """Quyết định về việc gia hạn giải quyết tố cáo (NĐ 31/2019 Mẫu 01, tbc; Luật TC Đ30): the days, the reason,
    the new time limit; sent to the denouncer (by notice) and the accused."""
    ends = f" (ngày {format_date(due_on)})" if due_on else ""
    due = f", đến hết ngày {format_date(new_due_on)}" if new_due_on else ""
    articles = _articles(
        (
            f"Gia hạn giải quyết tố cáo đối với {named(facts.respondent or BLANK_LINE)} {facts.accepted_clause()}.",
            f"Thời gian gia hạn là {days:02d} ngày kể từ ngày hết thời hạn giải quyết{ends}{due}.",
            "Cơ quan, tổ chức, cá nhân được giao xác minh, người bị tố cáo và các cơ quan, tổ chức, cá nhân có liên "
            "quan chịu trách nhiệm thi hành Quyết định này./.",
        )
    )
    return Paper(
        code=EXTENSION_CODE,
        fields={"subject": "Về việc gia hạn giải quyết tố cáo", "authority": facts.competent},
        body=(facts.accepted_basis(), f"Xét lý do gia hạn: {sentence(lower_first(reason))}", decides(), *articles),
        signer=None,
        copies_to=(*_as_above(3), "Người tố cáo (gửi thông báo riêng)"),
        archive_unit=archive_unit,
    )


def suspension_paper(facts: CaseFacts, *, reason: str, archive_unit: str) -> Paper:
    """Quyết định tạm đình chỉ việc giải quyết (Luật TC Đ34.1; KN: Luật KN Đ11a, NĐ 155/2026 Mẫu 14a, tbc):
    the ground; the time suspended is not counted."""
    articles = _articles(
        (
            f"Tạm đình chỉ việc giải quyết {facts.matter()} {facts.accepted_clause()}.",
            f"Lý do tạm đình chỉ: {sentence(lower_first(reason))}",
            f"Thời gian tạm đình chỉ không tính vào thời hạn giải quyết {facts.kind_words}. Việc giải quyết được tiếp "
            "tục khi lý do tạm đình chỉ không còn.",
            "Các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.",
        )
    )
    return Paper(
        code=SUSPENSION_CODE,
        fields={"subject": f"Về việc tạm đình chỉ việc giải quyết {facts.kind_words}", "authority": facts.competent},
        body=(*facts.law_basis, facts.accepted_basis(), decides(), *articles),
        signer=None,
        copies_to=_as_above(4),
        archive_unit=archive_unit,
    )


def resumption_paper(facts: CaseFacts, *, reason: str, suspended_by: str, archive_unit: str) -> Paper:
    """Quyết định tiếp tục giải quyết (Luật TC Đ34.3; KN: NĐ 155/2026 Mẫu 14b, tbc)."""
    suspended = f" theo {suspended_by}" if suspended_by else ""
    articles = _articles(
        (
            f"Tiếp tục giải quyết {facts.matter()} đã bị tạm đình chỉ{suspended}.",
            f"Lý do tiếp tục giải quyết: {sentence(lower_first(reason)) or 'lý do tạm đình chỉ không còn.'}",
            f"Thời hạn giải quyết {facts.kind_words} tiếp tục được tính từ ngày ký Quyết định này.",
            "Các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.",
        )
    )
    return Paper(
        code=RESUMPTION_CODE,
        fields={"subject": f"Về việc tiếp tục giải quyết {facts.kind_words}", "authority": facts.competent},
        body=(*facts.law_basis, facts.accepted_basis(), decides(), *articles),
        signer=None,
        copies_to=_as_above(4),
        archive_unit=archive_unit,
    )


def termination_paper(facts: CaseFacts, *, reason: str, archive_unit: str) -> Paper:
    """Quyết định đình chỉ việc giải quyết (Luật KN Đ11.8, Đ10; Luật TC Đ34.4, Đ33): the ground, e.g. the
    citizen withdrew the letter."""
    articles = _articles(
        (
            f"Đình chỉ việc giải quyết {facts.matter()} {facts.accepted_clause()}.",
            f"Lý do đình chỉ: {sentence(lower_first(reason))}",
            "Các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.",
        )
    )
    return Paper(
        code=TERMINATION_CODE,
        fields={"subject": f"Về việc đình chỉ việc giải quyết {facts.kind_words}", "authority": facts.competent},
        body=(*facts.law_basis, facts.accepted_basis(), decides(), *articles),
        signer=None,
        copies_to=_as_above(3),
        archive_unit=archive_unit,
    )


# ---------------------------------------------------------------------------------- decision, conclusion


def verdict_sentence(verdict: CaseVerdict) -> str:
    """The verdict as a paper states it (petitions.domain.case_flow's words): 'khiếu nại có đúng, có sai'."""
    return VERDICT_WORDS[verdict]


def allowed_verdicts(kind: CaseType, case_round: CaseRound) -> frozenset[CaseVerdict]:
    return VERDICTS.get((kind, case_round), frozenset())


def _rights_article(facts: CaseFacts, *, next_days: int) -> str:
    """The complainant's right to go further within the time limit (Luật KN Đ31 k, Đ40; D16 / D18)."""
    person = facts.person().short()
    if facts.subtype is ComplaintSubtype.DISCIPLINARY:
        return (
            f"Trong thời hạn {next_days} ngày kể từ ngày nhận được Quyết định này ({facts.dismissal_days} ngày đối với "
            f"hình thức kỷ luật buộc thôi việc), nếu không đồng ý, {person} có quyền khiếu nại đến "
            f"{facts.superior or BLANK_LINE} hoặc khởi kiện vụ án hành chính tại Tòa án theo quy định của pháp luật "
            "(Điều 48 Luật Khiếu nại)."
            if facts.case_round is CaseRound.FIRST
            else f"Nếu không đồng ý với quyết định giải quyết khiếu nại lần hai, {person} có quyền khởi kiện vụ án hành "
            "chính tại Tòa án theo quy định của Luật Tố tụng hành chính."
        )
    if facts.case_round is CaseRound.FIRST:
        superior = facts.superior or BLANK_LINE
        return (
            f"Trong thời hạn {next_days} ngày kể từ ngày nhận được Quyết định này, nếu không đồng ý với quyết định "
            f"giải quyết khiếu nại, {person} có quyền khiếu nại đến {superior} hoặc khởi kiện vụ án hành chính tại "
            "Tòa án theo quy định của Luật Tố tụng hành chính."
        )
    return (
        f"Quyết định này có hiệu lực pháp luật sau {next_days} ngày kể từ ngày ban hành. Nếu không đồng ý với quyết "
        f"định giải quyết khiếu nại lần hai, {person} có quyền khởi kiện vụ án hành chính tại Tòa án theo quy định "
        "của Luật Tố tụng hành chính."
    )


def complaint_decision_paper(
    facts: CaseFacts,
    *,
    verdict: CaseVerdict,
    grounds: str,
    findings: str,
    dialogue: str,
    conclusion: str,
    decision: str,
    figures: Figures,
    next_days: int,
    archive_unit: str,
) -> Paper:
    """Quyết định giải quyết khiếu nại lần đầu (Luật KN Đ31) / lần hai (Đ40): the considered facts (nội dung
    khiếu nại, for round 2 the first-round result, kết quả xác minh, kết quả đối thoại), the conclusion, then
    the articles: the verdict and what happens to the contested act, the money and land to recover or
    return, the right to complain again or sue within the time limit, who carries it out."""
    person = facts.person()
    considered: list[str] = [
        *grounds_lines(grounds),
        f"Xét {facts.letter_phrase()}.",
        "I. NỘI DUNG KHIẾU NẠI",
        *_facts_lines(facts)[0:1],
        *((f"Người bị khiếu nại: {sentence(facts.respondent)}",) if facts.respondent else ()),
    ]
    numeral = iter(("II", "III", "IV", "V", "VI"))
    if facts.case_round is CaseRound.SECOND:
        considered += [
            f"{next(numeral)}. KẾT QUẢ GIẢI QUYẾT KHIẾU NẠI CỦA NGƯỜI GIẢI QUYẾT KHIẾU NẠI LẦN ĐẦU",
            sentence(facts.earlier_decision) or BLANK_LINE,
        ]
    considered += [f"{next(numeral)}. KẾT QUẢ XÁC MINH NỘI DUNG KHIẾU NẠI", *(paragraphs(findings) or (BLANK_LINE,))]
    considered += [f"{next(numeral)}. KẾT QUẢ ĐỐI THOẠI", *(paragraphs(dialogue) or ("Không tổ chức đối thoại.",))]
    considered += [
        f"{next(numeral)}. KẾT LUẬN",
        f"Từ những căn cứ nêu trên, {facts.competent} kết luận: {verdict_sentence(verdict)}.",
        *paragraphs(conclusion),
    ]
    measures = figures.measures()
    articles: list[str | tuple[str, ...]] = [
        (
            f"Kết luận nội dung khiếu nại của {person.short()}: {verdict_sentence(verdict)}.",
            *(paragraphs(decision) or ()),
        )
    ]
    if measures:
        articles.append(("Giải quyết các vấn đề cụ thể trong nội dung khiếu nại:", *(f"- {m}" for m in measures)))
    articles.append(_rights_article(facts, next_days=next_days))
    articles.append(
        f"{capitalised(facts.respondent) + ', ' if facts.respondent else ''}{person.short()} và các cơ quan, tổ chức, "
        "cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./."
    )
    return Paper(
        code=COMPLAINT_DECISION_CODE,
        fields={
            "subject": f"Về việc giải quyết khiếu nại của {person.short()} ({facts.round_words})",
            "authority": facts.competent,
        },
        body=(*considered, decides(), *_articles(articles)),
        signer=None,
        copies_to=_as_above(len(articles)),
        archive_unit=archive_unit,
    )


def denunciation_conclusion_paper(
    facts: CaseFacts,
    *,
    verdict: CaseVerdict,
    findings: str,
    conclusion: str,
    measures: str,
    recommendations: str,
    figures: Figures,
    archive_unit: str,
) -> Paper:
    """Kết luận nội dung tố cáo (Luật TC Đ35): the contents, the verification's result, the conclusion (true,
    partly true, false; the responsibility), the measures to take, the recommendations (discipline, the
    investigating body). Sent to the accused and, as a notice, to the denouncer: never names the denouncer."""
    accused = facts.respondent or BLANK_LINE
    body = (
        f"{facts.accepted_sentence()} đối với {named(accused)}. Căn cứ báo cáo kết quả xác minh nội dung tố "
        f"cáo, {facts.competent} kết luận như sau:",
        "I. NỘI DUNG TỐ CÁO",
        *_facts_lines(facts),
        # Tố cáo tiếp (Luật TC Đ37): the earlier resolution reviewed.
        *((f"Kết quả giải quyết tố cáo trước đó: {sentence(facts.earlier_decision) or BLANK_LINE}",)
          if facts.case_round is CaseRound.SECOND else ()),
        "II. KẾT QUẢ XÁC MINH",
        *(paragraphs(findings) or (BLANK_LINE,)),
        "III. KẾT LUẬN",
        f"Nội dung {verdict_sentence(verdict)}.",
        *paragraphs(conclusion),
        "IV. BIỆN PHÁP XỬ LÝ",
        *(f"- {m}" for m in figures.measures()),
        *(paragraphs(measures) or (() if figures.measures() else ("Không áp dụng biện pháp xử lý.",))),
        "V. KIẾN NGHỊ",
        *(f"- {r}" for r in figures.recommendations()),
        *(paragraphs(recommendations) or (() if figures.recommendations() else ("Không có.",))),
        "Kết luận này được gửi đến người bị tố cáo, thông báo kết quả giải quyết cho người tố cáo và công khai "
        "theo quy định tại Điều 40 Luật Tố cáo./.",
    )
    return Paper(
        code=DENUNCIATION_CONCLUSION_CODE,
        fields={"subject": f"Nội dung tố cáo đối với {named(accused)}"},
        body=body,
        signer=None,
        copies_to=(accused, "Người tố cáo (gửi thông báo kết quả riêng)"),
        archive_unit=archive_unit,
    )


def notice_denouncer_result_paper(facts: CaseFacts, *, verdict: CaseVerdict | None, result: str, archive_unit: str) -> Paper:
    """Thông báo kết quả giải quyết tố cáo, to the denouncer (Luật TC Đ40.2). Denouncer blanks filled at print
    for a cleared reader only."""
    conclusion = facts.decision.cite() if facts.decision is not None else f"Kết luận nội dung tố cáo số {BLANK_LINE}"
    said = f"Kết luận: nội dung {verdict_sentence(verdict)}." if verdict is not None else ""
    return Paper(
        code=NOTICE_DENOUNCER_RESULT_CODE,
        fields={
            **_denouncer_fields(),
            "issuer_name": facts.issuer_name,
            "received_on": format_date(facts.received_on) if facts.received_on else BLANK_LINE,
        },
        recipients=_denouncer_recipient(),
        body=(
            *_facts_lines(facts),
            f"{facts.competent} đã giải quyết tố cáo và ban hành {conclusion}.",
            *((said,) if said else ()),
            *paragraphs(result),
            f"{facts.issuer_name} thông báo kết quả giải quyết tố cáo để người tố cáo được biết./.",
        ),
        signer=None,
        copies_to=("Như trên",),
        archive_unit=archive_unit,
    )


# ------------------------------------------------------------------------------- publication, implementation


def publication_paper(
    facts: CaseFacts, *, published_on: date | None, form: str, place: str, recorder: str, archive_unit: str
) -> Paper:
    """Biên bản công khai (Luật KN Đ41; Luật TC Đ40; NĐ 124/2020, NĐ 31/2019): which decision or conclusion,
    when, where and how it was made public (niêm yết, họp, cổng thông tin); never the denouncer."""
    decision = facts.decision.cite() if facts.decision is not None else BLANK_LINE
    kind = "quyết định giải quyết khiếu nại" if facts.is_complaint else "kết luận nội dung tố cáo"
    return Paper(
        code=PUBLICATION_CODE,
        fields={"subject": f"Công khai {kind}"},
        body=(
            f"Ngày {format_date(published_on) if published_on else BLANK_LINE}, tại {place or BLANK_LINE}, "
            f"{facts.issuer_name} tiến hành công khai {decision} của {facts.competent} về việc giải quyết "
            f"{facts.kind_words} {'của ' + facts.person().short() if facts.is_complaint else 'đối với ' + named(facts.respondent or BLANK_LINE)}.",
            f"Hình thức công khai: {sentence(lower_first(form)) or BLANK_LINE}",
            "Việc công khai được thực hiện theo quy định; biên bản lập thành 02 bản, lưu hồ sơ giải quyết./.",
        ),
        signer=None,
        co_signer=Signer(position=RECORDER_POSITION, name=recorder or BLANK_LINE),
        archive_unit=archive_unit,
    )


def implementation_paper(
    facts: CaseFacts, *, figures: Figures, summary: str, implemented_on: date | None, archive_unit: str
) -> Paper:
    """Báo cáo kết quả thực hiện quyết định giải quyết khiếu nại / kết luận nội dung tố cáo (02/KQGQ, 04/KQGQ's
    columns): what was actually recovered, returned, disciplined, referred; to the body above the competent one."""
    decision = facts.decision.cite() if facts.decision is not None else BLANK_LINE
    done = []
    for verb, money, land in (
        ("Đã thu hồi cho Nhà nước", figures.recover_money, figures.recover_land),
        ("Đã trả lại cho tổ chức", figures.return_money_orgs, figures.return_land_orgs),
        ("Đã trả lại cho cá nhân", figures.return_money_persons, figures.return_land_persons),
    ):
        parts = [w for w, v in ((money_words(money), money), (land_words(land), land)) if v]
        if parts:
            done.append(f"- {verb} {' và '.join(parts)}.")
    if figures.discipline_orgs:
        done.append(f"- Đã xử lý {figures.discipline_orgs:02d} tổ chức.")
    if figures.discipline_persons:
        done.append(f"- Đã xử lý kỷ luật {figures.discipline_persons:02d} người.")
    if figures.investigation_cases:
        done.append(f"- Đã khởi tố {figures.investigation_cases:02d} vụ, {figures.investigation_persons:02d} người.")
    return Paper(
        code=IMPLEMENTATION_REPORT_CODE,
        fields={"subject": f"Kết quả thực hiện {'quyết định giải quyết khiếu nại' if facts.is_complaint else 'kết luận nội dung tố cáo'}"},
        # To the body above (Luật KN Đ42; the KQGQ reports): the competent person reports what was carried out.
        recipients=(facts.superior,) if facts.superior else (),
        body=(
            f"Thực hiện {decision} của {facts.competent}, kết quả thực hiện"
            f"{' đến ngày ' + format_date(implemented_on) if implemented_on else ''} như sau:",
            *(done or ("- Chưa có kết quả thu hồi, trả lại, xử lý.",)),
            *paragraphs(summary),
            f"Kính báo cáo {facts.superior} xem xét, chỉ đạo./." if facts.superior
            else f"{facts.issuer_name} báo cáo kết quả thực hiện./.",
        ),
        signer=None,
        copies_to=("Như trên",),
        archive_unit=archive_unit,
    )
