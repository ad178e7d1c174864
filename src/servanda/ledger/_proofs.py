"""Proof and root generation over stored hashes of perfect subtrees.

A log stores the hash of every *perfect* subtree once it is complete, addressed by
``(level, index)``: the node covering leaves ``[index * 2**level, (index + 1) * 2**level)``.
Nothing else is ever stored, because only perfect subtrees are immutable; the hash of a
right-edge (partial) subtree depends on the tree size and is folded here from the perfect
subtrees it is made of. Each function plans every node it needs first and reads them in
one batched call, so a proof costs one round trip to storage or to a tile cache.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass

from servanda.errors import FormatError
from servanda.ledger._codec import HASH_SIZE
from servanda.ledger._merkle import EMPTY_ROOT, node_hash

#: ``(level, index)`` of a perfect subtree.
NodeID = tuple[int, int]
#: Reads the hashes of the given perfect subtrees, in the order asked.
NodeReader = Callable[[Sequence[NodeID]], Sequence[bytes]]
#: A range of leaves, ``[start, end)``.
Span = tuple[int, int]
#: Folded right-edge hashes by their leaf range (they never change).
FoldCache = MutableMapping[Span, bytes]


@dataclass(frozen=True, slots=True)
class Node:
    """A perfect subtree hash to store: ``(level, index, hash)``."""

    level: int
    index: int
    hash: bytes


def _split(size: int) -> int:
    """The largest power of two strictly below ``size`` (size > 1): RFC 9162's k."""
    return 1 << ((size - 1).bit_length() - 1)


def range_nodes(start: int, end: int) -> list[NodeID]:
    """The perfect subtrees that make up leaves ``[start, end)``, left to right.

    For the ranges proofs use (a right-edge subtree starts at a multiple of a power of two
    at least as large as itself) these come in decreasing size, so folding them from the
    right gives the RFC 9162 hash of the range.
    """
    width = end - start
    if width > 0 and not width & (width - 1) and not start & (width - 1):
        level = width.bit_length() - 1  # one perfect subtree: most ranges of a proof
        return [(level, start >> level)]
    nodes: list[NodeID] = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start:
            level = min(level, (start & -start).bit_length() - 1)
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def _fold(hashes: Sequence[bytes]) -> bytes:
    """Hash a right-edge range from its perfect subtrees (largest first)."""
    acc = hashes[-1]
    for left in reversed(hashes[:-1]):
        acc = node_hash(left, acc)
    return acc


def hash_ranges(ranges: Sequence[tuple[int, int]], read_nodes: NodeReader) -> list[bytes]:
    """The RFC 9162 hash of each leaf range, reading all nodes in one batched call."""
    plans = [range_nodes(start, end) for start, end in ranges]
    wanted = list(dict.fromkeys(node for plan in plans for node in plan))
    if not wanted:
        return []
    got = list(read_nodes(wanted))
    if len(got) != len(wanted):
        raise FormatError(f"node reader returned {len(got)} hashes for {len(wanted)} nodes")
    if any(len(value) != HASH_SIZE for value in got):
        node, value = next((n, v) for n, v in zip(wanted, got, strict=True) if len(v) != HASH_SIZE)
        raise FormatError(f"node reader returned {len(value)} bytes for node {node}")
    table = dict(zip(wanted, got, strict=True))
    return [
        table[plan[0]] if len(plan) == 1 else _fold([table[node] for node in plan])
        for plan in plans
    ]


