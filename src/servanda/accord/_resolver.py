"""Resolve every ``after:``/``from:`` reference of an accord into instants, per reading.

References are followed depth first with memoisation; a reference met again while it
is still being resolved is a cycle, reported as the chain of references that closes it.
Each failure carries the document path of the key that holds the reference.

Readings propagate. A provision that counts from another provision's instant, where
that instant differs between the other's readings, is evaluated under each of those
readings too (it *inherits* them). If it has readings of its own, each own reading is
combined with each inherited one, named ``own+inherited``. Counting from two provisions
whose readings differ is refused: which reading of one goes with which of the other is
for the accord to say, by naming readings (``withdrawal@from-start.deadline``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

from servanda.accord import _calendar as cal
from servanda.accord._instants import (
    Calendar,
    ComputedInstant,
    Instant,
    InstantProblem,
    Open,
    Path,
)
from servanda.accord._model import Accord, Provision, Reading, TimeSpec
from servanda.accord._values import Ref

Value = tuple[Instant, str]  # the instant and the rule that gave it
_IMPLICIT = "when the accord takes effect:"
_FIELDS = ("start", "deadline", "until")


class _Resolver:
    def __init__(self, accord: Accord, tz: ZoneInfo, assume: Mapping[str, date]) -> None:
        self.accord, self.tz, self.assume = accord, tz, assume
        self.index = {p.id: i for i, p in enumerate(accord.provisions)}
        self.anchors = self._anchors()
        self.values: dict[tuple[str, str | None, str], Value | None] = {}
        # reading name -> (own reading, inherited reading), per provision
        self.parts: dict[str, dict[str | None, tuple[str | None, str | None]]] = {}
        self.inherited: dict[str, str] = {}
        self.stack: list[str] = []

    # Anchors ---------------------------------------------------------------------------

    def _anchors(self) -> dict[str, Value]:
        anchors: dict[str, Value] = {}
        if "signed" not in self.accord.anchors:
            signed = self.assume.get("signed", self.accord.signed)
            anchors["signed"] = (
                (Open("signature"), "not signed yet")
                if signed is None
                else self._anchor("signed", signed, ("signed",))
            )
        for name, anchor in self.accord.anchors.items():
            anchors[name] = self._anchor(name, self.assume.get(name, anchor.at), ("anchors", name))
        known = ", ".join(sorted(anchors))
        for name in self.assume:
            if name not in anchors:
                raise InstantProblem(
                    (), f"--assume names {name!r}, which is not an anchor; anchors are {known}"
                )
        if self.accord.in_force not in anchors:
            raise InstantProblem(
                ("in_force",), f"unknown anchor {self.accord.in_force!r}; anchors are {known}"
            )
        return anchors

    def _anchor(self, name: str, moment: date | None, path: Path) -> Value:
        if moment is None:
            return Open(name), "no date yet"
        try:
            instant = cal.localize(moment, self.tz)
        except cal.CalendarError as exc:
            raise InstantProblem(path, str(exc)) from None
        assumed = " (assumed)" if name in self.assume else ""
        return instant, f"fixed{assumed}: {_written_moment(moment)}"

    # Readings --------------------------------------------------------------------------

    def readings(self, pid: str) -> tuple[str | None, ...]:
        """The readings ``pid`` is evaluated under: its own, inherited, or combined."""
        if pid not in self.parts:
            provision = self._provision(pid)
            own: tuple[str | None, ...] = tuple(provision.readings) or (None,)
            theirs = self._inherited_readings(provision)
            self.parts[pid] = {
                _combine(mine, other): (mine, other) for mine in own for other in theirs
            }
        return tuple(self.parts[pid])

    def _inherited_readings(self, provision: Provision) -> tuple[str | None, ...]:
        found: dict[tuple[str | None, ...], str] = {}
        for path, ref in self._refs(provision):
            if ref.field is None or ref.reading is not None or ref.name == provision.id:
                continue  # anchors, named readings and its own instants add no reading
            self._require_provision(ref, path)
            if self._varies(ref.name, ref.field, path):
                found.setdefault(self.readings(ref.name), ref.name)
        if not found:
            return (None,)
        if len(found) > 1:
            sources = "; ".join(
                f"{source}: {', '.join(map(str, names))}" for names, source in found.items()
            )
            first = next(iter(found.values()))
            raise InstantProblem(
                ("provisions", self.index[provision.id]),
                f"counts from provisions whose readings differ ({sources}); name the "
                f"reading in each reference, e.g. {first}@READING.deadline",
            )
        ((names, source),) = found.items()
        self.inherited[provision.id] = source
        return names

    def _varies(self, pid: str, name: str, path: Path) -> bool:
        """Whether ``pid``'s ``name`` instant differs between its readings."""
        with self._visiting(f"{pid}.{name}", path):
            seen = {_key(self.value(pid, reading, name)) for reading in self.readings(pid)}
        return len(seen) > 1

    def _refs(self, provision: Provision) -> Iterator[tuple[Path, Ref]]:
        """Every reference the provision and its readings count from, with its path."""
        base: Path = ("provisions", self.index[provision.id])
        holders: list[tuple[Path, Provision | Reading]] = [(base, provision)]
        holders += [((*base, "readings", n), r) for n, r in provision.readings.items()]
        for path, holder in holders:
            if holder.from_ is not None:
                yield (*path, "from"), holder.from_
            for name in _FIELDS:
                spec = getattr(holder, name)
                if spec is not None and spec.after is not None:
                    yield (*path, name, "after"), spec.after

    # Values ----------------------------------------------------------------------------

    def value(self, pid: str, reading: str | None, name: str) -> Value | None:
        key = (pid, reading, name)
        if key not in self.values:
            path: Path = ("provisions", self.index[pid])
            label = f"{pid}@{reading}.{name}" if reading is not None else f"{pid}.{name}"
            with self._visiting(label, path):
                self.values[key] = self._compute(self._provision(pid), reading, name)
        return self.values[key]

    def _compute(self, provision: Provision, reading: str | None, name: str) -> Value | None:
        path: Path = ("provisions", self.index[provision.id])
        spec: TimeSpec | None = getattr(provision, name)
        from_ = provision.from_
        own, _ = self.parts[provision.id][reading]
        override = provision.readings.get(own) if own is not None else None
        if override is not None:
            reading_path: Path = (*path, "readings", str(own))
            if name == "start" and (override.start is not None or override.from_ is not None):
                # A reading that says when the provision starts replaces start and from alike.
                spec, from_, path = override.start, override.from_, reading_path
            elif name != "start" and getattr(override, name) is not None:
                spec, path = getattr(override, name), reading_path
        if spec is not None:
            return self._resolve(spec, provision, reading, (*path, name))
        if name != "start":
            return None
        if from_ is not None:
            instant, _ = self._ref(from_, provision, reading, (*path, "from"))
            return instant, f"from {from_}"
        instant, _ = self.anchors[self.accord.in_force]
        return instant, f"{_IMPLICIT} {self.accord.in_force}"

    def _resolve(
        self, spec: TimeSpec, provision: Provision, reading: str | None, path: Path
    ) -> Value:
        try:
            if spec.at is not None:
                return cal.localize(spec.at, self.tz), f"fixed: {_written_moment(spec.at)}"
            if spec.end_of is not None:
                return cal.end_of_day(spec.end_of, self.tz), f"end of {spec.end_of:%d %b %Y}"
            assert spec.after is not None  # the schema guarantees exactly one form
            base, _ = self._ref(spec.after, provision, reading, (*path, "after"))
            label = "its start" if spec.after.is_own_start else str(spec.after)
            return _count(spec, base, label, self.tz)
        except cal.CalendarError as exc:
            raise InstantProblem(path, str(exc)) from None

    def _ref(self, ref: Ref, provision: Provision, reading: str | None, path: Path) -> Value:
        if ref.is_own_start:
            own = self.value(provision.id, reading, "start")
            assert own is not None  # a start always resolves, to the entry into force at least
            return own
        if ref.is_anchor:
            if ref.name not in self.anchors:
                raise InstantProblem(
                    path,
                    f"unknown anchor {ref.name!r}; anchors are "
                    f"{', '.join(sorted(self.anchors))} (or name a provision's start: ID.start)",
                )
            return self.anchors[ref.name]
        assert ref.field is not None
        self._require_provision(ref, path)
        options = self.readings(ref.name)
        target = ref.reading
        if target is not None and target not in options:
            raise InstantProblem(
                path,
                f"{ref.name} has no reading {target!r}; its readings are "
                f"{', '.join(map(str, options))}",
            )
        if target is None and ref.name == provision.id:
            target = reading  # its own instant, under the same reading
        elif target is None:
            _, inherited = self.parts[provision.id][reading]
            # Inherited readings carry the referenced provision's reading names; where the
            # instant does not vary, any of its readings gives the same value.
            target = inherited if inherited in options else options[0]
        found = self.value(ref.name, target, ref.field)
        if found is None:
            raise InstantProblem(path, f"{ref.name} has no {ref.field} to count from")
        return found

    def _require_provision(self, ref: Ref, path: Path) -> None:
        if ref.name not in self.index:
            close = difflib.get_close_matches(ref.name, list(self.index), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InstantProblem(
                path,
                f"unknown provision {ref.name!r} in {str(ref)!r}{hint} (provisions: "
                f"{', '.join(self.index)})",
            )

    def _provision(self, pid: str) -> Provision:
        return self.accord.provisions[self.index[pid]]

    @contextmanager
    def _visiting(self, label: str, path: Path) -> Iterator[None]:
        if label in self.stack:
            chain = " → ".join([*self.stack[self.stack.index(label) :], label])
            raise InstantProblem(path, f"instants count from each other in a cycle: {chain}")
        self.stack.append(label)
        try:
            yield
        finally:
            self.stack.pop()


def _count(spec: TimeSpec, base: Instant, ref: str, tz: ZoneInfo) -> Value:
    """Apply a counted ``after:`` spec to ``base``; an open base stays open."""
    counting = spec.counting or "exclusive"
    if spec.hours is not None:
        rule = f"{spec.hours} hours after {ref}"
        if isinstance(base, Open):
            return Open(rule), rule
        return cal.hours_after(base, spec.hours, tz), rule
    if spec.days is not None:
        if isinstance(base, Open):
            rule = _days_rule(spec.days, counting, ref, None)
            return Open(rule), rule
        rule = _days_rule(spec.days, counting, ref, cal.local_day(base, tz))
        return cal.days_after(base, spec.days, counting, tz), rule
    assert spec.months is not None  # the schema guarantees exactly one count
    months = f"{spec.months} month{'s' if spec.months > 1 else ''}"
    rounding = f", rounding {spec.rounding}" if spec.rounding else ""
    inclusive = ", counting its day as day 1" if counting == "inclusive" else ""
    if isinstance(base, Open):
        if spec.rounding is None:
            raise cal.CalendarError(
                f"{ref} has no date yet, so {months} after it may fall on a day that does "
                "not exist; declare rounding: down or rounding: up"
            )
        rule = f"end of the day {months} after {ref}{inclusive}{rounding}"
        return Open(rule), rule
    day = cal.local_day(base, tz)
    rule = f"end of the day {months} after {ref} ({day:%d %b %Y}){inclusive}{rounding}"
    return cal.months_after(base, spec.months, counting, spec.rounding, tz), rule


def _days_rule(days: int, counting: str, ref: str, day: date | None) -> str:
    shown = f" ({day:%d %b %Y})" if day else ""
    if counting == "inclusive":
        return f"end of day {days} counting the day of {ref}{shown} as day 1"
    if days == 0:
        return f"end of the day of {ref}{shown}"
    return f"end of day {days} after the day of {ref}{shown}"


def _written_moment(moment: date) -> str:
    """A moment as an accord would write it: minutes unless seconds matter."""
    if not isinstance(moment, datetime):
        return f"{moment.isoformat()} (start of day)"
    return moment.isoformat(timespec="seconds" if moment.second else "minutes")


def _combine(own: str | None, inherited: str | None) -> str | None:
    if own is None or inherited is None:
        return own or inherited
    return f"{own}+{inherited}"


def _key(value: Value | None) -> str:
    return "none" if value is None else str(value[0])


def compute_calendar(
    accord: Accord, tz: ZoneInfo, assume: Mapping[str, date] | None = None
) -> Calendar:
    """All instants of ``accord``; raises ``InstantProblem`` for the first that fails."""
    resolver = _Resolver(accord, tz, dict(assume or {}))
    anchors = tuple(
        ComputedInstant(name, "anchor", None, instant, rule, note=_anchor_note(accord, name))
        for name, (instant, rule) in resolver.anchors.items()
    )
    instants: list[ComputedInstant] = []
    for provision in accord.provisions:
        for reading in resolver.readings(provision.id):
            for name in _FIELDS:
                found = resolver.value(provision.id, reading, name)
                if found is not None:
                    implicit = found[1].startswith(_IMPLICIT)
                    instants.append(ComputedInstant(provision.id, name, reading, *found, implicit))
    return Calendar(
        timezone=tz,
        anchors=anchors,
        instants=tuple(instants),
        readings={p.id: resolver.readings(p.id) for p in accord.provisions},
        inherited=dict(resolver.inherited),
    )


def _anchor_note(accord: Accord, name: str) -> str | None:
    anchor = accord.anchors.get(name)
    return anchor.note if anchor is not None else None
