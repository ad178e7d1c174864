"""``servanda log tiles``: the log as static files, C2SP tlog-tiles, for any web server.

The files describe the tree at the latest stored checkpoint: every full tile and entry
bundle (immutable: written once, kept when already there), the partial ones of that
size, content stored beside the log under ``content/<sha256 hex>``, and the checkpoint
itself, written last so that a reader never sees a checkpoint whose tiles are missing.
Each file is written to a temporary name and renamed into place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from servanda.errors import StoreError
from servanda.ledger import TILE_WIDTH, Checkpoint, TileRef
from servanda.store import LogStore


@dataclass(frozen=True, slots=True)
class StaticLog:
    """What ``write_static`` did: the size served, files written, files already there."""

    size: int
    written: int
    kept: int


def static_tiles(size: int) -> list[TileRef]:
    """Every hash tile and entry bundle a tree of ``size`` is served as."""
    tiles: list[TileRef] = []
    level = 0
    while size >> (8 * level):
        count = size >> (8 * level)
        for index in range((count + TILE_WIDTH - 1) // TILE_WIDTH):
            tiles.append(TileRef(level, index, min(TILE_WIDTH, count - index * TILE_WIDTH)))
        level += 1
    for index in range((size + TILE_WIDTH - 1) // TILE_WIDTH):
        width = min(TILE_WIDTH, size - index * TILE_WIDTH)
        tiles.append(TileRef(0, index, width, entries=True))
    return tiles


def write_static(store: LogStore, out: Path) -> StaticLog:
    """Write the log under ``out`` as of its latest checkpoint."""
    note = store.latest_checkpoint()
    if note is None:
        raise StoreError("the log has no checkpoint yet; run 'servanda log checkpoint'")
    size = Checkpoint.parse(note.text).size
    written = kept = 0
    for tile in static_tiles(size):
        path = out / tile.path
        if tile.width == TILE_WIDTH and path.exists():
            kept += 1  # full tiles never change
            continue
        _write(path, store.read_tile(tile))
        written += 1
    for digest in store.content_digests():
        path = out / "content" / digest.hex()
        if path.exists():
            kept += 1
            continue
        content = store.content(digest)
        assert content is not None
        _write(path, content)
        written += 1
    _write(out / "checkpoint", note.to_bytes())
    return StaticLog(size, written + 1, kept)


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror}") from exc
