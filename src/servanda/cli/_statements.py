"""``servanda statements``: attributed statements from news text, and their evaluation.

spaCy is imported when a command runs, not when the program starts: ``servanda check``
must not pay for a language model.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from servanda.cli._common import app, err_console, fail, out_console, progress_bar
from servanda.errors import ServandaError

if TYPE_CHECKING:
    from servanda.statements import Statement
    from servanda.statements._eval import Scores

statements_app = typer.Typer(
    name="statements",
    help="Attributed statements in news text: who said what, for which party, doing what.",
    no_args_is_help=True,
)
app.add_typer(statements_app)


class StatementFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"
    evidence = "evidence"


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date; use YYYY-MM-DD, e.g. 2025-12-12")


def _instant(value: str | None, option: str) -> datetime:
    if value is None:
        return datetime.now(UTC).replace(second=0, microsecond=0)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date-time; use ISO 8601, e.g. 2025-12-12T18:00+02:00")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _table(statements: list[Statement]) -> None:
    """One row a statement; the quote is cut to the width left, JSON Lines have it whole."""
    table = Table(box=None, pad_edge=False, header_style="bold")
    several = len({s.document for s in statements}) > 1
    rows = [
        ([Path(s.document).stem] if several else [])
        + [s.speaker, s.party or "-", s.act, s.target or "-", s.date or "-"]
        for s in statements
    ]
    columns = (["document"] if several else []) + ["speaker", "party", "act", "target", "date"]
    fixed = 0
    for index, column in enumerate(columns):
        widest = max([len(column), *(len(row[index]) for row in rows)])
        table.add_column(column, no_wrap=True, min_width=widest)
        fixed += widest + 2  # a column's padding
    # Every column but the quote is shown whole, however narrow the terminal; the quote
    # gets the rest, between 20 and 60 characters (Rich would drop a column otherwise).
    quote = max(20, min(60, out_console().width - fixed - 1))
    table.add_column("quote", no_wrap=True, overflow="ellipsis", width=quote)
    for row, statement in zip(rows, statements, strict=True):
        table.add_row(*row, statement.quote)
    Console(width=fixed + quote + 1, highlight=False, markup=False).print(table)


@statements_app.command("extract")
def statements_extract(
    files: Annotated[
        list[Path], typer.Argument(help="News text files (UTF-8).", show_default=False)
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="DATE",
            help="Publication date (YYYY-MM-DD) "
            "that weekday names and 'on December 11' resolve against; default: a "
            "date line of the document, if any.",
        ),
    ] = None,
    output: Annotated[
        StatementFormat,
        typer.Option(
            "--format",
            help="jsonl (one statement a line), table, or evidence "
            "(records for `assess -e`; needs --accord).",
        ),
    ] = StatementFormat.jsonl,
    accord_path: Annotated[
        Path | None,
        typer.Option(
            "--accord",
            metavar="ACCORD.yaml",
            help="Map parties to the accord's ids and add the provisions each statement concerns.",
        ),
    ] = None,
    recorded_at: Annotated[
        str | None,
        typer.Option(
            "--recorded-at",
            metavar="INSTANT",
            help="recorded_at of evidence records (ISO 8601); default: now.",
        ),
    ] = None,
) -> None:
    """Extract attributed statements, one record per statement.

    Each record has the document (the path as given), speaker, party, act (commitment,
    allegation, denial, demand, rejection, offer, warning, or statement), target, quote
    with start/end character offsets, and the date it was said.

    Example: `servanda statements extract article.txt --published 2025-12-12 --format table`
    """
    from servanda.cli._inputs import accord_or_exit
    from servanda.statements import (
        evidence_records,
        load_extractor,
        provision_keywords,
        provisions_of,
    )

    day = _day(published, "--published")
    if output is StatementFormat.evidence and accord_path is None:
        fail("--format evidence needs --accord ACCORD.yaml: evidence is about an accord")
    loaded = accord_or_exit(accord_path) if accord_path is not None else None
    texts = []
    for path in files:
        try:
            texts.append((path, path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            fail(f"{path}: no such file")
        except UnicodeDecodeError as exc:
            fail(f"{path}: not UTF-8 text (byte {exc.start})")
        except OSError as exc:
            fail(f"{path}: cannot read: {exc.strerror}")
    try:
        extractor = load_extractor(loaded)
    except ServandaError as exc:
        fail(str(exc))
    keywords = provision_keywords(loaded) if loaded is not None else {}
    moment = _instant(recorded_at, "--recorded-at") if output is StatementFormat.evidence else None
    found: list[Statement] = []
    with progress_bar() as progress:
        size = sum(len(text.encode()) for _, text in texts)
        advance = progress("extracting", size) if progress is not None else None
        for path, text in texts:
            for statement in extractor.extract(text, str(path), day):
                if keywords:
                    statement = statement.with_provisions(provisions_of(statement.quote, keywords))
                if output is StatementFormat.jsonl:
                    typer.echo(json.dumps(statement.as_dict(), ensure_ascii=False))  # as found
                else:
                    found.append(statement)
            if advance is not None:
                advance(len(text.encode()))
    if output is StatementFormat.table:
        _table(found)
    elif output is StatementFormat.evidence:
        # One run: a denial answers the allegations of every document before it.
        assert loaded is not None
        assert moment is not None
        for record in evidence_records(found, loaded, moment):
            typer.echo(json.dumps(record, ensure_ascii=False))


@statements_app.command("eval")
def statements_eval(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold statements, JSON Lines; each line's "
            "document is a path relative to this file.",
            show_default=False,
        ),
    ],
    against: Annotated[
        Path | None,
        typer.Option(
            "--against",
            help="Score this second labelling of the same documents (another reader's, "
            "same format) instead of the extractor.",
            show_default=False,
        ),
    ] = None,
    by_act: Annotated[
        bool,
        typer.Option("--by-act", help="Also print precision, recall and F1 for each act."),
    ] = False,
) -> None:
    """Score the extractor, or a second reader, against gold statements.

    A prediction matches a gold statement of the same document when their quote spans
    overlap and they agree on party and act (one to one, largest overlap first).
    Prints precision, recall and F1 of those matches, the target accuracy on matched
    statements, and the extraction speed in words per second (model loading excluded).
    With --against, the second file's labels are scored in place of the extractor's:
    how far two readers agree, the ceiling an extractor can be held to.

    Example: `servanda statements eval tests/data/statements/test.jsonl`
    """
    from servanda.statements import compare, evaluate, load_extractor

    loading = 0.0
    try:
        if against is not None:
            result = compare(gold, against)
        else:
            started = time.perf_counter()
            extractor = load_extractor()
            loading = time.perf_counter() - started
            result = evaluate(gold, extractor)
    except ServandaError as exc:
        fail(str(exc))
    s = result.scores
    console = out_console()
    console.print(f"{gold}: {result.documents} documents, {s.gold} gold statements")
    console.print(
        f"{'labelled' if against is not None else 'predicted'} {s.predicted}, "
        f"matched {s.matched} on (party, act), {s.overlapping} overlapping a gold span"
    )
    console.print(f"precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}")
    console.print(
        f"target accuracy {s.target_accuracy:.3f} ({s.targets_right}/{s.matched} matched)"
    )
    if by_act:
        _act_table(result.by_act)
    if against is None:
        err_console().print(
            f"{result.words} words in {result.seconds:.2f} s: "
            f"{result.words_per_second:.0f} words/s (model loaded in {loading:.2f} s)"
        )


def _act_table(by_act: dict[str, Scores]) -> None:
    """Each act's figures, gold acts in the order the evidence model lists them."""
    from servanda.evidence import SPEECH_ACTS

    console = out_console()
    console.print(f"{'act':<11} {'gold':>5} {'found':>5} {'match':>5}  precision  recall  F1")
    for act in (a for a in SPEECH_ACTS if a in by_act):
        s = by_act[act]
        console.print(
            f"{act:<11} {s.gold:>5} {s.predicted:>5} {s.matched:>5}  "
            f"{s.precision:>9.3f}  {s.recall:>6.3f}  {s.f1:.3f}"
        )
