"""Biểu số 04/KQGQ (implementation of denunciation conclusions, TT 02/2021) declared as data: the complaint twin
02/KQGQ's rules and facts (implementation_queries.conclusion_facts), for conclusions.

(1) conclusions to implement, (2) of which fully implemented; recover for the State, due (3) money (4) land, done
(5) money (6) land; return due: (7) organisations (8) individuals, to organisations (9) money (10) land, to
individuals (11) money (12) land; returned: (13) organisations (14) individuals, to organisations (15) money
(16) land, to individuals (17) money (18) land; handled (19) organisations (20) individuals (21) of which officials;
prosecuted (22) cases (23) persons (24) officials; (25) notes. The form prints no sum; the engine still checks
(2) ≤ (1), every figure ≥ 0 and the total row.

Whether TT 01/2024 still has the form is unverified: later windows print this layout marked "mẫu chưa xác nhận"
(as 03/KQGQ). The counting decisions the form leaves open are printed in its notes (NOTES).
"""

from __future__ import annotations

from petitions.domain.periods import Generation
from petitions.domain.statistics import (
    Bound,
    Column,
    FormDefinition,
    HeaderGroup,
    ImplementationFilter,
    Measure,
    OutcomeFigure,
    Quantity,
)
from petitions.reports.forms_kqgq import UNCONFIRMED

CODE = "04/KQGQ"
TITLE = "Tổng hợp kết quả thực hiện kết luận nội dung tố cáo"

OF = OutcomeFigure

# The system's counting decisions where the form is silent (DOMAIN §6), printed under the table.
NOTES: tuple[str, ...] = (
    "Tính các kết luận nội dung tố cáo có ít nhất một biện pháp phải thực hiện (thu hồi, trả lại tiền, đất, khôi "
    "phục quyền lợi, xử lý tổ chức, cá nhân, chuyển cơ quan điều tra); kết luận có hiệu lực từ ngày ký.",
    "Kỳ trước chuyển sang: kết luận có hiệu lực trước kỳ, đến ngày đầu kỳ chưa thực hiện xong; trong kỳ: kết luận "
    "có hiệu lực trong kỳ.",
    "Phải thu, phải trả = số kết luận yêu cầu trừ số đã thực hiện trước kỳ (không âm); đã thu, đã trả, đã xử lý, đã "
    "khởi tố = số thực hiện trong kỳ.",
    "Số tổ chức, cá nhân phải trả (7), (8) và đã trả (13), (14) là số tổ chức, cá nhân được trả lại, khôi phục quyền "
    "lợi theo kết luận; sổ theo dõi thực hiện không ghi riêng số này, nên được tính là đã trả khi kết luận đã thực "
    "hiện xong.",
    "Đã thực hiện xong (2): mọi biện pháp của kết luận đã thực hiện xong đến ngày cuối kỳ.",
    "Số liệu theo ngày thực hiện được ghi nhận, đã áp dụng mọi đính chính ghi nhận trước ngày lập báo cáo "
    "(kể cả đính chính sau khi kỳ đã kết thúc).",
)

ALL = ImplementationFilter()


def _due(number: int, label: str, figure: OutcomeFigure) -> Column:
    return Column(number, label, Measure(Quantity.DUE, figure=figure))


def _done(number: int, label: str, figure: OutcomeFigure) -> Column:
    return Column(number, label, Measure(Quantity.DONE, figure=figure))


