"""The ``servanda`` command: each subcommand is a thin wrapper over one library call.

Commands live in one module per concern and register themselves on the shared ``app``;
importing them here is what puts them on the command line, in this order.
"""

from __future__ import annotations

from servanda.cli import (
    _accord,  # noqa: F401  (registers check, timeline)
    _accord_registry,  # noqa: F401  (registers accord)
    _assess,  # noqa: F401  (registers assess, test)
    _evidence,  # noqa: F401  (registers evidence)
    _keys,  # noqa: F401  (registers keys)
    _log,  # noqa: F401  (registers log)
    _statements,  # noqa: F401  (registers statements)
    _verify,  # noqa: F401  (registers verify)
    _witness,  # noqa: F401  (registers witness)
)
from servanda.cli._common import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
