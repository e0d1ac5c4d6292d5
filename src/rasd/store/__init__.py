"""The corpus store: SQLAlchemy models, Alembic migrations, engines and sessions."""
from rasd.store.db import DEFAULT_URL, dispose, get_engine, make_engine, migrate, resolve_url, session_scope

__all__ = ["DEFAULT_URL", "dispose", "get_engine", "make_engine", "migrate", "resolve_url", "session_scope"]
