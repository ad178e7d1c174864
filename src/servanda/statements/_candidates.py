"""Attributions in a parsed text: who is reported to have said what, and where.

Three shapes are found on the dependency parse: a communication verb with its subject
("X said that ...", "X accused Y of ...", "..., X said"), a participle or conjunct that
shares its governor's subject ("..., accusing Y of ..."), and "according to X, ...".
A direct quotation inside the reported part is taken as the span (without its marks),
as the labelling rules ask. Quoted text that no verb introduces, next to a quotation
already attributed, continues that speaker's words. Nothing here decides the act: a
candidate is only a place where an attributed statement may be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from servanda.statements._text import doc_text

#: Verbs of communication (lemmas); a candidate needs one, the classifier decides the act.
_SPEECH = """
accept accuse acknowledge add admit affirm agree allege announce appeal argue ask
assert believe blame brand call caution characterise characterize charge claim comment
commit complain concede condemn confirm contend counter criticise criticize declare
decline decry defend demand denounce deny deplore describe direct disclose dismiss
dispute emphasise emphasize endorse estimate expect explain express fear highlight hint
hope implore indicate inform insist instruct invite justify label lambast lodge
maintain mention note notify observe offer order pledge point post praise predict
promise propose protest question raise reaffirm reassure recall recognise recognize
refuse refute regret reiterate reject remark repeat reply report request respond retort
reveal say signal slam state stress suggest tell thank threaten tweet underline
underscore urge voice vow warn welcome write
"""
SPEECH_VERBS = frozenset(_SPEECH.split())
_CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "attr", "oprd", "acomp", "dative_content"}
_CONTENT_PREPS = {"of", "as", "for", "about", "against", "to", "that"}
_QUOTE_OPEN = '“"«'
_QUOTE_CLOSE = '”"»'
STATEMENT_NOUNS = {
    "statement",
    "letter",
    "note",
    "post",
    "communique",
    "notice",
    "release",
    "remarks",
    "remark",
    "comments",
    "comment",
    "words",
    "message",
    "speech",
    "address",
    "declaration",
    "announcement",
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible statement: the cue, the speaker's noun phrase head, the reported span."""

    cue: Token | None  # the communication verb, or "according" / None for a quotation
    speaker: Token | None  # head of the speaker's noun phrase (None: inherit, see below)
    start: int  # character offsets of the reported content (the quote)
    end: int
    quoted: bool  # the span is a direct quotation
    kind: str  # verb | according | continued


#: Curly pairs (across paragraphs), a curly opening closed by a straight mark within its
#: paragraph (copy-edited text mixes them), and straight pairs.
_QUOTATION = re.compile(r"[“«]([^”»“]+)[”»]|[“«]([^”»“\"\n]+)\"|\"([^\"”]+)[\"”]")


