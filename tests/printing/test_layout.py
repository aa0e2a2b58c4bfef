"""Pure helpers, templates and specification checks of the printing engine (no Flask, no poppler)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from petitions.printing import (
    DRAFT_MARK,
    Authority,
    DocumentTemplate,
    HeaderCell,
    InvalidSpecError,
    MissingFieldsError,
    Signer,
    TemplateNotFoundError,
    TemplateRegistry,
    TemplateRegistryError,
    UnsupportedCharactersError,
    check_glyphs,
    document_text,
    format_number_line,
    format_place_date,
    layout,
    qr_drawing,
    render_document,
    template_for,
)
from petitions.printing.layout import (
    HEADING_LEFT_WIDTH,
    LANDSCAPE,
    CellParagraph,
    PagedTable,
    PdfMetadata,
    build_pdf,
    cell_para,
    copies_lines,
    dash_list,
    data_table,
    fitted_style,
    format_blank_place_date,
    frame_width,
    heading_lines,
    place_header,
    plain_frag,
    recipient_lines,
    styles,
    upper,
)
from petitions.printing.templates import APPOINTMENT_SLIP, NOTICE, RECEIPT_2021, RECEIPT_2026

from . import samples


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 5), "Quảng Ninh, ngày 05 tháng 01 năm 2026"),
        (date(2026, 1, 10), "Quảng Ninh, ngày 10 tháng 01 năm 2026"),
        (date(2026, 2, 9), "Quảng Ninh, ngày 09 tháng 02 năm 2026"),
        (date(2028, 2, 29), "Quảng Ninh, ngày 29 tháng 02 năm 2028"),
        (date(2026, 3, 1), "Quảng Ninh, ngày 01 tháng 3 năm 2026"),
        (date(2026, 9, 30), "Quảng Ninh, ngày 30 tháng 9 năm 2026"),
        (date(2026, 10, 7), "Quảng Ninh, ngày 07 tháng 10 năm 2026"),
        (date(2026, 11, 11), "Quảng Ninh, ngày 11 tháng 11 năm 2026"),
        (date(2026, 12, 31), "Quảng Ninh, ngày 31 tháng 12 năm 2026"),
    ],
)
def test_format_place_date(day: date, expected: str) -> None:
    assert format_place_date("Quảng Ninh", day) == expected


def test_blank_place_date_keeps_only_the_year() -> None:
    text = format_blank_place_date("Hạ Long", 2026)
    assert text.startswith("Hạ Long, ngày")
    assert " ".join(text.split()) == "Hạ Long, ngày tháng năm 2026"


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        (5, "BTCD-XLĐ", "Số: 05/BTCD-XLĐ"),
        (1, "TB-BTCD", "Số: 01/TB-BTCD"),
        (9, "TB-BTCD", "Số: 09/TB-BTCD"),
        (10, "TB-BTCD", "Số: 10/TB-BTCD"),
        (123, "QĐ-UBND", "Số: 123/QĐ-UBND"),
        (7, "", "Số: 07"),
    ],
)
def test_format_number_line(number: int, symbol: str, expected: str) -> None:
    assert format_number_line(number, symbol) == expected


def test_draft_number_line_leaves_the_number_blank() -> None:
    line = format_number_line(None, "TB-BTCD")
    assert " ".join(line.split()) == "Số: /TB-BTCD"
    assert not any(char.isdigit() for char in line)
    assert "\u00a0" in line  # non-breaking, so the blank survives justification and wrapping


def test_number_zero_is_refused() -> None:
    with pytest.raises(ValueError):
        format_number_line(0, "TB-BTCD")


def test_dash_lists_punctuate_like_decree_30() -> None:
    assert dash_list(["A;", "B.", "C"]) == ("- A;", "- B;", "- C.")
    assert copies_lines(["Trưởng ban (để b/c)"], "XLĐ", has_addressees=True) == (
        "- Như trên;",
        "- Trưởng ban (để b/c);",
        "- Lưu: VT, XLĐ.",
    )
    assert copies_lines([], "") == ("- Lưu: VT.",)


@pytest.mark.parametrize("typed", ["Như trên", "như trên;", " Như trên. "])
def test_as_above_only_when_a_kinh_gui_exists(typed: str) -> None:
    """'- Như trên;' stands for the Kính gửi addressees: first when they exist, never without them, once."""
    assert copies_lines([typed, "Sở Tư pháp"], "TCD", has_addressees=True) == (
        "- Như trên;",
        "- Sở Tư pháp;",
        "- Lưu: VT, TCD.",
    )
    assert copies_lines([typed, "Sở Tư pháp"], "TCD", has_addressees=False) == ("- Sở Tư pháp;", "- Lưu: VT, TCD.")


def test_recipient_lines() -> None:
    assert recipient_lines(["Ông Nguyễn Văn Hưởng"]) == ("Kính gửi: Ông Nguyễn Văn Hưởng",)
    assert recipient_lines(["Thanh tra tỉnh", "Sở Tư pháp;"]) == (
        "Kính gửi:",
        "- Thanh tra tỉnh;",
        "- Sở Tư pháp.",
    )


def test_upper_handles_vietnamese() -> None:
    assert upper("ủy ban nhân dân xã đồng lâm") == "ỦY BAN NHÂN DÂN XÃ ĐỒNG LÂM"


@pytest.mark.parametrize(
    ("signer", "lines"),
    [
        (Signer(position="Trưởng ban", name="A"), ("TRƯỞNG BAN",)),
        (
            Signer(position="Phó Trưởng ban", name="A", authority=Authority.DEPUTY, principal="Trưởng ban"),
            ("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
        ),
        (
            Signer(
                position="Chủ tịch", name="A", authority=Authority.COLLECTIVE, principal="Ủy ban nhân dân"
            ),
            ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        ),
        (
            Signer(
                position="Phó Chủ tịch",
                name="A",
                authority=Authority.DEPUTY,
                principal="Chủ tịch",
                collective="Ủy ban nhân dân",
            ),
            ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        ),
        (
            Signer(position="Chánh Văn phòng", name="A", authority=Authority.BY_ORDER, principal="Chủ tịch"),
            ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
        ),
        (
            Signer(
                position="Trưởng ban", name="A", authority=Authority.BY_AUTHORISATION, principal="Chủ tịch"
            ),
            ("TUQ. CHỦ TỊCH", "TRƯỞNG BAN"),
        ),
        (Signer(position="Trưởng ban", name="A", authority=Authority.ACTING), ("Q. TRƯỞNG BAN",)),
    ],
)
def test_signature_authority_lines(signer: Signer, lines: tuple[str, ...]) -> None:
    assert signer.authority_lines() == lines


def test_signing_for_someone_needs_the_principal() -> None:
    with pytest.raises(InvalidSpecError):
        Signer(position="Phó Trưởng ban", name="A", authority=Authority.DEPUTY)


# ----------------------------------------------------------------------------------------------- templates


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 6, 30), RECEIPT_2021),
        (date(2026, 7, 1), RECEIPT_2026),
        (date(2030, 1, 1), RECEIPT_2026),
        (date(2020, 3, 5), RECEIPT_2021),
    ],
)
def test_template_generation_is_chosen_by_issue_date(day: date, expected: DocumentTemplate) -> None:
    assert template_for("GIAY_BIEN_NHAN", day) is expected


def test_template_errors() -> None:
    with pytest.raises(TemplateNotFoundError):
        template_for("NO_SUCH_TYPE", date(2026, 1, 1))
    with pytest.raises(TemplateNotFoundError):
        template_for("THONG_BAO", date(2020, 3, 4))  # before Decree 30/2020 took effect


def test_registry_refuses_overlapping_generations() -> None:
    with pytest.raises(TemplateRegistryError):
        TemplateRegistry([NOTICE, replace(NOTICE, valid_from=date(2025, 1, 1))])
    closed = replace(NOTICE, valid_to=date(2024, 12, 31))
    registry = TemplateRegistry([closed, replace(NOTICE, valid_from=date(2025, 1, 1))])
    assert registry.template_for("THONG_BAO", date(2024, 12, 31)) is closed
    assert registry.generations("THONG_BAO")[0] is closed


def test_template_refuses_undeclared_placeholders_and_bad_dates() -> None:
    with pytest.raises(TemplateRegistryError):
        DocumentTemplate(code="X", title="X", subject_format="{nope}")
    with pytest.raises(TemplateRegistryError):
        DocumentTemplate(code="X", title="X", valid_from=date(2026, 1, 2), valid_to=date(2026, 1, 1))


def test_template_fills_subject_and_body_from_data() -> None:
    data = {
        "citizen_name": "Nguyễn Văn Hưởng",
        "citizen_address": "xã Tiên Yên",
        "matter": "khiếu nại về bồi thường đất",
        "appointment_time": "08 giờ 00 ngày 12/01/2026",
        "appointment_place": "Trụ sở Tiếp công dân tỉnh",
        "bring": "bản chính Quyết định thu hồi đất",
    }
    assert APPOINTMENT_SLIP.subject(data) == "Về việc khiếu nại về bồi thường đất"
    assert APPOINTMENT_SLIP.body(data)[0] == "Hẹn ông (bà) Nguyễn Văn Hưởng, địa chỉ: xã Tiên Yên."
    with pytest.raises(MissingFieldsError) as error:
        APPOINTMENT_SLIP.body({**data, "bring": " "})
    assert error.value.missing == ("bring",)


# ------------------------------------------------------------------------------------------------- tables


def test_place_header_follows_html_span_rules() -> None:
    grid = place_header(
        [
            [
                HeaderCell("Đơn vị", rowspan=2),
                HeaderCell("Tổng số", colspan=2),
                HeaderCell("Ghi chú", rowspan=2),
            ],
            ["Lượt", "Người"],
        ]
    )
    assert grid.cells == (("Đơn vị", "Tổng số", "", "Ghi chú"), ("", "Lượt", "Người", ""))
    assert grid.spans == (((0, 0), (0, 1)), ((1, 0), (2, 0)), ((3, 0), (3, 1)))
    assert grid.columns == 4


def test_place_header_refuses_ragged_rows() -> None:
    with pytest.raises(ValueError):
        place_header([[HeaderCell("A", colspan=2)], ["B"]])
    with pytest.raises(ValueError):
        place_header([[HeaderCell("A", rowspan=3)]])


def test_data_table_checks_row_lengths() -> None:
    with pytest.raises(ValueError):
        data_table([["A", "B"]], [("1",)], 400)
    with pytest.raises(ValueError):
        data_table([["A", "B"]], [("1", "2")], 400, column_numbers=("1",))


# -------------------------------------------------------------------------------------------------- glyphs


def test_check_glyphs_accepts_vietnamese_and_refuses_what_would_print_as_boxes() -> None:
    check_glyphs([samples.VIETNAMESE, DRAFT_MARK, "– — “” ‘’ … № §"])
    with pytest.raises(UnsupportedCharactersError) as error:
        check_glyphs(["Nguyễn 😀 阮"])
    assert error.value.characters == "😀阮"


def test_decomposed_input_is_printed_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Hưởng")
    assert decomposed != "Nguyễn Văn Hưởng"
    spec = replace(samples.notice(), recipients=(decomposed,))
    assert "Kính gửi: Nguyễn Văn Hưởng" in document_text(spec)


def test_render_refuses_unprintable_characters() -> None:
    with pytest.raises(UnsupportedCharactersError):
        render_document(replace(samples.notice(), body=("Đơn gửi kèm ảnh 📷",)))


def test_user_text_is_never_paragraph_markup() -> None:
    spec = replace(samples.notice(), body=("Đơn ghi: <b>khẩn</b> & <font name='Helvetica'>x</font>",))
    assert render_document(spec).startswith(b"%PDF")


# --------------------------------------------------------------------------------------------------- specs


def test_draft_is_unnumbered_and_undated() -> None:
    draft = samples.notice(number=None)
    assert draft.is_draft
    texts = document_text(draft)
    assert not any(text.startswith("Số: 05") for text in texts)
    assert not any("ngày 05 tháng 01" in text for text in texts)
    assert not samples.notice().is_draft


def test_render_refuses_a_template_not_valid_on_the_issue_date() -> None:
    with pytest.raises(InvalidSpecError):
        render_document(replace(samples.receipt(), issue_date=date(2026, 7, 1)))


def test_render_refuses_a_signer_the_template_does_not_allow() -> None:
    with pytest.raises(InvalidSpecError):
        render_document(replace(samples.receipt(), signer=samples.DEPUTY_HEAD))


def test_render_needs_the_template_fields() -> None:
    with pytest.raises(MissingFieldsError):
        render_document(replace(samples.notice(), data={}))


def test_official_letter_prints_its_subject_under_the_number() -> None:
    letter = DocumentTemplate(code="CONG_VAN", title="", subject_format="{subject}", fields=("subject",))
    spec = replace(samples.notice(), template=letter, data={"subject": "trả lời đơn của ông Hưởng"})
    texts = document_text(spec)
    assert texts[texts.index("Số: 05/TB-BTCD") + 1] == "V/v trả lời đơn của ông Hưởng"
    assert render_document(spec).startswith(b"%PDF")


def test_qr_drawing_has_the_requested_size() -> None:
    drawing = qr_drawing("https://tracuu.example.gov.vn/h/7KQ2-XM4P", 50)
    assert (drawing.width, drawing.height) == (50, 50)
    with pytest.raises(ValueError):
        qr_drawing("")


def test_a_long_heading_name_breaks_before_the_administrative_unit() -> None:
    s = styles()
    assert heading_lines("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", s.issuing_body, HEADING_LEFT_WIDTH) == (
        "ỦY BAN NHÂN DÂN",
        "TỈNH QUẢNG NINH",
    )
    assert heading_lines("VĂN PHÒNG UBND TỈNH QUẢNG NINH", s.parent_body, HEADING_LEFT_WIDTH) == (
        "VĂN PHÒNG UBND",
        "TỈNH QUẢNG NINH",
    )
    assert heading_lines("BAN TIẾP CÔNG DÂN", s.issuing_body, HEADING_LEFT_WIDTH) == ("BAN TIẾP CÔNG DÂN",)


def test_the_date_line_shrinks_rather_than_wraps() -> None:
    s = styles()
    right = frame_width() - HEADING_LEFT_WIDTH
    line = format_blank_place_date("Ủy ban nhân dân phường Móng Cái 1 tỉnh Quảng Ninh", 2026)
    fitted = fitted_style(line, s.place_date, right, smallest=8)
    assert fitted.fontSize < s.place_date.fontSize
    assert pdfmetrics.stringWidth(line, fitted.fontName, fitted.fontSize) <= right
    short = "Quảng Ninh, ngày 15 tháng 7 năm 2026"
    assert fitted_style(short, s.place_date, right).fontSize == 14  # the decree's size when it fits


# ------------------------------------------------------------------------------------------- long tables


def _long_rows(n_rows: int) -> list[tuple[str, str, str, str]]:
    words = "khiếu nại việc thu hồi đất bồi thường hỗ trợ tái định cư của Ủy ban nhân dân huyện".split()
    return [
        (str(i + 1), " ".join(words[: 2 + (i * 7) % len(words)]) * (1 + i % 3), "×" if i % 4 == 0 else "", "")
        for i in range(n_rows)
    ]


def _long_table(n_rows: int) -> PagedTable:
    rows = _long_rows(n_rows)
    header = [[HeaderCell("STT", rowspan=2), HeaderCell("Nội dung", rowspan=2), HeaderCell("Hướng xử lý", colspan=2)],
              ["Thụ lý", "Khác"]]
    return data_table(header, rows, 600, col_weights=(1, 5, 1, 1), column_numbers=("(1)", "(2)", "(3)", "(4)"))


def _pieces(first: Any, heights: Iterator[float], width: float = 600) -> list[Any]:
    """Split a flowable the way a frame does, page after page, until what is left fits (None: a page
    too short for the header and one row, left empty)."""
    pieces: list[Any] = []
    rest = first
    while True:
        height = next(heights)
        if rest.wrap(width, height)[1] <= height:
            pieces.append(rest)
            return pieces
        split = rest.split(width, height)
        if not split:
            pieces.append(None)
            continue
        assert len(split) == 2
        pieces.append(split[0])
        rest = split[1]


def _body_rows(piece: Any, repeat: int) -> int:
    if piece is None:
        return 0
    if isinstance(piece, PagedTable):
        return len(piece.rows.body) - piece.start
    return len(piece._cellvalues) - repeat


def test_long_table_breaks_pages_where_reportlab_would() -> None:
    """Pre-paginated pieces hold the same rows per page as reportlab's own Table.split, header on each."""
    table = _long_table(150)
    repeat = len(table.rows.header)
    plain = table.rows.table(0, len(table.rows.body), measured=False)  # one reportlab Table of every row
    for first_page in (300.0, 62.0, 470.0):
        ours = [_body_rows(p, repeat) for p in _pieces(_long_table(150), iter([first_page, *[470.0] * 100]))]
        theirs = [_body_rows(p, repeat) for p in _pieces(plain, iter([first_page, *[470.0] * 100]))]
        assert ours == theirs
        assert sum(ours) == 150 and len(ours) > 5
    assert _body_rows(_pieces(_long_table(150), iter([62.0, *[470.0] * 100]))[0], repeat) == 0  # a too short page


