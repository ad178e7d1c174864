"""Writes split.json once: documents into a tuning set and a frozen test set.

The split is by document (statements of one article never straddle the two sets),
stratified by conflict: each conflict gives round(0.4 * n) documents to tuning (a
conflict with a single document alternates, in name order), the seed article always
tunes. Choices within a conflict come from a fixed seed. Once written the split is
frozen: this script refuses to overwrite it.

Run: python tests/data/statements/make_split.py  (stdlib only)
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20251212
TUNE_SHARE = 0.4
ALWAYS_TUNE = "seed-article"


def main() -> int:
    target = HERE / "split.json"
    if target.exists():
        print(f"{target.name} exists and is frozen; not overwriting")
        return 1
    by_conflict: dict[str, list[str]] = defaultdict(list)
    for meta in sorted((HERE / "meta").glob("*.json")):
        item = json.loads(meta.read_text(encoding="utf-8"))
        by_conflict[item["conflict"]].append(item["id"])
    rng = random.Random(SEED)
    tune: list[str] = []
    singletons = 0
    for conflict in sorted(by_conflict):
        docs = sorted(by_conflict[conflict])
        if len(docs) == 1:
            if singletons % 2 == 0:
                tune.extend(docs)
            singletons += 1
            continue
        count = max(1, round(TUNE_SHARE * len(docs)))
        chosen = [d for d in docs if d == ALWAYS_TUNE]
        rest = [d for d in docs if d != ALWAYS_TUNE]
        rng.shuffle(rest)
        chosen.extend(rest[: count - len(chosen)])
        tune.extend(chosen)
    every = sorted(d for docs in by_conflict.values() for d in docs)
    split = {
        "seed": SEED,
        "method": "by document, stratified by conflict; see make_split.py",
        "tune": sorted(tune),
        "test": sorted(set(every) - set(tune)),
    }
    target.write_text(json.dumps(split, indent=2) + "\n", encoding="utf-8")
    print(f"tune {len(split['tune'])} documents, test {len(split['test'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
