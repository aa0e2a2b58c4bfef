"""Biểu số 02/KQGQ (implementation of complaint decisions) declared as data, both generations (same columns).

(1) decisions to implement, (2) of which fully implemented; recover for the State, due (3) money (4) land, done
(5) money (6) land; return, due to organisations (7) money (8) land, to individuals (9) money (10) land, done in
the same order (11)–(14); discipline done (15) persons (16) officials; prosecuted (17) cases (18) persons
(19) officials; (20) notes. The form prints no sum; the engine still checks (2) ≤ (1), every figure ≥ 0 and the
total row. The counting decisions the form leaves open are printed in its notes (NOTES).
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

CODE = "02/KQGQ"
TITLE = "Tổng hợp kết quả thực hiện quyết định giải quyết khiếu nại"

OF = OutcomeFigure

# The system's counting decisions where the form is silent (DOMAIN §6), printed under the table.
NOTES: tuple[str, ...] = (
    "Tính các quyết định giải quyết khiếu nại đã có hiệu lực pháp luật có ít nhất một biện pháp phải thực hiện "
    "(thu hồi, trả lại tiền, đất, khôi phục quyền lợi, xử lý kỷ luật, chuyển cơ quan điều tra).",
    "Quyết định có hiệu lực pháp luật vào ngày hết thời hạn khiếu nại tiếp hoặc khởi kiện (30 ngày, vùng sâu, "
    "vùng xa 45 ngày, kể từ ngày ban hành; cả quyết định lần hai); quyết định không có thời hạn này (khiếu nại "
    "quyết định kỷ luật) có hiệu lực từ ngày ban hành; quyết định đã bị khiếu nại lần hai hoặc khởi kiện trước "
    "ngày đó không được tính.",
    "Kỳ trước chuyển sang: quyết định có hiệu lực trước kỳ, đến ngày đầu kỳ chưa thực hiện xong; trong kỳ: "
    "quyết định có hiệu lực trong kỳ.",
    "Phải thu, phải trả = số quyết định yêu cầu trừ số đã thực hiện trước kỳ (không âm); đã thu, đã trả, đã xử lý, đã khởi "
    "tố = số thực hiện trong kỳ; các cột (11)–(14) theo thứ tự các cột (7)–(10).",
    "Đã thực hiện xong (2): mọi biện pháp của quyết định đã thực hiện xong đến ngày cuối kỳ, kể cả khôi phục "
    "quyền lợi và xử lý kỷ luật.",
    "Số liệu theo ngày thực hiện được ghi nhận, đã áp dụng mọi đính chính ghi nhận trước ngày lập báo cáo "
    "(kể cả đính chính sau khi kỳ đã kết thúc).",
)

ALL = ImplementationFilter()


def _due(number: int, label: str, figure: OutcomeFigure) -> Column:
    return Column(number, label, Measure(Quantity.DUE, figure=figure))


def _done(number: int, label: str, figure: OutcomeFigure) -> Column:
    return Column(number, label, Measure(Quantity.DONE, figure=figure))


COLUMNS: tuple[Column, ...] = (
    Column(1, "Tổng số quyết định phải thực hiện", Measure(Quantity.DECISIONS, decisions=ALL)),
    Column(
        2,
        "Số quyết định đã thực hiện xong",
        Measure(Quantity.DECISIONS, decisions=ImplementationFilter(fully_done=True)),
    ),
    _due(3, "Thu hồi cho Nhà nước, phải thu: tiền (triệu đồng)", OF.RECOVER_MONEY),
    _due(4, "Thu hồi cho Nhà nước, phải thu: đất (m²)", OF.RECOVER_LAND),
    _done(5, "Thu hồi cho Nhà nước, đã thu: tiền (triệu đồng)", OF.RECOVER_MONEY),
    _done(6, "Thu hồi cho Nhà nước, đã thu: đất (m²)", OF.RECOVER_LAND),
    _due(7, "Phải trả tổ chức: tiền (triệu đồng)", OF.RETURN_MONEY_ORGS),
    _due(8, "Phải trả tổ chức: đất (m²)", OF.RETURN_LAND_ORGS),
    _due(9, "Phải trả cá nhân: tiền (triệu đồng)", OF.RETURN_MONEY_PERSONS),
    _due(10, "Phải trả cá nhân: đất (m²)", OF.RETURN_LAND_PERSONS),
    _done(11, "Đã trả tổ chức: tiền (triệu đồng)", OF.RETURN_MONEY_ORGS),
    _done(12, "Đã trả tổ chức: đất (m²)", OF.RETURN_LAND_ORGS),
    _done(13, "Đã trả cá nhân: tiền (triệu đồng)", OF.RETURN_MONEY_PERSONS),
    _done(14, "Đã trả cá nhân: đất (m²)", OF.RETURN_LAND_PERSONS),
    _done(15, "Đã xử lý kỷ luật: tổng số người", OF.DISCIPLINE_PERSONS),
    _done(16, "Đã xử lý kỷ luật: số cán bộ, công chức", OF.DISCIPLINE_OFFICIALS),
    _done(17, "Đã khởi tố: số vụ", OF.INVESTIGATION_CASES),
    _done(18, "Đã khởi tố: số đối tượng", OF.INVESTIGATION_PERSONS),
    _done(19, "Đã khởi tố: số cán bộ, công chức", OF.INVESTIGATION_OFFICIALS),
    Column(20, "Ghi chú"),
)


def _money_land(label: str, start: int) -> HeaderGroup:
    return HeaderGroup(label, (HeaderGroup("Tiền (Trđ)", (start,)), HeaderGroup("Đất (m²)", (start + 1,))))


HEADER: tuple[HeaderGroup | int, ...] = (
    HeaderGroup("Tổng số quyết định phải thực hiện", (1,)),
    HeaderGroup("Số quyết định đã thực hiện xong", (2,)),
    HeaderGroup("Thu hồi cho Nhà nước", (_money_land("Phải thu", 3), _money_land("Đã thu", 5))),
    HeaderGroup(
        "Trả lại cho tổ chức, cá nhân",
        (
            HeaderGroup("Phải trả", (_money_land("Tổ chức", 7), _money_land("Cá nhân", 9))),
            HeaderGroup("Đã trả", (_money_land("Tổ chức", 11), _money_land("Cá nhân", 13))),
        ),
    ),
    HeaderGroup(
        "Đã xử lý kỷ luật",
        (HeaderGroup("Tổng số người", (15,)), HeaderGroup("Số cán bộ, công chức", (16,))),
    ),
    HeaderGroup(
        "Đã khởi tố",
        (
            HeaderGroup("Số vụ", (17,)),
            HeaderGroup("Số đối tượng", (18,)),
            HeaderGroup("Số cán bộ, công chức", (19,)),
        ),
    ),
    HeaderGroup("Ghi chú", (20,)),
)

# Decisions fully implemented are among those to implement.
BOUNDS = (Bound(2, 1),)


def definition(generation: Generation) -> FormDefinition:
    return FormDefinition(
        code=CODE,
        generation=generation,
        title=TITLE,
        columns=COLUMNS,
        header=HEADER,
        bounds=BOUNDS,
        counting_notes=NOTES,
    )


# TT 02/2021 and TT 01/2024 print the same columns.
FORMS = {generation: definition(generation) for generation in Generation}
