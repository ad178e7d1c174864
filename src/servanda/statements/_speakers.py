"""Speakers and the parties they speak for, resolved within one document.

A speaker's noun phrase is read without its relative clauses and participles ("the Arab
coalition supporting the Yemeni government" is the Arab coalition). Its party comes
from, in order: a named official of the registry; the phrase itself ("Hamas", "the
Kremlin"); the words that qualify its role ("Israeli Defense Minister", "Ukraine's
Prosecutor General", "spokeswoman for Russia's foreign ministry"), so officials the
registry does not know resolve too. Pronouns, bare surnames and definite descriptions
("he", "Peskov", "the spokesman", "the ministry") are resolved to earlier speakers and
person mentions of the same document. A phrase joining several speakers of different
parties ("Uganda and Rwanda") gives no party: the statement is not attributed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from servanda.statements._candidates import STATEMENT_NOUNS
from servanda.statements._registry import NOT_A_NAME, Match, Registry, normalise
from servanda.statements._text import doc_text

_SKIP_DEPS = {"relcl", "acl", "advcl", "cc", "conj", "punct", "prep_skip"}
_KEEP_PREPS = {"of", "for", "from", "at", "with", "in"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_OTHER_PRONOUNS = {"it", "they", "its", "them", "we", "i"}
_GENERIC = {
    "statement",
    "letter",
    "note",
    "post",
    "group",
    "movement",
    "rebels",
    "guerrilla",
    "guerrillas",
    "militia",
    "ministry",
    "government",
    "military",
    "army",
    "alliance",
    "coalition",
    "organisation",
    "organization",
    "office",
    "presidency",
    "administration",
    "side",
    "country",
    "forces",
    "regime",
    "delegation",
    "mission",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "president",
    "minister",
    "official",
    "leader",
    "chief",
    "envoy",
    "diplomat",
    "source",
    "premier",
    "chancellor",
    "commander",
    "militants",
}
#: Words before a surname that are titles, not first names ("Foreign Minister Qureshi").
_TITLES = {
    "pm",
    "fm",
    "mp",
    "sen",
    "rep",
    "gov",
    "amb",
    "prof",
    "hon",
    "prince",
    "crown",
    "excellency",
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "brig",
    "sheikh",
    "sheik",
    "prime",
    "foreign",
    "defence",
    "defense",
    "interior",
    "vice",
    "deputy",
    "acting",
    "former",
    "lieutenant",
    "major",
    "brigadier",
    "colonel",
    "general",
    "admiral",
    "marshal",
    "supreme",
    "chief",
    "senior",
    "state",
    "national",
    "security",
    "army",
    "military",
    "ministry",
    "u",
    "daw",
}
_STATE_KINDS = {"state", "demonym", "seat"}
#: Words that make a phrase naming only a state speak against it, not for it.
_OPPONENTS = re.compile(
    r"\b(?:rebels?|rebel group|opposition|insurgents?|insurgency|militants?|militant group"
    r"|armed groups?|guerrillas?|separatists?|dissidents?|jihadists?)\b",
    re.IGNORECASE,
)
#: Words that make a phrase naming only a state a voice from it, not for it ("Iranian
#: media", "two Palestinian eyewitnesses"); a state's media office is its own.
_BYSTANDERS = re.compile(
    r"\b(?:media(?! office| center| centre| department| service| adviser| advisor)"
    r"|news agency|newspapers?|outlets?|eyewitness(?:es)?|witness(?:es)?|residents?"
    r"|civilians?|analysts?|experts?|journalists?|reporters?)\b",
    re.IGNORECASE,
)
#: Parties a state's possessive names without speaking for the state.
_OWNED = {"group", "organisation", "accord"}
_PRIORITY = {
    "official": 0,
    "accord": 1,
    "organisation": 2,
    "group": 2,
    "state": 3,
    "seat": 3,
    "demonym": 4,
}


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who speaks: the name as the document gives it, the party, and whether a person."""

    name: str
    party: str | None
    person: bool
    head: str  # lemma of the phrase's head ("spokesman", "ministry")


