"""Checks the statement labels: spans match the text, values are in range, the split is whole.

Run: python tests/data/statements/check_gold.py  (stdlib only; exits 1 on a problem)
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACTS = {
    "commitment",
    "allegation",
    "denial",
    "demand",
    "rejection",
    "offer",
    "warning",
    "statement",
}
FIELDS = {"document", "speaker", "party", "act", "target", "quote", "start", "end", "date"}


def main() -> int:
    problems: list[str] = []
    acts: Counter[str] = Counter()
    total = 0
    for labels in sorted((HERE / "labels").glob("*.jsonl")):
        doc_id = labels.stem
        text_path = HERE / "docs" / f"{doc_id}.txt"
        meta_path = HERE / "meta" / f"{doc_id}.json"
        if not text_path.exists():
            problems.append(f"{labels.name}: no docs/{doc_id}.txt")
            continue
        if not meta_path.exists():
            problems.append(f"{labels.name}: no meta/{doc_id}.json")
        text = text_path.read_text(encoding="utf-8")
        seen: set[tuple[int, int, str]] = set()
        for number, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"labels/{labels.name}:{number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: invalid JSON: {exc}")
                continue
            if set(item) != FIELDS:
                problems.append(f"{where}: keys {sorted(item)} != {sorted(FIELDS)}")
                continue
            if item["document"] != doc_id:
                problems.append(f"{where}: document {item['document']!r} != {doc_id!r}")
            if item["act"] not in ACTS:
                problems.append(f"{where}: act {item['act']!r}")
            start, end = item["start"], item["end"]
            if text[start:end] != item["quote"]:
                problems.append(f"{where}: text[{start}:{end}] is {text[start:end]!r}")
            key = (start, end, item["act"])
            if key in seen:
                problems.append(f"{where}: duplicate span and act")
            seen.add(key)
            acts[item["act"]] += 1
            total += 1
    problems.extend(_split_problems())
    for problem in problems:
        print(problem)
    print(f"{total} statements in {len(list((HERE / 'labels').glob('*.jsonl')))} documents")
    for act, count in acts.most_common():
        print(f"  {act}: {count}")
    return 1 if problems else 0


def _split_problems() -> list[str]:
    """split.json covers every document once; tune.jsonl and test.jsonl are current."""
    from build_gold import agreement_documents, gold_lines

    split = json.loads((HERE / "split.json").read_text(encoding="utf-8"))
    every = sorted(p.stem for p in (HERE / "labels").glob("*.jsonl"))
    tune, test = split["tune"], split["test"]
    problems = []
    if sorted(tune + test) != every:
        problems.append("split.json: tune and test must list every document exactly once")
    if "seed-article" not in tune:
        problems.append("split.json: the seed article belongs to the tuning set")
    for name, documents in (("tune", tune), ("test", test)):
        path = HERE / f"{name}.jsonl"
        if not path.exists() or path.read_text(encoding="utf-8") != gold_lines(documents):
            problems.append(f"{name}.jsonl is stale; run build_gold.py")
    sample = agreement_documents()
    if not set(sample) <= set(tune):
        problems.append("agreement: the second readers' documents belong to the tuning set")
    path = HERE / "agreement" / "gold.jsonl"
    if not path.exists() or path.read_text(encoding="utf-8") != gold_lines(sample, "../docs"):
        problems.append("agreement/gold.jsonl is stale; run build_gold.py")
    return problems


if __name__ == "__main__":
    sys.exit(main())
