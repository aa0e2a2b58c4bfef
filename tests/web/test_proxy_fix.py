"""The reverse-proxy setting (PROXY_FIX_HOPS): the client address the throttling and the logs use is the one the
configured number of proxies vouch for, never one a client wrote itself (ASVS 5.0 V15.3.4: the original client address
taken from trusted fields only; issue 25)."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import EnvironBuilder

from tests.conftest import make_test_app

SPOOFED, PROXY_SAW, DIRECT = "6.6.6.6", "10.0.0.7", "127.0.0.1"


def seen_by_app(test_database: Any, hops: int) -> dict[str, str]:
    """What the application behind the middleware sees for a request that came through one proxy, whose client
    sent its own X-Forwarded-For (the spoofed value) in front of the proxy's."""
    app = make_test_app(test_database, PROXY_FIX_HOPS=hops)
    seen: dict[str, str] = {}

    def inner(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.update(addr=environ["REMOTE_ADDR"], scheme=environ["wsgi.url_scheme"], host=environ["HTTP_HOST"])
        start_response("204 No Content", [])
        return []

    if hops:
        app.wsgi_app.app = inner  # type: ignore[attr-defined]  # ProxyFix keeps the wrapped app here
    else:
        app.wsgi_app = inner  # type: ignore[method-assign]
    environ = EnvironBuilder(
        path="/", environ_base={"REMOTE_ADDR": DIRECT},
        headers={"X-Forwarded-For": f"{SPOOFED}, {PROXY_SAW}", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "tcd.example.vn"},
    ).get_environ()
    app.wsgi_app(environ, lambda status, headers: None)
    return seen


# One proxy in front: hops=1 takes the address the proxy appended. hops=0 ignores the headers (no proxy). A count
# above the real one trusts what the client wrote (hops=2 takes the spoofed address; its scheme stays http, the
# one X-Forwarded-Proto value being too few for two hops): the README asks for the exact number of proxies.
@pytest.mark.parametrize(("hops", "address", "scheme"), [(0, DIRECT, "http"), (1, PROXY_SAW, "https"), (2, SPOOFED, "http")])
def test_the_client_address_is_the_one_the_configured_proxies_vouch_for(test_database, hops, address, scheme):
    seen = seen_by_app(test_database, hops)
    assert (seen["addr"], seen["scheme"]) == (address, scheme)
    if hops == 1:
        assert seen["host"] == "tcd.example.vn"
