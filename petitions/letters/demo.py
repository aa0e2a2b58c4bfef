"""The letters generator of `petitions demo`: a batch's letters of every type, with duplicates, clocks,
status events, mixed letters' parts and (in the first batch) a few attachments.

Listed in petitions.cli.DEMO_GENERATORS after reception, whose cases (applicants, visits) it uses: each
case gets its first letter (handed in at its first visit when that visit took one), more letters go to
some cases later (duplicates, which raise the first letter's repeat count, or new letters in the same
case), and anonymous information comes with no case. A letter's state follows its age: old letters are
handled (filed, guided, forwarded to the competent body, accepted …) with their clocks closed; recent
ones are still open, and those past their handling date are the overdue ones. Register numbers are
given per office and year in date order from blocks reserved in the register (petitions.numbering), so
letters registered later through register_letter continue the sequence without a gap or a repeat.
No history rows: demo data is nobody's work.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from petitions.citizens.models import Citizen
from petitions.deadlines.models import Clock
from petitions.deadlines.queries import load_working_calendar
from petitions.deadlines.services import ClockInput, evaluate
from petitions.demo import MATTERS_BY_KIND, CasePlan, DemoAgency, DemoBatch, Weighted, folded, office_moment
from petitions.directory.models import Agency
from petitions.directory.queries import list_items
from petitions.domain import classification as rules
from petitions.domain.classification import DuplicateDecision, LetterChannel, PriorResolution, SignerKind
from petitions.domain.deadlines import HANDLING_RULE_IDS, DeadlineError
from petitions.domain.records import ComplaintSubtype, LetterStatus, LetterType
from petitions.domain.routing import RespondentLevel
from petitions.extensions import db
from petitions.letters.attachments import store_file
from petitions.letters.demo_handling import Handled, LetterHandling, follow_cases, number_papers
from petitions.letters.demo_handling import context as handling_context
from petitions.letters.models import Letter, LetterAttachment, LetterPart
from petitions.numbering import NumberKind
from petitions.referrals import demo as referral_demo
from petitions.routing.services import Proposer

ANONYMOUS_SHARE = 0.08
FORWARDERS = {
    LetterChannel.DEPUTY: "Đoàn đại biểu Quốc hội tỉnh",
    LetterChannel.FRONT: "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    LetterChannel.PRESS: "Báo Nhân Dân, Ban Bạn đọc",
    LetterChannel.AGENCY: "Thanh tra Chính phủ",
}
# Letters not handed in at a visit come by these channels (weights).
CHANNELS = Weighted(
    (
        (LetterChannel.POST, 40),
        (LetterChannel.DROP_BOX, 8),
        (LetterChannel.DEPUTY, 10),
        (LetterChannel.FRONT, 8),
        (LetterChannel.PRESS, 5),
        (LetterChannel.AGENCY, 10),
        (LetterChannel.LEADER, 5),
        (LetterChannel.ONLINE, 8),
    )
)
_TYPE = {
    "complaint": LetterType.COMPLAINT,
    "petition": LetterType.PETITION,
    "denunciation": LetterType.DENUNCIATION,
    "mixed": LetterType.MIXED,
}
_OPEN = (LetterStatus.RECEIVED, LetterStatus.ASSIGNED, LetterStatus.PROPOSED)
CLOSED_BY_HANDLING = "Đã xử lý đơn (dữ liệu mẫu)"


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



class _Clocks:
    """Due dates for the demo's clocks, computed once per (rule, trigger day) on the DB calendar."""

    def __init__(self) -> None:
        self.calendar = load_working_calendar()
        self.cache: dict[tuple[str, date, tuple[str, ...]], Any] = {}

    def row(
        self, letter_id: int, rule_id: str, trigger_on: date, now: datetime, variants: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        key = (rule_id, trigger_on, variants)
        if key not in self.cache:
            try:
                self.cache[key] = evaluate(
                    ClockInput(rule_id=rule_id, trigger_on=trigger_on, variants=variants), self.calendar
                )
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
            "variants": ",".join(variants),
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



def _lookups(batch: DemoBatch) -> dict[str, Any]:
    """Per-run lookups: the classification lists in force today, the clocks, the offices' weights."""
    cache = batch.run.cache
    if "letters" not in cache:
        today = batch.today

        def items(list_code: str) -> list[int]:
            return [item.id for item in list_items(list_code, today)]

        fields = {
            LetterType.COMPLAINT: items("field_complaint"),
            LetterType.DENUNCIATION: items("field_denunciation"),
            LetterType.PETITION: items("field_petition"),
        }
        fields[LetterType.ANONYMOUS] = fields[LetterType.DENUNCIATION]
        cache["letters"] = {
            "fields": fields,
            "categories": items("duplicate_category"),
            "ineligible": {item.code: item.id for item in list_items("ineligibility_reason", today)},
            "clocks": _Clocks(),
            "routing": Proposer(today),
            "routed": {},  # (type, subtype, field, competent body) → the row's routing fields
            "units": dict(db.session.execute(sa.select(Agency.id, Agency.unit_id).where(Agency.unit_id.is_not(None))).all()),
            "agencies": Weighted(
                (a, {"board": 30.0, "province": 4.0, "inspectorate": 8.0, "department": 2.5, "commune": 1.6}.get(a.kind, 0.5))
                for a in batch.agencies.all
            ),
        }
    lookups: dict[str, Any] = cache["letters"]
    return lookups


def _letter(
    batch: DemoBatch,
    *,
    kind: LetterType,
    main: LetterType | None,
    summary: str,
    respondent: str,
    agency: DemoAgency,
    competent: DemoAgency,
    received_on: date,
    channel: LetterChannel,
    disciplinary: bool = False,
) -> dict[str, Any]:
    rng = batch.rng
    forwarded = FORWARDERS.get(channel)
    signer = SignerKind.NONE if kind == LetterType.ANONYMOUS else (SignerKind.SEVERAL if rng.random() < 0.1 else SignerKind.ONE)
    created = office_moment(received_on, rng)
    return {
        "register_agency_id": agency.id,
        "agency_in_charge_id": agency.id,
        "assigned_agency_id": None,
        "letter_type": kind,
        "complaint_subtype": (ComplaintSubtype.DISCIPLINARY if disciplinary else ComplaintSubtype.ADMINISTRATIVE)
        if kind == LetterType.COMPLAINT
        else None,
        "main_type": main,
        "status": LetterStatus.RECEIVED,
        "received_on": received_on,
        "letter_dated_on": received_on - timedelta(days=rng.randint(0, 10)),
        "summary": summary,
        "summary_folded": folded(summary),
        "respondent": respondent,
        "respondent_folded": folded(respondent),
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
        "place_text": f"Thôn {rng.randint(1, 15)}",
        "is_confidential": kind == LetterType.DENUNCIATION and rng.random() < 0.3,
        "is_urgent": False,  # an urgent report sets it (demo_handling)
        "urgent_reported_at": None,
        "urgent_reason": None,
        "urgent_acknowledged_at": None,
        "proposal_document_id": None,
        "filed_on": None,
        "destruction_document_id": None,
        "first_handled_on": None,  # the handling's steps fold their events in (demo_handling.LetterHandling.step)
        "first_handling_route": None,
        "prior_resolution": rng.choice((PriorResolution.NOT_YET,) * 6 + (PriorResolution.RESOLVED_FIRST, PriorResolution.IN_PROGRESS)),
        "result_requested": rng.random() < 0.3,
        "registered_by_id": None,
        "duplicate_decision": DuplicateDecision.NEW,
        "duplicate_of_id": None,
        "duplicate_category_item_id": None,
        "repeat_count": 0,
        "field_item_id": None,
        "is_eligible": None,
        "ineligibility_item_id": None,
        "competent_body": "",
        **NO_ROUTING,
        "is_within_competence": None,
        "classified_at": None,
        "classified_by_id": None,
        "assigned_officer_id": None,
        "direction": None,
        "is_void": False,
        "version": 1,
        "created_at": created,
        "updated_at": created,
        "_competent": competent,
    }


def _classify(batch: DemoBatch, row: dict[str, Any], lookups: dict[str, Any]) -> None:
    """Classify the letter as its officer did in its first days (field, eligibility, competence)."""
    rng = batch.rng
    kind = rules.effective_type(row["letter_type"], row["main_type"])
    competent: DemoAgency = row["_competent"]
    within = competent.id == row["agency_in_charge_id"]
    if lookups["fields"].get(kind):
        failed = _FAILED_CONDITION.draw(rng) if rng.random() < _INELIGIBLE_SHARE else None
        key = (row["letter_type"], row["main_type"], failed)
        verdict = _VERDICTS.get(key)
        if verdict is None:  # the domain's rule, once per kind of letter and failed condition
            verdict = _VERDICTS[key] = rules.eligibility(_intake_facts(row, failed), main_type=row["main_type"])
        field = rng.choice(lookups["fields"][kind])
        row.update(
            field_item_id=field,
            is_eligible=verdict.eligible,
            ineligibility_item_id=lookups["ineligible"].get(verdict.reason_code or ""),
            is_within_competence=None if row["letter_type"] == LetterType.ANONYMOUS else within,
            competent_body=competent.name,
            classified_at=office_moment(batch.later_day(row["received_on"], 1, 6), rng),
            **_routing(lookups, row, kind, field, competent),
        )


# Letters' routing fields are empty until the letter is classified.
NO_ROUTING: dict[str, Any] = {
    "place_unit_id": None, "respondent_level": None, "respondent_agency_id": None, "competent_agency_id": None,
    "routing_rule_id": None, "routing_override_reason": None,
}
# Who a demo letter is about, by the kind of its competent body and the letter's type: a commune's committee or
# one of its officials, a department or one of its officers, the province's committee.
_RESPONDENT = {
    ("commune", LetterType.COMPLAINT): RespondentLevel.COMMUNE_CHAIRMAN,
    ("commune", LetterType.DENUNCIATION): RespondentLevel.COMMUNE_OFFICIAL,
    ("department", LetterType.COMPLAINT): RespondentLevel.DEPARTMENT_HEAD,
    ("department", LetterType.DENUNCIATION): RespondentLevel.DEPARTMENT_OFFICIAL,
    ("inspectorate", LetterType.DENUNCIATION): RespondentLevel.DEPARTMENT_OFFICIAL,
    ("province", LetterType.COMPLAINT): RespondentLevel.PROVINCE_CHAIRMAN,
}


def _routing(
    lookups: dict[str, Any], row: dict[str, Any], kind: LetterType, field: int, competent: DemoAgency
) -> dict[str, Any]:
    """The letter's routing facts and the body the seeded rules propose (petitions.routing: the rules and the
    directory read once per run, each distinct set of facts routed once). The demo's own competent body
    stands where no rule proposes one, and where a rule proposes another the officer's choice carries a reason."""
    subtype = row["complaint_subtype"] if kind == LetterType.COMPLAINT else None
    key = (kind, subtype, field, competent.id)
    routed: dict[str, Any] | None = lookups["routed"].get(key)
    if routed is None:  # each distinct set of facts once (the row's fields follow from them)
        level = _RESPONDENT.get((competent.kind, kind))
        place = lookups["units"].get(competent.id)
        outcome = lookups["routing"](
            letter_type=kind, complaint_subtype=subtype, field_item_id=field, place_unit_id=place,
            respondent_level=level, respondent_agency_id=competent.id if level is not None else None,
        )
        proposed = outcome.agency_id
        routed = lookups["routed"][key] = {
            "place_unit_id": place,
            "respondent_level": level,
            "respondent_agency_id": competent.id if level is not None else None,
            "competent_agency_id": competent.id,
            "routing_rule_id": outcome.rule.id if proposed == competent.id and outcome.rule else None,
            "routing_override_reason": "Theo ý kiến chỉ đạo của lãnh đạo" if proposed not in (None, competent.id) else None,
        }
    return routed


# What makes one letter in ten ineligible (TT 05/2021 Đ6), as officers meet it. Every demo letter of a
# case has a writer on record with an address, so "no name or address" never applies to those; anonymous
# information is never eligible (the domain's rule says so, whatever is drawn here).
_INELIGIBLE_SHARE = 0.1
_FAILED_CONDITION = Weighted(
    (("content_complete", 0.5), ("signed", 0.3), ("dated", 0.15), ("in_vietnamese", 0.05))
)


_VERDICTS: dict[tuple[LetterType, LetterType | None, str | None], rules.Eligibility] = {}


def _intake_facts(row: dict[str, Any], failed: str | None) -> rules.IntakeFacts:
    """The facts the officer read, with at most one failed condition (drawn by the caller: one letter in ten),
    judged by the domain's eligibility rule."""
    anonymous = row["letter_type"] == LetterType.ANONYMOUS
    declared = LetterType.DENUNCIATION if anonymous else row["letter_type"]
    return rules.IntakeFacts(
        declared_type=declared, writer_identified=not anonymous, content_complete=failed != "content_complete",
        signed=failed != "signed", dated=failed != "dated", in_vietnamese=failed != "in_vietnamese",
    )


def _unclassified(row: dict[str, Any]) -> None:
    """A letter nobody has opened yet carries no classification."""
    row.update(field_item_id=None, is_eligible=None, ineligibility_item_id=None, is_within_competence=None,
               competent_body="", classified_at=None, classified_by_id=None, **NO_ROUTING)


def generate_letters(batch: DemoBatch) -> int:
    """The batch's letters (see the module's docstring); returns how many."""
    rng, lookups = batch.rng, _lookups(batch)
    cases: list[CasePlan] = batch.made.get("cases", [])
    anonymous = max(round(batch.letters * ANONYMOUS_SHARE), 1 if batch.letters >= 5 else 0)
    budget = batch.letters - anonymous
    rows: list[dict[str, Any]] = []
    firsts: list[tuple[CasePlan, dict[str, Any]]] = []

    def case_letter(plan: CasePlan, received_on: date, channel: LetterChannel) -> dict[str, Any]:
        kind = _TYPE[plan.kind]
        main = _TYPE[plan.matter.kind] if kind == LetterType.MIXED else None
        summary = plan.matter.summary
        if kind == LetterType.MIXED:
            other = MATTERS_BY_KIND["petition" if plan.matter.kind == "complaint" else "complaint"][0]
            summary = f"{summary}; {other.summary[0].lower()}{other.summary[1:]}"
        row = _letter(batch, kind=kind, main=main, summary=summary, respondent=plan.respondent, agency=plan.agency,
                      competent=plan.competent, received_on=received_on, channel=channel,
                      disciplinary=plan.matter.disciplinary)
        row.update(case_id=plan.id, citizen_id=plan.citizen_id, identity_ref_id=plan.identity_ref_id)
        return row

    # 1. Every case's first letter: handed in at its first visit when that visit took one.
    for plan in cases[:budget]:
        visit = plan.visits[0] if plan.visits and plan.visits[0]["with_letter"] else None
        if visit is not None:
            row = case_letter(plan, visit["visited_on"], LetterChannel.IN_PERSON)
            row["_visit"] = visit
        else:
            row = case_letter(plan, plan.opened_on, CHANNELS.draw(rng))
        rows.append(row)
        firsts.append((plan, row))
    # 2. More letters on some cases: the same letter again (a duplicate) or a new one in the case.
    last_day = {plan.id: row["received_on"] for plan, row in firsts}
    for _ in range(budget - len(firsts)):
        if not firsts:
            break
        for _attempt in range(8):  # a case whose next letter can still come before today
            plan, first = rng.choice(firsts)
            if (batch.today - last_day[plan.id]).days >= 5:
                break
        day = batch.later_day(last_day[plan.id], 5, 120)
        last_day[plan.id] = day
        row = case_letter(plan, day, CHANNELS.draw(rng))
        if rng.random() < 0.7:
            first["repeat_count"] += 1
            row.update(duplicate_decision=DuplicateDecision.DUPLICATE, _original=first,
                       duplicate_category_item_id=rng.choice(lookups["categories"]) if lookups["categories"] else None)
        else:
            row["duplicate_decision"] = DuplicateDecision.EXISTING_CASE
        rows.append(row)
    # 3. Anonymous information: no case, no writer.
    for _ in range(anonymous + max(budget - len(rows), 0)):
        matter = rng.choice(MATTERS_BY_KIND["anonymous"])
        agency: DemoAgency = lookups["agencies"].draw(rng)
        communes = batch.agencies.of_kind("commune")
        commune = rng.choice(communes) if communes else None
        respondent = matter.respondent.replace("{commune}", commune.name.replace("Ủy ban nhân dân ", "") if commune else "xã")
        rows.append(
            _letter(batch, kind=LetterType.ANONYMOUS, main=None, summary=matter.summary, respondent=respondent,
                    agency=agency, competent=batch.agencies.competent(matter, commune), received_on=batch.day(),
                    channel=rng.choice((LetterChannel.POST, LetterChannel.DROP_BOX, LetterChannel.ONLINE)))
        )

    # Ids and register numbers in date order (an original always before its duplicates).
    rows.sort(key=lambda r: r["received_on"])  # stable: an original made before its duplicates stays first
    table = Letter.__table__
    by_register: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        row["id"] = batch.new_id(table)
        by_register[(row["register_agency_id"], row["received_on"].year)].append(row)
    blocks = batch.reserve(NumberKind.LETTER_REGISTER, {key: len(numbered) for key, numbered in by_register.items()})
    for key, numbered in sorted(by_register.items()):
        for row, number in zip(numbered, blocks[key], strict=True):
            row["register_year"], row["register_number"] = key[1], number
    ctx = handling_context(batch)
    batch.made["citizens"] = {c["id"]: c for c in batch.rows.get(Citizen.__table__.name, ())}
    for row in rows:
        if "_original" in row:
            row["duplicate_of_id"] = row["_original"]["id"]
        if "_visit" in row:
            row["visit_id"] = row["_visit"]["id"]
            row["_visit"]["letter_id"] = row["id"]
        parts = _parts(batch, row)
        _classify(batch, row, lookups)
        handled = LetterHandling(batch, ctx, row, parts).run()
        if row["status"] == LetterStatus.RECEIVED and rng.random() < 0.5:
            _unclassified(row)
        elif row["classified_at"] is not None:
            row["classified_by_id"] = row["assigned_officer_id"] or row["registered_by_id"]
        _clocks(batch, row, handled, lookups)
        batch.add(table, row)
    follow_cases(batch, rows, lookups["clocks"])  # the cases their handling accepted or ended
    number_papers(batch)
    if batch.first_index == 0:
        _attachments(batch, rows[: max(2, min(6, len(rows) // 50))])
    return len(rows)


def _parts(batch: DemoBatch, row: dict[str, Any]) -> list[dict[str, Any]]:
    """A mixed letter's contents, its main one first."""
    if row["letter_type"] != LetterType.MIXED:
        return []
    table = LetterPart.__table__
    main = row["main_type"]
    other = LetterType.PETITION if main == LetterType.COMPLAINT else LetterType.COMPLAINT
    pieces = row["summary"].split("; ", 1)
    made = []
    for position, (kind, is_main) in enumerate(((main, True), (other, False)), start=1):
        made.append(batch.add(table, {
            "id": batch.new_id(table), "letter_id": row["id"], "position": position, "letter_type": kind,
            "complaint_subtype": ComplaintSubtype.ADMINISTRATIVE if kind == LetterType.COMPLAINT else None,
            "summary": pieces[position - 1] if len(pieces) > 1 else row["summary"], "is_main": is_main,
        }))
    return made


def _clocks(batch: DemoBatch, row: dict[str, Any], handled: Handled, lookups: dict[str, Any]) -> None:
    """The clocks registration and classification opened, each closed when the handling stopped it (the
    route paper's effect, the filing); the letter's handling due date from those still running."""
    letter_id, received_at = row["id"], row["created_at"]
    wanted = list(rules.registration_clocks(row["letter_type"], row["main_type"]))
    if row["classified_at"] is not None and row["letter_type"] != LetterType.ANONYMOUS:
        wanted += sorted(
            rules.classification_clocks(row["letter_type"], row["main_type"], row["is_within_competence"]) - set(wanted)
        )
    handling_due: date | None = None
    table = Clock.__table__
    for rule_id in wanted:
        clock = lookups["clocks"].row(letter_id, rule_id, row["received_on"], received_at)
        if clock is None:
            continue
        closed_at, reason = handled.stops.get(rule_id, (None, None))
        clock.update(id=batch.new_id(table), closed_at=closed_at, close_reason=reason, paused_since=None,
                     opened_by_id=None)
        batch.add(table, clock)
        if closed_at is None and rule_id in HANDLING_RULE_IDS and clock["due_on"] is not None:
            handling_due = clock["due_on"] if handling_due is None else min(handling_due, clock["due_on"])
    if handled.d9_from is not None:
        clock = lookups["clocks"].row(letter_id, "D9", handled.d9_from, received_at, variants=("requested",))
        if clock is not None:
            closed_at, reason = handled.d9_closed or (None, None)
            clock.update(id=batch.new_id(table), closed_at=closed_at, close_reason=reason, paused_since=None,
                         opened_by_id=None)
            batch.add(table, clock)
    # The row's projection of its open handling clocks, by the rule of deadlines.services.refresh_handling_due.
    row["handling_due_on"] = handling_due
    referral_demo.clocks(batch, row, lookups["clocks"])


def _attachments(batch: DemoBatch, rows: list[dict[str, Any]]) -> None:
    """A few scans (a PDF, a PNG, …) written through the attachment storage's checks."""
    table = LetterAttachment.__table__
    for number, row in enumerate(rows):
        label = f"{row['register_number']}-{row['register_year']}"
        if number % 2 == 0:
            stored = store_file(filename=f"don-{label}.pdf", data=tiny_pdf(f"Don so {label}"))
        else:
            stored = store_file(filename=f"anh-chup-{label}.png", data=tiny_png(number * 40))
        batch.add(table, {
            "id": batch.new_id(table), "letter_id": row["id"], "original_name": stored.original_name,
            "stored_name": stored.stored_name, "content_type": stored.content_type, "size_bytes": stored.size_bytes,
            "sha256": stored.sha256, "uploaded_at": batch.now, "uploaded_by_id": None, "is_removed": False,
        })
