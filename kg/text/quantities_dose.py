"""Cell and vesicle doses in free text: value, range, unit, per-kilogram flag, how many doses.

Registry texts write the same dose many ways: ``1×10⁸ cells``, ``1 x 10^6 cells/kg``,
``1 x 10e6``, ``1x106 cells/kg`` (a superscript lost in copy-paste), ``2 million cells per
kilogram``, ``100 million MSCs``, ``10^6/kg``, ``20,000,000 cells``, ``1-2 × 10^6``. This module
turns them into :class:`DoseMention` values; it knows nothing about products or RDF.

>>> [(d.value, d.unit, d.per_kg) for d in find_doses("1×10⁸ stem cells per session")]
[(100000000.0, 'cells', False)]
>>> [(d.value, d.upper, d.unit) for d in find_doses("1-2 x 10e6 MSCs/kg body weight")]
[(1000000.0, 2000000.0, 'cells/kg')]
>>> count_doses("three doses of 1 million cells, 4 weeks apart")
3
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")

_MANTISSA = r"(?P<a>\d+(?:[.,·]\d+)?)(?:\s*(?:-|–|—|~|to)\s*(?P<b>\d+(?:[.,·]\d+)?))?"
# "x 10^6", "× 10⁶", "x10e6", "x 10(6)", "x106" (lost superscript), "x 1,000,000"
_TIMES_POWER = (
    r"\s*[x×X*✕·]\s*(?:10\s*(?:\^|\*\*|e\+?|E\+?|exp\s*|\(|\[|<sup>)?\s*"
    r"(?P<e>[-−]?\d{1,2}|[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})(?!\d)\s*[)\]]?(?:</sup>)?"
    r"|(?P<big>1(?:,000){2,3}))"
)
_WORD_SCALE = (r"\s*(?P<w>million|millions|mln\.?|mio\.?|billion|billions|bn"
               r"|(?-i:M)(?=\s*(?:cells|MSC)))")
_SCI = r"(?P<sa>\d+(?:\.\d+)?)[eE]\+?(?P<se>\d{1,2})(?![\w])"
_BARE_POWER = (r"(?<![\d.,])10\s*(?:\^|\*\*|e\+?|E\+?)\s*\(?(?P<be>\d{1,2})\)?"
               r"|(?<![\d.,])10(?P<bs>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})")
_PLAIN_BIG = r"(?P<pb>\d{1,3}(?:,\d{3})+|\d{5,})"
_PLAIN_SMALL = (r"(?P<ps>\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(?P<ps2>\d+(?:\.\d+)?))?"
                r"(?=\s*(?:mL|ml|cc|µg|μg|ug|mcg|mg)\b)")

_QUANTITY = re.compile(
    rf"(?<![\w.]){_MANTISSA}(?:{_TIMES_POWER}|{_WORD_SCALE})|(?<![\w.]){_SCI}|{_BARE_POWER}"
    rf"|(?<![\w.,]){_PLAIN_BIG}(?=\s*(?:\w+\s+){{0,2}}(?:cells|MSCs?|particles))"
    rf"|(?<![\w.]){_PLAIN_SMALL}",
    re.IGNORECASE,
)

_WORD_FACTOR = {"million": 1e6, "millions": 1e6, "mln": 1e6, "mln.": 1e6, "mio": 1e6,
                "mio.": 1e6, "m": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9}

# What follows a number, read within a short window: the unit noun and a per-kg/per-m² marker.
_UNIT_NOUNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\s*(?:mL|ml|cc)\b"), "mL"),
    (re.compile(r"^\s*(?:µg|μg|ug|mcg|micrograms?)\b", re.I), "µg"),
    (re.compile(r"^\s*mg\b"), "mg"),
    (re.compile(r"particles|vesicles|exosomes|\bEVs\b", re.I), "particles"),
    (re.compile(r"cells?\b|MSCs?\b|\bCAR\+?|\bNK\b|CD34|\bTNC\b|\bMNC", re.I), "cells"),
)
_PER_KG = re.compile(r"^[^.;:]{0,45}?(?:/\s*kg|per\s+kg|per\s+kilo(?:gram)?|/\s*kilo|kg-1|kg⁻¹"
                     r"|per\s+(?:each\s+)?kilogram|/\s*KG)", re.I)
_PER_M2 = re.compile(r"^[^.;:]{0,45}?(?:/\s*m2|/\s*m²|per\s+m2|per\s+m²|per\s+square\s+met)", re.I)
# Counts the dose text must not be mistaken for: lab thresholds per litre or microlitre.
_NOT_A_DOSE = re.compile(r"^\s*(?:/\s*(?:L|l|µL|uL|mm3|mm³|ml|mL)\b|cells?\s*/\s*(?:L|µL|uL|mm))")

_NUMBER_WORDS = {"one": 1, "single": 1, "a single": 1, "two": 2, "three": 3, "four": 4,
                 "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                 "twelve": 12, "twice": 2, "thrice": 3, "once": 1}
_DOSE_COUNT = re.compile(
    r"\b(?P<n>\d{1,2}|one|a single|single|two|three|four|five|six|seven|eight|nine|ten|twelve)"
    r"(?:\s+(?:separate|consecutive|repeated|sequential|intravenous|IV|intrathecal|local|"
    r"weekly|monthly|total|cell|stem cell|MSC|doses? of|cycles? of|rounds? of)){0,2}\s+"
    r"(?:doses|infusions|injections|administrations|transplantations|applications|sessions"
    r"|courses|cycles|rounds|treatments|times)\b"
    r"|\b(?P<n1>single|one)(?:\s+[\w-]+)?\s+"
    r"(?:dose|infusion|injection|administration|application|session|transplantation)\b"
    r"|\b(?P<tw>twice|thrice|once)\b(?!\s+(?:a|per|every|daily|weekly|monthly)\b)",
    re.IGNORECASE,
)
_FREQUENCY = re.compile(
    r"\b(?:(?:once|twice|\w+\s+times)\s+(?:a|per|every)\s+(?:day|week|month)"
    r"|every\s+(?:other\s+)?(?:\d+\s+|two\s+|three\s+|four\s+|six\s+)?(?:days?|weeks?|months?)"
    r"|(?:\d+|one|two|three|four|six|eight|twelve)[- ](?:days?|weeks?|months?)\s+apart"
    r"|(?:\d+|one|two|three|four|six)[- ](?:day|week|month)\s+intervals?"
    r"|weekly|bi-?weekly|monthly|daily)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DoseMention:
    """One dose written in a text: ``value`` (or ``value``..``upper``) of ``unit``.

    ``unit`` is normalised ("cells", "cells/kg", "cells/m2", "particles", "mL", "µg", "mg",
    with "/kg" when per kilogram) or None when the text gives a bare number such as ``5x10^7``;
    the caller decides what the number counts from the product it belongs to.
    """

    value: float
    upper: float | None
    unit: str | None
    per_kg: bool
    start: int
    end: int
    text: str


def _number(text: str) -> float:
    # A comma between digits is a decimal comma in "1,5 x 10^6" but a thousands separator in
    # "20,000,000"; the callers only pass the first form here.
    return float(text.replace(",", ".").replace("·", "."))


def _power(match: re.Match[str]) -> float | None:
    exp = match.group("e")
    if exp is not None:
        return 10.0 ** int(exp.translate(_SUPERSCRIPTS).replace("−", "-"))
    if match.group("big"):
        return float(match.group("big").replace(",", ""))
    word = match.group("w")
    if word is not None:
        return _WORD_FACTOR[word.casefold()]
    return None


def _value(match: re.Match[str]) -> tuple[float, float | None, bool] | None:
    """(value, upper, has_multiplier) of a quantity match, or None when it is not one."""
    if match.group("a") is not None:
        factor = _power(match)
        if factor is None:
            return None
        upper = match.group("b")
        return (_number(match.group("a")) * factor,
                _number(upper) * factor if upper else None, True)
    if match.group("sa") is not None:
        return float(match.group("sa")) * 10.0 ** int(match.group("se")), None, True
    if match.group("be") is not None:
        return 10.0 ** int(match.group("be")), None, True
    if match.group("bs") is not None:
        return 10.0 ** int(match.group("bs").translate(_SUPERSCRIPTS)), None, True
    if match.group("pb") is not None:
        big = float(match.group("pb").replace(",", ""))
        return (big, None, True) if big >= 10_000 else None
    low = float(match.group("ps"))
    upper = match.group("ps2")
    return low, float(upper) if upper else None, False


def _unit(after: str, has_multiplier: bool) -> tuple[str | None, bool]:
    """The normalised unit and per-kg flag read from the text right after a number."""
    window = after[:55]
    noun: str | None = None
    for pattern, name in _UNIT_NOUNS:
        found = pattern.search(window)
        # Counts need a noun close by; mass and volume units must follow at once.
        near = name in ("cells", "particles") and found is not None and found.start() <= 45
        if found and (near or found.start() == 0):
            noun = name
            break
    per_kg = bool(_PER_KG.search(after[:60]))
    per_m2 = not per_kg and bool(_PER_M2.search(after[:60]))
    if noun is None and not has_multiplier:
        return None, per_kg
    if per_kg:
        return f"{noun or 'cells'}/kg", True
    if per_m2:
        return f"{noun or 'cells'}/m2", False
    return noun, False


def find_doses(text: str) -> list[DoseMention]:
    """Every dose quantity in ``text``, ranges joined ("1 x 10^6 to 2 x 10^6" is one)."""
    found: list[DoseMention] = []
    for match in _QUANTITY.finditer(text):
        parsed = _value(match)
        if parsed is None:
            continue
        value, upper, has_multiplier = parsed
        after = text[match.end():match.end() + 80]
        if _NOT_A_DOSE.match(after):
            continue
        unit, per_kg = _unit(after, has_multiplier)
        if unit is None and not has_multiplier:
            continue
        if has_multiplier and value < 1000 and unit in (None, "cells", "cells/kg"):
            continue  # "10 x 10 cm", "2 x 3": not a cell count
        previous = found[-1] if found else None
        gap = text[previous.end:match.start()] if previous else ""
        if (previous is not None and previous.upper is None
                and re.fullmatch(r"\s*(?:-|–|—|to|and)\s*", gap)
                and (previous.unit is None or previous.unit == unit or unit is None)):
            joined = _snippet(text, previous.start, match.end())
            found[-1] = DoseMention(previous.value, value, unit or previous.unit,
                                    per_kg or previous.per_kg, previous.start,
                                    previous.start + len(joined), joined)
            continue
        found.append(DoseMention(value, upper, unit, per_kg, match.start(), match.end(),
                                 _snippet(text, match.start(), match.end())))
    return found


def _snippet(text: str, start: int, end: int) -> str:
    """The number with its unit words: up to the next punctuation or number, at most 60 chars."""
    tail = re.match(r"[^.;,()\n\d]{0,60}", text[end:])
    stop = end + (len(tail.group().rstrip()) if tail else 0)
    return text[start:stop].strip()


def count_doses(text: str) -> int | None:
    """How many doses ``text`` says are given ("three doses", "twice", "single infusion")."""
    match = _DOSE_COUNT.search(text)
    if match is None:
        return None
    word = (match.group("n") or match.group("n1") or match.group("tw") or "").casefold()
    if word.isdigit():
        number = int(word)
        return number if 0 < number <= 52 else None
    return _NUMBER_WORDS.get(word)


def find_frequency(text: str) -> str | None:
    """The dosing interval as written ("every 4 weeks", "twice a week", "weekly"), if any."""
    match = _FREQUENCY.search(text)
    return match.group() if match else None
