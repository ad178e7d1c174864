"""Statements seen through an accord: its ids for parties, the provisions they concern,
and evidence records the engine accepts.

Parties: every accord party, monitor and guarantor is added to the registry under its
own id and name; a registry code its name resolves to ("Russian Federation" -> RU,
"OSCE Special Monitoring Mission" -> OSCE) becomes that id, as does a group whose
name's first word the accord's name contains ("Donetsk People's Republic" -> the
accord's "certain areas of the Donetsk and Luhansk regions"). The first accord entity
to claim a code keeps it.

Provisions: a statement concerns a provision when its quote contains a keyword of it:
the words of the provision's id and of its indicator and ``done_when`` kinds, with a
few synonyms ("truce" for "ceasefire", "withdraw" for "withdrawal"). Simple and
visible on purpose: it says which provisions a statement is about, not what it proves.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import datetime

from servanda.accord import LoadedAccord
from servanda.statements._extract import Statement
from servanda.statements._registry import Registry

_STOPWORDS = {"of", "and", "the", "to", "a", "an", "in", "on", "for", "by", "verified", "no"}
_SYNONYMS = {
    "ceasefire": ("truce", "cease-fire", "cease fire", "ceasefire", "hostilities", "armistice"),
    "withdrawal": ("withdraw", "pull back", "pullback", "pull-back"),
    "weapons": ("weapon", "weaponry", "artillery"),
    "exchange": ("exchange", "swap"),
    "prisoners": ("prisoner", "detainee", "captive"),
    "hostages": ("hostage",),
    "humanitarian": ("humanitarian", "aid"),
    "guarantees": ("guarantee",),
}


def accord_registry(registry: Registry, loaded: LoadedAccord) -> Registry:
    """The registry with the accord's parties, monitors and guarantors as its ids."""
    accord = loaded.accord
    entities = {**accord.parties, **accord.guarantors, **accord.monitors}
    names = {key: entity.name for key, entity in entities.items()}
    aliases: dict[str, str] = {}
    for key, name in names.items():
        codes = [key] if registry.party_of(key) == key else []
        codes += [m.party for m in registry.find(name)]
        for code in codes[:1] + [c for c in codes[1:] if c == key]:
            aliases.setdefault(code, key)
    for entry, (party, kind) in registry.names.items():
        if kind != "group" or party in aliases:
            continue
        first = entry.split()[0]
        for key, name in names.items():
            if len(first) > 3 and re.search(rf"\b{re.escape(first)}\b", name):
                aliases.setdefault(party, key)
    return registry.extended(names, aliases)


def _keywords(words: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for word in words:
        word = word.lower()
        if word in _STOPWORDS or len(word) < 3:
            continue
        out.add(word)
        out.update(_SYNONYMS.get(word, ()))
    return out


def provision_keywords(loaded: LoadedAccord) -> dict[str, set[str]]:
    """Each provision's keywords (see the module docstring)."""
    out = {}
    for provision in loaded.accord.provisions:
        words = re.split(r"[-_]", provision.id)
        for kind in (provision.indicator, provision.done_when):
            if kind is not None:
                words += kind.kind.split("_")
        out[provision.id] = _keywords(words)
    return out


def provisions_of(quote: str, keywords: dict[str, set[str]]) -> tuple[str, ...]:
    """The provisions whose keywords the quote contains, in the accord's order."""
    lower = quote.lower()
    return tuple(
        pid
        for pid, words in keywords.items()
        if any(re.search(rf"\b{re.escape(w)}", lower) for w in words)
    )


def evidence_records(
    statements: Sequence[Statement], loaded: LoadedAccord, recorded_at: datetime
) -> list[dict[str, object]]:
    """The statements as evidence records of kind ``statement`` for ``loaded``.

    A statement whose party is not one of the accord's is left out (it is evidence about
    someone else); a target outside the accord becomes null. ``occurred_at`` is the
    start of the day it was said, else of the document's date, else of ``recorded_at``'s
    day, in the accord's time zone; a denial ``denies`` the allegations against its party that
    come before it in the same run.
    """
    accord = loaded.accord
    speakers = {*accord.parties, *accord.guarantors, *accord.monitors}
    tz = loaded.calendar.timezone
    local_recorded = recorded_at.astimezone(tz)
    records: list[dict[str, object]] = []
    allegations: list[tuple[str, str]] = []  # (record id, target)
    for statement in statements:
        if statement.party not in speakers:
            continue
        digest = hashlib.sha256(
            f"{statement.document}\0{statement.start}\0{statement.end}".encode()
        ).hexdigest()[:12]
        record_id = f"statement-{digest}"
        day = statement.date or statement.published or local_recorded.date().isoformat()
        occurred = datetime.fromisoformat(f"{day}T00:00").replace(tzinfo=tz)
        if occurred > local_recorded:
            occurred = local_recorded
        target = statement.target if statement.target in speakers else None
        record: dict[str, object] = {
            "id": record_id,
            "kind": "statement",
            "occurred_at": occurred.isoformat(timespec="minutes"),
            "recorded_at": local_recorded.isoformat(timespec="minutes"),
            "source": statement.document,
            "speaker": statement.speaker,
            "party": statement.party,
            "act": statement.act,
            "target": target,
            "quote": statement.quote,
            "document": statement.document,
            "start": statement.start,
            "end": statement.end,
            "provisions": list(statement.provisions),
        }
        if statement.act == "denial":
            record["denies"] = [rid for rid, against in allegations if against == statement.party]
        if statement.act == "allegation" and target is not None:
            allegations.append((record_id, target))
        records.append(record)
    return records
