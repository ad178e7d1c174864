"""LogStore on real SQLite and PostgreSQL: the stored tree is exactly the RFC 9162 tree."""

from __future__ import annotations

import base64
import hashlib
import random
import tempfile
import threading

import pytest

from servanda.errors import FormatError, StoreError
from servanda.ledger import (
    MemoryTree,
    SignerKey,
    SigType,
    TileRef,
    parse_note,
    sign_note,
    tile_contents,
)
from servanda.store import LogStore
from servanda.transparency import static_tiles
from tests.ledger._vectors import LEAVES, ROOTS

ORIGIN = "example.org/store-test"


def _signer() -> SignerKey:
    return SignerKey(ORIGIN, hashlib.sha256(b"store test key").digest())


def _entries(count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    return [rng.randbytes(rng.randrange(0, 40)) for _ in range(count)]


def _check_same(store: LogStore, tree: MemoryTree, rng: random.Random) -> None:
    size = tree.size
    assert store.size() == size
    assert store.root() == tree.root()
    for _ in range(12):
        if not size:
            break
        index = rng.randrange(size)
        at = rng.randrange(index + 1, size + 1)
        assert store.inclusion_proof(index, at) == tree.inclusion_proof(index, at)
        old = rng.randrange(0, at + 1)
        assert store.consistency_proof(old, at) == tree.consistency_proof(old, at)
        assert store.root(at) == tree.root(at)


def test_the_reference_tree_of_eight_leaves(db_url: str) -> None:
    with LogStore.create(db_url, _signer()) as store:
        for size, leaf in enumerate(LEAVES, 1):
            assert store.append(leaf) == size - 1
            assert store.root().hex() == ROOTS[size]
        assert store.root(0).hex() == ROOTS[0]
        assert [h.hex()[:8] for h in store.inclusion_proof(5, 8)] == [
            "bc1a0643",
            "ca854ea1",
            "d37ee418",
        ]
        assert [h.hex()[:8] for h in store.consistency_proof(6, 8)] == [
            "0ebc5d34",
            "ca854ea1",
            "d37ee418",
        ]
        assert store.entries(0, 8) == LEAVES


def test_batches_of_every_shape_give_the_in_memory_tree(db_url: str) -> None:
    rng = random.Random(7)
    tree = MemoryTree()
    with LogStore.create(db_url, _signer()) as store:
        for step, count in enumerate([1, 0, 255, 1, 256, 3, 511, 2, 1, 600, 7]):
            batch = _entries(count, step)
            if step % 3 == 1:
                indexes = [store.append(entry) for entry in batch]
            else:
                indexes = list(store.append_many(batch))
            assert indexes == list(range(tree.size, tree.size + count))
            for entry in batch:
                tree.append(entry)
            _check_same(store, tree, rng)
        size = tree.size
        assert size == 1637
        for tile in static_tiles(size):
            if tile.entries:
                continue
            assert store.read_tile(tile) == tile_contents(tile, tree.read_nodes), tile.path


def test_a_tree_with_three_tile_levels() -> None:
    """65 793 leaves: a full level-1 tile, so tile level 2 exists; SQLite only (speed)."""
    count = 256 * 256 + 257
    leaves = [hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(count)]
    tree = MemoryTree.from_entries(leaves)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/big.sqlite"
        with LogStore.create(url, _signer()) as store:
            store.append_many(leaves[:1000])
            store.append_many(leaves[1000:])
            _check_same(store, tree, random.Random(3))
            assert store.read_tile(TileRef(2, 0, 1)) == tile_contents(
                TileRef(2, 0, 1), tree.read_nodes
            )
            assert store.entries(count - 3, count) == leaves[-3:]


def test_concurrent_appends_share_transactions_and_each_gets_its_index(db_url: str) -> None:
    writers, each = 8, 25
    commits: list[int] = []
    with LogStore.create(db_url, _signer()) as store:
        commit = store._commit

        def counting(entries: list[bytes], content: object = None) -> int:
            commits.append(len(entries))
            return commit(entries)

        store._group._commit = counting  # type: ignore[assignment]
        got: dict[bytes, int] = {}
        start = threading.Barrier(writers)

        def write(writer: int) -> None:
            start.wait()
            for n in range(each):
                entry = f"writer {writer} entry {n}".encode()
                got[entry] = store.append(entry)

        threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(got.values()) == list(range(writers * each))
        stored = store.entries(0, writers * each)
        assert all(stored[index] == entry for entry, index in got.items())
        assert sum(commits) == writers * each
        assert len(commits) < writers * each  # some appends shared a commit
        assert store.root() == MemoryTree.from_entries(stored).root()


def test_a_refused_batch_changes_nothing(db_url: str) -> None:
    with LogStore.create(db_url, _signer()) as store:
        store.append_many([b"a", b"b", b"c"])
        root = store.root()
        with pytest.raises(FormatError, match="entry 1 is 65536 bytes; a tlog-tiles entry bundle"):
            store.append_many([b"ok", bytes(65536)])
        with pytest.raises(FormatError, match="entry 0 is str, not bytes"):
            store.append("text")  # type: ignore[arg-type]
        with pytest.raises(StoreError, match=r"content stored under 0{64} has another SHA-256"):
            store.append_many([b"d"], content={bytes(32): b"not that"})
        assert (store.size(), store.root(), store.content(bytes(32))) == (3, root, None)
        assert store.append_many([bytes(65535)]) == range(3, 4)


def test_two_writers_on_one_database_take_turns(db_url: str) -> None:
    tree = MemoryTree()
    with LogStore.create(db_url, _signer()) as first, LogStore.open(db_url) as second:
        for step in range(6):
            writer = (first, second)[step % 2]
            batch = _entries(100 + step, step)
            assert writer.append_many(batch) == range(tree.size, tree.size + len(batch))
            for entry in batch:
                tree.append(entry)
        _check_same(first, tree, random.Random(1))
        _check_same(second, tree, random.Random(2))


def test_content_is_stored_with_its_record(db_url: str) -> None:
    big = bytes(range(256)) * 300
    digest = hashlib.sha256(big).digest()
    with LogStore.create(db_url, _signer()) as store:
        assert store.append_many([b"record of it"], content={digest: big}) == range(0, 1)
        assert store.content(digest) == big
        assert store.content_digests() == [digest]


def test_opening_and_creating_are_checked(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        with pytest.raises(
            StoreError, match=r"no database at .*; create it with 'servanda log init'"
        ):
            LogStore.open(db_url)
    else:
        with pytest.raises(StoreError, match=r"no log in .*; create one with 'servanda log init'"):
            LogStore.open(db_url)
    LogStore.create(db_url, _signer()).close()
    with pytest.raises(StoreError, match=r"already holds the log 'example\.org/store-test'"):
        LogStore.create(db_url, SignerKey.generate("example.org/other"))
    witness = SignerKey.generate("w.example", SigType.COSIGNATURE_V1)
    with pytest.raises(StoreError, match="Ed25519 note key"):
        LogStore.create(db_url, witness)


def test_reading_a_node_that_is_not_stored_is_refused(db_url: str) -> None:
    with LogStore.create(db_url, _signer()) as store:
        store.append_many([b"x"] * 5)
        assert len(store.read_nodes([(2, 0), (0, 4)])) == 2
        with pytest.raises(ValueError, match=r"node \(1, 2\) is not in the stored tree"):
            store.read_nodes([(0, 0), (1, 2)])
        with pytest.raises(ValueError, match="tree size 6 is not between 0 and the log's size 5"):
            store.inclusion_proof(0, 6)


def test_checkpoints_are_checked_before_they_are_kept(db_url: str) -> None:
    with LogStore.create(db_url, _signer()) as store:
        assert store.latest_checkpoint() is None
        store.append_many([b"one", b"two"])
        note = store.sign_checkpoint()
        assert note.text == f"{ORIGIN}\n2\n{base64.b64encode(store.root()).decode()}\n"
        assert [s.name for s in note.signatures] == [ORIGIN]
        store.save_checkpoint(note)
        assert store.latest_checkpoint() == note
        other = SignerKey(ORIGIN, bytes(32))
        forged = parse_note(note.text.encode() + b"\n" + sign_note(note.text, other).line.encode())
        with pytest.raises(StoreError, match="refusing to store a checkpoint: note has no sig"):
            store.save_checkpoint(forged)
        wrong_root = note.text.replace(note.text.split("\n")[2], "A" * 43 + "=")
        signed = parse_note(
            wrong_root.encode() + b"\n" + sign_note(wrong_root, _signer()).line.encode()
        )
        with pytest.raises(StoreError, match="refusing a checkpoint of size 2: not this tree"):
            store.save_checkpoint(signed)


def test_witnesses_are_checked_before_they_are_configured(db_url: str) -> None:
    key = SignerKey.generate("de.example/w", SigType.COSIGNATURE_V1).verifier
    with LogStore.create(db_url, _signer()) as store:
        added = store.add_witness("DE", key, "http://127.0.0.1:8001/")
        assert (added.url, store.witnesses()) == ("http://127.0.0.1:8001", [added])
        with pytest.raises(StoreError, match="already has that name or key"):
            store.add_witness("FR", key, "http://127.0.0.1:8002")
        with pytest.raises(StoreError, match="is not a witness key"):
            store.add_witness("FR", _signer().verifier, "http://127.0.0.1:8002")
        other = SignerKey.generate("fr.example/w", SigType.COSIGNATURE_V1).verifier
        with pytest.raises(StoreError, match="is not http"):
            store.add_witness("FR", other, "ftp://x")
        with pytest.raises(StoreError, match="must be one word"):
            store.add_witness("F R", other, "http://x")
        store.set_cosigned_size("DE", 7)
        assert store.witnesses()[0].cosigned_size == 7


def test_proofs_read_again_from_the_caches_are_the_same_after_the_tree_grows() -> None:
    """Tiles (partial ones too) and folded right edges are kept after a read; a partial
    tile read at one size must be read again once a node it lacked is asked for."""
    entries = _entries(700, 11)
    tree = MemoryTree()
    with (
        tempfile.TemporaryDirectory() as folder,
        LogStore.create(f"sqlite:///{folder}/c.sqlite", _signer()) as store,
    ):
        for chunk in (entries[:300], entries[300:301], entries[301:302], entries[302:]):
            store.append_many(chunk)
            for entry in chunk:
                tree.append(entry)
            for _ in range(2):  # the second pass reads from the caches
                for index in range(0, tree.size, 7):
                    proof = store.inclusion_proof(index)
                    assert proof == tree.inclusion_proof(index, tree.size)
                for old in range(1, tree.size, 13):
                    proof = store.consistency_proof(old)
                    assert proof == tree.consistency_proof(old, tree.size)


def test_a_proof_over_a_lost_tile_names_the_tile_and_returns_nothing() -> None:
    import sqlite3

    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/lost.sqlite"
        with LogStore.create(f"sqlite:///{path}", _signer()) as store:
            store.append_many(_entries(600, 5))
        with sqlite3.connect(path) as raw:
            raw.execute("DELETE FROM log_tiles WHERE id = 1")  # tile 1 at level 0
        with LogStore.open(f"sqlite:///{path}") as store:
            assert len(store.inclusion_proof(5)) == 10  # tile 0 is still there
            with pytest.raises(StoreError) as caught:
                store.inclusion_proof(300)
            assert str(caught.value).endswith(
                "tile 1 at level 0 of the log is missing or holds 0 of the 256 hashes it must"
            )