def tree_root(size: int, read_nodes: NodeReader) -> bytes:
    """MTH of the first ``size`` leaves."""
    if size < 0:
        raise ValueError(f"tree size {size} is negative")
    if size == 0:
        return EMPTY_ROOT
    return hash_ranges([(0, size)], read_nodes)[0]


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """Leaf ranges whose hashes form PATH(index, D[size]), leaf sibling first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is not in a tree of size {size}")
    out: list[tuple[int, int]] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo += k
    out.reverse()
    return out


def consistency_ranges(size1: int, size2: int) -> list[tuple[int, int]]:
    """Leaf ranges whose hashes form PROOF(size1, D[size2]); empty if nothing to prove."""
    if not 0 <= size1 <= size2:
        raise ValueError(f"cannot prove tree size {size1} consistent with size {size2}")
    if size1 in (0, size2):
        # As transparency-dev/merkle: the empty tree and an equal tree need no proof.
        return []
    out: list[tuple[int, int]] = []
    lo, hi, complete = 0, size2, True
    while size1 != hi:
        k = _split(hi - lo)
        if size1 <= lo + k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo += k
            complete = False
    if not complete:
        out.append((lo, hi))
    out.reverse()
    return out


def _path(level: int, index: int, size: int) -> tuple[list[NodeID], Span, list[NodeID]]:
    """The nodes of a proof for perfect node ``(level, index)`` in a tree of ``size``.

    As transparency-dev/merkle ``proof.nodes``: the siblings up to the *fork* (the
    highest node on the path that is complete), the perfect nodes that make up the
    fork's sibling (the partial, right-edge range ``[end, size)``, folded into one hash)
    and the left siblings of the nodes above. The same hashes as ``inclusion_ranges``
    and ``consistency_ranges`` give, planned with bit arithmetic instead of a descent.
    """
    inner = (index ^ (size >> level)).bit_length() - 1
    below = [(level + h, (index >> h) ^ 1) for h in range(inner)]
    end = ((index >> inner) + 1) << (level + inner)
    ephemeral = (end, size)
    above = [
        (level + h, (index >> h) ^ 1)
        for h in range(inner + 1, index.bit_length())
        if index >> h & 1
    ]
    return below, ephemeral, above


def _read_path(
    below: list[NodeID],
    span: Span,
    above: list[NodeID],
    read_nodes: NodeReader,
    folds: FoldCache | None = None,
) -> list[bytes]:
    """Read a planned path in one call and fold its ephemeral part, the leaves ``span``.

    ``folds`` keeps folded ephemeral hashes by their leaf range: every proof at one
    tree size shares its right edge, which then costs one read, not one per proof.
    """
    cached = folds.get(span) if folds is not None and span[0] < span[1] else None
    if cached is not None:
        ends = _read_path(below, (0, 0), above, read_nodes)
        return [*ends[: len(below)], cached, *ends[len(below) :]]
    ephemeral = range_nodes(*span)
    wanted = below + ephemeral + above
    if not wanted:
        return []
    got = list(read_nodes(wanted))
    if len(got) != len(wanted):
        raise FormatError(f"node reader returned {len(got)} hashes for {len(wanted)} nodes")
    if any(len(value) != HASH_SIZE for value in got):
        node, value = next((n, v) for n, v in zip(wanted, got, strict=True) if len(v) != HASH_SIZE)
        raise FormatError(f"node reader returned {len(value)} bytes for node {node}")
    split = len(below) + len(ephemeral)
    folded = [_fold(got[len(below) : split])] if ephemeral else []
    if folds is not None and ephemeral:
        folds[span] = folded[0]
    return got[: len(below)] + folded + got[split:]


def inclusion_proof(
    index: int, size: int, read_nodes: NodeReader, folds: FoldCache | None = None
) -> list[bytes]:
    """The RFC 9162 inclusion proof of leaf ``index`` in the tree of ``size`` leaves."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is not in a tree of size {size}")
    return _read_path(*_path(0, index, size), read_nodes, folds)


def consistency_proof(
    size1: int, size2: int, read_nodes: NodeReader, folds: FoldCache | None = None
) -> list[bytes]:
    """The RFC 9162 consistency proof from tree size ``size1`` to ``size2``.

    It is the path of the largest perfect subtree ending at ``size1``, preceded by that
    subtree's own hash unless ``size1`` is a power of two (the verifier has it: it is the
    old root).
    """
    if not 0 <= size1 <= size2:
        raise ValueError(f"cannot prove tree size {size1} consistent with size {size2}")
    if size1 in (0, size2):
        # As transparency-dev/merkle: the empty tree and an equal tree need no proof.
        return []
    level = (size1 & -size1).bit_length() - 1
    index = (size1 - 1) >> level
    below, ephemeral, above = _path(level, index, size2)
    first = [(level, index)] if index else []
    return _read_path(first + below, ephemeral, above, read_nodes, folds)
