"""Where an article's body starts, and its text with hard line wraps undone.

The labelling rules (tests/data/statements/GUIDELINES.md, rule A) leave headlines,
decks, bylines, datelines and captions out: they restate the body telegraphically. The
front matter is the run of leading lines that do not end a sentence, plus the deck,
the line printed directly under a headline with no blank line between. Wrapped lines
(a line ending mid-sentence, the next starting in lower case or the line ending with a
comma) are joined by turning the newline into a space, which keeps every offset.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

_SENTENCE_END = re.compile(r"""[.!?:]["'\u201d\u2019\u00bb)\]]*\s*$""")
_BYLINE = re.compile(r"^(by|from)\s", re.IGNORECASE)
_HEADLINE_VERB = re.compile(
    r"\b(accuses|says|denies|warns|rejects|urges|calls|claims|vows|agrees|accuse|say)\b"
)
_DECK_WORDS = 45
#: A dateline opening a paragraph: place, date or agency, then a dash.
_DATELINE = re.compile(r"^(?P<prefix>[^\n]{2,80}?)\s(?P<dash>\u2014|\u2013|--|-)\s")
_DATELINE_WORDS = 10


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.strip()))


def _wrapped(line: str, following: str) -> bool:
    """Whether ``line`` continues on the next line (a hard wrap, not a new paragraph)."""
    stripped = line.rstrip()
    if not stripped or not following.strip():
        return False
    return stripped.endswith((",", "-", "\u2013", ";")) or (
        not _ends_sentence(stripped) and following.lstrip()[:1].islower()
    )


def unwrap(text: str) -> str:
    """``text`` with the newline of every hard-wrapped line made a space, and the dash
    after a paragraph's dateline made a newline (same offsets): "ADEN, Yemen, June 28
    (Xinhua) -- The Houthi group ... accused" is the Houthis', not Aden's or Yemen's."""
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        out.append(_dateline_broken(line) + (" " if _wrapped(line, following) else "\n"))
    return "".join(out)[: len(text)]


def _dateline_broken(line: str) -> str:
    hit = _DATELINE.match(line)
    if hit is None:
        return line
    prefix = hit.group("prefix")
    words = prefix.replace("(", " ").split()
    if not ("," in prefix or "(" in prefix) or len(words) > _DATELINE_WORDS:
        return line
    if not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return line
    start, end = hit.span("dash")
    return line[:start] + "\n" + " " * (end - start - 1) + line[end:]


def _is_headline(line: str, first: bool) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if not _ends_sentence(stripped):
        return True
    # A first line that ends with a full stop is still a headline when it is short and
    # written in the headline present ("Tshisekedi accuses Rwanda of ...").
    return first and len(stripped.split()) <= 20 and bool(_HEADLINE_VERB.search(stripped))


def body_start(text: str) -> int:
    """The offset where the body starts: after the headline, deck, byline and dateline."""
    lines = text.split("\n")
    offset = 0
    headline_above = False
    first = True
    for index, line in enumerate(lines):
        stripped = line.strip()
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not stripped:
            headline_above = False
        elif _wrapped(line, following):
            return offset
        elif _BYLINE.match(stripped) and not _ends_sentence(stripped):
            headline_above = False
        elif _is_headline(stripped, first):
            headline_above = index == 0  # only the title line has a deck under it
            first = False
        elif headline_above and len(stripped.split()) <= _DECK_WORDS:
            headline_above = False  # the deck: directly under the headline
            first = False
        else:
            return offset
        offset += len(line) + 1
    return len(text)


def doc_text(doc: Doc) -> str:
    """The parsed text, joined once per document: spaCy's ``doc.text`` walks every token
    on each reading, and the extractor reads it for every candidate."""
    text = doc.user_data.get("servanda.text")
    if not isinstance(text, str):
        text = doc.user_data["servanda.text"] = doc.text
    return text
