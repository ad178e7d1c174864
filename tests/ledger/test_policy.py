"""tlog-policy: parsing with exact errors, quorum evaluation, and checkpoints under a policy."""

from __future__ import annotations

import hashlib
import re

import pytest

from servanda.errors import FormatError, VerificationError
from servanda.ledger import Group, Note, Policy, SignerKey, SigType, parse_note, sign_note

from ._vectors import (
    CHECKPOINT_TEXT,
    COSIGNED_CHECKPOINT,
    LOG_KEY,
    LOG_VKEY,
    SIGNED_CHECKPOINT,
    TIMESTAMP,
    WITNESS_KEY,
    WITNESS_VKEY,
)


def _witness(name: str) -> SignerKey:
    seed = hashlib.sha256(f"servanda TEST {name} seed".encode()).digest()
    return SignerKey(f"example.org/{name}", seed, SigType.COSIGNATURE_V1)


W = {name: _witness(name) for name in ("X1", "X2", "X3", "Y1", "Y2", "Y3")}
EXAMPLE = f"""# the example of tlog-policy, with real keys
log {LOG_VKEY} https://example.org/log/

witness X1 {W["X1"].verifier}
witness X2 {W["X2"].verifier}
\twitness X3   {W["X3"].verifier}\t
group X-witnesses 2 X1 X2 X3

witness Y1 {W["Y1"].verifier} https://y1.example/
witness Y2 {W["Y2"].verifier}
witness Y3 {W["Y3"].verifier}
group Y-witnesses any Y1 Y2 Y3
   # indented comment
group X-and-Y all X-witnesses Y-witnesses
quorum X-and-Y
""".encode()


def test_the_spec_example_parses() -> None:
    policy = Policy.parse(EXAMPLE)
    assert policy.logs == (LOG_KEY.verifier,)
    assert list(policy.witnesses) == ["X1", "X2", "X3", "Y1", "Y2", "Y3"]
    assert policy.groups == {
        "X-witnesses": Group(2, ("X1", "X2", "X3")),
        "Y-witnesses": Group(1, ("Y1", "Y2", "Y3")),
        "X-and-Y": Group(2, ("X-witnesses", "Y-witnesses")),
    }
    assert policy.quorum == "X-and-Y"
    assert policy.urls == {
        LOG_KEY.verifier: "https://example.org/log/",
        W["Y1"].verifier: "https://y1.example/",
    }


QUORUM_CASES = [
    (set(), False),
    ({"X1", "X2"}, False),
    ({"Y1", "Y2", "Y3"}, False),
    ({"X1", "Y3"}, False),
    ({"X1", "X2", "Y1"}, True),
    ({"X2", "X3", "Y2"}, True),
    ({"X1", "X2", "X3", "Y1", "Y2", "Y3"}, True),
    ({"X1", "X2", "X-witnesses", "Y-witnesses"}, False),  # group names are not cosigners
]


@pytest.mark.parametrize(("cosigners", "met"), QUORUM_CASES)
def test_quorum_evaluation(cosigners: set[str], met: bool) -> None:
    policy = Policy.parse(EXAMPLE)
    if met:
        policy.check_quorum(cosigners)
    else:
        with pytest.raises(VerificationError) as caught:
            policy.check_quorum(cosigners)
        got = ", ".join(sorted(cosigners & set(W))) or "none"
        assert str(caught.value) == (
            "witness quorum 'X-and-Y': 2 of ('X-witnesses': 2 of ('X1', 'X2', 'X3'), "
            f"'Y-witnesses': 1 of ('Y1', 'Y2', 'Y3')) is not met; cosigned by: {got}"
        )


def test_quorum_none_must_be_written_and_then_needs_no_one() -> None:
    policy = Policy.parse(f"log {LOG_VKEY}\nquorum none\n".encode())
    policy.check_quorum(set())
    assert policy.open_checkpoint(parse_note(SIGNED_CHECKPOINT)).size == 8


