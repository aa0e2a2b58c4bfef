"""Vietnamese labels of the referrals' values (Flask-Babel lazy strings)."""

from __future__ import annotations

from petitions.domain.referrals import AnswerVia, ReferralAct, ReferralKind, ReferralOutcome, ReferralStatus
from petitions.i18n import lazy_gettext as _l

KIND_LABELS = {
    ReferralKind.FORWARDED: _l("Chuyển đơn"),
    ReferralKind.HANDED_OVER: _l("Giao tham mưu, xác minh"),
}
STATUS_LABELS = {
    ReferralStatus.SENT: _l("Đã gửi, chưa xác nhận"),
    ReferralStatus.ACKNOWLEDGED: _l("Đã xác nhận đã nhận"),
    ReferralStatus.IN_PROGRESS: _l("Đang giải quyết"),
    ReferralStatus.ANSWERED: _l("Đã trả lời, chờ xem xét"),
    ReferralStatus.COMPLETED: _l("Hoàn thành"),
}
VIA_LABELS = {
    AnswerVia.WORKSPACE: _l("Trả lời trên hệ thống"),
    AnswerVia.PAPER: _l("Văn bản phúc đáp (giấy)"),
}
OUTCOME_LABELS = {
    ReferralOutcome.RESOLVED: _l("Đã giải quyết (quyết định, kết luận, văn bản trả lời)"),
    ReferralOutcome.ACCEPTED: _l("Đã thụ lý, đang giải quyết"),
    ReferralOutcome.NOT_ACCEPTED: _l("Không thụ lý"),
    ReferralOutcome.VERIFIED: _l("Đã xác minh, báo cáo kết quả"),
    ReferralOutcome.PASSED_ON: _l("Chuyển cơ quan có thẩm quyền khác"),
}
ACT_LABELS = {
    ReferralAct.SENT: _l("Gửi"),
    ReferralAct.ACKNOWLEDGE: _l("Xác nhận đã nhận"),
    ReferralAct.PROGRESS: _l("Báo cáo tiến độ"),
    ReferralAct.ANSWER: _l("Trả lời kết quả"),
    ReferralAct.PAPER_REPLY: _l("Ghi nhận văn bản phúc đáp"),
    ReferralAct.RETURN: _l("Trả lại để bổ sung"),
    ReferralAct.ACCEPT: _l("Chấp nhận kết quả"),
    ReferralAct.REQUEST_EXTENSION: _l("Đề nghị gia hạn"),
    ReferralAct.GRANT_EXTENSION: _l("Đồng ý gia hạn"),
    ReferralAct.REFUSE_EXTENSION: _l("Không đồng ý gia hạn"),
    ReferralAct.MOVED: _l("Chuyển theo sắp xếp cơ quan"),
}
