"""The witness over real HTTP: every status of the spec table, state kept, forks refused."""

from __future__ import annotations

import hashlib
import threading

import httpx
import pytest

from servanda.ledger import (
    AddCheckpointRequest,
    MemoryTree,
    Note,
    SignerKey,
    parse_note,
    sign_note,
)
from servanda.witness import MAX_BODY
from tests._witnesses import CLOCK, LOG, StartWitness, checkpoint

HONEST = MemoryTree.from_entries(f"entry {n}".encode() for n in range(12))
FORK = MemoryTree.from_entries(
    f"entry {n}".encode() if n < 3 else f"forked {n}".encode() for n in range(12)
)


def _post(url: str, body: bytes, **kwargs: object) -> httpx.Response:
    return httpx.post(f"{url}/add-checkpoint", content=body, timeout=10, **kwargs)  # type: ignore[arg-type]


def _add(url: str, old: int, note: Note, proof: list[bytes] | None = None) -> httpx.Response:
    tree = FORK if note.text != checkpoint(HONEST, _size(note)).text else HONEST
    if proof is None:
        proof = tree.consistency_proof(old, _size(note)) if old > 0 else []
    return _post(url, AddCheckpointRequest(old, tuple(proof), note).to_bytes())


def _size(note: Note) -> int:
    return int(note.text.split("\n")[1])


def test_cosigning_a_growing_log(start_witness: StartWitness) -> None:
    w = start_witness()
    first = checkpoint(HONEST, 5)
    answer = _add(w.url, 0, first)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    cosignature = sign_note(first.text, w.key, timestamp=CLOCK)
    assert answer.content == cosignature.line.encode()
    assert w.store.latest(LOG.name) == first.with_signatures(cosignature)

    later = checkpoint(HONEST, 8)
    assert _add(w.url, 5, later).status_code == 200
    assert _add(w.url, 8, later).status_code == 200  # the same tree again: cosigned again
    origin_hash = hashlib.sha256(LOG.name.encode()).hexdigest()
    served = httpx.get(f"{w.url}/{origin_hash}/checkpoint")
    assert served.status_code == 200
    assert (
        served.content
        == later.with_signatures(sign_note(later.text, w.key, timestamp=CLOCK)).to_bytes()
    )
    assert httpx.get(f"{w.url}/{'0' * 64}/checkpoint").status_code == 404
    assert httpx.get(w.url).text == f"witness {w.key.verifier}\nlog {LOG.verifier}\n"


def _unsigned_by_log(text: str, signer: SignerKey) -> Note:
    return Note(text, (sign_note(text, signer),))


@pytest.mark.parametrize(
    ("case", "status", "body"),
    [
        ("unknown origin", 404, b"unknown log origin 'example.org/other'\n"),
        ("no trusted signature", 403, None),
        ("bad log signature", 403, None),
        ("old larger than the checkpoint", 400, b"old size 9 is larger than checkpoint size 8\n"),
        ("old is not the cosigned size", 409, b"5\n"),
        ("proof from the wrong tree", 422, None),
        ("proof with old 0", 409, b"5\n"),
        ("same size, another root", 422, None),
        ("malformed body", 400, None),
    ],
)
def test_refusals_follow_the_spec_table_and_change_nothing(
    start_witness: StartWitness, case: str, status: int, body: bytes | None
) -> None:
    w = start_witness()
    assert _add(w.url, 0, checkpoint(HONEST, 5)).status_code == 200
    before = w.store.latest(LOG.name)
    eight = checkpoint(HONEST, 8)
    if case == "unknown origin":
        other = SignerKey("example.org/other", bytes(32))
        answer = _add(w.url, 5, checkpoint(HONEST, 8, other), [])
    elif case == "no trusted signature":
        impostor = SignerKey(LOG.name + "-impostor", bytes(32))
        answer = _add(w.url, 5, _unsigned_by_log(eight.text, impostor))
    elif case == "bad log signature":
        forged = SignerKey(LOG.name, bytes(32))  # same name, another key: not LOG's key ID
        note = _unsigned_by_log(eight.text, forged)
        tampered = Note(
            note.text,
            (type(note.signatures[0])(LOG.name, LOG.verifier.key_id, bytes(64)),),
        )
        answer = _add(w.url, 5, tampered)
    elif case == "old larger than the checkpoint":
        answer = _add(w.url, 9, eight, [])
    elif case == "old is not the cosigned size":
        answer = _add(w.url, 6, eight)
    elif case == "proof from the wrong tree":
        answer = _add(w.url, 5, eight, FORK.consistency_proof(5, 8))
    elif case == "proof with old 0":
        answer = _add(w.url, 0, eight, HONEST.consistency_proof(5, 8))
    elif case == "same size, another root":
        answer = _add(w.url, 5, checkpoint(FORK, 5))
    else:
        answer = _post(w.url, b"old 5\nnot base64\n\n" + eight.to_bytes())
    assert answer.status_code == status, answer.text
    if body is not None:
        assert answer.content == body
    expected_type = "text/x.tlog.size" if status == 409 else "text/plain; charset=utf-8"
    assert answer.headers["content-type"] == expected_type
    assert w.store.latest(LOG.name) == before


def test_an_empty_tree_needs_the_empty_root_and_an_empty_proof(
    start_witness: StartWitness,
) -> None:
    w = start_witness()
    wrong = _unsigned_by_log(f"{LOG.name}\n0\n{'A' * 43}=\n", LOG)
    answer = _add(w.url, 0, wrong)
    assert (answer.status_code, answer.text) == (
        422,
        "a checkpoint of size 0 must have the empty tree's root\n",
    )
    assert _add(w.url, 0, checkpoint(HONEST, 0)).status_code == 200
    answer = _add(w.url, 0, checkpoint(HONEST, 4), HONEST.consistency_proof(2, 4))
    assert (answer.status_code, answer.text) == (
        422,
        "old size 0 needs an empty consistency proof\n",
    )


