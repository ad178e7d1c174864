"""The act of a statement, learned from the labelled tuning set.

Hand-written verb lists do not generalise (a dependency-pattern extractor tuned on a few
paragraphs reached F1 0.44 on held-out news), so the act is predicted by a multinomial
logistic regression over sparse features of the candidate: the communication verb and
its particles, the content's lemmas, negation, modality, first person, quotation, and a
coarse class of the verb. The model also has a ninth class, ``none``: candidates of the
tuning documents that no label covers, so it learns what is not a statement.
``scripts/train_statements.py`` fits it (numpy, full-batch, no randomness) and writes
``acts.json`` beside this module; the extractor loads it from the package, never from
elsewhere.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc, Token

NONE = "none"
_MODALS = {"will", "would", "must", "should", "could", "can", "may", "might", "shall"}
_NEGATIONS = {"not", "no", "never", "n't", "nothing", "none", "neither", "nor", "without"}
_FIRST_PERSON = {"we", "our", "us", "i", "my", "me", "ours"}
#: A coarse class per communication verb: a feature whose weight the model learns.
_VERB_CLASSES = {
    "accuse": "blame",
    "blame": "blame",
    "allege": "blame",
    "charge": "blame",
    "condemn": "blame",
    "denounce": "blame",
    "criticize": "blame",
    "criticise": "blame",
    "decry": "blame",
    "slam": "blame",
    "lambast": "blame",
    "complain": "blame",
    "deny": "deny",
    "refute": "deny",
    "dismiss": "deny",
    "dispute": "deny",
    "warn": "warn",
    "threaten": "warn",
    "vow": "warn",
    "caution": "warn",
    "call": "ask",
    "urge": "ask",
    "demand": "ask",
    "ask": "ask",
    "implore": "ask",
    "appeal": "ask",
    "request": "ask",
    "insist": "ask",
    "invite": "ask",
    "reject": "refuse",
    "refuse": "refuse",
    "decline": "refuse",
    "offer": "offer",
    "propose": "offer",
    "agree": "commit",
    "pledge": "commit",
    "promise": "commit",
    "commit": "commit",
    "accept": "commit",
    "endorse": "commit",
    "order": "order",
    "direct": "order",
    "instruct": "order",
    "declare": "announce",
    "announce": "announce",
}


#: Word classes of the content, as features: the model learns how far each tells an act.
_WORD_CLASSES = {
    "harm": """violate violation violations violating breach breached breaching break broke
        broken breaking attack attacked attacks attacking shell shelled shelling fire fired
        firing strike strikes struck launch launched bomb bombing bombed kill killed killing
        target targeted targeting aggression provocation provocations terrorist terrorism
        crime crimes genocide massacre shoot shooting sniper drone drones missile missiles
        rocket rockets mortar artillery invade invasion occupy occupation ambush assault
        escalation escalate undermine undermining obstruct obstructing block blocking deceive
        deceiving support supporting harbor harboring nullify nullifying renege reneged
        backtrack backtracking threaten threats destabilise destabilising imprison
        imprisoned jail jailing arrest arrested detain detained abduct abducted""",
    "keep": """commit committed commitment commitments abide adhere adheres respect observe
        comply complying uphold honor honour halt stop stopped cease silent silence follow
        following followed fulfil fulfill fulfilling implement implementation""",
    "pledge": """agree agreed agreement pledge guarantee guarantees ensure withdraw exchange
        release accept accepted accepts endorse endorsed declare declared reaffirm""",
    "ask": """must should need needs urge call demand ask insist important incumbent require
        required necessary implore appeal""",
    "warn": """respond response retaliate retaliation force forcefully firmly severe
        consequence consequences pay price eliminate eliminated defend punish enforce
        enforced impose""",
    "deny": """deny denied denies false baseless lie lies fabrication untrue unfounded
        misinformation propaganda correspond""",
    "refuse": """reject rejected refuse refused unacceptable oppose opposed suspend
        suspension""",
    "offer": """ready willing prepared offer proposal propose proposed open""",
}
_WORD_CLASS = {w: c for c, words in _WORD_CLASSES.items() for w in words.split()}
_OWN = {"we", "our", "us", "i", "my", "me"}
_CLAIMS = {
    "allegation",
    "claim",
    "accusation",
    "report",
    "charge",
    "involvement",
    "knowledge",
    "responsibility",
    "violation",
}


#: The prior: what the labelling rules say a feature means, as starting weights. Training
#: pulls the weights towards these (L2 around them, not around zero), so the data move
#: them where the rules fall short and the rules hold where the data are silent.
PRIOR: dict[str, dict[str, float]] = {
    "cueclass=blame": {"allegation": 3.0},
    "cueclass=deny": {"denial": 3.0},
    "cueclass=warn": {"warning": 3.0},
    "cueclass=ask": {"demand": 3.0},
    "cueclass=refuse": {"rejection": 3.0},
    "cueclass=offer": {"offer": 3.0},
    "cueclass=commit": {"commitment": 3.0},
    "class=harm&about=own": {"statement": 2.0, "allegation": -1.0},
    "inner=order&class=harm": {"warning": 2.5},
    "inner=order&class=warn": {"warning": 2.5},
    "inner=order&class=keep": {"commitment": 2.5},
    "class=harm&about=own_passive": {"allegation": 1.5},
    "class=harm&about=other": {"allegation": 1.5},
    "class=harm&modal": {"warning": 0.8},
    "keep+harm&about=own": {"commitment": 1.5},
    "cueclass=order&class=harm": {"warning": 2.5},
    "cueclass=order&class=warn": {"warning": 2.5},
    "cueclass=order&class=keep": {"commitment": 2.5},
    "cueclass=commit&cue_negated": {"rejection": 3.0, "commitment": -2.0},
    "cueclass=say&class=harm&mentions=other": {"allegation": 1.0},
    "mentions=other&class=harm": {"allegation": 1.0},
    "no_det&about=own": {"denial": 1.5},
    "cueclass=blame&no_verb": {"none": 2.5, "allegation": -1.0},
    "cueclass=deny&no_verb": {"none": 1.5},
    "cue_obj=claim": {"denial": 3.0, "none": -1.0},
    "cueclass=warn&no_verb": {"none": 2.0},
    "cue_negated": {"none": 1.0},
    "no_det&about=None": {"denial": 1.0},
    "cueclass=say": {"statement": 0.5},
    "class=harm&about=None": {"allegation": 0.5},
    "class=keep&about=own": {"commitment": 1.5},
    "class=pledge&about=own": {"commitment": 1.0},
    "class=warn&modal": {"warning": 1.5},
    "class=warn&about=own": {"warning": 1.0},
    "class=ask": {"demand": 1.0},
    "cueclass=say&class=ask": {"demand": 1.0},  # "stressed the need for", "said Y must"
    "modal&about=other": {"demand": 0.5},
    "class=deny": {"denial": 1.5},
    "negation&about=own": {"denial": 0.5},
    "class=refuse": {"rejection": 1.0},
    "class=offer": {"offer": 1.5},
}


@dataclass(frozen=True, slots=True)
class Prediction:
    act: str
    probability: float


def features(
    doc: Doc,
    cue: Token | None,
    start: int,
    end: int,
    quoted: bool,
    kind: str,
    about: str | None = None,
    mentions: str | None = None,
) -> list[str]:
    """The sparse features of one candidate (strings; the model maps them to columns).

    ``about`` is "own" when the reported clause's subject is the speaker's side ("Russia
    is willing", "it remains committed"), "other" when another party ("Hamas fired").
    Word classes are crossed with it, with modality and with negation, because an act is
    read from such combinations ("we will respond" warns, "Hamas fired" alleges).
    ``mentions`` is "other" when the clause names a party other than the speaker's.
    """
    names = [f"kind={kind}", f"about={about}"]
    if quoted:
        names.append("quoted")
    if cue is not None and kind == "verb":
        lemma = cue.lemma_.lower()
        names.append(f"cue={lemma}")
        verb_class = _VERB_CLASSES.get(lemma, "say")
        if lemma == "call" and any(c.lower_ in ("on", "for", "upon") for c in cue.children):
            verb_class = "ask"  # "called on Y to ...", not "called it a violation"
        names.append(f"cueclass={verb_class}")
        for child in cue.children:
            if child.dep_ == "neg":
                names.append("cue_negated")
            if child.dep_ in ("prep", "prt") and child.lower_ in ("on", "for", "of", "to"):
                names.append(f"cue+{child.lower_}")
            if child.dep_ == "dobj" and child.lemma_.lower() in _CLAIMS:
                names.append("cue_obj=claim")
    span = doc.char_span(start, end, alignment_mode="expand")
    tokens: Sequence[Token] = list(span) if span is not None else []
    words = 0
    classes: set[str] = set()
    modal = negated = verb = False
    for token in tokens:
        lower = token.lower_
        negated = negated or lower in _NEGATIONS or token.dep_ == "neg"
        modal = modal or lower in _MODALS
        verb = verb or token.pos_ in ("VERB", "AUX")
        if lower in _FIRST_PERSON:
            names.append("first_person")
        if token.is_alpha and not token.is_stop:
            words += 1
        word_class = _WORD_CLASS.get(lower) or _WORD_CLASS.get(token.lemma_.lower())
        if word_class is not None:
            classes.add(word_class)
    names += [f"class={c}" for c in classes]
    names += [f"class={c}&about={about}" for c in classes]
    heads = [t for t in tokens if t.head not in tokens or t.head is t]
    if heads and heads[0].pos_ == "VERB":
        inner = _VERB_CLASSES.get(heads[0].lemma_.lower())
        if inner is not None:  # "said he had ordered the military to ..."
            names += [f"inner={inner}", *(f"inner={inner}&class={c}" for c in classes)]
    if {"keep", "harm"} <= classes:
        names.append(f"keep+harm&about={about}")  # "stops attacking", "halt strikes"
    if modal:
        names += ["modal", f"modal&about={about}", *(f"class={c}&modal" for c in classes)]
    if negated:
        names += ["negation", f"negation&about={about}", *(f"class={c}&negation" for c in classes)]
    cueclass = next((n for n in names if n.startswith("cueclass=")), "cueclass=none")
    if not verb:
        names += ["no_verb", f"{cueclass}&no_verb"]
    names += [f"{cueclass}&class={c}" for c in classes]
    if "cue_negated" in names:
        names.append(f"{cueclass}&cue_negated")
    if mentions is not None:
        names.append(f"mentions={mentions}")
        names += [f"mentions={mentions}&class={c}" for c in classes]
        names += [f"{cueclass}&class={c}&mentions={mentions}" for c in classes]
    if any(t.lower_ == "no" and t.dep_ == "det" for t in tokens):
        names += ["no_det", f"no_det&about={about}"]
    names.append(f"length={min(4, int(math.log2(words + 1)))}")
    return names


@dataclass(frozen=True, slots=True)
class ActModel:
    """Multinomial logistic regression: ``weights[feature] . x + bias`` per class."""

    classes: tuple[str, ...]
    columns: dict[str, int]
    weights: NDArray[np.float64]  # (features, classes)
    bias: NDArray[np.float64]  # (classes,)
    threshold: float = 0.5  # below this probability an act is not emitted
    about: dict[str, object] | None = None  # how it was trained

    def predict(self, names: Iterable[str]) -> Prediction:
        scores = self.bias.copy()
        for name in set(names):
            column = self.columns.get(name)
            if column is not None:
                scores += self.weights[column]
        scores -= scores.max()
        probabilities = np.exp(scores) / np.exp(scores).sum()
        best = int(np.argmax(probabilities))
        return Prediction(self.classes[best], float(probabilities[best]))

    def to_json(self) -> str:
        data = {
            "about": self.about or {},
            "threshold": self.threshold,
            "classes": list(self.classes),
            "features": sorted(self.columns, key=self.columns.__getitem__),
            "weights": [[round(float(v), 5) for v in row] for row in self.weights],
            "bias": [round(float(v), 5) for v in self.bias],
        }
        return json.dumps(data, separators=(",", ":")) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ActModel:
        data = json.loads(text)
        columns = {name: i for i, name in enumerate(data["features"])}
        weights = np.asarray(data["weights"], dtype=np.float64).reshape(len(columns), -1)
        bias = np.asarray(data["bias"], dtype=np.float64)
        return cls(tuple(data["classes"]), columns, weights, bias, data["threshold"], data["about"])


def load_act_model() -> ActModel:
    """The model shipped in the package (``acts.json``)."""
    text = resources.files("servanda.statements").joinpath("acts.json").read_text("utf-8")
    return ActModel.from_json(text)


def train(
    examples: Sequence[tuple[list[str], str]],
    classes: Sequence[str],
    l2: float = 1.0,
    iterations: int = 600,
    min_count: int = 1,
    prior: dict[str, dict[str, float]] | None = None,
) -> ActModel:
    """Fit the model (Adam, full batch, from the prior); deterministic."""
    prior = PRIOR if prior is None else prior
    counts: dict[str, int] = {name: min_count for name in prior}
    for names, _ in examples:
        for name in set(names):
            counts[name] = counts.get(name, 0) + 1
    columns = {n: i for i, n in enumerate(sorted(n for n, c in counts.items() if c >= min_count))}
    x = np.zeros((len(examples), len(columns)))
    y = np.zeros((len(examples), len(classes)))
    for row, (names, label) in enumerate(examples):
        for name in set(names):
            if name in columns:
                x[row, columns[name]] = 1.0
        y[row, classes.index(label)] = 1.0
    # Adam on the mean log-loss plus L2/2n on the weights (not the bias); from zeros, so
    # the same examples always give the same model.
    centre = np.zeros((len(columns) + 1, len(classes)))
    for name, weights in prior.items():
        for label, weight in weights.items():
            centre[columns[name], classes.index(label)] = weight
    params = centre.copy()
    x = np.hstack([x, np.ones((len(examples), 1))])
    penalty = np.full((len(columns) + 1, 1), l2 / max(1, len(examples)))
    penalty[-1] = penalty[0]  # the bias too: with so few examples it would chase the majority
    first = np.zeros_like(params)
    second = np.zeros_like(params)
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    n = max(1, len(examples))
    for step in range(1, iterations + 1):
        scores = x @ params
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        gradient = x.T @ ((probabilities - y) / n) + penalty * (params - centre)
        first = beta1 * first + (1 - beta1) * gradient
        second = beta2 * second + (1 - beta2) * gradient**2
        corrected = first / (1 - beta1**step)
        scale = np.sqrt(second / (1 - beta2**step)) + 1e-8
        params -= rate * corrected / scale
    return ActModel(tuple(classes), columns, params[:-1], params[-1])
