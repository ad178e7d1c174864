"""Interop: servanda's checkpoints, tlog-proofs and static tiles verify with an independent
implementation of the specs, and the specs' own examples verify with both."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from servanda.ledger import Policy, TlogProof, VerifierKey, parse_note, verify_note
from servanda.store import LogStore
from servanda.transparency import init_log, log_values, make_checkpoint, make_proof, write_static
from servanda.transparency import verify_proof as servanda_verify
from tests._witnesses import StartWitness
from tests.ledger import independent_verifier as other
from tests.ledger._vectors import (
    COSIGNED_CHECKPOINT,
    LEAVES,
    LOG_VKEY,
    TLOG_PROOF_LEAF_5,
    WITNESS_VKEY,
)

SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
SPEC_NOTE = (
    "This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfX"
    "ppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
).encode()


def test_the_independent_verifier_imports_nothing_of_servanda() -> None:
    source = Path(other.__file__).read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom | ast.Import):
            names = (
                [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            )
            assert not any((n or "").startswith(("servanda", "tests")) for n in names)


def test_the_spec_examples_verify_with_both() -> None:
    assert other.signed_by(SPEC_NOTE, other.parse_vkey(SPEC_VKEY)) == 0
    verify_note(parse_note(SPEC_NOTE), [VerifierKey.parse(SPEC_VKEY)])
    log, witness = other.parse_vkey(LOG_VKEY), other.parse_vkey(WITNESS_VKEY)
    assert other.signed_by(COSIGNED_CHECKPOINT, witness) == 1_700_000_000
    assert other.open_checkpoint(COSIGNED_CHECKPOINT, log, [witness], 1).size == 8
    assert other.verify_tlog_proof(LEAVES[5], TLOG_PROOF_LEAF_5, log, [witness], 1).size == 8
    policy = Policy.threshold([VerifierKey.parse(LOG_VKEY)], [VerifierKey.parse(WITNESS_VKEY)], 1)
    assert servanda_verify(LEAVES[5], TLOG_PROOF_LEAF_5, policy).index == 5
    with pytest.raises(other.Invalid, match="does not lead to the checkpoint's root"):
        other.verify_tlog_proof(LEAVES[4], TLOG_PROOF_LEAF_5, log, [witness], 1)


def test_a_log_of_servanda_verifies_independently(
    start_witness: StartWitness, tmp_path: Path
) -> None:
    store = init_log(f"sqlite:///{tmp_path}/log.sqlite", "example.org/interop")
    trusted = [store.signer.verifier]
    de = start_witness("de.example/witness", logs=trusted)
    fr = start_witness("fr.example/witness", logs=trusted)
    with store:
        store.add_witness("DE", de.key.verifier, de.url)
        store.add_witness("FR", fr.key.verifier, fr.url)
        records = [{"record": n, "text": "é" * (n % 7)} for n in range(300)]
        log_values(store, records[:100])
        make_checkpoint(store)
        log_values(store, records[100:])
        result = make_checkpoint(store)  # the witnesses check consistency from 100
        assert result.cosigners == ("DE", "FR")
        assert result.failures == ()
        log = other.parse_vkey(str(store.signer.verifier))
        witnesses = [other.parse_vkey(str(w.key.verifier)) for w in (de, fr)]
        checkpoint = other.open_checkpoint(result.note.to_bytes(), log, witnesses, 2)
        entries = store.entries(0, 300)
        assert (checkpoint.origin, checkpoint.size) == ("example.org/interop", 300)
        assert checkpoint.root == other.merkle_root([other.leaf_hash(e) for e in entries])
        for index in (0, 1, 99, 100, 255, 256, 299):
            proof = make_proof(store, index).to_bytes()
            assert other.verify_tlog_proof(entries[index], proof, log, witnesses, 2).size == 300
            with pytest.raises(other.Invalid):
                other.verify_tlog_proof(entries[index - 1], proof, log, witnesses, 2)
        assert TlogProof.parse(proof).index == 299

        write_static(store, tmp_path / "public")
    files = {
        str(path.relative_to(tmp_path / "public")): path.read_bytes()
        for path in (tmp_path / "public").rglob("*")
        if path.is_file()
    }
    assert sorted(files) == [
        "checkpoint",
        "tile/0/000",
        "tile/0/001.p/44",
        "tile/1/000.p/1",
        "tile/entries/000",
        "tile/entries/001.p/44",
    ]
    served = other.open_checkpoint(files["checkpoint"], log, witnesses, 2)
    got, root = other.entries_and_root_from_tiles(files, served.size)
    assert (got, root) == (entries, served.root)
    with LogStore.open(f"sqlite:///{tmp_path}/log.sqlite") as reopened:
        assert reopened.latest_checkpoint() == parse_note(files["checkpoint"])
