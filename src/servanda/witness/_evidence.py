"""Which refused checkpoints are worth keeping as evidence against a log.

Only checkpoints signed by the log reach this point, so each pair kept is two
statements the log made. What the pair proves differs, and the kind says so:

- ``split-view``: two checkpoints of one size with different roots. Proof on its own:
  the log showed two different trees.
- ``unproven``: a larger checkpoint sent with a consistency proof from the cosigned one
  that fails. A split view, unless the submitter (anyone may submit) sent a wrong proof;
  a consistency proof between the two, asked of the log, settles it.

A *smaller* checkpoint (a rollback) is refused with 409, but not kept: an old checkpoint
of an honest log, sent by a stale client or the loser of a race, looks exactly the same,
and keeping those would bury real evidence in noise.
"""

from __future__ import annotations

from servanda.ledger import Checkpoint


def conflict(
    cosigned: Checkpoint, submitted: Checkpoint, old_size: int, status: int
) -> tuple[str, str] | None:
    """The kind of evidence and why, or None if the pair proves nothing."""
    if cosigned.origin != submitted.origin:
        return None
    if submitted.size == cosigned.size and submitted.root != cosigned.root:
        return (
            "split-view",
            f"two checkpoints of size {cosigned.size} with different root hashes",
        )
    if status == 422 and old_size == cosigned.size < submitted.size:
        return (
            "unproven",
            f"size {submitted.size} came with a consistency proof from the cosigned size "
            f"{cosigned.size} that does not verify",
        )
    return None