COLUMNS: tuple[Column, ...] = (
    Column(1, "Tổng số kết luận phải thực hiện", Measure(Quantity.DECISIONS, decisions=ALL)),
    Column(
        2,
        "Số kết luận đã thực hiện xong",
        Measure(Quantity.DECISIONS, decisions=ImplementationFilter(fully_done=True)),
    ),
    _due(3, "Thu hồi cho Nhà nước, phải thu: tiền (triệu đồng)", OF.RECOVER_MONEY),
    _due(4, "Thu hồi cho Nhà nước, phải thu: đất (m²)", OF.RECOVER_LAND),
    _done(5, "Thu hồi cho Nhà nước, đã thu: tiền (triệu đồng)", OF.RECOVER_MONEY),
    _done(6, "Thu hồi cho Nhà nước, đã thu: đất (m²)", OF.RECOVER_LAND),
    _due(7, "Phải trả: số tổ chức", OF.RESTORED_ORGS),
    _due(8, "Phải trả: số cá nhân", OF.RESTORED_PERSONS),
    _due(9, "Phải trả tổ chức: tiền (triệu đồng)", OF.RETURN_MONEY_ORGS),
    _due(10, "Phải trả tổ chức: đất (m²)", OF.RETURN_LAND_ORGS),
    _due(11, "Phải trả cá nhân: tiền (triệu đồng)", OF.RETURN_MONEY_PERSONS),
    _due(12, "Phải trả cá nhân: đất (m²)", OF.RETURN_LAND_PERSONS),
    _done(13, "Đã trả: số tổ chức", OF.RESTORED_ORGS),
    _done(14, "Đã trả: số cá nhân", OF.RESTORED_PERSONS),
    _done(15, "Đã trả tổ chức: tiền (triệu đồng)", OF.RETURN_MONEY_ORGS),
    _done(16, "Đã trả tổ chức: đất (m²)", OF.RETURN_LAND_ORGS),
    _done(17, "Đã trả cá nhân: tiền (triệu đồng)", OF.RETURN_MONEY_PERSONS),
    _done(18, "Đã trả cá nhân: đất (m²)", OF.RETURN_LAND_PERSONS),
    _done(19, "Đã xử lý: tổ chức", OF.DISCIPLINE_ORGS),
    _done(20, "Đã xử lý: cá nhân", OF.DISCIPLINE_PERSONS),
    _done(21, "Đã xử lý: trong đó cán bộ, công chức", OF.DISCIPLINE_OFFICIALS),
    _done(22, "Đã khởi tố: số vụ", OF.INVESTIGATION_CASES),
    _done(23, "Đã khởi tố: số đối tượng", OF.INVESTIGATION_PERSONS),
    _done(24, "Đã khởi tố: số cán bộ, công chức", OF.INVESTIGATION_OFFICIALS),
    Column(25, "Ghi chú"),
)


def _money_land(label: str, start: int) -> HeaderGroup:
    return HeaderGroup(label, (HeaderGroup("Tiền (Trđ)", (start,)), HeaderGroup("Đất (m²)", (start + 1,))))


def _returns(label: str, start: int) -> HeaderGroup:
    """Số tổ chức, số cá nhân, then money and land to each."""
    return HeaderGroup(
        label,
        (
            HeaderGroup("Số tổ chức", (start,)),
            HeaderGroup("Số cá nhân", (start + 1,)),
            _money_land("Tổ chức", start + 2),
            _money_land("Cá nhân", start + 4),
        ),
    )


HEADER: tuple[HeaderGroup | int, ...] = (
    HeaderGroup("Tổng số kết luận phải thực hiện", (1,)),
    HeaderGroup("Số kết luận đã thực hiện xong", (2,)),
    HeaderGroup("Thu hồi cho Nhà nước", (_money_land("Phải thu", 3), _money_land("Đã thu", 5))),
    HeaderGroup("Trả lại cho tổ chức, cá nhân", (_returns("Phải trả", 7), _returns("Đã trả", 13))),
    HeaderGroup(
        "Đã xử lý",
        (
            HeaderGroup("Tổ chức", (19,)),
            HeaderGroup("Cá nhân", (20,)),
            HeaderGroup("Trong đó cán bộ, công chức", (21,)),
        ),
    ),
    HeaderGroup(
        "Đã khởi tố",
        (
            HeaderGroup("Số vụ", (22,)),
            HeaderGroup("Số đối tượng", (23,)),
            HeaderGroup("Số cán bộ, công chức", (24,)),
        ),
    ),
    HeaderGroup("Ghi chú", (25,)),
)

# Conclusions fully implemented are among those to implement.
BOUNDS = (Bound(2, 1),)


def definition(generation: Generation) -> FormDefinition:
    return FormDefinition(
        code=CODE,
        generation=Generation.TT_02_2021,
        title=TITLE,
        columns=COLUMNS,
        header=HEADER,
        bounds=BOUNDS,
        # Under TT 01/2024 the form is not known to exist: the TT 02/2021 layout, marked so.
        note=UNCONFIRMED if generation is Generation.TT_01_2024 else "",
        counting_notes=NOTES,
    )


FORMS = {generation: definition(generation) for generation in Generation}
