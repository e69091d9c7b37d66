"""Qualifiers of concept mentions inside one criterion: negation, time, exceptions, effect.

The rules are NegEx-style: a cue opens a scope that runs forward to the end of the clause
(a terminator such as "but", "who", "except", ";" or a sentence end closes it). A mention
with no cue of its own inherits the negation and temporality of the mention before it in
the same clause, so "No history of HIV, hepatitis B or C" qualifies all three.

The *effect* of a mention is what the criterion does with the concept:

- ``excludes``: a participant with the concept is not eligible (any mention in an exclusion
  criterion; a negated mention in an inclusion criterion: "No history of malignancy",
  "negative for HIV"). A negated mention under an exclusion heading ("No active cancer"
  listed as an exclusion) is written in inclusion style by its author and still excludes.
- ``requires``: the concept defines the population ("Diagnosis of multiple sclerosis").
- ``allows``: the concept is explicitly permitted, often on a condition ("Patients with a
  history of cancer who are disease-free for 5 years are eligible"); the condition is kept.
- ``exception``: the mention is inside an exception phrase ("except basal cell carcinoma")
  and is recorded on the mention it qualifies.
- None: the mention neither excludes nor requires, e.g. a future event in an inclusion
  criterion ("must use contraception to avoid pregnancy" does not exclude pregnancy).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from kg.text.lexicon import Mention

Effect = Literal["excludes", "requires", "allows", "exception"]
Temporality = Literal["current", "history", "history_or_current"]
Polarity = Literal["inclusion", "exclusion"]

_ABBREVIATIONS = frozenset({"e.g", "i.e", "etc", "vs", "approx", "incl", "no", "dr", "st",
                            "fig", "ca", "cf", "al", "resp", "max", "min", "mo", "yr", "yrs"})
# sentence ends: ";", a full stop before an upper-case word, or a nested list item " 2. "
_SENTENCE_END = re.compile(
    r";|\.(?=\s+[A-Z(\d])|\s(?=\(?\d{1,2}[.)]\s+[A-Z])|\s(?=[a-h][.)]\s+[A-Z])")
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")

#: Words that close a negation or temporality scope within a sentence.
_TERMINATOR = re.compile(
    r"\b(?:but|however|although|though|whereas|except|unless|other\s+than|apart\s+from|"
    r"aside\s+from|who|whom|which|whose|that\s+(?:is|are|was|were|has|have)|"
    r"with\s+the\s+exception|excluding|provided|as\s+long\s+as|if|while|because|since)\b"
    r"|\(",
    re.IGNORECASE,
)
_NEG_PRE = re.compile(
    r"\b(?!(?:no|not)\s+(?:more|less|greater|fewer|later|earlier|longer|only|limited|"
    r"necessarily|exceed\w*|required|applicable|specified|including)\b)"
    r"(?:no|not|without|free\s+of|absence\s+of|absent|negative\s+for|never|nor|neither|"
    r"denies|den(?:y|ied)|rule[ds]?\s+out|exclusion\s+of|lack\s+of|non)\b",
    re.IGNORECASE,
)
#: "negative" before a mention only negates it at short range ("negative pregnancy test").
_NEG_NEAR = re.compile(r"\b(?:negative|seronegative)\b(?P<rest>(?:\W+\w+){0,3}\W*)$",
                       re.IGNORECASE)
_NEG_POST = re.compile(
    r"^[\s\-–(]*(?:[\w/]+[\s\-–]+){0,3}?(?:-?\s*negative|seronegative|negativity|\(-\)|"
    r"ruled\s+out|(?:must\s+be|is|are|been)\s+excluded|not\s+(?:detected|present))\b",
    re.IGNORECASE,
)
#: "... is excluded" after a mention: ruled out (a negation) in a requirement, or the
#: disallowance itself ("Patients with X are excluded"); either way X is excluded.
_EXCLUDED_POST = re.compile(
    r"^[\s\-–(]*(?:[\w/]+[\s\-–]+){0,3}?(?:must\s+be|is|are|been)\s+excluded\b",
    re.IGNORECASE,
)
_HIST_OR_CURR = re.compile(
    r"\b(?:(?:history|hx)\s+(?:of\s+)?(?:or|and/or|and)\s+(?:current|active|present|ongoing|"
    r"concurrent|existing)|(?:current|active|present|ongoing|concurrent|existing|prior|previous|"
    r"past)\s+(?:or|and/or)\s+(?:prior|previous|past|history|current|active|present|"
    r"ongoing|concurrent|existing))\b",
    re.IGNORECASE,
)
_HISTORY = re.compile(
    r"\b(?:history|hx|h/o|prior|previous(?:ly)?|past|former(?:ly)?|had|ever|preceding|"
    r"recent(?:ly)?|antecedent)\b",
    re.IGNORECASE,
)
_CURRENT = re.compile(
    r"\b(?:current(?:ly)?|active|ongoing|uncontrolled|concurrent|concomitant|existing|"
    r"presence|persistent|unresolved|at\s+screening|at\s+present|at\s+the\s+time\s+of)\b",
    re.IGNORECASE,
)
_CURRENT_POST = re.compile(
    r"^[^;,.]{0,25}?\b(?:at\s+screening|at\s+present|currently|at\s+the\s+time\s+of|"
    r"at\s+baseline|at\s+enrol+ment|at\s+inclusion)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                 "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30}
_NUM = r"(?P<n>\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|" \
       r"twelve|fifteen|twenty|thirty)"
_UNIT = r"(?P<unit>years?|yrs?|months?|mos?|weeks?|wks?|days?|hours?|hrs?)"
_WINDOW = re.compile(
    r"\b(?:within|in|during|over|for)\s*(?:the\s+)?(?:(?P<rel>past|last|previous|preceding|"
    r"prior|next|recent|following|first)\s+)?(?:" + _NUM + r"\s*-?\s*)?" + _UNIT + r"\b"
    r"|\b" + _NUM.replace("?P<n>", "?P<n2>") + r"\s*-?\s*"
    + _UNIT.replace("?P<unit>", "?P<unit2>") + r"\s+(?:prior\s+to|before|preceding)\b",
    re.IGNORECASE,
)
_ISO_UNIT = {"y": "Y", "m": "M", "w": "W", "d": "D", "h": "H"}
_EXCEPT = re.compile(
    r"\b(?:except(?:\s+for)?|excepting|other\s+than|with\s+the\s+exceptions?\s+of|"
    r"apart\s+from|aside\s+from|excluding|not\s+including|save\s+for|"
    r"but\s+not(?!\s+(?:be\s+)?limited)|unless)\b",
    re.IGNORECASE,
)
#: Where an exception phrase stops: a new verb phrase or a time window of the head.
_EXCEPT_STOP = re.compile(
    r",?\s+(?:or|and)\s+(?=(?:is|are|has|have|had|was|were|who|with|patients?|subjects?|any|"
    r"known|current|prior|previous|active|history|uncontrolled|severe|significant|"
    r"receiving|treatment|treated)\b)|\bwithin\b|\bin\s+the\s+(?:past|last|previous)\b|[;()\[\]]"
    # a capitalised item word mid-sentence starts the next item of a run-together list
    # ("... not including candidates for islet transplant ... Known concurrent malignancy")
    r"|\s(?=(?-i:Known|History|Active|Current|Prior|Previous|Presence|Any|Patients?|"
    r"Subjects?|Pregnan\w*|Severe|Uncontrolled|Significant|Positive)\b)",
    re.IGNORECASE,
)
#: "not eligible for allogeneic SCT" is a condition of the population, not a disallowance;
#: "not eligible for this study" is one.
_FOR_OTHER = (r"(?:\s+or\s+\w+)?\s+(?:for|to)\s+(?!(?:this|the)\s+(?:study|trial|protocol)|enrol|"
              r"particip|inclusion)")
_DISALLOW = re.compile(
    r"\b(?:not\s+(?:be\s+)?(?:eligible|allowed|permitted|acceptable|accepted|included|"
    r"enrolled)(?!" + _FOR_OTHER + r")|ineligible(?!" + _FOR_OTHER + r")|"
    r"(?:will|shall|must|should|to)\s+be\s+excluded|(?:is|are)\s+excluded|"
    r"prohibited|excluded\s+from\s+(?:the\s+)?(?:study|trial|participation))\b",
    re.IGNORECASE,
)
_ALLOW = re.compile(
    r"(?<!must )(?<!should )(?<!to )\b(?:(?:are|is|remain|be|become)\s+(?:also\s+)?"
    r"(?:eligible|allowed|permitted|acceptable|accepted)(?!\s+(?:for|to)\s+(?!(?:this|the)\s+"
    r"(?:study|trial|protocol)|enrol|particip|inclusion))|may\s+(?:also\s+)?(?:be\s+)?"
    r"(?:participate|enrol+(?:ed)?|included|eligible)|can\s+(?:be\s+)?(?:participate|"
    r"enrol+(?:ed)?|included)|(?:will\s+)?not\s+(?:be\s+)?excluded|(?:is|are)\s+not\s+an?\s+"
    r"exclusion|allowed|permitted|acceptable)\b",
    re.IGNORECASE,
)
#: A condition under which a past disease is acceptable ("disease-free for 5 years").
_CONDITION = re.compile(
    r"\b(?:(?:disease|cancer|tumou?r|recurrence|relapse|progression|evidence[\s-]of[\s-]"
    r"disease)[\s-]free|in\s+(?:complete\s+)?remission|cured|curatively\s+treated|"
    r"treated\s+with\s+curative\s+intent|no\s+evidence\s+of\s+(?:active\s+)?(?:disease|"
    r"recurrence|relapse)|without\s+(?:evidence\s+of\s+)?(?:recurrence|relapse))\b",
    re.IGNORECASE,
)
#: A future event in a requirement ("must agree to avoid pregnancy"): neither excluded nor
#: required by the criterion.
_FUTURE = re.compile(
    r"\b(?:avoid\w*|prevent\w*|becom\w*|plan\w*|intend\w*|desir\w*|wish\w*|father\w*|"
    r"impregnat\w*|get|getting|conceiv\w*)\b",
    re.IGNORECASE,
)
@dataclass(frozen=True)
class QualifiedMention:
    """A concept mention with what the criterion says about it."""

    mention: Mention
    negated: bool
    temporality: Temporality | None
    time_window: str | None  # xsd:duration such as "P5Y"
    effect: Effect | None
    exception_to: int | None = None  # index of the mention this one is an exception to
    except_concepts: tuple[str, ...] = ()
    except_text: str | None = None
    condition: str | None = None


@dataclass(frozen=True)
class _Scope:
    start: int
    end: int


def duration(amount: str, unit: str) -> str | None:
    """An ``xsd:duration`` from an amount and a unit word.

    Weeks become days: ISO 8601 has ``P2W`` but ``xsd:duration`` does not.

    >>> duration("5", "years"), duration("two", "weeks"), duration("1.5", "years")
    ('P5Y', 'P14D', 'P18M')
    """
    key = amount.lower()
    value = float(_NUMBER_WORDS[key]) if key in _NUMBER_WORDS else float(key)
    letter = _ISO_UNIT[unit[0].lower()]
    if letter == "Y" and not value.is_integer() and (value * 12).is_integer():
        value, letter = value * 12, "M"
    if not value.is_integer():
        return None  # xsd:duration allows fractions only of seconds
    if letter == "W":
        value, letter = value * 7, "D"
    if letter == "H":
        return f"PT{int(value)}H"
    return f"P{int(value)}{letter}"


def time_window(text: str) -> tuple[int, int, str] | None:
    """The first time window in ``text`` as (start, end, xsd:duration), or None.

    >>> time_window("No prior malignancy within 5 years")[2]
    'P5Y'
    >>> time_window("in the past 12 months")[2], time_window("within1 month")[2]
    ('P12M', 'P1M')
    """
    for m in _WINDOW.finditer(text):
        unit = m.group("unit") or m.group("unit2")
        amount = m.group("n") or m.group("n2")
        if amount is None:
            if m.group(0).lower().startswith("for") or not m.group("rel"):
                continue  # "for years", "in years": no window
            amount = "1"  # "within the past year"
        if m.group(0).lower().startswith("for") and not m.group("rel"):
            continue  # "disease-free for 5 years" is a condition, not a window
        iso = duration(amount, unit)
        if iso:
            return m.start(), m.end(), iso
    return None


def _sentences(text: str) -> list[_Scope]:
    scopes: list[_Scope] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group() == ".":
            word = re.search(r"[\w.]+$", text[start:m.start()])
            if word and word.group().lower().rstrip(".") in _ABBREVIATIONS:
                continue
        if _inside_parens(text, m.start()):
            continue
        scopes.append(_Scope(start, m.start()))
        start = m.end()
    scopes.append(_Scope(start, len(text)))
    return scopes


def _inside_parens(text: str, pos: int) -> bool:
    depth = 0
    for ch in text[:pos]:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
    return depth > 0


def _enclosing_parens(parens: list[_Scope], start: int, end: int) -> _Scope | None:
    for p in parens:
        if p.start < start and end <= p.end:
            return p
    return None


def _exception_scopes(text: str, sentence: _Scope, parens: list[_Scope]) -> list[_Scope]:
    """Spans of exception phrases in a sentence, from the cue to where the phrase ends."""
    scopes: list[_Scope] = []
    for m in _EXCEPT.finditer(text, sentence.start, sentence.end):
        limit = sentence.end
        enclosing = _enclosing_parens(parens, m.start(), m.end())
        if enclosing is not None:
            limit = min(limit, enclosing.end - 1)
        stop = _EXCEPT_STOP.search(text, m.end(), limit)
        scopes.append(_Scope(m.start(), stop.start() if stop else limit))
    return scopes


def _cue_scope(text: str, sentence: _Scope, parens: list[_Scope],
               pattern: re.Pattern[str]) -> list[_Scope]:
    """Where a sentence-level cue (allowance, disallowance) applies.

    That is the parenthesis holding the cue, or else the whole sentence.
    """
    scopes: list[_Scope] = []
    for m in pattern.finditer(text, sentence.start, sentence.end):
        enclosing = _enclosing_parens(parens, m.start(), m.end())
        scopes.append(enclosing or sentence)
    return scopes


def _in(scopes: Sequence[_Scope], start: int, end: int) -> _Scope | None:
    for s in scopes:
        if s.start <= start and end <= s.end:
            return s
    return None


def _negated_here(segment: str, after: str) -> bool:
    """Whether a cue in the text before a mention (or just after it) negates it."""
    last_cue = None
    for m in _NEG_PRE.finditer(segment):
        last_cue = m
    if last_cue is not None and not _TERMINATOR.search(segment, last_cue.end()):
        return True
    near = _NEG_NEAR.search(segment)
    if near is not None and not _TERMINATOR.search(near.group("rest")):
        return True
    return bool(_NEG_POST.match(after))


def _temporality(segment: str, after: str) -> Temporality | None:
    if _HIST_OR_CURR.search(segment):
        return "history_or_current"
    hist = bool(_HISTORY.search(segment))
    curr = bool(_CURRENT.search(segment)) or bool(_CURRENT_POST.match(after))
    if hist and curr:
        return "history_or_current"
    if hist:
        return "history"
    if curr:
        return "current"
    return None


def _clean(text: str) -> str:
    return text.strip(" ,;:.()[]-")


@dataclass(frozen=True)
class _SentenceCues:
    """Sentence-level scopes, computed once per sentence."""

    exceptions: list[_Scope]
    disallow: list[_Scope]
    allow: list[_Scope]


def _cues(text: str, sentence: _Scope, parens: list[_Scope]) -> _SentenceCues:
    return _SentenceCues(_exception_scopes(text, sentence, parens),
                         _cue_scope(text, sentence, parens, _DISALLOW),
                         _cue_scope(text, sentence, parens, _ALLOW))


def qualify(text: str, mentions: Sequence[Mention],
            polarity: Polarity | None) -> list[QualifiedMention]:
    """Qualify each mention (offsets into ``text``) of a criterion listed as ``polarity``.

    ``polarity`` is the kind of the heading the criterion is listed under (None when the
    text has no headings, read like an inclusion list).
    """
    if not mentions:
        return []
    sentences = _sentences(text)
    parens = [_Scope(m.start(), m.end()) for m in _PARENS.finditer(text)]
    cues: dict[int, _SentenceCues] = {}
    out: list[QualifiedMention] = []
    prev: tuple[int, QualifiedMention] | None = None  # (sentence index, mention)
    prev_strict = False
    for index, mention in enumerate(mentions):
        s_index, sentence = next(((i, s) for i, s in enumerate(sentences)
                                  if s.start <= mention.start < max(s.end, s.start + 1)),
                                 (len(sentences) - 1, sentences[-1]))
        if s_index not in cues:
            cues[s_index] = _cues(text, sentence, parens)
        same = prev is not None and prev[0] == s_index
        seg_start = max(sentence.start, mentions[index - 1].end) if same else sentence.start
        segment = text[seg_start:mention.start]
        next_start = (mentions[index + 1].start if index + 1 < len(mentions)
                      else sentence.end)
        after = text[mention.end:min(next_start, sentence.end)]
        chained = same and not _TERMINATOR.search(segment)

        negated = _negated_here(segment, after)
        # negated by a cue other than "is excluded" (which a disallowance reads as excluded)
        strict = negated and (not _EXCLUDED_POST.match(after) or _negated_here(segment, ""))
        temporality = _temporality(segment, after)
        if prev is not None and chained:
            negated = negated or prev[1].negated
            strict = strict or prev_strict
            temporality = temporality or prev[1].temporality

        clause_end = sentence.end
        stop = _TERMINATOR.search(text, mention.end, sentence.end)
        if stop is not None:
            clause_end = stop.start()
        window = time_window(text[mention.end:clause_end]) or time_window(segment)
        iso = window[2] if window else None
        if iso is None and prev is not None and chained:
            iso = prev[1].time_window
        if iso is not None and temporality is None:
            temporality = "history"

        effect, condition = _effect(text, sentence, cues[s_index], mention, segment, negated,
                                    strict,
                                    polarity)
        qm = QualifiedMention(mention, negated, temporality, iso, effect, condition=condition)
        out.append(qm)
        prev = (s_index, qm)
        prev_strict = strict
    return _attach_exceptions(text, [cues[i].exceptions for i in sorted(cues)], out)


def _effect(text: str, sentence: _Scope, cues: _SentenceCues, mention: Mention,
            segment: str, negated: bool, strict: bool,
            polarity: Polarity | None) -> tuple[Effect | None, str | None]:
    if _in(cues.exceptions, mention.start, mention.end):
        return "exception", None
    if _in(cues.disallow, mention.start, mention.end):
        # "HIV-negative patients are not eligible" requires; "X are excluded" excludes
        return ("requires" if strict else "excludes"), None
    allow = _in(cues.allow, mention.start, mention.end)
    if allow is not None:
        if negated:
            # "No other prior malignancy is allowed", "patients without HIV are eligible"
            return "excludes", None
        return "allows", _condition(text, allow, mention)
    if polarity == "exclusion":
        return "excludes", None
    if negated:
        return "excludes", None
    if _FUTURE.search(segment):
        return None, None
    cond = _CONDITION.search(text, mention.end, sentence.end)
    if cond is not None:
        return "allows", _clean(text[cond.start():sentence.end])
    return "requires", None


def _condition(text: str, scope: _Scope, mention: Mention) -> str | None:
    """The condition of an allowance: a "disease-free" phrase, else an if/who clause."""
    cond = _CONDITION.search(text, scope.start, scope.end)
    if cond is not None:
        cue = _ALLOW.search(text, cond.end(), scope.end)
        return _clean(text[cond.start():cue.start() if cue else scope.end])
    clause = re.compile(r"\b(?:if|provided|as\s+long\s+as|who|when|after)\b", re.IGNORECASE)
    m = clause.search(text, mention.end, scope.end)
    return _clean(text[m.start():scope.end]) if m else None


def _attach_exceptions(text: str, per_sentence: list[list[_Scope]],
                       mentions: list[QualifiedMention]) -> list[QualifiedMention]:
    """Record each exception phrase (its text and concepts) on the mention it qualifies.

    That is the nearest mention before the phrase that is not itself an exception.
    """
    result = list(mentions)
    for scopes in per_sentence:
        for scope in scopes:
            heads = [i for i, qm in enumerate(result)
                     if qm.mention.end <= scope.start and qm.effect != "exception"]
            if not heads:
                continue
            head = heads[-1]
            inside = [i for i, qm in enumerate(result)
                      if scope.start <= qm.mention.start and qm.mention.end <= scope.end]
            for i in inside:
                result[i] = _replace(result[i], exception_to=head)
            old = result[head]
            phrase = _clean(text[scope.start:scope.end])
            except_text = f"{old.except_text}; {phrase}" if old.except_text else phrase
            concepts = old.except_concepts + tuple(
                result[i].mention.iri for i in inside
                if result[i].mention.iri not in old.except_concepts)
            result[head] = _replace(old, except_concepts=concepts, except_text=except_text)
    return result


def _replace(qm: QualifiedMention, **changes: object) -> QualifiedMention:
    return replace(qm, **changes)  # type: ignore[arg-type]
