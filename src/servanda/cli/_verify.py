"""``servanda verify``: check one logged record offline, trusting only the keys given."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from servanda.cli._common import app, err_console, fail, out_console
from servanda.errors import FormatError, VerificationError

if TYPE_CHECKING:
    from servanda.ledger import Policy


@app.command()
def verify(
    entry: Annotated[Path, typer.Argument(metavar="ENTRY", help="The record, as it was logged.")],
    proof: Annotated[Path, typer.Argument(metavar="PROOF", help="Its c2sp.org/tlog-proof@v1.")],
    log_key: Annotated[
        list[str] | None,
        typer.Option("--log-key", metavar="VKEY", help="A log key to trust (repeatable)."),
    ] = None,
    witness: Annotated[
        list[str] | None,
        typer.Option("--witness", metavar="VKEY", help="A witness key to trust (repeatable)."),
    ] = None,
    quorum: Annotated[
        int | None,
        typer.Option("--quorum", metavar="K", help="Witnesses that must cosign (default: all)."),
    ] = None,
    policy: Annotated[
        Path | None,
        typer.Option(
            "--policy", metavar="FILE", help="A C2SP tlog-policy file instead of the keys."
        ),
    ] = None,
    raw: Annotated[
        bool, typer.Option("--raw", help="ENTRY holds the entry's exact bytes; use them as is.")
    ] = False,
    line: Annotated[
        int | None,
        typer.Option("--line", metavar="N", help="For a .jsonl ENTRY: the record on line N."),
    ] = None,
) -> None:
    """Verify offline that ENTRY is in the log: exit 0 valid, 1 invalid (with the reason).

    The entry is rebuilt from the file as 'servanda log append' logged it; the proof's
    checkpoint must be signed by a trusted log key and cosigned by a quorum of trusted
    witnesses, and its inclusion proof must lead from the entry to the checkpoint.

    Example: servanda verify examples/minsk-ii.yaml minsk-ii.tlog-proof --log-key $LOG --witness $DE
    """
    from servanda.transparency import entry_from_file, verify_proof

    rules = _policy(log_key or [], witness or [], quorum, policy)
    try:
        data = entry_from_file(entry, raw=raw, line=line)
        proof_bytes = proof.read_bytes()
    except FormatError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{proof}: cannot read: {exc.strerror}")
    try:
        verified = verify_proof(data, proof_bytes, rules)
    except VerificationError as exc:
        err_console().print(f"invalid: {exc}", markup=False)
        raise typer.Exit(1) from None
    by = ", ".join(verified.cosigners) if verified.cosigners else "no witness required"
    out_console().print(
        f"valid: entry {verified.index} of {verified.origin} at tree size {verified.size}; "
        f"cosigned by {by}",
        markup=False,
    )


def _policy(
    log_keys: list[str], witnesses: list[str], quorum: int | None, path: Path | None
) -> Policy:
    from servanda.ledger import Policy, VerifierKey
    from servanda.transparency import key_policy

    if path is not None:
        if log_keys or witnesses or quorum is not None:
            fail("--policy replaces --log-key, --witness and --quorum; give one or the other")
        try:
            return Policy.parse(path.read_bytes())
        except OSError as exc:
            fail(f"{path}: cannot read the policy: {exc.strerror}")
        except FormatError as exc:
            fail(f"{path}: {exc}")
    try:
        logs = [VerifierKey.parse(v) for v in log_keys]
        cosigners = [VerifierKey.parse(v) for v in witnesses]
        return key_policy(logs, cosigners, quorum)
    except FormatError as exc:
        fail(str(exc))