def test_long_table_pieces_repeat_the_header_and_keep_every_row_in_order() -> None:
    table = _long_table(90)
    repeat = len(table.rows.header)
    pieces = _pieces(table, iter([200.0] * 100))
    printed: list[str] = []
    for piece in pieces:
        if isinstance(piece, PagedTable):
            piece.wrap(600, 200)
            piece = piece._table
        assert piece._cellvalues[:repeat] == table.rows.header
        printed.extend(row[0].text for row in piece._cellvalues[repeat:])
    assert printed == [str(i + 1) for i in range(90)]


def test_long_table_refuses_a_page_without_room_for_header_and_one_row() -> None:
    table = _long_table(10)
    table.wrap(600, 1000)
    header_height = sum(table.rows.header_heights or ())
    assert table.split(600, header_height + 1) == []


def test_each_cell_is_broken_into_lines_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Measuring a row and drawing it, or drawing the header on each page, do not break lines again."""
    broken: Counter[int] = Counter()
    original = Paragraph.breakLines

    def counting(self: Paragraph, *args: Any, **kwargs: Any) -> Any:
        if isinstance(self, CellParagraph):
            broken[id(self)] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    monkeypatch.setattr(layout, "_BROKEN", {})  # no lines from the tests before
    table = _long_table(120)
    pdf = build_pdf([table], metadata=PdfMetadata(title="t"), pagesize=LANDSCAPE)
    assert pdf.startswith(b"%PDF")
    # A body cell whose text was broken before in a column of its width and style takes those lines ("×",
    # "", repeated contents); columns (3) and (4) are as wide and centred alike.
    distinct = {(min(column, 2), text) for row in _long_rows(120) for column, text in enumerate(row)}
    assert len(distinct) < 120 * 4
    assert len(broken) == len(distinct) + 5 + 4  # the body's distinct cells, the header's texts and column numbers
    assert set(broken.values()) == {1}  # the header too, though it is drawn on every page


class _NeverFound(dict[Any, Any]):
    def get(self, key: Any, default: Any = None) -> Any:
        return default


def test_lines_taken_from_an_earlier_cell_print_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same PDF, byte for byte, whether the cells' lines come from _BROKEN or are broken afresh."""

    def render() -> bytes:
        return build_pdf([_long_table(120)], metadata=PdfMetadata(title="t"), pagesize=LANDSCAPE)

    monkeypatch.setattr(layout, "_BROKEN", _NeverFound())
    fresh = render()
    monkeypatch.setattr(layout, "_BROKEN", {})
    assert render() == fresh  # the first table fills it as it goes
    assert len(layout._BROKEN) > 0
    assert render() == fresh  # every body cell from it


def test_cell_paragraph_without_markup_is_what_the_parser_makes() -> None:
    style = styles().body
    frag = plain_frag(style)
    for text in ("Nguyễn  Văn\n An ", "", "   ", "a\u00a0b\tc", "1 < 2 & 3 > 2", "<b>x</b>"):
        fast, parsed = cell_para(text, style, frag), cell_para(text, style)
        assert [f.__dict__ for f in fast.frags] == [f.__dict__ for f in parsed.frags]
        assert fast.text == parsed.text
