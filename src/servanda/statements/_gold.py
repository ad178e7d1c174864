"""Gold statements for evaluation: JSON Lines, one labelled statement a line.

Each record has ``document`` (the text's path, relative to the gold file unless
absolute), ``party``, ``act``, ``target``, ``start`` and ``end`` (character offsets,
end exclusive), and usually ``speaker``, ``quote`` and ``date``. A bad line stops the
load with its file, line and what is wrong; so does a document that cannot be read or a
quote that is not the text at its offsets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from servanda.errors import StatementsError
from servanda.evidence import SPEECH_ACTS


@dataclass(frozen=True, slots=True)
class GoldDocument:
    path: Path
    name: str  # as the gold file writes it
    text: str
    statements: list[dict[str, Any]]


def load_gold(path: Path) -> list[GoldDocument]:
    """The gold file's documents, in first-mention order, with their statements."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise StatementsError(f"{path}: cannot read: {exc.strerror}") from None
    documents: dict[str, GoldDocument] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise StatementsError(f"{where}: invalid JSON: {exc.msg}") from None
        if not isinstance(item, dict):
            raise StatementsError(f"{where}: a gold statement is a JSON object")
        for key in ("document", "act", "start", "end"):
            if key not in item:
                raise StatementsError(
                    f"{where}: no {key!r}; each line needs document, party, act, target, start, end"
                )
        if item["act"] not in SPEECH_ACTS:
            raise StatementsError(
                f"{where}: act {item['act']!r} is not one of {', '.join(SPEECH_ACTS)}"
            )
        start, end = item["start"], item["end"]
        if type(start) is not int or type(end) is not int or not 0 <= start < end:
            raise StatementsError(f"{where}: start {start!r} and end {end!r} are not a span")
        name = str(item["document"])
        if name not in documents:
            document = Path(name) if Path(name).is_absolute() else path.parent / name
            try:
                text = document.read_text(encoding="utf-8")
            except OSError as exc:
                raise StatementsError(f"{where}: document {name}: {exc.strerror}") from None
            documents[name] = GoldDocument(document, name, text, [])
        gold = documents[name]
        if "quote" in item and gold.text[start:end] != item["quote"]:
            raise StatementsError(f"{where}: the quote is not the text at {start}:{end} of {name}")
        item.setdefault("party", None)
        item.setdefault("target", None)
        gold.statements.append(item)
    if not documents:
        raise StatementsError(f"{path}: no gold statements")
    return list(documents.values())
