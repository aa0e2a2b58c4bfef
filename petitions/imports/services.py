"""Importing a book: every row read, checked and registered through the same services as the intake screens,
all or nothing.

- **Checks.** Each cell is read by its column's kind (dates dd/mm/yyyy or Excel dates, counts, mapped words);
  a row whose cells pass is then registered through reception's or letters' own service, inside a savepoint,
  so their rules (outcome details, signers, forwarding papers, a denouncer's identity to the vault) apply to
  imported rows exactly as to typed ones, and a refused row leaves nothing behind. Every problem is reported
  with its sheet, row and column; the reading goes on to the end so that the office sees all of them at once.
- **All or nothing.** One problem anywhere and nothing is imported: the whole transaction is rolled back. This
  is why, unlike other services, `import_book` ends its own transaction (commit or rollback): the import is
  the unit the officer asked for. A dry run always rolls back, after the same checks.
- **Once only.** A row key already imported for the office and sheet is skipped (counted, not an error); a
  row key twice in the same book is a problem.
- **Decided here** (DOMAIN is silent on importing old books): imported records are registered as the intake
  would have registered them on their own dates — numbered in the book of their year, with their statutory
  clocks started from those dates — and their history says which file and row they came from. Handling that
  happened outside the system is not imported; the office records it, or files the letter, afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from petitions.auth.models import User
from petitions.citizens.services import CitizenInput
from petitions.clock import local_today
from petitions.directory.models import Agency, ReferenceItem
from petitions.domain.classification import LetterChannel, SignerKind
from petitions.domain.dates import InvalidDate, check_date, parse_written_date
from petitions.domain.reception import VisitClass, VisitOutcome
from petitions.domain.records import ComplaintSubtype, IdType, LetterType
from petitions.domain.text import fold_text, normalise_text
from petitions.domain.types import DomainError
from petitions.extensions import db
from petitions.history import history_context
from petitions.imports.labels import Targets, mapping_targets
from petitions.imports.layout import LETTERS, SHEETS, VISITS, Column, MappingKind, Sheet, ValueKind
from petitions.imports.models import ImportedRow, ImportMapping
from petitions.imports.reader import RawSheet, open_book
from petitions.letters.services import DuplicateChoice, LetterInput, WriterInput, register_as_decided
from petitions.reception.services import VisitInput, register_visit
from petitions.scoping import check_acting_for, get_visible_or_404

Progress = Callable[[str, int, int], None]  # (sheet title, rows registered so far, rows to register)


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    file_name: str
    dry_run: bool
    imported: dict[str, int] = field(default_factory=dict)  # sheet title → rows registered (or that would be)
    skipped: dict[str, int] = field(default_factory=dict)  # sheet title → rows already imported earlier
    problems: list[Problem] = field(default_factory=list)
    unmapped: dict[MappingKind, set[str]] = field(default_factory=dict)  # words the mapping table lacks

    @property
    def committed(self) -> bool:
        return not self.dry_run and not self.problems


class _RowProblem(Exception):
    def __init__(self, column: Column | None, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


# ---------------------------------------------------------------------------------------------------------
# Mapping the office's words
# ---------------------------------------------------------------------------------------------------------


class Mapper:
    """Turns a mapped column's text into a code: the mapping table first, then the screens' own words."""

    def __init__(self, targets: Targets) -> None:
        self.targets = targets
        self.table: dict[tuple[str, str], str] = {
            (row.kind, row.source_folded): row.target for row in db.session.scalars(sa.select(ImportMapping))
        }
        self.automatic: dict[tuple[str, str], str] = {}
        for kind, codes in targets.items():
            for code, words in codes.items():
                self.automatic.setdefault((kind.value, fold_text(code)), code)
                self.automatic.setdefault((kind.value, fold_text(words)), code)

    def code(self, kind: MappingKind, text: str) -> str | None:
        key = (kind.value, fold_text(text))
        code = self.table.get(key) or self.automatic.get(key)
        return code if code is not None and code in self.targets[kind] else None


def add_mapping(*, kind: MappingKind, source_text: str, target: str, actor: User) -> ImportMapping:
    """Record that a book's word means a code (replacing an earlier meaning of the same word)."""
    source = normalise_text(source_text)
    folded = fold_text(source)
    if not folded:
        raise DomainError("Hãy nhập giá trị như trong sổ.")
    if target not in mapping_targets(actor)[kind]:
        raise DomainError("Giá trị đích không có trong danh mục.")
    row = db.session.scalar(
        sa.select(ImportMapping).where(ImportMapping.kind == kind.value, ImportMapping.source_folded == folded)
    )
    if row is None:
        row = ImportMapping(kind=kind.value, source_folded=folded)
        db.session.add(row)
    row.source_text = source[:500]
    row.target = target
    row.created_by_id = actor.id
    db.session.flush()
    return row


