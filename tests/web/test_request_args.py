"""Numbers in query strings: an absurd one is no filter, never a 500 (one parser, petitions.request_args)."""

from __future__ import annotations

import pytest

from petitions.domain.types import Role
from petitions.request_args import BIGINT_MAX, parse_int
from tests.factories import signed_in_client

HUGE = "100000000000000000000"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("-3", -3), (str(BIGINT_MAX), BIGINT_MAX), (HUGE, None), ("", None),
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
    ],
)
def test_a_huge_number_in_a_list_filter_is_no_filter(app, session, role, url):
    client, _ = signed_in_client(app, role=role)
    assert client.get(url).status_code == 200
