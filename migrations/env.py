"""Alembic environment: the schema of both databases comes only from these migrations."""

import logging
import os
from logging.config import fileConfig

import sqlalchemy as sa
from alembic import context
from flask import current_app

config = context.config

# Keep the application's loggers (request and security logs) alive after a migration.
if config.config_file_name is not None and os.path.exists(config.config_file_name):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

# Search artefacts (FTS5 shadow tables, trigram indexes) are created by migrations in raw SQL
# and carry this prefix; autogenerate must not try to drop them.
SEARCH_ARTEFACT_PREFIX = "search_"

# PostgreSQL-only expression indexes, made by migrations in raw SQL and not declared on the models
# (SQLite cannot reflect an expression index, nor use one for an ORDER BY whose constants are bound).
EXPRESSION_INDEXES = frozenset(
    {"ix_document_agency_date", "ix_document_agency_number", "ix_document_date", "ix_document_number"}
)


def get_engine():
    return current_app.extensions["migrate"].db.engine


def include_object(obj, name, type_, reflected, compare_to):
    if name and name.startswith(SEARCH_ARTEFACT_PREFIX):
        return False
    if type_ == "index" and name in EXPRESSION_INDEXES:
        return False
    return True


def get_metadata():
    # The models' metadata needs no application context (pytest-alembic runs without one).
    import petitions.models  # noqa: F401  (registers every table)
    from petitions.extensions import db

    return db.metadata


def run_migrations_offline():
    url = get_engine().url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=get_metadata(), literal_binds=True, include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    # Refuse to write an empty revision when autogenerate finds no change.
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    migrate_ext = current_app.extensions["migrate"] if current_app else None
    conf_args = dict(migrate_ext.configure_args) if migrate_ext else {"render_as_batch": True}
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args.setdefault("compare_type", True)
    conf_args.setdefault("include_object", include_object)

    # pytest-alembic hands in its own connection; everything else uses the app's engine.
    given = config.attributes.get("connection")
    if isinstance(given, sa.Engine):
        with given.connect() as connection:
            context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
            with context.begin_transaction():
                context.run_migrations()
        return
    if given is not None:
        context.configure(connection=given, target_metadata=get_metadata(), **conf_args)
        with context.begin_transaction():
            context.run_migrations()
        return
    with get_engine().connect() as connection:
        context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
