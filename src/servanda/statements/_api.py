"""Building the extractor and scoring it: the two calls the command line makes."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from servanda.accord import LoadedAccord
from servanda.errors import StatementsError
from servanda.statements._accord import accord_registry
from servanda.statements._acts import load_act_model
from servanda.statements._eval import EMPTY, Scores, add_by_act, score_by_act, score_document
from servanda.statements._extract import Extractor
from servanda.statements._gold import load_gold
from servanda.statements._model import load_pipeline
from servanda.statements._registry import load_registry


def load_extractor(accord: LoadedAccord | None = None) -> Extractor:
    """The extractor, its registry extended by ``accord`` when given."""
    registry = load_registry()
    if accord is not None:
        registry = accord_registry(registry, accord)
    return Extractor(load_pipeline(), registry, load_act_model())


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Scores over a gold file, and how fast the extraction ran (model load excluded)."""

    scores: Scores
    documents: int
    words: int
    seconds: float
    by_act: dict[str, Scores]  # the same scores for the statements of each act

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def evaluate(gold_path: Path, extractor: Extractor) -> Evaluation:
    """Extract every document of the gold file and score the statements against it."""
    total = EMPTY
    by_act: dict[str, Scores] = {}
    words = 0
    seconds = 0.0
    documents = load_gold(gold_path)
    for document in documents:
        started = time.perf_counter()
        found = [s.as_dict() for s in extractor.extract(document.text, document.name)]
        seconds += time.perf_counter() - started
        words += len(document.text.split())
        total = total + score_document(document.statements, found)
        by_act = add_by_act(by_act, score_by_act(document.statements, found))
    return Evaluation(total, len(documents), words, seconds, by_act)


def compare(gold_path: Path, other_path: Path) -> Evaluation:
    """Score a second labelling of the gold file's documents (another reader's, say)
    against it, as ``evaluate`` scores the extractor: how far two readers agree.

    A document the second file labels must be one of the gold file's, read from the
    same text; a gold document it leaves out counts as all missed.
    """
    documents = load_gold(gold_path)
    others = {other.path.resolve(): other for other in load_gold(other_path)}
    known = {document.path.resolve() for document in documents}
    for path, reading in others.items():
        if path not in known:
            raise StatementsError(
                f"{other_path}: document {reading.name} is not in {gold_path}; "
                "both files must label the same documents"
            )
    total = EMPTY
    by_act: dict[str, Scores] = {}
    for document in documents:
        other = others.get(document.path.resolve())
        labelled = other.statements if other else []
        total = total + score_document(document.statements, labelled)
        by_act = add_by_act(by_act, score_by_act(document.statements, labelled))
    words = sum(len(document.text.split()) for document in documents)
    return Evaluation(total, len(documents), words, 0.0, by_act)
