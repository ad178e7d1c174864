"""Writes tune.jsonl and test.jsonl: the labels of each set of split.json, as eval reads them;
and agreement/gold.jsonl: the labels of the documents the second readers labelled.

Each record is a label with ``document`` the path of its text relative to this folder
(``docs/<id>.txt``), so ``servanda statements eval tests/data/statements/test.jsonl``
finds the texts wherever the repository lies.

Run: python tests/data/statements/build_gold.py  (stdlib only)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def gold_lines(documents: list[str], folder: str = "docs") -> str:
    """The gold file's text for ``documents``, in split order, labels in file order;
    ``folder`` is where the texts lie as seen from the gold file."""
    lines = []
    for doc_id in documents:
        path = HERE / "labels" / f"{doc_id}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                item["document"] = f"{folder}/{doc_id}.txt"
                lines.append(json.dumps(item, ensure_ascii=False) + "\n")
    return "".join(lines)


def main() -> int:
    split = json.loads((HERE / "split.json").read_text(encoding="utf-8"))
    for name in ("tune", "test"):
        text = gold_lines(split[name])
        (HERE / f"{name}.jsonl").write_text(text, encoding="utf-8")
        print(f"{name}.jsonl: {text.count(chr(10))} statements in {len(split[name])} documents")
    documents = agreement_documents()
    text = gold_lines(documents, "../docs")
    (HERE / "agreement" / "gold.jsonl").write_text(text, encoding="utf-8")
    print(f"agreement/gold.jsonl: {text.count(chr(10))} statements in {len(documents)} documents")
    return 0


def agreement_documents() -> list[str]:
    """The documents of the agreement sample: those the first second reader labelled."""
    names = []
    path = HERE / "agreement" / "reader-a.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        name = Path(json.loads(line)["document"]).stem
        if name not in names:
            names.append(name)
    return names


if __name__ == "__main__":
    sys.exit(main())
