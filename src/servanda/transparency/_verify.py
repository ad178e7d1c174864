"""Offline verification of a logged record: entry + tlog-proof + keys, nothing else.

The entry is rebuilt from the file exactly as ``servanda log append`` logged it, and
checked with ``verify_tlog_proof``: the checkpoint signed by a trusted log key for its
origin, cosigned by a quorum of trusted witnesses, and the inclusion proof leading from
the entry's hash to the checkpoint's root. Any failure raises ``VerificationError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from servanda.errors import FormatError, VerificationError
from servanda.ledger import (
    Checkpoint,
    Policy,
    TlogProof,
    VerifierKey,
    verified_signers,
    verify_tlog_proof,
)
from servanda.transparency._records import file_records


@dataclass(frozen=True, slots=True)
class Verified:
    """What a valid proof established."""

    origin: str
    index: int
    size: int
    cosigners: tuple[str, ...]


def entry_from_file(path: Path, *, raw: bool = False, line: int | None = None) -> bytes:
    """The entry ``path`` was logged as (or its bytes as they are, with ``raw``)."""
    if raw:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise FormatError(f"{path}: cannot read: {exc.strerror}") from exc
    records = file_records(path)
    if line is not None:
        wanted = f"{path}:{line}"
        chosen = [r for r in records if r.source == wanted]
        if not chosen:
            raise FormatError(f"{path} has no record on line {line}")
        return chosen[0].entry
    if len(records) != 1:
        raise FormatError(
            f"{path} holds {len(records)} records (one per line); choose one with --line N"
        )
    return records[0].entry


def key_policy(
    log_keys: Sequence[VerifierKey], witness_keys: Sequence[VerifierKey], quorum: int | None
) -> Policy:
    """A policy from keys given one by one: any log key, and ``quorum`` of the witnesses
    (default: all of them). Without witnesses only the log's signature is checked."""
    if not log_keys:
        raise FormatError("no log key given; pass --log-key NAME+ID+KEY")
    if not witness_keys:
        if quorum:
            raise FormatError(f"--quorum {quorum} needs that many --witness keys; none given")
        return Policy(quorum="none", logs=tuple(log_keys))
    k = len(witness_keys) if quorum is None else quorum
    if not 1 <= k <= len(witness_keys):
        raise FormatError(f"--quorum {k} is not between 1 and the {len(witness_keys)} witnesses")
    try:
        return Policy.threshold(log_keys, witness_keys, k)
    except ValueError as exc:
        raise FormatError(str(exc)) from exc


def verify_proof(entry: bytes, proof_bytes: bytes, policy: Policy) -> Verified:
    """Raise ``VerificationError`` unless ``proof_bytes`` proves ``entry`` under ``policy``."""
    try:
        proof = TlogProof.parse(proof_bytes)
        verify_tlog_proof(proof, entry, policy)
        checkpoint = Checkpoint.parse(proof.checkpoint.text)
    except FormatError as exc:
        raise VerificationError(f"the proof is malformed: {exc}") from exc
    signed = verified_signers(proof.checkpoint, policy.witnesses.values())
    names = tuple(name for name, key in policy.witnesses.items() if key in signed)
    return Verified(checkpoint.origin, proof.index, checkpoint.size, names)
