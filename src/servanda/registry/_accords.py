"""Registering an accord: checked, logged as the canonical JSON of its document, stored.

An accord id names one text for good. Registering the same document again (comments and
layout may differ: the canonical JSON is compared) changes nothing and reports the index
it was logged at; a different document under a registered id is refused, because
evidence already judged against the first would silently be judged against the second.
"""

from __future__ import annotations

from dataclasses import dataclass

from servanda._canonical import canonical_json
from servanda.accord import LoadedAccord, load_yaml, parse_accord
from servanda.errors import AccordError, Problem, StoreError
from servanda.store import Registry
from servanda.transparency import json_record


@dataclass(frozen=True, slots=True)
class Registered:
    """An accord in the registry: its id, its log index, and whether this call added it."""

    id: str
    log_index: int
    added: bool


def register_accord(registry: Registry, text: str, source: str) -> Registered:
    """Check the accord in ``text`` and register it under its id; see the module docstring."""
    loaded = parse_accord(text, source)
    value = load_yaml(text, source).value  # the same document the accord was read from
    document = canonical_json(value)
    accord_id = loaded.accord.id
    existing = registry.accord(accord_id)
    if existing is not None:
        if existing.document == document:
            return Registered(accord_id, existing.log_index, added=False)
        raise AccordError(
            [
                Problem(
                    source,
                    loaded.line_of(("id",)),
                    "id",
                    f"{accord_id!r} is already registered (log index {existing.log_index}) "
                    f"with another text; an id names one text, so give this one its own, "
                    f"e.g. {accord_id}-v2",
                )
            ]
        )
    record = json_record(source, value)
    stored = registry.add_accord(
        accord_id, document, text, entry=record.entry, content=record.content
    )
    return Registered(accord_id, stored.log_index, added=True)


def registered_accord(registry: Registry, accord_id: str) -> LoadedAccord:
    """The accord registered as ``accord_id``, loaded from the text that was registered."""
    stored = registry.accord(accord_id)
    if stored is None:
        raise StoreError(
            f"no accord {accord_id!r} in {registry.display}; register it with "
            "'servanda accord add ACCORD.yaml'"
        )
    return parse_accord(stored.text, f"accord {accord_id}")
