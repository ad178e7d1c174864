"""How an assessment and its history look: Rich tables, CSV, and plain data.

The JSON form is the engine's own (``Assessment.dumps``); these are for people and
spreadsheets, and show the same rows in the same order.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from servanda.accord._calendar import render
from servanda.engine import Assessment, Change

_STYLE = {
    "breached": "bold red",
    "violated": "bold red",
    "compliant": "green",
    "fulfilled": "green",
    "unknown": "yellow",
    "triggered": "bold magenta",
    "available": "magenta",
    "exercised": "bold magenta",
    "suspended": "cyan",
}

CSV_COLUMNS = (
    "section",
    "subject",
    "party",
    "against",
    "reading",
    "kind",
    "state",
    "final",
    "since",
    "due",
    "breached",
    "compliant",
    "unknown",
    "breached_periods",
    "evidence",
    "allegations",
    "why",
)


def _state(state: str, final: bool | None = None) -> Text:
    text = Text(state, style=_STYLE.get(state, ""))
    if final is False:
        text.append(" (provisional)", style="dim")
    return text


def _when(value: Any) -> str:
    return render(value) if value is not None else ""


def assessment_tables(assessment: Assessment) -> RenderableType:
    """Results, guarantees, powers and the score, as tables."""
    title = f"{assessment.accord} as of {render(assessment.as_of)}"
    results = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    results.add_column("provision / party", overflow="fold", max_width=30)
    results.add_column("state", overflow="fold", min_width=16)
    results.add_column("why", overflow="fold", ratio=1)
    for row in assessment.results:
        what = Text(row.provision, style="bold")
        what.append(f"\n{row.party}")
        if row.reading:
            what.append(f" [{row.reading}]", style="magenta")
        verdict = _state(row.state, row.final if row.state in ("breached", "violated") else None)
        if row.since is not None:
            verdict.append(f"\nsince {_short(row.since)}", style="dim")
        if row.periods is not None:
            days = row.periods
            verdict.append(
                f"\ndays {days['breached']}b {days['compliant']}c {days['unknown']}u",
                style="dim",
            )
        why = Text(row.why)
        if row.allegations:
            why.append(f"\nalleged by {_count(len(row.allegations), 'statement')}: ", style="dim")
            why.append(", ".join(row.allegations), style="dim")
        results.add_row(what, verdict, why)
    parts: list[RenderableType] = [results]
    if assessment.guarantees:
        table = Table(title="guarantees", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        for column in ("guarantee", "state", "since", "due", "why"):
            table.add_column(column, overflow="fold")
        for g in assessment.guarantees:
            since = _short(g.since) if g.since else ""
            due = _short(g.due) if g.due else ""
            table.add_row(g.guarantee, _state(g.state), since, due, g.why)
        parts.append(table)
    if assessment.powers:
        table = Table(title="powers", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        for column in ("holder", "power", "against", "state", "since", "why"):
            table.add_column(column, overflow="fold")
        for p in assessment.powers:
            since = _short(p.since) if p.since else ""
            table.add_row(p.holder, p.power, p.against, _state(p.state), since, p.why)
        parts.append(table)
    if assessment.allegations:
        parts.append(_allegations(assessment))
    parts.append(_score(assessment))
    if assessment.disagreements:
        lines = [Text("readings disagree:", style="bold")]
        for d in assessment.disagreements:
            states = ", ".join(f"{reading} {state}" for reading, state in d.states.items())
            lines.append(Text(f"  {d.provision} for {d.party}: {states}"))
        parts.append(Group(*lines))
    return Group(*parts)


def _allegations(assessment: Assessment) -> Table:
    """Who accused whom of what: beside the verdicts, never one of them."""
    table = Table(
        title="allegations (statements: shown, never counted as verification)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("when", no_wrap=True)
    table.add_column("who → against", no_wrap=True)
    table.add_column("provisions", overflow="fold")
    table.add_column("quote", overflow="fold", ratio=1)
    for a in assessment.allegations:
        quote = Text(a.quote)
        quote.append(f"\n{a.speaker} · {a.id}", style="dim")
        who = f"{a.party or '?'} → {a.target or '?'}"
        table.add_row(_short(a.occurred_at), who, "\n".join(a.provisions), quote)
    return table


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _short(moment: Any) -> str:
    """A date, with the time only when it is not midnight."""
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return str(moment.date().isoformat())
    return str(moment.strftime("%Y-%m-%d %H:%M"))


def _score(assessment: Assessment) -> Text:
    if assessment.percent is None:
        return Text("score: nothing to score yet (Peace Accords Matrix, 0-3 per provision)")
    per = ", ".join(f"{name} {value}" for name, value in assessment.scores.items())
    return Text(f"score: {assessment.percent}% implemented (Peace Accords Matrix 0-3: {per})")


def assessment_csv(assessment: Assessment) -> str:
    """Every row of every section as CSV, one header, in the JSON's order."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in assessment.results:
        periods = row.periods or {}
        writer.writerow(
            {
                "section": "result",
                "subject": row.provision,
                "party": row.party,
                "reading": row.reading or "",
                "kind": row.kind,
                "state": row.state,
                "final": str(row.final).lower(),
                "since": _when(row.since),
                "breached": periods.get("breached", ""),
                "compliant": periods.get("compliant", ""),
                "unknown": periods.get("unknown", ""),
                "breached_periods": ";".join(d.isoformat() for d in row.breached_periods),
                "evidence": ";".join(row.evidence),
                "allegations": ";".join(row.allegations),
                "why": row.why,
            }
        )
    for g in assessment.guarantees:
        writer.writerow(
            {
                "section": "guarantee",
                "subject": g.guarantee,
                "state": g.state,
                "since": _when(g.since),
                "due": _when(g.due),
                "evidence": ";".join(g.evidence),
                "why": g.why,
            }
        )
    for p in assessment.powers:
        writer.writerow(
            {
                "section": "power",
                "subject": p.power,
                "party": p.holder,
                "against": p.against,
                "state": p.state,
                "since": _when(p.since),
                "evidence": ";".join(p.evidence),
                "why": p.why,
            }
        )
    for a in assessment.allegations:
        writer.writerow(
            {
                "section": "allegation",
                "subject": ";".join(a.provisions),
                "party": a.party or "",
                "against": a.target or "",
                "since": _when(a.occurred_at),
                "evidence": a.id,
                "why": f"{a.speaker}: {a.quote}",
            }
        )
    return out.getvalue()


def changes_table(accord: str, zone: str, changes: Sequence[Change]) -> Table:
    table = Table(
        title=f"{accord}: state changes ({zone})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for column in ("as of", "what", "reading", "from", "to"):
        table.add_column(column, overflow="fold")
    for change in changes:
        table.add_row(
            change.at.strftime("%a %Y-%m-%d %H:%M"),
            _subject(change),
            change.reading or "",
            change.before or "",
            _state(change.after),
        )
    return table


def changes_data(accord: str, changes: Sequence[Change]) -> dict[str, Any]:
    return {
        "accord": accord,
        "changes": [
            {
                "as_of": render(c.at),
                "section": c.section,
                "subject": c.subject,
                "party": c.party,
                "against": c.against,
                "reading": c.reading,
                "from": c.before,
                "to": c.after,
            }
            for c in changes
        ],
    }


def _subject(change: Change) -> str:
    if change.section == "power":
        return f"{change.party} may {change.subject} against {change.against}"
    if change.section == "guarantee":
        return f"guarantee {change.subject}"
    return f"{change.subject} {change.party}"
