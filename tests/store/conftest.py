"""Storage tests run on SQLite and on PostgreSQL: ``db_url`` is parametrised over both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._databases import BACKENDS, database_url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_url(request.param, tmp_path)
