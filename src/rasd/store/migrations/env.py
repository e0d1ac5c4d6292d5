"""Alembic environment: runs on the connection handed over by :func:`rasd.store.db.migrate`.

Run by hand (``alembic`` CLI) it falls back to ``$RASD_DB`` / ``sqlite:///rasd.db``.
"""
from __future__ import annotations

from alembic import context

from rasd.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    from rasd.store.db import resolve_url

    context.configure(url=config.get_main_option("sqlalchemy.url") or resolve_url(None),
                      target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    conn = config.attributes.get("connection")
    if conn is not None:
        _run(conn)
    else:
        from rasd.store.db import make_engine

        with make_engine(config.get_main_option("sqlalchemy.url") or None).begin() as c:
            _run(c)
