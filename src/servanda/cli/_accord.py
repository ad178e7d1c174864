"""``servanda check`` and ``servanda timeline``: the accord language on the command line."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from servanda._views.accord import check_report, timeline_data, timeline_table
from servanda.accord import LoadedAccord, parse_accord, parse_moment
from servanda.cli._common import app, err_console, error_line, fail, out_console
from servanda.errors import AccordError, Problem


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
    out, err = out_console(), err_console()
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
            err_console().print(error_line(problem))
        raise typer.Exit(2) from None
    known = [p.id for p in loaded.accord.provisions]
    for name in provision or []:
        if name not in known:
            fail(
                f"--provision {name!r}: no such provision in {accord}; provisions are "
                f"{', '.join(known)}"
            )
    if output is TimelineFormat.json:
        data = timeline_data(loaded, provision)
        sys.stdout.write(json.dumps(data, indent=2, sort_keys=True) + "\n")
    else:
        out_console().print(timeline_table(loaded, provision))


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
            fail(f"--assume {value!r}: write ANCHOR=WHEN, e.g. ceasefire=2026-01-01T00:00")
        try:
            assumed[name.strip()] = parse_moment(when)
        except ValueError as exc:
            fail(f"--assume {value!r}: {exc}")
    return assumed
