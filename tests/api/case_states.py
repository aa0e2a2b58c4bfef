"""Cases brought, through flow's services with their papers issued, to the state each transition of the API needs,
and a body for each transition that its service takes in that state (tests/api/test_case_actions.py and
test_id_sweep.py).

The steps are dated from 17/08/2026, three days apart, each paper issued on its day, as on the document page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from petitions.cases import transitions as tr
from petitions.cases.models import CaseFile
from petitions.documents.services import issue_document
from petitions.domain.records import CaseType, CaseVerdict, Complexity

FIRST_DAY = date(2026, 8, 17)

# action → the steps before it (each one of `step` below)
STEPS: dict[str, tuple[str, ...]] = {
    "accept": (),
    "not_accept": (),
    "reclassify": (),
    "verify": ("accept",),
    "withdraw": ("accept",),
    "suspend": ("accept",),
    "terminate": ("accept",),
    "resume": ("accept", "suspend"),
    "lapse": ("accept", "terminate"),
    "report": ("accept", "verify"),
    "dialogue": ("accept", "verify"),
    "decide": ("accept", "verify", "report"),
    "notify": ("accept", "verify", "report", "decide"),
    "publish": ("accept", "verify", "report", "decide"),
    "implement": ("accept", "verify", "report", "decide"),
    "court": ("accept", "verify", "report", "decide"),
    "next_round": ("accept", "verify", "report", "decide"),
    "implemented": ("accept", "verify", "report", "decide", "implement"),
    "close": ("accept", "verify", "report", "decide", "publish"),
    # A denunciation's extension: classed complex first (a denunciation only; once for a complex one).
    "extend": ("complex", "accept"),
}
# The transitions only a denunciation takes here (the others are taken by a complaint).
DENUNCIATION_ACTIONS = frozenset({"extend"})


def step(case: CaseFile, name: str, *, actor: Any, day: date) -> None:
    def issued(paper: Any) -> None:
        issue_document(paper, actor=actor, issue_date=day)

    if name == "accept":
        issued(tr.accept_case(case, actor=actor))
    elif name == "verify":
        issued(tr.assign_verification(case, actor=actor))
    elif name == "report":
        issued(tr.report_verification(case, findings="Hồ sơ bồi thường áp dụng sai đơn giá đất ở.", actor=actor))
    elif name == "decide":
        verdict = CaseVerdict.RIGHT if case.case_type == CaseType.COMPLAINT else CaseVerdict.TRUE
        issued(tr.decide_case(case, verdict=verdict, actor=actor))
    elif name == "publish":
        issued(tr.publish_result(case, form="Niêm yết tại trụ sở", actor=actor))
    elif name == "implement":
        tr.start_implementation(case, effective_on=day, actor=actor)
    elif name == "suspend":
        issued(tr.suspend_case(case, reason="Chờ kết quả giám định", actor=actor))
    elif name == "terminate":
        issued(tr.terminate_case(case, reason="Người khiếu nại rút đơn", actor=actor))
    else:
        assert name == "complex", name
        tr.reclassify_case(case, complexity=Complexity.COMPLEX, remote=False, reason="Nhiều nội dung, nhiều người liên quan",
                           effective_on=day, actor=actor)


def bring(case: CaseFile, action: str, *, actor: Any) -> date:
    """The case brought to the state `action` needs; returns the day after its last step."""
    day = FIRST_DAY
    for name in STEPS[action]:
        step(case, name, actor=actor, day=day)
        day += timedelta(days=3)
    return day


# action → a body its service takes in the state `bring` left (own: the office's ids, "officer" and "agency")
BODIES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "accept": lambda own: {"verifier": "Thanh tra tỉnh"},
    "not_accept": lambda own: {"reason": "Không thuộc thẩm quyền giải quyết"},
    "reclassify": lambda own: {"complexity": "complex", "remote": True, "reason": "Nhiều nội dung, địa bàn đi lại khó khăn"},
    "verify": lambda own: {"handler_id": own["officer"], "verifier": "Tổ xác minh số 1", "members": ["Trần Văn Một", "Lê Thị Hai"],
                           "days": 30, "plan": "Làm việc với các bên, thu thập hồ sơ bồi thường"},
    "withdraw": lambda own: {"reason": "Người khiếu nại rút toàn bộ đơn", "effective_on": "2026-08-25"},
    "suspend": lambda own: {"reason": "Chờ kết quả giám định"},
    "resume": lambda own: {"reason": "Đã có kết quả giám định"},
    "terminate": lambda own: {"reason": "Người khiếu nại rút đơn"},
    "lapse": lambda own: {},
    "report": lambda own: {"findings": "Đơn giá bồi thường đất ở áp dụng sai khung giá", "proposal": "Điều chỉnh phương án"},
    "dialogue": lambda own: {"held_on": "2026-08-26", "place": "Trụ sở tiếp công dân", "participants": ["Người khiếu nại", "Đại diện UBND xã"],
                             "result": "Các bên thống nhất đo đạc lại diện tích"},
    "decide": lambda own: {"verdict": "partly_right", "texts": {"conclusion": "Khiếu nại có đúng, có sai"},
                           "figures": {"return_money_persons": "1.250,5", "return_land_persons": 120.25, "restored_persons": 2}},
    "notify": lambda own: {"result": "Đã gửi quyết định giải quyết cho người khiếu nại"},
    "publish": lambda own: {"form": "Niêm yết tại trụ sở UBND xã", "place": "Trụ sở UBND xã"},
    "implement": lambda own: {"note": "Giao phòng Tài nguyên tổ chức thực hiện"},
    "court": lambda own: {"reference": "Tòa án nhân dân tỉnh, thụ lý số 12/2026/TLST-HC", "effective_on": "2026-09-10"},
    "next_round": lambda own: {"received_on": "2026-09-10", "agency_in_charge_id": own["agency"],
                               "reason": "Không đồng ý với quyết định giải quyết lần đầu"},
    "implemented": lambda own: {"figures": {"returned_money_persons": "1250.5", "returned_land_persons": "120,25"},
                                "implemented_on": "2026-09-12", "summary": "Đã chi trả tiền bồi thường"},
    "close": lambda own: {"note": "Đã thực hiện xong quyết định", "effective_on": "2026-09-12"},
    "extend": lambda own: {"days": 20, "reason": "Vụ việc phức tạp cần thêm thời gian xác minh"},
}
