"""Checkpoints and cosignature/v1, byte for byte against ledger.md section 2.7."""

from __future__ import annotations

import base64
import re

import pytest

from servanda.errors import FormatError, VerificationError
from servanda.ledger import (
    EMPTY_ROOT,
    Checkpoint,
    MemoryTree,
    Note,
    NoteSignature,
    SigType,
    VerifierKey,
    cosignature_message,
    cosignature_timestamp,
    open_checkpoint,
    parse_note,
    sign_note,
    verified_signers,
    verify_note,
)

from ._vectors import (
    CHECKPOINT_TEXT,
    COSIGNATURE_MESSAGE,
    COSIGNED_CHECKPOINT,
    LEAVES,
    LOG_KEY,
    LOG_NAME,
    LOG_SIG_LINE,
    SIGNED_CHECKPOINT,
    TIMESTAMP,
    WITNESS_KEY,
    WITNESS_SIG_LINE,
)

ROOT8 = MemoryTree.from_entries(LEAVES).root()


def test_the_checkpoint_text_of_the_8_leaf_tree() -> None:
    checkpoint = Checkpoint(LOG_NAME, 8, ROOT8)
    assert checkpoint.text == CHECKPOINT_TEXT
    assert Checkpoint.parse(CHECKPOINT_TEXT) == checkpoint


def test_the_cosigned_checkpoint_is_reproduced_byte_for_byte() -> None:
    text = Checkpoint(LOG_NAME, 8, ROOT8).text
    log_sig = sign_note(text, LOG_KEY)
    cosig = sign_note(text, WITNESS_KEY, timestamp=TIMESTAMP)
    assert log_sig.line == LOG_SIG_LINE
    assert cosig.line == WITNESS_SIG_LINE
    assert Note(text, (log_sig, cosig)).to_bytes() == COSIGNED_CHECKPOINT
    assert Note(text, (log_sig,)).to_bytes() == SIGNED_CHECKPOINT


def test_the_cosignature_message_and_line_layout() -> None:
    assert cosignature_message(CHECKPOINT_TEXT, TIMESTAMP) == COSIGNATURE_MESSAGE
    cosig = parse_note(COSIGNED_CHECKPOINT).signatures[1]
    raw = base64.b64decode(WITNESS_SIG_LINE.split()[-1])
    assert len(raw) == 76
    assert raw[:4].hex() == "854369d0" == f"{cosig.key_id:08x}"
    assert int.from_bytes(raw[4:12], "big") == cosignature_timestamp(cosig) == TIMESTAMP
    assert WITNESS_KEY.verifier.verify_raw(COSIGNATURE_MESSAGE, raw[12:])


def test_the_cosigned_checkpoint_verifies_for_log_and_witness() -> None:
    note = parse_note(COSIGNED_CHECKPOINT)
    assert open_checkpoint(note, origin=LOG_NAME, log_keys=[LOG_KEY.verifier]) == Checkpoint(
        LOG_NAME, 8, ROOT8
    )
    assert verified_signers(note, [WITNESS_KEY.verifier]) == [WITNESS_KEY.verifier]


def test_a_cosignature_with_another_timestamp_fails() -> None:
    cosig = parse_note(COSIGNED_CHECKPOINT).signatures[1]
    later = (TIMESTAMP + 1).to_bytes(8, "big") + cosig.signature[8:]
    note = Note(CHECKPOINT_TEXT, (NoteSignature(cosig.name, cosig.key_id, later),))
    with pytest.raises(VerificationError, match="servanda-test-witness' \\(854369d0\\) does not"):
        verify_note(note, [WITNESS_KEY.verifier])


def test_a_cosignature_is_not_a_plain_note_signature() -> None:
    # The witness's key as a plain Ed25519 key has another key ID: its line is unknown.
    plain = VerifierKey(WITNESS_KEY.name, SigType.ED25519, WITNESS_KEY.verifier.public_key)
    assert f"{plain.key_id:08x}" != "854369d0"
    with pytest.raises(VerificationError, match="note has no signature by a known key"):
        verify_note(parse_note(COSIGNED_CHECKPOINT), [plain])


