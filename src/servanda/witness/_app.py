"""The witness over HTTP: C2SP tlog-witness ``add-checkpoint`` and the monitoring read.

The decision is the ledger's pure ``witness_add_checkpoint`` (checks in the spec's
order, exact statuses); this module adds what needs I/O: a body size limit, the
witness's memory (``WitnessStore``), a compare-and-swap before answering 200 (a request
that lost a race gets 409 with the size that won, never a rollback) and evidence for
refused checkpoints the log did sign (``_evidence`` says which are kept and why).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence

from fastapi import FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool

from servanda.errors import FormatError, StoreError, VerificationError
from servanda.ledger import (
    AddCheckpointRequest,
    Checkpoint,
    Note,
    SignerKey,
    SigType,
    VerifierKey,
    verified_signers,
    witness_add_checkpoint,
)
from servanda.store import WitnessStore
from servanda.witness._evidence import conflict

#: The largest request body read, in bytes: 63 proof lines and a checkpoint with many
#: signatures fit with room to spare; anything larger is refused unread (413).
MAX_BODY = 256 * 1024
SIZE_CONTENT_TYPE = "text/x.tlog.size"
TEXT = "text/plain; charset=utf-8"


def create_app(
    store: WitnessStore,
    signer: SignerKey,
    log_keys: Sequence[VerifierKey],
    *,
    clock: Callable[[], float] = time.time,
    max_body: int = MAX_BODY,
) -> FastAPI:
    """The witness application for ``log_keys`` (each log's origin is its key's name)."""
    if signer.sig_type != SigType.COSIGNATURE_V1:
        raise ValueError("a witness signs with a cosignature/v1 key (type 0x04)")
    logs: dict[str, list[VerifierKey]] = {}
    for key in log_keys:
        if key.sig_type != SigType.ED25519:
            raise ValueError(f"{key} is not a log key (type 0x01)")
        logs.setdefault(key.name, []).append(key)
    by_hash = {hashlib.sha256(origin.encode()).hexdigest(): origin for origin in logs}
    app = FastAPI(title="servanda witness", docs_url=None, redoc_url=None, openapi_url=None)

    def decide(body: bytes) -> Response:
        request = _parse(body)
        origin = Checkpoint.parse(request.checkpoint.text).origin if request else None
        stored = store.latest(origin) if origin in logs else None
        latest = {origin: Checkpoint.parse(stored.text)} if origin and stored else {}
        decision = witness_add_checkpoint(
            body, logs=logs, latest=latest, signers=[signer], timestamp=int(clock())
        )
        if decision.status == 200:
            # 200 means the request parsed, its origin is trusted and a note was cosigned.
            assert request is not None
            assert origin is not None
            assert decision.old_size is not None
            assert decision.note is not None
            mine = (signer.name, signer.verifier.key_id)
            ours = tuple(s for s in decision.note.signatures if (s.name, s.key_id) == mine)
            kept = _trusted(request.checkpoint, logs[origin])
            cosigned = Note(kept.text, kept.signatures + ours)
            current = store.compare_and_swap(decision.old_size, cosigned)
            if current is None:
                return Response(decision.body, 200, media_type=TEXT)
            # Another request won the race. Both were proven consistent with the old
            # size, so only two roots for one size show a fork here.
            stored = store.latest(origin)
            _keep_evidence(store, logs[origin], stored, request, 409, only="split-view")
            return _size_conflict(current)
        if request is not None and origin in logs and decision.status in (400, 409, 422):
            _keep_evidence(store, logs[origin], stored, request, decision.status)
        if decision.status == 409:
            return Response(decision.body, 409, headers={"content-type": SIZE_CONTENT_TYPE})
        return Response(decision.body, decision.status, media_type=TEXT)

    @app.post("/add-checkpoint")
    async def add_checkpoint(request: Request) -> Response:
        body = await _read_body(request, max_body)
        if body is None:
            message = f"request body is larger than {max_body} bytes\n"
            return Response(message, 413, media_type=TEXT)
        try:
            return await run_in_threadpool(decide, body)
        except StoreError as exc:  # nothing was cosigned; the client may retry
            return Response(f"witness storage failed: {exc}\n", 503, media_type=TEXT)

    @app.get("/{origin_hash}/checkpoint")
    def latest_checkpoint(origin_hash: str) -> Response:
        origin = by_hash.get(origin_hash)
        note = store.latest(origin) if origin is not None else None
        if note is None:
            return Response("no checkpoint cosigned for that log\n", 404, media_type=TEXT)
        return Response(note.to_bytes(), 200, media_type=TEXT)

    @app.get("/")
    def about() -> Response:
        lines = [f"witness {signer.verifier}", *(f"log {k}" for v in logs.values() for k in v)]
        return Response("\n".join(lines) + "\n", 200, media_type=TEXT)

    return app


def _parse(body: bytes) -> AddCheckpointRequest | None:
    try:
        request = AddCheckpointRequest.parse(body)
        Checkpoint.parse(request.checkpoint.text)
    except FormatError:
        return None
    return request


def _trusted(note: Note, keys: Sequence[VerifierKey]) -> Note:
    """``note`` with only the signatures of trusted log keys (the others are not ours to
    vouch for when the checkpoint is served back)."""
    known = {(k.name, k.key_id) for k in keys}
    return Note(note.text, tuple(s for s in note.signatures if (s.name, s.key_id) in known))


def _keep_evidence(
    store: WitnessStore,
    keys: Sequence[VerifierKey],
    stored: Note | None,
    request: AddCheckpointRequest,
    status: int,
    only: str | None = None,
) -> None:
    """Keep the request's checkpoint beside the cosigned one if they conflict and the log
    really signed it (an unsigned claim proves nothing about the log)."""
    if stored is None:
        return
    cosigned = Checkpoint.parse(stored.text)
    submitted = Checkpoint.parse(request.checkpoint.text)
    earlier = None
    if submitted.origin == cosigned.origin and submitted.size < cosigned.size:
        earlier = store.cosigned_at(cosigned.origin, submitted.size)
    found = conflict(
        cosigned,
        submitted,
        request.old_size,
        status,
        Checkpoint.parse(earlier.text) if earlier is not None else None,
    )
    if found is None or only not in (None, found[0]):
        return
    try:
        if not verified_signers(request.checkpoint, keys):
            return
    except VerificationError:
        return
    kind, reason = found
    against = earlier if earlier is not None else stored
    store.record_evidence(
        cosigned.origin, kind, reason, against.to_bytes(), request.checkpoint.to_bytes()
    )


def _size_conflict(size: int) -> Response:
    return Response(f"{size}\n", 409, headers={"content-type": SIZE_CONTENT_TYPE})


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it is known to exceed ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)
