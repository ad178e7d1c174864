"""Turn pydantic's validation errors into one located, human sentence each.

pydantic says "Extra inputs are not permitted"; a mediator needs "unknown key 'deadlne';
did you mean 'deadline'?" with the file and line. The model class at an error's
location is found by walking the schema's annotations, so suggestions list only keys
valid at that place.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel

from servanda.accord._model import Accord
from servanda.accord._values import INDICATOR_PATTERN

Loc = tuple[str | int, ...]


def describe(error: Any, root: type[BaseModel] = Accord) -> str:
    """One sentence for one pydantic error dict: what is wrong and what would be right.

    ``root`` is the model of the whole document (an accord unless said otherwise), where
    the valid keys for an unknown one are looked up."""
    kind: str = error["type"]
    loc: Loc = tuple(part for part in error["loc"] if part != "[key]")
    value = error.get("input")
    ctx = error.get("ctx") or {}
    is_key = "[key]" in error["loc"]
    if kind == "extra_forbidden":
        return _unknown_key(loc, root)
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == INDICATOR_PATTERN:
            return f"{value!r} is not a valid indicator kind; use lower_snake_case, e.g. shelling"
        return (
            f"{value!r} is not a valid id; use letters, digits, '-' and '_', starting with a "
            "letter or digit, e.g. OSCE-SMM"
        )
    if kind == "string_type":
        what = "an id" if is_key else "text"
        return f'{value!r} is not {what}; quote it, e.g. "{value}"'
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"{value!r} is too long; the most is {ctx.get('max_length')} characters"
    if kind == "bool_type":
        return f"{value!r} is not a boolean; write true or false (yes/no/on/off are text here)"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{value!r} is not a whole number; write it without quotes, e.g. 14"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{value!r} is too small; the least allowed is {ctx.get('ge', ctx.get('gt'))}"
    if kind == "literal_error":
        return f"{value!r} is not one of {ctx.get('expected')}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of keys to values, got {_shape(value)}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, got {_shape(value)}"
    return str(error["msg"])


def _shape(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return repr(value)


def _unknown_key(loc: Loc, root: type[BaseModel]) -> str:
    key = str(loc[-1])
    model = _model_at(loc[:-1], root)
    if model is None:  # pragma: no cover - every forbidding model is reachable
        return f"unknown key '{key}'"
    valid = sorted(field.alias or name for name, field in model.model_fields.items())
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; valid keys here: {', '.join(valid)}"
    return f"unknown key '{key}'{hint}"


def _model_at(loc: Loc, root: type[BaseModel]) -> type[BaseModel] | None:
    """The model class whose mapping sits at ``loc`` in a ``root`` document."""
    current: Any = root
    for part in loc:
        current = _step(current, part)
        if current is None:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _step(annotation: Any, part: str | int) -> Any:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if part in (name, field.alias):
                return field.annotation
        return None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is tuple and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] to the type that carries the structure."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation
