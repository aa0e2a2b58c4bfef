"""The internal table AN/NB printed from seeded data: the Quảng Ninh directory, anonymous information registered by the
letters' service at the UBND, the Ban (under the Văn phòng) and a department, handled by each route, the province's
table for Q3 2026 as the web page and the CLI build it.

The golden PDF and Excel files are regenerated from this scenario (UPDATE_GOLDEN=1), never from hand-passed
values; the PDF's PNG is in docs/screenshots/report-anonymous-seeded.png.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from petitions.cli import seed_reference_data
from petitions.domain import periods
from petitions.domain.records import LetterStatus, LetterType
from petitions.extensions import db
from petitions.printing import report_text
from petitions.reports import services
from petitions.reports.outputs import pdf_spec
from tests.factories import make_letter
from tests.letters_papers.conftest import agency
from tests.reports.golden_files import assert_matches_golden
from tests.services.test_reports_anonymous import handled

Q3 = periods.parse_period("2026-Q3")  # 15/06/2026 – 14/09/2026
SIGNED_ON = date(2026, 9, 15)


def information(code: str, received_on: date) -> Any:
    row = make_letter(agency=agency(code), letter_type=LetterType.ANONYMOUS, received_on=received_on,
                      summary="Phản ánh cán bộ địa chính nhận tiền của người dân, không ghi tên người viết")
    assert row.letter_type is LetterType.ANONYMOUS and row.citizen_id is None
    return row


@pytest.fixture
def province(session):
    seed_reference_data()
    inspectorate = agency("TTR")
    # The UBND's: sent to its inspectorate (theo thẩm quyền), and one filed.
    handled(information("UBND", date(2026, 6, 22)), LetterStatus.TO_INSPECTION, date(2026, 7, 1), to=inspectorate)
    handled(information("UBND", date(2026, 7, 8)), LetterStatus.FILED, date(2026, 7, 20))
    # The Ban's (on the Văn phòng's row): one carried over and sent to the inspectorate (another body), one returned,
    # one not handled yet.
    handled(information("BTCD", date(2026, 6, 5)), LetterStatus.TO_INSPECTION, date(2026, 6, 25), to=inspectorate)
    handled(information("BTCD", date(2026, 8, 3)), LetterStatus.RETURNED, date(2026, 8, 12))
    information("BTCD", date(2026, 9, 9))
    # A department's, filed.
    handled(information("SNNMT", date(2026, 8, 17)), LetterStatus.FILED, date(2026, 8, 28))
    db.session.flush()
    return agency("UBND")


def _document(ubnd: Any) -> Any:
    return services.build_report(form_code="AN/NB", period=Q3, agency=ubnd, today=SIGNED_ON)


def test_the_seeded_provinces_table_counts_each_route_on_its_bodies_rows(province) -> None:
    document = _document(province)
    rows = {row.label: [row.value(n) for n in range(1, 10)] for row in document.table.all_rows}
    assert rows["Ủy ban nhân dân tỉnh Quảng Ninh"] == [2, 0, 2, 2, 1, 0, 0, 1, 0]
    assert rows["Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh"] == [3, 1, 2, 2, 0, 1, 1, 0, 1]
    assert rows["Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh"] == [1, 0, 1, 1, 0, 0, 0, 1, 0]
    assert rows["Tổng cộng"] == [6, 1, 5, 5, 1, 1, 1, 2, 1]
    text = report_text(pdf_spec(document))
    assert "Bảng nội bộ: AN/NB" in text


def test_golden_pdf_and_excel_from_the_seeded_directory(province, tmp_path: Path) -> None:
    assert_matches_golden(_document(province), code="AN/NB", stem="anonymous-seeded-2026-q3",
                          screenshot="report-anonymous-seeded", tmp_path=tmp_path)
