"""02/TCD printed from seeded data: the Quảng Ninh directory, visits registered through the reception service with the
letters handed in (the service registers each letter and links it to its visit), classified and handled through the
letters' services, the province's report for Q3 2026 as the web page and the CLI build it: the TT 02/2021 layout
marked "mẫu chưa xác nhận".

The golden PDF and Excel files are regenerated from this scenario (UPDATE_GOLDEN=1), never from hand-passed
values; the PDF's PNG is in docs/screenshots/report-02tcd-seeded.png.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from petitions.citizens.services import CitizenInput
from petitions.cli import seed_reference_data
from petitions.domain import periods
from petitions.domain.classification import IntakeFacts
from petitions.domain.reception import VisitClass, VisitOutcome
from petitions.domain.records import ComplaintSubtype, IdType, LetterStatus, LetterType
from petitions.domain.types import Role
from petitions.extensions import db, immediate_transactions
from petitions.letters.models import Letter
from petitions.letters.services import ClassificationInput, classify_letter, record_letter_status
from petitions.printing import report_text
from petitions.reception import services as reception
from petitions.reports import services
from petitions.reports.outputs import pdf_spec
from tests.factories import make_user
from tests.letters_papers.conftest import agency
from tests.reports.golden_files import assert_matches_golden

Q3 = periods.parse_period("2026-Q3")  # 15/06/2026 – 14/09/2026
SIGNED_ON = date(2026, 9, 15)
TYPE_OF = {VisitClass.COMPLAINT: LetterType.COMPLAINT, VisitClass.DENUNCIATION: LetterType.DENUNCIATION,
           VisitClass.PETITION: LetterType.PETITION}
_ids = iter(range(100, 200))


def handed_in(code: str, on: date, classification: VisitClass, *, desk_within: bool = False,
              within: bool | None = None, case_id: int | None = None) -> Letter:
    """A visit at ``code``'s office whose citizen hands in a letter; classified ``within`` (None: not yet)."""
    body = agency(code)
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=body)
    visit = reception.register_visit(
        reception.VisitInput(
            agency_id=body.id, visited_on=on, classification=classification,
            complaint_subtype=ComplaintSubtype.ADMINISTRATIVE if classification is VisitClass.COMPLAINT else None,
            summary="Khiếu nại việc bồi thường khi thu hồi đất" if classification is VisitClass.COMPLAINT
            else "Phản ánh việc lấn chiếm đất công" if classification is VisitClass.PETITION
            else "Tố cáo cán bộ địa chính nhận tiền",
            outcome=VisitOutcome.LETTER_RECEIVED, with_letter=True, within_competence=desk_within,
            officer_id=officer.id, case_id=case_id,
            person=CitizenInput(full_name="Nguyễn Văn Đức", id_type=IdType.CCCD, id_number=f"001203004{next(_ids)}"),
        ),
        actor=officer,
    )
    letter = db.session.get(Letter, visit.letter_id)
    assert letter is not None and letter.visit_id == visit.id
    if within is not None:
        classify_letter(
            letter,
            ClassificationInput(IntakeFacts(declared_type=TYPE_OF[classification]), within_competence=within,
                                complaint_subtype=letter.complaint_subtype),
            actor=officer,
        )
    return letter


@pytest.fixture
def province(session):
    seed_reference_data()
    with immediate_transactions():  # registering a letter takes the register number under the write lock
        # The Ban: two letters of one complaint within competence (one case); a denunciation outside competence
        # forwarded, its reply on 20/08; a petition not classified yet, outside by the reception book, guided; a
        # petition outside competence whose handling was to urge the body on it.
        first = handed_in("BTCD", date(2026, 6, 22), VisitClass.COMPLAINT, within=True)
        record_letter_status(first, LetterStatus.ACCEPTED, effective_on=date(2026, 7, 6))
        handed_in("BTCD", date(2026, 7, 6), VisitClass.COMPLAINT, within=True, case_id=first.case_id)
        forwarded = handed_in("BTCD", date(2026, 7, 15), VisitClass.DENUNCIATION, within=False)
        record_letter_status(forwarded, LetterStatus.FORWARDED, effective_on=date(2026, 7, 20))
        record_letter_status(forwarded, LetterStatus.REPLY_RECEIVED, effective_on=date(2026, 8, 20))
        guided = handed_in("BTCD", date(2026, 8, 4), VisitClass.PETITION, desk_within=False)
        record_letter_status(guided, LetterStatus.GUIDED, effective_on=date(2026, 8, 10))
        urged = handed_in("BTCD", date(2026, 9, 8), VisitClass.PETITION, within=False)
        record_letter_status(urged, LetterStatus.URGED, effective_on=date(2026, 9, 11))
        # A commune's complaint within competence; a department's denunciation, within by the reception book.
        handed_in("XTY", date(2026, 7, 21), VisitClass.COMPLAINT, within=True)
        handed_in("SNNMT", date(2026, 8, 26), VisitClass.DENUNCIATION, desk_within=True)
        # Not on the form: a letter handed in on 14/06, before the window.
        handed_in("BTCD", date(2026, 6, 14), VisitClass.COMPLAINT, within=True)
        db.session.flush()
    return agency("UBND")


def _document(ubnd: Any) -> Any:
    return services.build_report(form_code="02/TCD", period=Q3, agency=ubnd, today=SIGNED_ON)


def test_the_seeded_provinces_02tcd_counts_the_letters_handed_in_on_their_bodies_rows(province) -> None:
    document = _document(province)
    rows = {row.label: [row.value(n) for n in range(1, 17)] for row in document.table.rows}
    # the Ban is under the Văn phòng: 5 letters, 4 cases (the complaint's two letters are one case)
    assert rows["Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh"] == [5, 4, 2, 1, 1, 1, 2, 2, 2, 1, 3, 3, 1, 1, 1, 1]
    assert rows["Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh"] == [1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]
    commune = next(label for label in rows if label.startswith("Ủy ban nhân dân") and rows[label][0])
    assert rows[commune] == [1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]
    assert document.table.total.value(1) == 7
    text = report_text(pdf_spec(document))
    assert any("02/TCD" in line for line in text)
    assert any("mẫu chưa xác nhận" in line for line in text)


def test_golden_pdf_and_excel_from_the_seeded_directory(province, tmp_path: Path) -> None:
    assert_matches_golden(_document(province), code="02/TCD", stem="02tcd-seeded-2026-q3",
                          screenshot="report-02tcd-seeded", tmp_path=tmp_path)
