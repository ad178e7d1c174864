"""tlog-witness add-checkpoint: the body byte for byte, and every status in spec order."""

from __future__ import annotations

import base64

import pytest

from servanda.errors import FormatError
from servanda.ledger import (
    EMPTY_ROOT,
    AddCheckpointRequest,
    Checkpoint,
    MemoryTree,
    Note,
    SignerKey,
    VerifierKey,
    WitnessResponse,
    parse_note,
    sign_note,
    witness_add_checkpoint,
)

from ._vectors import (
    ADD_CHECKPOINT_BODY,
    COSIGNED_CHECKPOINT,
    LEAVES,
    LOG_KEY,
    LOG_NAME,
    PROOF_6_TO_8,
    ROOT6,
    SIGNED_CHECKPOINT,
    TIMESTAMP,
    WITNESS_KEY,
    WITNESS_SIG_LINE,
)

TREE = MemoryTree.from_entries(LEAVES)
LOGS: dict[str, list[VerifierKey]] = {LOG_NAME: [LOG_KEY.verifier]}
AT_6 = {LOG_NAME: Checkpoint(LOG_NAME, 6, ROOT6)}


def _decide(
    body: bytes,
    latest: dict[str, Checkpoint] | None = None,
    logs: dict[str, list[VerifierKey]] | None = None,
) -> WitnessResponse:
    return witness_add_checkpoint(
        body,
        logs=LOGS if logs is None else logs,
        latest=AT_6 if latest is None else latest,
        signers=[WITNESS_KEY],
        timestamp=TIMESTAMP,
    )


def _body(old: int, proof: list[bytes], size: int = 8, root: bytes | None = None) -> bytes:
    checkpoint = Checkpoint(LOG_NAME, size, TREE.root(size) if root is None else root)
    note = Note(checkpoint.text, (sign_note(checkpoint.text, LOG_KEY),))
    return AddCheckpointRequest(old, tuple(proof), note).to_bytes()


def test_the_add_checkpoint_body_is_reproduced_byte_for_byte() -> None:
    request = AddCheckpointRequest(
        6, tuple(TREE.consistency_proof(6, 8)), parse_note(SIGNED_CHECKPOINT)
    )
    assert request.to_bytes() == ADD_CHECKPOINT_BODY
    assert AddCheckpointRequest.parse(ADD_CHECKPOINT_BODY) == request
    assert "".join(base64.b64encode(h).decode() + "\n" for h in request.proof) == PROOF_6_TO_8


def test_a_good_request_is_cosigned_with_the_spec_vector() -> None:
    response = _decide(ADD_CHECKPOINT_BODY)
    assert response == WitnessResponse(
        200,
        "cosigned 'example.org/servanda-test-log' at size 8",
        WITNESS_SIG_LINE.encode(),
        "text/plain; charset=utf-8",
        old_size=6,
        cosigned=Checkpoint(LOG_NAME, 8, TREE.root()),
        note=parse_note(COSIGNED_CHECKPOINT),
    )
    assert response.note is not None
    assert response.note.to_bytes() == COSIGNED_CHECKPOINT


def test_first_contact_and_re_cosigning_the_same_size() -> None:
    first = _decide(_body(0, []), latest={})
    assert (first.status, first.old_size, first.cosigned) == (
        200,
        0,
        Checkpoint(LOG_NAME, 8, TREE.root()),
    )
    again = _decide(_body(8, []), latest={LOG_NAME: Checkpoint(LOG_NAME, 8, TREE.root())})
    assert (again.status, again.body) == (200, WITNESS_SIG_LINE.encode())
    empty = _decide(_body(0, [], size=0), latest={})
    assert (empty.status, empty.cosigned) == (200, Checkpoint(LOG_NAME, 0, EMPTY_ROOT))


def _tamper_log_signature(body: bytes) -> bytes:
    head, sig = body.rsplit(b" ", 1)
    raw = bytearray(base64.b64decode(sig))
    raw[10] ^= 1
    return head + b" " + base64.b64encode(bytes(raw)) + b"\n"


OTHER_LOG = SignerKey("example.org/servanda-test-log", b"\x09" * 32)
PROOF = TREE.consistency_proof(6, 8)
BAD_PROOF = [PROOF[0], PROOF[2], PROOF[1]]