POLICY_ERRORS = [
    (
        b"",
        "policy has no quorum line; add 'quorum <witness or group>', or 'quorum none' "
        "to accept checkpoints that no witness cosigned",
    ),
    (
        b"# only a comment\n",
        "policy has no quorum line; add 'quorum <witness or group>', "
        "or 'quorum none' to accept checkpoints that no witness cosigned",
    ),
    (b"quorum none", "policy does not end with a newline; its last line may be cut short"),
    (b"quorum none\r\n", "policy line 1: byte 0x0d is not allowed; use tab, newline, printable"),
    (
        b"\n\nquorum\x7fnone\n",
        "policy line 3: byte 0x7f is not allowed; use tab, newline, printable",
    ),
    (b"quorum X\n", "policy line 1: quorum names 'X', which no earlier line defines"),
    (
        b"quorum none\nquorum none\n",
        "policy line 2: a policy has exactly one quorum line; this is the second",
    ),
    (b"quorum\n", "policy line 1: 'quorum' takes one name: 'quorum <name>' or 'quorum none'"),
    (
        b"witnesses X\n",
        "policy line 1: unknown keyword 'witnesses'; use log, witness, group or quorum",
    ),
    (b"log\n", "policy line 1: 'log' takes a vkey and an optional URL: 'log <vkey> [<url>]'"),
    (
        f"log {LOG_VKEY} u # comment\n".encode(),
        "policy line 1: 'log' takes a vkey and an optional URL: 'log <vkey> [<url>]'",
    ),
    (
        f"log {WITNESS_VKEY}\n".encode(),
        "policy line 1: log key 'example.org/servanda-test-witness' "
        "has type 0x04; a log signs checkpoints with an Ed25519 note key (0x01)",
    ),
    (
        f"log {LOG_VKEY}\nlog {LOG_VKEY}\n".encode(),
        "policy line 2: log key "
        "'example.org/servanda-test-log' repeats the public key of an earlier log",
    ),
    (
        f"witness W {LOG_VKEY}\n".encode(),
        "policy line 1: witness 'W' has a key of type 0x01; "
        "witnesses cosign with cosignature/v1 keys (0x04)",
    ),
    (
        f"witness W {WITNESS_VKEY}\nwitness V {WITNESS_VKEY}\n".encode(),
        "policy line 2: witness 'V' repeats the public key of an earlier witness",
    ),
    (
        f"witness W {WITNESS_VKEY}\nwitness W {W['X1'].verifier}\n".encode(),
        "policy line 2: name 'W' is already defined",
    ),
    (
        f"witness none {WITNESS_VKEY}\n".encode(),
        "policy line 1: 'none' is reserved for 'quorum none'; choose another name",
    ),
    (
        b"witness W not-a-vkey\n",
        "policy line 1: vkey 'not-a-vkey' is not name+keyid+base64; "
        "e.g. 'example.org/log+1a2b3c4d+AQ...'",
    ),
    (
        b"witness W\n",
        "policy line 1: 'witness' takes a name, a vkey and an optional URL: "
        "'witness W1 <vkey> [<url>]'",
    ),
    (
        f"witness W {WITNESS_VKEY}\ngroup G 2 W\n".encode(),
        "policy line 2: group 'G' threshold 2 is not between 1 and 1",
    ),
    (
        f"witness W {WITNESS_VKEY}\ngroup G 0 W\n".encode(),
        "policy line 2: threshold '0' is not 'all', 'any' or a number like 2",
    ),
    (
        f"witness W {WITNESS_VKEY}\ngroup G 01 W\n".encode(),
        "policy line 2: threshold '01' is not 'all', 'any' or a number like 2",
    ),
    (
        f"witness W {WITNESS_VKEY}\ngroup G most W\n".encode(),
        "policy line 2: threshold 'most' is not 'all', 'any' or a number like 2",
    ),
    (
        f"witness W {WITNESS_VKEY}\ngroup G any W W\n".encode(),
        "policy line 2: 'W' is listed twice in group 'G'",
    ),
    (
        f"witness W {WITNESS_VKEY}\ngroup G any W V\n".encode(),
        "policy line 2: unknown name 'V'; define a witness or group on an earlier line",
    ),
    (
        f"group G any W\nwitness W {WITNESS_VKEY}\n".encode(),
        "policy line 1: unknown name 'W'; define a witness or group on an earlier line",
    ),
    (
        f"witness W {WITNESS_VKEY}\ngroup G any W none\n".encode(),
        "policy line 2: unknown name 'none'; define a witness or group on an earlier line",
    ),
    (
        b"group G any\n",
        "policy line 1: 'group' takes a name, a threshold and members: 'group G 2 W1 W2 W3'",
    ),
    (
        f"witness W {WITNESS_VKEY}\ngroup W any W\n".encode(),
        "policy line 2: name 'W' is already defined",
    ),
]


