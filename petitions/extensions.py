"""Flask extensions, created unbound; create_app() binds them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, ClassVar

import sqlalchemy as sa
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import ConnectionPoolEntry

# Stable constraint names, so that migrations can drop and alter them on both databases.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    if TYPE_CHECKING:
        # Every model is declared with __tablename__, so it maps a Table (never a join or a
        # select); SQLAlchemy types __table__ as any FromClause, which insert() does not take.
        __table__: ClassVar[sa.Table]


db = SQLAlchemy(model_class=Base)
# Models subclass Model. At runtime it is db.Model, which Flask-SQLAlchemy builds from Base;
# a type checker cannot take an instance attribute as a base class, so it is told Base.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()

# SQLite takes its write lock lazily, so two writers that both read first can deadlock
# (SQLITE_BUSY without waiting). Requests that write, and numbering services, begin with
# BEGIN IMMEDIATE instead; PostgreSQL ignores this flag (it locks rows with FOR UPDATE).
sqlite_immediate: ContextVar[bool] = ContextVar("sqlite_immediate", default=False)

SQLITE_BUSY_TIMEOUT_MS = 15_000


@contextmanager
def immediate_transactions() -> Iterator[None]:
    """Within this block, SQLite transactions start with BEGIN IMMEDIATE (the write lock)."""
    token = sqlite_immediate.set(True)
    try:
        yield
    finally:
        sqlite_immediate.reset(token)


@sa.event.listens_for(sa.engine.Engine, "connect")
def _configure_sqlite(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy, not the driver, emit BEGIN: the driver's implicit transactions
    # break SAVEPOINTs and cannot take the lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


@sa.event.listens_for(sa.engine.Engine, "begin")
def _begin_sqlite(connection: sa.Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE" if sqlite_immediate.get() else "BEGIN")
