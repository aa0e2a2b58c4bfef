"""Who signs: the signing rules per document type and body level, from the body's own officials."""

from __future__ import annotations

from datetime import date

import pytest

from petitions.domain.issuers import (
    AgencyLevel,
    Official,
    OfficialRole,
    SigningMode,
    ancestry,
    check_number_date,
    check_signer,
    is_real_text,
    next_round_agency,
    resolving_agency,
    signature_options,
)
from petitions.domain.types import DomainError

DAY = date(2026, 7, 15)
UBND = (
    Official(1, OfficialRole.HEAD, "Chủ tịch", "Trần Quang Minh"),
    Official(2, OfficialRole.DEPUTY, "Phó Chủ tịch", "Nguyễn Thị Thu Hà"),
    Official(3, OfficialRole.CHIEF_OF_OFFICE, "Chánh Văn phòng", "Đỗ Văn Hiếu"),
)
BAN = (
    Official(4, OfficialRole.HEAD, "Trưởng ban", "Phạm Văn Thành"),
    Official(5, OfficialRole.DEPUTY, "Phó Trưởng ban", "Hoàng Thị Lan"),
)


def labels(doc_type: str, level: AgencyLevel, officials: tuple[Official, ...], day: date = DAY) -> list[str]:
    return [o.label() for o in signature_options(doc_type=doc_type, level=level, officials=officials, day=day)]


def test_a_commune_ubnd_signs_a_notice_on_behalf_of_the_committee() -> None:
    assert labels("THONG_BAO", AgencyLevel.COMMUNE, UBND) == [
        "TM. Ủy ban nhân dân / Chủ tịch — Trần Quang Minh",
        "TM. Ủy ban nhân dân / KT. Chủ tịch / Phó Chủ tịch — Nguyễn Thị Thu Hà",
        "TL. Chủ tịch / Chánh Văn phòng — Đỗ Văn Hiếu",
    ]


def test_a_refusal_is_the_heads_own_act_never_on_behalf_of_the_committee() -> None:
    assert labels("TB_TU_CHOI_TCD", AgencyLevel.COMMUNE, UBND) == [
        "Chủ tịch — Trần Quang Minh",
        "KT. Chủ tịch / Phó Chủ tịch — Nguyễn Thị Thu Hà",
    ]
    assert labels("TB_TU_CHOI_TCD", AgencyLevel.UNIT, BAN) == [
        "Trưởng ban — Phạm Văn Thành",
        "KT. Trưởng ban / Phó Trưởng ban — Hoàng Thị Lan",
    ]


def test_a_chairmans_session_conclusion_is_signed_by_order_under_the_ubnd() -> None:
    first = signature_options(doc_type="TB_KET_LUAN_TCD", level=AgencyLevel.PROVINCE, officials=UBND, day=DAY)[0]
    assert (first.mode, first.authority, first.principal, first.position) == (
        SigningMode.BY_ORDER, "TL.", "Chủ tịch", "Chánh Văn phòng"
    )


def test_a_ban_never_signs_by_order_or_for_a_committee_without_such_officials() -> None:
    modes = {o.mode for o in signature_options(doc_type="TB_KET_LUAN_TCD", level=AgencyLevel.UNIT, officials=BAN, day=DAY)}
    assert modes == {SigningMode.IN_PERSON, SigningMode.DEPUTY}


def test_only_officials_valid_on_the_day_sign() -> None:
    officials = (
        Official(1, OfficialRole.HEAD, "Giám đốc", "Người cũ", valid_to=date(2026, 6, 30)),
        Official(2, OfficialRole.HEAD, "Giám đốc", "Người mới", valid_from=date(2026, 7, 1)),
    )
    assert labels("THONG_BAO", AgencyLevel.DEPARTMENT, officials, date(2026, 6, 30)) == ["Giám đốc — Người cũ"]
    assert labels("THONG_BAO", AgencyLevel.DEPARTMENT, officials, date(2026, 7, 1)) == ["Giám đốc — Người mới"]


def test_an_acting_head_signs_q_and_deputies_sign_for_the_acting_title() -> None:
    officials = (
        Official(1, OfficialRole.ACTING_HEAD, "Giám đốc", "Lê Văn Quyền"),
        Official(2, OfficialRole.DEPUTY, "Phó Giám đốc", "Phan Thị Yến"),
    )
    assert labels("THONG_BAO", AgencyLevel.DEPARTMENT, officials) == [
        "Q. Giám đốc — Lê Văn Quyền",
        "KT. Giám đốc / Phó Giám đốc — Phan Thị Yến",
    ]


def test_the_templates_own_list_narrows_the_options() -> None:
    options = signature_options(doc_type="THONG_BAO", level=AgencyLevel.UNIT, officials=BAN, day=DAY, allowed=[""])
    assert [o.name for o in options] == ["Phạm Văn Thành"]


@pytest.mark.parametrize("name", ["……………………", "...", "", "   ", "____", "Nguyễn Văn …"])
def test_a_dotted_or_blank_signer_is_not_a_signer(name: str) -> None:
    assert not is_real_text(name)
    with pytest.raises(DomainError, match="họ tên và chức vụ thật"):
        check_signer(position="Trưởng ban", name=name)


def test_a_real_signer_passes() -> None:
    check_signer(position="Phó Trưởng ban", name="Hoàng Thị Lan")


def test_a_number_dated_before_the_previous_number_is_refused() -> None:
    with pytest.raises(DomainError, match="Không được lùi ngày"):
        check_number_date(day=date(2026, 3, 1), previous_number=1, previous_date=date(2026, 3, 2))
    check_number_date(day=date(2026, 3, 2), previous_number=1, previous_date=date(2026, 3, 2))
    check_number_date(day=date(2026, 1, 1), previous_number=None, previous_date=None)


# ------------------------------------------------------------------------------------------- competence

# UBND tỉnh (1) ← Văn phòng (2) ← Ban Tiếp công dân (3); Sở (4) and xã (5) under the UBND tỉnh.
_PARENTS = {1: None, 2: 1, 3: 2, 4: 1, 5: 1, 6: None}
_LEVELS = {1: "province", 2: "office", 3: "unit", 4: "department", 5: "commune", 6: None}


@pytest.mark.parametrize(("handled_at", "resolved_by"), [(3, 1), (2, 1), (1, 1), (4, 4), (5, 5), (6, 6)])
def test_an_advisory_body_does_not_resolve_the_nearest_competent_body_above_it_does(handled_at, resolved_by):
    assert resolving_agency(handled_at, _PARENTS, _LEVELS) == resolved_by


def test_an_advisory_body_without_a_competent_parent_keeps_its_cases():
    assert resolving_agency(3, {3: 2, 2: None}, {3: "unit", 2: "office"}) == 3
    assert resolving_agency(3, {3: 3}, {3: "unit"}) == 3  # a loop in the data ends the walk


@pytest.mark.parametrize(("resolving", "next_round"), [(5, 1), (4, 1), (1, None), (6, None)])
def test_the_second_round_goes_to_the_competent_body_above(resolving, next_round):
    assert next_round_agency(resolving, _PARENTS, _LEVELS) == next_round


def test_a_body_under_an_advisory_one_goes_to_the_competent_body_above_both():
    assert next_round_agency(7, {**_PARENTS, 7: 3}, {**_LEVELS, 7: "department"}) == 1
    assert ancestry(7, {**_PARENTS, 7: 3}) == (7, 3, 2, 1)
