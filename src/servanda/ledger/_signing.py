"""Signing and verifying notes: plain Ed25519 (0x01) and cosignature/v1 (0x04).

Verification follows the signed-note rules and fails closed: signatures by unknown keys
are ignored (a key is its name *and* ID), a known key whose signature fails rejects the
whole note, and a note with no verifying known signature is rejected. A cosignature/v1
signs ``cosignature/v1\\ntime <t>\\n`` followed by the note text, and carries ``t``.
"""

from __future__ import annotations

from collections.abc import Iterable

from servanda.errors import FormatError, VerificationError
from servanda.ledger._keys import SignerKey, SigType, VerifierKey
from servanda.ledger._note import Note, NoteSignature, check_text

#: Cosignature timestamps must not exceed 2**63 - 1 (tlog-cosignature).
MAX_TIMESTAMP = (1 << 63) - 1
_COSIGNATURE_SIZE = 8 + 64


def cosignature_message(text: str, timestamp: int) -> bytes:
    """The bytes a cosignature/v1 signs over the note ``text`` at ``timestamp``."""
    if not 0 <= timestamp <= MAX_TIMESTAMP:
        raise ValueError(f"timestamp {timestamp} is not between 0 and 2**63 - 1")
    return f"cosignature/v1\ntime {timestamp}\n{text}".encode()


def cosignature_timestamp(signature: NoteSignature) -> int:
    """The POSIX time a cosignature/v1 states it was made (not verified here)."""
    if len(signature.signature) != _COSIGNATURE_SIZE:
        raise FormatError(
            f"cosignature by {signature.name!r} is {len(signature.signature)} bytes after "
            f"the key ID, expected {_COSIGNATURE_SIZE} (timestamp + Ed25519)"
        )
    return int.from_bytes(signature.signature[:8], "big")


def sign_note(text: str, signer: SignerKey, *, timestamp: int | None = None) -> NoteSignature:
    """Sign a note text: plainly with a 0x01 key, as cosignature/v1 (needs ``timestamp``)
    with a 0x04 key. Time is an argument because the ledger reads no clock."""
    check_text(text)
    if signer.sig_type == SigType.ED25519:
        if timestamp is not None:
            raise ValueError("an Ed25519 note signature carries no timestamp; pass none")
        signature = signer.sign_raw(text.encode())
    else:
        if timestamp is None or timestamp <= 0:
            # tlog-witness: a cosignature MUST NOT omit the timestamp (zero).
            raise ValueError(f"a cosignature needs a positive POSIX timestamp, got {timestamp}")
        message = cosignature_message(text, timestamp)
        signature = timestamp.to_bytes(8, "big") + signer.sign_raw(message)
    return NoteSignature(signer.name, signer.verifier.key_id, signature)


def _signature_valid(key: VerifierKey, text: str, signature: bytes) -> bool:
    if key.sig_type == SigType.ED25519:
        return key.verify_raw(text.encode(), signature)
    if len(signature) != _COSIGNATURE_SIZE:
        return False
    timestamp = int.from_bytes(signature[:8], "big")
    if timestamp > MAX_TIMESTAMP:
        return False
    return key.verify_raw(cosignature_message(text, timestamp), signature[8:])


def verified_signers(note: Note, keys: Iterable[VerifierKey]) -> list[VerifierKey]:
    """The known keys with a valid signature on ``note``, in signature order.

    Raises ``VerificationError`` if a known key's signature fails, or if two different
    known keys share a name and key ID (the note could not say which one signed). The list
    may be empty; ``verify_note`` is the check that requires one.
    """
    table: dict[tuple[str, int], VerifierKey] = {}
    for key in keys:
        slot = (key.name, key.key_id)
        if table.setdefault(slot, key) != key:
            raise VerificationError(
                f"two known keys are named {key.name!r} with ID {key.key_id:08x}"
            )
    verified: list[VerifierKey] = []
    for signature in note.signatures:
        known = table.get((signature.name, signature.key_id))
        if known is None:
            continue  # unknown keys are ignored, as signed-note requires
        if not _signature_valid(known, note.text, signature.signature):
            raise VerificationError(
                f"signature by known key {known.name!r} ({known.key_id:08x}) does not verify"
            )
        if known not in verified:
            verified.append(known)
    return verified


def verify_note(note: Note, keys: Iterable[VerifierKey]) -> None:
    """Raise unless a known key signed ``note`` and no known key's signature fails."""
    given = list(keys)
    if not verified_signers(note, given):
        names = ", ".join(sorted({f"{k.name}+{k.key_id:08x}" for k in given})) or "none"
        signed = ", ".join(f"{s.name}+{s.key_id:08x}" for s in note.signatures) or "nobody"
        raise VerificationError(f"note has no signature by a known key ({names}); signed: {signed}")
