"""Who speaks for whom: a registry of states, organisations, groups and officials.

``registry.json`` ships with the package: ISO 3166-1 alpha-2 codes for states with
their names, demonyms and seats of government ("Kremlin" -> RU), the usual acronyms of
international organisations, short upper-case ids for armed groups and movements,
named officials, news outlets (sources, never speakers) and role words (heads of noun
phrases that speak for a party: "spokesman", "ministry"). An accord extends it with its
own parties, monitors and guarantors, whose ids then win over the registry's codes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def normalise(text: str) -> str:
    """Text as the registry compares it: straight apostrophes, single spaces."""
    return " ".join(text.translate(_APOSTROPHES).split())


@dataclass(frozen=True, slots=True)
class Match:
    """A registry name found in a text: where, which party, and of what kind."""

    start: int
    end: int
    party: str
    kind: str  # official | organisation | group | state | demonym | seat | accord


@dataclass(slots=True)
class Registry:
    """Names to party codes, searched as whole words, longest name first."""

    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    media: frozenset[str] = frozenset()
    person_roles: frozenset[str] = frozenset()
    body_roles: frozenset[str] = frozenset()
    _pattern: re.Pattern[str] | None = None
    _surnames: dict[str, set[tuple[tuple[str, ...], str]]] | None = None  # surname -> names

    def surname(self, name: str) -> str | None:
        """The party of the registry official called ``name``: by surname alone
        ("Lavrov"), or by a fuller name the registry does not list as such, when one
        name holds the other's words in order ("Sergei V. Lavrov"). A stranger who shares
        an official's surname ("Elham Ahmad" beside "Asim Iftikhar Ahmad", "Hussein Sheikh
        Ali" beside "Hussein Awad Ali") does not take the official's party."""
        words = _name_words(name)
        if not words:
            return None
        if self._surnames is None:
            self._surnames = {}
            for full, (party, kind) in self.names.items():
                parts = tuple(_name_words(full))
                if kind == "official" and parts:
                    self._surnames.setdefault(parts[-1], set()).add((parts, party))
        officials = self._surnames.get(words[-1], set())
        if len(words) > 1:
            officials = {
                (parts, party)
                for parts, party in officials
                if _in_order(words, parts) or _in_order(list(parts), tuple(words))
            }
        parties = {party for _, party in officials}
        return parties.pop() if len(parties) == 1 else None

    def add(self, name: str, party: str, kind: str) -> None:
        self.names[normalise(name)] = (party, kind)
        self._pattern = None
        self._surnames = None

    def extended(self, parties: Mapping[str, str], aliases: Mapping[str, str]) -> Registry:
        """A copy where an accord's ids (and their names) resolve to those ids.

        ``parties`` maps an accord id to its name ("CADLR": "certain areas ..."); ``aliases``
        maps a registry code to the accord id that stands for it ("UA" -> "UA", "OSCE" ->
        "OSCE-SMM"), so names the registry knows come out as the accord's ids.
        """
        copy = Registry(dict(self.names), self.media, self.person_roles, self.body_roles)
        for name, (party, kind) in self.names.items():
            if party in aliases:
                copy.names[name] = (aliases[party], kind)
        for party, name in parties.items():
            copy.add(party, party, "accord")
            copy.add(name, party, "accord")
        return copy

    def _compiled(self) -> re.Pattern[str]:
        if self._pattern is None:
            ordered = sorted(self.names, key=len, reverse=True)
            body = "|".join(re.escape(name) for name in ordered)
            self._pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")
        return self._pattern

    def find(self, text: str) -> list[Match]:
        """Every registry name in ``text`` (case as registered), leftmost-longest."""
        found = []
        for hit in self._compiled().finditer(normalise(text)):
            party, kind = self.names[hit.group(0)]
            if kind != NOT_A_NAME:
                found.append(Match(hit.start(), hit.end(), party, kind))
        return found

    def party_of(self, text: str) -> str | None:
        """The party of a name that is wholly a registry entry ("Kremlin", "Hamas")."""
        entry = self.names.get(normalise(text).removeprefix("the ").removeprefix("The "))
        return entry[0] if entry and entry[1] != NOT_A_NAME else None

    def is_media(self, text: str) -> bool:
        cleaned = normalise(text)
        return cleaned in self.media or cleaned.removeprefix("the ") in self.media


#: Words left out when person names are compared: suffixes ("Arturo Ortiz Jr.") and the
#: Arabic article, however it is joined and capitalised ("Al Alimi", "al-Alimi").
_SKIPPED_WORDS = {"jr", "sr", "ii", "iii", "al", "el"}


#: The kind of a phrase that holds a registry name without being it ("Supreme National
#: Security Council" is Iran's, not the UN's "Security Council"): found, then dropped.
NOT_A_NAME = "not-a-name"


def _name_words(name: str) -> list[str]:
    """A person name's words as surnames are compared: hyphens and full stops as spaces,
    case kept ("Un" of Kim Jong Un is not the "UN")."""
    words = normalise(name).replace("-", " ").replace(".", " ").split()
    return [w for w in words if w.lower() not in _SKIPPED_WORDS]


def _in_order(words: list[str], parts: tuple[str, ...]) -> bool:
    """Whether ``words`` appear in ``parts`` in the same order (gaps allowed)."""
    remaining = iter(parts)
    return all(word in remaining for word in words)


def _entries(data: Mapping[str, Any]) -> Iterable[tuple[str, str, str]]:
    for code, entry in data["states"].items():
        yield from ((name, code, "state") for name in entry["names"])
        yield from ((name, code, "demonym") for name in entry["adjectives"])
        yield from ((name, code, "seat") for name in entry["seats"])
    for code, names in data["organisations"].items():
        yield from ((name, code, "organisation") for name in names)
    for code, names in data["groups"].items():
        yield from ((name, code, "group") for name in names)
    for name, code in data["officials"].items():
        yield name, code, "official"
    for name in data["not_names"]:
        yield name, "", NOT_A_NAME


def load_registry() -> Registry:
    """The registry shipped in the package."""
    text = resources.files("servanda.statements").joinpath("registry.json").read_text("utf-8")
    data = json.loads(text)
    registry = Registry(
        media=frozenset(normalise(m) for m in data["media"]),
        person_roles=frozenset(data["roles"]["person"]),
        body_roles=frozenset(data["roles"]["body"]),
    )
    for name, code, kind in _entries(data):
        registry.add(name, code, kind)
    return registry