CASES = [
    # (id, body, latest, logs, status, reason)
    (
        "400 malformed",
        b"old 6\n",
        None,
        None,
        400,
        "malformed request: request body has no blank line before the checkpoint",
    ),
    (
        "400 malformed checkpoint",
        b"old 0\n\nx\n0\nAAAA\n\n\xe2\x80\x94 x AAAAAAA=\n",
        None,
        None,
        400,
        "malformed request: checkpoint root hash 'AAAA' decodes to 3 bytes, not 32",
    ),
    (
        "404 unknown origin",
        ADD_CHECKPOINT_BODY,
        None,
        {"example.org/other": [LOG_KEY.verifier]},
        404,
        "unknown log origin 'example.org/servanda-test-log'",
    ),
    (
        "403 no trusted signature",
        ADD_CHECKPOINT_BODY,
        None,
        {LOG_NAME: [OTHER_LOG.verifier]},
        403,
        "no signature by a trusted key of 'example.org/servanda-test-log'",
    ),
    (
        "403 failing signature",
        _tamper_log_signature(ADD_CHECKPOINT_BODY),
        None,
        None,
        403,
        "signature by known key 'example.org/servanda-test-log' (2a4c7532) does not verify",
    ),
    (
        "400 old above size",
        _body(9, PROOF),
        None,
        None,
        400,
        "old size 9 is larger than checkpoint size 8",
    ),
    (
        "409 stale old size",
        _body(4, TREE.consistency_proof(4, 8)),
        None,
        None,
        409,
        "old size 4 is not the latest cosigned size 6",
    ),
    (
        "409 no state yet",
        ADD_CHECKPOINT_BODY,
        {},
        None,
        409,
        "old size 6 is not the latest cosigned size 0",
    ),
    (
        "422 empty tree root",
        _body(0, [], size=0, root=TREE.root(8)),
        {},
        None,
        422,
        "a checkpoint of size 0 must have the empty tree's root",
    ),
    (
        "422 proof from 0",
        _body(0, PROOF),
        {},
        None,
        422,
        "old size 0 needs an empty consistency proof",
    ),
    (
        "422 proof at equal size",
        _body(6, PROOF, size=6),
        None,
        None,
        422,
        "old size 6 needs an empty consistency proof",
    ),
    (
        "422 bad proof",
        _body(6, BAD_PROOF),
        None,
        None,
        422,
        "consistency proof from 6 to 8 fails: consistency proof: root of size 6: calculated",
    ),
    (
        "422 inconsistent state",
        ADD_CHECKPOINT_BODY,
        {LOG_NAME: Checkpoint(LOG_NAME, 6, TREE.root(7))},
        None,
        422,
        "consistency proof from 6 to 8 fails: consistency proof: root of size 6",
    ),
    (
        "422 same size other root",
        _body(8, []),
        {LOG_NAME: Checkpoint(LOG_NAME, 8, ROOT6)},
        None,
        422,
        "checkpoint of size 8 has a different root than the cosigned one",
    ),
    # Spec order: the earlier check wins when several fail.
    (
        "404 before 403",
        _tamper_log_signature(ADD_CHECKPOINT_BODY),
        None,
        {},
        404,
        "unknown log origin",
    ),
    (
        "403 before 400",
        _tamper_log_signature(_body(9, PROOF)),
        None,
        None,
        403,
        "signature by known key",
    ),
    ("400 before 409", _body(9, PROOF), {}, None, 400, "old size 9 is larger"),
    ("409 before 422", _body(4, BAD_PROOF), None, None, 409, "old size 4 is not the latest"),
]


@pytest.mark.parametrize(
    ("body", "latest", "logs", "status", "reason"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_witness_decisions_in_spec_order(
    body: bytes,
    latest: dict[str, Checkpoint] | None,
    logs: dict[str, list[VerifierKey]] | None,
    status: int,
    reason: str,
) -> None:
    response = _decide(body, latest, logs)
    assert response.status == status
    assert response.reason.startswith(reason), response.reason
    assert (response.cosigned, response.note, response.old_size) == (None, None, None)
    if status == 409:
        stored = (AT_6 if latest is None else latest).get(LOG_NAME)
        assert response.content_type == "text/x.tlog.size"
        assert response.body == f"{stored.size if stored else 0}\n".encode()
    else:
        assert response.body == (response.reason + "\n").encode()


def test_63_proof_lines_are_the_most_a_request_may_carry() -> None:
    lines = PROOF_6_TO_8.encode() * 21
    body = b"old 6\n" + lines + b"\n" + SIGNED_CHECKPOINT
    assert len(AddCheckpointRequest.parse(body).proof) == 63
    body = b"old 6\n" + lines + lines[:45] + b"\n" + SIGNED_CHECKPOINT
    with pytest.raises(FormatError, match="request has 64 proof lines, more than 63"):
        AddCheckpointRequest.parse(body)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"old 06\n\n" + SIGNED_CHECKPOINT, "old size '06' is not a decimal without leading zeros"),
        (b"new 6\n\n" + SIGNED_CHECKPOINT, "request starts with 'new 6', not 'old <size>'"),
        (b"old 6\nAAAA\n\n" + SIGNED_CHECKPOINT, "proof line 1 'AAAA' decodes to 3 bytes, not 32"),
        (b"old 6\n\xff\n\n" + SIGNED_CHECKPOINT, "request body is not valid UTF-8 at byte 6"),
    ],
)
def test_malformed_request_bodies(body: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        AddCheckpointRequest.parse(body)


def test_the_witness_refuses_to_run_misconfigured() -> None:
    with pytest.raises(ValueError, match="cosignature/v1 \\(0x04\\) keys"):
        witness_add_checkpoint(
            ADD_CHECKPOINT_BODY, logs=LOGS, latest=AT_6, signers=[LOG_KEY], timestamp=1
        )
    with pytest.raises(ValueError, match="needs a positive POSIX timestamp, got 0"):
        witness_add_checkpoint(
            ADD_CHECKPOINT_BODY, logs=LOGS, latest=AT_6, signers=[WITNESS_KEY], timestamp=0
        )
