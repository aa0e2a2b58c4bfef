"""Document templates as data: one frozen record per document type and legal generation."""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from petitions.printing.errors import MissingFieldsError, TemplateNotFoundError, TemplateRegistryError


class Authority(StrEnum):
    """How the signer signs (Decree 30/2020 Art. 13): the prefix of the signature block."""

    DIRECT = ""  # the head signs in their own name: position line only
    DEPUTY = "KT."  # ký thay: a deputy signs for the head
    COLLECTIVE = "TM."  # thay mặt: for a collective body (ỦY BAN NHÂN DÂN)
    BY_ORDER = "TL."  # thừa lệnh: an office head signs by the head's order
    BY_AUTHORISATION = "TUQ."  # thừa ủy quyền
    ACTING = "Q."  # quyền: acting head


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class DocumentTemplate:
    """One generation of a document type; a new legal form is a new record, not new layout code.

    ``title`` is the document-type line (empty for a công văn, whose subject then prints as "V/v …"
    under the number); ``subject_format`` and ``body_format`` are ``str.format`` patterns over the
    body data, whose required keys are ``fields``. ``valid_to`` is inclusive.
    """

    code: str
    title: str
    subject_format: str = ""
    legal_basis: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    signer_authorities: tuple[Authority, ...] = (Authority.DIRECT, Authority.DEPUTY)
    valid_from: date = date(2020, 3, 5)
    valid_to: date | None = None
    body_format: tuple[str, ...] = ()
    source: str = ""
    form_label: str = ""  # the legal form's number printed top right: "Mẫu số 02/TCD"
    # Values of fields added after drafts were stored ("citizen_title": "ông (bà)"): a stored draft
    # without them still prints, as it was worded when drafted.
    field_defaults: tuple[tuple[str, str], ...] = ()
    # The body is a decision's (or a conclusion's): căn cứ lines in italics, upper-case lines centred bold,
    # part headings and "Điều N." in bold (petitions.printing.layout.structured_paragraph).
    structured_body: bool = False
    # The field holding the issuing authority of a quyết định ("Chủ tịch Ủy ban nhân dân xã Tiên Yên"): printed
    # upper case, bold, centred under the subject, above the căn cứ lines (Decree 30, Appendix I).
    authority_field: str = ""

    def __post_init__(self) -> None:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise TemplateRegistryError(f"template {self.code!r}: valid_to before valid_from")
        used = _placeholders(self.subject_format).union(*(_placeholders(p) for p in self.body_format))
        if self.authority_field:
            used.add(self.authority_field)
        undeclared = used - set(self.fields)
        if undeclared:
            raise TemplateRegistryError(
                f"template {self.code!r} uses undeclared field(s): {', '.join(sorted(undeclared))}"
            )

    @property
    def is_official_letter(self) -> bool:
        """A công văn has no document-type line."""
        return not self.title

    def is_valid_on(self, day: date) -> bool:
        """Whether this generation applies to a document issued on ``day``."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def missing_fields(self, data: Mapping[str, str]) -> tuple[str, ...]:
        """Declared fields absent (or blank) in ``data`` and without a default."""
        full = self._with_defaults(data)
        return tuple(name for name in self.fields if not str(full.get(name, "")).strip())

    def _with_defaults(self, data: Mapping[str, str]) -> Mapping[str, str]:
        if not self.field_defaults:
            return data
        defaults = {name: value for name, value in self.field_defaults if not str(data.get(name, "")).strip()}
        return {**data, **defaults}

    def check_data(self, data: Mapping[str, str]) -> None:
        """Raise MissingFieldsError unless ``data`` provides every declared field."""
        missing = self.missing_fields(data)
        if missing:
            raise MissingFieldsError(self.code, missing)

    def subject(self, data: Mapping[str, str]) -> str:
        """The subject line (trích yếu) filled from ``data``; empty when the type has none."""
        self.check_data(data)
        return self.subject_format.format_map(self._with_defaults(data))

    def body(self, data: Mapping[str, str]) -> tuple[str, ...]:
        """The standard body paragraphs filled from ``data`` (empty when the caller writes the body)."""
        self.check_data(data)
        full = self._with_defaults(data)
        return tuple(paragraph.format_map(full) for paragraph in self.body_format)


class TemplateRegistry:
    """The generations of every document type, chosen by issue date."""

    def __init__(self, templates: Iterable[DocumentTemplate]) -> None:
        by_code: dict[str, list[DocumentTemplate]] = {}
        for template in templates:
            by_code.setdefault(template.code, []).append(template)
        for code, generations in by_code.items():
            generations.sort(key=lambda t: t.valid_from)
            for earlier, later in zip(generations, generations[1:], strict=False):
                if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                    raise TemplateRegistryError(
                        f"template {code!r}: generations from {earlier.valid_from} and "
                        f"{later.valid_from} overlap"
                    )
        self._by_code = {code: tuple(gens) for code, gens in by_code.items()}

    def codes(self) -> tuple[str, ...]:
        """Known document-type codes, sorted."""
        return tuple(sorted(self._by_code))

    def generations(self, code: str) -> tuple[DocumentTemplate, ...]:
        """All generations of ``code``, oldest first."""
        return self._by_code.get(code, ())

    def template_for(self, code: str, issue_date: date) -> DocumentTemplate:
        """The generation of ``code`` valid on ``issue_date``."""
        if code not in self._by_code:
            raise TemplateNotFoundError(f"no document template {code!r}")
        for template in self._by_code[code]:
            if template.is_valid_on(issue_date):
                return template
        raise TemplateNotFoundError(
            f"no generation of template {code!r} is valid on {issue_date.isoformat()}"
        )


# The dates legal texts took effect; the (tbc) notes in DOMAIN.md apply to the 2026 texts.
NEW_RECEPTION_RULES_FROM = date(2026, 7, 1)  # Decree 154/2026/NĐ-CP replaced Decree 64/2014/NĐ-CP

_ANY_AUTHORITY = tuple(Authority)

NOTICE = DocumentTemplate(
    code="THONG_BAO",
    title="THÔNG BÁO",
    subject_format="{subject}",
    fields=("subject",),
    signer_authorities=_ANY_AUTHORITY,
    source="Nghị định 30/2020/NĐ-CP, Phụ lục III (thông báo)",
)

# A công văn: no type line, its subject prints as "V/v …" under "Số: 12/UBND-TCD" (no type
# abbreviation: the body's, then the drafting unit's); the handling and chasing letters use it.
OFFICIAL_LETTER = DocumentTemplate(
    code="CONG_VAN",
    title="",
    subject_format="{subject}",
    fields=("subject",),
    signer_authorities=_ANY_AUTHORITY,
    source="Nghị định 30/2020/NĐ-CP, Phụ lục I, Mục II (công văn)",
)

# How a paper addresses the citizen ("ông" / "bà" from the recorded sex); drafts stored before the
# field existed print "ông (bà)", as they did.
_TITLE_DEFAULT = (("citizen_title", "ông (bà)"),)

APPOINTMENT_SLIP = DocumentTemplate(
    code="PHIEU_HEN",
    title="PHIẾU HẸN",
    subject_format="Về việc {matter}",
    fields=(
        "citizen_title",
        "citizen_name",
        "citizen_address",
        "matter",
        "appointment_time",
        "appointment_place",
        "bring",
    ),
    field_defaults=_TITLE_DEFAULT,
    signer_authorities=(Authority.DIRECT,),
    body_format=(
        "Hẹn {citizen_title} {citizen_name}, địa chỉ: {citizen_address}.",
        "Có mặt vào hồi {appointment_time}, tại {appointment_place} để làm việc về {matter}.",
        "Khi đến, {citizen_title} mang theo: {bring}.",
    ),
    source="thực tiễn của địa phương",
)

_RECEIPT_FIELDS = (
    "received_time",
    "received_place",
    "officer_name",
    "officer_position",
    "provider_title",
    "provider_name",
    "provider_id",
    "provider_address",
)

RECEIPT_2021 = DocumentTemplate(
    code="GIAY_BIEN_NHAN",
    title="GIẤY BIÊN NHẬN THÔNG TIN, TÀI LIỆU",
    fields=_RECEIPT_FIELDS,
    field_defaults=(("provider_title", "ông (bà)"),),
    signer_authorities=(Authority.DIRECT,),
    valid_to=date(2026, 6, 30),
    body_format=(
        "Vào hồi {received_time}, tại {received_place}.",
        "Tôi là: {officer_name}, chức vụ: {officer_position}.",
        "Đã nhận của {provider_title} {provider_name}, số định danh cá nhân: {provider_id}, "
        "địa chỉ: {provider_address}, các thông tin, tài liệu sau đây:",
    ),
    source="Thông tư 04/2021/TT-TTCP (tbc)",
    form_label="Mẫu số 02",
)

RECEIPT_2026 = DocumentTemplate(
    code="GIAY_BIEN_NHAN",
    title="GIẤY BIÊN NHẬN THÔNG TIN, TÀI LIỆU",
    fields=_RECEIPT_FIELDS,
    field_defaults=(("provider_title", "ông (bà)"),),
    signer_authorities=(Authority.DIRECT,),
    valid_from=NEW_RECEPTION_RULES_FROM,
    body_format=(
        "Vào hồi {received_time}, tại {received_place}.",
        "Người tiếp nhận: {officer_name}, chức vụ: {officer_position}.",
        "Người cung cấp: {provider_title} {provider_name}, số định danh cá nhân: {provider_id}, "
        "địa chỉ: {provider_address}.",
        "Đã giao, nhận các thông tin, tài liệu sau đây:",
    ),
    source="Nghị định 154/2026/NĐ-CP, Mẫu 02/TCD (tbc)",
    form_label="Mẫu số 02/TCD",
)

EXAMPLE_TEMPLATES: tuple[DocumentTemplate, ...] = (NOTICE, OFFICIAL_LETTER, APPOINTMENT_SLIP, RECEIPT_2021, RECEIPT_2026)

# Reception paperwork (petitions.paperwork builds the data): refusal notice, record of an oral statement,
# the conclusion notice of a leader's reception session.
_REFUSAL_FIELDS = (
    "issuer_name",
    "citizen_title",
    "citizen_name",
    "citizen_id",
    "citizen_address",
    "visit_date",
    "visit_place",
    "ground",
)
_REFUSAL_BODY = (
    "Ngày {visit_date}, tại {visit_place}, {citizen_title} {citizen_name}, số định danh cá nhân/giấy tờ "
    "tùy thân: {citizen_id}, địa chỉ: {citizen_address}, đến đề nghị được tiếp.",
    "{issuer_name} thông báo từ chối tiếp {citizen_title} {citizen_name}. Lý do từ chối: {ground}.",
)

REFUSAL_NOTICE_2021 = DocumentTemplate(
    code="TB_TU_CHOI_TCD",
    title="THÔNG BÁO",
    subject_format="Về việc từ chối tiếp công dân",
    legal_basis=("Căn cứ Điều 9 Luật Tiếp công dân ngày 25 tháng 11 năm 2013;",),
    fields=_REFUSAL_FIELDS,
    field_defaults=_TITLE_DEFAULT,
    signer_authorities=(Authority.DIRECT, Authority.DEPUTY),
    valid_to=date(2026, 6, 30),
    body_format=_REFUSAL_BODY,
    source="Thông tư 04/2021/TT-TTCP, Mẫu 01 (tbc)",
    form_label="Mẫu số 01",
)

REFUSAL_NOTICE_2026 = DocumentTemplate(
    code="TB_TU_CHOI_TCD",
    title="THÔNG BÁO",
    subject_format="Về việc từ chối tiếp công dân",
    legal_basis=(
        # Luật 136/2025/QH15 was passed on 10/12/2025 (a transcription of its text; tbc against the
        # official one). No copy of NĐ 154/2026/NĐ-CP was found: its line carries the number only.
        "Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013, được sửa đổi, bổ sung bởi Luật số "
        "136/2025/QH15 ngày 10 tháng 12 năm 2025;",
        "Căn cứ Nghị định số 154/2026/NĐ-CP của Chính phủ quy định chi tiết một số điều của "
        "Luật Tiếp công dân;",
    ),
    fields=_REFUSAL_FIELDS,
    field_defaults=_TITLE_DEFAULT,
    signer_authorities=(Authority.DIRECT, Authority.DEPUTY),
    valid_from=NEW_RECEPTION_RULES_FROM,
    body_format=_REFUSAL_BODY,
    source="Nghị định 154/2026/NĐ-CP, Mẫu 01/TCD (tbc)",
    form_label="Mẫu số 01/TCD",
)

STATEMENT_RECORD = DocumentTemplate(
    code="BB_GHI_NOI_DUNG",
    title="BIÊN BẢN",
    subject_format="Ghi nội dung {content_kind}",
    fields=(
        "content_kind",
        "received_time",
        "received_place",
        "officer_name",
        "officer_position",
        "speaker_role",
        "citizen_title",
        "citizen_name",
        "citizen_id",
        "citizen_address",
    ),
    field_defaults=_TITLE_DEFAULT,
    signer_authorities=(Authority.DIRECT,),
    body_format=(
        "Vào hồi {received_time}, tại {received_place}.",
        "Người tiếp công dân: {officer_name}, chức vụ: {officer_position}.",
        "{speaker_role}: {citizen_title} {citizen_name}, số định danh cá nhân/giấy tờ tùy thân: {citizen_id}, "
        "địa chỉ: {citizen_address}.",
        "Nội dung {content_kind} do {citizen_title} {citizen_name} trình bày như sau:",
    ),
    source="Luật Tiếp công dân 2013, Điều 25; Nghị định 154/2026/NĐ-CP, Điều 14.1 (tbc)",
)

_CONCLUSION_FIELDS = ("leader_title", "leader_name", "session_kind", "held_on", "held_place", "participants")
_CONCLUSION_BODY = (
    "Ngày {held_on}, tại {held_place}, {leader_title} {leader_name} đã chủ trì buổi tiếp công dân "
    "{session_kind}. Tham dự buổi tiếp có: {participants}.",
    "Sau khi nghe công dân trình bày và ý kiến của các cơ quan, đơn vị có liên quan, {leader_title} "
    "kết luận như sau:",
)

SESSION_CONCLUSION_2014 = DocumentTemplate(
    code="TB_KET_LUAN_TCD",
    title="THÔNG BÁO",
    subject_format="Kết luận của {leader_title} tại buổi tiếp công dân {session_kind} ngày {held_on}",
    fields=_CONCLUSION_FIELDS,
    signer_authorities=(Authority.DIRECT, Authority.DEPUTY, Authority.COLLECTIVE, Authority.BY_ORDER),
    valid_to=date(2026, 6, 30),
    body_format=_CONCLUSION_BODY,
    source="Nghị định 64/2014/NĐ-CP (thực tiễn thông báo kết luận)",
)

SESSION_CONCLUSION_2026 = DocumentTemplate(
    code="TB_KET_LUAN_TCD",
    title="THÔNG BÁO",
    subject_format="Kết luận của {leader_title} tại buổi tiếp công dân {session_kind} ngày {held_on}",
    fields=_CONCLUSION_FIELDS,
    signer_authorities=(Authority.DIRECT, Authority.DEPUTY, Authority.COLLECTIVE, Authority.BY_ORDER),
    valid_from=NEW_RECEPTION_RULES_FROM,
    body_format=_CONCLUSION_BODY,
    source="Nghị định 154/2026/NĐ-CP, Điều 25.2 (tbc)",
)

RECEPTION_PAPERWORK_TEMPLATES: tuple[DocumentTemplate, ...] = (
    REFUSAL_NOTICE_2021,
    REFUSAL_NOTICE_2026,
    STATEMENT_RECORD,
    SESSION_CONCLUSION_2014,
    SESSION_CONCLUSION_2026,
)

# Letter handling papers (petitions.letters.handling_papers builds their data from the letter's record).
# The law's forms (Thông tư 05/2021/TT-TTCP, Luật Tố cáo 2018, Luật Tiếp công dân 2013) give the content;
# the wording here is the app's. A paper sent out is a công văn (no type line, "V/v …" under the number)
# when the form is written as one (Mẫu 03: "V/v chuyển đơn tố cáo"), otherwise a titled paper.
_OUTGOING = _ANY_AUTHORITY
# Internal papers to the head (proposal, filing note): the head or a deputy approves in person, never
# on behalf of a collective body.
_INTERNAL = (Authority.DIRECT, Authority.DEPUTY, Authority.ACTING)
_HANDLING_SOURCE = "Thông tư 05/2021/TT-TTCP"

PROPOSAL_ACCEPT = DocumentTemplate(
    code="PHIEU_DE_XUAT_THU_LY",
    title="PHIẾU ĐỀ XUẤT THỤ LÝ ĐƠN",
    subject_format="{subject}",
    fields=("subject",),
    signer_authorities=_INTERNAL,
    source=f"{_HANDLING_SOURCE}, Mẫu số 01",
    form_label="Mẫu số 01",
)

GUIDANCE_SLIP = DocumentTemplate(
    code="PHIEU_HUONG_DAN",
    title="PHIẾU HƯỚNG DẪN",
    subject_format="{subject}",
    fields=("subject",),
    signer_authorities=_OUTGOING,
    source=f"{_HANDLING_SOURCE}, Điều 8 (hướng dẫn người viết đơn); thực tiễn",
)

FORWARD_DENUNCIATION = DocumentTemplate(
    code="CV_CHUYEN_DON_TO_CAO",
    title="",
    subject_format="{subject}",
    fields=("subject",),
    legal_basis=("Căn cứ khoản 1 Điều 24 Luật Tố cáo ngày 12 tháng 6 năm 2018;",),
    signer_authorities=_OUTGOING,
    source=f"{_HANDLING_SOURCE}, Mẫu số 03; Luật Tố cáo 2018, Điều 24",
    form_label="Mẫu số 03",
)

# The notice to the denouncer names them: the stored draft keeps blank lines (no identity at rest);
# a cleared reader's print fills them from the vault (petitions.letters.handling_papers.paper_pdf).
NOTICE_DENOUNCER_FORWARDED = DocumentTemplate(
    code="TB_CHUYEN_DON_TO_CAO",
    title="THÔNG BÁO",
    subject_format="Về việc chuyển đơn tố cáo",
    fields=("denouncer_title", "denouncer_name", "denouncer_address", "issuer_name", "received_on"),
    field_defaults=(("denouncer_title", "ông (bà)"),),
    legal_basis=("Căn cứ khoản 2 Điều 24 Luật Tố cáo ngày 12 tháng 6 năm 2018;",),
    signer_authorities=_OUTGOING,
    body_format=(
        "Ngày {received_on}, {issuer_name} nhận được đơn tố cáo của {denouncer_title} {denouncer_name}, "
        "địa chỉ: {denouncer_address}.",
    ),
    source="Luật Tố cáo 2018, Điều 24.2",
)

FORWARD_PETITION = DocumentTemplate(
    code="PHIEU_CHUYEN_DON_KNPA",
    title="PHIẾU CHUYỂN ĐƠN",
    subject_format="{subject}",
    fields=("subject",),
    signer_authorities=_OUTGOING,
    source=f"{_HANDLING_SOURCE}, Điều 9 (đơn kiến nghị, phản ánh không thuộc thẩm quyền)",
)

FORWARD_COMPLAINT = DocumentTemplate(
    code="PHIEU_CHUYEN_DON_KN",
    title="PHIẾU CHUYỂN ĐƠN",
    subject_format="{subject}",
    fields=("subject",),
    signer_authorities=_OUTGOING,
    source=f"{_HANDLING_SOURCE}, Điều 7 (đơn khiếu nại do cơ quan, tổ chức, đại biểu chuyển đến)",
)

EXPLAIN_SETTLED = DocumentTemplate(
    code="CV_GIAI_THICH",
    title="",
    subject_format="{subject}",
    fields=("subject",),
    signer_authorities=_OUTGOING,
    source=f"{_HANDLING_SOURCE}; Luật Tiếp công dân 2013, Điều 9 (vụ việc đã giải quyết đúng pháp luật)",
)

FILING_NOTE = DocumentTemplate(
    code="PHIEU_LUU_DON",
    title="PHIẾU ĐỀ XUẤT LƯU ĐƠN",
    subject_format="{subject}",
    fields=("subject", "reason"),
    signer_authorities=_INTERNAL,
    body_format=("Lý do lưu đơn: {reason}.",),
    source=f"{_HANDLING_SOURCE}, Điều 6, Điều 28 (lưu đơn)",
)

RETURN_LETTER = DocumentTemplate(
    code="CV_TRA_LAI_DON",
    title="",
    subject_format="{subject}",
    fields=("subject",),
    signer_authorities=_OUTGOING,
    source="thực tiễn (đơn chuyển đến không đúng cơ quan có thẩm quyền)",
)

FORWARD_PARTY = DocumentTemplate(
    code="CV_CHUYEN_DON_DANG",
    title="",
    subject_format="{subject}",
    fields=("subject",),
    legal_basis=("Căn cứ Điều 15 Thông tư số 05/2021/TT-TTCP ngày 01 tháng 10 năm 2021 của Thanh tra Chính phủ;",),
    signer_authorities=_OUTGOING,
    source=f"{_HANDLING_SOURCE}, Điều 15",
)

FORWARD_ANONYMOUS = DocumentTemplate(
    code="CV_CHUYEN_THONG_TIN",
    title="",
    subject_format="{subject}",
    fields=("subject",),
    legal_basis=("Căn cứ khoản 2 Điều 25 Luật Tố cáo ngày 12 tháng 6 năm 2018;",),
    signer_authorities=_OUTGOING,
    source="Luật Tố cáo 2018, Điều 25.2",
)

URGENT_REPORT = DocumentTemplate(
    code="BAO_CAO_KHAN",
    title="BÁO CÁO",
    subject_format="{subject}",
    fields=("subject",),
    signer_authorities=_OUTGOING,
    source=f"{_HANDLING_SOURCE}, Điều 16",
)

ANSWER_D7 = DocumentTemplate(
    code="TB_XU_LY_DON",
    title="THÔNG BÁO",
    subject_format="{subject}",
    fields=("subject",),
    legal_basis=("Căn cứ khoản 1 Điều 28 Luật Tiếp công dân ngày 25 tháng 11 năm 2013;",),
    signer_authorities=_OUTGOING,
    source="Luật Tiếp công dân 2013, Điều 28.1",
)

RESULT_D9 = DocumentTemplate(
    code="TB_KET_QUA_GIAI_QUYET",
    title="THÔNG BÁO",
    subject_format="{subject}",
    fields=("subject", "result"),
    legal_basis=("Căn cứ khoản 2 Điều 28 Luật Tiếp công dân ngày 25 tháng 11 năm 2013;",),
    signer_authorities=_OUTGOING,
    source="Luật Tiếp công dân 2013, Điều 28.2",
)

# The copy of a forwarded denunciation with the denouncer's identity covered; printed with its slip,
# never entered in the register on its own (it carries the slip's number).
REDACTED_COPY = DocumentTemplate(
    code="BAN_SAO_CHE_DANH_TINH",
    title="BẢN SAO ĐƠN TỐ CÁO",
    subject_format="(Đã che thông tin người tố cáo; kèm theo văn bản số {slip})",
    fields=("slip",),
    signer_authorities=_OUTGOING,
    source="Luật Tố cáo 2018, Điều 47, Điều 48 (giữ bí mật người tố cáo)",
)

# The record destroying filed letters past their retention (D11): a biên bản of the register, approved by
# the head in person; it lists each letter by its register line only (no writer, no content).
DESTRUCTION_RECORD = DocumentTemplate(
    code="BB_HUY_DON",
    title="BIÊN BẢN",
    subject_format="{subject}",
    fields=("subject",),
    legal_basis=("Căn cứ khoản 2 Điều 28 Thông tư số 05/2021/TT-TTCP ngày 01 tháng 10 năm 2021 của Thanh tra Chính phủ;",),
    signer_authorities=_INTERNAL,
    source=f"{_HANDLING_SOURCE}, Điều 28 (hủy đơn đã lưu)",
)

HANDLING_PAPER_TEMPLATES: tuple[DocumentTemplate, ...] = (
    PROPOSAL_ACCEPT,
    GUIDANCE_SLIP,
    FORWARD_DENUNCIATION,
    NOTICE_DENOUNCER_FORWARDED,
    FORWARD_PETITION,
    FORWARD_COMPLAINT,
    EXPLAIN_SETTLED,
    FILING_NOTE,
    RETURN_LETTER,
    FORWARD_PARTY,
    FORWARD_ANONYMOUS,
    URGENT_REPORT,
    ANSWER_D7,
    RESULT_D9,
    REDACTED_COPY,
    DESTRUCTION_RECORD,
)

# Case papers (petitions.cases.papers builds their data from the case's record and the transition's
# parameters): the papers of a complaint's or a denunciation's resolution (DOMAIN §3.5, §7). The content is
# what the laws list for each paper; the wording is the app's. The legal bases changed on 01/07/2026 (Luật
# 136/2025/QH15; Nghị định 155/2026 and 156/2026, read only in transcriptions: tbc), hence two generations of
# the papers that cite them. The competent PERSON decides (the chairman, the director, the chief inspector),
# never the collective body: signed in person, "KT." by a deputy, or "Q." (petitions.domain.issuers).
CASE_BASIS_FROM = NEW_RECEPTION_RULES_FROM
_PERSONAL = (Authority.DIRECT, Authority.DEPUTY, Authority.ACTING)
COMPLAINT_BASIS_2012 = (
    "Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011;",
    "Căn cứ Nghị định số 124/2020/NĐ-CP ngày 19 tháng 10 năm 2020 của Chính phủ quy định chi tiết một số điều "
    "và biện pháp thi hành Luật Khiếu nại;",
)
COMPLAINT_BASIS_2026 = (
    "Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011, được sửa đổi, bổ sung bởi Luật số 136/2025/QH15 ngày 10 "
    "tháng 12 năm 2025;",
    "Căn cứ Nghị định số 124/2020/NĐ-CP ngày 19 tháng 10 năm 2020 của Chính phủ quy định chi tiết một số điều "
    "và biện pháp thi hành Luật Khiếu nại, được sửa đổi, bổ sung bởi Nghị định số 155/2026/NĐ-CP;",
)
DENUNCIATION_BASIS_2019 = (
    "Căn cứ Luật Tố cáo ngày 12 tháng 6 năm 2018;",
    "Căn cứ Nghị định số 31/2019/NĐ-CP ngày 10 tháng 4 năm 2019 của Chính phủ quy định chi tiết một số điều và "
    "biện pháp tổ chức thi hành Luật Tố cáo;",
)
DENUNCIATION_BASIS_2026 = (
    "Căn cứ Luật Tố cáo ngày 12 tháng 6 năm 2018, được sửa đổi, bổ sung bởi Luật số 136/2025/QH15 ngày 10 tháng "
    "12 năm 2025;",
    "Căn cứ Nghị định số 31/2019/NĐ-CP ngày 10 tháng 4 năm 2019 của Chính phủ quy định chi tiết một số điều và "
    "biện pháp tổ chức thi hành Luật Tố cáo, được sửa đổi, bổ sung bởi Nghị định số 156/2026/NĐ-CP;",
)


def law_basis(kind: str, day: date) -> tuple[str, ...]:
    """The căn cứ lines of a complaint's ("complaint") or a denunciation's papers issued on ``day``."""
    if kind == "complaint":
        return COMPLAINT_BASIS_2012 if day < CASE_BASIS_FROM else COMPLAINT_BASIS_2026
    return DENUNCIATION_BASIS_2019 if day < CASE_BASIS_FROM else DENUNCIATION_BASIS_2026


def _case_paper(
    code: str,
    title: str,
    *,
    source: str,
    basis: str = "",
    subject_format: str = "{subject}",
    fields: tuple[str, ...] = ("subject",),
    body_format: tuple[str, ...] = (),
    decision: bool = False,
    form_label: str = "",
    field_defaults: tuple[tuple[str, str], ...] = (),
) -> tuple[DocumentTemplate, ...]:
    """The generations of one case paper: two when it cites the laws (``basis`` "complaint" or
    "denunciation"; the form number printed only on the generation it was read for), else one. A
    ``decision`` prints the issuing authority under its subject and a structured body."""
    common = dict(
        code=code,
        title=title,
        subject_format=subject_format,
        fields=(*fields, "authority") if decision else fields,
        body_format=body_format,
        signer_authorities=_PERSONAL,
        structured_body=decision or title in ("KẾT LUẬN", "BÁO CÁO"),
        authority_field="authority" if decision else "",
        field_defaults=field_defaults,
    )
    if not basis:
        return (DocumentTemplate(**common, source=source),)  # type: ignore[arg-type]
    old = law_basis(basis, date(2020, 3, 5))
    new = law_basis(basis, CASE_BASIS_FROM)
    return (
        DocumentTemplate(
            **common, legal_basis=old, valid_to=date(2026, 6, 30), source=source, form_label=form_label  # type: ignore[arg-type]
        ),
        DocumentTemplate(**common, legal_basis=new, valid_from=CASE_BASIS_FROM, source=f"{source} (tbc từ 01/07/2026)"),  # type: ignore[arg-type]
    )


_DENOUNCER_FIELDS = ("denouncer_title", "denouncer_name", "denouncer_address", "issuer_name", "received_on")
_DENOUNCER_DEFAULTS = (("denouncer_title", "ông (bà)"),)
_DENOUNCER_LINE = (
    "Ngày {received_on}, {issuer_name} nhận được đơn tố cáo của {denouncer_title} {denouncer_name}, địa chỉ: "
    "{denouncer_address}.",
)

CASE_PAPER_TEMPLATES: tuple[DocumentTemplate, ...] = (
    *_case_paper("TB_THU_LY_KHIEU_NAI", "THÔNG BÁO", basis="complaint",
                 source="Luật Khiếu nại 2011, Điều 27, Điều 36; Nghị định 124/2020/NĐ-CP"),
    *_case_paper("TB_KHONG_THU_LY_KHIEU_NAI", "THÔNG BÁO", basis="complaint",
                 source="Luật Khiếu nại 2011, Điều 11, Điều 27; Nghị định 124/2020/NĐ-CP"),
    *_case_paper("QD_THU_LY_TO_CAO", "QUYẾT ĐỊNH", basis="denunciation", decision=True, form_label="Mẫu số 04",
                 source="Luật Tố cáo 2018, Điều 29; Nghị định 31/2019/NĐ-CP, Mẫu số 04 (tbc)"),
    *_case_paper("TB_THU_LY_TO_CAO", "THÔNG BÁO", basis="denunciation", form_label="Mẫu số 05",
                 subject_format="Về việc thụ lý tố cáo", fields=_DENOUNCER_FIELDS, body_format=_DENOUNCER_LINE,
                 field_defaults=_DENOUNCER_DEFAULTS,
                 source="Luật Tố cáo 2018, Điều 29.4; Nghị định 31/2019/NĐ-CP, Mẫu số 05 (tbc)"),
    *_case_paper("TB_NOI_DUNG_TO_CAO", "THÔNG BÁO", basis="denunciation", form_label="Mẫu số 06",
                 source="Luật Tố cáo 2018, Điều 29.4, Điều 47; Nghị định 31/2019/NĐ-CP, Mẫu số 06 (tbc)"),
    *_case_paper("TB_KHONG_THU_LY_TO_CAO", "THÔNG BÁO", basis="denunciation",
                 subject_format="Về việc không thụ lý tố cáo", fields=_DENOUNCER_FIELDS, body_format=_DENOUNCER_LINE,
                 field_defaults=_DENOUNCER_DEFAULTS, source="Luật Tố cáo 2018, Điều 29.3"),
    *_case_paper("QD_XAC_MINH", "QUYẾT ĐỊNH", decision=True,
                 source="Luật Khiếu nại 2011, Điều 29; Luật Tố cáo 2018, Điều 31; thực tiễn (giao xác minh, tổ xác minh)"),
    *_case_paper("BC_KET_QUA_XAC_MINH", "BÁO CÁO",
                 source="Luật Khiếu nại 2011, Điều 29; Luật Tố cáo 2018, Điều 32"),
    *_case_paper("BB_DOI_THOAI", "BIÊN BẢN", basis="complaint",
                 source="Luật Khiếu nại 2011, Điều 30, Điều 39; Nghị định 124/2020/NĐ-CP"),
    *_case_paper("QD_GIA_HAN_TO_CAO", "QUYẾT ĐỊNH", basis="denunciation", decision=True, form_label="Mẫu số 01",
                 source="Luật Tố cáo 2018, Điều 30; Nghị định 31/2019/NĐ-CP, Mẫu số 01 (tbc)"),
    *_case_paper("QD_TAM_DINH_CHI", "QUYẾT ĐỊNH", decision=True,
                 source="Luật Tố cáo 2018, Điều 34; Luật Khiếu nại Điều 11a, Nghị định 155/2026/NĐ-CP Mẫu 14a (tbc)"),
    *_case_paper("QD_TIEP_TUC_GIAI_QUYET", "QUYẾT ĐỊNH", decision=True,
                 source="Luật Tố cáo 2018, Điều 34; Nghị định 155/2026/NĐ-CP Mẫu 14b (tbc)"),
    *_case_paper("QD_DINH_CHI", "QUYẾT ĐỊNH", decision=True,
                 source="Luật Khiếu nại 2011, Điều 10, Điều 11; Luật Tố cáo 2018, Điều 33, Điều 34"),
    *_case_paper("QD_GIAI_QUYET_KHIEU_NAI", "QUYẾT ĐỊNH", basis="complaint", decision=True,
                 source="Luật Khiếu nại 2011, Điều 31 (lần đầu), Điều 40 (lần hai); Nghị định 124/2020/NĐ-CP"),
    *_case_paper("KL_NOI_DUNG_TO_CAO", "KẾT LUẬN", basis="denunciation",
                 source="Luật Tố cáo 2018, Điều 35; Nghị định 31/2019/NĐ-CP"),
    *_case_paper("TB_KET_QUA_TO_CAO", "THÔNG BÁO", basis="denunciation",
                 subject_format="Về kết quả giải quyết tố cáo", fields=_DENOUNCER_FIELDS, body_format=_DENOUNCER_LINE,
                 field_defaults=_DENOUNCER_DEFAULTS, source="Luật Tố cáo 2018, Điều 40"),
    *_case_paper("BB_CONG_KHAI", "BIÊN BẢN",
                 source="Luật Khiếu nại 2011, Điều 41; Luật Tố cáo 2018, Điều 40; Nghị định 124/2020/NĐ-CP"),
    *_case_paper("BC_THUC_HIEN", "BÁO CÁO",
                 source="Thông tư 01/2024/TT-TTCP (02/KQGQ, 04/KQGQ); Luật Khiếu nại 2011, Điều 42"),
)

# The chasing papers (petitions.chasing.papers): công văn of the office that sent an item to a body that is late
# (DOMAIN §7 "Văn bản đôn đốc (lần 1, 2), yêu cầu giải trình"). The subject names the letter's register number
# and the body, never a person; the body text is written from the referral's data.
_CHASE_SOURCE = (
    "Nghị định 64/2014/NĐ-CP, Điều 15 (đến 30/06/2026); Nghị định 154/2026/NĐ-CP, Điều 6.4, Điều 32 (tbc, từ "
    "01/07/2026); thực tiễn (đôn đốc, truy bám)"
)
CHASE_TEMPLATES: tuple[DocumentTemplate, ...] = tuple(
    DocumentTemplate(code=code, title="", subject_format="{subject}", fields=("subject",),
                     signer_authorities=_ANY_AUTHORITY, source=f"{_CHASE_SOURCE}; {what}")
    for code, what in (
        ("CV_NHAC_HAN", "nhắc trước hạn trả lời kết quả"),
        ("CV_DON_DOC", "văn bản đôn đốc lần 1, lần 2"),
        ("CV_DE_NGHI_CAP_TREN", "báo cáo, đề nghị cấp trên của cơ quan chậm giải quyết chỉ đạo"),
        ("CV_YEU_CAU_GIAI_TRINH", "yêu cầu giải trình việc chậm giải quyết"),
    )
)

# The periodic report (báo cáo định kỳ) the statistical forms are attached to (petitions.reports.cover): its
# body is the period's narrative; it takes its number from the body's register like any paper.
PERIODIC_REPORT = DocumentTemplate(
    code="BAO_CAO",
    title="BÁO CÁO",
    subject_format="{subject}",
    fields=("subject",),
    signer_authorities=_ANY_AUTHORITY,
    source="Nghị định 30/2020/NĐ-CP, Phụ lục III (báo cáo); Thông tư 02/2021/TT-TTCP, 01/2024/TT-TTCP (chế độ báo cáo)",
)
REPORT_TEMPLATES: tuple[DocumentTemplate, ...] = (PERIODIC_REPORT,)

DEFAULT_REGISTRY = TemplateRegistry(
    (
        *EXAMPLE_TEMPLATES,
        *RECEPTION_PAPERWORK_TEMPLATES,
        *HANDLING_PAPER_TEMPLATES,
        *CASE_PAPER_TEMPLATES,
        *CHASE_TEMPLATES,
        *REPORT_TEMPLATES,
    )
)


def template_for(
    code: str, issue_date: date, registry: TemplateRegistry = DEFAULT_REGISTRY
) -> DocumentTemplate:
    """The generation of document type ``code`` valid on ``issue_date`` (TemplateNotFoundError if none)."""
    return registry.template_for(code, issue_date)
