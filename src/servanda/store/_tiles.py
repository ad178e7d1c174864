"""Appending a batch to a tree stored as tiles: which rows to write, computed in bulk.

A stored tile row holds the C2SP tile (256 hashes of node level ``8T`` for tile level
``T``) together with the seven node levels inside it, in *in-order* layout: the node at
height ``h`` and position ``p`` in the tile is hash number ``(p << (h + 1)) + (1 << h) - 1``
(leaves at the even places, their parents between them, ...). A partial tile of width
``w`` is then a prefix of ``2w - 1`` hashes (slots of incomplete nodes are zero) that only
ever grows, and every node sits at a place that does not depend on the tile's width: a
proof reads a few rows and cuts hashes at fixed offsets, with no hashing.

``extend`` hashes a whole batch level by level with list comprehensions (the leaves,
then each level from the one below) instead of leaf by leaf, and builds every tile the
batch touches; only the right edge of the tree before the batch (``Edge``: the hashes
of its maximal subtrees, its partial tiles and entry bundle) is needed, so an append
reads nothing else and costs O(batch + log n).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from servanda.errors import FormatError
from servanda.ledger import MAX_ENTRY_SIZE, TILE_WIDTH

HASH = 32
TILE_HEIGHT = 8
_ZERO = bytes(HASH)
_sha256 = hashlib.sha256

#: A row to write: key, width, bytes.
Row = tuple[int, int, bytes]


def tile_key(tile_level: int, index: int) -> int:
    """The integer row key of a tile."""
    return tile_level << 56 | index


def slot(height: int, position: int) -> int:
    """Where (in hashes) the node at ``height`` and ``position`` sits in its tile row."""
    return (position << (height + 1)) + (1 << height) - 1


def node_place(level: int, index: int) -> tuple[int, int]:
    """The row key and byte offset of perfect subtree ``(level, index)``."""
    height = level & 7
    key = (level >> 3) << 56 | index >> (8 - height)
    return key, slot(height, index & (0xFF >> height)) * HASH


def tile_hashes(width: int, data: bytes) -> bytes:
    """The C2SP tile (its base-level hashes only) from a stored row at least ``width`` wide."""
    return b"".join([data[i : i + HASH] for i in range(0, 2 * width * HASH, 2 * HASH)])


@dataclass(frozen=True, slots=True)
class Edge:
    """The right edge of a stored tree: all an append needs to know about what exists.

    ``hashes`` maps node level to the hash of the maximal perfect subtree at that level
    (one per set bit of ``size``); ``tiles`` maps tile level to its partial tile row, and
    ``bundle`` is the partial entry bundle row, if any.
    """

    size: int = 0
    hashes: dict[int, bytes] = field(default_factory=dict)
    tiles: dict[int, Row] = field(default_factory=dict)
    bundle: Row | None = None


@dataclass(frozen=True, slots=True)
class Batch:
    """What appending a batch writes: the new edge, tile rows and bundle rows."""

    edge: Edge
    tiles: list[Row]
    bundles: list[Row]


def check_entries(entries: Sequence[bytes]) -> None:
    """Refuse an entry an entry bundle cannot hold, before anything is written."""
    for position, entry in enumerate(entries):
        if not isinstance(entry, bytes):
            raise FormatError(f"entry {position} is {type(entry).__name__}, not bytes")
        if len(entry) > MAX_ENTRY_SIZE:
            raise FormatError(
                f"entry {position} is {len(entry)} bytes; a tlog-tiles entry bundle holds at "
                f"most {MAX_ENTRY_SIZE}: log a record of its SHA-256 and keep it beside"
            )


def _hash_levels(edge: Edge, entries: Sequence[bytes]) -> list[list[bytes]]:
    """The new nodes at each level; those of level ``l`` start at index ``edge.size >> l``."""
    sha = _sha256
    levels = [[sha(b"\x00" + entry).digest() for entry in entries]]
    while True:
        level = len(levels) - 1
        nodes = levels[level]
        if edge.size >> level & 1:  # the first new node's left sibling is on the old edge
            nodes = [edge.hashes[level], *nodes]
        pairs = iter(nodes)  # zip(pairs, pairs) walks the list two by two, dropping an odd last
        parents = [
            sha(b"\x01" + left + right).digest()
            for left, right in zip(pairs, pairs)  # noqa: B905
        ]
        if not parents:
            return levels
        levels.append(parents)


def extend(edge: Edge, entries: Sequence[bytes]) -> Batch:
    """Append ``entries`` (already checked) to the tree whose right edge is ``edge``."""
    old, new = edge.size, edge.size + len(entries)
    levels = _hash_levels(edge, entries) if entries else []

    def node(level: int, index: int) -> bytes:
        first = old >> level
        return levels[level][index - first] if index >= first else edge.hashes[level]

    hashes = {
        level: node(level, (new >> level) - 1)
        for level in range(new.bit_length())
        if new >> level & 1
    }
    tiles: list[Row] = []
    new_tiles = dict(edge.tiles)
    for tile_level in range((len(levels) + TILE_HEIGHT - 1) // TILE_HEIGHT):
        base = tile_level * TILE_HEIGHT
        rows = _tiles_at(tile_level, old >> base, new >> base, levels[base:], edge)
        tiles.extend(rows)
        new_tiles.pop(tile_level, None)
        if rows[-1][1] < TILE_WIDTH:
            new_tiles[tile_level] = rows[-1]
    bundles = _bundles(edge, entries)
    bundle = edge.bundle
    if bundles:
        bundle = bundles[-1] if bundles[-1][1] < TILE_WIDTH else None
    return Batch(Edge(new, hashes, new_tiles, bundle), tiles, bundles)


def _tiles_at(
    tile_level: int, old: int, new: int, levels: list[list[bytes]], edge: Edge
) -> list[Row]:
    """Rows of tile level ``tile_level`` as its base level grows from ``old`` to ``new``."""
    rows: list[Row] = []
    for index in range(old // TILE_WIDTH, (new - 1) // TILE_WIDTH + 1):
        width = min(TILE_WIDTH, new - index * TILE_WIDTH)
        before = edge.tiles.get(tile_level) if index == old // TILE_WIDTH else None
        if before is None:
            data = _new_tile(width, index, old, levels)
            rows.append((tile_key(tile_level, index), width, data))
            continue
        # The old edge tile grows: keep its bytes, fill the slots of the new nodes.
        kept, grown = before[1], bytearray(before[2])
        grown.extend(bytes((2 * width - 1) * HASH - len(grown)))
        for height in range(TILE_HEIGHT):
            done = kept >> height
            offset = (index * TILE_WIDTH >> height) + done - (old >> height)
            for position in range(done, width >> height):
                at = slot(height, position) * HASH
                grown[at : at + HASH] = levels[height][offset + position - done]
        rows.append((tile_key(tile_level, index), width, bytes(grown)))
    return rows


def _new_tile(width: int, index: int, old: int, levels: list[list[bytes]]) -> bytes:
    """A tile row built from new nodes only, a whole level per slice assignment."""
    slots = [_ZERO] * (2 * width - 1)
    for height in range(TILE_HEIGHT):
        count = width >> height
        if not count:
            break
        offset = (index * TILE_WIDTH >> height) - (old >> height)
        step = 2 << height
        start = slot(height, 0)
        slots[start : start + count * step : step] = levels[height][offset : offset + count]
    return b"".join(slots)


def _bundles(edge: Edge, entries: Sequence[bytes]) -> list[Row]:
    """Entry bundle rows: ``uint16_be(len) || entry`` for each entry (C2SP tlog-tiles)."""
    rows: list[Row] = []
    old, at = edge.size, 0
    for index in range(old // TILE_WIDTH, (old + len(entries) - 1) // TILE_WIDTH + 1):
        start = index * TILE_WIDTH
        take = min(TILE_WIDTH - max(0, old - start), len(entries) - at)
        chunk = entries[at : at + take]
        at += take
        prefix = edge.bundle[2] if edge.bundle is not None and start < old else b""
        encoded = b"".join([len(e).to_bytes(2, "big") + e for e in chunk])
        rows.append((index, min(TILE_WIDTH, old + at - start), prefix + encoded))
    return rows
