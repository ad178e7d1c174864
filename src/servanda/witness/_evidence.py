"""Which refused checkpoints are worth keeping as evidence against a log.

Only checkpoints signed by the log reach this point, so each pair kept is two
statements the log made. What the pair proves differs, and the kind says so:

- ``split-view``: two checkpoints of one size with different roots, the one cosigned
  here (the latest, or an earlier one from the witness's history) and the one shown.
  Proof on its own: the log showed two different trees.
- ``unproven``: a larger checkpoint sent with a consistency proof from the cosigned one
  that fails. A split view, unless the submitter (anyone may submit) sent a wrong proof;
  a consistency proof between the two, asked of the log, settles it.
- ``rollback``: a checkpoint smaller than the cosigned one, sent as its successor (the
  request's old size is the cosigned size: 400), of a size this witness never cosigned,
  so it cannot check it. Not proof on its own; a consistency proof from its size to the
  cosigned one, asked of the log, settles it.

An old checkpoint sent with a stale old size (409) is what the loser of a race or a
stale client sends: it is kept only when it contradicts one cosigned here at its size;
one that matches is a stale copy and is not kept either way.
"""

from __future__ import annotations

from servanda.ledger import Checkpoint


def conflict(
    cosigned: Checkpoint,
    submitted: Checkpoint,
    old_size: int,
    status: int,
    earlier: Checkpoint | None = None,
) -> tuple[str, str] | None:
    """The kind of evidence and why, or None if the pair proves nothing.

    ``earlier`` is the checkpoint this witness cosigned at the submitted size, if any.
    """
    if cosigned.origin != submitted.origin:
        return None
    if submitted.size == cosigned.size and submitted.root != cosigned.root:
        return (
            "split-view",
            f"two checkpoints of size {cosigned.size} with different root hashes",
        )
    if submitted.size < cosigned.size:
        if earlier is not None:
            if earlier.root == submitted.root:
                return None
            return (
                "split-view",
                f"two checkpoints of size {submitted.size} with different root hashes "
                f"(size {submitted.size} cosigned earlier)",
            )
        if status == 400 and old_size == cosigned.size:
            return (
                "rollback",
                f"size {submitted.size} was sent as the successor of the cosigned size "
                f"{cosigned.size} and was never cosigned here; a consistency proof from "
                f"{submitted.size} to {cosigned.size}, asked of the log, shows whether the "
                "trees differ",
            )
        return None
    if status == 422 and old_size == cosigned.size < submitted.size:
        return (
            "unproven",
            f"size {submitted.size} came with a consistency proof from the cosigned size "
            f"{cosigned.size} that does not verify",
        )
    return None
