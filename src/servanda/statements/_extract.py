"""From a document's text to attributed statements: the extractor's one entry point.

The text is unwrapped and parsed once; candidates come from the body only (not the
headline or deck); each is given a speaker and party (dropped when either is unknown or
the speaker is joint), an act by the learned model (dropped when the model says
``none`` or is unsure: a wrong attribution is worse than a miss), a target, and a date.
Overlapping candidates keep the more confident one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from servanda.statements import _dates
from servanda.statements._acts import NONE, ActModel, features
from servanda.statements._candidates import (
    Candidate,
    according_candidates,
    continued_quotes,
    quotations,
    quoted_as_saying,
    sentence_of,
    units,
    verb_candidates,
)
from servanda.statements._registry import Registry, normalise
from servanda.statements._speakers import DocumentSpeakers, Speaker
from servanda.statements._text import body_start, doc_text, unwrap

#: Subjects that are the speaker's side in reported speech ("it remains committed", "our
#: positions"), and nouns that name the other side without naming it ("the regime").
_OWN_WORDS = {"we", "i", "our", "it", "they", "he", "she", "its", "their", "his", "us"}
_ADVERSARY_WORDS = """terrorist militant rebel regime enemy occupation occupier aggressor militia
insurgent separatist junta mercenary gang adversary invader"""
_ADVERSARIES = frozenset(_ADVERSARY_WORDS.split())
_AIMED = {"allegation", "denial", "demand", "rejection", "offer", "commitment", "warning"}


@dataclass(frozen=True, slots=True)
class Statement:
    """One attributed statement, with the offsets of its quote in the document."""

    document: str
    speaker: str
    party: str | None
    act: str
    target: str | None
    quote: str
    start: int
    end: int
    date: str | None
    provisions: tuple[str, ...] = ()
    confidence: float = 1.0
    published: str | None = None  # the document's date, when known (not in the record)

    def with_provisions(self, provisions: tuple[str, ...]) -> Statement:
        return replace(self, provisions=provisions)

    def as_dict(self) -> dict[str, object]:
        return {
            "document": self.document,
            "speaker": self.speaker,
            "party": self.party,
            "act": self.act,
            "target": self.target,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "date": self.date,
            "provisions": list(self.provisions),
        }


@dataclass(frozen=True, slots=True)
class Extractor:
    """The parsed pipeline, the registry and the act model, reused across documents."""

    nlp: Language
    registry: Registry
    model: ActModel

    def parse(self, text: str) -> Doc:
        return self.nlp(unwrap(text))

    def candidates(self, doc: Doc, text: str) -> list[tuple[Candidate, Speaker]]:
        """Candidates of the body with a resolved speaker and party, in text order."""
        start = body_start(text)
        quotes = quotations(text)
        found = verb_candidates(doc, quotes) + according_candidates(doc, quotes)
        found = [c for c in found if c.start >= start]
        found = _innermost(found)
        found = _not_reported(found)
        found += continued_quotes(doc, quotes, found, start)
        found.sort(key=lambda c: c.start)
        speakers = DocumentSpeakers(doc, self.registry)
        resolved: list[tuple[Candidate, Speaker]] = []
        for candidate in found:
            if candidate.speaker is None:
                continue
            speaker = speakers.resolve(candidate.speaker)
            if speaker is None or speaker.party is None:
                continue
            resolved.extend((unit, speaker) for unit in units(doc, candidate))
        return resolved

    def prepare(self, text: str, published: date | None = None) -> Prepared:
        """Everything before the act: the parse, the candidates and their features."""
        doc = self.parse(text)
        if published is None:
            published = _dates.document_date(text[: body_start(text)])
        items = []
        for c, s in self.candidates(doc, text):
            named = {m.party for m in self.registry.find(text[c.start : c.end])}
            mentions = "other" if named - {s.party} else ("own" if named else None)
            about = self._about(doc, c, s)
            items.append(
                (c, s, features(doc, c.cue, c.start, c.end, c.quoted, c.kind, about, mentions))
            )
        return Prepared(text, doc, published, items)

    def _about(self, doc: Doc, candidate: Candidate, speaker: Speaker) -> str | None:
        """Whether the reported clause's subject is the speaker's side or another party:
        "own", "own_passive" (the speaker's side suffered it: "our positions were
        shelled"), "other", or None when the subject names no side."""
        span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
        if span is None:
            return None
        for token in span:
            if token.dep_ not in ("nsubj", "nsubjpass"):
                continue
            passive = token.dep_ == "nsubjpass"
            phrase = doc_text(doc)[token.left_edge.idx : token.idx + len(token)]
            matches = self.registry.find(phrase)
            if token.lower_ in _OWN_WORDS or any(t.lower_ in _OWN_WORDS for t in token.children):
                own = True
            elif matches:
                own = matches[-1].party == speaker.party
            elif token.lemma_.lower() in _ADVERSARIES:
                return "other"
            else:
                return None
            if own:
                return "own_passive" if passive else "own"
            return "other"
        return None

    def extract(self, text: str, document: str, published: date | None = None) -> list[Statement]:
        return self.decide(self.prepare(text, published), document)

    def decide(
        self, prepared: Prepared, document: str, model: ActModel | None = None
    ) -> list[Statement]:
        """The statements of a prepared document, acts by ``model`` (default: shipped)."""
        model = model or self.model
        text, doc = prepared.text, prepared.doc
        statements = []
        objects: dict[int, str | None] = {}
        for candidate, speaker, names in prepared.items:
            prediction = model.predict(names)
            if prediction.act == NONE or prediction.probability < model.threshold:
                continue
            statements.append(
                Statement(
                    document=document,
                    speaker=speaker.name,
                    party=speaker.party,
                    act=prediction.act,
                    target=None,
                    quote=text[candidate.start : candidate.end],
                    start=candidate.start,
                    end=candidate.end,
                    date=_statement_date(doc, candidate, prepared.published),
                    confidence=prediction.probability,
                    published=prepared.published.isoformat() if prepared.published else None,
                )
            )
            objects[candidate.start] = _object_party(candidate, self.registry)
        statements = _without_overlaps(_merged(statements, text))
        return _with_targets(statements, objects, doc, self.registry)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A parsed document and its candidates, ready for the act model."""

    text: str
    doc: Doc
    published: date | None
    items: list[tuple[Candidate, Speaker, list[str]]]


def _innermost(found: list[Candidate]) -> list[Candidate]:
    """A candidate whose content holds another's verb gives way to it ("X said Y called on
    Z to ..." is Y's demand, said by X); the inner one inherits X when it has no subject."""
    kept = []
    for candidate in found:
        inner = [
            other
            for other in found
            if other is not candidate
            and other.cue is not None
            and other.kind == "verb"
            and other.cue.head is candidate.cue
            and other.cue.dep_ in ("ccomp", "xcomp")
            and other.speaker is not None
        ]
        if inner and not candidate.quoted:
            continue
        kept.append(candidate)
    return kept


def _not_reported(found: list[Candidate]) -> list[Candidate]:
    """A verb inside what someone else is reported to say, whose subject is a pronoun, is
    part of it ("X said that if Ukraine was slapped, it would not offer the other
    cheek"), not a new attribution."""
    kept = []
    for candidate in found:
        speaker = candidate.speaker
        inside = any(
            other is not candidate
            and other.cue is not None
            and candidate.cue is not None
            and other.start <= candidate.cue.idx < other.end
            for other in found
        )
        if not inside or (speaker is not None and speaker.pos_ != "PRON"):
            kept.append(candidate)
    return kept


def _merged(statements: list[Statement], text: str) -> list[Statement]:
    """Neighbouring sentences of one quotation, one speaker and one act, as one statement."""
    out: list[Statement] = []
    for statement in sorted(statements, key=lambda s: s.start):
        last = out[-1] if out else None
        if (
            last is not None
            and last.speaker == statement.speaker
            and last.act == statement.act
            and 0 <= statement.start - last.end <= 3
            and "\n" not in text[last.end : statement.start]
        ):
            out[-1] = replace(
                last,
                end=statement.end,
                quote=text[last.start : statement.end],
                confidence=min(last.confidence, statement.confidence),
            )
        else:
            out.append(statement)
    return out


def _without_overlaps(statements: list[Statement]) -> list[Statement]:
    kept: list[Statement] = []
    for statement in sorted(statements, key=lambda s: -s.confidence):
        clash = False
        for other in kept:
            overlap = min(statement.end, other.end) - max(statement.start, other.start)
            shorter = min(statement.end - statement.start, other.end - other.start)
            if overlap > 0.5 * shorter:
                clash = True
                break
        if not clash:
            kept.append(statement)
    return sorted(kept, key=lambda s: s.start)


def _statement_date(doc: Doc, candidate: Candidate, published: date | None) -> str | None:
    """The date said of the utterance: a date expression of the sentence outside the quote."""
    anchor = candidate.cue.idx if candidate.cue is not None else candidate.start
    sentence = sentence_of(doc, anchor)
    text = sentence.text
    best: tuple[int, date] | None = None
    for start, end in _dates.expressions(text):
        absolute = sentence.start_char + start
        if candidate.start <= absolute < candidate.end:
            continue
        resolved = _dates.resolve(text[start:end], published)
        if resolved is not None:
            distance = abs(absolute - anchor)
            if best is None or distance < best[0]:
                best = (distance, resolved)
    return best[1].isoformat() if best else None


def _object_party(candidate: Candidate, registry: Registry) -> str | None:
    """The party the verb is aimed at by its syntax: "accused Y", "called on Y", "urged Y"."""
    if candidate.cue is None or candidate.kind != "verb" or quoted_as_saying(candidate.cue):
        return None  # "quoted X as saying": X is the speaker, not the one aimed at
    for child in candidate.cue.children:
        heads = [child] if child.dep_ in ("dobj", "dative") else []
        if child.dep_ == "prep" and child.lower_ in ("on", "to", "against", "upon"):
            heads = [c for c in child.children if c.dep_ == "pobj"]
        for head in heads:
            phrase = normalise(doc_text(head.doc)[head.left_edge.idx : head.idx + len(head)])
            # An owner is not the object: "reiterated Moscow's position" aims at no one.
            matches = [m for m in registry.find(phrase) if phrase[m.end : m.end + 2] != "'s"]
            if matches:
                return matches[-1].party
    return None


def _with_targets(
    statements: list[Statement], objects: dict[int, str | None], doc: Doc, registry: Registry
) -> list[Statement]:
    """The party each act aims at (a statement has none): the verb's object when it names
    a party; else the first other party the quote names; for a denial, the last one who
    accused the speaker; else what the same speaker aimed at last; else, for acts that
    always face someone (commitment, warning, rejection, offer, denial), the party the
    document names most after the speaker's own."""
    mentions = Counter(m.party for m in registry.find(doc_text(doc)) if m.kind != "official")
    out = []
    accusers: dict[str, str] = {}
    last: dict[str, str] = {}
    for statement in statements:
        target: str | None = None
        if statement.act in _AIMED:
            named = [m.party for m in registry.find(statement.quote) if m.party != statement.party]
            target = objects.get(statement.start) or (named[0] if named else None)
            if target is None and statement.act == "denial":
                target = accusers.get(statement.party or "")
            if target is None:
                target = last.get(statement.speaker)
            if target is None and statement.act in (
                "commitment",
                "warning",
                "rejection",
                "offer",
                "denial",
            ):
                others = [p for p, _ in mentions.most_common() if p != statement.party]
                target = others[0] if others else None
        if statement.act == "allegation" and target is not None and statement.party:
            accusers[target] = statement.party
        if target is not None:
            last[statement.speaker] = target
        out.append(replace(statement, target=target))
    return out
