"""RFC 9162 hashing and proofs against the published vectors (ledger.md section 1.5)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from servanda.errors import VerificationError
from servanda.ledger import (
    EMPTY_ROOT,
    CompactRange,
    MemoryTree,
    leaf_hash,
    node_hash,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)

from ._vectors import LEAVES, NODE_HASHES, ROOTS

DATA = Path(__file__).parent / "testdata" / "merkle"
FILES = sorted(DATA.rglob("*.json"))


def _b64(text: str) -> bytes:
    return base64.b64decode(text)


def test_all_196_transparency_dev_vectors_are_present() -> None:
    inclusion = [f for f in FILES if "inclusion" in f.parts]
    consistency = [f for f in FILES if "consistency" in f.parts]
    assert (len(FILES), len(inclusion), len(consistency)) == (196, 98, 98)


def _run(case: dict[str, Any]) -> None:
    proof = [_b64(p) for p in case["proof"] or []]
    if "leafIdx" in case:
        verify_inclusion(
            case["leafIdx"], case["treeSize"], _b64(case["leafHash"]), proof, _b64(case["root"])
        )
    else:
        verify_consistency(
            case["size1"], case["size2"], _b64(case["root1"]), _b64(case["root2"]), proof
        )


@pytest.mark.parametrize("path", FILES, ids=[str(f.relative_to(DATA)) for f in FILES])
def test_transparency_dev_vector(path: Path) -> None:
    case = json.loads(path.read_text())
    if case["wantErr"]:
        with pytest.raises(VerificationError):
            _run(case)
    else:
        _run(case)  # raises on failure; verifiers return nothing


def test_happy_path_vectors_are_also_generated_by_the_memory_tree() -> None:
    tree = MemoryTree.from_entries(LEAVES)
    inclusion = json.loads((DATA / "inclusion/1/happy-path.json").read_text())
    consistency = json.loads((DATA / "consistency/1/happy-path.json").read_text())
    assert [base64.b64encode(h).decode() for h in tree.inclusion_proof(0, 8)] == inclusion["proof"]
    assert [base64.b64encode(h).decode() for h in tree.consistency_proof(1, 8)] == consistency[
        "proof"
    ]


def test_empty_root_is_sha256_of_nothing() -> None:
    assert EMPTY_ROOT.hex() == ROOTS[0]
    assert root_from_leaf_hashes([]).hex() == ROOTS[0]


def test_leaf_hashes_match_node_hashes_level_zero() -> None:
    assert [leaf_hash(d).hex() for d in LEAVES] == NODE_HASHES[0]


@pytest.mark.parametrize("size", range(9))
def test_root_of_every_size(size: int) -> None:
    hashes = [leaf_hash(d) for d in LEAVES[:size]]
    assert root_from_leaf_hashes(hashes).hex() == ROOTS[size]
    assert MemoryTree.from_entries(LEAVES).root(size).hex() == ROOTS[size]


def test_every_perfect_subtree_is_stored_with_its_known_hash() -> None:
    tree = MemoryTree.from_entries(LEAVES)
    expected = {
        (level, index): value
        for level, row in enumerate(NODE_HASHES)
        for index, value in enumerate(row)
    }
    assert {node: value.hex() for node, value in tree.nodes.items()} == expected


def test_node_hash_is_prefixed_sha256() -> None:
    left, right = bytes.fromhex(NODE_HASHES[0][0]), bytes.fromhex(NODE_HASHES[0][1])
    assert node_hash(left, right).hex() == NODE_HASHES[1][0]


# transparency-dev/merkle testonly CompactTrees(): the right edge of each size.
COMPACT = [
    [],
    [(0, 0)],
    [(1, 0)],
    [(1, 0), (0, 2)],
    [(2, 0)],
    [(2, 0), (0, 4)],
    [(2, 0), (1, 2)],
    [(2, 0), (1, 2), (0, 6)],
    [(3, 0)],
]


@pytest.mark.parametrize("size", range(9))
def test_compact_range_matches_compact_trees(size: int) -> None:
    want = [bytes.fromhex(NODE_HASHES[level][index]) for level, index in COMPACT[size]]
    edge = CompactRange().append(leaf_hash(d) for d in LEAVES[:size])[0]
    assert CompactRange.node_ids(size) == COMPACT[size]
    assert edge == CompactRange(size, tuple(want))
    assert edge.root().hex() == ROOTS[size]


def _h(prefix: str) -> str:
    """Expand an abbreviated hash from ledger.md to the full one it names."""
    full = [h for row in NODE_HASHES for h in row] + [
        "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e"
    ]
    (match,) = {h for h in full if h.startswith(prefix)}
    return match


PROOFS = [
    ("inclusion", 0, 8, ["96a296d2", "5f083f0a", "6b47aaf2"]),
    ("inclusion", 5, 8, ["bc1a0643", "ca854ea1", "d37ee418"]),
    ("inclusion", 2, 3, ["fac54203"]),
    ("consistency", 1, 8, ["96a296d2", "5f083f0a", "6b47aaf2"]),
    ("consistency", 6, 8, ["0ebc5d34", "ca854ea1", "d37ee418"]),
    ("consistency", 2, 5, ["5f083f0a", "bc1a0643"]),
    ("consistency", 4, 7, ["837dbb15"]),
]


@pytest.mark.parametrize(("kind", "a", "b", "want"), PROOFS)
def test_ledger_md_proof_vectors(kind: str, a: int, b: int, want: list[str]) -> None:
    tree = MemoryTree.from_entries(LEAVES)
    expected = [_h(prefix) for prefix in want]
    if kind == "inclusion":
        proof = tree.inclusion_proof(a, b)
        verify_inclusion(a, b, leaf_hash(LEAVES[a]), proof, bytes.fromhex(ROOTS[b]))
    else:
        proof = tree.consistency_proof(a, b)
        verify_consistency(a, b, bytes.fromhex(ROOTS[a]), bytes.fromhex(ROOTS[b]), proof)
    assert [h.hex() for h in proof] == expected
