"""A patient's measurements (EDSS 4, eGFR 55 mL/min/1.73m2) against criteria thresholds.

Pure logic, no store: :mod:`kg.matching` reads the thresholds of a trial's criteria and asks
:func:`judge` whether the patient's value meets them. A value is compared only when it can
be compared honestly: in the threshold's unit or one convertible to it (:mod:`kg.units`), and
not against a multiple of a laboratory's normal limit (ULN/LLN), which the profile does not
know. Anything else is undecided, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from kg.errors import UsageError
from kg.mapping.eligibility import COMPARATOR_IRI, REFERENCE_IRI
from kg.units import IMPLIED_UNITS, convert, unit_key

#: Comparator IRI -> the extractor's symbol.
COMPARATOR_OF_IRI = MappingProxyType({iri: symbol for symbol, iri in COMPARATOR_IRI.items()})
#: ctkg:ULN / ctkg:LLN -> "ULN" / "LLN".
REFERENCE_OF_IRI = MappingProxyType({iri: name for name, iri in REFERENCE_IRI.items()})
#: Words that make a criterion's number a condition or a change rather than a level the
#: patient must be at: "an increase of >= 1 EDSS point (if baseline EDSS <= 5.0)". Such a
#: threshold cannot exclude anyone; it is reported as undecided.
CONDITIONAL = re.compile(
    r"\b(?:if|unless|when|whereas|increase[sd]?|decrease[sd]?|change[sd]?|improvement|"
    r"worsening|progression|rise|drop|reduction)\b",
    re.IGNORECASE,
)
_SYMBOL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "=": "="}
_MEASUREMENT = re.compile(r"\s*(?P<name>[^=]+?)\s*=\s*"
                          r"(?P<value>[-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?)\s*"
                          r"(?P<unit>[^=\s][^=]*)?$")


@dataclass(frozen=True)
class Measurement:
    """One value of the patient: the measured thing as the extractor names it, value, unit."""

    name: str  # "EDSS", "eGFR", "platelets": see the `trials-with-threshold` query
    value: Decimal
    unit: str | None = None

    @classmethod
    def parse(cls, text: str) -> Measurement:
        """Read ``NAME=VALUE[ UNIT]``: "EDSS=4", "eGFR=55 mL/min/1.73m2", "platelets=150 10^9/L".

        A malformed text is a UsageError naming it.
        """
        m = _MEASUREMENT.match(text)
        if m is None:
            raise UsageError(f"measure {text!r} is not NAME=VALUE[ UNIT], e.g. EDSS=4 or "
                             f"eGFR=55 mL/min/1.73m2")
        try:
            value = Decimal(m.group("value").replace(",", "."))
        except InvalidOperation as err:  # the pattern admits only numbers; kept for safety
            raise UsageError(f"measure {text!r}: {m.group('value')!r} is not a number") from err
        unit = m.group("unit")
        return cls(m.group("name"), value, unit.strip() if unit else None)

    @property
    def key(self) -> str:
        """The name compared with a threshold's measured thing (case-insensitive)."""
        return self.name.casefold()

    def describe(self) -> str:
        """The value as a reason states it: "EDSS 4", "eGFR 55 mL/min/1.73m2"."""
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.name} {self.value}{unit}"


@dataclass(frozen=True)
class Bound:
    """One numeric threshold of a criterion, as the graph holds it."""

    comparator: str  # "<", "<=", ">", ">=", "=", "between"
    value: Decimal
    upper: Decimal | None = None
    unit: str | None = None
    multiple_of: str | None = None  # "ULN" or "LLN"

    def describe(self) -> str:
        """The bound as written in a reason: "≤ 5", "3-6.5 mL/min", "< 3 × ULN"."""
        unit = f" {self.unit}" if self.unit and unit_key(self.unit) else ""
        if self.multiple_of:
            unit = f" × {self.multiple_of}"
        if self.comparator == "between" and self.upper is not None:
            return f"{self.value}-{self.upper}{unit}"
        return f"{_SYMBOL.get(self.comparator, self.comparator)} {self.value}{unit}"

    def holds(self, measurement: Measurement) -> bool | None:
        """Whether the value meets the bound; None when they cannot be compared."""
        if self.multiple_of:
            return None
        value = convert(measurement.value, measurement.unit, self.unit)
        if value is None:
            return None
        if self.comparator == "between":
            return self.value <= value <= (self.upper if self.upper is not None else self.value)
        return {
            "<": value < self.value, "<=": value <= self.value, ">": value > self.value,
            ">=": value >= self.value, "=": value == self.value,
        }[self.comparator]


def describe_bounds(bounds: Sequence[Bound]) -> str:
    """One criterion's bounds on one thing as a reason states them: "≥ 5.5 and ≤ 9"."""
    joiner = " and " if _interval(bounds) is not None else " or "
    return joiner.join(b.describe() for b in bounds)


def _interval(bounds: Sequence[Bound]) -> tuple[Bound, Bound] | None:
    """The lower and the upper bound, when ``bounds`` are exactly two that enclose a range."""
    if len(bounds) != 2:
        return None
    lower = [b for b in bounds if b.comparator in (">", ">=") and not b.multiple_of]
    upper = [b for b in bounds if b.comparator in ("<", "<=") and not b.multiple_of]
    if len(lower) == 1 and len(upper) == 1 and lower[0].value < upper[0].value:
        return lower[0], upper[0]
    return None


@dataclass(frozen=True)
class Judgement:
    """Whether a value meets one criterion's bounds on one measured thing, and why."""

    met: bool | None  # None: undecided
    why: str


def judge(measurement: Measurement, bounds: Iterable[Bound], criterion_text: str) -> Judgement:
    """Whether ``measurement`` meets one criterion's ``bounds`` on its measured thing.

    Several bounds of one criterion on one thing are alternatives ("EDSS <= 5.0 ... or EDSS
    >= 5.5"): the value meets the criterion when it meets any of them. The exception is one
    lower and one upper bound that leave a range between them ("EDSS >= 5.5 and <= 9"): read
    as alternatives they would admit every value, so they are read as that range, and the
    value must meet both. A criterion whose number is a condition or a change
    (:data:`CONDITIONAL`) is undecided.
    """
    implied = IMPLIED_UNITS.get(measurement.key)
    if implied is not None:  # a vital sign written without its unit (kg.units.IMPLIED_UNITS)
        measurement = measurement if measurement.unit else replace(measurement, unit=implied)
        bounds = [b if b.unit or b.multiple_of else replace(b, unit=implied) for b in bounds]
    bounds = list(bounds)
    given = measurement.describe()
    if CONDITIONAL.search(criterion_text):
        return Judgement(None, f"the number is a condition or a change here, not a level to "
                               f"compare the patient's {given} with")
    interval = _interval(bounds)
    if interval is not None:
        both = [b.holds(measurement) for b in interval]
        if False in both:
            return Judgement(False, f"the patient's {given} is not within them")
        if all(v is True for v in both):
            return Judgement(True, f"the patient's {given} meets it")
    verdicts = [b.holds(measurement) for b in bounds]
    if interval is None and any(v is True for v in verdicts):
        return Judgement(True, f"the patient's {given} meets it")
    if all(v is False for v in verdicts):
        return Judgement(False, f"the patient's {given} does not")
    if any(b.multiple_of for b in bounds):
        return Judgement(None, "relative to the laboratory's normal limit, which the profile "
                               "does not give")
    units = sorted({b.unit or "no unit" for b in bounds})
    return Judgement(None, f"stated in {', '.join(units)}, which the patient's {given} does "
                           f"not convert to")
