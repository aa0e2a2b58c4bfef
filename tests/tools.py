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
