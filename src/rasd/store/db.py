"""Engines, sessions and schema upgrades for any SQLAlchemy URL.

SQLite is the default (``sqlite:///rasd.db``; nothing to install): it is opened
in WAL mode so readers (``rasd events``, the API) never block an ingest, with
foreign keys on.  PostgreSQL (``postgresql+psycopg://...``) runs the same code.
The schema is always brought to the latest Alembic revision on open, through
a programmatic Alembic config (no ``alembic.ini``).
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///rasd.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def resolve_url(url: str | None) -> str:
    """The URL to use: the argument, else ``$RASD_DB``, else ``sqlite:///rasd.db``.

    ``postgresql://`` is mapped to the psycopg 3 driver, the one rasd ships with.
    """
    url = url or os.environ.get("RASD_DB") or DEFAULT_URL
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA cache_size=-32768")  # 32 MB of pages: bounded, so memory stays flat
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    """A new engine for ``url`` (see :func:`resolve_url`); SQLite gets WAL and foreign keys."""
    url = resolve_url(url)
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        eng = create_engine(url)
        event.listen(eng, "connect", _sqlite_pragmas)
    else:
        eng = create_engine(url, pool_pre_ping=True)
    return eng


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema of ``engine``'s database to ``revision``."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for ``url``, migrated to the latest schema on first use."""
    url = resolve_url(url)
    with _lock:
        eng = _engines.get(url)
        if eng is None:
            eng = make_engine(url)
            migrate(eng)
            _engines[url] = eng
    return eng


def dispose(url: str | None = None) -> None:
    """Forget (and close) the cached engine of ``url``, or of every URL."""
    with _lock:
        keys = [resolve_url(url)] if url else list(_engines)
        for k in keys:
            eng = _engines.pop(k, None)
            if eng is not None:
                eng.dispose()


@contextmanager
def session_scope(url_or_engine: str | Engine | None = None) -> Iterator[Session]:
    """A session committed on success and rolled back on error."""
    eng = url_or_engine if isinstance(url_or_engine, Engine) else get_engine(url_or_engine)
    session = sessionmaker(eng, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
