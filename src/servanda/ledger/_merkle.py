"""RFC 9162 section 2.1 Merkle tree hashing and proof verification.

Verification follows the RFC algorithms step by step, with the edge cases ordered as in
transparency-dev/merkle ``proof/verify.go``, so that all 196 of its test vectors give the
same verdict here. Every failure raises ``VerificationError``; nothing returns a bool.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from servanda.errors import VerificationError
from servanda.ledger._codec import HASH_SIZE

#: MTH({}) = SHA-256 of the empty string.
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(entry: bytes) -> bytes:
    """SHA-256(0x00 || entry): the hash of one log entry."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right): the hash of an interior node."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _inclusion_length(index: int, size: int) -> int:
    """How many hashes an inclusion proof of ``index`` in a tree of ``size`` carries."""
    inner = (index ^ (size - 1)).bit_length()
    return inner + (index >> inner).bit_count()


def _check_sizes(**hashes: bytes) -> None:
    for what, value in hashes.items():
        if len(value) != HASH_SIZE:
            name = what.replace("_", " ")
            raise VerificationError(f"{name} is {len(value)} bytes, not {HASH_SIZE}")


def _mismatch(what: str, got: bytes, want: bytes) -> VerificationError:
    return VerificationError(f"{what}: calculated {got.hex()}, expected {want.hex()}")


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Raise unless ``proof`` shows leaf hash ``leaf`` at ``index`` in the tree ``root``."""
    if not 0 <= index < size:
        raise VerificationError(f"leaf index {index} is not in a tree of size {size}")
    _check_sizes(leaf_hash=leaf, root_hash=root)
    _check_sizes(**{f"inclusion_proof_hash_{i}": h for i, h in enumerate(proof)})
    want = _inclusion_length(index, size)
    if len(proof) != want:
        raise VerificationError(
            f"inclusion proof for leaf {index} in a tree of size {size} has "
            f"{len(proof)} hashes, expected {want}"
        )
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:  # unreachable after the length check; kept as the RFC states it
            raise VerificationError("inclusion proof is longer than the tree is high")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise VerificationError("inclusion proof is shorter than the tree is high")
    if r != root:
        raise _mismatch(f"inclusion of leaf {index} in a tree of size {size}", r, root)


def _consistency_length(size1: int, size2: int) -> int:
    """How many hashes a consistency proof from ``size1`` to ``size2`` carries."""
    shift = (size1 & -size1).bit_length() - 1
    length = _inclusion_length(size1 - 1, size2) - shift
    return length if size1 == 1 << shift else length + 1


def verify_consistency(
    size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]
) -> None:
    """Raise unless ``proof`` shows the tree ``root1`` of ``size1`` is a prefix of ``root2``.

    A proof from the empty tree is refused, as in transparency-dev/merkle: it would prove
    nothing. Callers that accept ``old 0`` (a witness) handle that case themselves.
    """
    if size1 < 0 or size2 < size1:
        raise VerificationError(f"tree size {size2} is smaller than earlier size {size1}")
    if size1 == 0:
        raise VerificationError("a consistency proof from the empty tree proves nothing")
    if size1 == size2:
        if proof:
            raise VerificationError(
                f"trees of equal size {size1} need an empty proof, got {len(proof)} hashes"
            )
        # Equal sizes: the roots must simply be equal. Their length is not checked, as in
        # transparency-dev/merkle; a wrong-length root can never equal a computed one.
        if root1 != root2:
            raise _mismatch(f"trees of equal size {size1}", root2, root1)
        return
    if not proof:
        raise VerificationError(f"consistency proof from {size1} to {size2} is empty")
    _check_sizes(first_root=root1, second_root=root2)
    _check_sizes(**{f"consistency_proof_hash_{i}": h for i, h in enumerate(proof)})
    want = _consistency_length(size1, size2)
    if len(proof) != want:
        raise VerificationError(
            f"consistency proof from {size1} to {size2} has {len(proof)} hashes, expected {want}"
        )
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:  # unreachable after the length check; kept as the RFC states it
            raise VerificationError("consistency proof is longer than the tree is high")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise VerificationError("consistency proof is shorter than the tree is high")
    if fr != root1:
        raise _mismatch(f"consistency proof: root of size {size1}", fr, root1)
    if sr != root2:
        raise _mismatch(f"consistency proof: root of size {size2}", sr, root2)
