"""Reading what the commands are given: accords, evidence files and moments.

Every problem becomes one error line naming the file (and line and field where it has
them), and the command exits 2 without printing a partial result.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import typer

from servanda.accord import LoadedAccord, parse_accord, parse_moment
from servanda.accord._calendar import CalendarError, localize
from servanda.cli._common import err_console, error_line, fail
from servanda.errors import AccordError, InputError, Problem
from servanda.evidence import Evidence, merge_evidence, parse_evidence


def load_accord(path: Path, assume: dict[str, date]) -> LoadedAccord:
    """The accord at ``path``; ``AccordError`` names the file when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AccordError([Problem(str(path), None, "", "no such file")]) from None
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text (byte {exc.start}); save the accord as UTF-8"
        raise AccordError([Problem(str(path), None, "", message)]) from None
    except OSError as exc:
        raise AccordError([Problem(str(path), None, "", f"cannot read: {exc.strerror}")]) from None
    return parse_accord(text, str(path), assume=assume)


def accord_or_exit(path: Path) -> LoadedAccord:
    try:
        return load_accord(path, {})
    except InputError as exc:
        _problems(exc.problems)
        raise typer.Exit(2) from None


def load_evidence_or_exit(paths: list[Path], loaded: LoadedAccord) -> Evidence:
    """Every evidence file, checked against the accord; exit 2 on any bad record."""
    parts = []
    problems: list[Problem] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(Problem(str(path), None, "", "no such file"))
            continue
        except UnicodeDecodeError as exc:
            problems.append(Problem(str(path), None, "", f"not UTF-8 text (byte {exc.start})"))
            continue
        try:
            parts.append(parse_evidence(text, str(path), loaded))
        except InputError as exc:
            problems.extend(exc.problems)
    if not problems:
        try:
            return merge_evidence(parts)
        except InputError as exc:
            problems.extend(exc.problems)
    _problems(problems)
    raise typer.Exit(2)


def moment_or_exit(loaded: LoadedAccord, value: str | None, option: str) -> datetime:
    """``value`` as an instant in the accord's zone; now when not given."""
    tz = loaded.calendar.timezone
    if value is None:
        return datetime.now(UTC).astimezone(tz)
    try:
        moment: date = parse_moment(value)
        return localize(moment, tz)
    except (ValueError, CalendarError) as exc:
        fail(f"{option} {value!r}: {exc}")


def _problems(problems: list[Problem]) -> None:
    err = err_console()
    for problem in problems:
        err.print(error_line(problem))
