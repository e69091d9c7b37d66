"""Units of lab values as criteria write them, and the conversions that need no analyte.

Criteria spell one unit many ways ("mg/dl", "mg/dL", "/mm3", "/µL", "x 10^9/L", "109/L"
where the superscript was lost). :func:`unit_key` reduces a spelling to a key and
:func:`convert` converts between keys of one dimension. Conversions that depend on the
analyte (mg/dL to µmol/L needs a molar mass) are deliberately absent: such values are not
comparable and a caller must say so rather than guess.

A table of a dozen factors, not a units library: the work here is reading clinical
spellings, which a general units library does not parse either.
"""

from __future__ import annotations

import re
from decimal import Decimal
from types import MappingProxyType

#: key -> (dimension, factor to the dimension's base unit).
UNITS: MappingProxyType[str, tuple[str, Decimal]] = MappingProxyType({
    # counts per volume, base: per microlitre (1 mm3 = 1 µL)
    # (a power of ten before one of these multiplies it: "10^9/l" is 1000 /ul)
    "/ul": ("count/volume", Decimal(1)),
    "/mm3": ("count/volume", Decimal(1)),
    "/l": ("count/volume", Decimal("0.000001")),
    # mass concentration, base: g/L
    "g/dl": ("mass/volume", Decimal(10)),
    "g/l": ("mass/volume", Decimal(1)),
    "mg/ml": ("mass/volume", Decimal(1)),
    "mg/dl": ("mass/volume", Decimal("0.01")),
    "mg/l": ("mass/volume", Decimal("0.001")),
    "ug/ml": ("mass/volume", Decimal("0.001")),
    "ug/dl": ("mass/volume", Decimal("0.00001")),
    "ng/ml": ("mass/volume", Decimal("0.000001")),
    # amount concentration, base: mmol/L
    "mol/l": ("amount/volume", Decimal(1000)),
    "mmol/l": ("amount/volume", Decimal(1)),
    "umol/l": ("amount/volume", Decimal("0.001")),
    # enzyme activity: IU/L and U/L are one unit
    "u/l": ("activity/volume", Decimal(1)),
    "iu/l": ("activity/volume", Decimal(1)),
    # filtration: raw and normalised to body surface are different quantities
    "ml/min": ("flow", Decimal(1)),
    "ml/min/1.73m2": ("flow/area", Decimal(1)),
    "%": ("fraction", Decimal(1)),
    "percent": ("fraction", Decimal(1)),
})
#: The unit of a vital sign that a criterion or a profile gives without one ("systolic blood
#: pressure ≤180 and/or a diastolic blood pressure of ≤110 mmHg"): no other is in clinical use.
#: Temperature is absent: a bare 38 and a bare 100.4 are in different units.
IMPLIED_UNITS: MappingProxyType[str, str] = MappingProxyType({
    "systolic blood pressure": "mmHg",
    "diastolic blood pressure": "mmHg",
    "heart rate": "/min",
    "respiratory rate": "/min",
    "oxygen saturation": "%",
})
#: Spellings that carry no unit: a score's points.
UNITLESS = frozenset({"", "point", "points", "score"})

# "10^9", "10**9", "10e9", "10(9)", and "109" or "103" before a slash: a superscript lost.
_POWER = re.compile(r"^10(?:(?:\^|\*\*|e)\(?(\d+)\)?|\((\d+)\)|([369]|12)(?=/))")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# Longest spelling first: "microl" must not shorten "microliter" to "ulter".
_VOLUME = (("microliter", "ul"), ("microlitre", "ul"), ("microl", "ul"), ("mm^3", "mm3"),
           ("cumm", "mm3"), ("cmm", "mm3"))


# Vital signs: heart and breathing rates per minute, temperatures (°F is no factor of °C).
_PER_MINUTE = re.compile(r"bpm|(?:beats?|breaths?)?(?:/|per)min(?:ute)?")
_DEGREES = re.compile(r"(?:°|degrees?)(c|f|celsius|fahrenheit)|℃")


def unit_key(raw: str | None) -> str:
    """A spelling's key: "" for no unit, else a lower-case form without spaces.

    >>> unit_key("x 10^9/L"), unit_key("109/L"), unit_key("10(9)/L"), unit_key("cells/mm³")
    ('10^9/l', '10^9/l', '10^9/l', '/mm3')
    """
    if raw is None:
        return ""
    key = "".join(raw.split()).lower().replace("µ", "u").replace("μ", "u")
    key = key.replace("m²", "m2").replace("m³", "m3").translate(_SUPERSCRIPTS)
    key = key.removeprefix("cells").removeprefix("x").removeprefix("×").removeprefix("*")
    zeros = re.match(r"10+(?=/)", key)  # "1000/mm3"
    if zeros is not None:
        key = f"10^{zeros.end() - 1}{key[zeros.end():]}"
    power = _POWER.match(key)
    if power is not None:
        exponent = next(g for g in power.groups() if g is not None)
        key = f"10^{int(exponent)}{key[power.end():]}"
    key = key.replace("m^2", "m2")
    for spelling, canonical in _VOLUME:
        key = key.replace(spelling, canonical)
    if _PER_MINUTE.fullmatch(key):
        return "/min"
    degrees = _DEGREES.fullmatch(key)
    if degrees is not None:
        return f"°{(degrees.group(1) or 'c')[0]}"
    return "" if key in UNITLESS else key


def convert(value: Decimal, from_unit: str | None, to_unit: str | None) -> Decimal | None:
    """``value`` in ``from_unit`` expressed in ``to_unit``; None when they are not comparable.

    Two spellings of one unit (or none on either side) compare as they are; units of one
    dimension convert by their factors.

    >>> convert(Decimal("150"), "x10^9/L", "/mm3") == 150_000
    True
    >>> convert(Decimal(1), "mg/dL", "umol/L") is None
    True
    """
    source, target = unit_key(from_unit), unit_key(to_unit)
    if source == target:
        return value
    known_from, known_to = _dimension(source), _dimension(target)
    if known_from is None or known_to is None or known_from[0] != known_to[0]:
        return None
    return value * known_from[1] / known_to[1]


def _dimension(key: str) -> tuple[str, Decimal] | None:
    """The dimension and factor of a key, a power of ten before a count unit included."""
    power = re.fullmatch(r"10\^(\d{1,2})(/.+)", key)
    if power is not None and UNITS.get(power.group(2), ("",))[0] == "count/volume":
        dimension, factor = UNITS[power.group(2)]
        return dimension, factor * Decimal(10) ** int(power.group(1))
    return UNITS.get(key)
