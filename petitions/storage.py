"""Files under UPLOAD_FOLDER that a database row names (letter attachments, signed copies of documents): written
whole or not at all, kept only if the transaction that names them commits, and swept when a crash left one behind.

  - `write_file` writes to a hidden temporary name in the target's folder, syncs it, and only then gives it its
    real name (a hard link that never overwrites, or a rename for a content-addressed name). A full disk or any
    other failure removes the temporary file: no partial file is ever left under a real name. A full disk (or
    quota) is a `StorageFull` refusal, so the form answers a clean error instead of a server error;
  - the file is tracked in the session: if the transaction (or the savepoint it was written in) rolls back, the
    file is deleted; once the outermost transaction commits, it stays;
  - a process killed between writing the file and committing its row (kill -9, power cut) leaves a file no row
    names: `sweep` (`petitions uploads sweep`, run from cron or after a crash) deletes such files and the
    temporary ones once they are older than a request can take, so a write in flight is never touched.
    benchmarks/faults.py `kill` measures it.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session, SessionTransaction

from petitions.domain.types import DomainError
from petitions.extensions import db

TEMPORARY_PREFIX = ".upload-"
# A file younger than this may belong to a request still running: the sweep leaves it alone.
SWEEP_MIN_AGE_SECONDS = 3600
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class StorageFull(DomainError):
    """The upload folder's disk (or quota) is full; nothing was kept."""

    def __init__(self) -> None:
        super().__init__("Máy chủ không còn chỗ lưu tệp; tệp chưa được lưu. Vui lòng báo quản trị viên hệ thống.")


def write_file(target: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write `data` at `target` whole or not at all, and track it in the current session (deleted again if the
    transaction does not commit). `overwrite`: the name is derived from the content, so an existing file (left
    by an earlier attempt) holds the same bytes and is replaced; otherwise an existing file is an error."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=TEMPORARY_PREFIX)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if overwrite:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)  # fails if the name exists: a file is never overwritten
            os.unlink(temporary)
    except OSError as failed:
        Path(temporary).unlink(missing_ok=True)
        if failed.errno in _FULL:
            raise StorageFull() from failed
        raise
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    track_new_file(db.session(), target)


# ---------------------------------------------------------------------------------------------------------
# Files written in a transaction that does not commit
# ---------------------------------------------------------------------------------------------------------

_PENDING_KEY = "storage_pending_files"


def track_new_file(session: Session, path: Path) -> None:
    """Remember a file just written for a row of the current transaction: if that transaction (or the
    savepoint it was written in) rolls back, the file is deleted; once the outermost one commits, it stays."""
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_PENDING_KEY, []).append((path, transaction))


def _inside(transaction: SessionTransaction | None, ended: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


def delete_files(paths: Iterable[Path]) -> None:
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


@sa.event.listens_for(Session, "after_commit")
def _files_committed(session: Session) -> None:
    # Also fires when a savepoint is released: its files stay pending until the outermost commit
    # (an entry's transaction chain still leads to the outer one, should that roll back).
    if session.get_nested_transaction() is None:
        session.info.pop(_PENDING_KEY, None)


@sa.event.listens_for(Session, "after_soft_rollback")
def _files_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    pending = session.info.get(_PENDING_KEY)
    if not pending:
        return
    gone = [(path, tx) for path, tx in pending if _inside(tx, previous_transaction)]
    if gone:
        delete_files([path for path, _tx in gone])
        session.info[_PENDING_KEY] = [entry for entry in pending if entry not in gone]


@sa.event.listens_for(Session, "after_transaction_end")
def _files_never_committed(session: Session, transaction: SessionTransaction) -> None:
    # The outermost transaction ended without after_commit (closed, or rolled back by an error):
    # nothing written in it may stay.
    if transaction.parent is None and not transaction.nested:
        pending = session.info.pop(_PENDING_KEY, None)
        if pending:
            delete_files([path for path, _tx in pending])


# ---------------------------------------------------------------------------------------------------------
# The sweep after a crash
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Swept:
    checked: int  # files looked at
    orphans: int  # files no row names (or temporary files), old enough, deleted
    young: int  # files no row names yet, younger than the minimum age: left for a later sweep


def sweep(folder: Path, named: set[Path], *, min_age_seconds: float = SWEEP_MIN_AGE_SECONDS) -> Swept:
    """Delete the files under `folder` that no row names (`named`: resolved paths), and the temporary files
    of writes that never finished, once they are older than `min_age_seconds`."""
    checked = orphans = young = 0
    if not folder.is_dir():
        return Swept(0, 0, 0)
    now = time.time()
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        checked += 1
        if path.resolve() in named and not path.name.startswith(TEMPORARY_PREFIX):
            continue
        if now - path.stat().st_mtime < min_age_seconds:
            young += 1
            continue
        path.unlink(missing_ok=True)
        orphans += 1
    return Swept(checked, orphans, young)
