"""How a loaded accord looks on a terminal: the check report and the timeline.

Views build Rich renderables and plain data; they print nothing themselves, so the CLI
decides where output goes and tests render them on a fixed-width console.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from servanda.accord import ComputedInstant, LoadedAccord
from servanda.accord._calendar import render
from servanda.errors import Problem

_KIND_ORDER = ("obligation", "prohibition", "power")


def check_report(loaded: LoadedAccord) -> RenderableType:
    """What a mediator reads before signature: who, what, and every date it implies."""
    accord = loaded.accord
    header = Text.assemble(
        ("valid ", "bold green"),
        (loaded.source, "bold"),
        " — ",
        (accord.id, "cyan"),
        ": ",
        accord.title,
    )
    facts = [
        f"status {accord.status}",
        f"signed {accord.signed.isoformat()}" if accord.signed else "not signed",
        f"time zone {accord.timezone}",
    ]
    lines: list[RenderableType] = [header, Text("  " + " · ".join(facts))]
    lines.append(_roster("Parties", accord.parties))
    lines.append(_roster("Monitors", accord.monitors))
    lines.append(_roster("Guarantors", accord.guarantors))
    lines.extend(_provisions(loaded))
    lines.append(Text(f"  Instants ({accord.timezone}):"))
    lines.extend(
        _instant_line(item)
        for item in [*loaded.calendar.anchors, *loaded.calendar.instants]
        if not item.implicit
    )
    lines.extend(warning_line(w) for w in loaded.warnings)
    return Group(*lines)


def _instant_line(item: ComputedInstant) -> Text:
    reading = f" [{item.reading}]" if item.reading else ""
    note = f" ({item.note})" if item.note else ""
    return Text.assemble(
        "    ",
        (_when(item), "bold"),
        "  ",
        _what(item),
        (reading, "magenta"),
        (" — ", "dim"),
        (item.rule + note, "dim"),
    )


def _roster(label: str, entities: dict[str, Any]) -> Text:
    if not entities:
        return Text(f"  {label}: none named in the text", style="dim")
    names = ", ".join(f"{eid} ({entity.name})" for eid, entity in entities.items())
    return Text(f"  {label} ({len(entities)}): {names}")


def _provisions(loaded: LoadedAccord) -> list[RenderableType]:
    accord = loaded.accord
    counts: Counter[str] = Counter(p.kind for p in accord.provisions)
    summary = ", ".join(
        f"{counts[kind]} {kind}{'s' if counts[kind] != 1 else ''}"
        for kind in _KIND_ORDER
        if counts[kind]
    )
    lines: list[RenderableType] = [
        Text(f"  Provisions ({len(accord.provisions)}): {summary or 'none'}")
    ]
    for kind in _KIND_ORDER:
        ids = [p.id for p in accord.provisions if p.kind == kind]
        if ids:
            lines.append(Text(f"    {kind}s: {', '.join(ids)}"))
    if accord.guarantees:
        described = ", ".join(
            f"{g.id} ({g.strength}, {g.distribution}, by {'/'.join(g.guarantors)})"
            for g in accord.guarantees
        )
        lines.append(Text(f"  Guarantees ({len(accord.guarantees)}): {described}"))
    else:
        lines.append(Text("  Guarantees: none", style="dim"))
    if accord.reciprocity is not None:
        provisions = ", ".join(accord.reciprocity.material_breach.provisions)
        lines.append(Text(f"  Reciprocity: material breach of {provisions}"))
    return lines


def timeline_items(
    loaded: LoadedAccord, provisions: list[str] | None = None
) -> list[ComputedInstant]:
    """Instants in time order, without implicit starts; only ``provisions`` when given."""
    return [
        item
        for item in loaded.calendar.in_order()
        if not item.implicit
        and (not provisions or item.subject in provisions)
        and (not provisions or item.field != "anchor")
    ]


def timeline_table(loaded: LoadedAccord, provisions: list[str] | None = None) -> Table:
    """Every instant in time order; instants not fixed yet come last."""
    tz = loaded.calendar.timezone.key
    table = Table(
        title=f"{loaded.accord.id}: timeline ({tz})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    items = timeline_items(loaded, provisions)
    # Names are capped so that the rule keeps most of the width; long ids fold, never cut.
    table.add_column("when", no_wrap=True)
    table.add_column("what", max_width=26, overflow="fold")
    table.add_column("reading", max_width=24, overflow="fold")
    table.add_column("rule", overflow="fold")
    for item in items:
        table.add_row(_short_when(item), _what(item), item.reading or "", item.rule)
    return table


def _short_when(item: ComputedInstant) -> str:
    """Weekday, date, minute and offset: what a person scans for in a table."""
    if item.fixed is None:
        return "open"
    text = item.fixed.strftime("%a %Y-%m-%d %H:%M%z")
    return f"{text[:-2]}:{text[-2:]}"


def timeline_data(loaded: LoadedAccord, provisions: list[str] | None = None) -> dict[str, Any]:
    """The timeline as plain data for ``--format json``: stable keys, stable order.

    Unlike the table it keeps implicit starts (flagged), so programs see every instant.
    """
    return {
        "accord": loaded.accord.id,
        "timezone": loaded.calendar.timezone.key,
        "instants": [
            {
                "subject": item.subject,
                "field": item.field,
                "reading": item.reading,
                "at": render(item.fixed) if item.fixed else None,
                "implicit": item.implicit,
                "open": item.fixed is None,
                "rule": item.rule,
            }
            for item in loaded.calendar.in_order()
            if not provisions or (item.subject in provisions and item.field != "anchor")
        ],
    }


def _what(item: ComputedInstant) -> str:
    return f"anchor {item.subject}" if item.field == "anchor" else f"{item.subject} {item.field}"


def _when(item: ComputedInstant) -> str:
    return render(item.fixed) if item.fixed else "open".ljust(25)


def warning_line(problem: Problem) -> Text:
    return Text.assemble(("warning: ", "bold yellow"), str(problem))
