"""``servanda keys``: make a signing key, show a key's verifier key."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from servanda.cli._common import app, err_console, fail
from servanda.errors import FormatError

if TYPE_CHECKING:
    from servanda.ledger import SignerKey

keys_app = typer.Typer(
    name="keys",
    help="Ed25519 signing keys, in the Go note format (PRIVATE+KEY+...) and C2SP vkeys.",
    no_args_is_help=True,
)
app.add_typer(keys_app)


def read_signer(path: Path) -> SignerKey:
    """The private key in ``path``; exit 2 with one line if it cannot be used."""
    from servanda.ledger import SignerKey

    try:
        return SignerKey.parse(path.read_text(encoding="utf-8").strip())
    except OSError as exc:
        fail(f"{path}: cannot read the key: {exc.strerror}")
    except (UnicodeDecodeError, FormatError) as exc:
        reason = str(exc) if isinstance(exc, FormatError) else "not text"
        fail(f"{path}: not a private key: {reason}")


@keys_app.command("new")
def keys_new(
    name: Annotated[str, typer.Argument(help="Key name: a schema-less URL, e.g. de.example/w1.")],
    witness: Annotated[
        bool,
        typer.Option(
            "--witness", help="Make a witness key (cosignature/v1) instead of a note key."
        ),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="FILE", help="Where to write it (default: NAME.key)."),
    ] = None,
) -> None:
    """Make a new private key and print its verifier key, name+keyid+base64.

    The key file is created with mode 0600 and never overwritten. Log keys are made by
    'servanda log init'; monitors and parties sign with note keys, witnesses (the
    guarantors) with --witness keys.

    Example: servanda keys new de.example/witness --witness --out de.key
    """
    from servanda.ledger import SignerKey, SigType

    sig_type = SigType.COSIGNATURE_V1 if witness else SigType.ED25519
    try:
        key = SignerKey.generate(name, sig_type)
    except FormatError as exc:
        fail(f"key name {name!r}: {exc}")
    path = out if out is not None else Path(re.sub(r"[^A-Za-z0-9._-]", "_", name) + ".key")
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        fail(f"{path} already exists; keys are never overwritten, choose another --out")
    except OSError as exc:
        fail(f"{path}: cannot create the key file: {exc.strerror}")
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(key.to_skey() + "\n")
    sys.stdout.write(f"{key.verifier}\n")
    err_console().print(f"wrote the private key to {path} (mode 0600); keep it secret")


@keys_app.command("show")
def keys_show(
    key_file: Annotated[Path, typer.Argument(metavar="FILE", help="A private key file.")],
) -> None:
    """Print the verifier key of a private key file.

    Example: servanda keys show de.key
    """
    sys.stdout.write(f"{read_signer(key_file).verifier}\n")