def delete_mapping(mapping_id: int) -> None:
    # The table is the province's: every row is in the keeper's scope; an unknown id answers 404.
    row = get_visible_or_404(sa.select(ImportMapping), mapping_id)
    db.session.delete(row)
    db.session.flush()


# ---------------------------------------------------------------------------------------------------------
# Reading cells
# ---------------------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an ID number typed as a number arrives as 1.23e11
    return normalise_text(str(value))


def _day(value: Any, column: Column, today: date) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        try:
            return parse_written_date(_text(value), what=column.header, today=today)
        except InvalidDate as refused:
            raise _RowProblem(column, str(refused)) from None
    try:
        return check_date(day, what=column.header, today=today)
    except InvalidDate as refused:
        raise _RowProblem(column, str(refused)) from None


def _count(value: Any, column: Column) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise _RowProblem(column, f"«{_text(value)}» không phải một số.") from None
    if not number.is_integer() or number < 1:
        raise _RowProblem(column, "Cần một số nguyên từ 1 trở lên.")
    return int(number)


def _cells(sheet: Sheet, header: tuple[Any, ...]) -> tuple[dict[str, int], list[Column]]:
    """Where each column of the layout is in this sheet, and the required columns it lacks."""
    positions: dict[str, int] = {}
    by_header = {column.folded_header: column for column in sheet.columns}
    for index, title in enumerate(header):
        column = by_header.get(fold_text(_text(title)))
        if column is not None and column.key not in positions:
            positions[column.key] = index
    return positions, [column for column in sheet.columns if column.required and column.key not in positions]


