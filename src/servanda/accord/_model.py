"""The accord schema: every key the language knows, and nothing else.

Unknown keys are refused (``extra="forbid"``) so that a misspelt ``deadlne`` cannot
silently drop a deadline; booleans and integers are strict so that ``humanitarian: yes``
or ``days: "14"`` is an error rather than a guess. Cross-references (bearers, monitors,
anchors, ``after:`` targets) are checked afterwards, in ``_references``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    field_validator,
    model_validator,
)

from servanda.accord._values import (
    CalendarDate,
    DurationValue,
    Identifier,
    IndicatorKind,
    Moment,
    RefValue,
    Text,
)

LANGUAGE_VERSION = 1

ProvisionKind = Literal["obligation", "prohibition", "power"]
Distribution = Literal["several", "collective", "collective-and-several"]
Provenance = Literal["verbatim", "verbatim-truncated", "recalled", "paraphrase"]
Counting = Literal["exclusive", "inclusive"]
NonNegative = Annotated[StrictInt, Field(ge=0)]
Positive = Annotated[StrictInt, Field(ge=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Entity(Strict):
    """A party, monitor or guarantor: a name, and the keys its signed records verify with."""

    name: Text
    keys: tuple[Text, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _name_alone(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class Anchor(Strict):
    """A named instant other provisions count from; without ``at`` it is not fixed yet."""

    at: Moment | None = None
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _moment_alone(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {"at": value}


class TimeSpec(Strict):
    """When something starts or ends: counted ``after`` a reference, or fixed.

    ``days`` counts calendar days in the accord's time zone (``counting`` says whether the
    reference's own day is day 0 or day 1), ``hours`` is an exact duration, ``months``
    counts calendar months and needs ``rounding`` when the day may not exist. ``at`` is a
    fixed instant and ``end_of`` the end of a fixed day.
    """

    after: RefValue | None = None
    days: NonNegative | None = None
    hours: NonNegative | None = None
    months: Positive | None = None
    counting: Counting | None = None
    rounding: Literal["down", "up"] | None = None
    at: Moment | None = None
    end_of: CalendarDate | None = None

    @model_validator(mode="after")
    def _one_form(self) -> TimeSpec:
        fixed = [name for name in ("at", "end_of") if getattr(self, name) is not None]
        counts = [name for name in ("days", "hours", "months") if getattr(self, name) is not None]
        if self.after is None:
            if len(fixed) != 1 or counts:
                raise ValueError(
                    "give exactly one of 'after' (with days, hours or months), 'at' or "
                    "'end_of', e.g. {after: ceasefire, days: 14}"
                )
        else:
            if fixed:
                raise ValueError(f"'after' cannot be combined with '{fixed[0]}'")
            if len(counts) != 1:
                raise ValueError(
                    "'after' needs exactly one of days, hours or months, e.g. "
                    "{after: ceasefire, days: 14}"
                )
        if self.counting is not None and self.days is None and self.months is None:
            raise ValueError("'counting' applies to days or months only")
        if self.counting == "inclusive" and self.days == 0:
            raise ValueError("inclusive counting starts at day 1; 'days: 0' needs exclusive")
        if self.rounding is not None and self.months is None:
            raise ValueError("'rounding' applies to months only")
        return self


class Indicator(Strict):
    kind: IndicatorKind
    tolerance: NonNegative = 0


class DoneWhen(Strict):
    kind: IndicatorKind


class VerifiedBy(Strict):
    monitors: Annotated[tuple[Identifier, ...], Field(min_length=1)]
    quorum: Positive = 1


class Reading(Strict):
    """One way of reading an ambiguous provision: the timing keys it changes."""

    note: Text | None = None
    cite: Text | None = None
    start: TimeSpec | None = None
    from_: RefValue | None = Field(default=None, alias="from")
    deadline: TimeSpec | None = None
    until: TimeSpec | None = None


class Sourced(Strict):
    """Text quoted from the instrument, where it comes from, and how faithful it is."""

    title: Text | None = None
    article: Text | None = None
    provenance: Provenance | None = None
    cite: Text | None = None
    text_note: Text | None = None


class Provision(Sourced):
    id: Identifier
    text: Text
    kind: ProvisionKind
    bearers: Annotated[tuple[Identifier, ...], Field(min_length=1)]
    beneficiaries: tuple[Identifier, ...] = ()
    distribution: Distribution = "several"
    humanitarian: StrictBool = False
    from_: RefValue | None = Field(default=None, alias="from")
    start: TimeSpec | None = None
    deadline: TimeSpec | None = None
    until: TimeSpec | None = None
    period: Literal["day"] = "day"
    indicator: Indicator | None = None
    done_when: DoneWhen | None = None
    verified_by: VerifiedBy | None = None
    readings: dict[Identifier, Reading] = Field(default_factory=dict)


class Trigger(Strict):
    violated: Annotated[tuple[Identifier, ...], Field(min_length=1)]
    persisting: DurationValue | None = None


class Response(Strict):
    kind: IndicatorKind
    within: DurationValue | None = None


class Guarantee(Sourced):
    id: Identifier
    text: Text | None = None  # a guarantee may be implied rather than written
    guarantors: Annotated[tuple[Identifier, ...], Field(min_length=1)]
    beneficiaries: tuple[Identifier, ...] = ()
    distribution: Distribution = "collective"
    strength: Literal["guarantee", "assurance"] = "guarantee"
    triggered_by: Trigger
    response: Response | None = None


class MaterialBreach(Strict):
    provisions: Annotated[tuple[Identifier, ...], Field(min_length=1)]


class Reciprocity(Strict):
    material_breach: MaterialBreach
    text_note: Text | None = None


class Expectation(Strict):
    """What a scenario must produce; each listed row names only the keys it checks."""

    results: tuple[dict[str, Any], ...] = ()
    guarantees: tuple[dict[str, Any], ...] = ()
    powers: tuple[dict[str, Any], ...] = ()
    score: dict[str, Any] | None = None
    disagreements: tuple[dict[str, Any], ...] | None = None


class Scenario(Strict):
    """A test the accord carries: facts in (evidence at a moment), verdicts out."""

    name: Text
    as_of: Moment
    evidence: tuple[dict[str, Any], ...] = ()
    expect: Expectation


class Accord(Strict):
    """An agreement as code: who promised what to whom, by when, and who checks."""

    servanda: StrictInt
    id: Identifier
    title: Text
    status: Literal["draft", "proposed", "signed", "terminated"] = "signed"
    signed: CalendarDate | None = None
    source: Text | None = None
    timezone: Text
    in_force: Identifier = "signed"
    notes: tuple[Text, ...] = ()
    parties: Annotated[dict[Identifier, Entity], Field(min_length=1)]
    monitors: dict[Identifier, Entity] = Field(default_factory=dict)
    guarantors: dict[Identifier, Entity] = Field(default_factory=dict)
    anchors: dict[Identifier, Anchor] = Field(default_factory=dict)
    provisions: tuple[Provision, ...] = ()
    guarantees: tuple[Guarantee, ...] = ()
    reciprocity: Reciprocity | None = None
    tests: tuple[Scenario, ...] = ()

    @field_validator("servanda")
    @classmethod
    def _known_version(cls, version: int) -> int:
        if version != LANGUAGE_VERSION:
            raise ValueError(
                f"{version} is not a language version this release reads; "
                f"write servanda: {LANGUAGE_VERSION}"
            )
        return version

    def provision(self, provision_id: str) -> Provision:
        for provision in self.provisions:
            if provision.id == provision_id:
                return provision
        raise KeyError(provision_id)
