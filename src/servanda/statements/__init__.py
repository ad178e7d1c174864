"""Attributed statements in news text: who said what, for which party, doing what.

``load_extractor()`` gives an ``Extractor`` (the checked spaCy pipeline, the party
registry and the act model shipped in this package); ``extractor.extract(text,
document, published)`` returns ``Statement``s with speaker, party, act, target, quote
and offsets, and date. ``evaluate(gold_path, extractor)`` scores it against labelled
statements, and ``compare(gold_path, other_path)`` scores a second labelling of the
same documents (how far two readers agree). With an accord, ``accord_registry`` maps
parties to the accord's ids, ``provisions_of`` says which provisions a quote concerns,
and ``evidence_records`` turns statements into evidence of kind ``statement`` for
``parse_evidence``.
Nothing is downloaded: a missing model raises ``ModelError``.
"""

from servanda.errors import ModelError, StatementsError
from servanda.statements._accord import (
    accord_registry,
    evidence_records,
    provision_keywords,
    provisions_of,
)
from servanda.statements._api import Evaluation, compare, evaluate, load_extractor
from servanda.statements._extract import Extractor, Statement
from servanda.statements._registry import Registry, load_registry

__all__ = [
    "Evaluation",
    "Extractor",
    "ModelError",
    "Registry",
    "Statement",
    "StatementsError",
    "accord_registry",
    "compare",
    "evaluate",
    "evidence_records",
    "load_extractor",
    "load_registry",
    "provision_keywords",
    "provisions_of",
]
