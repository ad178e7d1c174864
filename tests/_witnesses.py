"""Real witnesses for the tests: uvicorn on a free localhost port, state in a real database.

Conftests import ``start_witness`` from here to offer the fixture.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from servanda.ledger import (
    Checkpoint,
    MemoryTree,
    Note,
    SignerKey,
    SigType,
    VerifierKey,
    sign_note,
)
from servanda.store import WitnessStore
from servanda.witness import BackgroundServer, create_app
from tests._databases import database_url

CLOCK = 1_700_000_000
LOG = SignerKey("example.org/witnessed-log", hashlib.sha256(b"witnessed log").digest())


def witness_key(name: str) -> SignerKey:
    return SignerKey(name, hashlib.sha256(name.encode()).digest(), SigType.COSIGNATURE_V1)


def checkpoint(tree: MemoryTree, size: int, key: SignerKey = LOG) -> Note:
    text = Checkpoint(key.name, size, tree.root(size)).text
    return Note(text, (sign_note(text, key),))


@dataclass
class RunningWitness:
    url: str
    store: WitnessStore
    key: SignerKey


StartWitness = Callable[..., RunningWitness]


@pytest.fixture
def start_witness(tmp_path: Path) -> Iterator[StartWitness]:
    """Start witnesses (SQLite state unless ``backend`` says otherwise); stop them after."""
    with ExitStack() as stack:

        def start(
            name: str = "w1.example/witness",
            backend: str = "sqlite",
            logs: list[VerifierKey] | None = None,
        ) -> RunningWitness:
            urls = database_url(backend, tmp_path, name.replace("/", "_"))
            url = next(urls)
            stack.callback(lambda: next(urls, None))  # drops a PostgreSQL schema
            store = WitnessStore(url)
            stack.callback(store.close)
            key = witness_key(name)
            trusted = [LOG.verifier] if logs is None else logs
            app = create_app(store, key, trusted, clock=lambda: CLOCK)
            server = stack.enter_context(BackgroundServer(app))
            return RunningWitness(server.url, store, key)

        yield start
