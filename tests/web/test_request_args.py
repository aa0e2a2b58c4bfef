"""Numbers in query strings: an absurd one is no filter, never a 500 (one parser, petitions.request_args)."""

from __future__ import annotations

import pytest

from petitions.domain.types import Role
from petitions.request_args import INT_MAX, INT_MIN, parse_int
from tests.factories import signed_in_client

HUGE = "100000000000000000000"
BEYOND_INT4 = "3000000000"  # between 2**31 and 2**63: PostgreSQL's INTEGER columns refuse it


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("-3", -3), (str(INT_MAX), INT_MAX), (str(INT_MIN), INT_MIN), (str(INT_MAX + 1), None),
     (str(INT_MIN - 1), None), (BEYOND_INT4, None), (str(2**63 - 1), None), (HUGE, None), ("", None),
     (None, None), ("abc", None), ("1.5", None), (True, None), (42, 42)],
)
def test_parse_int(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (Role.LEADER, f"/letters/?officer={HUGE}&agency={HUGE}&field={HUGE}&year={HUGE}"),
        (Role.RECEPTION_OFFICER, f"/reception/?session={HUGE}&officer={HUGE}&unit={HUGE}"),
        (Role.LEADER, f"/documents/?agency={HUGE}&year={HUGE}"),
        (Role.LEADER, f"/letters/?officer={BEYOND_INT4}&agency={BEYOND_INT4}&field={BEYOND_INT4}&year={BEYOND_INT4}"),
        (Role.RECEPTION_OFFICER, f"/reception/?session={BEYOND_INT4}&officer={BEYOND_INT4}&unit={BEYOND_INT4}"),
        (Role.LEADER, f"/documents/?agency={BEYOND_INT4}&year={BEYOND_INT4}"),
    ],
)
def test_a_huge_number_in_a_list_filter_is_no_filter(app, session, role, url):
    client, _ = signed_in_client(app, role=role)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("ident", [BEYOND_INT4, str(2**63 - 1), HUGE])
@pytest.mark.parametrize(
    ("role", "path"),
    [(Role.LEADER, "/letters/{}"), (Role.LEADER, "/documents/{}"), (Role.RECEPTION_OFFICER, "/reception/visits/{}")],
)
def test_an_id_beyond_the_id_columns_is_missing_not_an_error(app, session, role, path, ident):
    """GET /letters/3000000000 was a 500 on PostgreSQL (INTEGER ids, a BIGINT bound): now 404 like a missing id."""
    client, _ = signed_in_client(app, role=role)
    assert client.get(path.format(ident)).status_code == 404