@dataclass(slots=True)
class DocumentSpeakers:
    """Resolves speakers of one document, remembering earlier ones for coreference."""

    doc: Doc
    registry: Registry
    history: list[Speaker] = field(default_factory=list)
    persons: dict[str, Speaker] = field(default_factory=dict)
    entities: list[Span] = field(default_factory=list)
    roles: dict[str, set[str]] = field(default_factory=dict)  # person -> role words

    def __post_init__(self) -> None:
        self.registry = _with_acronyms(self.registry, doc_text(self.doc))
        self.entities = list(self.doc.ents)  # each reading of doc.ents walks every token
        for ent in self.entities:
            if ent.label_ != "PERSON":
                continue
            name = ent.text.strip()
            party = self._party_of_phrase(ent.root)
            head = ent.root
            while party is None and head.dep_ == "appos" and head.head is not head:
                head = head.head  # "the spokesman for the LNA, Major General X"
                party = self._party_of_phrase(head)
            for child in ent.root.children:
                if party is None and child.dep_ == "appos":
                    party = self._party_of_phrase(child)  # "X, spokeswoman for ..."
            if party is None:
                party = self._party_of_role_after(ent.end_char)
            known = self.registry.names.get(normalise(name))
            if known is not None and known[1] != NOT_A_NAME:
                party = known[0]
            elif party is None:
                party = self._official(name)
            self._remember(name, party)
            self.roles.setdefault(name, set()).update(self._roles_around(ent.root))
        for token in self.doc:
            # "S N Acharaya, the Indian army spokesman": a name the tagger did not see as
            # a person, introduced by a role, is a person of that role's party.
            name_head = token.head
            if (
                token.dep_ != "appos"
                or name_head.pos_ != "PROPN"
                or name_head.ent_type_ == "PERSON"  # read above
                or token.lemma_.lower() not in self.registry.person_roles
            ):
                continue
            start = name_head.left_edge.i
            while start < name_head.i and self.doc[start].dep_ != "compound":
                start += 1
            name = self.doc[start : name_head.i + 1].text.strip()
            if normalise(name) in self.registry.names or name in self.persons:
                continue
            party = self._party_of_phrase(token)
            if party is not None:
                self._remember(name, party)

    def _party_of_role_after(self, end: int) -> str | None:
        """The party of a role written after a name, read from the text when the parse
        attaches it elsewhere: "said Farhan Haq, deputy spokesman for the UN"."""
        window = doc_text(self.doc)[end : end + 120]
        if not window.startswith(", "):
            return None
        role = re.split(r"[,.;:\n\u201c\"]| said| told| says", window[2:], maxsplit=1)[0]
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", role)}
        if not words & self.registry.person_roles or self.registry.is_media(role):
            return None
        matches = self.registry.find(role)
        return _choose(matches, role) if matches else None

    def _remember(self, name: str, party: str | None) -> None:
        """A person mention, under the full name and each part of it."""
        speaker = Speaker(name, party, True, "person")
        for key in (name, *name.split()):
            existing = self.persons.get(key)
            if (
                existing is None
                or (existing.party is None and party is not None)
                or (len(existing.name) < len(name) and (party or not existing.party))
            ):
                self.persons[key] = speaker

    # Phrases ---------------------------------------------------------------------------

    def phrase(self, head: Token) -> list[Token]:
        """The tokens of ``head``'s noun phrase, without clauses and conjuncts."""
        tokens = [head]
        for child in head.children:
            if child.dep_ in _SKIP_DEPS:
                continue
            if child.dep_ == "prep" and child.lower_ not in _KEEP_PREPS:
                continue
            tokens.extend(self.phrase(child))
        return sorted(tokens, key=lambda t: t.i)

    def _text(self, tokens: list[Token]) -> str:
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        return " ".join(doc_text(self.doc)[start:end].split())

    def _party_of_phrase(self, head: Token) -> str | None:
        tokens = self.phrase(head)
        text = self._text(tokens)
        if self.registry.is_media(text):
            return None
        matches = self.registry.find(text)
        if not matches:
            return None
        return _choose(matches, text)

    # Resolution ------------------------------------------------------------------------

    def _joint(self, head: Token) -> bool:
        """Whether the phrase names several parties side by side ("UN representatives from
        Yemen, Saudi Arabia and the UAE", "Both the Houthis and pro-government forces")."""
        if any(c.dep_ == "preconj" or c.lower_ == "both" for c in head.subtree):
            return True
        for token in self.phrase(head):
            for conjunct in (c for c in token.children if c.dep_ == "conj"):
                first = self.registry.find(doc_text(self.doc)[token.idx : token.idx + len(token)])
                second = self.registry.find(self._text(self.phrase(conjunct)))
                if first and second and first[0].party != second[0].party:
                    return True
        return False

    def resolve(self, head: Token) -> Speaker | None:
        """The speaker whose phrase has ``head``; None when unknown or joint."""
        if self._joint(head):
            return None
        conjuncts = [c for c in head.children if c.dep_ == "conj"]
        if conjuncts:
            singles = [self._single(t) for t in [head, *conjuncts]]
            parties = {s.party if s is not None else None for s in singles}
            if len(parties) != 1 or None in parties:
                return None
        speaker = self._single(head)
        if speaker is not None:
            self.history.append(speaker)
        return speaker

    def _single(self, head: Token) -> Speaker | None:
        lower = head.lower_
        if head.pos_ == "PRON" or lower in _PERSON_PRONOUNS | _OTHER_PRONOUNS:
            return self._pronoun(lower)
        tokens = self.phrase(head)
        text = self._text(tokens)
        if self.registry.is_media(text):
            return None
        person = self._person(head)
        if person is not None and person.party is not None:
            return person
        matches = self.registry.find(text)
        party = _choose(matches, text) if matches else None
        if party is not None:
            return Speaker(person.name if person else text, party, person is not None, head.lemma_)
        if person is not None:
            return person if person.party else None
        definite = any(
            c.dep_ in ("det", "poss")
            and c.lower_ in {"the", "this", "that", "its", "their", "another"}
            for c in head.children
        )
        if definite and head.lemma_.lower() in _GENERIC:
            return self._definite(head.lemma_.lower()) or self._mentioned(head)
        return None

    def _person(self, head: Token) -> Speaker | None:
        if head.ent_type_ != "PERSON":
            if head.pos_ == "PROPN" and head.text in self.persons:
                return self.persons[head.text]  # a surname the tagger did not see as one
            party = self._official(head.text) if head.pos_ == "PROPN" else None
            return Speaker(head.text, party, True, "person") if party else None
        ent = next((e for e in self.entities if e.start <= head.i < e.end), None)
        if ent is None:
            return None
        name = ent.text.strip()
        found = self.persons.get(name) or self.persons.get(name.split()[-1])
        if found is not None:
            # The document named this person in full: the registry is asked by that name.
            return found if found.party else replace(found, party=self._official(found.name))
        return Speaker(name, self._official(name), True, "person")

    def _official(self, name: str) -> str | None:
        """The party of the registry official ``name`` is. A lone surname is first read as
        the fuller name the document gives it: "Qureshi" after "Shah Mahmood Qureshi" is
        not the registry's other Qureshi, and "Koo" after "Koo Byoung-sam" is not its Koo."""
        if len(name.split()) == 1:
            if not name[:1].isupper():
                return None  # "al" of "al-Houthi" is no name
            name = self._fuller(name) or name
        return self.registry.surname(name)

    def _fuller(self, word: str) -> str | None:
        """A fuller name of a person the document calls ``word``: a person entity that
        holds the word, else capitalised words written right before it, titles aside."""
        for ent in self.entities:
            if ent.label_ == "PERSON" and word in ent.text.split() and ent.text.strip() != word:
                return ent.text.strip()
        for hit in re.finditer(
            rf"((?:[A-Z][\w'\u2019.-]*\s+){{1,3}}){re.escape(word)}(?![\w-])", doc_text(self.doc)
        ):
            before = hit.group(1).split()
            while before and (
                before[0].lower().rstrip(".") in _TITLES
                or before[0].lower() in self.registry.person_roles
                or before[0].lower() in self.registry.body_roles
                or self.registry.find(before[0])
            ):
                before = before[1:]
            if before:
                return " ".join([*before, word])
        return None

    def _pronoun(self, lower: str) -> Speaker | None:
        wants_person = lower in _PERSON_PRONOUNS
        for earlier in reversed(self.history):
            if earlier.person == wants_person or lower in {"they", "we", "i"}:
                return earlier
        return self.history[-1] if self.history else None

    def _mentioned(self, head: Token) -> Speaker | None:
        """ "The army said" after "Sudan's army" was named, though not as a speaker: the
        nearest earlier phrase with the same head noun that names a party."""
        lemma = head.lemma_.lower()
        for token in reversed(self.doc[: head.i]):
            if token.lemma_.lower() != lemma or token.pos_ not in ("NOUN", "PROPN"):
                continue
            party = self._party_of_phrase(token)
            if party is not None:
                return Speaker(self._text(self.phrase(token)), party, False, lemma)
        return None

    def _roles_around(self, root: Token) -> set[str]:
        """The role words a person's name is written with ("Kremlin spokesman Dmitry
        Peskov", "Peskov, the Kremlin's spokesman")."""
        tokens = list(self.phrase(root))
        for child in root.children:
            if child.dep_ == "appos":
                tokens += self.phrase(child)
        if root.dep_ == "appos":
            tokens += self.phrase(root.head)
        return {t.lemma_.lower() for t in tokens} & self.registry.person_roles

    def _definite(self, lemma: str) -> Speaker | None:
        for earlier in reversed(self.history):
            if earlier.head == lemma or lemma in earlier.name.lower():
                return earlier
            if earlier.person and lemma in self.roles.get(earlier.name, ()):
                return earlier  # "the spokesman" after "Kremlin spokesman Dmitry Peskov"
        if lemma in STATEMENT_NOUNS and self.history:
            return self.history[-1]  # "In a statement, X said ... The statement added"
        for earlier in reversed(self.history[-3:]):
            if not earlier.person and lemma in {
                "group",
                "movement",
                "rebels",
                "militia",
                "ministry",
            }:
                return earlier
        return None


