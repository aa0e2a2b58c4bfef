"""Citizens area: validation, matching inside the agency scope, resolving a chosen record, merging two records."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from petitions.citizens import queries, services
from petitions.citizens.models import Citizen
from petitions.cli import seed_reference_data
from petitions.domain.reception import (
    MatchReason,
    PersonKey,
    ReceptionError,
    RepresentativeKind,
)
from petitions.domain.records import IdType
from petitions.domain.types import DomainError, Role
from petitions.extensions import db, immediate_transactions
from petitions.history import history_of
from petitions.reception import services as reception
from petitions.reception.models import Representative, VisitPerson
from tests.factories import make_agency, make_citizen, make_letter, make_user, make_visit


@pytest.fixture
def office(session):
    seed_reference_data()
    agency = make_agency()
    officer = make_user(role=Role.RECEPTION_OFFICER, agency=agency)
    with immediate_transactions():
        yield agency, officer


def test_create_citizen_refuses_a_bad_cccd(office):
    agency, _ = office
    with pytest.raises(ReceptionError, match="12 chữ số"):
        services.create_citizen(
            agency_id=agency.id, full_name="Lê Thị Hoa", id_type=IdType.CCCD, id_number="12345"
        )


def test_search_finds_the_accented_name_from_folded_text(office):
    agency, officer = office
    make_citizen(agency=agency, full_name="Nguyễn Văn Đức")
    assert [c.full_name for c in queries.search_citizens(officer, "van duc")] == ["Nguyễn Văn Đức"]


def test_search_finds_words_from_their_start_through_the_word_index(office):
    agency, officer = office
    make_citizen(agency=agency, full_name="Nguyễn Văn Đức")
    make_citizen(agency=agency, full_name="Trần Đức Anh")
    make_citizen(agency=agency, full_name="Lê Thị Mai")
    assert [c.full_name for c in queries.search_citizens(officer, "duc")] == ["Nguyễn Văn Đức", "Trần Đức Anh"]
    assert [c.full_name for c in queries.search_citizens(officer, "van d")] == ["Nguyễn Văn Đức"]
    assert [c.full_name for c in queries.search_citizens(officer, "tran duc a")] == ["Trần Đức Anh"]
    # Words in the order typed, each from the start of a word of the name.
    assert queries.search_citizens(officer, "van mai") == []
    assert queries.search_citizens(officer, "duc van") == []
    assert queries.search_citizens(officer, "uyen van") == []


def test_the_word_index_follows_creation_edits_and_merges(office):
    agency, officer = office
    citizen = make_citizen(agency=agency, full_name="Nguyễn Văn Đức")
    assert _keys(citizen) == [("duc", None), ("nguyen van duc", None), ("van duc", None)]
    services.update_citizen(citizen, services.CitizenInput(full_name="Phạm Thị Đào", birth_year=1971))
    assert _keys(citizen) == [("dao", 1971), ("pham thi dao", 1971), ("thi dao", 1971)]
    assert queries.search_citizens(officer, "nguyen") == []
    assert [c.id for c in queries.search_citizens(officer, "thi dao")] == [citizen.id]
    keep = make_citizen(agency=agency, full_name="Lò Văn Páo")
    absorb = make_citizen(agency=agency, full_name="Lò Văn Páo", birth_year=1980)
    services.merge_citizens(keep=keep, absorb=absorb, actor=officer)
    assert _keys(keep) == [("lo van pao", 1980), ("pao", 1980), ("van pao", 1980)]
    # The merged record keeps its rows; searches leave merged records out.
    assert [c.id for c in queries.search_citizens(officer, "lo van pao")] == [keep.id]


def _keys(citizen):
    from petitions.citizens.models import CitizenNameKey

    return [
        tuple(row)
        for row in db.session.execute(
            sa.select(CitizenNameKey.key, CitizenNameKey.birth_year)
            .where(CitizenNameKey.citizen_id == citizen.id)
            .order_by(CitizenNameKey.key)
        )
    ]


def test_citizen_list_takes_a_trailing_birth_year(office):
    from petitions.reception.queries import list_citizens

    agency, officer = office
    older = make_citizen(agency=agency, full_name="Nguyễn Văn An", birth_year=1968)
    make_citizen(agency=agency, full_name="Nguyễn Văn An", birth_year=1990)
    make_citizen(agency=agency, full_name="Nguyễn Văn Anh", birth_year=1968)
    page = list_citizens(officer, text="nguyễn văn an 1968", after=None)
    # The last word is the start of a word, as without a year: "Nguyễn Văn Anh" is found too.
    assert [(c.full_name, c.birth_year) for c in page.rows] == [("Nguyễn Văn An", 1968), ("Nguyễn Văn Anh", 1968)]
    assert page.rows[0].id == older.id
    assert page.total == 2 and not page.total_capped
    assert len(list_citizens(officer, text="nguyen van an", after=None).rows) == 3


def test_search_pages_cover_each_hit_once_in_name_order(office):
    from petitions.reception.queries import list_citizens

    agency, officer = office
    # "Thu" starts two words of "Nguyễn Thị Thu Thủy": the citizen is still one hit.
    names = ["Nguyễn Thị Thu Thủy", "Lê Thu", "Trần Thu Hà", "Phạm Văn Thuận", "Hoàng Thu", "Lê Thu"]
    made = [make_citizen(agency=agency, full_name=name) for name in names]
    make_citizen(agency=agency, full_name="Nguyễn Văn Hùng")
    seen, after = [], None
    while True:
        page = list_citizens(officer, text="thu", after=after, size=2)
        assert page.total == len(names)
        seen += [(c.full_name_folded, c.id) for c in page.rows]
        after = page.next_cursor
        if after is None:
            break
    assert seen == sorted((c.full_name_folded, c.id) for c in made)


def test_search_by_id_number_lists_that_citizen(office):
    from petitions.reception.queries import list_citizens

    agency, officer = office
    citizen = make_citizen(agency=agency, full_name="Đinh Văn Tú", id_type=IdType.CCCD, id_number="001203004568")
    make_citizen(agency=agency, full_name="Đinh Văn Tú")
    assert [c.id for c in list_citizens(officer, text="001203004568", after=None).rows] == [citizen.id]
    assert [c.id for c in queries.search_citizens(officer, "001 203 004 568")] == [citizen.id]


def test_matches_by_id_and_by_name_with_birth_year(office):
    agency, officer = office
    same_id = make_citizen(
        agency=agency, full_name="Nguyễn Văn Đức", id_type=IdType.CCCD, id_number="001203004567"
    )
    same_year = make_citizen(agency=agency, full_name="NGUYỄN VĂN ĐỨC", birth_year=1960)
    make_citizen(agency=agency, full_name="Nguyễn Văn Đức", birth_year=1975)
    found = queries.find_matches(officer, PersonKey("nguyen van duc", "001203004567", None, 1960))
    assert [(m.citizen.id, m.reason) for m in found] == [
        (same_id.id, MatchReason.SAME_ID),
        (same_year.id, MatchReason.NAME_AND_BIRTH_YEAR),
    ]


def test_matches_stay_inside_the_officers_agency(office):
    _, officer = office
    make_citizen(
        agency=make_agency(), full_name="Nguyễn Văn Đức", id_type=IdType.CCCD, id_number="001203004567"
    )
    assert queries.find_matches(officer, PersonKey(id_number="001203004567")) == []


def test_resolve_citizen_refuses_a_record_outside_the_actors_agency(office):
    _, officer = office
    elsewhere = make_citizen(agency=make_agency())
    with pytest.raises(DomainError, match="Không tìm thấy hồ sơ công dân"):
        services.resolve_citizen(officer, elsewhere.id)


def test_resolve_citizen_follows_a_merged_record_to_the_one_kept(office):
    agency, officer = office
    keep = make_citizen(agency=agency, full_name="Trần Văn Bình")
    absorb = make_citizen(agency=agency, full_name="Trần Văn Bình")
    services.merge_citizens(keep=keep, absorb=absorb, actor=officer)
    assert services.resolve_citizen(officer, absorb.id) is keep


def _visit_with_representative(agency, officer, citizen):
    representative = reception.RepresentativeInput(
        kind=RepresentativeKind.AUTHORISED, document_number="05/UQ", citizen_id=citizen.id, is_certified=True
    )
    return make_visit(agency=agency, officer=officer, citizen_id=citizen.id, representatives=(representative,))


def test_merge_moves_every_row_naming_the_absorbed_record_and_records_history(office):
    agency, officer = office
    keep = make_citizen(agency=agency, full_name="Trần Văn Bình", birth_year=1970)
    absorb = make_citizen(agency=agency, full_name="Trần Văn Bình", birth_year=1970, phone="0987654321")
    visit = _visit_with_representative(agency, officer, absorb)
    letter = make_letter(agency=agency, citizen_id=absorb.id)
    services.merge_citizens(keep=keep, absorb=absorb, actor=officer)
    db.session.expire_all()
    assert visit.citizen_id == keep.id
    assert letter.citizen_id == keep.id
    assert [p.citizen_id for p in db.session.query(VisitPerson).filter_by(visit_id=visit.id)] == [keep.id]
    assert [r.citizen_id for r in db.session.query(Representative).filter_by(visit_id=visit.id)] == [keep.id]
    assert absorb.merged_into_id == keep.id
    assert keep.phone == "0912345678"  # keep's own value stays; only empty fields are filled
    reasons = {h.reason for h in history_of("citizen", absorb.id)}
    assert f"Hợp nhất hồ sơ công dân #{absorb.id} vào #{keep.id}" in reasons
    assert {h.reason for h in history_of("visit", visit.id) if h.field == "citizen_id"} == {
        f"Hợp nhất hồ sơ công dân #{absorb.id} vào #{keep.id}"
    }
    assert queries.find_matches(officer, PersonKey("tran van binh", birth_year=1970)) == [
        queries.Match(keep, MatchReason.NAME_AND_BIRTH_YEAR)
    ]


def test_merge_refuses_a_record_with_itself(office):
    agency, officer = office
    citizen = make_citizen(agency=agency)
    with pytest.raises(ReceptionError, match="chính nó"):
        services.merge_citizens(keep=citizen, absorb=citizen, actor=officer)
    assert db.session.get(Citizen, citizen.id).merged_into_id is None
