"""Scoring extracted statements against gold labels.

A predicted and a gold statement *match* when they are in the same document, their quote
spans overlap by at least one character, and they agree on party and act. Matching is
one to one: pairs are taken by decreasing overlap, so one long prediction never claims
two gold statements. Precision is matches over predictions, recall matches over gold,
F1 their harmonic mean; target accuracy is the share of matches whose targets agree
(both null counts as agreeing). Overlaps that disagree on party or act are counted too,
to tell wrong attributions from misses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scores:
    gold: int
    predicted: int
    matched: int
    targets_right: int
    overlapping: int  # predictions overlapping a gold statement, whatever their labels

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def target_accuracy(self) -> float:
        return self.targets_right / self.matched if self.matched else 0.0

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            self.gold + other.gold,
            self.predicted + other.predicted,
            self.matched + other.matched,
            self.targets_right + other.targets_right,
            self.overlapping + other.overlapping,
        )


EMPTY = Scores(0, 0, 0, 0, 0)


def _offset(item: Mapping[str, object], key: str) -> int:
    value = item[key]
    assert isinstance(value, int)
    return value


def _overlap(a: Mapping[str, object], b: Mapping[str, object]) -> int:
    return min(_offset(a, "end"), _offset(b, "end")) - max(_offset(a, "start"), _offset(b, "start"))


def pairs(
    gold: Sequence[Mapping[str, object]], predicted: Sequence[Mapping[str, object]], labels: bool
) -> list[tuple[int, int]]:
    """One-to-one (gold, predicted) index pairs of one document, largest overlap first;
    with ``labels`` only pairs that agree on party and act."""
    candidates = []
    for g, gold_item in enumerate(gold):
        for p, item in enumerate(predicted):
            overlap = _overlap(gold_item, item)
            if overlap <= 0:
                continue
            if labels and (gold_item["party"], gold_item["act"]) != (item["party"], item["act"]):
                continue
            candidates.append((-overlap, g, p))
    taken_gold: set[int] = set()
    taken_pred: set[int] = set()
    out = []
    for _, g, p in sorted(candidates):
        if g not in taken_gold and p not in taken_pred:
            taken_gold.add(g)
            taken_pred.add(p)
            out.append((g, p))
    return out


def score_document(
    gold: Sequence[Mapping[str, object]], predicted: Sequence[Mapping[str, object]]
) -> Scores:
    """The scores of one document's predictions against its gold statements."""
    matched = pairs(gold, predicted, labels=True)
    right = sum(1 for g, p in matched if gold[g]["target"] == predicted[p]["target"])
    overlapping = len(pairs(gold, predicted, labels=False))
    return Scores(len(gold), len(predicted), len(matched), right, overlapping)


def score_by_act(
    gold: Sequence[Mapping[str, object]], predicted: Sequence[Mapping[str, object]]
) -> dict[str, Scores]:
    """``score_document`` split by act: the gold and predicted statements of each act,
    and the matches (which agree on act) among them; overlaps are not counted."""
    matched = pairs(gold, predicted, labels=True)
    out: dict[str, Scores] = {}
    for act in {str(item["act"]) for item in (*gold, *predicted)}:
        hits = [(g, p) for g, p in matched if gold[g]["act"] == act]
        out[act] = Scores(
            sum(1 for item in gold if item["act"] == act),
            sum(1 for item in predicted if item["act"] == act),
            len(hits),
            sum(1 for g, p in hits if gold[g]["target"] == predicted[p]["target"]),
            0,
        )
    return out


def add_by_act(total: dict[str, Scores], more: dict[str, Scores]) -> dict[str, Scores]:
    return {act: total.get(act, EMPTY) + more.get(act, EMPTY) for act in {*total, *more}}
