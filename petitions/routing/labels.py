"""Routing's labels, translated: who is complained about, and how a rule names its body."""

from __future__ import annotations

from petitions.domain.routing import RespondentLevel, TargetKind
from petitions.i18n import lazy_gettext as _l

RESPONDENT_LEVEL_LABELS = {
    RespondentLevel.COMMUNE_OFFICIAL: _l("Cán bộ, công chức cấp xã"),
    RespondentLevel.COMMUNE_CHAIRMAN: _l("Chủ tịch, Phó Chủ tịch UBND cấp xã (UBND cấp xã)"),
    RespondentLevel.DEPARTMENT_OFFICIAL: _l("Công chức của Sở, cơ quan chuyên môn thuộc UBND tỉnh"),
    RespondentLevel.DEPARTMENT_HEAD: _l("Giám đốc, Phó Giám đốc Sở (quyết định, hành vi của Sở)"),
    RespondentLevel.PROVINCE_CHAIRMAN: _l("Chủ tịch, Phó Chủ tịch UBND tỉnh (UBND tỉnh)"),
    RespondentLevel.DISTRICT_OFFICIAL: _l("Cán bộ, công chức cấp huyện (trước 01/07/2025)"),
    RespondentLevel.DISTRICT_CHAIRMAN: _l("Chủ tịch, Phó Chủ tịch UBND cấp huyện (trước 01/07/2025)"),
    RespondentLevel.CENTRAL_BODY: _l("Cơ quan trung ương, bộ, ngành"),
    RespondentLevel.NOT_OFFICIAL: _l("Tổ chức, cá nhân không phải cán bộ, công chức"),
}
TARGET_LABELS = {
    TargetKind.AGENCY: _l("Một cơ quan cụ thể"),
    TargetKind.PLACE_AUTHORITY: _l("UBND nơi phát sinh vụ việc"),
    TargetKind.RESPONDENT_BODY: _l("Người đứng đầu cơ quan bị khiếu nại, tố cáo"),
    TargetKind.RESPONDENT_SUPERIOR: _l("Cơ quan cấp trên trực tiếp của cơ quan bị khiếu nại, tố cáo"),
}
