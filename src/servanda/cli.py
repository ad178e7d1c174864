"""The ``servanda`` command: each subcommand is a thin wrapper over one library call."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from servanda import __version__
from servanda._views.accord import (
    check_report,
    error_line,
    timeline_data,
    timeline_table,
)
from servanda.accord import LoadedAccord, parse_accord, parse_moment
from servanda.errors import AccordError, Problem

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


def _out() -> Console:
    """Standard output, sized when a command runs (so COLUMNS set by a caller counts).

    Lines are never folded: one problem or instant per line, whatever the width.
    """
    return Console(highlight=False, soft_wrap=True)


def _err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


class TimelineFormat(StrEnum):
    table = "table"
    json = "json"


AssumeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--assume",
        metavar="ANCHOR=WHEN",
        help="Fix an anchor to a date or date-time (repeatable), e.g. "
        "ceasefire=2026-01-01T00:00, to see a draft's dates.",
    ),
]


def _version(value: bool) -> None:
    if value:
        _out().print(f"servanda {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """servanda: a verifiable system of guarantees for multi-party agreements."""


@app.command()
def check(
    accords: Annotated[
        list[Path], typer.Argument(metavar="ACCORD.yaml", help="Accord files to check.")
    ],
    assume: AssumeOption = None,
) -> None:
    """Check accords and show their parties, provisions and every computed instant.

    Exit 0 when every accord is valid (warnings are printed but do not fail), 2 when any
    is not, with one line per problem: file, line, field, what is wrong.

    Example: servanda check examples/minsk-ii.yaml
    """
    assumed = _assumptions(assume)
    out, err = _out(), _err()
    failed = False
    for path in accords:
        try:
            loaded = _load(path, assumed)
        except AccordError as exc:
            failed = True
            for problem in exc.problems:
                err.print(error_line(problem))
            continue
        out.print(check_report(loaded))
        out.print()
    if failed:
        raise typer.Exit(2)


@app.command()
def timeline(
    accord: Annotated[Path, typer.Argument(metavar="ACCORD.yaml", help="The accord file.")],
    output: Annotated[
        TimelineFormat, typer.Option("--format", help="table for people, json for programs.")
    ] = TimelineFormat.table,
    assume: AssumeOption = None,
    provision: Annotated[
        list[str] | None,
        typer.Option(
            "--provision", metavar="ID", help="Show only this provision's instants (repeatable)."
        ),
    ] = None,
) -> None:
    """Every instant an accord defines, in time order, with the rule that gives it.

    Instants counted from an anchor without a date are listed last as 'open'.

    Example: servanda timeline examples/minsk-ii.yaml --provision hostages-release
    """
    try:
        loaded = _load(accord, _assumptions(assume))
    except AccordError as exc:
        for problem in exc.problems:
            _err().print(error_line(problem))
        raise typer.Exit(2) from None
    known = [p.id for p in loaded.accord.provisions]
    for name in provision or []:
        if name not in known:
            _fail(
                f"--provision {name!r}: no such provision in {accord}; provisions are "
                f"{', '.join(known)}"
            )
    if output is TimelineFormat.json:
        data = timeline_data(loaded, provision)
        sys.stdout.write(json.dumps(data, indent=2, sort_keys=True) + "\n")
    else:
        _out().print(timeline_table(loaded, provision))


def _load(path: Path, assume: dict[str, date]) -> LoadedAccord:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AccordError([Problem(str(path), None, "", "no such file")]) from None
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text (byte {exc.start}); save the accord as UTF-8"
        raise AccordError([Problem(str(path), None, "", message)]) from None
    except OSError as exc:
        raise AccordError([Problem(str(path), None, "", f"cannot read: {exc.strerror}")]) from None
    return parse_accord(text, str(path), assume=assume)


def _assumptions(values: list[str] | None) -> dict[str, date]:
    assumed: dict[str, date] = {}
    for value in values or []:
        name, sep, when = value.partition("=")
        if not sep or not name:
            _fail(f"--assume {value!r}: write ANCHOR=WHEN, e.g. ceasefire=2026-01-01T00:00")
        try:
            assumed[name.strip()] = parse_moment(when)
        except ValueError as exc:
            _fail(f"--assume {value!r}: {exc}")
    return assumed


def _fail(message: str) -> NoReturn:
    _err().print(error_line(message))
    raise typer.Exit(2)


def main() -> None:
    """Console-script entry point."""
    app()


def _commands() -> Iterator[str]:
    """Names of every command, for the documentation check."""
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        yield name.replace("_", "-")
