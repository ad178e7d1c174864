"""Registry tests run on SQLite and on PostgreSQL, as the store's do; each gets a log."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from servanda.ledger import SignerKey
from servanda.store import LogStore
from tests._databases import BACKENDS, database_url
from tests.conftest import ROOT

EVENTS = ROOT / "tests" / "data" / "events"


def sample_key(name: str) -> SignerKey:
    """One of the published test keys in ``tests/data/events/keys``."""
    return SignerKey.parse((EVENTS / "keys" / f"{name}.key").read_text(encoding="utf-8").strip())


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_url(request.param, tmp_path)


@pytest.fixture
def log_url(db_url: str) -> str:
    """A database holding an empty log, as 'servanda log init' leaves it."""
    LogStore.create(db_url, sample_key("log")).close()
    return db_url
