"""The letters generator of `petitions demo`: letters of every type, duplicates, attachments and clocks.

Listed in petitions.cli.DEMO_GENERATORS (after reception, whose citizens, visits and cases it uses).
Rows go in with Core INSERTs of many rows at once; the register numbers are given in date order from
blocks reserved in the register (petitions.numbering), so that letters registered later through
register_letter continue the sequence without a gap or a repeat.
No history rows: demo data is nobody's work.
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.citizens.models import Citizen
from petitions.clock import utcnow
from petitions.deadlines.models import Clock
from petitions.deadlines.queries import load_working_calendar
from petitions.deadlines.services import ClockInput, evaluate
from petitions.demo import DemoContext, bulk_insert
from petitions.directory.queries import list_items
from petitions.domain import classification as rules
from petitions.domain.classification import DuplicateDecision, LetterChannel, PriorResolution, SignerKind
from petitions.domain.deadlines import DeadlineError
from petitions.domain.records import ComplaintSubtype, LetterStatus, LetterType
from petitions.domain.text import fold_text, normalise_text
from petitions.extensions import db
from petitions.letters.attachments import store_file
from petitions.letters.models import (
    Letter,
    LetterAttachment,
    LetterPart,
    LetterStatusEvent,
)
from petitions.numbering import NumberKind, reserve_block
from petitions.reception.models import Visit
from petitions.vault.models import IdentityRef

RESPONDENTS = (
    "UBND xã Hòa Bình",
    "UBND phường Tân An",
    "Sở Nông nghiệp và Môi trường",
    "Văn phòng đăng ký đất đai tỉnh",
    "Chi cục Thuế khu vực II",
    "Ban quản lý dự án giao thông tỉnh",
)
MATTERS = {
    LetterType.COMPLAINT: (
        "Khiếu nại quyết định thu hồi đất, mức bồi thường đất nông nghiệp quá thấp",
        "Khiếu nại việc không cấp giấy chứng nhận quyền sử dụng đất",
        "Khiếu nại quyết định xử phạt vi phạm hành chính trong lĩnh vực xây dựng",
    ),
    LetterType.PETITION: (
        "Kiến nghị sửa chữa tuyến đường liên thôn bị xuống cấp",
        "Phản ánh ô nhiễm tiếng ồn và khói bụi của cơ sở sản xuất gạch",
        "Kiến nghị giải quyết chế độ trợ cấp cho người có công",
    ),
    LetterType.DENUNCIATION: (
        "Tố cáo cán bộ địa chính nhận tiền khi làm thủ tục cấp giấy chứng nhận",
        "Tố cáo việc lập hồ sơ khống để nhận tiền hỗ trợ tái định cư",
    ),
    LetterType.ANONYMOUS: (
        "Thông tin phản ánh cán bộ thu tiền trái quy định khi xác nhận hồ sơ",
        "Thư không ký tên phản ánh việc giao đất trái thẩm quyền",
    ),
}
FORWARDERS = {
    LetterChannel.DEPUTY: "Đoàn đại biểu Quốc hội tỉnh",
    LetterChannel.FRONT: "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    LetterChannel.PRESS: "Báo Nhân Dân, Ban Bạn đọc",
    LetterChannel.AGENCY: "Thanh tra Chính phủ",
}
# Letters not handed in at a visit come by these channels (weights).
CHANNELS = (
    (LetterChannel.POST, 40),
    (LetterChannel.DROP_BOX, 8),
    (LetterChannel.DEPUTY, 10),
    (LetterChannel.FRONT, 8),
    (LetterChannel.PRESS, 5),
    (LetterChannel.AGENCY, 10),
    (LetterChannel.LEADER, 5),
    (LetterChannel.ONLINE, 8),
)
TYPES = (
    (LetterType.COMPLAINT, 35),
    (LetterType.PETITION, 30),
    (LetterType.DENUNCIATION, 15),
    (LetterType.ANONYMOUS, 8),
    (LetterType.MIXED, 7),
)
DUPLICATE_SHARE = 0.12
# The vault's reference codes have this shape ("MK-" and ten characters without look-alikes).
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def tiny_pdf(title: str) -> bytes:
    """A valid one-page PDF (header, catalog, pages, page, content stream, xref, trailer)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({title}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def tiny_png(shade: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (16, 16), shade % 256).save(out, "PNG")
    return out.getvalue()


def _weighted(rng: Any, table: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([value for value, _ in table], weights=[weight for _, weight in table])[0]


def _reference_codes(rng: Any, count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {
            "MK-" + "".join(rng.choice(_CODE_ALPHABET) for _ in range(10)) for _ in range(count - len(codes))
        }
        taken = set(db.session.scalars(sa.select(IdentityRef.code).where(IdentityRef.code.in_(wanted))))
        codes |= wanted - taken
    return sorted(codes)


def _items(list_code: str, on: date) -> list[int]:
    return [item.id for item in list_items(list_code, on)]


class _Clocks:
    """Due dates for the demo's clocks, computed once per (rule, trigger day) on the DB calendar."""

    def __init__(self) -> None:
        self.calendar = load_working_calendar()
        self.cache: dict[tuple[str, date], Any] = {}

    def row(self, letter_id: int, rule_id: str, trigger_on: date, now: Any) -> dict[str, Any] | None:
        key = (rule_id, trigger_on)
        if key not in self.cache:
            try:
                self.cache[key] = evaluate(ClockInput(rule_id=rule_id, trigger_on=trigger_on), self.calendar)
            except DeadlineError:
                self.cache[key] = None
        outcome = self.cache[key]
        if outcome is None:
            return None
        return {
            "record_type": "letter",
            "record_id": letter_id,
            "rule_id": rule_id,
            "trigger_on": trigger_on,
            "variants": "",
            "base": None,
            "extension_days": [],
            "pauses": [],
            "obstacles": [],
            "due_on": outcome.due_on,
            "explanation": outcome.explanation,
            "calendar_version": outcome.calendar_version,
            "generation": outcome.generation,
            "opened_at": now,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }


def generate_letters(ctx: DemoContext) -> int:
    """`ctx.letters` letters: those handed in at the reception generator's visits, the rest by post,
    drop box, forwarded, a leader's hand-over or online; every type (anonymous information and mixed
    letters included), about 12% duplicates of earlier ones (the originals' repeat counts rise), half
    classified, a few assigned, D10 for all, D21 for denunciations, D14/D22 where classification opens
    them, and a few PDF/PNG attachments written through the attachment storage."""

    rng, now, agency_id = ctx.rng, utcnow(), ctx.agency_id
    total = ctx.letters
    first_day = ctx.today - timedelta(days=180)
    span = max((ctx.today - first_day).days, 1)

    citizen_ids = ctx.made.get("citizens") or list(
        db.session.scalars(sa.select(Citizen.id).where(Citizen.agency_id == agency_id).limit(5000))
    )
    officer_ids = list(
        db.session.scalars(
            sa.select(User.id).where(User.agency_id == agency_id, User.is_active.is_(True)).order_by(User.id)
        )
    )
    fields = {
        LetterType.COMPLAINT: _items("field_complaint", ctx.today),
        LetterType.DENUNCIATION: _items("field_denunciation", ctx.today),
        LetterType.PETITION: _items("field_petition", ctx.today),
    }
    fields[LetterType.ANONYMOUS] = fields[LetterType.DENUNCIATION]
    categories = _items("duplicate_category", ctx.today)
    ineligible = _items("ineligibility_reason", ctx.today)

    # 1. Letters handed in at the visits just generated (the reception book says "with a letter").
    visit_ids = ctx.made.get("visits") or []
    visits = []
    if visit_ids:
        visits = list(
            db.session.execute(
                sa.select(
                    Visit.id,
                    Visit.visited_on,
                    Visit.classification,
                    Visit.citizen_id,
                    Visit.case_id,
                    Visit.summary,
                )
                .where(Visit.id.in_(visit_ids), Visit.with_letter.is_(True), Visit.letter_id.is_(None))
                .order_by(Visit.id)
            )
        )[: total // 3]

    def base_row(kind: LetterType, received_on: date, channel: LetterChannel) -> dict[str, Any]:
        respondent = rng.choice(RESPONDENTS)
        summary = rng.choice(MATTERS.get(kind, MATTERS[LetterType.COMPLAINT]))
        signer = SignerKind.ONE
        if kind == LetterType.ANONYMOUS:
            signer = SignerKind.NONE
        elif rng.random() < 0.1:
            signer = SignerKind.SEVERAL
        forwarded = FORWARDERS.get(channel)
        return {
            "letter_type": kind,
            "complaint_subtype": (
                rng.choice((ComplaintSubtype.ADMINISTRATIVE,) * 4 + (ComplaintSubtype.DISCIPLINARY,))
                if kind == LetterType.COMPLAINT
                else None
            ),
            "status": LetterStatus.RECEIVED,
            "received_on": received_on,
            "letter_dated_on": received_on - timedelta(days=rng.randint(0, 10)),
            "summary": summary,
            "respondent": respondent,
            "citizen_id": None,
            "identity_ref_id": None,
            "case_id": None,
            "visit_id": None,
            "channel": channel,
            "forwarded_by": forwarded,
            "forwarded_doc_number": f"{rng.randint(10, 999)}/CV" if forwarded else None,
            "forwarded_doc_on": received_on - timedelta(days=rng.randint(1, 7)) if forwarded else None,
            "signer_kind": signer,
            "signer_count": rules.check_signers(signer, rng.randint(2, 30)),
            "place_text": f"Thôn {rng.randint(1, 12)}",
            "is_confidential": kind == LetterType.DENUNCIATION and rng.random() < 0.3,
            "is_urgent": rng.random() < 0.05,
            "prior_resolution": rng.choice(
                (PriorResolution.NOT_YET,) * 6 + (PriorResolution.RESOLVED_FIRST, PriorResolution.IN_PROGRESS)
            ),
            "result_requested": rng.random() < 0.3,
            "duplicate_decision": DuplicateDecision.NEW,
            "duplicate_of_id": None,
            "duplicate_category_item_id": None,
            "repeat_count": 0,
            "main_type": None,
        }

    rows: list[dict[str, Any]] = []
    visit_links: list[int | None] = []
    for visit_id, visited_on, klass, citizen_id, case_id, summary in visits:
        kind = {"COMPLAINT": LetterType.COMPLAINT, "DENUNCIATION": LetterType.DENUNCIATION}.get(
            getattr(klass, "name", str(klass)), LetterType.PETITION
        )
        row = base_row(kind, visited_on, LetterChannel.IN_PERSON)
        row.update(summary=summary, case_id=case_id, visit_id=visit_id)
        if kind != LetterType.DENUNCIATION:
            row["citizen_id"] = citizen_id
        rows.append(row)
        visit_links.append(visit_id)

    # 2. The rest: originals now, duplicates of them below.
    duplicates = max(int(total * DUPLICATE_SHARE), 1 if total >= 10 else 0)
    originals_wanted = max(total - len(rows) - duplicates, 0)
    kinds = [kind for kind, _ in TYPES]  # every type at least once, then by weight
    for index in range(originals_wanted):
        kind = kinds[index] if index < len(kinds) else _weighted(rng, TYPES)
        row = base_row(kind, first_day + timedelta(days=rng.randrange(span)), _weighted(rng, CHANNELS))
        if kind in (LetterType.COMPLAINT, LetterType.PETITION, LetterType.MIXED) and citizen_ids:
            row["citizen_id"] = rng.choice(citizen_ids)
        if kind == LetterType.MIXED:
            row["main_type"] = rng.choice((LetterType.COMPLAINT, LetterType.PETITION))
            row["summary"] = f"{MATTERS[LetterType.COMPLAINT][0]}; {MATTERS[LetterType.PETITION][0].lower()}"
        rows.append(row)
        visit_links.append(None)

    # Classification of about half of them (field, eligibility, competence).
    for row in rows:
        kind = rules.effective_type(row["letter_type"], row["main_type"])
        if rng.random() < 0.5 and fields.get(kind):
            row["field_item_id"] = rng.choice(fields[kind])
            row["is_eligible"] = rng.random() < 0.85 or not ineligible
            row["ineligibility_item_id"] = None if row["is_eligible"] else rng.choice(ineligible)
            row["is_within_competence"] = rng.random() < 0.6
            row["competent_body"] = (
                "Chủ tịch UBND tỉnh" if row["is_within_competence"] else "Chủ tịch UBND xã"
            )
            row["classified_at"] = now
        else:
            row.update(field_item_id=None, is_eligible=None, is_within_competence=None, competent_body="")
            row["ineligibility_item_id"] = None
            row["classified_at"] = None
        if kind == LetterType.ANONYMOUS:
            row["is_within_competence"] = None  # anonymous information runs D10 only
        if officer_ids and rng.random() < 0.2:
            row["assigned_officer_id"] = rng.choice(officer_ids)
            row["direction"] = "Đề nghị nghiên cứu, đề xuất hướng xử lý"
            row["status"] = LetterStatus.ASSIGNED
        else:
            row["assigned_officer_id"], row["direction"] = None, None

    # Duplicates: the same sender and matter, received later; the first letter of the chain counts them.
    originals = [i for i, row in enumerate(rows) if row["letter_type"] != LetterType.ANONYMOUS]
    duplicate_rows: list[tuple[int, dict[str, Any]]] = []
    for _ in range(min(duplicates, total - len(rows))):
        if not originals:
            break
        source = rng.choice(originals)
        original = rows[source]
        original["repeat_count"] += 1
        row = dict(original)
        row.update(
            received_on=min(original["received_on"] + timedelta(days=rng.randint(5, 60)), ctx.today),
            channel=_weighted(rng, CHANNELS),
            visit_id=None,
            status=LetterStatus.RECEIVED,
            assigned_officer_id=None,
            direction=None,
            repeat_count=0,
            duplicate_decision=DuplicateDecision.DUPLICATE,
            duplicate_category_item_id=rng.choice(categories) if categories else None,
        )
        forwarded = FORWARDERS.get(row["channel"])
        row.update(
            forwarded_by=forwarded,
            forwarded_doc_number=f"{rng.randint(10, 999)}/CV" if forwarded else None,
            forwarded_doc_on=row["received_on"] - timedelta(days=1) if forwarded else None,
            letter_dated_on=min(row["letter_dated_on"], row["received_on"]),
        )
        duplicate_rows.append((source, row))

    # 3. Register numbers in date order, reserved from each year's register counter.
    _number(agency_id, rows + [row for _, row in duplicate_rows])

    # 4. Denouncers' vault references (reference mode: a code, nothing personal).
    denunciations = [
        row for row in rows + [r for _, r in duplicate_rows] if row["letter_type"] == LetterType.DENUNCIATION
    ]
    codes = _reference_codes(rng, len(denunciations))
    ref_ids = bulk_insert(
        IdentityRef.__table__,
        [{"code": code, "mode": "reference", "agency_id": agency_id, "created_at": now} for code in codes],
    )
    for row, ref_id in zip(denunciations, ref_ids, strict=True):
        row["identity_ref_id"] = ref_id

    table = Letter.__table__
    letter_ids = bulk_insert(table, [_letter_row(row, agency_id, now) for row in rows])
    for source, row in duplicate_rows:
        row["duplicate_of_id"] = letter_ids[source]
    duplicate_ids = bulk_insert(table, [_letter_row(row, agency_id, now) for _, row in duplicate_rows])
    every = list(zip(letter_ids, rows, strict=True)) + list(
        zip(duplicate_ids, [row for _, row in duplicate_rows], strict=True)
    )

    # The visits now point at their letters.
    links = [
        {"b_id": visit_id, "b_letter": letter_id}
        for letter_id, visit_id in zip(letter_ids, visit_links, strict=True)
        if visit_id
    ]
    if links:
        db.session.execute(
            sa.update(Visit.__table__)
            .where(Visit.__table__.c.id == sa.bindparam("b_id"))
            .values(letter_id=sa.bindparam("b_letter")),
            links,
        )

    # Mixed letters' parts, status events, clocks.
    parts, events, clock_rows = [], [], []
    clocks = _Clocks()
    for letter_id, row in every:
        if row["letter_type"] == LetterType.MIXED:
            main = row["main_type"]
            other = LetterType.PETITION if main == LetterType.COMPLAINT else LetterType.COMPLAINT
            for position, (kind, is_main) in enumerate(((main, True), (other, False)), start=1):
                parts.append(
                    {
                        "letter_id": letter_id,
                        "position": position,
                        "letter_type": kind.name,
                        "complaint_subtype": ComplaintSubtype.ADMINISTRATIVE.name
                        if kind == LetterType.COMPLAINT
                        else None,
                        "summary": MATTERS[kind][0],
                        "is_main": is_main,
                    }
                )
        events.append(
            {
                "letter_id": letter_id,
                "status": "RECEIVED",
                "effective_on": row["received_on"],
                "recorded_at": now,
            }
        )
        if row["status"] == LetterStatus.ASSIGNED:
            events.append(
                {
                    "letter_id": letter_id,
                    "status": "ASSIGNED",
                    "effective_on": row["received_on"],
                    "recorded_at": now,
                }
            )
        wanted = list(rules.registration_clocks(row["letter_type"], row["main_type"]))
        if row["classified_at"] is not None and row["letter_type"] != LetterType.ANONYMOUS:
            wanted += sorted(
                rules.classification_clocks(row["letter_type"], row["main_type"], row["is_within_competence"])
                - set(wanted)
            )
        for rule_id in wanted:
            clock = clocks.row(letter_id, rule_id, row["received_on"], now)
            if clock is not None:
                clock_rows.append(clock)

    bulk_insert(LetterPart.__table__, parts)
    bulk_insert(LetterStatusEvent.__table__, events)
    bulk_insert(Clock.__table__, clock_rows)

    # A few scans: one PDF and one PNG to start with, through the storage's checks.
    attachments = []
    for number, (letter_id, row) in enumerate(every[: max(2, min(6, total // 50))]):
        if number % 2 == 0:
            stored = store_file(
                filename=f"don-{row['register_number']}.pdf",
                data=tiny_pdf(f"Don so {row['register_number']}"),
            )
        else:
            stored = store_file(filename=f"anh-chup-{row['register_number']}.png", data=tiny_png(number * 40))
        attachments.append(
            {
                "letter_id": letter_id,
                "original_name": stored.original_name,
                "stored_name": stored.stored_name,
                "content_type": stored.content_type,
                "size_bytes": stored.size_bytes,
                "sha256": stored.sha256,
                "uploaded_at": now,
                "is_removed": False,
            }
        )
    bulk_insert(LetterAttachment.__table__, attachments)
    ctx.made["letters"] = letter_ids + duplicate_ids
    return len(every)


def _letter_row(row: dict[str, Any], agency_id: int, now: Any) -> dict[str, Any]:
    """A Core row of `letter`: enums by name (as the ORM stores them), folded texts filled."""
    summary, respondent = normalise_text(row["summary"]), normalise_text(row["respondent"])
    values = {
        key: value.name
        if isinstance(
            value,
            LetterType
            | ComplaintSubtype
            | LetterStatus
            | LetterChannel
            | SignerKind
            | PriorResolution
            | DuplicateDecision,
        )
        else value
        for key, value in row.items()
    }
    values.update(
        summary=summary,
        summary_folded=fold_text(summary),
        respondent=respondent,
        respondent_folded=fold_text(respondent),
        register_agency_id=agency_id,
        agency_in_charge_id=agency_id,
        assigned_agency_id=None,
        is_void=False,
        version=1,
        created_at=now,
        updated_at=now,
    )
    return values


def _number(agency_id: int, rows: list[dict[str, Any]]) -> None:
    """Give register numbers in received order, per year, from one block of the register per year."""
    per_year = Counter(row["received_on"].year for row in rows)
    blocks = {
        year: iter(reserve_block(NumberKind.LETTER_REGISTER, agency_id, year, count))
        for year, count in sorted(per_year.items())
    }
    for row in sorted(rows, key=lambda r: r["received_on"]):
        year = row["received_on"].year
        row["register_year"], row["register_number"] = year, next(blocks[year])