_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9/&-]{1,11})\)")


def _with_acronyms(registry: Registry, text: str) -> Registry:
    """The registry plus acronyms the document defines for names it knows: "the Arakan
    Army (AA)" makes "AA spokesman" speak for ARAKAN-ARMY in this document."""
    added: dict[str, str] = {}
    for hit in _ACRONYM.finditer(text):
        acronym = hit.group(1)
        if registry.party_of(acronym) is not None:
            continue
        before = text[max(0, hit.start() - 90) : hit.start()].rstrip()
        matches = registry.find(before)
        if matches and matches[-1].end >= len(normalise(before)) - 1:
            added[acronym] = matches[-1].party
    if not added:
        return registry
    copy = Registry(
        dict(registry.names), registry.media, registry.person_roles, registry.body_roles
    )
    for acronym, party in added.items():
        copy.add(acronym, party, "group")
    return copy


def _choose(matches: list[Match], text: str) -> str | None:
    """The party a phrase speaks for, when it names several: an owner ("Russia's")
    first, then officials, the accord's ids, organisations and groups, then states.
    None for a state's opponents the registry cannot name ("South Sudan's main rebel
    group", "an alliance of Myanmar ethnic armed groups"): not the state's voice."""
    normalised = normalise(text)  # the text the matches' offsets refer to
    if all(m.kind in _STATE_KINDS for m in matches) and (
        _OPPONENTS.search(normalised) or _BYSTANDERS.search(normalised)
    ):
        return None
    for i, match in enumerate(matches):
        if match.kind in ("state", "seat") and normalised[match.end : match.end + 2] == "'s":
            owned = matches[i + 1] if i + 1 < len(matches) else None
            if owned is not None and owned.start == match.end + 3 and owned.kind in _OWNED:
                return owned.party  # "Somalia's al Shabaab" speaks for al Shabaab
            return match.party
    return min(matches, key=lambda m: (_PRIORITY[m.kind], m.start)).party
