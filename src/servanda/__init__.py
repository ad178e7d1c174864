"""servanda: a verifiable system of guarantees for multi-party agreements.

Agreements as code (``servanda.accord``), evidence, a deterministic compliance engine
and a tamper-evident transparency log; nobody has to trust the operator.
"""

from typing import Any

from servanda.accord import Accord, LoadedAccord, parse_accord
from servanda.errors import (
    AccordError,
    FormatError,
    Problem,
    ServandaError,
    VerificationError,
)


def __getattr__(name: str) -> Any:
    """``__version__``, read from the installed metadata only when asked (it is slow to
    import, and every command would pay for it)."""
    if name != "__version__":
        raise AttributeError(f"module 'servanda' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("servanda")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"


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
