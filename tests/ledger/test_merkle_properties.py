"""Proof generation against the RFC 9162 recursion, and what tampering does to proofs."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servanda.errors import FormatError, VerificationError
from servanda.ledger import (
    EMPTY_ROOT,
    CompactRange,
    MemoryTree,
    Node,
    NodeID,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    tree_root,
    verify_consistency,
    verify_inclusion,
)

MAX = 300
ENTRIES = [i.to_bytes(4, "big") for i in range(MAX)]
HASHES = [leaf_hash(e) for e in ENTRIES]
TREE = MemoryTree.from_entries(ENTRIES)
ROOTS = [TREE.root(n) for n in range(MAX + 1)]


# --- RFC 9162 section 2.1, transcribed as recursion over D[lo:hi] (ledger.md 1.1-1.2) ---
def _k(n: int) -> int:
    return 1 << ((n - 1).bit_length() - 1)


@cache
def ref_mth(lo: int, hi: int) -> bytes:
    if hi - lo == 0:
        return EMPTY_ROOT
    if hi - lo == 1:
        return HASHES[lo]
    k = _k(hi - lo)
    return node_hash(ref_mth(lo, lo + k), ref_mth(lo + k, hi))


def ref_path(m: int, lo: int, hi: int) -> list[bytes]:
    if hi - lo == 1:
        return []
    k = _k(hi - lo)
    if m < k:
        return [*ref_path(m, lo, lo + k), ref_mth(lo + k, hi)]
    return [*ref_path(m - k, lo + k, hi), ref_mth(lo, lo + k)]


def ref_subproof(m: int, lo: int, hi: int, b: bool) -> list[bytes]:
    if m == hi - lo:
        return [] if b else [ref_mth(lo, hi)]
    k = _k(hi - lo)
    if m <= k:
        return [*ref_subproof(m, lo, lo + k, b), ref_mth(lo + k, hi)]
    return [*ref_subproof(m - k, lo + k, hi, False), ref_mth(lo, lo + k)]


def path_shape(m: int, n: int) -> list[str]:
    """Which side each PATH sibling is on: what a verifier's hashing order depends on."""
    if n == 1:
        return []
    k = _k(n)
    return [*path_shape(m, k), "R"] if m < k else [*path_shape(m - k, n - k), "L"]


def subproof_shape(m: int, n: int, b: bool = True) -> list[str]:
    if m == n:
        return [] if b else ["E"]
    k = _k(n)
    if m <= k:
        return [*subproof_shape(m, k, b), "R"]
    return [*subproof_shape(m - k, n - k, False), "L"]


def test_generation_equals_the_rfc_recursion_for_every_proof_up_to_64() -> None:
    for n in range(1, 65):
        assert TREE.root(n) == ref_mth(0, n)
        for i in range(n):
            assert TREE.inclusion_proof(i, n) == ref_path(i, 0, n), (i, n)
        for m in range(1, n + 1):
            assert TREE.consistency_proof(m, n) == ref_subproof(m, 0, n, True), (m, n)


def test_every_pair_of_sizes_up_to_300_is_consistent() -> None:
    for n in range(1, MAX + 1):
        for m in range(1, n + 1):
            verify_consistency(m, n, ROOTS[m], ROOTS[n], TREE.consistency_proof(m, n))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, MAX))
def test_every_inclusion_and_consistency_proof_of_a_size_verifies(n: int) -> None:
    for i in range(n):
        verify_inclusion(i, n, HASHES[i], TREE.inclusion_proof(i, n), ROOTS[n])
    for m in range(1, n + 1):
        verify_consistency(m, n, ROOTS[m], ROOTS[n], TREE.consistency_proof(m, n))


