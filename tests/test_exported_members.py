"""The public API is what ``__all__`` says, and changes to it are deliberate."""

from __future__ import annotations

import servanda
import servanda.accord


def test_servanda_exports() -> None:
    assert servanda.__all__ == [
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
    for name in servanda.__all__:
        assert hasattr(servanda, name)


def test_accord_exports() -> None:
    assert servanda.accord.__all__ == [
        "Accord",
        "Anchor",
        "Calendar",
        "CalendarError",
        "ComputedInstant",
        "Duration",
        "Entity",
        "Guarantee",
        "Instant",
        "LoadedAccord",
        "Open",
        "Provision",
        "Reading",
        "Ref",
        "TimeSpec",
        "YamlProblem",
        "load_yaml",
        "parse_accord",
        "parse_moment",
    ]
    for name in servanda.accord.__all__:
        assert hasattr(servanda.accord, name)


def test_the_accord_package_is_pure() -> None:
    """``accord`` reads no files, opens no sockets and never reads the clock."""
    import ast
    from pathlib import Path

    forbidden = {"open(", "datetime.now", "date.today", "time.time", "read_text", "socket"}
    package = Path(servanda.accord.__file__).parent
    for module in package.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        ast.parse(source)
        for needle in forbidden:
            assert needle not in source, f"{module.name} uses {needle}"


def test_registry_and_event_import_exports() -> None:
    import servanda.evidence.events
    import servanda.registry

    assert servanda.registry.__all__ == [
        "Added",
        "ImportReport",
        "ProgressStart",
        "Registered",
        "add_evidence",
        "import_events",
        "register_accord",
        "registered_accord",
        "stored_evidence",
    ]
    assert servanda.evidence.events.__all__ == [
        "ACLED",
        "ACLED_COLUMNS",
        "FORMATS",
        "GED_COLUMNS",
        "SKIP_REASONS",
        "UCDP",
        "BadRow",
        "EventFormat",
        "EventMap",
        "Layout",
        "Mapped",
        "Row",
        "Skipped",
        "convert",
        "load_mapping",
        "read_rows",
    ]
    for module in (servanda.registry, servanda.evidence.events):
        for name in module.__all__:
            assert hasattr(module, name)
