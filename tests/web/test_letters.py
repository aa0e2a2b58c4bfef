"""Letter pages: registration with the duplicate step, scope (404), roles (403), classification,
voiding, search by POST, and the attachment corpus (refused and accepted files, sandboxed downloads)."""

from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa
from PIL import Image

from petitions.deadlines.services import seed_calendar
from petitions.directory.seed import seed_reference_items
from petitions.domain.classification import LetterChannel
from petitions.domain.records import ComplaintSubtype, LetterType
from petitions.domain.types import Role
from petitions.extensions import db
from petitions.letters.models import Letter, LetterAttachment
from tests.factories import count_rows, make_agency, make_citizen, make_letter, signed_in_client

FORM = {
    "received_on": "2026-03-02",
    "letter_dated_on": "2026-02-27",
    "channel": "post",
    "letter_type": "complaint",
    "complaint_subtype": "administrative",
    "full_name": "Nguyễn Văn An",
    "id_type": "cccd",
    "id_number": "079201000123",
    "address": "Thôn Đông, xã Hòa Bình",
    "signer_kind": "one",
    "signer_count": "1",
    "respondent": "UBND xã Hòa Bình",
    "summary": "Khiếu nại Quyết định thu hồi đất số 15/QĐ-UBND, bồi thường đất nông nghiệp quá thấp",
    "prior_resolution": "not_yet",
    "duplicate_decision": "new",
}


@pytest.fixture
def office(app, session, tmp_path, monkeypatch):
    seed_calendar()
    seed_reference_items()
    monkeypatch.setitem(app.config, "LETTER_ATTACHMENT_FOLDER", str(tmp_path / "letters"))
    monkeypatch.setitem(app.config, "LETTER_ATTACHMENT_MAX_BYTES", 200_000)
    agency = make_agency()
    client, user = signed_in_client(app, role=Role.RECEPTION_OFFICER, agency=agency)
    return agency, client, user


def a_letter(agency, user, **overrides):
    values = dict(
        received_on=date(2026, 3, 2),
        channel=LetterChannel.POST,
        letter_type=LetterType.COMPLAINT,
        complaint_subtype=ComplaintSubtype.ADMINISTRATIVE,
        agency=agency,
        actor=user,
        citizen_id=make_citizen(agency_id=agency.id).id,
        summary="Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất",
        respondent="UBND xã Hòa Bình",
    )
    values.update(overrides)
    return make_letter(**values)


def test_register_a_mailed_complaint(office):
    _agency, client, _user = office
    assert client.get("/letters/new").status_code == 200
    response = client.post("/letters/new", data=FORM)
    assert response.status_code == 302
    letter = db.session.scalar(sa.select(Letter).order_by(Letter.id.desc()))
    assert response.headers["Location"].endswith(f"/letters/{letter.id}")
    assert letter.register_number == 1 and letter.citizen_id is not None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đơn số 1/2026" in page and "Xử lý đơn" in page


