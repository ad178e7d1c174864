"""C2SP tlog-tiles entry bundles: entries, each prefixed by its uint16 big-endian length.

The two-byte prefix caps an entry at 65535 bytes; a larger one is refused rather than
truncated or split, because a log that silently changed an entry would log something
else. Applications with larger records log a hash of them, or a chunked encoding.
"""

from __future__ import annotations

from collections.abc import Iterable

from servanda.errors import FormatError

#: The largest entry a bundle can carry.
MAX_ENTRY_SIZE = 0xFFFF


def encode_entry_bundle(entries: Iterable[bytes]) -> bytes:
    """Concatenate ``uint16_be(len(entry)) || entry`` for each entry."""
    out = bytearray()
    for position, entry in enumerate(entries):
        if len(entry) > MAX_ENTRY_SIZE:
            raise FormatError(
                f"entry {position} is {len(entry)} bytes; a tlog-tiles entry bundle holds at "
                f"most {MAX_ENTRY_SIZE}, so log a hash of it or split it"
            )
        out += len(entry).to_bytes(2, "big") + entry
    return bytes(out)


def decode_entry_bundle(data: bytes, count: int | None = None) -> list[bytes]:
    """Split a bundle into entries; with ``count``, the bundle must hold exactly that many."""
    entries: list[bytes] = []
    offset = 0
    while offset < len(data):
        if offset + 2 > len(data):
            raise FormatError(f"entry bundle ends inside the length prefix at byte {offset}")
        length = int.from_bytes(data[offset : offset + 2], "big")
        end = offset + 2 + length
        if end > len(data):
            raise FormatError(
                f"entry {len(entries)} at byte {offset} claims {length} bytes, "
                f"only {len(data) - offset - 2} remain"
            )
        entries.append(data[offset + 2 : end])
        offset = end
    if count is not None and len(entries) != count:
        raise FormatError(f"entry bundle holds {len(entries)} entries, expected {count}")
    return entries
