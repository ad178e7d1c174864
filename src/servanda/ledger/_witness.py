"""C2SP tlog-witness ``add-checkpoint``: the request body and a witness's pure decision.

``witness_add_checkpoint`` is everything a witness decides, with no HTTP and no storage:
given the body, the trusted log keys per origin, the last checkpoint it cosigned per
origin and the time, it returns the status the spec requires (checks in the spec's
order) and, on 200, the cosignature lines. The caller must then store the new
checkpoint *only if* its stored size for that origin still equals ``old_size``
(compare-and-swap), and answer 409 if that fails; otherwise two racing requests could
roll the witness back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from servanda.errors import FormatError, VerificationError
from servanda.ledger._checkpoint import Checkpoint
from servanda.ledger._codec import b64encode, b64hash, parse_decimal
from servanda.ledger._keys import SignerKey, SigType, VerifierKey
from servanda.ledger._merkle import EMPTY_ROOT, verify_consistency
from servanda.ledger._note import Note, parse_note
from servanda.ledger._signing import sign_note, verified_signers

#: A client MUST NOT send more consistency proof lines than this.
MAX_PROOF_LINES = 63
SIZE_CONTENT_TYPE = "text/x.tlog.size"
_TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True, slots=True)
class AddCheckpointRequest:
    """``old <size>``, consistency proof lines, a blank line, the signed checkpoint."""

    old_size: int
    proof: tuple[bytes, ...]
    checkpoint: Note

    def to_bytes(self) -> bytes:
        lines = [f"old {self.old_size}", *(b64encode(h) for h in self.proof)]
        return ("\n".join(lines) + "\n\n").encode() + self.checkpoint.to_bytes()

    @classmethod
    def parse(cls, body: bytes) -> AddCheckpointRequest:
        try:
            head, blank, rest = body.decode("utf-8").partition("\n\n")
        except UnicodeDecodeError as exc:
            raise FormatError(f"request body is not valid UTF-8 at byte {exc.start}") from exc
        if not blank:
            raise FormatError("request body has no blank line before the checkpoint")
        first, *proof = head.split("\n")
        if not first.startswith("old "):
            raise FormatError(f"request starts with {first[:40]!r}, not 'old <size>'")
        if len(proof) > MAX_PROOF_LINES:
            raise FormatError(f"request has {len(proof)} proof lines, more than {MAX_PROOF_LINES}")
        return cls(
            parse_decimal(first[len("old ") :], "old size"),
            tuple(b64hash(line, f"proof line {n}") for n, line in enumerate(proof, 1)),
            parse_note(rest.encode()),
        )


@dataclass(frozen=True, slots=True)
class WitnessResponse:
    """The HTTP answer, why, and on 200 what to store (compare-and-swap on ``old_size``)."""

    status: int
    reason: str
    body: bytes = b""
    content_type: str = _TEXT
    old_size: int | None = None
    cosigned: Checkpoint | None = None
    note: Note | None = field(default=None, repr=False)


def _refuse(status: int, reason: str) -> WitnessResponse:
    return WitnessResponse(status, reason, (reason + "\n").encode())


def witness_add_checkpoint(
    body: bytes,
    *,
    logs: Mapping[str, Iterable[VerifierKey]],
    latest: Mapping[str, Checkpoint],
    signers: Sequence[SignerKey],
    timestamp: int,
) -> WitnessResponse:
    """Decide an add-checkpoint request; ``latest`` maps origin to the last cosigned one."""
    if not signers or any(s.sig_type != SigType.COSIGNATURE_V1 for s in signers):
        raise ValueError("a witness signs with one or more cosignature/v1 (0x04) keys")
    if timestamp <= 0:
        raise ValueError(f"a cosignature needs a positive POSIX timestamp, got {timestamp}")
    try:
        request = AddCheckpointRequest.parse(body)
        checkpoint = Checkpoint.parse(request.checkpoint.text)
    except FormatError as exc:
        return _refuse(400, f"malformed request: {exc}")
    origin, old, new = checkpoint.origin, request.old_size, checkpoint.size
    if origin not in logs:
        return _refuse(404, f"unknown log origin {origin!r}")
    try:
        if not verified_signers(request.checkpoint, logs[origin]):
            return _refuse(403, f"no signature by a trusted key of {origin!r}")
    except VerificationError as exc:
        return _refuse(403, str(exc))
    if old > new:
        return _refuse(400, f"old size {old} is larger than checkpoint size {new}")
    stored = latest.get(origin)
    stored_size, stored_root = (stored.size, stored.root) if stored is not None else (0, EMPTY_ROOT)
    if old != stored_size:
        reason = f"old size {old} is not the latest cosigned size {stored_size}"
        return WitnessResponse(409, reason, f"{stored_size}\n".encode(), SIZE_CONTENT_TYPE)
    if new == 0 and checkpoint.root != EMPTY_ROOT:
        return _refuse(422, "a checkpoint of size 0 must have the empty tree's root")
    if request.proof and old in (0, new):
        return _refuse(422, f"old size {old} needs an empty consistency proof")
    if 0 < old < new:
        try:
            verify_consistency(old, new, stored_root, checkpoint.root, request.proof)
        except VerificationError as exc:
            return _refuse(422, f"consistency proof from {old} to {new} fails: {exc}")
    if old == new and stored_root != checkpoint.root:
        return _refuse(422, f"checkpoint of size {new} has a different root than the cosigned one")
    lines = [sign_note(request.checkpoint.text, s, timestamp=timestamp) for s in signers]
    return WitnessResponse(
        200,
        f"cosigned {origin!r} at size {new}",
        "".join(line.line for line in lines).encode(),
        _TEXT,
        old_size=old,
        cosigned=checkpoint,
        note=request.checkpoint.with_signatures(*lines),
    )
