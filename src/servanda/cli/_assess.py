"""``servanda assess`` and ``servanda test``: the compliance engine on the command line."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from servanda.cli._common import app, err_console, error_line, out_console
from servanda.cli._inputs import accord_or_exit, load_accord, load_evidence_or_exit, moment_or_exit
from servanda.errors import InputError


class AssessFormat(StrEnum):
    json = "json"
    table = "table"
    csv = "csv"


EvidenceOption = Annotated[
    list[Path],
    typer.Option(
        "--evidence",
        "-e",
        metavar="FILE.jsonl",
        help="Evidence as JSON Lines (repeatable; ids must be unique across files).",
    ),
]


@app.command()
def assess(
    accord: Annotated[Path, typer.Argument(metavar="ACCORD.yaml", help="The accord file.")],
    evidence: EvidenceOption,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="WHEN",
            help="The moment to assess, ISO 8601 (local to the accord unless an offset is "
            "given); evidence recorded later is not seen. Default: now.",
        ),
    ] = None,
    output: Annotated[
        AssessFormat, typer.Option("--format", help="json (canonical), table or csv.")
    ] = AssessFormat.json,
) -> None:
    """Who kept which promise as of a moment, on what evidence, and which guarantees and
    powers that triggers.

    Exit 0 on success, 2 with one line per problem when the accord or any evidence
    record is invalid (nothing is printed on stdout then).

    Example: servanda assess examples/minsk-ii.yaml -e examples/minsk-ii.jsonl --as-of 2015-03-01
    """
    loaded = accord_or_exit(accord)
    records = load_evidence_or_exit(evidence, loaded)
    moment = moment_or_exit(loaded, as_of, "--as-of")
    from servanda._views.assessment import assessment_csv, assessment_tables
    from servanda.engine import evaluate

    assessment = evaluate(loaded, records, moment)
    if output is AssessFormat.json:
        sys.stdout.write(assessment.dumps())
    elif output is AssessFormat.csv:
        sys.stdout.write(assessment_csv(assessment))
    else:
        out_console().print(assessment_tables(assessment))


@app.command("test")
def test_accords(
    accords: Annotated[
        list[Path], typer.Argument(metavar="ACCORD.yaml", help="Accords whose tests to run.")
    ],
) -> None:
    """Run the scenario tests an accord carries (its `tests:` key): evidence at a moment
    in, the verdicts it must give out.

    Exit 0 when every scenario passes, 1 when any fails, 2 when an accord is invalid.

    Example: servanda test tests/engine/scenarios/obligations.yaml
    """
    from servanda.engine import run_scenarios

    out, err = out_console(), err_console()
    failed = invalid = False
    for path in accords:
        try:
            loaded = load_accord(path, {})
        except InputError as exc:
            invalid = True
            for problem in exc.problems:
                err.print(error_line(problem))
            continue
        outcomes = run_scenarios(loaded)
        if not outcomes:
            out.print(Text(f"{path}: no tests"))
        for outcome in outcomes:
            where = f"{path}:{outcome.line}" if outcome.line else str(path)
            if outcome.passed:
                out.print(Text.assemble(("PASS", "green"), f" {where} {outcome.name}"))
            else:
                failed = True
                out.print(Text.assemble(("FAIL", "bold red"), f" {where} {outcome.name}"))
                for failure in outcome.failures:
                    out.print(Text(f"     {failure}"))
    if invalid:
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(1)
