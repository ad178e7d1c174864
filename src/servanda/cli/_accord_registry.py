"""``servanda accord``: accords registered in the log's database, each logged as it is added.

Like ``servanda log``, the storage libraries load when a command runs, not at start-up.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from servanda.cli._common import app, err_console, error_line, fail
from servanda.cli._log import DEFAULT_URL, DbOption
from servanda.errors import InputError, ServandaError

if TYPE_CHECKING:
    from servanda.store import Registry

accord_app = typer.Typer(
    name="accord",
    help="Accords registered in the database, so that evidence can be added about them.",
    no_args_is_help=True,
)
app.add_typer(accord_app)


@contextmanager
def refusals() -> Iterator[None]:
    """Whatever servanda refuses becomes error lines (one per problem) and exit status 2."""
    try:
        yield
    except InputError as exc:
        err = err_console()
        for problem in exc.problems:
            err.print(error_line(problem))
        raise typer.Exit(2) from None
    except ServandaError as exc:
        fail(str(exc))


@contextmanager
def open_registry(db: str) -> Iterator[Registry]:
    """The registry of the log at ``db``; exit 2 with the reason if there is none."""
    from servanda.store import Registry

    with refusals():
        registry = Registry.open(db)
    try:
        with refusals():
            yield registry
    finally:
        registry.close()


def read_text(path: Path) -> str:
    """A UTF-8 file's text; exit 2 naming the file if it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"{path}: cannot read: {exc.strerror}")
    except UnicodeDecodeError as exc:
        fail(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8")


@accord_app.command("add")
def accord_add(
    accord: Annotated[Path, typer.Argument(metavar="ACCORD.yaml", help="The accord file.")],
    db: DbOption = DEFAULT_URL,
) -> None:
    """Register an accord under its id and log it; print its log index and id.

    The accord is checked as 'servanda check' checks it and logged as the canonical JSON
    of its document (as 'servanda log append' logs a .yaml file). Adding the same
    document again changes nothing; another document under a registered id is refused:
    an id names one text. The database must hold a log ('servanda log init').

    Example: servanda accord add examples/minsk-ii.yaml --db sqlite:///accords.db
    """
    from servanda.registry import register_accord

    text = read_text(accord)
    with open_registry(db) as registry:
        registered = register_accord(registry, text, str(accord))
    sys.stdout.write(f"{registered.log_index}\t{registered.id}\n")
    if not registered.added:
        err_console().print(f"{registered.id} was already registered; nothing added")
