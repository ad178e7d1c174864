"""The log's side of C2SP tlog-witness: ask a witness to cosign a checkpoint.

The request carries a consistency proof from the size the log believes the witness
last cosigned. A witness that remembers another size answers 409 with it; the log then
rebuilds the proof from that size and tries once more (a witness that has cosigned a
*larger* tree than this log has is reporting a split view, and that is an error). The
answer's signature lines are kept only if they are valid cosignatures by the witness's
key; lines from other keys are ignored, as the spec requires.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from servanda.errors import FormatError, ServandaError, VerificationError
from servanda.ledger import (
    AddCheckpointRequest,
    Checkpoint,
    Note,
    NoteSignature,
    VerifierKey,
    parse_note,
    verified_signers,
)

SIZE_CONTENT_TYPE = "text/x.tlog.size"
#: Seconds to wait for one witness.
TIMEOUT = 10.0


class CosignFailed(ServandaError):
    """A witness did not cosign; the message says why (reported, never raised to callers)."""


@dataclass(frozen=True, slots=True)
class Cosigned:
    """A witness's valid cosignatures on a checkpoint, and the size it now holds."""

    signatures: tuple[NoteSignature, ...]
    size: int


def request_cosignature(
    client: httpx.Client,
    url: str,
    key: VerifierKey,
    note: Note,
    old_size: int,
    prove: Callable[[int, int], Sequence[bytes]],
) -> Cosigned:
    """POST ``note`` to ``url``/add-checkpoint; ``prove(old, new)`` gives consistency proofs."""
    size = Checkpoint.parse(note.text).size
    old = old_size if old_size <= size else 0
    for attempt in (1, 2):
        proof = tuple(prove(old, size)) if 0 < old < size else ()
        body = AddCheckpointRequest(old, proof, note).to_bytes()
        try:
            response = client.post(f"{url}/add-checkpoint", content=body, timeout=TIMEOUT)
        except httpx.HTTPError as exc:
            raise CosignFailed(f"cannot reach {url}: {exc}") from exc
        if response.status_code == 409 and attempt == 1:
            old = _reported_size(response, size)
            continue
        if response.status_code != 200:
            first = response.text.strip().splitlines()[:1]
            raise CosignFailed(f"{url} answered {response.status_code}: {''.join(first)}")
        return Cosigned(_cosignatures(response.content, note, key), size)
    raise CosignFailed(f"{url} answered 409 twice")  # pragma: no cover - loop returns


def _reported_size(response: httpx.Response, size: int) -> int:
    kind = response.headers.get("content-type", "")
    if not kind.startswith(SIZE_CONTENT_TYPE) or not response.text.endswith("\n"):
        raise CosignFailed(f"409 without a {SIZE_CONTENT_TYPE} body: {response.text[:60]!r}")
    text = response.text[:-1]
    if not (text.isascii() and text.isdigit()) or (text != "0" and text.startswith("0")):
        raise CosignFailed(f"409 body {response.text[:60]!r} is not a decimal tree size")
    reported = int(text)
    if reported > size:
        raise CosignFailed(
            f"the witness has cosigned size {reported}, larger than this log's {size}: "
            "it has seen another tree under this origin (a split view)"
        )
    return reported


def _cosignatures(body: bytes, note: Note, key: VerifierKey) -> tuple[NoteSignature, ...]:
    try:
        answered = parse_note(note.text.encode() + b"\n" + body)
        signers = verified_signers(answered, [key])
    except (FormatError, VerificationError) as exc:
        raise CosignFailed(f"the witness's answer is not a valid cosignature: {exc}") from exc
    if key not in signers:
        raise CosignFailed(f"the answer holds no cosignature by {key.name}")
    mine = tuple(s for s in answered.signatures if (s.name, s.key_id) == (key.name, key.key_id))
    return mine