def quotations(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks (without the marks), paragraphs allowed."""
    spans: list[tuple[int, int]] = []
    for hit in _QUOTATION.finditer(text):
        group = next(g for g in (1, 2, 3) if hit.group(g) is not None)
        start, end = hit.start(group), hit.end(group)
        if end - start > 1:
            spans.append((start, end))
    return spans


def _subtree_bounds(tokens: list[Token]) -> tuple[int, int]:
    start = min(t.left_edge.idx for t in tokens)
    end = max(t.right_edge.idx + len(t.right_edge) for t in tokens)
    return start, end


def _is_speech(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and (
        token.lemma_.lower() in SPEECH_VERBS or quoted_as_saying(token) is not None
    )


def quoted_as_saying(verb: Token) -> Token | None:
    """Who "quoted X as saying" or "cited X as saying" makes speak: X, not the outlet."""
    if verb.lemma_.lower() not in ("quote", "cite"):
        return None
    saying = any(
        c.dep_ == "prep" and c.lower_ == "as" and any(g.lemma_ == "say" for g in c.children)
        for c in verb.children
    )
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return objects[0] if saying and objects else None


def _subject(verb: Token) -> Token | None:
    """The speaker of ``verb``: its subject, or its governor's for participles/conjuncts."""
    current = verb
    for _ in range(5):
        quoted = quoted_as_saying(current)
        if quoted is not None:
            return quoted
        for child in current.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
        if any(c.dep_ == "nsubjpass" for c in current.children):
            return None
        head = current.head
        if head is current:
            return None
        if current.dep_ in ("advcl", "conj", "xcomp"):
            if current.dep_ == "advcl" and current.tag_ != "VBG":
                return None
            # A participle hanging off what someone said is that speaker's ("X said Y is
            # willing ..., emphasizing that ...").
            current = head.head if head.dep_ == "ccomp" and _is_speech(head.head) else head
            continue
        if current.dep_ == "acl":
            if head.lemma_ in STATEMENT_NOUNS or head.lower_ in STATEMENT_NOUNS:
                for child in head.children:
                    if child.dep_ == "poss":
                        return child
                    if child.dep_ == "prep" and child.lower_ == "by":
                        objects = [c for c in child.children if c.dep_ == "pobj"]
                        if objects:
                            return objects[0]
                if head.head.pos_ == "VERB":
                    current = head.head
                    continue
                return None
            if head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or head.pos_ == "PROPN":
                return head  # "remarks by Mark Rutte urging ..."
        return None
    return None


def _content(verb: Token) -> list[Token]:
    parts: list[Token] = []
    for child in verb.children:
        if (
            child.dep_ in _CONTENT_DEPS
            or (
                child.dep_ == "prep"
                and (
                    child.lower_ in _CONTENT_PREPS
                    or (child.lower_ == "on" and verb.lemma_ == "call")
                )
            )
            or (child.dep_ == "dative" and verb.lemma_ not in {"tell", "say", "write", "report"})
        ):
            parts.append(child)
    return parts


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    text = doc_text(doc)
    while start < end and (text[start] in " \n,:;\u2014\u2013-" or text[start] in _QUOTE_OPEN):
        start += 1
    while end > start and (
        text[end - 1] in " \n,.:;\u2014\u2013-" or text[end - 1] in _QUOTE_CLOSE
    ):
        end -= 1
    for lead in ("that ", "That "):
        if text.startswith(lead, start):
            start += len(lead)
    return start, end


def _inside_quote(
    quotes: list[tuple[int, int]], start: int, end: int
) -> tuple[int, int, bool] | None:
    """The quotation the content mostly is, if any: most of its characters are quoted."""
    best = None
    for q_start, q_end in quotes:
        overlap = min(end, q_end) - max(start, q_start)
        mostly = overlap > 0 and overlap >= 0.6 * (end - start)
        if mostly and (q_end - q_start) < 3 * (end - start) and (best is None or overlap > best[2]):
            best = (q_start, q_end, overlap)
    if best is None:
        return None
    return best[0], best[1], True


def _preceding_clause(doc: Doc, verb: Token, subject: Token | None) -> tuple[int, int] | None:
    """For "..., X said." and "“...,” said X": what comes before the attribution."""
    sentence = verb.sent
    first = min(verb.i, subject.left_edge.i if subject is not None else verb.i)
    if first <= sentence.start + 2:
        return None
    before = doc[first - 1]
    if (
        before.text not in {",", "\u201d", '"', "\u2019", "\u2014", "\u2013"}
        and not before.is_quote
    ):
        return None
    return sentence.start_char, before.idx


def _later_clause(doc: Doc, verb: Token, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """For "X said, according to Y, that ..." (a "that" the parser hung elsewhere) and
    "X stated:" followed by a quotation: what comes after the verb."""
    sentence = verb.sent
    for token in doc[verb.i + 1 : min(sentence.end, verb.i + 10)]:
        if token.lower_ == "that" and token.dep_ == "mark":
            return token.idx, sentence.end_char
    if sentence.text.rstrip().endswith(":"):
        for start, end in quotes:
            if 0 <= start - sentence.end_char <= 6:
                return start, end
    return None


def verb_candidates(doc: Doc, quotes: list[tuple[int, int]]) -> list[Candidate]:
    """Candidates introduced by a communication verb."""
    found = []
    for token in doc:
        if not _is_speech(token) or token.dep_ == "amod":
            continue
        subject = _subject(token)
        content = _content(token)
        if content:
            start, end = _trim(doc, *_subtree_bounds(content))
        else:
            bounds = _later_clause(doc, token, quotes) or _preceding_clause(doc, token, subject)
            if bounds is None:
                continue
            start, end = _trim(doc, *bounds)
        if end - start < 3:
            continue
        quoted = _inside_quote(quotes, start, end)
        if quoted is not None:
            start, end, _ = quoted
        found.append(Candidate(token, subject, start, end, quoted is not None, "verb"))
    return _truncated(found)


def _truncated(found: list[Candidate]) -> list[Candidate]:
    """A span stops where a participle or conjunct starts inside it: "Y is willing ...,
    emphasizing that ..." and "dismissed remarks by X urging ..." give two statements, not
    one. A verb with a subject of its own inside the span is part of what is reported,
    and stays in it."""
    out = []
    for candidate in found:
        end = candidate.end
        for other in found:
            if other is candidate or other.cue is None or candidate.cue is None:
                continue
            if other.cue.dep_ not in ("advcl", "conj", "acl") or other.cue.head is candidate.cue:
                continue
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in other.cue.children):
                continue
            cut = other.cue.left_edge.idx
            if candidate.start + 10 < cut < end and not candidate.quoted:
                end = cut
        text = doc_text(candidate.cue.doc) if candidate.cue is not None else ""
        while end > candidate.start and text and text[end - 1] in " ,;\u2014\u2013-":
            end -= 1
        out.append(
            Candidate(
                candidate.cue,
                candidate.speaker,
                candidate.start,
                end,
                candidate.quoted,
                candidate.kind,
            )
        )
    return out


def continued_quotes(
    doc: Doc, quotes: list[tuple[int, int]], found: list[Candidate], body: int
) -> list[Candidate]:
    """Quotations no verb introduces, right after (or before) an attributed one: the same
    speaker goes on ("“...,” Machar said. “It provokes our troops ...”")."""
    out = []
    for q_start, q_end in quotes:
        if q_start < body or any(min(c.end, q_end) > max(c.start, q_start) for c in found):
            continue
        sentence = sentence_of(doc, q_start)
        if any(_is_speech(t) for t in sentence if t.idx < q_start or t.idx >= q_end):
            continue
        previous = [c for c in found if c.end <= q_start and q_start - c.end < 400]
        if not previous:
            continue
        source = max(previous, key=lambda c: c.end)
        between = doc_text(doc)[source.end : q_start]
        if "\n\n" in between and not source.quoted:
            continue
        out.append(Candidate(source.cue, source.speaker, q_start, q_end, True, "continued"))
    return out


def according_candidates(doc: Doc, quotes: list[tuple[int, int]]) -> list[Candidate]:
    """ "According to X, ...": X speaks, the rest of the clause is what X says."""
    found = []
    for token in doc:
        if token.lower_ != "according" or token.i + 2 >= len(doc):
            continue
        to = doc[token.i + 1]
        if to.lower_ != "to":
            continue
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects:
            continue
        speaker = objects[0]
        sentence = token.sent
        phrase_start = token.idx
        phrase_end = speaker.right_edge.idx + len(speaker.right_edge)
        if phrase_start - sentence.start_char > sentence.end_char - phrase_end:
            start, end = sentence.start_char, phrase_start
        else:
            start, end = phrase_end, sentence.end_char
        start, end = _trim(doc, start, end)
        if end - start < 10:
            continue
        quoted = _inside_quote(quotes, start, end)
        if quoted is not None:
            start, end, _ = quoted
        found.append(Candidate(token, speaker, start, end, quoted is not None, "according"))
    return found


def units(doc: Doc, candidate: Candidate) -> list[Candidate]:
    """A long quotation (three sentences or more, or paragraphs) as one candidate per
    sentence: the labels give each act its own statement; the extractor merges again
    neighbours that get the same act."""
    if not candidate.quoted:
        return [candidate]
    span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    if span is None:
        return [candidate]
    sentences = [
        s for s in doc.sents if s.end_char > candidate.start and s.start_char < candidate.end
    ]
    multi = "\n" in doc_text(doc)[candidate.start : candidate.end]
    if len(sentences) < 3 and not multi:
        return [candidate]
    out = []
    for sentence in sentences:
        start, end = _trim(
            doc, max(sentence.start_char, candidate.start), min(sentence.end_char, candidate.end)
        )
        if end - start >= 3:
            out.append(
                Candidate(candidate.cue, candidate.speaker, start, end, True, candidate.kind)
            )
    return out or [candidate]


def sentence_of(doc: Doc, offset: int) -> Span:
    """The sentence holding the character ``offset``."""
    token = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if token is None or len(token) == 0:
        return doc[0:1].sent
    return token[0].sent
