"""The accord language: agreements as code, loaded strictly, with their calendar.

``parse_accord(text, source)`` turns YAML into a ``LoadedAccord``: the validated
``Accord``, the ``Calendar`` of every instant it defines (per reading) and the warnings
a mediator should see. It reads no files and no clock.
"""

from servanda.accord._calendar import CalendarError
from servanda.accord._instants import Calendar, ComputedInstant, Instant, Open
from servanda.accord._load import LoadedAccord, parse_accord
from servanda.accord._model import (
    Accord,
    Anchor,
    Entity,
    Guarantee,
    Provision,
    Reading,
    TimeSpec,
)
from servanda.accord._values import Duration, Ref, parse_moment
from servanda.accord._yaml import YamlProblem, load_yaml

__all__ = [
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