def test_oversized_and_wrong_method_requests(start_witness: StartWitness) -> None:
    w = start_witness()
    huge = b"old 0\n" + b"A" * (MAX_BODY + 1)
    answer = _post(w.url, huge)
    assert (answer.status_code, answer.text) == (
        413,
        f"request body is larger than {MAX_BODY} bytes\n",
    )

    def chunks() -> object:
        for _ in range(MAX_BODY // 1024 + 2):
            yield b"B" * 1024

    streamed = _post(w.url, chunks())  # no Content-Length: cut off while reading
    assert streamed.status_code == 413
    assert httpx.get(f"{w.url}/add-checkpoint").status_code == 405
    assert w.store.latest(LOG.name) is None


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_forked_log_gets_409_and_the_two_checkpoints_are_kept(
    start_witness: StartWitness, backend: str
) -> None:
    w = start_witness(backend=backend)
    honest5 = checkpoint(HONEST, 5)
    assert _add(w.url, 0, honest5).status_code == 200
    cosigned = w.store.latest(LOG.name)
    assert cosigned is not None

    fork5 = checkpoint(FORK, 5)  # the same log key, another tree
    answer = _add(w.url, 0, fork5)
    assert (answer.status_code, answer.content) == (409, b"5\n")
    assert answer.headers["content-type"] == "text/x.tlog.size"
    fork7 = checkpoint(FORK, 7)
    answer = _add(w.url, 5, fork7, FORK.consistency_proof(5, 7))
    assert answer.status_code == 422
    rollback = checkpoint(HONEST, 3)  # sent as following 5 (400): kept; stale (409): not
    assert (_add(w.url, 0, rollback).status_code, _add(w.url, 5, rollback, []).status_code) == (
        409,
        400,
    )
    assert _add(w.url, 0, fork5).status_code == 409  # the same pair is kept once

    kept = w.store.evidence(LOG.name)
    assert [(e.kind, e.reason) for e in kept] == [
        ("split-view", "two checkpoints of size 5 with different root hashes"),
        (
            "unproven",
            "size 7 came with a consistency proof from the cosigned size 5 that does not verify",
        ),
        (
            "rollback",
            "size 3 was sent as the successor of the cosigned size 5 and was never cosigned "
            "here; a consistency proof from 3 to 5, asked of the log, shows whether the "
            "trees differ",
        ),
    ]
    assert all(e.cosigned == cosigned.to_bytes() for e in kept)
    assert [parse_note(e.submitted) for e in kept] == [fork5, fork7, rollback]
    assert w.store.latest(LOG.name) == cosigned
    assert _add(w.url, 5, checkpoint(HONEST, 9)).status_code == 200  # the honest log goes on


def test_an_old_checkpoint_is_kept_only_when_the_history_cannot_vouch_for_it(
    start_witness: StartWitness,
) -> None:
    w = start_witness()
    assert _add(w.url, 0, checkpoint(HONEST, 5)).status_code == 200
    honest5 = w.store.latest(LOG.name)
    assert honest5 is not None
    assert _add(w.url, 5, checkpoint(HONEST, 8)).status_code == 200
    assert w.store.cosigned_at(LOG.name, 5) == honest5

    stale = _add(w.url, 0, checkpoint(HONEST, 5))  # a stale client: refused, not evidence
    assert (stale.status_code, stale.content) == (409, b"8\n")
    assert w.store.evidence(LOG.name) == []

    fork5 = checkpoint(FORK, 5)  # contradicts what was cosigned at 5, though 8 is latest
    assert _add(w.url, 0, fork5).status_code == 409
    old = checkpoint(FORK, 4)  # never cosigned here: stale (409) proves nothing ...
    assert _add(w.url, 0, old).status_code == 409
    assert len(w.store.evidence(LOG.name)) == 1
    assert _add(w.url, 8, old, []).status_code == 400  # ... sent as following 8, it is kept
    kept = w.store.evidence(LOG.name)
    assert [(e.kind, e.reason) for e in kept] == [
        (
            "split-view",
            "two checkpoints of size 5 with different root hashes (size 5 cosigned earlier)",
        ),
        (
            "rollback",
            "size 4 was sent as the successor of the cosigned size 8 and was never cosigned "
            "here; a consistency proof from 4 to 8, asked of the log, shows whether the "
            "trees differ",
        ),
    ]
    assert kept[0].cosigned == honest5.to_bytes()  # the pair is two notes of size 5
    assert parse_note(kept[0].submitted) == fork5
    assert kept[1].cosigned == w.store.latest(LOG.name).to_bytes()  # type: ignore[union-attr]


def test_racing_requests_never_roll_the_witness_back(start_witness: StartWitness) -> None:
    w = start_witness()
    assert _add(w.url, 0, checkpoint(HONEST, 5)).status_code == 200
    answers: dict[int, httpx.Response] = {}
    start = threading.Barrier(6)

    def submit(size: int) -> None:
        start.wait()
        answers[size] = _add(w.url, 5, checkpoint(HONEST, size))

    threads = [threading.Thread(target=submit, args=(size,)) for size in range(6, 12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    won = [size for size, answer in answers.items() if answer.status_code == 200]
    assert len(won) == 1
    for size, answer in answers.items():
        if size not in won:
            assert (answer.status_code, answer.content) == (409, f"{won[0]}\n".encode())
    stored = w.store.latest(LOG.name)
    assert stored is not None
    assert stored.text == checkpoint(HONEST, won[0]).text
    assert w.store.evidence() == []
