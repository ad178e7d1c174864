"""servanda: a verifiable system of guarantees for multi-party agreements.

Agreements as code (``servanda.accord``), evidence, a deterministic compliance engine
and a tamper-evident transparency log; nobody has to trust the operator.
"""

from importlib.metadata import PackageNotFoundError, version

from servanda.accord import Accord, LoadedAccord, parse_accord
from servanda.errors import (
    AccordError,
    FormatError,
    Problem,
    ServandaError,
    VerificationError,
)

try:
    __version__ = version("servanda")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Accord",
    "AccordError",
    "FormatError",
    "LoadedAccord",
    "Problem",
    "ServandaError",
    "VerificationError",
    "__version__",
    "parse_accord",
]
