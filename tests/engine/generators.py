"""Hypothesis strategies: small random accords, evidence about them, and a moment.

The accords are built as YAML documents and loaded like any other, so everything the
engine is given has passed the language's own checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import yaml
from hypothesis import strategies as st

from servanda.accord import LoadedAccord, parse_accord
from servanda.evidence import Record

ZONES = ["UTC", "Europe/Kyiv", "America/Sao_Paulo", "Australia/Lord_Howe"]
PARTIES = ["A", "B", "C"]
MONITORS = ["M1", "M2", "M3", "M4"]  # M4 is never listed by a provision
GUARANTORS = ["G1", "G2"]


@dataclass(frozen=True)
class Case:
    loaded: LoadedAccord
    records: list[Record]
    as_of: datetime


def _subset(draw: st.DrawFn, items: list[str], minimum: int = 1) -> list[str]:
    chosen = draw(
        st.lists(st.sampled_from(items), min_size=minimum, max_size=len(items), unique=True)
    )
    return [item for item in items if item in chosen]


@st.composite
def accords(draw: st.DrawFn) -> tuple[LoadedAccord, datetime]:
    zone = draw(st.sampled_from(ZONES))
    anchor = draw(
        st.datetimes(min_value=datetime(2018, 1, 1), max_value=datetime(2019, 12, 31))
    ).replace(second=0, microsecond=0, tzinfo=UTC)
    parties = PARTIES[: draw(st.integers(2, 3))]
    provisions: list[dict[str, Any]] = []
    for index in range(draw(st.integers(1, 2))):
        monitors = _subset(draw, MONITORS[:3])
        provision: dict[str, Any] = {
            "id": f"p{index}",
            "kind": "prohibition",
            "bearers": _subset(draw, parties),
            "distribution": draw(st.sampled_from(["several", "collective"])),
            "text": "Do not.",
            "indicator": {"kind": f"violation{index}", "tolerance": draw(st.integers(0, 2))},
            "verified_by": {"monitors": monitors, "quorum": draw(st.integers(1, len(monitors)))},
        }
        if draw(st.booleans()):
            provision["from"] = "ceasefire"
        else:
            provision["start"] = {"after": "ceasefire", "days": draw(st.integers(0, 2))}
        if draw(st.booleans()):
            provision["readings"] = {
                "short": {"until": {"after": "ceasefire", "days": draw(st.integers(1, 3))}},
                "long": {"until": {"after": "ceasefire", "days": draw(st.integers(4, 8))}},
            }
        provisions.append(provision)
    for index in range(draw(st.integers(1, 2))):
        monitors = _subset(draw, MONITORS[:3])
        provision = {
            "id": f"o{index}",
            "kind": "obligation",
            "bearers": _subset(draw, parties),
            "distribution": draw(st.sampled_from(["several", "collective"])),
            "humanitarian": draw(st.booleans()),
            "text": "Do.",
            "done_when": {"kind": f"done{index}"},
            "verified_by": {"monitors": monitors, "quorum": draw(st.integers(1, len(monitors)))},
        }
        if draw(st.booleans()):
            provision["beneficiaries"] = _subset(draw, parties)
        if draw(st.booleans()):
            provision["start"] = {"after": "ceasefire", "days": draw(st.integers(0, 3))}
        deadline = draw(st.sampled_from(["days", "hours", "none", "readings"]))
        if deadline == "days":
            provision["deadline"] = {"after": "ceasefire", "days": draw(st.integers(1, 8))}
        elif deadline == "hours":
            provision["deadline"] = {"after": "start", "hours": draw(st.integers(1, 150))}
        elif deadline == "readings":
            provision["readings"] = {
                "early": {"deadline": {"after": "ceasefire", "days": draw(st.integers(1, 3))}},
                "late": {"deadline": {"after": "ceasefire", "days": draw(st.integers(4, 9))}},
            }
        provisions.append(provision)
    if draw(st.booleans()):
        provisions.append(
            {
                "id": "terminate",
                "kind": "power",
                "bearers": _subset(draw, parties),
                "text": "May terminate.",
                "start": {"after": "ceasefire", "days": draw(st.integers(0, 5))},
            }
        )
    violable = [p["id"] for p in provisions if p["kind"] != "power"]
    guarantees = []
    for index in range(draw(st.integers(0, 2))):
        trigger: dict[str, Any] = {"violated": _subset(draw, violable)}
        if draw(st.booleans()):
            trigger["persisting"] = f"{draw(st.integers(1, 3))} days"
        response: dict[str, Any] = {"kind": "consult"}
        if draw(st.booleans()):
            response["within"] = f"{draw(st.integers(1, 96))} hours"
        guarantees.append(
            {
                "id": f"g{index}",
                "guarantors": _subset(draw, GUARANTORS),
                "distribution": draw(st.sampled_from(["several", "collective"])),
                "triggered_by": trigger,
                "response": response,
            }
        )
    document: dict[str, Any] = {
        "servanda": 1,
        "id": "generated",
        "title": "Generated",
        "signed": (anchor - timedelta(days=3)).date().isoformat(),
        "timezone": zone,
        "parties": {p: f"Party {p}" for p in parties},
        "monitors": {m: f"Monitor {m}" for m in MONITORS},
        "guarantors": {g: f"Guarantor {g}" for g in GUARANTORS},
        "anchors": {"ceasefire": anchor.isoformat(timespec="minutes")},
        "provisions": provisions,
        "guarantees": guarantees,
    }
    if draw(st.booleans()):
        document["reciprocity"] = {"material_breach": {"provisions": _subset(draw, violable)}}
    return parse_accord(yaml.safe_dump(document, sort_keys=False), "generated.yaml"), anchor


@st.composite
def cases(draw: st.DrawFn) -> Case:
    loaded, anchor = draw(accords())
    accord = loaded.accord
    parties = list(accord.parties)
    provision_ids = [p.id for p in accord.provisions]
    kinds = [p.indicator.kind for p in accord.provisions if p.indicator] + [
        p.done_when.kind for p in accord.provisions if p.done_when
    ]
    # Dense evidence over a few days, so that days are covered, breached and contested.
    span = draw(st.integers(1, 6)) * 24 * 60
    minutes = st.integers(min_value=-12 * 60, max_value=span)
    records: list[Record] = []
    for number in range(draw(st.integers(0, 60))):
        occurred = anchor + timedelta(minutes=draw(minutes))
        recorded = occurred + timedelta(minutes=draw(st.sampled_from([0, 5, 60, 600, 3000])))
        records.append(
            Record(
                id=f"r{number:02d}",
                kind=draw(st.sampled_from(["report", "event"])),
                occurred_at=occurred,
                recorded_at=recorded,
                monitor=draw(st.sampled_from([*MONITORS[:3], *MONITORS])),
                indicator=draw(st.sampled_from(kinds)),
                party=draw(st.sampled_from(parties)),
                value=Decimal(draw(st.sampled_from([0, 0, 1, 1, 2, 3]))),
            )
        )
    # Most days of each prohibition covered by its own monitors, as real monitoring is.
    days = span // (24 * 60) + 1
    for provision in accord.provisions:
        if provision.kind != "prohibition" or provision.indicator is None:
            continue
        assert provision.verified_by is not None
        for bearer in provision.bearers:
            for day in range(days):
                for monitor in provision.verified_by.monitors:
                    if not draw(st.integers(0, 3)):
                        continue
                    occurred = anchor + timedelta(days=day, minutes=draw(st.integers(0, 1439)))
                    records.append(
                        Record(
                            id=f"d{len(records):03d}",
                            kind="report",
                            occurred_at=occurred,
                            recorded_at=occurred + timedelta(minutes=30),
                            monitor=monitor,
                            indicator=provision.indicator.kind,
                            party=bearer,
                            value=Decimal(draw(st.sampled_from([0, 0, 0, 1, 3]))),
                        )
                    )
    # Some records fall exactly on an instant the accord defines: boundaries matter.
    instants = [i.at for i in loaded.calendar.instants if isinstance(i.at, datetime)]
    for number in range(draw(st.integers(0, 4)) if instants else 0):
        occurred = draw(st.sampled_from(instants))
        records.append(
            Record(
                id=f"e{number}",
                kind="report",
                occurred_at=occurred,
                recorded_at=occurred,
                monitor=draw(st.sampled_from(MONITORS[:3])),
                indicator=draw(st.sampled_from(kinds)),
                party=draw(st.sampled_from(parties)),
                value=Decimal(1),
            )
        )
    report_ids = [r.id for r in records]
    for number in range(draw(st.integers(0, 10))):
        occurred = anchor + timedelta(minutes=draw(minutes))
        recorded = occurred + timedelta(minutes=draw(st.integers(0, 600)))
        what = draw(st.sampled_from(["suspend", "consult", "terminate", "denial", "allegation"]))
        if what == "allegation":
            record = Record(
                id=f"s{number:02d}",
                kind="statement",
                occurred_at=occurred,
                recorded_at=recorded,
                party=draw(st.sampled_from(parties)),
                act="allegation",
                speaker="Spokesperson",
                quote="They fired first.",
                target=draw(st.sampled_from(parties)),
                provisions=tuple(
                    draw(st.lists(st.sampled_from(provision_ids), max_size=2, unique=True))
                ),
            )
        elif what == "denial":
            record = Record(
                id=f"s{number:02d}",
                kind="statement",
                occurred_at=occurred,
                recorded_at=recorded,
                party=draw(st.sampled_from(parties)),
                act="denial",
                speaker="Spokesperson",
                quote="We did not.",
                denies=tuple(draw(st.lists(st.sampled_from(report_ids), max_size=3)))
                if report_ids
                else (),
            )
        else:
            actors = GUARANTORS if what == "consult" else parties
            record = Record(
                id=f"a{number:02d}",
                kind="act",
                occurred_at=occurred,
                recorded_at=recorded,
                indicator=what,
                party=draw(st.sampled_from(actors)),
                against=draw(st.sampled_from(parties)) if what == "suspend" else None,
            )
        records.append(record)
    later = draw(st.sampled_from([0, 0, 0, 24 * 60, 12 * 24 * 60]))
    as_of = anchor + timedelta(minutes=draw(st.integers(-6 * 60, span)) + later)
    if instants and not draw(st.integers(0, 4)):
        as_of = draw(st.sampled_from(instants))  # exactly at a start or deadline
    tz = loaded.calendar.timezone
    localised = [
        Record(
            **{
                **{f: getattr(r, f) for f in r.__dataclass_fields__},
                "occurred_at": r.occurred_at.astimezone(tz),
                "recorded_at": r.recorded_at.astimezone(tz),
            }
        )
        for r in records
    ]
    return Case(loaded, localised, as_of.astimezone(tz))
