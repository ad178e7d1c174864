"""``servanda witness``: run a C2SP tlog-witness, read the split-view evidence it kept.

Like ``servanda log``, it imports the server and database libraries only when it runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from servanda.cli._common import app, err_console, fail
from servanda.cli._keys import read_signer
from servanda.errors import FormatError, StoreError

witness_app = typer.Typer(
    name="witness",
    help="A witness, as a guarantor runs it: cosign a log's checkpoints, refuse forks.",
    no_args_is_help=True,
)
app.add_typer(witness_app)

WITNESS_DB = "sqlite:///servanda-witness.db"
DbOption = Annotated[
    str,
    typer.Option("--db", metavar="URL", envvar="SERVANDA_WITNESS_DB", help="The witness's state."),
]


@witness_app.command("serve")
def witness_serve(
    key: Annotated[
        Path, typer.Option("--key", metavar="FILE", help="The witness's private key (--witness).")
    ],
    log_key: Annotated[
        list[str],
        typer.Option("--log-key", metavar="VKEY", help="A log to witness (repeatable)."),
    ],
    db: DbOption = WITNESS_DB,
    listen: Annotated[
        str, typer.Option("--listen", metavar="HOST:PORT", help="Address to serve on.")
    ] = "127.0.0.1:8001",
) -> None:
    """Serve POST /add-checkpoint (C2SP tlog-witness) until interrupted.

    It verifies the log's signature and the consistency proof from the size it last
    cosigned, stores the new checkpoint (compare-and-swap) and only then cosigns. A
    rollback or a fork is refused and both checkpoints are kept as evidence.

    Example: servanda witness serve --key de.key --log-key $LOG --listen 127.0.0.1:8001
    """
    from servanda.ledger import SigType, VerifierKey
    from servanda.store import WitnessStore
    from servanda.witness import create_app, parse_listen, serve

    signer = read_signer(key)
    if signer.sig_type != SigType.COSIGNATURE_V1:
        fail(f"{key} is a note key; make a witness key: servanda keys new NAME --witness")
    try:
        logs = [VerifierKey.parse(v) for v in log_key]
        host, port = parse_listen(listen)
    except (FormatError, ValueError) as exc:
        fail(str(exc))
    try:
        store = WitnessStore(db)
        application = create_app(store, signer, logs)
    except (StoreError, ValueError) as exc:
        fail(str(exc))
    err_console().print(
        f"witness {signer.verifier} serving {', '.join(k.name for k in logs)} on http://{listen}"
    )
    try:
        serve(application, host, port)
    finally:
        store.close()


@witness_app.command("evidence")
def witness_evidence(db: DbOption = WITNESS_DB) -> None:
    """Print the conflicting checkpoints the witness kept, oldest first.

    Example: servanda witness evidence --db sqlite:///de-witness.db
    """
    from servanda.store import WitnessStore

    try:
        store = WitnessStore(db, create=False)
        found = store.evidence()
    except StoreError as exc:
        fail(str(exc))
    store.close()
    for item in found:
        sys.stdout.write(f"# {item.kind} {item.origin}: {item.reason}\n")
        sys.stdout.flush()
        sys.stdout.buffer.write(b"## cosigned\n" + item.cosigned + b"## submitted\n")
        sys.stdout.buffer.write(item.submitted + b"\n")
        sys.stdout.flush()
    err_console().print(f"{len(found)} conflicting checkpoints kept")
