"""Real databases for storage tests: a SQLite file, and a PostgreSQL schema of its own.

PostgreSQL comes from ``SERVANDA_TEST_PG_URL`` (default: the local server). Each test
gets a fresh schema, selected through the connection's ``search_path``, and drops it
afterwards, so parallel and repeated runs never share tables. Outside CI an unreachable
server skips the PostgreSQL cases with the reason; with ``CI=true`` it fails them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

PG_URL = os.environ.get("SERVANDA_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgresql"]


def _conninfo(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL at {PG_URL} is needed in CI: {reason}")
    pytest.skip(f"PostgreSQL at {PG_URL} is unreachable ({reason}); set SERVANDA_TEST_PG_URL")


def database_url(backend: str, tmp_path: Path, name: str = "db") -> Iterator[str]:
    """Yield a URL to an empty database of ``backend``, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / name}.sqlite"
        return
    schema = f"servanda_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(_conninfo(PG_URL), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as exc:
        _unavailable(str(exc).strip().splitlines()[0])
    separator = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(_conninfo(PG_URL), autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
