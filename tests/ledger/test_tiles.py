"""tlog-tiles: paths, node-to-tile arithmetic, tile contents and entry bundles."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from servanda.errors import FormatError
from servanda.ledger import (
    MAX_ENTRY_SIZE,
    MemoryTree,
    TileRef,
    changed_tiles,
    consistency_proof,
    decode_entry_bundle,
    encode_entry_bundle,
    inclusion_proof,
    parse_tile_path,
    split_tile,
    tile_contents,
    tile_for_node,
    tile_node_reader,
    tree_root,
)

PATHS = [
    (TileRef(0, 0), "tile/0/000"),
    (TileRef(0, 999), "tile/0/999"),
    (TileRef(0, 1000), "tile/0/x001/000"),
    (TileRef(1, 1234067), "tile/1/x001/x234/067"),
    (TileRef(2, 5, 7), "tile/2/005.p/7"),
    (TileRef(63, 1_000_000, 255), "tile/63/x001/x000/000.p/255"),
    (TileRef(0, 3, entries=True), "tile/entries/003"),
    (TileRef(0, 1234067, 1, entries=True), "tile/entries/x001/x234/067.p/1"),
]


@pytest.mark.parametrize(("tile", "path"), PATHS, ids=[p for _, p in PATHS])
def test_tile_paths_round_trip(tile: TileRef, path: str) -> None:
    assert tile.path == path
    assert parse_tile_path(path) == tile


BAD_PATHS = [
    ("tile/0/0", "is not a tile path"),
    ("tile/0/1000", "is not a tile path"),
    ("tile/00/000", "tile level '00' is not a decimal without leading zeros"),
    ("tile/64/000", "tile level 64 is not 0..63"),
    ("tile/0/000.p/256", "is not canonical; the path of that tile is 'tile/0/000'"),
    ("tile/0/000.p/0", "tile width 0 is not 1..256"),
    ("tile/0/000.p/07", "tile width '07' is not a decimal"),
    ("tile/0/x000/001", "is not canonical; the path of that tile is 'tile/0/001'"),
    ("tile/0/001/002", "is not a tile path"),
    ("tile/entries/x001", "is not a tile path"),
    ("/tile/0/000", "is not a tile path"),
]


@pytest.mark.parametrize(("path", "message"), BAD_PATHS, ids=[p for p, _ in BAD_PATHS])
def test_bad_tile_paths_are_refused(path: str, message: str) -> None:
    with pytest.raises(FormatError, match=message.replace(".", r"\.")):
        parse_tile_path(path)


def test_tile_ref_refuses_impossible_tiles() -> None:
    with pytest.raises(ValueError, match=r"tile level 1 is not 0\.\.63 \(entry bundles: 0\)"):
        TileRef(1, 0, entries=True)
    with pytest.raises(ValueError, match="tile index -1 is negative"):
        TileRef(0, -1)


def test_the_spec_example_of_a_tree_of_70000() -> None:
    tiles = changed_tiles(0, 70_000)
    by_level = {level: [t for t in tiles if t.level == level] for level in (0, 1, 2)}
    assert len(tiles) == 274 + 2 + 1
    assert [t.width for t in by_level[0]] == [256] * 273 + [112]
    assert by_level[1] == [TileRef(1, 0), TileRef(1, 1, 17)]
    assert by_level[2] == [TileRef(2, 0, 1)]


def test_a_tree_of_256_has_a_full_tile_and_a_level_1_tile_of_width_1() -> None:
    assert changed_tiles(0, 256) == [TileRef(0, 0), TileRef(1, 0, 1)]


def test_growing_rewrites_only_the_partial_and_new_tiles() -> None:
    assert changed_tiles(5, 5) == []
    assert changed_tiles(5, 6) == [TileRef(0, 0, 6)]
    assert changed_tiles(250, 260) == [TileRef(0, 0), TileRef(0, 1, 4), TileRef(1, 0, 1)]
    assert changed_tiles(256, 300) == [TileRef(0, 1, 44)]
    with pytest.raises(ValueError, match="tree cannot shrink from 6 to 5"):
        changed_tiles(6, 5)


@pytest.mark.parametrize(
    ("node", "size", "want"),
    [
        ((0, 5), 8, (TileRef(0, 0, 8), 5, 1)),
        ((0, 300), 70_000, (TileRef(0, 1), 44, 1)),
        ((3, 2), 70_000, (TileRef(0, 0), 16, 8)),
        ((7, 0), 256, (TileRef(0, 0), 0, 128)),
        ((8, 0), 256, (TileRef(1, 0, 1), 0, 1)),
        ((9, 1), 70_000, (TileRef(1, 0), 2, 2)),
        ((8, 272), 70_000, (TileRef(1, 1, 17), 16, 1)),
        ((16, 0), 70_000, (TileRef(2, 0, 1), 0, 1)),
    ],
)
def test_which_tile_holds_a_node(
    node: tuple[int, int], size: int, want: tuple[TileRef, int, int]
) -> None:
    assert tile_for_node(*node, size) == want


def test_an_incomplete_node_has_no_tile() -> None:
    with pytest.raises(ValueError, match=r"node \(1, 3\) is not complete in a tree of size 7"):
        tile_for_node(1, 3, 7)


TREE = MemoryTree.from_entries(i.to_bytes(3, "big") for i in range(70_000))


class Tiles:
    """Tiles written the way a log would, then served back; counts the fetches."""

    def __init__(self, size: int) -> None:
        self.store = {t.path: tile_contents(t, TREE.read_nodes) for t in changed_tiles(0, size)}
        self.fetches: list[list[str]] = []

    def __call__(self, tiles: Sequence[TileRef]) -> list[bytes]:
        self.fetches.append([t.path for t in tiles])
        return [self.store[t.path] for t in tiles]


@pytest.mark.parametrize("size", [1, 255, 256, 257, 65_536, 70_000])
def test_proofs_over_tiles_equal_proofs_over_stored_nodes(size: int) -> None:
    tiles = Tiles(size)
    reader = tile_node_reader(tiles, size)
    for index in {0, size // 3, size - 1}:
        assert inclusion_proof(index, size, reader) == TREE.inclusion_proof(index, size)
        assert tree_root(size, reader) == TREE.root(size)
    assert all(len(batch) == len(set(batch)) for batch in tiles.fetches)


def test_one_tile_fetch_per_proof() -> None:
    tiles = Tiles(70_000)
    proof = consistency_proof(1000, 70_000, tile_node_reader(tiles, 70_000))
    assert proof == TREE.consistency_proof(1000, 70_000)
    # D[0:1000] and D[1000:1024] sit in level 0 tile 3 and level 1 tile 0; the right edge
    # D[65536:70000] folds nodes from the two partial tiles of the current size.
    assert tiles.fetches == [["tile/0/003", "tile/1/000", "tile/1/001.p/17", "tile/0/273.p/112"]]


def test_tile_bytes_must_match_the_width() -> None:
    tile = TileRef(0, 0, 2)
    data = tile_contents(tile, TREE.read_nodes)
    assert split_tile(data, tile) == TREE.read_nodes([(0, 0), (0, 1)])
    with pytest.raises(
        FormatError, match=re.escape("tile/0/000.p/2 has 63 bytes; width 2 needs 64")
    ):
        split_tile(data[:-1], tile)
    with pytest.raises(FormatError, match="tile reader returned 0 tiles for 1"):
        tile_node_reader(lambda tiles: [], 2)([(0, 0)])


def test_entry_bundles_round_trip_with_length_prefixes() -> None:
    entries = [b"", b"a", b"\x00" * 300, b"x" * MAX_ENTRY_SIZE]
    bundle = encode_entry_bundle(entries)
    assert bundle[:8] == b"\x00\x00\x00\x01a\x01\x2c\x00"
    assert len(bundle) == 2 * 4 + 1 + 300 + 65535
    assert decode_entry_bundle(bundle) == entries
    assert decode_entry_bundle(bundle, 4) == entries


def test_an_entry_over_65535_bytes_is_refused() -> None:
    with pytest.raises(
        FormatError,
        match="entry 1 is 65536 bytes; a tlog-tiles entry bundle holds at most 65535",
    ):
        encode_entry_bundle([b"ok", b"x" * 65536])


@pytest.mark.parametrize(
    ("data", "count", "message"),
    [
        (b"\x00", None, "entry bundle ends inside the length prefix at byte 0"),
        (b"\x00\x01a\x00", None, "entry bundle ends inside the length prefix at byte 3"),
        (b"\x00\x05abc", None, "entry 0 at byte 0 claims 5 bytes, only 3 remain"),
        (b"\x00\x01a", 2, "entry bundle holds 1 entries, expected 2"),
    ],
)
def test_malformed_entry_bundles_are_refused(data: bytes, count: int | None, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        decode_entry_bundle(data, count)