def _values(
    sheet: Sheet, row: tuple[Any, ...], positions: dict[str, int], mapper: Mapper, today: date,
    problems: list[tuple[Column, str]], unmapped: dict[MappingKind, set[str]],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in sheet.columns:
        index = positions.get(column.key)
        raw = row[index] if index is not None and index < len(row) else None
        try:
            if column.kind is ValueKind.DATE:
                value: Any = _day(raw, column, today)
            elif column.kind is ValueKind.COUNT:
                value = _count(raw, column)
            else:
                value = _text(raw)
                if len(value) > column.max_length:
                    raise _RowProblem(column, f"Dài quá {column.max_length} ký tự.")
                if value and column.kind is ValueKind.MAPPED:
                    assert column.mapping is not None
                    code = mapper.code(column.mapping, value)
                    if code is None:
                        unmapped.setdefault(column.mapping, set()).add(value)
                        raise _RowProblem(column, f"«{value}» chưa có trong bảng ánh xạ; hãy thêm ánh xạ rồi nhập lại.")
                    value = code
            if column.required and value in (None, ""):
                raise _RowProblem(column, "Ô bắt buộc đang để trống.")
        except _RowProblem as problem:
            problems.append((column, problem.message))
            value = None
        values[column.key] = value
    return values


# ---------------------------------------------------------------------------------------------------------
# Registering rows
# ---------------------------------------------------------------------------------------------------------


def _refusal_ground_id(code: str | None) -> int | None:
    if not code:
        return None
    return db.session.scalar(
        sa.select(ReferenceItem.id).where(ReferenceItem.list_code == "refusal_ground", ReferenceItem.code == code)
    )


def _register_visit(values: dict[str, Any], *, agency_id: int, actor: User) -> int:
    outcome = VisitOutcome(values["outcome"])
    detail = values["outcome_detail"] or ""
    number = values["id_number"] or None
    visit = register_visit(
        VisitInput(
            agency_id=agency_id,
            visited_on=values["visited_on"],
            classification=VisitClass(values["classification"]),
            summary=values["summary"],
            complaint_subtype=ComplaintSubtype(values["complaint_subtype"]) if values["complaint_subtype"] else None,
            outcome=outcome,
            person=CitizenInput(
                full_name=values["full_name"],
                id_type=IdType.CCCD if number else None,
                id_number=number,
                address_text=values["address"] or None,
            ),
            headcount=values["headcount"] or 1,
            # An old book's "content" column is what the citizen presented; a letter handed in is the letter.
            with_letter=outcome is VisitOutcome.LETTER_RECEIVED,
            guided_to=detail if outcome is VisitOutcome.GUIDED else "",
            forwarded_to=detail if outcome is VisitOutcome.FORWARDED else "",
            refusal_ground_id=_refusal_ground_id(values["refusal_ground"]),
            refusal_explanation=detail if outcome is VisitOutcome.REFUSED else "",
        ),
        actor=actor,
    )
    return visit.id


def _register_letter(values: dict[str, Any], *, agency_id: int, actor: User) -> int:
    """A letter of the old register, as the registration page registers one marked new after the duplicate check
    (decided: an import does not decide duplicates for the office; the register's own numbers and cases follow)."""
    letter_type = LetterType(values["letter_type"])
    signers = values["signer_count"] or 1
    if letter_type is LetterType.ANONYMOUS and not values["full_name"]:
        signer_kind, signers = SignerKind.NONE, 0
    else:
        signer_kind = SignerKind.ONE if signers == 1 else SignerKind.SEVERAL
    number = values["id_number"] or ""
    letter = register_as_decided(
        LetterInput(
            received_on=values["received_on"],
            channel=LetterChannel(values["channel"]),
            letter_type=letter_type,
            agency_id=agency_id,
            summary=values["summary"],
            complaint_subtype=ComplaintSubtype(values["complaint_subtype"]) if values["complaint_subtype"] else None,
            letter_dated_on=values["letter_dated_on"],
            forwarded_by=values["forwarded_by"] or None,
            forwarded_doc_number=values["forwarded_doc_number"] or None,
            forwarded_doc_on=values["forwarded_doc_on"],
            signer_kind=signer_kind,
            signer_count=signers,
        ),
        writer=WriterInput(
            full_name=values["full_name"] or "", id_type=IdType.CCCD if number else None, id_number=number,
            address=values["address"] or "",
        ),
        choice=DuplicateChoice(),
        offers=[],
        actor=actor,
    )
    return letter.id


Register = Callable[..., int]
REGISTERS: dict[str, Register] = {VISITS.key: _register_visit, LETTERS.key: _register_letter}

# The services' field names that are not a column's key, for placing their refusals in the right column.
_FIELD_COLUMNS = {
    "guided_to": "outcome_detail",
    "forwarded_to": "outcome_detail",
    "refusal_explanation": "outcome_detail",
    "refusal_ground_id": "refusal_ground",
    "chosen_citizen": "full_name",
}


def _agency_ids(codes: set[str]) -> dict[str, int]:
    if not codes:
        return {}
    return dict(db.session.execute(sa.select(Agency.code, Agency.id).where(Agency.code.in_(codes))).tuples())


def _imported_keys(agency_id: int, sheet: Sheet, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(
            db.session.scalars(
                sa.select(ImportedRow.row_key).where(
                    ImportedRow.agency_id == agency_id,
                    ImportedRow.sheet == sheet.key,
                    ImportedRow.row_key.in_(keys[start:start + 500]),
                )
            )
        )
    return found


def _data_rows(raw: RawSheet) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, row in enumerate(raw.rows, start=2):
        if any(_text(value) for value in row):
            yield number, row


def _import_sheet(
    sheet: Sheet, raw: RawSheet, header: tuple[Any, ...], *, agency_id: int, actor: User, mapper: Mapper,
    result: ImportResult, progress: Progress | None,
) -> None:
    positions, missing = _cells(sheet, header)
    for column in missing:
        result.problems.append(Problem(raw.title, 1, column.header, "Thiếu cột bắt buộc này ở dòng tiêu đề."))
    if missing:
        return
    today = local_today()
    parsed: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for number, row in _data_rows(raw):
        cell_problems: list[tuple[Column, str]] = []
        values = _values(sheet, row, positions, mapper, today, cell_problems, result.unmapped)
        key = values["row_key"]
        if key and key in seen:
            cell_problems.append((sheet.column("row_key"), f"Mã dòng «{key}» trùng với dòng {seen[key]}."))
        elif key:
            seen[key] = number
        for column, message in cell_problems:
            result.problems.append(Problem(raw.title, number, column.header, message))
        if not cell_problems:
            parsed.append((number, values))
    done_before = _imported_keys(agency_id, sheet, [values["row_key"] for _, values in parsed])
    agencies = _agency_ids({values["agency"] for _, values in parsed if values.get("agency")})
    register = REGISTERS[sheet.key]
    imported = skipped = 0
    for done, (number, values) in enumerate(parsed, start=1):
        if progress is not None and (done % 50 == 0 or done == len(parsed)):
            progress(raw.title, done, len(parsed))
        if values["row_key"] in done_before:
            skipped += 1
            continue
        row_agency = agencies.get(values.get("agency") or "", agency_id)
        try:
            with db.session.begin_nested():
                reason = f"Nhập từ sổ «{result.file_name}», trang {raw.title}, dòng {number}"
                with history_context(actor=actor, reason=reason):
                    check_acting_for(actor, row_agency)
                    record_id = register(values, agency_id=row_agency, actor=actor)
                    db.session.add(
                        ImportedRow(
                            agency_id=agency_id, sheet=sheet.key, row_key=values["row_key"], record_id=record_id,
                            file_name=result.file_name[:255], imported_by_id=actor.id,
                        )
                    )
                    db.session.flush()
            imported += 1
        except DomainError as refused:
            name = _FIELD_COLUMNS.get(getattr(refused, "field", None) or "", getattr(refused, "field", None))
            column_name = next((c.header for c in sheet.columns if c.key == name), "—")
            result.problems.append(Problem(raw.title, number, column_name, str(refused)))
    result.imported[raw.title] = imported
    result.skipped[raw.title] = skipped


def import_book(
    content: bytes, *, file_name: str, agency_id: int, actor: User, dry_run: bool, progress: Progress | None = None
) -> ImportResult:
    """Check and import a book into an office's records; commits only when every row passed and this is not a
    dry run, rolls back otherwise (see the module's docstring)."""
    result = ImportResult(file_name=file_name, dry_run=dry_run)
    try:
        check_acting_for(actor, agency_id)
        sheets = open_book(content)
        mapper = Mapper(mapping_targets(actor))
        known = {fold_text(sheet.title): sheet for sheet in SHEETS if sheet.key in REGISTERS}
        found_any = False
        for raw in sheets:
            sheet = known.get(fold_text(raw.title))
            if sheet is None:
                continue
            found_any = True
            header = next(raw.rows, ())
            _import_sheet(
                sheet, raw, header, agency_id=agency_id, actor=actor, mapper=mapper, result=result, progress=progress
            )
        if not found_any:
            names = ", ".join(f"«{sheet.title}»" for sheet in known.values())
            result.problems.append(Problem("—", 0, "—", f"Sổ không có trang nào tên {names} (xem mẫu sổ)."))
    except DomainError as refused:
        result.problems.append(Problem("—", 0, "—", str(refused)))
    if result.committed:
        db.session.commit()
    else:
        db.session.rollback()
    return result


def result_json(result: ImportResult) -> dict[str, Any]:
    """The result as JSON (a background import's stored outcome)."""
    return {
        "file_name": result.file_name,
        "dry_run": result.dry_run,
        "imported": result.imported,
        "skipped": result.skipped,
        "problems": [[p.sheet, p.row, p.column, p.message] for p in result.problems],
        "unmapped": {kind.value: sorted(words) for kind, words in result.unmapped.items()},
    }


def result_from_json(data: dict[str, Any]) -> ImportResult:
    return ImportResult(
        file_name=data["file_name"],
        dry_run=data["dry_run"],
        imported=data["imported"],
        skipped=data["skipped"],
        problems=[Problem(*problem) for problem in data["problems"]],
        unmapped={MappingKind(kind): set(words) for kind, words in data["unmapped"].items()},
    )


def describe(result: ImportResult) -> str:
    """One line for the CLI and the page's heading."""
    imported = sum(result.imported.values())
    skipped = sum(result.skipped.values())
    if result.problems:
        return f"Không nhập dòng nào: {len(result.problems)} lỗi cần sửa trong sổ."
    verb = "Sẽ nhập" if result.dry_run else "Đã nhập"
    return f"{verb} {imported} dòng; bỏ qua {skipped} dòng đã nhập trước đây."

