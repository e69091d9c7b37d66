"""Numeric thresholds in criteria: "AST and ALT > 5X ULN", "eGFR < 30 mL/min", "aged 18-65".

A threshold is found where a measured thing (a lab, score or age from the table below, or a
lexicon mention) is followed, after a little filler ("count", "score", "of"), by a
comparison: a symbol or words ("greater than", "at least", "no more than"), a range
("between 2.0 and 6.5", "0-2") or a trailing "or higher". Several things joined by "and",
"," or "/" share the comparison that follows the last one ("PT, APTT ≤ 1.5X ULN").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Literal

from kg.text.lexicon import Mention

Comparator = Literal["<", "<=", ">", ">=", "=", "between"]

#: Measured things: canonical label -> pattern. Abbreviations are case-sensitive.
_MEASURED: tuple[tuple[str, str], ...] = (
    ("HbA1c", r"HbA1c|(?i:glycated\s+h(?:a)?emoglobin|glycosylated\s+h(?:a)?emoglobin)|A1[Cc]"),
    ("creatinine clearance", r"(?i:creatinine\s+clearance)|CrCl|CLcr|CCr"),
    ("eGFR", r"e?GFR|(?i:(?:estimated\s+)?glomerular\s+filtration\s+rate)"),
    ("creatinine", r"(?i:(?:serum\s+)?creatinine)|SCr|Cr"),
    ("AST", r"AST|SGOT|(?i:aspartate\s+(?:amino)?transferase)"),
    ("ALT", r"ALT|SGPT|(?i:alanine\s+(?:amino)?transferase)"),
    ("transaminases", r"(?i:(?:serum\s+)?transaminases?|aminotransferases?)"),
    ("alkaline phosphatase", r"ALP|(?i:alkaline\s+phosphatase)"),
    ("bilirubin", r"(?i:(?:total\s+|direct\s+|serum\s+|conjugated\s+)?bilirubin)|T\.?\s?bili"),
    ("platelets", r"(?i:platelets?(?:\s+counts?)?)|PLTs?|Plt"),
    ("neutrophils", r"(?i:(?:absolute\s+)?neutrophils?(?:\s+counts?)?|granulocytes?)|ANC"),
    ("WBC", r"WBC|(?i:white\s+(?:blood\s+)?cells?(?:\s+counts?)?|leu[ck]ocytes?(?:\s+counts?)?)"),
    ("hemoglobin", r"(?i:ha?emoglobin)|Hg?b"),
    ("INR", r"INR|(?i:international\s+normali[sz]ed\s+ratio)"),
    ("APTT", r"a?PTT|APTT|(?i:(?:activated\s+)?partial\s+thromboplastin\s+time)"),
    ("PT", r"PT(?![-\w])|(?i:prothrombin\s+time)"),
    ("glucose", r"(?i:(?:fasting\s+)?(?:blood\s+|plasma\s+|serum\s+)?glucose)|FBG|FPG"),
    ("EDSS", r"EDSS|(?i:expanded\s+disability\s+status\s+(?:scale|score))"),
    ("ECOG", r"ECOG|(?i:eastern\s+cooperative\s+oncology\s+group)|WHO(?=\s+performance)"),
    ("Karnofsky", r"(?i:karnofsky)|KPS"),
    ("Lansky", r"(?i:lansky)"),
    ("LVEF", r"LVEF|(?i:(?:left\s+ventricular\s+)?ejection\s+fraction)|EF"),
    ("BMI", r"BMI|(?i:body\s+mass\s+index)"),
    ("FEV1", r"FEV\s?1|(?i:forced\s+expiratory\s+volume)"),
    ("FVC", r"FVC|(?i:forced\s+vital\s+capacity)"),
    ("DLCO", r"DLCO|DLco|(?i:diffusing\s+capacity)"),
    ("MMSE", r"MMSE|(?i:mini[\s-]mental\s+state(?:\s+exam(?:ination)?)?)"),
    ("NYHA class", r"NYHA|(?i:new\s+york\s+heart\s+association)"),
    # vital signs ("HR" and "RR" are left out: hazard ratio and relative risk in criteria too)
    # not the pulmonary artery's or the right ventricle's ("pulmonary systolic pressure > 40")
    ("systolic blood pressure", r"SBP|(?<!(?i:pulmonary|ventricle)\s)(?<!(?i:ventricular)\s)"
                                r"(?<!(?i:arterial)\s)(?<!(?i:artery)\s)"
                                r"(?i:systolic)(?:\s+(?:(?i:blood\s+pressure|pressure)|BP))?"),
    ("diastolic blood pressure",
     r"DBP|(?i:diastolic)(?:\s+(?:(?i:blood\s+pressure|pressure)|BP))?"),
    ("heart rate", r"(?i:(?:resting\s+)?(?:heart|pulse)\s+rate|pulse)"),
    ("respiratory rate", r"(?i:(?:respiratory|respiration|breathing)\s+rate)"),
    ("oxygen saturation", r"SpO2|SaO2|SpO₂|SaO₂|(?i:oxygen\s+saturation)"),
    ("temperature", r"(?i:(?:body\s+)?temperature)"),
    ("age", r"(?i:ages?|aged)"),
)
_TABLE_LABELS = frozenset(label for label, _ in _MEASURED)
_ANCHOR = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(rf"(?P<m{i}>{pattern})" for i, (_, pattern) in enumerate(_MEASURED))
    + r")(?!\w)",
)
#: Criteria without a digit or a roman numeral hold no threshold; most are skipped at once.
_MAY_HOLD_NUMBER = re.compile(r"\d|\b(?:I|II|III|IV)\b")
#: A reference to the literature: "Expanded Disability Status Score (EDSS, [5]) ≥4.5".
_CITATION = r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]"
_FILLER_WORDS = (
    r"count|counts|level|levels|value|values|score|scores|of|is|are|must|be|should|serum|"
    r"plasma|blood|performance|status|scale|class|functional|total|absolute|concentration|"
    r"measured|by|the|at\s+baseline|at\s+screening|range|ratio|between|from|increase|"
    r"decrease|change|improvement|within")


def _filler(words: str) -> re.Pattern[str]:
    """What may stand between a measured thing and its comparison, with these ``words``."""
    return re.compile(
        rf"(?:\s|[:=,)]|\((?:[^()0-9<>≤≥]{{0,40}})\)|{_CITATION}|\b(?:{words})\b)*",
        re.IGNORECASE,
    )


_FILLER = _filler(_FILLER_WORDS)
#: After a score, also its grade or rate ("NYHA grade III", "EDSS rate 5.5-7.5"); after a
#: lab, not: "creatinine ... of Grade 2 and above" is a toxicity grade, no creatinine level.
_SCORE_FILLER = _filler(f"{_FILLER_WORDS}|rate|rating|grade|grading")
#: Scores in classes or points: graded ("NYHA grade III"), classes joined by "or" a range.
_SCORES = frozenset({"ECOG", "EDSS", "Karnofsky", "Lansky", "NYHA class", "MMSE"})
#: Also followed by "rate": "creatinine clearance rate (Ccr) < 45 ml/min".
_RATED = _SCORES | {"creatinine clearance"}
_TIME_UNIT = re.compile(r"(?:days?|weeks?|months?|years?|yrs?)", re.IGNORECASE)
_CHANGE = re.compile(r"\b(increase|decrease|change|improvement)\b", re.IGNORECASE)
_JOIN = re.compile(r"[\s(),/&+]*(?:and/or|and|or)?[\s(),/&+]*", re.IGNORECASE)
_SYNONYM_PARENS = re.compile(r"\s*\([^()]{0,30}\)")

# "2·0" is a decimal point in journal style (The Lancet), seen in registry criteria.
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,·]\d+)?|\.\d+|IV|III|II|I(?![\w]))"
#: Comparison words and symbols, longest first.
_COMPARATORS: tuple[tuple[str, Comparator], ...] = (
    (r"greater\s+than\s+or\s+equal\s+(?:to)?|more\s+than\s+or\s+equal\s+(?:to)?|"
     r"(?:equal\s+to\s+)?or\s+(?:greater|more)\s+than|at\s+least|no\s+less\s+than|"
     r"not\s+less\s+than|a\s+minimum\s+of|minimum(?:\s+of)?|≥|≧|=>|>=|>\s*/\s*=|⩾", ">="),
    (r"less\s+than\s+or\s+equal\s+(?:to)?|(?:equal\s+to\s+)?or\s+less\s+than|"
     r"no\s+(?:more|greater|higher)\s+than|not\s+(?:more|greater|higher)\s+than|"
     r"not\s+(?:to\s+)?exceed(?:ing)?|(?:does|do)\s+not\s+exceed|up\s+to|"
     r"a\s+maximum\s+of|maximum(?:\s+of)?|at\s+most|≤|≦|=<|<=|<\s*/\s*=|⩽", "<="),
    (r"greater\s+than|more\s+than|higher\s+than|above|over|exceeding|exceeds?|in\s+excess\s+of|"
     r"older\s+than|>", ">"),
    (r"less\s+than|lower\s+than|fewer\s+than|below|under|younger\s+than|<", "<"),
    (r"equal\s+to|equals|=", "="),
)
_COMPARATOR = re.compile(
    "|".join(f"(?P<c{i}>{pattern})" for i, (pattern, _) in enumerate(_COMPARATORS)),
    re.IGNORECASE,
)
_UNIT = (
    r"(?:[x×*]\s*10\s*(?:\^|\*\*|e)?\s*\(?[0-9⁰¹²³⁴⁵⁶⁷⁸⁹]+\)?\s*/\s*(?:[µμu]?l|mm[3³]|mm\^?3)"
    r"|(?:cells\s*)?/\s*(?:mm\^?3|mm³|[µμu]l|cumm|cmm|l)"
    r"|(?:beats?|breaths?)\s*(?:/|per\s+)\s*min(?:ute)?|bpm|/\s*min(?:ute)?\b"
    r"|°\s*[CF]|℃|degrees?\s+(?:celsius|fahrenheit|[CF]\b)"
    r"|mg/d[Ll]|g/d[Ll]|g/[Ll]|mg/[Ll]|[µμu]mol/[Ll]|mmol/(?:[Ll]|mol)|mEq/[Ll]|ng/m[Ll]"
    r"|m[Ll]/min(?:/1\.73\s*m(?:2|²|\^2))?|IU/[Ll]|U/[Ll]|mm\s*Hg|mmHg|kg/m(?:2|²|\^2)|kg"
    r"|%|percent|points?|years?(?:\s+old|\s+of\s+age)?|yrs?(?:\s+old)?|months?|seconds?|sec"
    r"|cm|mm|lbs?|cells)"
)


def _range(joins: str) -> re.Pattern[str]:
    """A range "2.0 to 6.5" whose two numbers are joined by one of ``joins``."""
    return re.compile(
        rf"(?:between|from)?\s*(?P<lo>{_NUMBER})\s*(?P<lounit>{_UNIT})?\s*(?:{joins})"
        rf"\s*(?P<hi>{_NUMBER})(?!\s*[x×*]\s*(?:ULN|LLN|upper|lower|the\s+upper))",
        re.IGNORECASE,
    )


_RANGE = _range("-|–|—|to|and|through")
# "&" joins a range only after "between" ("score between 3.5 & 6"): "HIV 1&2" names two viruses.
_RANGE_AFTER_BETWEEN = _range("-|–|—|to|and|through|&")
# A score's classes joined by "or" are a range of them ("NYHA class III or IV", "ECOG 0 or
# 1"); a lab's numbers so joined are not ("creatinine 1.5 or 2 mg/dL"?), so only for scores.
_SCORE_RANGE = _range("-|–|—|to|and|through|or")
#: What joins a second comparison to a first: "EDSS ≥ 5.5 and ≤ 9", "< 3.0 or > 20.0 mmol/L".
_CONTINUATION = re.compile(r"\s*,?\s*(?:and|or|but|&)?\s*", re.IGNORECASE)
#: "≤" or "<" written after a bound, as in "17 ≤ 22" or "18 ≤ age ≤ 65": the number before
#: it is the lower bound of what follows.
_UPPER_SYMBOL = re.compile(r"≤|≦|=<|<=|⩽|<(?!\s*/)")
_MIRRORED: dict[Comparator, Comparator] = {"<=": ">=", "<": ">"}
_SYMBOL_THEN_WORD = re.compile(rf"\s*(?P<c>{_UPPER_SYMBOL.pattern})\s*(?=[^\W\d_])")
#: Comparison words that more often count something new than bound the same thing again.
_COUNTING = re.compile(r"(?:a\s+)?(?:minimum|maximum)|up\s+to", re.IGNORECASE)
_ENDS_WITH_BETWEEN = re.compile(r"\bbetween\s*$", re.IGNORECASE)
_VALUE = re.compile(rf"(?P<v>{_NUMBER})", re.IGNORECASE)
_MILLION = re.compile(r"\s*million\b", re.IGNORECASE)
_MULTIPLE = re.compile(
    r"\s*(?:[x×*]|times|fold)?\s*(?:the\s+)?(?:institutional\s+)?(?P<ref>ULN|LLN|ULRR|"
    r"upper\s+limits?\s+of\s+(?:the\s+)?normal(?:\s+range)?|upper\s+normal\s+limit|"
    r"lower\s+limits?\s+of\s+(?:the\s+)?normal(?:\s+range)?|lower\s+normal\s+limit)"
    r"(?:\s*\((?:ULN|LLN)\))?",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(rf"\s*(?P<u>{_UNIT})(?![\w])", re.IGNORECASE)
_POSTFIX = re.compile(
    r"\s*(?:or|and)\s+(?P<p>higher|greater|more|above|over|older|less|lower|below|fewer|"
    r"under|younger)\b",
    re.IGNORECASE,
)
_POSTFIX_CMP: dict[str, Comparator] = {
    "higher": ">=", "greater": ">=", "more": ">=", "above": ">=", "over": ">=", "older": ">=",
    "less": "<=", "lower": "<=", "below": "<=", "fewer": "<=", "under": "<=", "younger": "<=",
}
_ROMAN = {"I": Decimal(1), "II": Decimal(2), "III": Decimal(3), "IV": Decimal(4)}
#: An age written without the word "age": "≥ 18 years", "18 years or older".
_YEARS_AGE = re.compile(
    r"(?<![\d.,])(?P<lo>\d{1,3})\s*(?:(?:-|–|to)\s*(?P<hi>\d{1,3})\s*)?(?:years?|yrs?|y/?o)\b"
    r"(?:\s+(?:old|of\s+age))?",
    re.IGNORECASE,
)
_COMPARATOR_BEFORE = re.compile(rf"(?:{_COMPARATOR.pattern})\s*$", re.IGNORECASE)
_HAS_YEARS = re.compile(r"\b(?:years?|yrs?|y/?o)\b", re.IGNORECASE)
_AGE_CONTEXT = re.compile(r"\b(?:old|of\s+age|age[ds]?|adults?|children|patients?\s+aged)\b",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Threshold:
    """A numeric bound on a measured thing."""

    measured: str  # canonical label ("AST", "eGFR", "age") or the lexicon label
    measured_text: str  # as written
    concept: str | None  # ontology IRI of the measured thing, when the lexicon names one
    comparator: Comparator
    value: Decimal
    upper: Decimal | None
    unit: str | None
    multiple_of: Literal["ULN", "LLN"] | None
    start: int
    end: int


@dataclass(frozen=True)
class _Comparison:
    comparator: Comparator
    value: Decimal
    upper: Decimal | None
    unit: str | None
    multiple_of: Literal["ULN", "LLN"] | None
    end: int


def parse_number(text: str) -> Decimal | None:
    """A decimal from "100,000", "1.5", "1,5" (decimal comma) or a roman numeral I-IV.

    >>> parse_number("100,000"), parse_number("1,5"), parse_number("III")
    (Decimal('100000'), Decimal('1.5'), Decimal('3'))
    """
    if text.upper() in _ROMAN:
        return _ROMAN[text.upper()]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        text = text.replace(",", "")
    else:
        text = text.replace(",", ".").replace("·", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _comparator_of(m: re.Match[str]) -> Comparator:
    for i, (_, comparator) in enumerate(_COMPARATORS):
        if m.group(f"c{i}") is not None:
            return comparator
    raise AssertionError("a comparator group always matches")  # pragma: no cover


def _tail(text: str, pos: int) -> tuple[str | None, Literal["ULN", "LLN"] | None, int]:
    """Unit or ULN/LLN multiple after a number."""
    mult = _MULTIPLE.match(text, pos)
    if mult is not None:
        ref = mult.group("ref").upper()
        kind: Literal["ULN", "LLN"] = "LLN" if ref.startswith(("LLN", "LOWER")) else "ULN"
        return None, kind, mult.end()
    unit = _UNIT_AFTER.match(text, pos)
    if unit is not None:
        return _unit(unit.group("u")), None, unit.end()
    return None, None, pos


def _unit(raw: str) -> str:
    unit = " ".join(raw.split())
    unit = re.sub(r"^[x×*]\s*", "", unit)
    # "18 years old", "75 years of age": the unit is years
    return re.sub(r"^(years?|yrs?) (?:old|of age)$", r"\1", unit, flags=re.IGNORECASE)


def comparison(text: str, pos: int, score: bool = False) -> _Comparison | None:
    """Parse a comparison starting at ``pos``: "> 5X ULN", "between 2.0 and 6.5", "0-2".

    For a ``score`` "III or IV" is a range as well.
    """
    m = _COMPARATOR.match(text, pos)
    if m is not None:
        comparator = _comparator_of(m)
        after = m.end()
        while after < len(text) and text[after] == " ":
            after += 1
        number = _VALUE.match(text, after)
        if number is None:
            # "≤ ULN": a multiple of one
            unit, ref, end = _tail(text, after)
            if ref is None:
                return None
            return _Comparison(comparator, Decimal(1), None, None, ref, end)
        value = parse_number(number.group("v"))
        if value is None:
            return None
        after = number.end()
        million = _MILLION.match(text, after)
        if million is not None:  # "Platelets <50 or > 1 million"
            value, after = value * 1_000_000, million.end()
        unit, ref, end = _tail(text, after)
        return _Comparison(comparator, value, None, unit, ref, end)
    ranges = (_RANGE_AFTER_BETWEEN if _ENDS_WITH_BETWEEN.search(text, max(0, pos - 12), pos)
              else _SCORE_RANGE if score else _RANGE)
    rng = ranges.match(text, pos)
    if rng is not None:
        lo, hi = parse_number(rng.group("lo")), parse_number(rng.group("hi"))
        if lo is not None and hi is not None and lo <= hi:
            unit, ref, end = _tail(text, rng.end())
            if unit is None and rng.group("lounit"):
                unit = _unit(rng.group("lounit"))
            return _Comparison("between", lo, hi, unit, ref, end)
    number = _VALUE.match(text, pos)
    if number is not None:
        value = parse_number(number.group("v"))
        if value is None:
            return None
        unit, ref, end = _tail(text, number.end())
        post = _POSTFIX.match(text, end)
        if post is not None:
            return _Comparison(_POSTFIX_CMP[post.group("p").lower()], value, None, unit, ref,
                               post.end())
        symbol = _SYMBOL_THEN_WORD.match(text, end)
        if symbol is not None:  # "18 ≤ age ≤ 65": at least 18
            comparator = _MIRRORED["<" if symbol.group("c") == "<" else "<="]
            return _Comparison(comparator, value, None, unit, ref, symbol.end("c"))
        return _Comparison("=", value, None, unit, ref, end)
    return None


def _anchors(text: str, mentions: Sequence[Mention]) -> list[tuple[int, int, str, str | None]]:
    """Measured things in ``text``: (start, end, label, concept IRI)."""
    found: list[tuple[int, int, str, str | None]] = []
    for m in _ANCHOR.finditer(text):
        label = _MEASURED[int(str(m.lastgroup)[1:])][0]
        concept = next((x.iri for x in mentions if x.start <= m.start() and m.end() <= x.end),
                       None)
        found.append((m.start(), m.end(), label, concept))
    taken = [(s, e) for s, e, _, _ in found]
    for x in mentions:
        if not any(s < x.end and x.start < e for s, e in taken):
            found.append((x.start, x.end, x.label, x.iri))
    found.sort()
    return found


def find_thresholds(text: str, mentions: Sequence[Mention] = (),
                    context: str | None = None) -> list[Threshold]:
    """Numeric thresholds in a criterion.

    ``mentions`` (lexicon matches in ``text``) may name measured things, and ``context``
    (the lead-in line, e.g. "Age") the default one.

    >>> [(t.measured, t.comparator, str(t.value), t.multiple_of)
    ...  for t in find_thresholds("AST and ALT > 5X ULN")]
    [('AST', '>', '5', 'ULN'), ('ALT', '>', '5', 'ULN')]
    """
    out: list[Threshold] = []
    if not _MAY_HOLD_NUMBER.search(text):
        return out
    anchors = _anchors(text, mentions)
    chain: list[tuple[int, int, str, str | None]] = []
    used_until = 0
    for i, anchor in enumerate(anchors):
        start, end, label, _ = anchor
        if start < used_until:
            continue
        chain.append(anchor)
        nxt = anchors[i + 1] if i + 1 < len(anchors) else None
        gap_end = nxt[0] if nxt else len(text)
        # synonyms in brackets and list glue keep the chain going: "AST (SGOT) and ALT"
        glue = _SYNONYM_PARENS.sub("", text[end:gap_end])
        # only table anchors chain: a disease mention before a lab is no measured thing
        table = label in _TABLE_LABELS
        if (nxt is not None and table and nxt[2] in _TABLE_LABELS
                and (not glue.strip() or _JOIN.fullmatch(glue))):
            continue
        filler = (_SCORE_FILLER if label in _RATED else _FILLER).match(text, end)
        pos = filler.end() if filler else end
        comp = comparison(text, pos, score=label in _SCORES)
        if comp is not None and not _bare_number_is_noise(comp, label, text, pos):
            changed = _CHANGE.search(text, end, pos)
            comparisons = _with_continuations(text, comp)
            for c_start, c_end, c_label, c_concept in _dedupe(chain):
                measured = f"{c_label} {changed.group(1).lower()}" if changed else c_label
                out.extend(Threshold(measured, text[c_start:c_end], c_concept, each.comparator,
                                     each.value, each.upper, each.unit, each.multiple_of,
                                     c_start, each.end) for each in comparisons)
            used_until = comparisons[-1].end
        chain = []
    out.extend(_ages_without_anchor(text, out, context))
    return out


def _with_continuations(text: str, first: _Comparison) -> list[_Comparison]:
    """``first`` and the comparisons that follow it on the same thing: "≥ 5.5 and ≤ 9".

    Only a comparison with its own comparator continues (a bare number after "and" is
    something else), and not one that counts ("< 350 cells/µl and a minimum of 16
    patients"). One written without a unit takes its neighbour's: "EF ≥ 30 and ≤ 50%".
    """
    found = [first]
    while True:
        join = _CONTINUATION.match(text, found[-1].end)
        pos = join.end() if join else found[-1].end
        word = _COMPARATOR.match(text, pos)
        if word is None or _COUNTING.match(word.group()):
            break
        more = comparison(text, pos)
        if more is None or more.comparator in ("=", "between"):
            break
        if (len(found) == 1 and first.comparator == "=" and more.comparator in _MIRRORED
                and _UPPER_SYMBOL.fullmatch(word.group()) and first.value <= more.value):
            # "ages 17 ≤22 years": from 17 up to 22, not 17 exactly; "between 18 and < 65"
            # includes 18
            joined = join is not None and join.group().strip()
            found[0] = replace(first, comparator=">=" if joined
                               else _MIRRORED[more.comparator])
        found.append(more)
    units = {c.unit for c in found if c.unit and not c.multiple_of}
    if len(found) > 1 and len(units) == 1:
        unit = units.pop()
        found = [c if c.unit or c.multiple_of else replace(c, unit=unit) for c in found]
    return found


def _bare_number_is_noise(comp: _Comparison, label: str, text: str, pos: int) -> bool:
    """Whether a plain number after a measured thing is no threshold.

    It is one for scores and ages ("ECOG 0-2", "Karnofsky 70-100%", "age 18") or when it
    carries a unit, except a time after a condition: "MI within 2 months" is a time window.
    """
    if comp.comparator != "=":
        return False
    if comp.unit and _TIME_UNIT.fullmatch(comp.unit) and label not in _TABLE_LABELS:
        # "substance abuse within 6 months": a time window (kg.text.qualifiers), no level
        return True
    if comp.unit or comp.multiple_of:
        return False
    return label not in _SCORES and label != "age"


def _dedupe(chain: list[tuple[int, int, str, str | None]]
            ) -> list[tuple[int, int, str, str | None]]:
    seen: set[str] = set()
    out = []
    for item in chain:
        if item[2] not in seen:
            seen.add(item[2])
            out.append(item)
    return out


def _ages_without_anchor(text: str, found: list[Threshold],
                         context: str | None) -> list[Threshold]:
    """Ages written as "≥ 18 years" or "18 years or older" with no "age" before them."""
    out: list[Threshold] = []
    age_context = context is not None and re.search(r"\bage\b", context, re.IGNORECASE)
    if not _HAS_YEARS.search(text) and not age_context:
        return out
    for m in _YEARS_AGE.finditer(text):
        if any(t.start <= m.start() < t.end for t in found):
            continue
        if not (age_context or m.start() < 12 or _AGE_CONTEXT.search(text)):
            continue
        lo = Decimal(m.group("lo"))
        comparator: Comparator
        upper = None
        start, end = m.start(), m.end()
        before = _COMPARATOR_BEFORE.search(text, max(0, start - 40), start)
        post = _POSTFIX.match(text, end)
        if m.group("hi"):
            comparator, upper = "between", Decimal(m.group("hi"))
        elif before is not None:
            comparator, start = _comparator_of(before), before.start()
        elif post is not None:
            comparator, end = _POSTFIX_CMP[post.group("p").lower()], post.end()
        else:
            continue
        out.append(Threshold("age", "age", None, comparator, lo, upper, "years", None,
                             start, end))
    if age_context and not out and not found:
        m2 = re.match(rf"\s*(?P<v>\d{{1,3}})\s*(?:{_POSTFIX.pattern})", text, re.IGNORECASE)
        if m2:
            out.append(Threshold("age", context or "age", None,
                                 _POSTFIX_CMP[m2.group("p").lower()], Decimal(m2.group("v")),
                                 None, "years", None, m2.start("v"), m2.end()))
    return out