def test_registration_reads_nothing_after_its_writes(office, count_statements):
    """The redirect and the flash take the letter's id and number from before the commit, and the request
    log the user's id from the identity map: the expired rows are not loaded again after the commit (nor a
    case just opened, right after it was written)."""
    _agency, client, user = office
    with count_statements() as counted:
        response = client.post("/letters/new", data=FORM)
    assert response.status_code == 302
    letter = db.session.scalar(sa.select(Letter).order_by(Letter.id.desc()))
    assert response.headers["Location"].endswith(f"/letters/{letter.id}")
    sent = [s.split()[0].upper() for s in counted.statements if not s.upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE"))]
    last_write = max(i for i, verb in enumerate(sent) if verb in {"INSERT", "UPDATE"})
    assert sent[last_write + 1:] == [], counted.statements[-4:]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Đã đăng ký đơn số {letter.register_label}" in page


def test_registration_validates_the_form_once(office, monkeypatch):
    """The view validates before the duplicate check; save_versioned is told so and does not run every
    validator again. An invalid form still saves nothing."""
    from petitions.letters.forms import LetterRegisterForm

    _agency, client, _user = office
    calls = []
    validate = LetterRegisterForm.validate

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return validate(self, *args, **kwargs)

    monkeypatch.setattr(LetterRegisterForm, "validate", counted)
    assert client.post("/letters/new", data=FORM).status_code == 302
    assert len(calls) == 1
    assert client.post("/letters/new", data=dict(FORM, received_on="")).status_code == 400
    assert count_rows(Letter) == 1


def test_second_letter_about_the_same_matter_is_offered_as_duplicate_before_saving(office):
    _agency, client, _user = office
    client.post("/letters/new", data=FORM)
    original = db.session.scalar(sa.select(Letter).order_by(Letter.id.desc()))
    again = dict(
        FORM,
        received_on="2026-04-01",
        summary="Tiếp tục khiếu nại quyết định thu hồi đất 15/QĐ-UBND vì bồi thường thấp",
    )
    response = client.post("/letters/new", data=again)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Đơn có thể trùng" in page
    assert "Cùng số giấy tờ tùy thân" in page and "1/2026" in page
    assert count_rows(Letter) == 1  # nothing saved yet
    # The best candidate (same writer, similar content) preselects "duplicate" of that letter.
    assert '<option selected value="duplicate">' in page
    assert f'name="duplicate_of" value="{original.id}" id="dup-{original.id}" checked' in page
    response = client.post(
        "/letters/new",
        data=dict(
            again,
            checked="1",
            duplicate_decision="duplicate",
            duplicate_of=str(original.id),
            duplicate_category="SAME_SENDER",
        ),
    )
    assert response.status_code == 302
    db.session.refresh(original)
    assert original.repeat_count == 1
    duplicate = db.session.scalar(sa.select(Letter).order_by(Letter.id.desc()))
    assert duplicate.duplicate_of_id == original.id and duplicate.register_number == 2
    assert duplicate.case_id == original.case_id is not None


def test_denunciation_writer_goes_to_the_vault_not_to_a_citizen(office):
    _agency, client, _user = office
    data = dict(FORM, letter_type="denunciation", complaint_subtype="", respondent="Ông Trần Văn Cán")
    assert client.post("/letters/new", data=data).status_code == 302
    letter = db.session.scalar(sa.select(Letter).order_by(Letter.id.desc()))
    assert letter.citizen_id is None and letter.identity_ref_id is not None
    page = client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert "Nguyễn Văn An" not in page and "Vào sổ, kiểm tra thông tin và quyết định thụ lý" in page


def test_admin_gets_403_and_another_office_gets_404(app, office):
    agency, _client, user = office
    letter = a_letter(agency, user)
    admin, _ = signed_in_client(app, role=Role.ADMIN)
    assert admin.get("/letters/").status_code == 403
    assert admin.get("/letters/new").status_code == 403
    stranger, _ = signed_in_client(app, role=Role.HANDLER, agency=make_agency())
    assert stranger.get(f"/letters/{letter.id}").status_code == 404
    assert stranger.get(f"/letters/{letter.id}/classify").status_code == 404
    assert stranger.get("/letters/999999").status_code == 404


def test_search_term_travels_by_post_not_in_the_url(office):
    agency, client, user = office
    a_letter(
        agency,
        user,
        summary="Kiến nghị về đường giao thông nông thôn",
        letter_type=LetterType.PETITION,
        complaint_subtype=None,
    )
    a_letter(agency, user)
    response = client.post("/letters/search", data={"text": "duong giao thong"})
    assert response.status_code == 302 and "giao" not in response.headers["Location"]
    page = client.get("/letters/").get_data(as_text=True)
    assert "đường giao thông" in page and "giấy chứng nhận" not in page


def test_classify_complaint_within_competence_shows_d14(office):
    agency, client, user = office
    letter = a_letter(agency, user)
    response = client.post(
        f"/letters/{letter.id}/classify",
        data={
            "version": str(letter.version),
            "declared_type": "complaint",
            "complaint_subtype": "administrative",
            "writer_identified": "y",
            "in_vietnamese": "y",
            "dated": "y",
            "has_name_address": "y",
            "signed": "y",
            "content_complete": "y",
            "competent_body": "Chủ tịch UBND tỉnh",
            "within_competence": "yes",
            "main_part": "1",
        },
    )
    assert response.status_code == 302
    assert "Thụ lý hoặc thông báo không thụ lý khiếu nại" in client.get(f"/letters/{letter.id}").get_data(
        as_text=True
    )


def test_classify_with_a_stale_version_answers_409(office):
    agency, client, user = office
    letter = a_letter(agency, user)
    response = client.post(
        f"/letters/{letter.id}/classify",
        data={"version": "0", "declared_type": "petition", "main_part": "1", "within_competence": ""},
    )
    assert response.status_code == 409


def test_void_keeps_the_letter_in_the_register(office):
    agency, client, user = office
    letter = a_letter(agency, user)
    response = client.post(f"/letters/{letter.id}/void", data={"reason": "Đăng ký nhầm hai lần"})
    assert response.status_code == 302
    assert letter.is_void
    assert "Đã hủy đăng ký" in client.get(f"/letters/{letter.id}").get_data(as_text=True)


def test_void_without_a_reason_answers_400_and_keeps_the_letter(office):
    agency, client, user = office
    letter = a_letter(agency, user)
    response = client.post(f"/letters/{letter.id}/void", data={"reason": "x"})
    assert response.status_code == 400  # an invalid form re-renders its page with 400
    assert "ít nhất 5 ký tự" in response.get_data(as_text=True)
    assert not letter.is_void


# Attachments ------------------------------------------------------------------------------------


def _image(fmt: str, **save) -> bytes:
    image = Image.new("RGB", (40, 30), "white")
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def _jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0)}  # GPS
    return _image("JPEG", exif=exif)


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

