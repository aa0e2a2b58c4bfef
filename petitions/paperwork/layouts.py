"""What each reception paper prints, built from plain frozen data (no database): template fields, body, signers.

The builders here are pure: the services fill the dataclasses from reception records (or tests fill them
by hand) and get back a `Paper` (the content a document register draft stores) or a DocumentSpec.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

from petitions.domain.paperwork import ReceiptItem
from petitions.paperwork.codes import lookup_url
from petitions.printing import BodyTable, DocumentSpec, Signer, template_for
from petitions.printing import Issuer as Issuer  # re-exported: the papers' heading type lives in printing
from petitions.printing.render import BodyBlock

# The dotted line left for a hand-written entry (an unknown ID, an identity kept only on paper).
BLANK_LINE = "……………………"

RECEIPT_CODE = "GIAY_BIEN_NHAN"
APPOINTMENT_CODE = "PHIEU_HEN"
REFUSAL_CODE = "TB_TU_CHOI_TCD"
STATEMENT_CODE = "BB_GHI_NOI_DUNG"
CONCLUSION_CODE = "TB_KET_LUAN_TCD"

# Ký hiệu of the slips numbered with the visit's reception-book number (not outgoing documents).
RECEIPT_SYMBOL = "GBN"
APPOINTMENT_SYMBOL = "PH"
STATEMENT_SYMBOL = "BB"


class ContentKind(StrEnum):
    """What an oral statement contains (the visit's classification)."""

    COMPLAINT = "complaint"
    DENUNCIATION = "denunciation"
    PETITION = "petition"


# (content words, the speaker's role) for the record of an oral statement.
_STATEMENT_WORDS: Mapping[ContentKind, tuple[str, str]] = MappingProxyType(
    {
        ContentKind.COMPLAINT: ("khiếu nại", "Người khiếu nại"),
        ContentKind.DENUNCIATION: ("tố cáo", "Người tố cáo"),
        ContentKind.PETITION: ("kiến nghị, phản ánh", "Người kiến nghị, phản ánh"),
    }
)


def format_date(day: date) -> str:
    """'05/01/2026'."""
    return f"{day:%d/%m/%Y}"


def format_time(moment: datetime) -> str:
    """'09 giờ 30 phút ngày 05 tháng 01 năm 2026' (local time, as written on Vietnamese records)."""
    month = f"{moment.month:02d}" if moment.month <= 2 else str(moment.month)
    return f"{moment:%H} giờ {moment:%M} phút ngày {moment.day:02d} tháng {month} năm {moment.year}"


def _or_blank(text: str | None) -> str:
    return text.strip() if text and text.strip() else BLANK_LINE


UNKNOWN_TITLE = "ông (bà)"  # how a paper addresses a citizen whose sex is not recorded


def capitalised(title: str) -> str:
    """'ông (bà)' → 'Ông (bà)': the title opening a line (a recipient, a sentence)."""
    return title[:1].upper() + title[1:]


def appointment_matter(text: str) -> str:
    """The matter as it follows "Về việc" and "làm việc về": a typed "Về việc …" or "Làm việc về …"
    is not repeated, and the first word is in lower case unless it is an abbreviation ("UBND")."""
    matter = " ".join(text.split()).rstrip(".")
    changed = True
    while changed:
        changed = False
        for prefix in ("về việc", "v/v", "để làm việc về", "làm việc về"):
            if matter.lower().startswith(prefix + " ") or matter.lower().startswith(prefix + ":"):
                matter = matter[len(prefix) :].lstrip(" :")
                changed = True
    if len(matter) > 1 and matter[0].isupper() and not matter[1].isupper():
        matter = matter[0].lower() + matter[1:]
    return matter


def _paragraphs(text: str) -> tuple[str, ...]:
    """Free text as body paragraphs: one per non-empty line."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


@dataclass(frozen=True)
class Paper:
    """The content of one document, as a document-register draft stores it (template code, fields, body)."""

    code: str
    fields: Mapping[str, str]
    signer: Signer | None  # None: the register's draft takes the issuing body's usual signer (issuers)
    body: tuple[BodyBlock, ...] = ()
    recipients: tuple[str, ...] = ()
    copies_to: tuple[str, ...] = ()
    archive_unit: str = ""
    co_signer: Signer | None = None
    qr_url: str | None = None

    def spec(
        self, issuer: Issuer, issue_date: date, *, number: int | None = None, symbol: str = ""
    ) -> DocumentSpec:
        """The printable specification (a draft when ``number`` is None)."""
        if self.signer is None:
            raise ValueError(f"{self.code}: a paper printed directly needs its signer")
        return DocumentSpec(
            template=template_for(self.code, issue_date),
            issuing_body=issuer.issuing_body,
            parent_body=issuer.parent_body,
            place=issuer.place,
            issue_date=issue_date,
            number=number,
            symbol=symbol,
            signer=self.signer,
            co_signer=self.co_signer,
            recipients=self.recipients,
            data=MappingProxyType(dict(self.fields)),
            body=self.body,
            copies_to=self.copies_to,
            archive_unit=self.archive_unit,
            qr_url=self.qr_url,
        )


def slip_symbol(kind: str, agency_code: str) -> str:
    """'GBN-BTCD': the slip's kind then the agency's code."""
    return f"{kind}-{agency_code}" if agency_code else kind


# --------------------------------------------------------------------------------------- Mẫu 02/TCD receipt


@dataclass(frozen=True)
class ReceiptData:
    """A receipt for information and documents (Giấy biên nhận, Mẫu 02/TCD)."""

    received_at: datetime  # local time
    received_place: str
    officer_name: str
    officer_position: str
    provider_name: str
    provider_id: str
    provider_address: str
    items: tuple[ReceiptItem, ...]
    lookup_code: str
    lookup_base_url: str  # LOOKUP_BASE_URL: the citizens' lookup site
    pin: str
    copies: int = 2
    provider_title: str = UNKNOWN_TITLE
    copy_label: str = ""  # "Bản giao người cung cấp" (with the PIN) / "Bản lưu tại cơ quan" (without)


RECEIPT_TABLE_HEADER = ("STT", "Tên thông tin, tài liệu", "Số trang", "Tình trạng", "Bản chính/bản sao")


def receipt_paper(data: ReceiptData) -> Paper:
    """The receipt: the handed documents as a table, the lookup code, PIN and QR code, two signatures."""
    rows = tuple(
        (
            str(index),
            item.name,
            str(item.pages) if item.pages else "",
            item.condition,
            "Bản chính" if item.is_original else "Bản sao",
        )
        for index, item in enumerate(data.items, start=1)
    )
    body: list[BodyBlock] = []
    if rows:
        body.append(
            BodyTable(
                header_rows=(RECEIPT_TABLE_HEADER,),
                rows=rows,
                col_weights=(0.6, 3.2, 0.9, 1.3, 1.5),
                align=("CENTER", "LEFT", "CENTER", "CENTER", "CENTER"),
            )
        )
    else:
        body.append("Không có tài liệu kèm theo.")
    body.append(
        f"Mã tra cứu tình trạng giải quyết: {data.lookup_code}; mã PIN: {data.pin} "
        "(giữ bí mật, không cho người khác biết mã PIN)."
        if data.pin.isdigit()
        else f"Mã tra cứu tình trạng giải quyết: {data.lookup_code}; mã PIN: {data.pin}."
    )
    body.append(
        f"Để tra cứu, quét mã QR in ở cuối giấy này, hoặc vào trang {data.lookup_base_url.rstrip('/')} "
        "rồi nhập mã tra cứu và mã PIN."
    )
    body.append(
        f"Giấy biên nhận được lập thành {data.copies:02d} bản, người cung cấp giữ 01 bản, "
        "cơ quan tiếp nhận giữ 01 bản./."
    )
    if data.copy_label:
        body.append(f"({data.copy_label})")
    return Paper(
        code=RECEIPT_CODE,
        fields={
            "received_time": format_time(data.received_at),
            "received_place": data.received_place,
            "officer_name": data.officer_name,
            "officer_position": data.officer_position,
            "provider_title": data.provider_title,
            "provider_name": _or_blank(data.provider_name),
            "provider_id": _or_blank(data.provider_id),
            "provider_address": _or_blank(data.provider_address),
        },
        body=tuple(body),
        signer=Signer(position="Người tiếp nhận", name=data.officer_name, hint="(Ký, ghi rõ họ tên)"),
        co_signer=Signer(
            position="Người cung cấp",
            name=data.provider_name.strip() or BLANK_LINE,
            hint="(Ký, ghi rõ họ tên)",
        ),
        qr_url=lookup_url(data.lookup_base_url, data.lookup_code),
    )


# ---------------------------------------------------------------------------------- Mẫu 01/TCD refusal notice


@dataclass(frozen=True)
class RefusalData:
    """A refusal notice (Thông báo từ chối tiếp công dân, Mẫu 01/TCD): persistent or repeat-KNPA ground."""

    issuer_name: str  # "Ban Tiếp công dân tỉnh" as the sentence names it
    citizen_name: str
    citizen_id: str
    citizen_address: str
    visit_date: date
    visit_place: str
    ground: str  # the refusal ground as listed
    explanation: str = ""  # what the officer explained, paragraphs by line
    citizen_title: str = UNKNOWN_TITLE
    signer: Signer | None = None  # None: the body's usual signer of the type (documents.issuers)
    copies_to: tuple[str, ...] = ()
    archive_unit: str = ""


def refusal_paper(data: RefusalData) -> Paper:
    """The notice to the citizen: the visit, the ground, the officer's explanation."""
    ground = data.ground.strip().rstrip(".")
    body = (
        *_paragraphs(data.explanation),
        f"{data.issuer_name} thông báo để {data.citizen_title} {data.citizen_name} được biết./.",
    )
    return Paper(
        code=REFUSAL_CODE,
        fields={
            "issuer_name": data.issuer_name,
            "citizen_title": data.citizen_title,
            "citizen_name": data.citizen_name,
            "citizen_id": _or_blank(data.citizen_id),
            "citizen_address": _or_blank(data.citizen_address),
            "visit_date": format_date(data.visit_date),
            "visit_place": data.visit_place,
            "ground": ground,
        },
        body=body,
        signer=data.signer,
        recipients=(f"{capitalised(data.citizen_title)} {data.citizen_name}",),
        copies_to=("Như trên", *data.copies_to),
        archive_unit=data.archive_unit,
    )


# ---------------------------------------------------------------------------- record of an oral statement


@dataclass(frozen=True)
class StatementData:
    """A record of an oral complaint, denunciation or recommendation (Biên bản ghi nội dung)."""

    kind: ContentKind
    received_at: datetime  # local time
    received_place: str
    officer_name: str
    officer_position: str
    citizen_name: str
    citizen_id: str
    citizen_address: str
    statement: str
    requests: str = ""
    citizen_title: str = UNKNOWN_TITLE


def statement_paper(data: StatementData) -> Paper:
    """The statement as the citizen dictated it, read back, signed or thumbprinted (NĐ 154 Đ14.1)."""
    words, role = _STATEMENT_WORDS[data.kind]
    body: list[BodyBlock] = list(_paragraphs(data.statement) or (BLANK_LINE,))
    if data.requests.strip():
        body.append(f"Đề nghị của {data.citizen_title} {_or_blank(data.citizen_name)}:")
        body.extend(_paragraphs(data.requests))
    body.append(
        f"Biên bản đã được đọc lại cho {role.lower()} nghe; {role.lower()} xác nhận đúng nội dung đã "
        "trình bày và cùng ký (hoặc điểm chỉ) dưới đây. Biên bản được lập thành 02 bản, mỗi bên giữ "
        "01 bản./."
    )
    return Paper(
        code=STATEMENT_CODE,
        fields={
            "content_kind": words,
            "received_time": format_time(data.received_at),
            "received_place": data.received_place,
            "officer_name": data.officer_name,
            "officer_position": data.officer_position,
            "speaker_role": role,
            "citizen_title": data.citizen_title,
            "citizen_name": _or_blank(data.citizen_name),
            "citizen_id": _or_blank(data.citizen_id),
            "citizen_address": _or_blank(data.citizen_address),
        },
        body=tuple(body),
        signer=Signer(position="Người tiếp công dân", name=data.officer_name, hint="(Ký, ghi rõ họ tên)"),
        co_signer=Signer(
            position=role,
            name=data.citizen_name.strip() or BLANK_LINE,
            hint="(Ký hoặc điểm chỉ, ghi rõ họ tên)",
        ),
    )


# ------------------------------------------------------------------------------------------ appointment slip


@dataclass(frozen=True)
class AppointmentData:
    """An appointment slip (Phiếu hẹn)."""

    citizen_name: str
    citizen_address: str
    matter: str
    appointment_at: datetime  # local time
    appointment_place: str
    bring: str
    officer_name: str
    officer_position: str = "Cán bộ tiếp công dân"
    citizen_title: str = UNKNOWN_TITLE


def appointment_paper(data: AppointmentData) -> Paper:
    """The slip: who, when, where, what to bring; signed by the officer."""
    return Paper(
        code=APPOINTMENT_CODE,
        fields={
            "citizen_title": data.citizen_title,
            "citizen_name": data.citizen_name,
            "citizen_address": _or_blank(data.citizen_address),
            "matter": appointment_matter(data.matter),
            "appointment_time": format_time(data.appointment_at),
            "appointment_place": data.appointment_place,
            "bring": data.bring.strip().rstrip(".") or "giấy tờ tùy thân",
        },
        body=(
            f"Nếu không đến được đúng hẹn, {data.citizen_title} vui lòng báo trước cho cơ quan tiếp công dân./.",
        ),
        signer=Signer(position=data.officer_position, name=data.officer_name, hint="(Ký, ghi rõ họ tên)"),
    )


# ------------------------------------------------------------------------- leader's session conclusion notice


@dataclass(frozen=True)
class ConclusionItem:
    """One matter heard at the session and the leader's conclusion on it."""

    citizen: str  # "ông Nguyễn Văn A, thôn …" (or the vault reference of a denouncer)
    matter: str
    conclusion: str


@dataclass(frozen=True)
class ConclusionData:
    """The conclusion notice of a leader's reception session (Thông báo kết luận tiếp công dân)."""

    leader_title: str  # "Chủ tịch Ủy ban nhân dân tỉnh"
    leader_name: str
    session_kind: str  # "định kỳ" / "đột xuất"
    held_on: date
    held_place: str
    participants: str
    items: tuple[ConclusionItem, ...]
    signer: Signer | None = None  # None: the body's usual signer of the type (documents.issuers)
    recipients: tuple[str, ...] = ()
    copies_to: tuple[str, ...] = ()
    archive_unit: str = ""


def conclusion_paper(data: ConclusionData) -> Paper:
    """One numbered section per matter heard: the citizen, the content, the leader's conclusion."""
    body: list[BodyBlock] = []
    for index, item in enumerate(data.items, start=1):
        body.append(f"{index}. Nội dung của {item.citizen}: {item.matter.strip().rstrip('.')}.")
        body.extend(
            f"Kết luận: {line}" if n == 0 else line for n, line in enumerate(_paragraphs(item.conclusion))
        )
    if not data.items:
        body.append("Không có công dân đến trình bày tại buổi tiếp.")
    body.append("Đề nghị các cơ quan, đơn vị có liên quan thực hiện kết luận nêu trên./.")
    return Paper(
        code=CONCLUSION_CODE,
        fields={
            "leader_title": data.leader_title,
            "leader_name": data.leader_name,
            "session_kind": data.session_kind,
            "held_on": format_date(data.held_on),
            "held_place": data.held_place,
            "participants": _or_blank(data.participants),
        },
        body=tuple(body),
        signer=data.signer,
        recipients=data.recipients,
        copies_to=data.copies_to,
        archive_unit=data.archive_unit,
    )


def field_values(paper: Paper) -> dict[str, str]:
    """The paper's fields as a plain dict (what documents.create_draft takes)."""
    return dict(paper.fields)


def body_lines(blocks: Sequence[BodyBlock]) -> tuple[str, ...]:
    """The body paragraphs only (tables skipped): for tests and previews."""
    return tuple(block for block in blocks if isinstance(block, str))
