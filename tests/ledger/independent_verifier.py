"""A second, deliberately separate reading of the specs, to check servanda's output.

Written from the C2SP texts (signed-note, tlog-checkpoint, tlog-cosignature, tlog-proof,
tlog-tiles) and RFC 9162 alone: it imports nothing from ``servanda`` and uses other
algorithms where it can (the Merkle root and the inclusion check are the recursive
definitions of RFC 9162 section 2.1, not the iterative verifier servanda uses). If both
accept the same bytes, servanda speaks the public formats, not just itself.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Invalid(Exception):
    """The bytes do not verify."""


@dataclass(frozen=True)
class Key:
    name: str
    key_id: bytes
    sig_type: int
    public: bytes


def parse_vkey(vkey: str) -> Key:
    name, key_id_hex, blob = vkey.split("+", 2)
    raw = base64.b64decode(blob, validate=True)
    sig_type, public = raw[0], raw[1:]
    key_id = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if key_id.hex() != key_id_hex or len(public) != 32:
        raise Invalid(f"vkey {vkey} does not match its key ID")
    return Key(name, key_id, sig_type, public)


def split_note(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(signed text, [(key name, key ID + signature)]) of a signed note."""
    data.decode("utf-8")
    cut = data.rindex(b"\n\n")
    text, lines = data[: cut + 1], data[cut + 2 :]
    signatures = []
    for line in lines.split(b"\n")[:-1]:
        if not line.startswith("\u2014 ".encode()):
            raise Invalid(f"not a signature line: {line!r}")
        name, blob = line[len("\u2014 ".encode()) :].decode().split(" ")
        signatures.append((name, base64.b64decode(blob, validate=True)))
    if not lines.endswith(b"\n"):
        raise Invalid("the note does not end with a newline")
    return text, signatures


def _ed25519(public: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except InvalidSignature:
        return False
    return True


def signed_by(note: bytes, key: Key) -> int | None:
    """None if ``key`` did not sign; else 0 (plain note signature) or the cosignature's time."""
    text, signatures = split_note(note)
    for name, blob in signatures:
        if name != key.name or blob[:4] != key.key_id:
            continue
        if key.sig_type == 0x01 and _ed25519(key.public, blob[4:], text):
            return 0
        if key.sig_type == 0x04 and len(blob) == 4 + 8 + 64:
            (timestamp,) = struct.unpack(">Q", blob[4:12])
            message = b"cosignature/v1\ntime %d\n" % timestamp + text
            if _ed25519(key.public, blob[12:], message):
                return timestamp
        raise Invalid(f"the signature by {name} does not verify")
    return None


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes


def open_checkpoint(note: bytes, log: Key, witnesses: list[Key], quorum: int) -> Checkpoint:
    """The checkpoint, if ``log`` signed it and ``quorum`` of ``witnesses`` cosigned it."""
    if signed_by(note, log) != 0:
        raise Invalid("the checkpoint is not signed by the log")
    cosigners = [w for w in witnesses if signed_by(note, w)]
    if len(cosigners) < quorum:
        raise Invalid(f"{len(cosigners)} cosignatures, {quorum} needed")
    text, _ = split_note(note)
    origin, size, root = text.decode().split("\n")[:3]
    if origin != log.name:
        raise Invalid(f"origin {origin} is not the log's name {log.name}")
    return Checkpoint(origin, int(size), base64.b64decode(root, validate=True))


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def merkle_root(leaves: list[bytes]) -> bytes:
    """MTH of leaf hashes, by the recursive definition."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = _split(len(leaves))
    return _node(merkle_root(leaves[:k]), merkle_root(leaves[k:]))


def root_from_path(index: int, size: int, leaf: bytes, path: list[bytes]) -> bytes:
    """Rebuild the root from PATH(index, D[size]) by following RFC 9162's recursion."""
    if size == 1:
        if path:
            raise Invalid("the inclusion proof is too long")
        return leaf
    if not path:
        raise Invalid("the inclusion proof is too short")
    k = _split(size)
    *rest, sibling = path
    if index < k:
        return _node(root_from_path(index, k, leaf, rest), sibling)
    return _node(sibling, root_from_path(index - k, size - k, leaf, rest))


@dataclass(frozen=True)
class Proof:
    index: int
    path: list[bytes]
    checkpoint: bytes


def parse_tlog_proof(data: bytes) -> Proof:
    head, _, checkpoint = data.partition(b"\n\n")
    lines = head.decode().split("\n")
    if lines[0] != "c2sp.org/tlog-proof@v1":
        raise Invalid("not a c2sp.org/tlog-proof@v1")
    lines = lines[1:]
    if lines and lines[0].startswith("extra "):
        lines = lines[1:]
    if not lines[0].startswith("index "):
        raise Invalid("no index line")
    path = [base64.b64decode(line, validate=True) for line in lines[1:]]
    return Proof(int(lines[0][6:]), path, checkpoint)


def verify_tlog_proof(
    entry: bytes, data: bytes, log: Key, witnesses: list[Key], quorum: int
) -> Checkpoint:
    """Raise ``Invalid`` unless ``data`` proves ``entry`` in the log, as tlog-proof says."""
    proof = parse_tlog_proof(data)
    checkpoint = open_checkpoint(proof.checkpoint, log, witnesses, quorum)
    if not 0 <= proof.index < checkpoint.size:
        raise Invalid("the index is outside the tree")
    root = root_from_path(proof.index, checkpoint.size, leaf_hash(entry), proof.path)
    if root != checkpoint.root:
        raise Invalid("the inclusion proof does not lead to the checkpoint's root")
    return checkpoint


def tile_path(level: int | str, index: int, width: int) -> str:
    """``tile/<L>/<N>[.p/<W>]`` with N in x-prefixed groups of three digits."""
    digits = f"{index:d}"
    digits = "0" * (-len(digits) % 3) + digits
    groups = [digits[i : i + 3] for i in range(0, len(digits), 3)]
    name = "/".join([*(f"x{g}" for g in groups[:-1]), groups[-1]])
    return f"tile/{level}/{name}" + ("" if width == 256 else f".p/{width}")


def entries_and_root_from_tiles(read: dict[str, bytes], size: int) -> tuple[list[bytes], bytes]:
    """The entries of a static log (from its bundles) and the tree root from its tiles.

    Every level-0 hash must be the hash of the entry beside it; every level-L hash the
    root of the full tile below it; the root is then MTH of the level-0 hashes.
    """
    entries: list[bytes] = []
    for index in range((size + 255) // 256):
        bundle = read[tile_path("entries", index, min(256, size - 256 * index))]
        at = 0
        while at < len(bundle):
            (length,) = struct.unpack(">H", bundle[at : at + 2])
            entries.append(bundle[at + 2 : at + 2 + length])
            at += 2 + length
    leaves = [leaf_hash(e) for e in entries]
    level, below = 0, leaves
    while len(below) >= 1 and (level == 0 or size >> (8 * level)):
        count = size >> (8 * level)
        hashes: list[bytes] = []
        for index in range((count + 255) // 256):
            data = read[tile_path(level, index, min(256, count - 256 * index))]
            hashes += [data[i : i + 32] for i in range(0, len(data), 32)]
        if hashes != below[: len(hashes)] or len(hashes) != count:
            raise Invalid(f"tiles of level {level} do not hold the hashes below them")
        below = [merkle_root(hashes[i : i + 256]) for i in range(0, len(hashes) - 255, 256)]
        level += 1
    return entries, merkle_root(leaves)