def test_extension_lines_are_cosigned_too() -> None:
    checkpoint = Checkpoint(LOG_NAME, 8, ROOT8, ("ext one", "ext two"))
    assert checkpoint.text == CHECKPOINT_TEXT + "ext one\next two\n"
    assert Checkpoint.parse(checkpoint.text) == checkpoint
    cosig = sign_note(checkpoint.text, WITNESS_KEY, timestamp=TIMESTAMP)
    verify_note(Note(checkpoint.text, (cosig,)), [WITNESS_KEY.verifier])
    with pytest.raises(VerificationError):
        verify_note(Note(CHECKPOINT_TEXT, (cosig,)), [WITNESS_KEY.verifier])


def test_open_checkpoint_checks_the_origin_and_the_log_signature() -> None:
    note = parse_note(SIGNED_CHECKPOINT)
    with pytest.raises(
        VerificationError,
        match=re.escape(
            "checkpoint origin 'example.org/servanda-test-log' is not the expected 'x.org/y'"
        ),
    ):
        open_checkpoint(note, origin="x.org/y", log_keys=[LOG_KEY.verifier])
    with pytest.raises(VerificationError, match="note has no signature by a known key"):
        open_checkpoint(note, origin=LOG_NAME, log_keys=[WITNESS_KEY.verifier])


def test_an_empty_tree_checkpoint() -> None:
    checkpoint = Checkpoint("example.org/empty", 0, EMPTY_ROOT)
    assert checkpoint.text == "example.org/empty\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"


ROOT = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="
BAD_CHECKPOINTS = [
    (f"o\n08\n{ROOT}\n", "checkpoint size '08' is not a decimal without leading zeros"),
    (f"o\n-1\n{ROOT}\n", "checkpoint size '-1' is not a decimal"),
    (f"o\n1_0\n{ROOT}\n", "checkpoint size '1_0' is not a decimal"),
    (f"o\n\u0661\n{ROOT}\n", "checkpoint size '\u0661' is not a decimal"),
    (f"o\n18446744073709551616\n{ROOT}\n", "checkpoint size 18446744073709551616 does not fit"),
    ("o\n8\nAAAA\n", "checkpoint root hash 'AAAA' decodes to 3 bytes, not 32"),
    (f"o\n8\n{ROOT}", "does not end with a newline"),
    ("o\n8\n", "checkpoint has 2 lines; needs origin, size and root hash"),
    (f"\n8\n{ROOT}\n", "checkpoint origin is empty"),
    (f"o\n8\n{ROOT}\n\n", "checkpoint extension line 0 is empty"),
    (f"o\n8\n{ROOT}\next\n\n", "checkpoint extension line 1 is empty"),
]


@pytest.mark.parametrize(("text", "message"), BAD_CHECKPOINTS)
def test_malformed_checkpoints_are_refused(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        Checkpoint.parse(text)


def test_checkpoint_values_are_checked_when_built() -> None:
    with pytest.raises(FormatError, match="checkpoint root hash is 31 bytes, not 32"):
        Checkpoint("o", 1, b"\x00" * 31)
    with pytest.raises(FormatError, match="checkpoint line 'a\\\\nb' contains a newline"):
        Checkpoint("o", 1, EMPTY_ROOT, ("a\nb",))
    with pytest.raises(FormatError, match="checkpoint size -1 is not a uint64"):
        Checkpoint("o", -1, EMPTY_ROOT)


def test_cosignature_timestamps_are_bounded() -> None:
    with pytest.raises(ValueError, match="timestamp 9223372036854775808 is not between"):
        cosignature_message(CHECKPOINT_TEXT, 1 << 63)
    short = NoteSignature(WITNESS_KEY.name, 1, b"\x00" * 64)
    with pytest.raises(FormatError, match="is 64 bytes after the key ID, expected 72"):
        cosignature_timestamp(short)
