"""WitnessStore: compare-and-swap on the cosigned size, and evidence kept once."""

from __future__ import annotations

import threading

import pytest

from servanda.errors import StoreError
from servanda.ledger import Checkpoint, MemoryTree, Note, SignerKey, sign_note
from servanda.store import WitnessStore

LOG = SignerKey.generate("example.org/witnessed")
TREE = MemoryTree.from_entries(bytes([n]) for n in range(20))


def _note(size: int, origin: str = LOG.name) -> Note:
    text = Checkpoint(origin, size, TREE.root(size)).text
    return Note(text, (sign_note(text, LOG),))


def test_the_size_moves_only_from_the_size_stored(db_url: str) -> None:
    store = WitnessStore(db_url)
    try:
        assert store.latest(LOG.name) is None
        assert store.compare_and_swap(3, _note(5)) == 0  # nothing stored: old must be 0
        assert store.compare_and_swap(0, _note(5)) is None
        assert store.latest(LOG.name) == _note(5)
        assert store.latest_checkpoint(LOG.name) == Checkpoint.parse(_note(5).text)
        assert store.compare_and_swap(0, _note(9)) == 5
        assert store.compare_and_swap(5, _note(9)) is None
        assert store.compare_and_swap(9, _note(9)) is None  # the same size again
        assert store.compare_and_swap(5, _note(12)) == 9
        assert store.latest(LOG.name) == _note(9)
        assert store.compare_and_swap(0, _note(2, "example.org/other")) is None
        assert store.latest("example.org/other") == _note(2, "example.org/other")
    finally:
        store.close()


def test_racing_swaps_from_one_size_have_one_winner(db_url: str) -> None:
    store = WitnessStore(db_url)
    try:
        assert store.compare_and_swap(0, _note(4)) is None
        results: dict[int, int | None] = {}
        start = threading.Barrier(8)

        def swap(size: int) -> None:
            start.wait()
            results[size] = store.compare_and_swap(4, _note(size))

        threads = [threading.Thread(target=swap, args=(s,)) for s in range(8, 16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        winners = [size for size, result in results.items() if result is None]
        assert len(winners) == 1
        assert all(result == winners[0] for result in results.values() if result is not None)
        assert store.latest_checkpoint(LOG.name).size == winners[0]  # type: ignore[union-attr]
    finally:
        store.close()


def test_evidence_is_kept_once_per_pair(db_url: str) -> None:
    store = WitnessStore(db_url)
    try:
        one, two = _note(5).to_bytes(), _note(3).to_bytes()
        assert store.record_evidence(LOG.name, "rollback", "why", one, two) is True
        assert store.record_evidence(LOG.name, "rollback", "why", one, two) is False
        assert store.record_evidence(LOG.name, "split-view", "other", two, one) is True
        kept = store.evidence()
        assert [(e.kind, e.cosigned, e.submitted) for e in kept] == [
            ("rollback", one, two),
            ("split-view", two, one),
        ]
        assert store.evidence("example.org/nobody") == []
        with pytest.raises(StoreError, match="evidence needs both checkpoints"):
            store.record_evidence(LOG.name, "rollback", "why", b"", two)
    finally:
        store.close()


def test_a_missing_database_is_not_created_for_reading(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/absent.sqlite"
    with pytest.raises(StoreError, match="no database at"):
        WitnessStore(url, create=False)
