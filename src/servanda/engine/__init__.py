"""The compliance engine: who kept which promise, as of any moment, and on what evidence.

``evaluate(accord, evidence, as_of)`` is pure and deterministic: it reads no clock, no
file and no database, and the same inputs give the same ``Assessment``, byte for byte.
"""

from servanda.engine._assessment import Assessment, Disagreement, GuaranteeRow, PowerRow, Row
from servanda.engine._evaluate import Evaluator, evaluate
from servanda.engine._history import Change, daily, state_changes
from servanda.engine._scenarios import ScenarioOutcome, run_scenario, run_scenarios
from servanda.engine._table import EvidenceTable

__all__ = [
    "Assessment",
    "Change",
    "Disagreement",
    "Evaluator",
    "EvidenceTable",
    "GuaranteeRow",
    "PowerRow",
    "Row",
    "ScenarioOutcome",
    "daily",
    "evaluate",
    "run_scenario",
    "run_scenarios",
    "state_changes",
]
