"""``LogStore``: an append-only Merkle log in SQL, durable on return, proofs in one read.

Appends go through one writer connection and one lock: a transaction locks the state
row, checks the size it remembers (another process may have appended; then it reloads
the right edge), writes the tiles and bundles ``_tiles.extend`` computed and the new
size, and commits with a flush to disk. Reads use a connection per thread in autocommit
mode; every row they read is immutable below the committed size, so no read ever needs
a lock or sees a half-written tree.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from servanda.errors import StoreError
from servanda.ledger import (
    CompactRange,
    NodeID,
    SignerKey,
    SigType,
    TileRef,
    consistency_proof,
    decode_entry_bundle,
    encode_entry_bundle,
    inclusion_proof,
    tree_root,
)
from servanda.store._database import DEFAULT_URL, Database
from servanda.store._group import GroupCommitter
from servanda.store._log_records import LogRecords
from servanda.store._schema import LOG_TABLES, log_content, log_state, metadata
from servanda.store._tiles import (
    TILE_HEIGHT,
    Edge,
    Row,
    check_entries,
    extend,
    node_place,
    tile_hashes,
    tile_key,
)

#: Work done in an append's transaction: ``also(driver cursor, index of the first entry)``.
Also = Callable[[Any, int], None]
#: Full tiles kept after a read (16 KiB each): enough for the upper levels of any tree.
_CACHED_TILES = 512
#: Folded right-edge hashes kept (a few per tree size that proofs are asked for).
_CACHED_FOLDS = 4096
_NO_TILE = (0, b"")
# node_place() in tables, by the node's level within its tile: its offset is
# (local index * _STEP + _FIRST), and a tile's local index mask.
_STEP = tuple(32 << (sub + 1) for sub in range(TILE_HEIGHT))
_FIRST = tuple(((1 << sub) - 1) * 32 for sub in range(TILE_HEIGHT))
_MASK = tuple(0xFF >> sub for sub in range(TILE_HEIGHT))


class _Bounded(OrderedDict[tuple[int, int], bytes]):
    """A mapping that forgets its oldest entries beyond ``limit``."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self._limit = limit

    def __setitem__(self, key: tuple[int, int], value: bytes) -> None:
        super().__setitem__(key, value)
        while len(self) > self._limit:
            with contextlib.suppress(KeyError):
                self.popitem(last=False)


_UPSERT = (
    "INSERT INTO {table} (id, width, data) VALUES (?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET width = excluded.width, data = excluded.data"
)


