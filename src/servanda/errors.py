"""The exceptions servanda raises, all under one root.

Callers catch ``ServandaError`` to handle anything servanda refuses; the tree::

    ServandaError
    ├── InputError           an input file is invalid (carries every Problem found)
    │   ├── AccordError      ... an accord
    │   └── EvidenceError    ... an evidence file; nothing of it is used
    ├── FormatError          an encoding (note, checkpoint, key, policy, tile) is malformed
    ├── ModelError           the pinned language model is missing or not its pinned files
    ├── StatementsError      a gold file or a text for the statement extractor is unusable
    ├── StoreError           a database could not be used; the operation changed nothing
    └── VerificationError    a proof, signature or quorum did not verify

Third-party errors (YAML, pydantic, cryptography, databases) are converted once, at the
boundary where servanda calls them, and chained with ``raise ... from exc``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, located well enough to fix it without guessing."""

    source: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ServandaError(Exception):
    """Root of every error servanda raises on purpose."""


class InputError(ServandaError):
    """An input could not be loaded; ``problems`` lists each reason, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            # An error without a reason would hide the reason; refuse to build one.
            raise ValueError(f"{type(self).__name__} needs at least one Problem")
        # File order; problems of a whole file (no line) after those of its lines.
        self.problems = sorted(
            problems, key=lambda p: (p.source, p.line if p.line is not None else 1 << 62, p.path)
        )
        super().__init__("\n".join(str(p) for p in self.problems))


class AccordError(InputError):
    """An accord could not be loaded."""


class EvidenceError(InputError):
    """An evidence file could not be loaded; none of its records is used."""


class VerificationError(ServandaError):
    """A proof, signature or quorum check failed; verification never passes by default."""


class FormatError(ServandaError):
    """Bytes or text that do not follow their wire format; nothing was verified or trusted."""


class ModelError(ServandaError):
    """The spaCy model the statement extractor needs is missing, of another version, or
    not the files of the pinned wheel; nothing is downloaded to fix it."""


class StatementsError(ServandaError):
    """A gold file, or a document for the statement extractor, could not be used."""


class StoreError(ServandaError):
    """A database could not be opened, or refused an operation; nothing was changed."""
