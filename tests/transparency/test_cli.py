"""The log on the command line: keys, init, append, checkpoint with live witnesses, proof,
tiles, policy, and ``servanda verify``'s exit statuses and reasons."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from servanda.cli import app
from servanda.ledger import Note, VerifierKey, parse_note
from tests._witnesses import StartWitness

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ACCORDS = sorted(EXAMPLES.glob("*.yaml"))


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


@pytest.fixture
def log(tmp_path: Path, start_witness: StartWitness) -> dict[str, str]:
    """A log of the example accords, cosigned by two live witnesses; its keys and files."""
    db = f"sqlite:///{tmp_path}/log.sqlite"
    init = run("log", "init", "--origin", "example.org/cli-log", "--db", db)
    assert init.exit_code == 0, init.output
    log_key = init.stdout.strip()
    de = start_witness("de.example/witness", logs=[VerifierKey.parse(log_key)])
    fr = start_witness("fr.example/witness", logs=[VerifierKey.parse(log_key)])
    for name, witness in (("DE", de), ("FR", fr)):
        added = run("log", "witness", "add", name, witness.key.verifier, witness.url, "--db", db)
        assert added.exit_code == 0, added.output
    appended = run("log", "append", *ACCORDS, "--db", db)
    assert appended.stdout == "".join(f"{n}\t{p}\n" for n, p in enumerate(ACCORDS))
    checkpoint = run("log", "checkpoint", "--db", db)
    assert checkpoint.exit_code == 0, checkpoint.output
    assert checkpoint.stderr == "cosigned by DE, FR\n"
    proof = tmp_path / "proof"
    proof.write_bytes(run("log", "proof", "--index", "2", "--db", db).stdout_bytes)
    return {
        "db": db,
        "log": log_key,
        "de": str(de.key.verifier),
        "fr": str(fr.key.verifier),
        "proof": str(proof),
        "checkpoint": checkpoint.stdout,
    }


def test_keys_new_writes_a_private_file_and_prints_the_vkey(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    made = run("keys", "new", "de.example/witness", "--witness")
    path = tmp_path / "de.example_witness.key"
    assert made.exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith("PRIVATE+KEY+de.example/witness+")
    assert made.stdout == run("keys", "show", path).stdout
    assert made.stdout.startswith("de.example/witness+")
    again = run("keys", "new", "de.example/witness", "--witness")
    assert (again.exit_code, again.stderr) == (
        2,
        "error: de.example_witness.key already exists; keys are never overwritten, choose "
        "another --out\n",
    )
    bad = run("keys", "new", "has space")
    assert bad.exit_code == 2
    assert "key name 'has space': key name 'has space' contains ' '" in bad.stderr
    (tmp_path / "junk.key").write_text("nothing\n")
    shown = run("keys", "show", tmp_path / "junk.key")
    assert (shown.exit_code, shown.stderr) == (
        2,
        f"error: {tmp_path}/junk.key: not a private key: private key does not start with "
        "'PRIVATE+KEY+'\n",
    )


def test_verify_accepts_the_record_and_refuses_everything_else(
    log: dict[str, str], tmp_path: Path
) -> None:
    entry, proof = ACCORDS[2], log["proof"]
    keys = ["--log-key", log["log"], "--witness", log["de"], "--witness", log["fr"]]
    valid = run("verify", entry, proof, *keys)
    assert (valid.exit_code, valid.stdout) == (
        0,
        "valid: entry 2 of example.org/cli-log at tree size 5; cosigned by de.example/witness, "
        "fr.example/witness\n",
    )
    wrong_entry = run("verify", ACCORDS[1], proof, *keys)
    assert wrong_entry.exit_code == 1
    assert wrong_entry.stderr.startswith("invalid: inclusion of leaf 2 in a tree of size 5:")

    other = run("log", "init", "--origin", "example.org/cli-log", "--db", f"sqlite:///{tmp_path}/o")
    wrong_key = run("verify", entry, proof, "--log-key", other.stdout.strip())
    assert wrong_key.exit_code == 1
    assert wrong_key.stderr.startswith("invalid: note has no signature by a known key")

    run("log", "append", EXAMPLES.parent / "README.md", "--db", log["db"])
    newer = run("log", "checkpoint", "--db", log["db"]).stdout_bytes
    head = Path(proof).read_bytes().split(b"\n\n")[0]
    other_tree = tmp_path / "other-tree"
    other_tree.write_bytes(head + b"\n\n" + newer)  # the proof of size 5, the checkpoint of 6
    refused = run("verify", entry, other_tree, *keys)
    assert refused.exit_code == 1
    assert refused.stderr.startswith("invalid: inclusion of leaf 2 in a tree of size 6")

    note = parse_note(Path(proof).read_bytes().split(b"\n\n", 1)[1])
    one_cosignature = tmp_path / "one-cosignature"
    stripped = Note(note.text, note.signatures[:2])  # the log's signature and DE's only
    one_cosignature.write_bytes(head + b"\n\n" + stripped.to_bytes())
    assert run("verify", entry, one_cosignature, *keys, "--quorum", "1").exit_code == 0
    short = run("verify", entry, one_cosignature, *keys)  # default quorum: all
    assert (short.exit_code, short.stderr) == (
        1,
        "invalid: witness quorum 2 of ('de.example/witness', 'fr.example/witness') is not met; "
        "cosigned by: de.example/witness\n",
    )


def test_verify_usage_errors_exit_2(log: dict[str, str], tmp_path: Path) -> None:
    entry, proof = ACCORDS[2], log["proof"]
    cases = [
        (["--log-key", "nonsense"], "error: vkey 'nonsense' is not name+keyid+base64"),
        ([], "error: no log key given; pass --log-key NAME+ID+KEY"),
        (
            ["--log-key", log["log"], "--witness", log["de"], "--quorum", "3"],
            "error: --quorum 3 is not between 1 and the 1 witnesses",
        ),
        (
            ["--log-key", log["de"]],
            "error: log key 'de.example/witness' has type 0x04; a log signs checkpoints",
        ),
        (["--policy", tmp_path / "absent"], f"error: {tmp_path}/absent: cannot read the policy"),
    ]
    for options, message in cases:
        result = run("verify", entry, proof, *options)
        assert result.exit_code == 2, options
        assert result.stderr.startswith(message), result.stderr
    missing = run("verify", tmp_path / "absent.yaml", proof, "--log-key", log["log"])
    assert (missing.exit_code, missing.stderr.startswith("error: ")) == (2, True)


def test_policy_file_drives_verify(log: dict[str, str], tmp_path: Path) -> None:
    policy = run("log", "policy", "--quorum", "2", "--db", log["db"])
    lines = policy.stdout.splitlines()
    assert lines[0] == f"log {log['log']}"
    assert lines[1].startswith(f"witness DE {log['de']} http://127.0.0.1:")
    assert lines[-2:] == ["group guarantors 2 DE FR", "quorum guarantors"]
    path = tmp_path / "accords.policy"
    path.write_text(policy.stdout)
    valid = run("verify", ACCORDS[2], log["proof"], "--policy", path)
    assert valid.stdout.endswith("cosigned by DE, FR\n")
    both = run("verify", ACCORDS[2], log["proof"], "--policy", path, "--log-key", log["log"])
    assert both.exit_code == 2
    checkpoint = run("log", "checkpoint", "--db", log["db"], "--policy", path)
    assert checkpoint.stderr == "cosigned by DE, FR\n"


def test_log_commands_refuse_bad_input(log: dict[str, str], tmp_path: Path) -> None:
    again = run("log", "init", "--origin", "example.org/again", "--db", log["db"])
    assert again.exit_code == 2
    assert "already holds the log 'example.org/cli-log'" in again.stderr
    nothing = run("log", "append", tmp_path / "x.yaml", "--db", f"sqlite:///{tmp_path}/none")
    assert nothing.stderr.startswith("error: no database at ")
    beyond = run("log", "proof", "--index", "5", "--db", log["db"])
    assert (beyond.exit_code, beyond.stderr) == (
        2,
        "error: entry 5 is not in the latest checkpoint (size 5); run 'servanda log checkpoint' "
        "after appending\n",
    )
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"a": 1}\n{"a": \n')
    refused = run("log", "append", ACCORDS[0], bad, "--db", log["db"])
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"error: {bad}:2: Expecting value")
    assert run("log", "proof", "--index", "4", "--db", log["db"]).exit_code == 0
    listed = run("log", "witness", "list", "--db", log["db"]).stdout.splitlines()
    assert [line.split("\t")[0::3] for line in listed] == [["DE", "5"], ["FR", "5"]]


def test_tiles_are_written_for_the_latest_checkpoint(log: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = run("log", "tiles", "--out", out, "--db", log["db"])
    assert first.stderr == f"wrote 3 files (0 already there) for size 5 under {out}\n"
    assert (out / "checkpoint").read_text() == log["checkpoint"]
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "checkpoint",
        "tile/0/000.p/5",
        "tile/entries/000.p/5",
    ]


def test_a_witness_needs_a_witness_key(tmp_path: Path) -> None:
    plain = tmp_path / "plain.key"
    assert run("keys", "new", "x.example/note", "--out", plain).exit_code == 0
    served = run("witness", "serve", "--key", plain, "--log-key", "a+b+c")
    assert (served.exit_code, served.stderr) == (
        2,
        f"error: {plain} is a note key; make a witness key: servanda keys new NAME --witness\n",
    )
    witness = tmp_path / "w.key"
    assert run("keys", "new", "x.example/w", "--witness", "--out", witness).exit_code == 0
    bad_log = run("witness", "serve", "--key", witness, "--log-key", "a+b+c")
    assert bad_log.stderr == "error: vkey 'a+b+c' key ID 'b' is not 8 lowercase hex digits\n"
    bad_listen = run(
        "witness", "serve", "--key", witness, "--log-key", str(witness_vkey()), "--listen", "x"
    )
    assert bad_listen.stderr == "error: 'x' is not HOST:PORT; e.g. 127.0.0.1:8001\n"


def witness_vkey() -> VerifierKey:
    from tests._witnesses import LOG

    return LOG.verifier


def test_the_cli_default_database_is_the_store_default() -> None:
    from servanda.cli._log import DEFAULT_URL
    from servanda.store import DEFAULT_URL as STORE_DEFAULT

    assert DEFAULT_URL == STORE_DEFAULT == "sqlite:///servanda.db"
