"""The citizens' status lookup: a separate public WSGI application (`petitions.lookup:app`) on its own hostname.

It shares no session, login or blueprint with the officers' app and reads only the projection the officers' side
keeps (petitions.lookup.projection); see petitions.lookup.app. `app` is built on first access, so that importing
this area's models (the officers' app does) builds no second application.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from petitions.lookup.app import create_lookup_app

    application = create_lookup_app()
    globals()["app"] = application  # built once per process
    return application
