"""C2SP tlog-tiles layout: tile paths, which tile holds which node, tile contents.

Pure arithmetic and encodings, no I/O. A tile at level L holds up to 256 consecutive
hashes of node level 8L; the seven node levels in between are recomputed from them, so
any node can be served from exactly one tile. Storage writes tiles; a verifier reads them
through ``tile_node_reader`` and never needs the database that ordered the writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from servanda.errors import FormatError
from servanda.ledger._codec import HASH_SIZE, parse_decimal
from servanda.ledger._merkle import node_hash
from servanda.ledger._proofs import NodeID, NodeReader

#: Hashes in a full tile (and entries in a full entry bundle).
TILE_WIDTH = 256
#: Node levels spanned by one tile level.
TILE_HEIGHT = 8
_MAX_LEVEL = 63
_PATH = re.compile(r"tile/(entries|[0-9]+)/((?:x[0-9]{3}/)*[0-9]{3})(?:\.p/([0-9]+))?", re.ASCII)

#: Reads the bytes of each tile asked for, in order.
TileReader = Callable[[Sequence["TileRef"]], Sequence[bytes]]


@dataclass(frozen=True, slots=True)
class TileRef:
    """A hash tile ``tile/<L>/<N>[.p/<W>]``, or with ``entries`` an entry bundle."""

    level: int
    index: int
    width: int = TILE_WIDTH
    entries: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.level <= _MAX_LEVEL or (self.entries and self.level):
            raise ValueError(f"tile level {self.level} is not 0..63 (entry bundles: 0)")
        if self.index < 0:
            raise ValueError(f"tile index {self.index} is negative")
        if not 1 <= self.width <= TILE_WIDTH:
            raise ValueError(f"tile width {self.width} is not 1..256")

    @property
    def path(self) -> str:
        """The path below the log prefix, e.g. ``tile/0/x001/234.p/7``."""
        groups, rest = [f"{self.index % 1000:03d}"], self.index // 1000
        while rest:
            groups.insert(0, f"x{rest % 1000:03d}")
            rest //= 1000
        kind = "entries" if self.entries else str(self.level)
        partial = "" if self.width == TILE_WIDTH else f".p/{self.width}"
        return f"tile/{kind}/{'/'.join(groups)}{partial}"

    def node_ids(self) -> list[NodeID]:
        """The nodes whose hashes this tile holds, in order."""
        level = self.level * TILE_HEIGHT
        return [(level, self.index * TILE_WIDTH + i) for i in range(self.width)]


def parse_tile_path(path: str) -> TileRef:
    """Parse ``tile/<L>/<N>[.p/<W>]`` or ``tile/entries/<N>[.p/<W>]``, canonical only."""
    example = "e.g. 'tile/0/x001/234' or 'tile/entries/000.p/5'"
    match = _PATH.fullmatch(path)
    if not match:
        raise FormatError(f"{path!r} is not a tile path; {example}")
    kind, number, width = match.groups()
    try:
        tile = TileRef(
            level=0 if kind == "entries" else parse_decimal(kind, "tile level"),
            index=int(number.replace("x", "").replace("/", "")),
            width=parse_decimal(width, "tile width") if width else TILE_WIDTH,
            entries=kind == "entries",
        )
    except ValueError as exc:
        raise FormatError(f"{path!r} is not a valid tile path: {exc}; {example}") from exc
    if tile.path != path:
        raise FormatError(f"{path!r} is not canonical; the path of that tile is {tile.path!r}")
    return tile


def tile_for_node(level: int, index: int, tree_size: int) -> tuple[TileRef, int, int]:
    """The tile of a tree of ``tree_size`` holding node ``(level, index)``.

    Returns the tile (partial if the tree ends inside it), and the position and count of
    the tile hashes the node is the perfect-subtree root of.
    """
    if level < 0 or index < 0 or (index + 1) << level > tree_size:
        raise ValueError(f"node ({level}, {index}) is not complete in a tree of size {tree_size}")
    tile_level, height = divmod(level, TILE_HEIGHT)
    first = index << height
    available = tree_size >> (tile_level * TILE_HEIGHT)
    tile_index, offset = divmod(first, TILE_WIDTH)
    width = min(TILE_WIDTH, available - tile_index * TILE_WIDTH)
    return TileRef(tile_level, tile_index, width), offset, 1 << height


def changed_tiles(old_size: int, new_size: int) -> list[TileRef]:
    """The hash tiles to (re)write when the tree grows; level 0 ones name entry bundles too."""
    if not 0 <= old_size <= new_size:
        raise ValueError(f"tree cannot shrink from {old_size} to {new_size}")
    out: list[TileRef] = []
    for level in range(_MAX_LEVEL + 1):
        old, new = old_size >> (level * TILE_HEIGHT), new_size >> (level * TILE_HEIGHT)
        if old == new:
            break
        for index in range(old // TILE_WIDTH, (new - 1) // TILE_WIDTH + 1):
            out.append(TileRef(level, index, min(TILE_WIDTH, new - index * TILE_WIDTH)))
    return out


def tile_contents(tile: TileRef, read_nodes: NodeReader) -> bytes:
    """The bytes of ``tile``: its node hashes concatenated, read in one call."""
    hashes = list(read_nodes(tile.node_ids()))
    if len(hashes) != tile.width or any(len(h) != HASH_SIZE for h in hashes):
        raise FormatError(f"node reader did not return {tile.width} hashes for {tile.path}")
    return b"".join(hashes)


def split_tile(data: bytes, tile: TileRef) -> list[bytes]:
    """The hashes in the bytes of ``tile``; the length must match its width exactly."""
    if len(data) != tile.width * HASH_SIZE:
        raise FormatError(
            f"{tile.path} has {len(data)} bytes; width {tile.width} needs {tile.width * HASH_SIZE}"
        )
    return [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]


def _perfect_root(hashes: list[bytes]) -> bytes:
    while len(hashes) > 1:
        hashes = [node_hash(hashes[i], hashes[i + 1]) for i in range(0, len(hashes), 2)]
    return hashes[0]


def tile_node_reader(read_tiles: TileReader, tree_size: int) -> NodeReader:
    """A ``NodeReader`` for a tree of ``tree_size`` served as tiles, one batched fetch per call."""

    def read_nodes(ids: Sequence[NodeID]) -> list[bytes]:
        plans = [tile_for_node(level, index, tree_size) for level, index in ids]
        tiles = list(dict.fromkeys(tile for tile, _, _ in plans))
        data = list(read_tiles(tiles)) if tiles else []
        if len(data) != len(tiles):
            raise FormatError(f"tile reader returned {len(data)} tiles for {len(tiles)}")
        hashes = {tile: split_tile(raw, tile) for tile, raw in zip(tiles, data, strict=True)}
        return [_perfect_root(hashes[tile][at : at + count]) for tile, at, count in plans]

    return read_nodes
