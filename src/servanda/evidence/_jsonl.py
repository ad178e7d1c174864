"""Evidence as JSON Lines, checked record by record against the accord it concerns.

Every record is validated before any is used: a bad line (invalid JSON, an unknown key,
an unknown party or monitor, a duplicate id, a record said to be recorded before it
happened) is reported with its line and field, and the whole file is refused, so a
verdict is never computed from part of a file.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from servanda.accord import LoadedAccord
from servanda.accord._calendar import CalendarError, localize
from servanda.errors import EvidenceError, Problem
from servanda.evidence._records import FIELDS, KINDS, SPEECH_ACTS, Record

#: At most this many problems are kept; a file this broken needs fixing at the source.
MAX_PROBLEMS = 100
_INDICATOR = re.compile(r"^[a-z][a-z0-9_]*$")
_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_VALUE_PLACES = 6


@dataclass(frozen=True, slots=True)
class Evidence:
    """The records of one evidence file, in file order, every one of them valid."""

    source: str
    records: tuple[Record, ...]

    def __len__(self) -> int:
        return len(self.records)


def merge_evidence(parts: Iterable[Evidence]) -> Evidence:
    """Several evidence files as one; an id used in two files is refused, with both lines."""
    records: list[Record] = []
    where: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    sources = []
    for part in parts:
        sources.append(part.source)
        for record in part.records:
            if record.id in where:
                other, line = where[record.id]
                message = f"duplicate id {record.id!r} (also {other}:{line})"
                problems.append(Problem(part.source, record.line, "id", message))
            else:
                where[record.id] = (part.source, record.line)
                records.append(record)
    if problems:
        raise EvidenceError(problems)
    return Evidence(", ".join(sources), tuple(records))


class _LineProblem(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def parse_evidence(text: str, source: str, accord: LoadedAccord) -> Evidence:
    """Load JSON Lines ``text`` as evidence about ``accord``; raise ``EvidenceError``."""

    def objects() -> Iterator[tuple[int, dict[str, Any] | _LineProblem]]:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    yield number, _json_object(line)
                except _LineProblem as exc:
                    yield number, exc

    return _checked(objects(), source, accord)


def evidence_from_mappings(
    items: Iterable[tuple[int, Mapping[str, Any]]], source: str, accord: LoadedAccord
) -> Evidence:
    """Evidence written as mappings (an accord's scenario tests), each with its line.

    YAML reads ``2.5`` as a float; it is taken as the decimal it was written as.
    """

    def exact(item: Mapping[str, Any]) -> dict[str, Any]:
        return {k: Decimal(repr(v)) if type(v) is float else v for k, v in item.items()}

    return _checked(((line, exact(item)) for line, item in items), source, accord)


def _checked(
    objects: Iterable[tuple[int, dict[str, Any] | _LineProblem]], source: str, accord: LoadedAccord
) -> Evidence:
    checker = _Checker(accord)
    records: list[Record] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for number, data in objects:
        try:
            if isinstance(data, _LineProblem):
                raise data
            record = checker.record(data, number)
        except _LineProblem as exc:
            problems.append(Problem(source, number, exc.field, exc.message))
        else:
            if record.id in first_line:
                message = f"duplicate id {record.id!r} (first on line {first_line[record.id]})"
                problems.append(Problem(source, number, "id", message))
            else:
                first_line[record.id] = number
                records.append(record)
        if len(problems) >= MAX_PROBLEMS:
            problems.append(Problem(source, None, "", f"stopped after {MAX_PROBLEMS} problems"))
            break
    if problems:
        raise EvidenceError(problems)
    return Evidence(source, tuple(records))


def _json_object(line: str) -> dict[str, Any]:
    try:
        value = json.loads(
            line,
            parse_float=Decimal,
            parse_constant=_no_constant,
            object_pairs_hook=_no_duplicate_keys,
        )
    except json.JSONDecodeError as exc:
        raise _LineProblem("", f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    except _LineProblem:
        raise
    if not isinstance(value, dict):
        raise _LineProblem("", 'a record is a JSON object, e.g. {"id": ..., "kind": ...}')
    return value


def _no_constant(name: str) -> Any:
    raise _LineProblem("", f"{name} is not a number JSON allows")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _LineProblem(key, f"key {key!r} is given twice")
        seen[key] = value
    return seen


class _Checker:
    """The rules a record must meet, against the accord's own ids and time zone."""

    def __init__(self, loaded: LoadedAccord) -> None:
        accord = loaded.accord
        self.tz: ZoneInfo = loaded.calendar.timezone
        self.parties = list(accord.parties)
        self.monitors = list(accord.monitors)
        self.actors = list(dict.fromkeys([*accord.parties, *accord.guarantors]))
        self.speakers = list(dict.fromkeys([*self.actors, *accord.monitors]))
        self.provisions = [p.id for p in accord.provisions]

    def record(self, data: dict[str, Any], line: int) -> Record:
        kind = data.get("kind")
        if kind not in KINDS:
            raise _LineProblem("kind", f"{kind!r} is not a record kind; use one of {_list(KINDS)}")
        fields = FIELDS[kind]
        for key in data:
            if key not in fields:
                close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
                hint = (
                    f"; did you mean {close[0]!r}?" if close else f"; a {kind} has {_list(fields)}"
                )
                raise _LineProblem(key, f"unknown key {key!r} for a {kind}{hint}")
        for key, required in fields.items():
            if required and data.get(key) is None:
                raise _LineProblem(key, f"a {kind} needs {key!r}")
        occurred = self._instant(data, "occurred_at")
        recorded = self._instant(data, "recorded_at")
        # Compared in UTC: datetimes sharing a zone compare by wall clock, ignoring fold.
        if recorded.astimezone(UTC) < occurred.astimezone(UTC):
            raise _LineProblem(
                "recorded_at",
                f"recorded at {data['recorded_at']}, before it occurred at {data['occurred_at']}",
            )
        values: dict[str, Any] = {
            "id": self._text(data, "id"),
            "kind": kind,
            "occurred_at": occurred,
            "recorded_at": recorded,
            "source": self._optional_text(data, "source"),
            "signature": self._optional_text(data, "signature"),
            "line": line,
        }
        values.update(getattr(self, f"_{kind}")(data))
        return Record(**values)

    # Kinds -----------------------------------------------------------------------------

    def _report(self, data: dict[str, Any]) -> dict[str, Any]:
        self._optional_text(data, "location")
        return {
            "monitor": self._member(data, "monitor", "monitor", self.monitors),
            "indicator": self._indicator(data, "indicator"),
            "party": self._member(data, "party", "party", self.parties),
            "value": self._value(data),
        }

    def _event(self, data: dict[str, Any]) -> dict[str, Any]:
        return self._report(data)

    def _statement(self, data: dict[str, Any]) -> dict[str, Any]:
        act = data["act"]
        if act not in SPEECH_ACTS:
            raise _LineProblem(
                "act", f"{act!r} is not a speech act; use one of {_list(SPEECH_ACTS)}"
            )
        denies = self._texts(data, "denies")
        if denies and act != "denial":
            raise _LineProblem("denies", f"only a denial can deny records; act is {act!r}")
        for key in ("start", "end"):
            if key in data and (type(data[key]) is not int or data[key] < 0):
                raise _LineProblem(key, f"{data[key]!r} is not a character offset (0 or more)")
        provisions = self._texts(data, "provisions")
        for name in provisions:
            if name not in self.provisions:
                raise _LineProblem("provisions", _unknown("provision", name, self.provisions))
        self._optional_text(data, "document")
        return {
            "speaker": self._text(data, "speaker"),
            "party": self._optional_member(data, "party", "party", self.speakers),
            "act": act,
            "target": self._optional_member(data, "target", "party", self.speakers),
            "quote": self._text(data, "quote"),
            "denies": denies,
            "provisions": provisions,
        }

    def _act(self, data: dict[str, Any]) -> dict[str, Any]:
        indicator = self._text(data, "indicator")
        if not _IDENTIFIER.match(indicator):
            raise _LineProblem(
                "indicator", f"{indicator!r} is not an act; name a response kind or a provision id"
            )
        self._optional_text(data, "notice")
        return {
            "indicator": indicator,
            "party": self._member(data, "party", "party or guarantor", self.actors),
            "against": self._optional_member(data, "against", "party", self.parties),
        }

    # Fields ----------------------------------------------------------------------------

    def _instant(self, data: dict[str, Any], key: str) -> datetime:
        text = data.get(key)
        example = "e.g. 2015-02-16T10:40+02:00"
        if not isinstance(text, str):
            raise _LineProblem(key, f"{text!r} is not a date-time; write ISO 8601, {example}")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise _LineProblem(key, f"{text!r} is not an ISO 8601 date-time, {example}") from None
        if len(text) <= 10:
            raise _LineProblem(key, f"{text!r} has no time of day, {example}")
        try:
            return localize(moment, self.tz)
        except CalendarError as exc:
            raise _LineProblem(key, str(exc)) from None

    def _value(self, data: dict[str, Any]) -> Decimal:
        value = data.get("value", 1)
        if type(value) not in (int, Decimal) or value < 0:
            raise _LineProblem("value", f"{value!r} is not a number of 0 or more, e.g. 1 or 2.5")
        exact = Decimal(value)
        exponent = exact.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -_VALUE_PLACES:
            places = f"more than {_VALUE_PLACES} decimal places"
            raise _LineProblem("value", f"{exact:f} has {places}")
        return exact

    def _indicator(self, data: dict[str, Any], key: str) -> str:
        text = self._text(data, key)
        if not _INDICATOR.match(text):
            raise _LineProblem(key, f"{text!r} is not an indicator kind; use lower_snake_case")
        return text

    def _member(self, data: dict[str, Any], key: str, kind: str, known: list[str]) -> str:
        name = self._text(data, key)
        if name not in known:
            raise _LineProblem(key, _unknown(kind, name, known))
        return name

    def _optional_member(
        self, data: dict[str, Any], key: str, kind: str, known: list[str]
    ) -> str | None:
        return None if data.get(key) is None else self._member(data, key, kind, known)

    def _text(self, data: dict[str, Any], key: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise _LineProblem(key, f"{value!r} is not text")
        return value

    def _optional_text(self, data: dict[str, Any], key: str) -> str | None:
        return None if data.get(key) is None else self._text(data, key)

    def _texts(self, data: dict[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise _LineProblem(key, f"{value!r} is not a list of ids")
        return tuple(value)


def _unknown(kind: str, name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    listed = _list(known) if known else "none"
    return f"unknown {kind} {name!r}{hint} (the accord lists {listed})"


def _list(names: Iterable[str] | Mapping[str, Any]) -> str:
    return ", ".join(names)
