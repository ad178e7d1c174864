"""Strict YAML: the YAML 1.2 core schema, located values, bounded aliases.

Accords are negotiated texts, so the loader must never guess. PyYAML's default (YAML 1.1)
turns ``NO`` (Norway) into ``False`` and ``2015-02-12`` into a date; here only ``true`` and
``false`` are booleans, dates stay text for the schema to parse, duplicate keys and
unknown tags are refused, and aliases may not expand past a fixed budget, so an alias
bomb is refused before it is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

#: Most nodes a document may hold once every alias is expanded.
MAX_EXPANDED_NODES = 100_000
#: Most alias uses (``*name``) in one document.
MAX_ALIASES = 200

Path = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _CoreSchemaResolver(BaseResolver):
    """Implicit tags of the YAML 1.2 core schema, and nothing else."""


_CoreSchemaResolver.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreSchemaResolver.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_CoreSchemaResolver.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)
_CoreSchemaResolver.add_implicit_resolver(
    _NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _ComposingLoader(Reader, Scanner, Parser, Composer, _CoreSchemaResolver):
    """Parses to a node graph only: construction is ours, so nothing is built implicitly."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _CoreSchemaResolver.__init__(self)


@dataclass(frozen=True, slots=True)
class LocatedDocument:
    """A YAML document as plain Python values, with the line of every key and item."""

    value: Any
    lines: dict[Path, int]

    def line_of(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest located ancestor."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


class YamlProblem(Exception):
    """Raised inside this module; ``load_yaml`` turns it into a located Problem."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_yaml(text: str, source: str) -> LocatedDocument:
    """Parse one YAML document strictly; raise ``YamlProblem`` naming the line on refusal."""
    loader = _ComposingLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        raise YamlProblem(mark.line + 1 if mark else None, f"invalid YAML: {what}") from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(None, f"invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
    if node is None:
        raise YamlProblem(1, "the file is empty; an accord starts with 'servanda: 1'")
    _check_alias_budget(node)
    lines: dict[Path, int] = {(): node.start_mark.line + 1}
    return LocatedDocument(_construct(node, (), lines), lines)


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _check_alias_budget(root: Node) -> None:
    """Refuse recursive aliases and documents whose expansion exceeds the budget.

    Sizes are memoised per node, so the check costs one visit per distinct node even for
    a document built to expand to billions.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    aliases = 0

    def size(node: Node) -> int:
        nonlocal aliases
        key = id(node)
        if key in sizes:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise YamlProblem(
                    _line(node), f"more than {MAX_ALIASES} aliases; write the values out"
                )
            return sizes[key]
        if key in on_path:
            raise YamlProblem(_line(node), "recursive alias: a node contains itself")
        on_path.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(size(item) for item in node.value)
        elif isinstance(node, MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        on_path.discard(key)
        sizes[key] = total
        if total > MAX_EXPANDED_NODES:
            raise YamlProblem(
                _line(node),
                f"aliases expand this document past {MAX_EXPANDED_NODES:,} nodes; "
                "refusing it (an alias bomb?)",
            )
        return total

    size(root)


def _construct(node: Node, path: Path, lines: dict[Path, int]) -> Any:
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        _expect_tag(node, _SEQ)
        items = []
        for index, item in enumerate(node.value):
            lines[(*path, index)] = _line(item)
            items.append(_construct(item, (*path, index), lines))
        return items
    if isinstance(node, MappingNode):
        _expect_tag(node, _MAP)
        mapping: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem(_line(key_node), "a key must be plain text, not a list or map")
            if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
                raise YamlProblem(
                    _line(key_node), "merge keys (<<) are not supported; write the keys out"
                )
            key = _scalar(key_node)
            if key in first_seen:
                raise YamlProblem(
                    _line(key_node),
                    f"duplicate key {key!r} (first at line {first_seen[key]})",
                )
            first_seen[key] = _line(key_node)
            child: Path = (*path, key)
            lines[child] = _line(key_node)
            mapping[key] = _construct(value_node, child, lines)
        return mapping
    raise YamlProblem(_line(node), f"unsupported YAML node {type(node).__name__}")


def _expect_tag(node: Node, tag: str) -> None:
    if node.tag != tag:
        raise YamlProblem(_line(node), f"YAML tag {_short(node.tag)} is not allowed here")


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _scalar(node: ScalarNode) -> Any:
    tag, text = node.tag, node.value
    if tag == _STR:
        return text
    if tag == _NULL:
        return None
    if tag == _BOOL:
        if text.lower() not in ("true", "false"):
            raise YamlProblem(_line(node), f"{text!r} is not a boolean; write true or false")
        return text.lower() == "true"
    if tag == _INT:
        try:
            return _int(text)
        except ValueError:
            raise YamlProblem(_line(node), f"{text!r} is not an integer") from None
    if tag == _FLOAT:
        return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    raise YamlProblem(_line(node), f"YAML tag {_short(tag)} is not allowed; only plain values are")


def _int(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    return sign * int(digits, 10)
