"""``servanda log``: the transparency log, each command one call of ``servanda.transparency``.

The storage and HTTP libraries are imported when a command runs, not when the program
starts: ``servanda check`` must not pay for them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from servanda.cli._common import app, err_console, fail
from servanda.cli._keys import read_signer
from servanda.errors import ServandaError

if TYPE_CHECKING:
    from servanda.ledger import Policy
    from servanda.store import LogStore

#: ``servanda.store.DEFAULT_URL``, spelt out so that starting the program imports no
#: database library (a test checks the two agree).
DEFAULT_URL = "sqlite:///servanda.db"

log_app = typer.Typer(
    name="log",
    help="The transparency log: append records, sign checkpoints that witnesses cosign, "
    "prove any record offline.",
    no_args_is_help=True,
)
witness_app = typer.Typer(
    name="witness", help="The witnesses this log asks to cosign.", no_args_is_help=True
)
log_app.add_typer(witness_app)
app.add_typer(log_app)

DbOption = Annotated[
    str,
    typer.Option("--db", metavar="URL", envvar="SERVANDA_DB", help="The log's database."),
]


@contextmanager
def _errors() -> Iterator[None]:
    """Anything servanda refuses becomes one error line and exit status 2."""
    try:
        yield
    except ServandaError as exc:
        fail(str(exc))


@contextmanager
def _open(db: str) -> Iterator[LogStore]:
    from servanda.store import LogStore

    with _errors():
        store = LogStore.open(db)
    try:
        with _errors():
            yield store
    finally:
        store.close()


def _write(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


@log_app.command("init")
def log_init(
    origin: Annotated[
        str, typer.Option("--origin", help="The log's name, a schema-less URL.", show_default=False)
    ],
    db: DbOption = DEFAULT_URL,
    key: Annotated[
        Path | None,
        typer.Option("--key", metavar="FILE", help="Sign with this key (default: a new one)."),
    ] = None,
) -> None:
    """Create a log and its signing key in a new database; print the log's verifier key.

    Refuses a database that already holds a log. The key is kept in the database: protect
    it as you would the key.

    Example: servanda log init --origin log.example.org/accords --db sqlite:///accords.db
    """
    from servanda.transparency import init_log

    signer = read_signer(key) if key is not None else None
    with _errors():
        store = init_log(db, origin, signer)
    sys.stdout.write(f"{store.signer.verifier}\n")
    err_console().print(f"created the log {origin} in {db}")
    store.close()


@log_app.command("append")
def log_append(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Files to log.")],
    db: DbOption = DEFAULT_URL,
) -> None:
    """Log files and print each record's index and source, tab-separated.

    A .yaml/.yml file is logged as the canonical JSON of its document, a .jsonl file as
    one canonical JSON entry per non-empty line, any other file as its bytes. Anything
    over 64 KiB is logged as a record of its SHA-256, the content kept beside the log.
    All files go in one transaction: all are logged or none.

    Example: servanda log append examples/minsk-ii.yaml evidence.jsonl
    """
    from servanda.transparency import append_files

    with _open(db) as store:
        for appended in append_files(store, files):
            sys.stdout.write(f"{appended.index}\t{appended.source}\n")


@log_app.command("checkpoint")
def log_checkpoint(
    db: DbOption = DEFAULT_URL,
    policy: Annotated[
        Path | None,
        typer.Option(
            "--policy",
            metavar="FILE",
            help="Ask the witnesses of this tlog-policy file (with URLs) instead of the "
            "configured ones, and require its quorum.",
        ),
    ] = None,
) -> None:
    """Sign a checkpoint of the log, gather witness cosignatures, print it.

    Example: servanda log checkpoint
    """
    from servanda.store import LogWitness
    from servanda.transparency import make_checkpoint

    rules = _read_policy(policy) if policy is not None else None
    with _open(db) as store:
        witnesses = None
        if rules is not None:
            witnesses = [
                LogWitness(name, key, rules.urls[key])
                for name, key in rules.witnesses.items()
                if key in rules.urls
            ]
        result = make_checkpoint(store, witnesses)
        for failure in result.failures:
            err_console().print(f"warning: witness {failure}")
        _write(result.note.to_bytes())
        if rules is not None:
            rules.check_quorum(result.cosigners)
    signed = ", ".join(result.cosigners) or "no witness"
    err_console().print(f"cosigned by {signed}")


@log_app.command("proof")
def log_proof(
    index: Annotated[int, typer.Option("--index", help="The entry's index.", show_default=False)],
    db: DbOption = DEFAULT_URL,
) -> None:
    """Print a c2sp.org/tlog-proof@v1 of one entry against the latest checkpoint.

    Example: servanda log proof --index 0 > minsk-ii.tlog-proof
    """
    from servanda.transparency import make_proof

    with _open(db) as store:
        _write(make_proof(store, index).to_bytes())


@log_app.command("tiles")
def log_tiles(
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Where to write.")],
    db: DbOption = DEFAULT_URL,
) -> None:
    """Write the log as static C2SP tlog-tiles files and its checkpoint, for a web server.

    Example: servanda log tiles --out public/log
    """
    from servanda.transparency import write_static

    with _open(db) as store:
        written = write_static(store, out)
    err_console().print(
        f"wrote {written.written} files ({written.kept} already there) for size "
        f"{written.size} under {out}"
    )


@log_app.command("policy")
def log_policy(
    db: DbOption = DEFAULT_URL,
    quorum: Annotated[
        int | None,
        typer.Option("--quorum", help="Witnesses needed (default: all of them)."),
    ] = None,
) -> None:
    """Print a C2SP tlog-policy for verifiers: the log's key, its witnesses, a quorum.

    Example: servanda log policy --quorum 2 > accords.policy
    """
    from servanda.ledger import Policy

    with _open(db) as store:
        witnesses = store.witnesses()
        lines = [f"log {store.signer.verifier}"]
        lines += [f"witness {w.name} {w.key} {w.url}" for w in witnesses]
        if not witnesses:
            if quorum:
                fail(f"--quorum {quorum}: the log has no witnesses; add them first")
            lines.append("quorum none")
        else:
            k = len(witnesses) if quorum is None else quorum
            if not 1 <= k <= len(witnesses):
                fail(f"--quorum {k} is not between 1 and the {len(witnesses)} witnesses")
            lines.append(f"group guarantors {k} {' '.join(w.name for w in witnesses)}")
            lines.append("quorum guarantors")
        text = "\n".join(lines) + "\n"
        Policy.parse(text.encode())  # what we print must be a policy others can read
        sys.stdout.write(text)


@witness_app.command("add")
def log_witness_add(
    name: Annotated[str, typer.Argument(help="The witness's name in policies, e.g. DE.")],
    vkey: Annotated[str, typer.Argument(metavar="VKEY", help="Its cosignature/v1 vkey.")],
    url: Annotated[str, typer.Argument(help="Its submission prefix URL.")],
    db: DbOption = DEFAULT_URL,
) -> None:
    """Ask this witness to cosign every checkpoint from now on.

    Example: servanda log witness add DE $DE http://127.0.0.1:8001
    """
    from servanda.ledger import VerifierKey

    with _open(db) as store:
        added = store.add_witness(name, VerifierKey.parse(vkey), url)
    err_console().print(f"added witness {added.name} at {added.url}")


@witness_app.command("list")
def log_witness_list(db: DbOption = DEFAULT_URL) -> None:
    """List the log's witnesses: name, vkey, URL, size last cosigned (tab-separated).

    Example: servanda log witness list
    """
    with _open(db) as store:
        for w in store.witnesses():
            sys.stdout.write(f"{w.name}\t{w.key}\t{w.url}\t{w.cosigned_size}\n")


def _read_policy(path: Path) -> Policy:
    from servanda.ledger import Policy

    try:
        return Policy.parse(path.read_bytes())
    except OSError as exc:
        fail(f"{path}: cannot read the policy: {exc.strerror}")
    except ServandaError as exc:
        fail(f"{path}: {exc}")