REFUSED = [
    ("scan.pdf", b"<html><script>alert(1)</script></html>", 400),  # HTML renamed .pdf
    ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 400),
    ("drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 400),
    ("../../etc/passwd.pdf", PDF_BYTES, 400),
    ("..\\..\\boot.pdf", PDF_BYTES, 400),
    ("scan.png", PDF_BYTES, 400),  # extension and content disagree
    ("big.pdf", b"%PDF-1.4\n" + b"0" * 300_000, 413),
]


@pytest.mark.parametrize(("name", "data", "status"), REFUSED, ids=[r[0] for r in REFUSED])
def test_attachment_corpus_is_refused(office, name, data, status):
    agency, client, user = office
    letter = a_letter(agency, user)
    response = client.post(
        f"/letters/{letter.id}/attachments",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == status
    assert count_rows(LetterAttachment) == 0


ACCEPTED = [
    ("quyết định.pdf", PDF_BYTES, "application/pdf"),
    ("ảnh chụp.jpg", _jpeg_with_exif(), "image/jpeg"),
    ("scan.png", _image("PNG"), "image/png"),
    ("scan.tif", _image("TIFF"), "image/tiff"),
]


@pytest.mark.parametrize(("name", "data", "content_type"), ACCEPTED, ids=[a[2] for a in ACCEPTED])
def test_real_files_are_accepted_and_downloaded_sandboxed(office, name, data, content_type):
    agency, client, user = office
    letter = a_letter(agency, user)
    response = client.post(
        f"/letters/{letter.id}/attachments",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    attachment = db.session.scalar(sa.select(LetterAttachment))
    assert attachment.content_type == content_type and attachment.original_name == name
    assert name not in attachment.stored_name
    download = client.get(f"/letters/{letter.id}/attachments/{attachment.id}")
    assert download.status_code == 200
    assert download.headers["Content-Security-Policy"] == "sandbox"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    if content_type == "image/jpeg":
        assert b"PhoneMaker" not in download.data
        assert not Image.open(io.BytesIO(download.data)).getexif()


def test_another_office_gets_404_for_the_files(app, office):
    agency, client, user = office
    letter = a_letter(agency, user)
    client.post(
        f"/letters/{letter.id}/attachments",
        data={"file": (io.BytesIO(PDF_BYTES), "a.pdf")},
        content_type="multipart/form-data",
    )
    attachment = db.session.scalar(sa.select(LetterAttachment))
    stranger, _ = signed_in_client(app, role=Role.LEADER, agency=make_agency())
    assert stranger.get(f"/letters/{letter.id}/attachments/{attachment.id}").status_code == 404
    assert (
        stranger.post(
            f"/letters/{letter.id}/attachments",
            data={"file": (io.BytesIO(PDF_BYTES), "b.pdf")},
            content_type="multipart/form-data",
        ).status_code
        == 404
    )


def test_registration_needs_the_csrf_token(app, office, monkeypatch):
    _agency, client, _user = office
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    # monkeypatch puts the shared app's setting back even when an assertion below fails.
    response = client.post("/letters/new", data=FORM)
    assert response.status_code == 400
    assert "Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ" in response.get_data(as_text=True)
    assert count_rows(Letter) == 0
