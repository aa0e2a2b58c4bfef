"""External programs some tests need: missing under CI=true is a failure, elsewhere a skip."""

from __future__ import annotations

import os
import shutil

import pytest


def require_tool(tool: str, package: str) -> str:
    """The path of `tool`; CI must have it (a skip there would hide a broken check)."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} ({package}) is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs {message}")
        pytest.skip(message)
    return path


def require_redis(url: str) -> str:
    """`url` once its Redis answers; CI must have it (the machines run one on 127.0.0.1:6379), elsewhere a skip."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Redis at {url}")
        pytest.skip(f"no Redis at {url}")
    return url