@pytest.mark.parametrize(("data", "message"), POLICY_ERRORS)
def test_policy_errors_name_the_line_and_the_fix(data: bytes, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        Policy.parse(data)
    assert str(caught.value) == message


def test_non_ascii_names_are_opaque_octets() -> None:
    kelvin = "\u212a".encode()
    data = b"witness " + kelvin + f" {WITNESS_VKEY}\nquorum K\n".encode()
    with pytest.raises(FormatError, match="policy line 2: quorum names 'K', which no earlier"):
        Policy.parse(data)
    assert Policy.parse(data.replace(b"quorum K", b"quorum " + kelvin)).quorum == "\u212a"


def test_a_policy_built_in_code_is_validated_like_a_file() -> None:
    with pytest.raises(FormatError, match="quorum names 'G', which no earlier line defines"):
        Policy(quorum="G")
    with pytest.raises(FormatError, match="unknown name 'B'; define a witness or group"):
        # A cycle cannot be built: a group may only name groups before it.
        Policy(quorum="A", groups={"A": Group(1, ("B",)), "B": Group(1, ("A",))})


def test_threshold_policy() -> None:
    keys = [W[n].verifier for n in ("X1", "X2", "X3")]
    policy = Policy.threshold([LOG_KEY.verifier], keys, 2)
    assert policy.groups == {"+quorum": Group(2, tuple(k.name for k in keys))}
    policy.check_quorum({"example.org/X1", "example.org/X3"})
    with pytest.raises(VerificationError, match=r"cosigned by: example\.org/X1$"):
        policy.check_quorum({"example.org/X1"})
    with pytest.raises(ValueError, match="k=0 is not between 1 and 3 witnesses"):
        Policy.threshold([LOG_KEY.verifier], keys, 0)


def _cosigned(*witnesses: SignerKey) -> Note:
    note = parse_note(SIGNED_CHECKPOINT)
    return note.with_signatures(
        *(sign_note(CHECKPOINT_TEXT, w, timestamp=TIMESTAMP) for w in witnesses)
    )


def test_open_checkpoint_under_the_example_policy() -> None:
    policy = Policy.parse(EXAMPLE)
    assert policy.open_checkpoint(_cosigned(W["X1"], W["X3"], W["Y2"])).size == 8
    with pytest.raises(VerificationError, match=r"cosigned by: X1, X3$"):
        policy.open_checkpoint(_cosigned(W["X1"], W["X3"]))


def test_a_bad_cosignature_from_a_policy_witness_rejects_the_checkpoint() -> None:
    note = _cosigned(W["X1"], W["X2"], W["Y1"])
    forged = sign_note("other\n", W["X3"], timestamp=TIMESTAMP)
    with pytest.raises(
        VerificationError, match=r"'example\.org/X3' \([0-9a-f]{8}\) does not verify"
    ):
        Policy.parse(EXAMPLE).open_checkpoint(note.with_signatures(forged))


def test_the_checkpoint_needs_a_policy_log_for_its_origin() -> None:
    policy = Policy.parse(f"witness W {WITNESS_VKEY}\nquorum W\n".encode())
    with pytest.raises(
        VerificationError,
        match=re.escape("the policy has no log for origin 'example.org/servanda-test-log'"),
    ):
        policy.open_checkpoint(parse_note(COSIGNED_CHECKPOINT))
    other_log = SignerKey("example.org/servanda-test-log", b"\x07" * 32)
    policy = Policy.parse(
        f"log {other_log.verifier}\nwitness W {WITNESS_VKEY}\nquorum W\n".encode()
    )
    with pytest.raises(VerificationError, match="note has no signature by a known key"):
        policy.open_checkpoint(parse_note(COSIGNED_CHECKPOINT))


def test_the_spec_vectors_under_a_one_witness_policy() -> None:
    policy = Policy.parse(f"log {LOG_VKEY}\nwitness W {WITNESS_VKEY}\nquorum W\n".encode())
    assert policy.open_checkpoint(parse_note(COSIGNED_CHECKPOINT)).size == 8
    with pytest.raises(VerificationError, match="witness quorum 'W' is not met; cosigned by: none"):
        policy.open_checkpoint(parse_note(SIGNED_CHECKPOINT))
    assert WITNESS_KEY.verifier == policy.witnesses["W"]
