"""``servanda check`` and ``servanda timeline``: the accord language on the command line."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from servanda._views.accord import check_report, timeline_data, timeline_table
from servanda.accord import LoadedAccord, parse_moment
from servanda.cli._common import app, err_console, error_line, fail, out_console
from servanda.cli._inputs import load_accord, load_evidence_or_exit, moment_or_exit
from servanda.errors import AccordError
from servanda.evidence import Evidence


class Every(StrEnum):
    day = "day"


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
            loaded = load_accord(path, assumed)
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
    evidence: Annotated[
        list[Path] | None,
        typer.Option(
            "--evidence",
            "-e",
            metavar="FILE.jsonl",
            help="With evidence: show how every state changed, assessed --every day.",
        ),
    ] = None,
    every: Annotated[
        Every | None, typer.Option("--every", help="With --evidence: how often to assess.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="WHEN",
            help="With --evidence: first moment (default: the accord's earliest instant).",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="WHEN",
            help="With --evidence: last moment (default: the last evidence recorded).",
        ),
    ] = None,
) -> None:
    """Every instant an accord defines, in time order, with the rule that gives it; with
    --evidence, every change of state, assessed each day.

    Instants counted from an anchor without a date are listed last as 'open'.

    Example: servanda timeline examples/minsk-ii.yaml --provision hostages-release

    Example: servanda timeline examples/minsk-ii.yaml -e examples/minsk-ii.jsonl --every day
    """
    try:
        loaded = load_accord(accord, _assumptions(assume))
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
    if evidence:
        records = load_evidence_or_exit(evidence, loaded)
        first = moment_or_exit(loaded, since, "--from") if since else _first(loaded, records)
        last = moment_or_exit(loaded, until, "--until") if until else _last(records, first)
        from servanda._views.assessment import changes_data, changes_table
        from servanda.engine import daily, state_changes  # NumPy: only when evidence is given

        changes = state_changes(loaded, records, daily(loaded, first, last))
        if provision:
            changes = [c for c in changes if c.section != "result" or c.subject in provision]
        if output is TimelineFormat.json:
            data = changes_data(loaded.accord.id, changes)
            sys.stdout.write(json.dumps(data, indent=2, sort_keys=True) + "\n")
        else:
            zone = loaded.calendar.timezone.key
            out_console().print(changes_table(loaded.accord.id, zone, changes))
        return
    if every is not None or since is not None or until is not None:
        fail("--every, --from and --until need --evidence")
    if output is TimelineFormat.json:
        data = timeline_data(loaded, provision)
        sys.stdout.write(json.dumps(data, indent=2, sort_keys=True) + "\n")
    else:
        out_console().print(timeline_table(loaded, provision))


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


def _first(loaded: LoadedAccord, evidence: Evidence) -> datetime:
    """The earliest fixed instant of the accord or its evidence."""
    instants = [i.fixed for i in (*loaded.calendar.anchors, *loaded.calendar.instants) if i.fixed]
    instants += [r.occurred_at for r in evidence.records]
    if not instants:
        fail("nothing in the accord or the evidence has a date; give --from")
    first: datetime = min(instants, key=lambda moment: moment.astimezone(UTC))
    return first


def _last(evidence: Evidence, first: datetime) -> datetime:
    recorded = [r.recorded_at for r in evidence.records]
    last: datetime = max([first, *recorded], key=lambda moment: moment.astimezone(UTC))
    return last
