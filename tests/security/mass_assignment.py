"""Mass assignment (issue 25 "Input"; OWASP ASVS 5.0 V15.3.3 only the allowed fields of a request are bound, V8.2.3
no change of a record's owner or state through a request's extra fields): the extra fields a test adds to a write
and the check that no row the write touched holds their values.

Used by the positive controls of tests/web/test_form_id_sweep.py (every POST route's own form) and
tests/api/test_id_sweep.py (every write of the API), which post their request once more with `extras(...)`.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from petitions.domain.types import Role
from petitions.extensions import Model, db


def rows() -> dict[str, tuple[list[str], dict[str, tuple[Any, ...]]]]:
    """Every row of every table: its repr (JSON columns hold lists) → its values."""
    out = {}
    for table in Model.metadata.sorted_tables:
        columns = list(table.columns)
        found = db.session.execute(sa.select(*columns)).all()
        out[table.name] = ([c.name for c in columns], {repr(tuple(row)): tuple(row) for row in found})
    return out


def written(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The rows the request inserted or changed, as {column: value}."""
    out = []
    for table, (names, now) in after.items():
        for key, row in now.items():
            if key not in before[table][1]:
                out.append((table, dict(zip(names, row, strict=True))))
    return out


def extras(c_agency: int, c_user: int) -> dict[str, str]:
    """Fields no form or body of the app takes, naming a third agency C and its user, a state and a role."""
    return {
        "agency_id": str(c_agency), "agency_in_charge_id": str(c_agency), "status": "destroyed",
        "clearance": "approved", "is_cleared": "y", "version": "999", "role": "admin", "created_by": str(c_user),
        "created_by_id": str(c_user), "is_void": "y", "id": "999999",
    }


def mass_assigned(endpoint: str, changed: list[tuple[str, dict[str, Any]]], c_agency: int, c_user: int) -> list[str]:
    """The values of `extras` found in the rows a write of `endpoint` inserted or changed ([] when it ignored them)."""
    found = []
    for table, row in changed:
        for column, value in row.items():
            where = f"{table}.{column}={value!r}"
            if column.endswith("agency_id") and value == c_agency:
                found.append(where)
            elif (column.endswith("_by_id") or column in ("actor_id", "user_id", "officer_id")) and value == c_user:
                found.append(where)
            elif column == "version" and value == 999:
                found.append(where)
            elif column == "id" and value == 999999:
                found.append(where)
            elif column == "status" and str(getattr(value, "value", value)).lower() == "destroyed" and endpoint != "letters.destroy":
                found.append(where)
            elif column == "role" and table in ("user", "user_account") and value == Role.ADMIN:
                found.append(where)
            elif column == "is_void" and value is True and endpoint not in ("letters.void", "documents.void"):
                found.append(where)
        if table == "identity_clearance" and not endpoint.startswith("auth.clearance"):
            found.append(f"{table} written")
    return found
