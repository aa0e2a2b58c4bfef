"""The screens of Nộp báo cáo: the button and its confirmation on /reports/set, the body's list of submissions, the
reprint of the stored bytes, the comparison with today's figures (links to the records, a denouncer never named),
roles (403) and scope (404, as a missing one)."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import sqlalchemy as sa

from petitions.domain.records import LetterStatus, LetterType
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.corrections import LetterCorrectionInput, correct_letter
from petitions.reports.models import ReportSubmission
from petitions.vault.models import IdentityRef
from petitions.vault.services import Identity
from tests.factories import make_letter, make_user, signed_in_client
from tests.services.test_report_submissions import TODAY, _change_two_letters, office  # noqa: F401  (fixture)
from tests.services.test_reports_01xld import event

SET = "/reports/set?agency=NB&period=2026-Q3"
CONFIRM = {"version": "0", "confirm": "y"}


def _count() -> int:
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(ReportSubmission)) or 0)


def _submit(client, data=None):  # type: ignore[no-untyped-def]
    return client.post("/reports/set/submit?agency=NB&period=2026-Q3", data=data or CONFIRM)


def test_a_leader_submits_the_set_after_confirming_it(app, office) -> None:  # noqa: F811
    root, _child, _leader, _letters = office
    client, leader = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    page = client.get(SET).get_data(as_text=True)
    assert "Báo cáo kỳ này chưa được nộp." in page and 'id="submit-report"' in page
    assert 'name="version" type="hidden" value="0"' in page
    unconfirmed = _submit(client, {"version": "0"})
    assert unconfirmed.status_code == 302 and _count() == 0
    assert "Vui lòng đánh dấu xác nhận" in client.get(SET).get_data(as_text=True)
    response = _submit(client)
    assert response.status_code == 302 and _count() == 1
    submission = db.session.scalars(sa.select(ReportSubmission)).one()
    assert response.headers["Location"] == f"/reports/submissions/{submission.id}"
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã nộp báo cáo quý III năm 2026 (lần nộp thứ 1)" in detail
    assert submission.pdf_sha256 in detail and leader.full_name in detail
    page = client.get(SET).get_data(as_text=True)
    assert "Đã nộp lần thứ 1 lúc" in page and 'name="version" type="hidden" value="1"' in page
    assert "Lý do nộp lại" in page  # a second submission is a correction: its reason is asked


def test_a_page_drawn_before_another_submission_is_refused(app, office) -> None:  # noqa: F811
    root = office[0]
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    other, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    assert _submit(other).status_code == 302
    assert _submit(client).status_code == 302  # the same page, drawn when none was submitted
    assert _count() == 1
    assert "vừa được" in client.get(SET).get_data(as_text=True)
    corrected = _submit(client, {"version": "1", "confirm": "y", "reason": "Đính chính số liệu"})
    assert corrected.status_code == 302 and _count() == 2


def test_the_reprint_is_the_submitted_bytes_and_the_comparison_lists_the_changes(app, office) -> None:  # noqa: F811
    root, _child, _leader, (_l1, _l2, l3, l4, _l5) = office
    client, leader = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    _submit(client)
    submission = db.session.scalars(sa.select(ReportSubmission)).one()
    sent = submission.pdf
    _change_two_letters(leader, l3, l4)
    db.session.commit()
    pdf = client.get(f"/reports/submissions/{submission.id}/download/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data == sent
    assert pdf.headers["ETag"] == f'"{hashlib.sha256(pdf.data).hexdigest()}"' == f'"{submission.pdf_sha256}"'
    xlsx = client.get(f"/reports/submissions/{submission.id}/download/xlsx")
    assert xlsx.data == submission.xlsx and 'lan-1.xlsx"' in xlsx.headers["Content-Disposition"]
    assert client.get("/reports/set/download/pdf?agency=NB&period=2026-Q3").data != sent  # today's set differs
    page = client.get(f"/reports/submissions/{submission.id}/compare").get_data(as_text=True)
    rows = re.findall(r'<tr data-form="01/XLD" data-unit="(\w+)" data-column="(\d+)">', page)
    board = str(root.id)
    assert rows == [(board, "1"), (board, "3"), (board, "5"), (board, "8"), (board, "10"),
                    ("total", "1"), ("total", "3"), ("total", "5"), ("total", "8"), ("total", "10")]
    assert "(10) Phân loại theo nội dung: kiến nghị, phản ánh" in page
    assert f'<li data-record="{l4.id}" data-change="added">' in page
    assert f'<li data-record="{l3.id}" data-change="removed">' in page
    assert f'href="/letters/{l3.id}"' in page and l3.register_label in page
    assert 'data-submitted="4"' in page and 'data-now="3"' in page and 'data-difference="-1"' in page


def test_the_list_of_submissions_marks_the_live_one(app, office) -> None:  # noqa: F811
    root = office[0]
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    _submit(client)
    _submit(client, {"version": "1", "confirm": "y", "reason": "Đính chính số liệu"})
    first, second = db.session.scalars(sa.select(ReportSubmission).order_by(ReportSubmission.id)).all()
    viewer, _ = signed_in_client(app, role=Role.VIEWER, agency_id=root.id)
    page = viewer.get("/reports/submissions").get_data(as_text=True)
    assert re.findall(r'data-submission="(\d+)"', page) == [str(second.id), str(first.id)]  # newest first
    assert page.count("Đã được thay thế") == 1 and page.count("Hiện hành") == 1
    assert "2 kết quả" in page
    assert "thay thế bởi một lần nộp sau" in viewer.get(f"/reports/submissions/{first.id}").get_data(as_text=True)
    assert "Đính chính số liệu" in viewer.get(f"/reports/submissions/{second.id}").get_data(as_text=True)
    assert viewer.get(f"/reports/submissions/{first.id}/compare").status_code == 200


def test_only_leaders_submit_and_the_administrator_sees_nothing(app, office) -> None:  # noqa: F811
    root = office[0]
    leader, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    _submit(leader)
    submission = db.session.scalars(sa.select(ReportSubmission)).one()
    for role in (Role.VIEWER, Role.HANDLER, Role.RECEPTION_OFFICER):
        client, _ = signed_in_client(app, role=role, agency_id=root.id)
        assert _submit(client, {"version": "1", "confirm": "y", "reason": "x"}).status_code == 403
        assert 'id="submit-report"' not in client.get(SET).get_data(as_text=True)
    admin, _ = signed_in_client(app, role=Role.ADMIN, agency_id=root.id)
    for url in ("/reports/submissions", f"/reports/submissions/{submission.id}",
                f"/reports/submissions/{submission.id}/download/pdf", f"/reports/submissions/{submission.id}/compare"):
        assert admin.get(url).status_code == 403, url
    assert _count() == 1


def test_another_bodys_submission_looks_missing(app, office) -> None:  # noqa: F811
    root, child = office[0], office[1]
    leader, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    _submit(leader)
    submission = db.session.scalars(sa.select(ReportSubmission)).one()
    commune, _ = signed_in_client(app, role=Role.LEADER, agency_id=child.id)
    for url in (f"/reports/submissions/{submission.id}", f"/reports/submissions/{submission.id}/compare",
                f"/reports/submissions/{submission.id}/download/pdf", "/reports/submissions?agency=NB"):
        response, missing = commune.get(url), commune.get(url.replace(str(submission.id), "999999"))
        assert response.status_code == missing.status_code == 404, url
    assert commune.post("/reports/set/submit?agency=NB&period=2026-Q3", data=CONFIRM).status_code == 404
    assert "Cơ quan chưa nộp báo cáo nào." in commune.get("/reports/submissions").get_data(as_text=True)
    assert leader.get(f"/reports/submissions/{submission.id}/download/doc").status_code == 404
    assert _count() == 1


def test_a_denouncer_is_never_named_on_the_comparison(app, office) -> None:  # noqa: F811
    root = office[0]
    denunciation = make_letter(
        agency=root, received_on=date(2026, 8, 3), letter_type=LetterType.DENUNCIATION, complaint_subtype=None,
        identity=Identity(full_name="Người Tố Cáo Bí Mật"),
    )
    event(denunciation, LetterStatus.ACCEPTED, date(2026, 8, 20))
    client, _ = signed_in_client(app, role=Role.LEADER, agency_id=root.id)
    _submit(client)
    submission = db.session.scalars(sa.select(ReportSubmission)).one()
    correct_letter(
        denunciation.id, LetterCorrectionInput(received_on=date(2026, 9, 25), reason="Vào sổ nhầm ngày nhận"),
        actor=make_user(role=Role.LEADER, agency=root), today=TODAY,
    )
    db.session.commit()
    page = client.get(f"/reports/submissions/{submission.id}/compare").get_data(as_text=True)
    assert f'<li data-record="{denunciation.id}" data-change="removed">' in page
    assert "Danh tính người tố cáo được bảo mật" in page
    code = db.session.get(IdentityRef, denunciation.identity_ref_id).code
    assert code not in page and "Người Tố Cáo Bí Mật" not in page
