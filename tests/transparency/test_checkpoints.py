"""Gathering cosignatures: retry after 409, a witness ahead of the log, witnesses that fail."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from servanda.errors import StoreError
from servanda.ledger import (
    AddCheckpointRequest,
    Checkpoint,
    MemoryTree,
    Note,
    Policy,
    SignerKey,
    SigType,
    sign_note,
)
from servanda.store import LogStore, LogWitness
from servanda.transparency import init_log, log_values, make_checkpoint, make_proof
from tests._witnesses import StartWitness


@pytest.fixture
def store(tmp_path: Path) -> LogStore:
    return init_log(f"sqlite:///{tmp_path}/log.sqlite", "example.org/gathering")


def test_a_witness_that_remembers_another_size_is_asked_again(
    store: LogStore, start_witness: StartWitness
) -> None:
    de = start_witness("de.example/witness", logs=[store.signer.verifier])
    store.add_witness("DE", de.key.verifier, de.url)
    log_values(store, range(5))
    assert make_checkpoint(store).cosigners == ("DE",)
    store.set_cosigned_size("DE", 0)  # the log forgot; the witness answers 409 "5"
    log_values(store, range(5, 9))
    result = make_checkpoint(store)
    assert (result.cosigners, result.failures) == (("DE",), ())
    assert store.witnesses()[0].cosigned_size == 9
    Policy.threshold([store.signer.verifier], [de.key.verifier], 1).open_checkpoint(result.note)
    again = make_checkpoint(store)  # the same size: cosignatures are kept, asked again
    assert [s.name for s in again.note.signatures] == [
        "example.org/gathering",
        "de.example/witness",
    ]
    assert store.latest_checkpoint() == again.note


def test_a_witness_ahead_of_the_log_reports_a_split_view(
    store: LogStore, start_witness: StartWitness
) -> None:
    de = start_witness("de.example/witness", logs=[store.signer.verifier])
    # Someone holding the log's key showed the witness a bigger tree.
    fork = MemoryTree.from_entries(b"fork %d" % n for n in range(20))
    text = Checkpoint(store.origin, 20, fork.root()).text
    forged = Note(text, (sign_note(text, store.signer),))
    body = AddCheckpointRequest(0, (), forged).to_bytes()
    assert httpx.post(f"{de.url}/add-checkpoint", content=body).status_code == 200
    store.add_witness("DE", de.key.verifier, de.url)
    log_values(store, range(3))
    result = make_checkpoint(store)
    assert result.cosigners == ()
    assert result.failures == (
        "DE: the witness has cosigned size 20, larger than this log's 3: it has seen another "
        "tree under this origin (a split view)",
    )
    assert [s.name for s in result.note.signatures] == [store.origin]


def test_unreachable_and_impostor_witnesses_are_reported_not_trusted(
    store: LogStore, start_witness: StartWitness
) -> None:
    de = start_witness("de.example/witness", logs=[store.signer.verifier])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    impostor = SignerKey.generate("xx.example/witness", SigType.COSIGNATURE_V1).verifier
    log_values(store, range(2))
    result = make_checkpoint(
        store,
        [
            LogWitness("DE", de.key.verifier, de.url),
            LogWitness("XX", impostor, de.url),  # DE's address, another key
            LogWitness("GONE", impostor, closed),
        ],
    )
    assert result.cosigners == ("DE",)
    assert result.failures[0] == "XX: the answer holds no cosignature by xx.example/witness"
    assert result.failures[1].startswith(f"GONE: cannot reach {closed}: ")


def test_a_proof_needs_a_checkpoint_that_covers_the_entry(store: LogStore) -> None:
    log_values(store, ["a"])
    with pytest.raises(StoreError, match="the log has no checkpoint yet"):
        make_proof(store, 0)
    make_checkpoint(store)
    assert make_proof(store, 0).index == 0
    with pytest.raises(StoreError, match=r"entry 1 is not in the latest checkpoint \(size 1\)"):
        make_proof(store, 1)
    with pytest.raises(StoreError, match="a log's key is named as its origin"):
        init_log("sqlite:///unused.sqlite", "example.org/a", SignerKey.generate("example.org/b"))
