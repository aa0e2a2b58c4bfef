"""Report builds and PDF layouts pause the cyclic garbage collector (speed only: the figures do not depend on it)."""

from __future__ import annotations

import gc

from petitions.collector import collector_paused


def test_collector_is_off_while_building_and_back_on_after_the_last_build() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # a second build under way (another thread)
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first build still runs
    assert gc.isenabled()


def test_collector_comes_back_after_a_refused_form() -> None:
    try:
        with collector_paused():
            raise ValueError("an inconsistent form")
    except ValueError:
        pass
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_host_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
