"""Reading an event data set's CSV one row at a time, each row with the line it starts on.

The file is read as bytes, line by line, and handed to the ``csv`` module decoded, so
memory stays constant whatever the file's size, progress is counted in bytes, and a
quoted field spanning lines is still one field. A row that cannot be trusted (the wrong
number of columns, text that is not UTF-8, broken quoting) is yielded as a ``BadRow``
naming its line; after broken quoting or bad bytes nothing further can be split into
rows reliably, so reading stops there. A last row cut short, with no newline after it,
is reported as a truncated file. A first line that is neither the data set's header nor
(where headerless files exist) a row of its columns means the file is something else:
``InputError``, before any row.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from servanda.errors import InputError, Problem

#: Called with the number of bytes just read.
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Layout:
    """A data set's columns: the standard header, and whether files may come without it."""

    title: str
    columns: tuple[str, ...]
    header_optional: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: the line it starts on and its values by column name."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that cannot be used, and why."""

    line: int
    message: str


class _NotText(Exception):
    def __init__(self, line: int, offset: int) -> None:
        super().__init__(line)
        self.line, self.offset = line, offset


@dataclass(slots=True)
class _Tail:
    newline: bool = True  # whether the last line read ended with a newline
    lines: int = 0


@dataclass(slots=True)
class _Header:
    names: tuple[str, ...] = field(default_factory=tuple)
    written: bool = False  # the file's first row is its header, not data
    error: str | None = None


def read_rows(
    path: Path, layout: Layout, progress: Progress | None = None
) -> Iterator[Row | BadRow]:
    """The rows of ``path`` as ``layout`` names its columns; see the module docstring."""
    with path.open("rb") as file:
        yield from _rows(file, layout, progress, str(path))


def _rows(
    file: BinaryIO, layout: Layout, progress: Progress | None, source: str
) -> Iterator[Row | BadRow]:
    tail = _Tail()
    reader = csv.reader(_text_lines(file, tail, progress), strict=True)
    names: tuple[str, ...] | None = None
    pending: tuple[int, list[str]] | None = None  # held back until we know if it is last
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader, None)
        except _NotText as exc:
            yield from _flush(pending, names, tail, last=False)
            yield BadRow(
                exc.line,
                f"not UTF-8 text (byte {exc.offset + 1} of the line); save the file as UTF-8",
            )
            return
        except csv.Error as exc:
            yield from _flush(pending, names, tail, last=False)
            if str(exc) == "unexpected end of data":
                message = "the file ends inside a quoted field: it is truncated"
            else:
                message = f"malformed CSV ({exc}); the rest of the file is not read"
            yield BadRow(start, message)
            return
        if row is None:
            yield from _flush(pending, names, tail, last=True)
            return
        if not row:
            continue  # a blank line
        if names is None:
            header = _header(row, layout)
            if header.error is not None:
                raise InputError([Problem(source, start, "", header.error)])
            names = header.names
            if not header.written:
                pending = (start, row)  # a headerless file: this row is data
            continue
        yield from _flush(pending, names, tail, last=False)
        pending = (start, row)


def _flush(
    pending: tuple[int, list[str]] | None, names: tuple[str, ...] | None, tail: _Tail, *, last: bool
) -> Iterator[Row | BadRow]:
    if pending is None or names is None:
        return
    line, row = pending
    if len(row) == len(names):
        yield Row(line, dict(zip(names, row, strict=True)))
        return
    message = f"{len(row)} columns, expected {len(names)}"
    if last and not tail.newline and len(row) < len(names):
        message += ": the file ends in the middle of this row, so it is truncated"
    yield BadRow(line, message)


def _header(row: list[str], layout: Layout) -> _Header:
    """The column names: the file's header, or the standard ones for a headerless file."""
    cells = tuple(v.strip() for v in row)
    standard = ", ".join(layout.columns[:3])
    if cells and cells[0].lower() == layout.columns[0]:
        names = tuple(c.lower() for c in cells)
        missing = [c for c in layout.columns if c not in names]
        twice = sorted({c for c in names if names.count(c) > 1})
        if twice:
            return _Header(error=f"the header names {', '.join(twice)} more than once")
        if missing:
            return _Header(
                error=f"the header lacks {', '.join(missing)}; {layout.title} exports have "
                f"{len(layout.columns)} columns: {standard}, ..."
            )
        return _Header(names, written=True)
    if layout.header_optional and len(row) == len(layout.columns):
        return _Header(layout.columns)
    if layout.header_optional:
        return _Header(
            error=f"neither the {layout.title} header nor a row of its {len(layout.columns)} "
            f"columns ({len(row)} columns); the header starts {standard}, ..."
        )
    return _Header(
        error=f"not the {layout.title} header; {layout.title} exports start with the "
        f"header line {standard}, ... ({len(layout.columns)} columns)"
    )


def _text_lines(file: BinaryIO, tail: _Tail, progress: Progress | None) -> Iterator[str]:
    for raw in file:
        tail.lines += 1
        if progress is not None:
            progress(len(raw))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _NotText(tail.lines, exc.start) from None
        if tail.lines == 1:
            text = text.removeprefix("\ufeff")  # a byte-order mark, as spreadsheets write
        tail.newline = text.endswith("\n")
        yield text
