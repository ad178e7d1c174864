"""Appending in O(log n): the compact range (right edge) of a tree, and an in-memory tree.

A tree of size n is summarised by the hashes of its maximal perfect subtrees, one per set
bit of n, largest first (transparency-dev's ``CompactTrees()``). That is all an appender
needs: each new leaf merges with the equal-sized subtrees at the right edge, and every
merge completes a perfect subtree that storage keeps forever.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from servanda.ledger._codec import check_hash
from servanda.ledger._merkle import EMPTY_ROOT, leaf_hash, node_hash
from servanda.ledger._proofs import (
    Node,
    NodeID,
    NodeReader,
    consistency_proof,
    inclusion_proof,
    tree_root,
)


@dataclass(frozen=True, slots=True)
class CompactRange:
    """The right edge of a tree: its size and its maximal perfect subtree hashes."""

    size: int = 0
    hashes: tuple[bytes, ...] = ()

    def __post_init__(self) -> None:
        if self.size < 0:
            raise ValueError(f"tree size {self.size} is negative")
        if len(self.hashes) != self.size.bit_count():
            raise ValueError(
                f"a tree of size {self.size} has {self.size.bit_count()} right-edge "
                f"hashes, got {len(self.hashes)}"
            )
        for position, value in enumerate(self.hashes):
            check_hash(value, f"right-edge hash {position}")

    @staticmethod
    def node_ids(size: int) -> list[NodeID]:
        """The ``(level, index)`` of each right-edge subtree of a tree of ``size``."""
        return [
            (level, (size >> level) - 1)
            for level in reversed(range(size.bit_length()))
            if size >> level & 1
        ]

    @classmethod
    def load(cls, size: int, read_nodes: NodeReader) -> CompactRange:
        """Read the right edge of a stored tree in one call."""
        ids = cls.node_ids(size)
        return cls(size, tuple(read_nodes(ids)) if ids else ())

    def root(self) -> bytes:
        """MTH of the whole tree: the right edge folded from the smallest subtree up."""
        if not self.hashes:
            return EMPTY_ROOT
        acc = self.hashes[-1]
        for left in reversed(self.hashes[:-1]):
            acc = node_hash(left, acc)
        return acc

    def append(self, leaf_hashes: Iterable[bytes]) -> tuple[CompactRange, list[Node]]:
        """Append leaf hashes; return the new range and every newly completed node.

        The nodes include the leaves themselves (level 0), in the order completed, so a
        store that writes them all can serve any later proof or tile.
        """
        stack = list(self.hashes)
        size = self.size
        created: list[Node] = []
        for value in leaf_hashes:
            check_hash(value, f"leaf hash {size}")
            level, index, acc = 0, size, value
            created.append(Node(0, index, acc))
            carry = size
            while carry & 1:
                acc = node_hash(stack.pop(), acc)
                carry >>= 1
                level += 1
                index >>= 1
                created.append(Node(level, index, acc))
            stack.append(acc)
            size += 1
        return CompactRange(size, tuple(stack)), created


def root_from_leaf_hashes(hashes: Iterable[bytes]) -> bytes:
    """MTH of a whole list of leaf hashes (empty list: SHA-256 of nothing)."""
    return CompactRange().append(hashes)[0].root()


@dataclass(slots=True)
class MemoryTree:
    """A whole tree held in a dict of perfect-subtree hashes, for tests and small logs."""

    nodes: dict[NodeID, bytes] = field(default_factory=dict)
    edge: CompactRange = field(default_factory=CompactRange)

    @classmethod
    def from_entries(cls, entries: Iterable[bytes]) -> MemoryTree:
        return cls.from_leaf_hashes(leaf_hash(entry) for entry in entries)

    @classmethod
    def from_leaf_hashes(cls, leaf_hashes: Iterable[bytes]) -> MemoryTree:
        tree = cls()
        tree.extend(leaf_hashes)
        return tree

    @property
    def size(self) -> int:
        return self.edge.size

    def append(self, entry: bytes) -> int:
        """Append one entry; return its index."""
        self.extend([leaf_hash(entry)])
        return self.size - 1

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        self.edge, created = self.edge.append(leaf_hashes)
        self.nodes.update(((n.level, n.index), n.hash) for n in created)

    def read_nodes(self, ids: Sequence[NodeID]) -> list[bytes]:
        """A ``NodeReader`` over this tree; asking for an incomplete node is an error."""
        missing = [node for node in ids if node not in self.nodes]
        if missing:
            raise ValueError(f"nodes {missing} are not complete in a tree of size {self.size}")
        return [self.nodes[node] for node in ids]

    def root(self, size: int | None = None) -> bytes:
        """MTH at ``size`` (default: now); any earlier size is still computable."""
        return self.edge.root() if size is None else tree_root(self._size(size), self.read_nodes)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return inclusion_proof(index, self._size(size), self.read_nodes)

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        return consistency_proof(size1, self._size(size2), self.read_nodes)

    def _size(self, size: int | None) -> int:
        if size is None:
            return self.size
        if not 0 <= size <= self.size:
            raise ValueError(f"tree size {size} is not between 0 and {self.size}")
        return size
