"""``servanda evidence``: sign records, add them to the store, import event data, export.

Each command is one call of ``servanda.evidence`` or ``servanda.registry``. Refusals are
one error line per problem and exit status 2; an import that skipped bad rows but
stored the rest exits 1, so that scripts notice.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from servanda.cli._accord_registry import open_registry, read_text, refusals
from servanda.cli._common import app, err_console, error_line, fail, progress_bar
from servanda.cli._keys import read_signer
from servanda.cli._log import DEFAULT_URL, DbOption

if TYPE_CHECKING:
    from servanda.registry import ImportReport

evidence_app = typer.Typer(
    name="evidence",
    help="Signed evidence records: sign them, add them to the store (verified and logged), "
    "import event data sets, export what is stored.",
    no_args_is_help=True,
)
app.add_typer(evidence_app)

AccordOption = Annotated[
    str,
    typer.Option(
        "--accord",
        metavar="ID",
        help="The registered accord the records are about.",
        show_default=False,
    ),
]
KeyOption = Annotated[
    Path, typer.Option("--key", metavar="KEY", help="A private key file.", show_default=False)
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", metavar="FILE", help="Write here instead of standard output."),
]


class EventFormatName(StrEnum):
    acled = "acled"
    ucdp = "ucdp"


@evidence_app.command("sign")
def evidence_sign(
    file: Annotated[Path, typer.Argument(metavar="FILE.jsonl", help="Records to sign.")],
    key: KeyOption,
    out: OutOption = None,
) -> None:
    """Sign every record of a JSON Lines file; write them signed, one canonical JSON line
    each.

    The signature covers the note text 'servanda/record/v1', a newline, the record's
    canonical JSON without 'signature', and a newline: see docs/evidence.md. A monitor
    signs its reports and events, a party or guarantor its statements and acts. A line
    that is not a JSON object, or a record signed already, refuses the file.

    Example: servanda evidence sign --key smm.key reports.jsonl --out reports.signed.jsonl
    """
    from servanda.evidence import sign_evidence

    signer = read_signer(key)
    text = read_text(file)
    with refusals():
        lines = sign_evidence(text, str(file), signer)
    _write_lines(lines, out)
    err_console().print(f"signed {_n(len(lines), 'record')} with {signer.verifier.name}")


@evidence_app.command("add")
def evidence_add(
    file: Annotated[Path, typer.Argument(metavar="FILE.jsonl", help="Signed records.")],
    accord: AccordOption,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Verify signed records against a registered accord, then log and store them; print
    each record's log index and id.

    Every record must be valid evidence about the accord and signed by a key the accord
    lists for its monitor (reports, events) or its party (statements, acts). One refusal
    (malformed record, no signature, unknown key, bad signature, wrong entity's key, an
    id stored with other content) refuses the whole file, one line per problem, and
    nothing is stored. Records already stored exactly so are left as they are.

    Example: servanda evidence add --accord minsk-ii reports.signed.jsonl
    """
    from servanda.registry import add_evidence

    text = read_text(file)
    with open_registry(db) as registry:
        added = add_evidence(registry, accord, text, str(file))
    for record in added:
        sys.stdout.write(f"{record.log_index}\t{record.id}\n")
    new = sum(record.added for record in added)
    err_console().print(
        f"added {_n(new, 'record')} about {accord} ({len(added) - new} already stored)"
    )


@evidence_app.command("import")
def evidence_import(
    file: Annotated[Path, typer.Argument(metavar="FILE.csv", help="The data set's CSV.")],
    event_format: Annotated[
        EventFormatName,
        typer.Option(
            "--format",
            help="acled (31-column export) or ucdp (GED, 49 columns).",
            show_default=False,
        ),
    ],
    mapping: Annotated[
        Path,
        typer.Option(
            "--map", metavar="MAP.yaml", help="Which rows become which records.", show_default=False
        ),
    ],
    accord: AccordOption,
    key: Annotated[
        Path,
        typer.Option(
            "--key",
            metavar="KEY",
            show_default=False,
            help="The importer's key: one the accord lists for the data set.",
        ),
    ],
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Stop at the first bad row and import nothing."),
    ] = False,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Import an ACLED or UCDP GED CSV as event records about a registered accord.

    The mapping names the data set (a monitor of the accord) and says which rows become
    which indicator about which party. The file is streamed twice in constant memory:
    first every row is checked, then the records are signed with KEY, logged and stored.
    A row already imported adds nothing. Bad rows are reported with their lines and the
    good ones imported (exit 1); with --strict the first bad row stops it and nothing is
    imported (exit 2).

    Example: servanda evidence import acled.csv --format acled --map acled.yaml
    --accord minsk-ii --key acled.key
    """
    from servanda.evidence.events import FORMATS
    from servanda.registry import import_events

    signer = read_signer(key)
    with open_registry(db) as registry, progress_bar() as progress:
        report = import_events(
            registry,
            accord,
            file,
            FORMATS[event_format.value],
            mapping,
            signer,
            strict=strict,
            progress=progress,
        )
    _print_report(report)
    if report.bad:
        raise typer.Exit(1)


@evidence_app.command("export")
def evidence_export(
    accord: AccordOption,
    db: DbOption = DEFAULT_URL,
    out: OutOption = None,
) -> None:
    """Write the records stored about an accord as JSON Lines, in log order, signatures
    included: evidence for 'servanda assess'.

    Example: servanda evidence export --accord minsk-ii --out minsk-ii.jsonl
    """
    from servanda.registry import stored_evidence

    with open_registry(db) as registry:
        lines = [stored.record for stored in stored_evidence(registry, accord)]
    _write_lines(lines, out)
    if out is not None:
        err_console().print(f"wrote {_n(len(lines), 'record')} about {accord} to {out}")


def _write_lines(lines: list[bytes], out: Path | None) -> None:
    data = b"".join(line + b"\n" for line in lines)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        fail(f"{out}: cannot write: {exc.strerror}")


def _print_report(report: ImportReport) -> None:
    err = err_console()
    for problem in report.changed:
        err.print(Text.assemble(("warning: ", "yellow"), str(problem)))
    if report.changed_count > len(report.changed):
        err.print(f"warning: ... and {report.changed_count - len(report.changed)} more changed")
    for problem in report.problems:
        err.print(error_line(problem))
    if report.bad > len(report.problems):
        err.print(error_line(f"... and {report.bad - len(report.problems)} more bad rows"))
    skipped = sum(report.skipped.values())
    reasons = ", ".join(f"{n} {reason}" for reason, n in report.skipped.items())
    parts = [
        _n(report.rows, "row"),
        f"{_n(report.added, 'record')} added",
        f"{report.already} already stored",
        f"{_n(skipped, 'row')} skipped" + (f" ({reasons})" if reasons else ""),
    ]
    if report.bad:
        parts.append(f"{_n(report.bad, 'bad row')} not imported")
    err.print(f"{report.source} -> {report.accord}: {', '.join(parts)}")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
