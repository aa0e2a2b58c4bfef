"""Vietnamese labels of the chasing values (Flask-Babel lazy strings)."""

from __future__ import annotations

from petitions.domain.chasing import ChaseStatus, ChaseStep
from petitions.i18n import lazy_gettext as _l

STEP_LABELS = {
    ChaseStep.REMINDER: _l("Nhắc trước hạn"),
    ChaseStep.FIRST_URGING: _l("Đôn đốc lần 1"),
    ChaseStep.SECOND_URGING: _l("Đôn đốc lần 2"),
    ChaseStep.ESCALATION: _l("Báo cáo, đề nghị cấp trên chỉ đạo"),
    ChaseStep.EXPLANATION_REQUEST: _l("Yêu cầu giải trình"),
}
STATUS_LABELS = {
    ChaseStatus.PROPOSED: _l("Chờ lãnh đạo duyệt"),
    ChaseStatus.APPROVED: _l("Đã duyệt"),
    ChaseStatus.SKIPPED: _l("Đã bỏ qua"),
    ChaseStatus.WITHDRAWN: _l("Đã rút"),
}