def _flip(value: bytes, bit: int) -> bytes:
    out = bytearray(value)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_flipped_bit_in_an_inclusion_proof_fails(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, MAX), label="size")
    i = data.draw(st.integers(0, n - 1), label="index")
    proof, leaf, root = TREE.inclusion_proof(i, n), HASHES[i], ROOTS[n]
    targets = ["root", "leaf", "index", "size"] + (["proof"] if proof else [])
    target = data.draw(st.sampled_from(targets), label="target")
    bit = data.draw(st.integers(0, 255 if target in ("root", "leaf", "proof") else 63))
    if target == "proof":
        j = data.draw(st.integers(0, len(proof) - 1), label="element")
        proof = [_flip(h, bit) if pos == j else h for pos, h in enumerate(proof)]
    elif target == "root":
        root = _flip(root, bit)
    elif target == "leaf":
        leaf = _flip(leaf, bit)
    elif target == "index":
        i ^= 1 << bit
    else:
        n2 = n ^ (1 << bit)
        # RFC 9162 does not bind the tree size beyond the proof's shape (the signed
        # checkpoint does): a size whose path has the same shape verifies, any other fails.
        if n2 > i and path_shape(i, n2) == path_shape(i, n):
            verify_inclusion(i, n2, leaf, proof, root)
            return
        n = n2
    with pytest.raises(VerificationError):
        verify_inclusion(i, n, leaf, proof, root)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_flipped_bit_in_a_consistency_proof_fails(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, MAX), label="size2")
    m = data.draw(st.integers(1, n - 1), label="size1")
    proof, root1, root2 = TREE.consistency_proof(m, n), ROOTS[m], ROOTS[n]
    target = data.draw(st.sampled_from(["proof", "root1", "root2", "size1", "size2"]))
    bit = data.draw(st.integers(0, 255 if target in ("proof", "root1", "root2") else 63))
    if target == "proof":
        j = data.draw(st.integers(0, len(proof) - 1), label="element")
        proof = [_flip(h, bit) if pos == j else h for pos, h in enumerate(proof)]
    elif target in ("root1", "root2"):
        root1, root2 = (
            (_flip(root1, bit), root2) if target == "root1" else (root1, _flip(root2, bit))
        )
    else:
        m2, n2 = (m ^ (1 << bit), n) if target == "size1" else (m, n ^ (1 << bit))
        if 0 < m2 < n2 and subproof_shape(m2, n2) == subproof_shape(m, n):
            verify_consistency(m2, n2, root1, root2, proof)  # same shape: see inclusion
            return
        m, n = m2, n2
    with pytest.raises(VerificationError):
        verify_consistency(m, n, root1, root2, proof)


def test_a_flipped_size_that_changes_the_shape_is_the_common_case() -> None:
    # The exception above is real but narrow: leaf 0 of 6 and of 7 have one shape.
    assert path_shape(0, 6) == path_shape(0, 7) == ["R", "R", "R"]
    verify_inclusion(0, 7, HASHES[0], TREE.inclusion_proof(0, 6), ROOTS[6])
    assert path_shape(0, 8) != path_shape(0, 9)
    with pytest.raises(VerificationError, match="has 3 hashes, expected 4"):
        verify_inclusion(0, 9, HASHES[0], TREE.inclusion_proof(0, 8), ROOTS[8])


class CountingReader:
    def __init__(self, tree: MemoryTree) -> None:
        self.tree = tree
        self.calls: list[list[NodeID]] = []

    def __call__(self, ids: Sequence[NodeID]) -> list[bytes]:
        self.calls.append(list(ids))
        return self.tree.read_nodes(ids)


@pytest.mark.parametrize(("index", "size"), [(0, 2), (5, 8), (6, 7), (299, 300), (100, 257)])
def test_an_inclusion_proof_costs_one_read_of_distinct_nodes(index: int, size: int) -> None:
    reader = CountingReader(TREE)
    assert inclusion_proof(index, size, reader) == ref_path(index, 0, size)
    assert len(reader.calls) == 1
    assert len(set(reader.calls[0])) == len(reader.calls[0])


def test_right_edge_subtrees_are_folded_from_perfect_nodes() -> None:
    reader = CountingReader(TREE)
    assert consistency_proof(3, 7, reader) == ref_subproof(3, 0, 7, True)
    # PROOF(3, D[7]) = h2, h3, MTH(D[0:2]), MTH(D[4:7]); D[4:7] is folded from (1,2), (0,6).
    assert reader.calls == [[(0, 2), (0, 3), (1, 0), (1, 2), (0, 6)]]


def test_tree_root_reads_only_the_right_edge() -> None:
    reader = CountingReader(TREE)
    assert tree_root(300, reader) == ROOTS[300]
    assert reader.calls == [CompactRange.node_ids(300)] == [[(8, 0), (5, 8), (3, 36), (2, 74)]]
    assert tree_root(0, reader) == EMPTY_ROOT
    assert len(reader.calls) == 1


def test_nothing_to_prove_reads_nothing() -> None:
    reader = CountingReader(TREE)
    assert inclusion_proof(0, 1, reader) == []
    assert consistency_proof(0, 5, reader) == []
    assert consistency_proof(5, 5, reader) == []
    assert reader.calls == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: TREE.inclusion_proof(5, 5), "leaf index 5 is not in a tree of size 5"),
        (lambda: TREE.inclusion_proof(-1, 5), "leaf index -1 is not in a tree of size 5"),
        (lambda: TREE.consistency_proof(6, 5), "cannot prove tree size 6 consistent with size 5"),
        (lambda: TREE.root(301), "tree size 301 is not between 0 and 300"),
        (lambda: TREE.read_nodes([(1, 150)]), r"nodes \[\(1, 150\)\] are not complete"),
    ],
)
def test_impossible_requests_raise_value_error(call: object, message: str) -> None:
    assert callable(call)
    with pytest.raises(ValueError, match=message):
        call()