class LogStore(LogRecords):
    """One log in one database: append, read nodes (a ledger ``NodeReader``), prove."""

    def __init__(self, db: Database) -> None:
        self._db = db
        try:
            with db.begin() as connection:
                row = None
                if sa.inspect(connection).has_table(log_state.name):
                    query = sa.select(log_state.c.origin, log_state.c.signer)
                    row = connection.execute(query).first()
            if row is None:
                raise StoreError(f"no log in {db.display}; create one with 'servanda log init'")
        except BaseException:
            db.close()
            raise
        self.origin: str = row.origin
        self.signer = SignerKey.parse(row.signer)
        self._lock = threading.Lock()
        self._writer: Any = None
        self._edge: Edge | None = None
        self._group = GroupCommitter(self._commit, self._lock)
        self._select_tiles: dict[int, str] = {}
        self._known_size = 0  # a size known committed; the tree only grows
        # Full tiles never change, so the ones read are kept, a bounded few: the upper
        # tiles every proof passes through are then read from storage once.
        self._tiles: OrderedDict[int, tuple[int, bytes]] = OrderedDict()  # (width, data)
        self._folds = _Bounded(_CACHED_FOLDS)  # right-edge hashes shared by proofs

    @classmethod
    def open(cls, url: str = DEFAULT_URL) -> LogStore:
        """Open the log in the database at ``url``; refuse a database without one."""
        return cls(Database(url))

    @classmethod
    def create(cls, url: str, signer: SignerKey) -> LogStore:
        """Create the tables and a new, empty log signed by ``signer`` (named as its origin).

        Refuses a database that already holds a log: a second log under the same name
        would let one origin show two trees.
        """
        if signer.sig_type != SigType.ED25519:
            raise StoreError("a log signs checkpoints with an Ed25519 note key (type 0x01)")
        db = Database(url, create=True)
        try:
            with db.begin() as connection:
                metadata.create_all(connection, tables=LOG_TABLES)
                existing = connection.execute(sa.select(log_state.c.origin)).first()
                if existing is not None:
                    raise StoreError(
                        f"{db.display} already holds the log {existing.origin!r}; "
                        "use another database for another log"
                    )
                connection.execute(
                    log_state.insert().values(
                        id=1,
                        origin=signer.name,
                        signer=signer.to_skey(),
                        size=0,
                        created=int(time.time()),
                    )
                )
        except BaseException:
            db.close()
            raise
        return cls(db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> LogStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- appending ---------------------------------------------------------------

    def append(self, entry: bytes) -> int:
        """Append one entry; return its index once durable. Safe from many threads:
        concurrent callers share a transaction (group commit)."""
        check_entries([entry])
        return self._group.submit(entry)

    def append_many(
        self,
        entries: Sequence[bytes],
        *,
        content: Mapping[bytes, bytes] | None = None,
        also: Also | None = None,
    ) -> range:
        """Append ``entries`` in one transaction; return their indexes once durable.

        ``content`` maps SHA-256 digests to bytes stored beside the log (for records
        that log a hash of something larger than an entry); it is written in the same
        transaction, so a failed append leaves nothing behind. ``also(cursor, first)``
        runs in that transaction too, after the entries are written, with the driver
        cursor and the first entry's index: what it writes (rows that cite the entries'
        indexes) is committed with the entries, or rolled back with them if it raises.
        """
        check_entries(entries)
        for digest, data in (content or {}).items():
            if hashlib.sha256(data).digest() != digest:
                raise StoreError(f"content stored under {digest.hex()} has another SHA-256")
        with self._lock:
            first = self._commit(entries, content or {}, also)
        return range(first, first + len(entries))

    def _commit(
        self,
        entries: Sequence[bytes],
        content: Mapping[bytes, bytes] | None = None,
        also: Also | None = None,
    ) -> int:
        db = self._db
        if self._writer is None:
            self._writer = db.raw()
        cursor = self._writer.cursor()
        with db.guard():
            try:
                db.begin_raw(self._writer)
                lock = "" if db.is_sqlite else " FOR UPDATE"
                cursor.execute(f"SELECT size FROM log_state WHERE id = 1{lock}")
                (size,) = cursor.fetchone()
                edge = self._edge
                if edge is None or edge.size != size:
                    edge = self._load_edge(cursor, size)
                batch = extend(edge, entries)
                cursor.executemany(db.sql(_UPSERT.format(table="log_tiles")), batch.tiles)
                cursor.executemany(db.sql(_UPSERT.format(table="log_bundles")), batch.bundles)
                if content:
                    cursor.executemany(
                        db.sql(
                            "INSERT INTO log_content (sha256, data) VALUES (?, ?) "
                            "ON CONFLICT (sha256) DO NOTHING"
                        ),
                        list(content.items()),
                    )
                update = db.sql("UPDATE log_state SET size = ? WHERE id = 1")
                cursor.execute(update, (batch.edge.size,))
                if also is not None:
                    also(cursor, int(size))
                cursor.execute("COMMIT")
            except BaseException:
                self._edge = None
                with contextlib.suppress(Exception):  # the first error is the one to report
                    cursor.execute("ROLLBACK")
                raise
        self._edge = batch.edge
        self._known_size = max(self._known_size, batch.edge.size)
        return int(size)

    def _load_edge(self, cursor: Any, size: int) -> Edge:
        """Read the right edge of the stored tree of ``size``: its partial tiles and bundle."""
        keys = [
            tile_key(level, (size >> (level * TILE_HEIGHT)) >> 8)
            for level in range(8)
            if size >> (level * TILE_HEIGHT) & 0xFF
        ]
        rows = self._fetch(cursor, keys) if keys else {}
        tiles = {key >> 56: (key, *rows[key]) for key in keys if key in rows}
        if len(tiles) != len(keys):
            raise StoreError(f"{self._db.display}: the log's partial tiles are missing")
        ids = CompactRange.node_ids(size)
        places = [node_place(level, index) for level, index in ids]
        hashes = {
            level: rows[key][1][at : at + 32]
            for (level, _), (key, at) in zip(ids, places, strict=True)
        }
        bundle: Row | None = None
        if size & 0xFF:
            cursor.execute(
                self._db.sql("SELECT width, data FROM log_bundles WHERE id = ?"), (size >> 8,)
            )
            width, data = cursor.fetchone()
            bundle = (size >> 8, width, bytes(data))
        return Edge(size, hashes, tiles, bundle)

    # --- reading -----------------------------------------------------------------

    def size(self) -> int:
        """The committed tree size."""
        with self._db.guard():
            cursor = self._db.reader().cursor()
            cursor.execute("SELECT size FROM log_state WHERE id = 1")
            size = int(cursor.fetchone()[0])
        self._known_size = max(self._known_size, size)
        return size

    def read_nodes(self, ids: Sequence[NodeID]) -> list[bytes]:
        """The hashes of the perfect subtrees ``ids``, in one query (a ``NodeReader``).

        Only nodes complete at the committed size are stored; asking for another raises
        ``ValueError``, as ``MemoryTree`` does.
        """
        if not ids:
            return []
        # Tiles are cached whole or partial: what a tile holds never changes as the log
        # grows, so a cached partial tile serves every node complete at its width, and is
        # read again only for a node it did not yet hold. This loop runs for every node of
        # every proof, so tiles go by a small int here (tile index << 3 | tile level; the
        # stored id is tile_key()) and node_place() is inlined with its tables.
        get = self._tiles.get
        places: list[tuple[int, int]] = []
        need = 0
        missing: dict[int, int] = {}  # tile -> the width it must have
        for level, index in ids:
            sub = level & 7
            tile = (index >> (8 - sub)) << 3 | level >> 3
            local = index & _MASK[sub]
            places.append((tile, local * _STEP[sub] + _FIRST[sub]))
            end = (index + 1) << level
            if end > need:
                need = end
            width = (local + 1) << sub
            if get(tile, _NO_TILE)[0] < width and missing.get(tile, 0) < width:
                missing[tile] = width
        if need > self._known_size and need > self.size():
            level, index = next((lv, ix) for lv, ix in ids if (ix + 1) << lv == need)
            raise ValueError(f"node ({level}, {index}) is not in the stored tree")
        tiles = {tile: get(tile, _NO_TILE)[1] for tile, _ in places}  # others may evict
        if missing:
            tiles.update(self._fetch_tiles(missing))
        return [tiles[tile][at : at + 32] for tile, at in places]

    def _fetch_tiles(self, wanted: dict[int, int]) -> dict[int, bytes]:
        """Read tiles (by their small keys) that must hold at least the widths given,
        and keep them in the bounded cache."""
        keys = [(tile & 7) << 56 | tile >> 3 for tile in wanted]
        with self._db.guard():
            fetched = self._fetch(self._db.reader().cursor(), keys)
        cache = self._tiles
        out: dict[int, bytes] = {}
        for tile, width in wanted.items():
            got = fetched.get((tile & 7) << 56 | tile >> 3, _NO_TILE)
            if got[0] < width:
                level, index = tile & 7, tile >> 3
                raise StoreError(
                    f"{self._db.display}: tile {index} at level {level} of the log is missing "
                    f"or holds {got[0]} of the {width} hashes it must"
                )
            out[tile] = got[1]
            cache[tile] = got
            cache.move_to_end(tile)
        while len(cache) > _CACHED_TILES:
            with contextlib.suppress(KeyError):
                cache.popitem(last=False)
        return out

    def _fetch(self, cursor: Any, keys: Sequence[int]) -> dict[int, tuple[int, bytes]]:
        sql = self._select_tiles.get(len(keys))
        if sql is None:
            marks = ", ".join("?" * len(keys))
            sql = self._db.sql(f"SELECT id, width, data FROM log_tiles WHERE id IN ({marks})")
            self._select_tiles[len(keys)] = sql
        cursor.execute(sql, keys)
        return {key: (width, bytes(data)) for key, width, data in cursor.fetchall()}

    def root(self, size: int | None = None) -> bytes:
        """The tree hash at ``size`` (default: the committed size)."""
        return tree_root(self._size(size), self.read_nodes)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return inclusion_proof(index, self._size(size), self.read_nodes, self._folds)

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        return consistency_proof(size1, self._size(size2), self.read_nodes, self._folds)

    def _size(self, size: int | None) -> int:
        if size is not None and 0 <= size <= self._known_size:
            return size
        current = self.size()
        if size is None:
            return current
        if not 0 <= size <= current:
            raise ValueError(f"tree size {size} is not between 0 and the log's size {current}")
        return size

    def read_tile(self, tile: TileRef) -> bytes:
        """The C2SP bytes of a hash tile or entry bundle, as wide as ``tile`` says."""
        table, key = ("log_bundles", tile.index) if tile.entries else ("log_tiles", 0)
        if not tile.entries:
            key = tile_key(tile.level, tile.index)
        with self._db.guard():
            cursor = self._db.reader().cursor()
            cursor.execute(self._db.sql(f"SELECT width, data FROM {table} WHERE id = ?"), (key,))
            row = cursor.fetchone()
        if row is None or row[0] < tile.width:
            raise ValueError(f"{tile.path} is not in the stored tree")
        width, data = row[0], bytes(row[1])
        if not tile.entries:
            return tile_hashes(tile.width, data)
        if width == tile.width:
            return data
        return encode_entry_bundle(decode_entry_bundle(data)[: tile.width])

    def content_digests(self) -> list[bytes]:
        """The SHA-256 of every content stored beside the log."""
        with self._db.begin() as connection:
            return [bytes(d) for d in connection.execute(sa.select(log_content.c.sha256)).scalars()]

    def entries(self, start: int, end: int) -> list[bytes]:
        """Entries ``[start, end)``, read from their bundles."""
        if not 0 <= start <= end <= self.size():
            raise ValueError(f"entries {start}..{end} are not in the log")
        if start == end:
            return []
        first, last = start >> 8, (end - 1) >> 8
        with self._db.guard():
            cursor = self._db.reader().cursor()
            sql = "SELECT id, data FROM log_bundles WHERE id >= ? AND id <= ? ORDER BY id"
            cursor.execute(self._db.sql(sql), (first, last))
            bundles = cursor.fetchall()
        out = [e for _, data in bundles for e in decode_entry_bundle(bytes(data))]
        return out[start - (first << 8) : end - (first << 8)]
