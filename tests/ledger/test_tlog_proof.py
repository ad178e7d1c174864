"""tlog-proof@v1: the leaf 5 example byte for byte, parsing, and offline verification."""

from __future__ import annotations

import pytest

from servanda.errors import FormatError, VerificationError
from servanda.ledger import MemoryTree, Policy, TlogProof, parse_note, verify_tlog_proof

from ._vectors import (
    COSIGNED_CHECKPOINT,
    LEAVES,
    LOG_KEY,
    SIGNED_CHECKPOINT,
    TLOG_PROOF_LEAF_5,
    WITNESS_KEY,
)

TREE = MemoryTree.from_entries(LEAVES)
POLICY = Policy.threshold([LOG_KEY.verifier], [WITNESS_KEY.verifier], 1)


def test_the_leaf_5_example_is_reproduced_byte_for_byte() -> None:
    proof = TlogProof.build(5, parse_note(COSIGNED_CHECKPOINT), TREE.read_nodes)
    assert proof.to_bytes() == TLOG_PROOF_LEAF_5
    assert TlogProof.parse(TLOG_PROOF_LEAF_5) == proof
    verify_tlog_proof(proof, LEAVES[5], POLICY)


@pytest.mark.parametrize("index", range(8))
def test_every_leaf_of_the_8_leaf_tree_has_a_verifying_proof(index: int) -> None:
    proof = TlogProof.build(index, parse_note(COSIGNED_CHECKPOINT), TREE.read_nodes, b"ctx")
    data = proof.to_bytes()
    assert data.startswith(b"c2sp.org/tlog-proof@v1\nextra Y3R4\nindex %d\n" % index)
    verify_tlog_proof(TlogProof.parse(data), LEAVES[index], POLICY)


def test_another_entry_or_index_fails() -> None:
    proof = TlogProof.parse(TLOG_PROOF_LEAF_5)
    with pytest.raises(VerificationError, match="inclusion of leaf 5 in a tree of size 8"):
        verify_tlog_proof(proof, LEAVES[4], POLICY)
    moved = TlogProof(4, proof.inclusion, proof.checkpoint)
    with pytest.raises(VerificationError, match="inclusion of leaf 4 in a tree of size 8"):
        verify_tlog_proof(moved, LEAVES[5], POLICY)


def test_a_proof_without_the_witness_quorum_fails() -> None:
    proof = TlogProof.build(5, parse_note(SIGNED_CHECKPOINT), TREE.read_nodes)
    with pytest.raises(
        VerificationError,
        match=r"witness quorum 1 of \('example.org/servanda-test-witness'\) is not met",
    ):
        verify_tlog_proof(proof, LEAVES[5], POLICY)


def test_the_extra_data_is_carried_but_not_authenticated() -> None:
    proof = TlogProof.parse(TLOG_PROOF_LEAF_5)
    with_extra = TlogProof(proof.index, proof.inclusion, proof.checkpoint, b"anything")
    verify_tlog_proof(TlogProof.parse(with_extra.to_bytes()), LEAVES[5], POLICY)


def test_a_single_leaf_tree_has_no_proof_lines() -> None:
    tree = MemoryTree.from_entries([b"only"])
    proof = TlogProof(0, tuple(tree.inclusion_proof(0)), parse_note(COSIGNED_CHECKPOINT))
    assert proof.to_bytes().startswith(b"c2sp.org/tlog-proof@v1\nindex 0\n\nexample.org/")
    assert TlogProof.parse(proof.to_bytes()) == proof


HEAD = "c2sp.org/tlog-proof@v1\n"
LINE = "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=\n"
MALFORMED = [
    ("c2sp.org/tlog-proof@v2\nindex 5\n", "starts with 'c2sp.org/tlog-proof@v2', not"),
    (HEAD + "index 05\n", "tlog-proof index '05' is not a decimal without leading zeros"),
    (HEAD + "5\n", "tlog-proof has no 'index <n>' line after its header"),
    (HEAD + "extra \nindex 5\n", "extra data is empty; omit it instead"),
    (HEAD + "extra !!\nindex 5\n", "tlog-proof extra data '!!' is not standard base64"),
    (HEAD + "index 5\nextra AA==\n", "inclusion proof line 1 'extra AA==' is not standard base64"),
    (HEAD + "index 5\n" + LINE[:-2] + "\n", "inclusion proof line 1 .* is not standard base64"),
    (HEAD + "index 5\nAAAA\n", "inclusion proof line 1 'AAAA' decodes to 3 bytes, not 32"),
]


@pytest.mark.parametrize(("head", "message"), MALFORMED)
def test_malformed_proofs_are_refused(head: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        TlogProof.parse(head.encode() + b"\n" + COSIGNED_CHECKPOINT)


def test_a_proof_must_carry_a_checkpoint() -> None:
    with pytest.raises(FormatError, match="no blank line before its checkpoint"):
        TlogProof.parse(b"c2sp.org/tlog-proof@v1\nindex 5\n")
    with pytest.raises(FormatError, match="note has no blank line before its signatures"):
        TlogProof.parse(b"c2sp.org/tlog-proof@v1\nindex 5\n\nexample.org/x\n")
