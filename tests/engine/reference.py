"""A second, independent implementation of DESIGN.md's normative rules, for testing.

Written from the rules, not from the engine: plain loops over records and local days,
no NumPy, no shared code beyond the accord's calendar and the evidence records. It is
slow on purpose; the property tests check that the engine agrees with it exactly on
every field but the prose of ``why``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from servanda.accord import LoadedAccord, Open, Provision
from servanda.accord._calendar import render, start_of_day
from servanda.evidence import Record


def reference(loaded: LoadedAccord, records: list[Record], as_of: datetime) -> dict[str, Any]:
    return _Reference(loaded, records, as_of).run()


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


class _Reference:
    def __init__(self, loaded: LoadedAccord, records: list[Record], as_of: datetime) -> None:
        self.loaded, self.accord = loaded, loaded.accord
        self.tz = loaded.calendar.timezone
        self.as_of = _utc(as_of)
        self.seen = [
            r
            for r in records
            if _utc(r.recorded_at) <= self.as_of and _utc(r.occurred_at) <= self.as_of
        ]

    def day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def show(self, moment: datetime | None) -> str | None:
        return render(moment.astimezone(self.tz)) if moment is not None else None

    def members(self, provision: Provision, bearer: str) -> tuple[str, ...]:
        return provision.bearers if provision.distribution != "several" else (bearer,)

    # The assessment --------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        for provision in self.accord.provisions:
            readings = self.loaded.calendar.readings[provision.id]
            for bearer in provision.bearers:
                for reading in readings:
                    rows.append(self.row(provision, bearer, reading))
        guarantees = [self.guarantee(g, rows) for g in self.accord.guarantees]
        powers = self.powers(rows)
        scores: dict[str, int] = {}
        for provision in self.accord.provisions:
            scored = [
                r["score"]
                for r in rows
                if r["provision"] == provision.id and r["score"] is not None
            ]
            if scored:
                scores[provision.id] = min(scored)
        percent = None
        if scores:
            exact = Decimal(100 * sum(scores.values())) / Decimal(3 * len(scores))
            percent = float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
        final = [self.suspend(row, powers) for row in rows]
        disagreements = []
        grouped: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        for row in final:
            if row["reading"] is not None:
                grouped[(row["provision"], row["party"])][row["reading"]] = row["state"]
        for (provision_id, party), states in grouped.items():
            if len(set(states.values())) > 1:
                disagreements.append({"provision": provision_id, "party": party, "states": states})
        allegations = sorted(
            (r for r in self.seen if r.kind == "statement" and r.act == "allegation"),
            key=lambda r: (_utc(r.occurred_at), r.id),
        )
        for row in final:
            for key in ("score", "_since", "_days", "_starts"):
                row.pop(key, None)
            row["allegations"] = sorted(
                a.id
                for a in allegations
                if a.target == row["party"] and row["provision"] in a.provisions
            )
        return {
            "accord": self.accord.id,
            "as_of": self.show(self.as_of),
            "results": final,
            "guarantees": guarantees,
            "powers": [{k: v for k, v in p.items() if not k.startswith("_")} for p in powers],
            "score": {"provisions": scores, "percent": percent},
            "disagreements": disagreements,
            "allegations": [
                {
                    "id": a.id,
                    "speaker": a.speaker,
                    "party": a.party,
                    "target": a.target,
                    "provisions": list(a.provisions),
                    "occurred_at": self.show(a.occurred_at),
                    "quote": a.quote,
                }
                for a in allegations
            ],
        }

    def row(self, provision: Provision, bearer: str, reading: str | None) -> dict[str, Any]:
        calendar = self.loaded.calendar
        start = calendar.instant(provision.id, "start", reading)
        if provision.kind == "prohibition":
            until = calendar.instant(provision.id, "until", reading)
            return self.prohibition(provision, bearer, reading, start, until)
        if provision.kind == "obligation":
            deadline = calendar.instant(provision.id, "deadline", reading)
            return self.obligation(provision, bearer, reading, start, deadline)
        until = calendar.instant(provision.id, "until", reading)
        return self.power_provision(provision, bearer, reading, start, until)

    def base(
        self, provision: Provision, bearer: str, reading: str | None, kind: str
    ) -> dict[str, Any]:
        return {
            "provision": provision.id,
            "party": bearer,
            "kind": kind,
            "reading": reading,
            "breached_periods": [],
            "periods": None,
            "evidence": [],
        }

    # Prohibitions ----------------------------------------------------------------------

    def prohibition(
        self, provision: Provision, bearer: str, reading: str | None, start: object, until: object
    ) -> dict[str, Any]:
        row = self.base(provision, bearer, reading, "prohibition")
        row["periods"] = {"breached": 0, "compliant": 0, "unknown": 0}
        if isinstance(start, Open) or self.as_of < _utc(start):  # type: ignore[arg-type]
            row.update(state="unknown", final=False, since=None, score=None, _days=[], _starts=[])
            return row
        assert isinstance(start, datetime)
        begin = _utc(start)
        end = _utc(until) if isinstance(until, datetime) else None
        indicator = provision.indicator
        kind = indicator.kind if indicator else ""
        tolerance = indicator.tolerance if indicator else 0
        monitors = provision.verified_by.monitors if provision.verified_by else ()
        quorum = provision.verified_by.quorum if provision.verified_by else 1
        members = self.members(provision, bearer)
        relevant = [
            r
            for r in self.seen
            if r.kind in ("report", "event")
            and r.monitor in monitors
            and r.indicator == kind
            and r.party in members
            and _utc(r.occurred_at) >= begin
            and (end is None or _utc(r.occurred_at) < end)
        ]
        denied: dict[str, set[str]] = defaultdict(set)
        for statement in self.seen:
            if statement.kind == "statement" and statement.act == "denial" and statement.party:
                denied[statement.party].update(statement.denies)
        today = self.day(self.as_of)
        last = self.day(end - timedelta(microseconds=1)) if end is not None else None
        counts = {"breached": 0, "compliant": 0, "unknown": 0}
        firsts: dict[str, date] = {}
        first_counted: date | None = None
        breached_days: list[date] = []
        evidence: set[str] = set()
        covering: set[str] = set()
        contested = provisional = False
        current = self.day(begin)
        while current <= today and (last is None or current <= last):
            ended = current < today or (end is not None and end <= self.as_of)
            in_day = [r for r in relevant if self.day(r.occurred_at) == current]
            status = "unknown"
            verified_members: list[str] = []
            partial = covered = dissent = False
            asserting_of: dict[str, set[str]] = {}
            for member in members:
                sums: dict[str, Decimal] = defaultdict(Decimal)
                seen_by: set[str] = set()
                for r in in_day:
                    if r.party == member:
                        sums[r.monitor or ""] += r.value
                        seen_by.add(r.monitor or "")
                asserting = {m for m, total in sums.items() if total > tolerance}
                asserting_of[member] = asserting
                if len(asserting) >= quorum:
                    verified_members.append(member)
                    if len(seen_by) > len(asserting):
                        dissent = True
                elif asserting:
                    partial = True
                if seen_by:
                    covered = True
            if verified_members:
                status = "breached"
            elif partial:
                status = "unknown"
            elif covered:
                status = "compliant"
            counted = ended or status == "breached"
            if counted:
                counts[status] += 1
                firsts.setdefault(status, current)
                first_counted = first_counted or current
                covering.update(r.id for r in in_day)
                if status == "breached":
                    breached_days.append(current)
                    for member in verified_members:
                        cited = {
                            r.id
                            for r in in_day
                            if r.party == member
                            and r.monitor in asserting_of[member]
                            and r.value > 0
                        }
                        evidence.update(cited)
                        if cited & denied.get(member, set()):
                            dissent = True
                    contested = contested or dissent
                if partial and status != "breached":
                    provisional = True
            current += timedelta(days=1)
        row["periods"] = counts
        if counts["breached"]:
            state, since_day = "breached", firsts["breached"]
            cited = sorted(evidence)
        elif counts["unknown"] or first_counted is None:
            state, since_day = "unknown", firsts.get("unknown")
            cited = sorted(covering)
        else:
            state, since_day = "compliant", first_counted
            cited = sorted(covering)
        row.update(
            state=state,
            final=state == "compliant"
            or (state == "breached" and not contested and not provisional),
            since=self.show(start_of_day(since_day, self.tz)) if since_day else None,
            evidence=cited,
            breached_periods=[d.isoformat() for d in breached_days],
            score=None
            if first_counted is None
            else {"compliant": 3, "unknown": 2, "breached": 1}[state],
            _days=breached_days,
            _starts=[start_of_day(d, self.tz) for d in breached_days],
            _since=start_of_day(since_day, self.tz) if since_day else None,
        )
        return row

    # Obligations -----------------------------------------------------------------------

    def obligation(
        self,
        provision: Provision,
        bearer: str,
        reading: str | None,
        start: object,
        deadline: object,
    ) -> dict[str, Any]:
        row = self.base(provision, bearer, reading, "obligation")
        kind = provision.done_when.kind if provision.done_when else None
        monitors = provision.verified_by.monitors if provision.verified_by else ()
        quorum = provision.verified_by.quorum if provision.verified_by else 1
        members = self.members(provision, bearer)
        reports = [
            r
            for r in self.seen
            if r.kind in ("report", "event")
            and kind is not None
            and r.indicator == kind
            and r.monitor in monitors
            and r.party in members
        ]
        verified_times = []
        unverified_members = []
        for member in members:
            mine = [r for r in reports if r.party == member]
            if len({r.monitor for r in mine}) >= quorum:
                verified_times.append(min(_utc(r.occurred_at) for r in mine))
            elif mine:
                unverified_members.append(min(_utc(r.occurred_at) for r in mine))
        performed = min(verified_times) if verified_times else None
        due = _utc(deadline) if isinstance(deadline, datetime) else None
        begins = _utc(start) if isinstance(start, datetime) else None
        ids = sorted(r.id for r in reports)
        late = performed is not None and due is not None and performed >= due
        if performed is not None and not late:
            state, since, final, evidence, score = "fulfilled", performed, True, ids, 3
        elif due is not None and self.as_of >= due:
            early = any(t < due for t in unverified_members)
            state, since, final, evidence, score = "violated", due, not early, ids, 2 if late else 0
        elif begins is None or self.as_of < begins:
            state, since, final, evidence, score = (
                "pending",
                None,
                False,
                [],
                1 if unverified_members else 0,
            )
        else:
            state, since, final, evidence = "in_effect", begins, False, []
            score = 1 if unverified_members else 0
        row.update(
            state=state,
            final=final,
            since=self.show(since),
            evidence=evidence,
            score=score,
            _since=since,
        )
        return row

    # Powers ----------------------------------------------------------------------------

    def power_provision(
        self, provision: Provision, holder: str, reading: str | None, start: object, until: object
    ) -> dict[str, Any]:
        row = self.base(provision, holder, reading, "power")
        begins = _utc(start) if isinstance(start, datetime) else None
        ends = _utc(until) if isinstance(until, datetime) else None
        acts = sorted(
            (_utc(r.occurred_at), r.id)
            for r in self.seen
            if r.kind == "act"
            and r.indicator == provision.id
            and r.party == holder
            and begins is not None
            and _utc(r.occurred_at) >= begins
            and (ends is None or _utc(r.occurred_at) < ends)
        )
        if acts:
            state, since, evidence = "exercised", acts[0][0], [acts[0][1]]
        elif ends is not None and self.as_of >= ends:
            state, since, evidence = "expired", ends, []
        elif begins is not None and self.as_of >= begins:
            state, since, evidence = "available", begins, []
        else:
            state, since, evidence = "dormant", None, []
        row.update(
            state=state,
            final=state in ("exercised", "expired"),
            since=self.show(since),
            evidence=evidence,
            score=None,
            _since=since,
        )
        return row

    def powers(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        reciprocity = self.accord.reciprocity
        if reciprocity is None:
            return []
        listed = reciprocity.material_breach.provisions
        bearing = {b for p in self.accord.provisions if p.id in listed for b in p.bearers}
        out = []
        for holder in self.accord.parties:
            for against in self.accord.parties:
                if holder == against or against not in bearing:
                    continue
                breaches = [
                    r
                    for r in rows
                    if r["provision"] in listed
                    and r["party"] == against
                    and r["state"] in ("violated", "breached")
                ]
                row: dict[str, Any] = {"holder": holder, "power": "suspend", "against": against}
                if not breaches:
                    row.update(state="dormant", since=None, evidence=[])
                    out.append(row)
                    continue
                moment = min(_utc(r["_since"]) for r in breaches)
                cited = sorted(
                    {e for r in breaches if _utc(r["_since"]) == moment for e in r["evidence"]}
                )
                acts = sorted(
                    (_utc(r.occurred_at), r.id)
                    for r in self.seen
                    if r.kind == "act"
                    and r.indicator == "suspend"
                    and r.party == holder
                    and r.against == against
                    and _utc(r.occurred_at) >= moment
                )
                if acts:
                    row.update(
                        state="exercised",
                        since=self.show(acts[0][0]),
                        evidence=sorted({*cited, acts[0][1]}),
                        _act=(acts[0][0], acts[0][1]),
                    )
                else:
                    row.update(state="available", since=self.show(moment), evidence=cited)
                out.append(row)
        return out

    def suspend(self, row: dict[str, Any], powers: list[dict[str, Any]]) -> dict[str, Any]:
        provision = self.accord.provision(row["provision"])
        if row["kind"] != "obligation" or provision.humanitarian:
            return row
        acts = sorted(
            (p["_act"][0], p["_act"][1], p["against"])
            for p in powers
            if p["state"] == "exercised" and p["holder"] == row["party"]
        )
        for moment, act_id, against in acts:
            if provision.beneficiaries and against not in provision.beneficiaries:
                continue
            if row["state"] in ("fulfilled", "violated") and _utc(row["_since"]) <= moment:
                return row
            return {
                **row,
                "state": "suspended",
                "since": self.show(moment),
                "final": False,
                "evidence": [act_id],
            }
        return row

    # Guarantees ------------------------------------------------------------------------

    def guarantee(self, guarantee: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {"guarantee": guarantee.id}
        persisting = guarantee.triggered_by.persisting
        triggers = []
        for row in rows:
            if row["provision"] not in guarantee.triggered_by.violated:
                continue
            if row["state"] not in ("violated", "breached"):
                continue
            if persisting is None:
                triggers.append((_utc(row["_since"]), row))
            elif row["kind"] == "prohibition":
                days, starts = row["_days"], row["_starts"]
                run = 0
                for index, day in enumerate(days):
                    run = run + 1 if index and day - days[index - 1] == timedelta(days=1) else 1
                    if run >= persisting.amount:
                        triggers.append((_utc(starts[index]), row))
                        break
            else:
                moment = _utc(row["_since"]) + persisting.delta
                if moment <= self.as_of:
                    triggers.append((moment, row))
        if not triggers:
            out.update(state="dormant", since=None, due=None, evidence=[])
            return out
        moment = min(t for t, _ in triggers)
        cited = {e for t, row in triggers if t == moment for e in row["evidence"]}
        response = guarantee.response
        due = (
            moment + response.within.delta
            if response is not None and response.within is not None
            else None
        )
        acts = [
            r
            for r in self.seen
            if r.kind == "act"
            and response is not None
            and r.indicator == response.kind
            and r.party in guarantee.guarantors
            and moment <= _utc(r.occurred_at)
            and (due is None or _utc(r.occurred_at) <= due)
        ]
        actors = {r.party for r in acts}
        if guarantee.distribution == "several":
            fulfilled = actors >= set(guarantee.guarantors)
        else:
            fulfilled = bool(actors)
        if fulfilled:
            state = "fulfilled"
        elif due is not None and self.as_of > due:
            state = "violated"
        else:
            state = "triggered"
        out.update(
            state=state,
            since=self.show(moment),
            due=self.show(due),
            evidence=sorted(cited | {r.id for r in acts}),
        )
        return out