def test_a_reader_returning_the_wrong_number_of_hashes_is_refused() -> None:
    with pytest.raises(FormatError, match="node reader returned 1 hashes for 3 nodes"):
        inclusion_proof(0, 8, lambda ids: [HASHES[0]])
    with pytest.raises(FormatError, match=r"node reader returned 3 bytes for node \(0, 1\)"):
        inclusion_proof(0, 8, lambda ids: [b"abc"] * len(ids))


def test_append_returns_every_completed_node_in_order() -> None:
    edge, created = CompactRange().append(HASHES[:3])
    assert created == [
        Node(0, 0, HASHES[0]),
        Node(0, 1, HASHES[1]),
        Node(1, 0, ref_mth(0, 2)),
        Node(0, 2, HASHES[2]),
    ]
    edge, created = edge.append([HASHES[3]])
    assert created == [Node(0, 3, HASHES[3]), Node(1, 1, ref_mth(2, 4)), Node(2, 0, ref_mth(0, 4))]
    assert edge == CompactRange(4, (ref_mth(0, 4),))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=8))
def test_appending_in_any_chunks_gives_the_same_tree(chunks: list[int]) -> None:
    edge, stored, at = CompactRange(), {}, 0
    for count in chunks:
        edge, created = edge.append(HASHES[at : at + count])
        stored.update({(n.level, n.index): n.hash for n in created})
        at += count
    assert edge.root() == ROOTS[at]
    assert edge == CompactRange.load(at, TREE.read_nodes)
    assert stored == {node: h for node, h in TREE.nodes.items() if (node[1] + 1) << node[0] <= at}


def test_compact_range_refuses_an_inconsistent_edge() -> None:
    with pytest.raises(ValueError, match="a tree of size 3 has 2 right-edge hashes, got 1"):
        CompactRange(3, (HASHES[0],))
    with pytest.raises(FormatError, match="right-edge hash 0 is 3 bytes, not 32"):
        CompactRange(1, (b"abc",))
    with pytest.raises(FormatError, match="leaf hash 1 is 4 bytes, not 32"):
        CompactRange(1, (HASHES[0],)).append([b"leaf"])


H = HASHES[0]
VERIFY_ERRORS = [
    (lambda: verify_inclusion(2, 2, H, [H], H), "leaf index 2 is not in a tree of size 2"),
    (lambda: verify_inclusion(0, 2, b"x", [H], H), "leaf hash is 1 bytes, not 32"),
    (lambda: verify_inclusion(0, 2, H, [H], b""), "root hash is 0 bytes, not 32"),
    (lambda: verify_inclusion(0, 4, H, [H, H[:31]], H), "inclusion proof hash 1 is 31 bytes"),
    (
        lambda: verify_inclusion(0, 4, H, [H], H),
        "inclusion proof for leaf 0 in a tree of size 4 has 1 hashes, expected 2",
    ),
    (lambda: verify_consistency(3, 2, H, H, []), "tree size 2 is smaller than earlier size 3"),
    (
        lambda: verify_consistency(0, 2, EMPTY_ROOT, H, []),
        "a consistency proof from the empty tree proves nothing",
    ),
    (
        lambda: verify_consistency(2, 2, H, H, [H]),
        "trees of equal size 2 need an empty proof, got 1 hashes",
    ),
    (lambda: verify_consistency(1, 2, H, H, []), "consistency proof from 1 to 2 is empty"),
    (lambda: verify_consistency(1, 2, H, b"r", [H]), "second root is 1 bytes, not 32"),
    (
        lambda: verify_consistency(3, 8, ROOTS[3], ROOTS[8], [H]),
        "consistency proof from 3 to 8 has 1 hashes, expected 4",
    ),
    (
        lambda: verify_consistency(2, 3, ROOTS[2], ROOTS[3], [HASHES[3]]),
        f"consistency proof: root of size 3: calculated {node_hash(ROOTS[2], HASHES[3]).hex()}, "
        f"expected {ROOTS[3].hex()}",
    ),
]


@pytest.mark.parametrize(("call", "message"), VERIFY_ERRORS)
def test_verification_errors_name_the_bad_value(call: object, message: str) -> None:
    assert callable(call)
    with pytest.raises(VerificationError) as caught:
        call()
    assert str(caught.value).startswith(message)
