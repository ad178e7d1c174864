"""What every ``servanda`` subcommand shares: the app, its consoles, failing cleanly, and
a progress bar for long work."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from servanda.errors import Problem

if TYPE_CHECKING:
    from servanda.registry import ProgressStart

app = typer.Typer(
    name="servanda",
    help=(
        "Agreements as code, with guarantees nobody has to take on trust.\n\n"
        "Write an accord (parties, obligations, prohibitions, deadlines, guarantees) in "
        "YAML, check it, and see every date it implies."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)


def out_console() -> Console:
    """Standard output, sized when a command runs (so COLUMNS set by a caller counts).

    Lines are never folded: one problem or instant per line, whatever the width.
    """
    return Console(highlight=False, soft_wrap=True, markup=False)


def err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True, markup=False)


def error_line(problem: Problem | str) -> Text:
    return Text.assemble(("error: ", "bold red"), str(problem))


def fail(message: str) -> NoReturn:
    """Print one error line and exit 2: the status for input servanda refuses."""
    err_console().print(error_line(message))
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        from servanda import __version__

        out_console().print(f"servanda {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """servanda: a verifiable system of guarantees for multi-party agreements."""


@contextmanager
def progress_bar() -> Iterator[ProgressStart | None]:
    """A progress bar on standard error when it is a terminal; nothing otherwise."""
    console = err_console()
    if not console.is_terminal or os.environ.get("CI"):
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    bar_columns = BarColumn(), DownloadColumn(), TimeRemainingColumn()
    with Progress(
        TextColumn("{task.description}"), *bar_columns, console=console, transient=True
    ) as bar:

        def start(phase: str, total: int) -> Callable[[int], None]:
            task = bar.add_task(phase, total=total)
            return lambda size: bar.advance(task, size)

        yield start
