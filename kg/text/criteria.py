r"""Split eligibility criteria text into individual criteria with their kind and span.

Registry texts come in three dialects: v2 markdown (``* item``, nested ``  1. item``,
``\>`` escapes), classic/legacy plain text (one criterion per line or per paragraph,
legacy XML hard-wrapped with indented continuation lines) and the old PDQ layout with
``DISEASE CHARACTERISTICS:`` sections. The splitter works line by line on the ORIGINAL
text so every criterion keeps its exact character span; the criterion text itself is
unescaped and whitespace-normalised.

Each criterion's ``kind`` is its *effective* kind: an item phrased "No ..." under an
inclusion heading (typical of the PDQ layout) is an exclusion, marked ``flipped``.
``section_kind`` is the kind of the heading it was listed under (None without one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Kind = Literal["inclusion", "exclusion"]

#: Backslash escapes the v2 API writes for markdown-special characters.
_ESCAPE = re.compile(r"\\([\\<>*\[\]_#`~|(){}.!+\-=^])")

#: A list marker at the start of a line: bullets, ``1.``, ``1)``, ``(1)``, ``a.``, ``ii)``.
_MARKER = re.compile(
    r"""(?:
        [*•·▪●◦‣∙⁃○■□➢➤►]\s*
      | -(?=\s*\D)\s*
      | o\s+
      | \(?\d{1,2}[.)](?!\d)\s*
      | \(\d{1,2}\)\s*
      | \(?(?:i{1,3}|iv|vi{0,3}|ix|x|xi{1,2})[.)]\s+
      | \(?[a-zA-Z][.)]\s+
    )""",
    re.VERBOSE,
)

# Major headings. "criteria" is required unless the word stands alone ("Exclusion:"), so
# that "Inclusion of women and minorities:" stays an ordinary line.
_HEADING_CRITERIA = re.compile(
    r"^[\W_]*(?:(?!(?:not|any|all|meets?|fulfil\w*|satisf\w*|see|above|listed|other\s+than)\b)"
    r"[\w/&().-]+\s+){0,4}?(?P<non>non[\s-]?)?(?P<kind>inclusion|exclusion)"
    r"[\s-]*criteri\w*\b(?P<tail>[^:.]{0,80})(?::\s*(?P<after>.*))?$",
    re.IGNORECASE,
)
#: "EXCLUSION CRITERIA Known pregnancy ...": an upper-case heading run into its first item.
_HEADING_RUN_ON = re.compile(
    r"^[\W_]*(?:(?P<non>NON[\s-]?))?(?P<kind>INCLUSION|EXCLUSION)\s+CRITERIA(?P<tail>)\s*[-–:]?\s+"
    r"(?P<after>[A-Z]\S*\s.*)$",
)
#: "Exclusion Criteria:1. Pulmonary nodules ... 2. History of ...": a heading run into a long
#: line of items (any case; the colon right after "criteria" marks it).
_HEADING_LONG = re.compile(
    r"^[\W_]*(?P<non>non[\s-]?)?(?P<kind>inclusion|exclusion)\s+criteri\w*(?P<tail>)\s*:\s*"
    r"(?P<after>\S.*)$",
    re.IGNORECASE,
)
_HEADING_BARE = re.compile(
    r"^[\W_]*(?P<kind>inclusions?|exclusions?)\s*(?::\s*(?P<after>.*))?$", re.IGNORECASE
)
_HEADING_ELIGIBILITY = re.compile(r"^[\W_]*eligibility(?: criteria)?\s*:?\s*$", re.IGNORECASE)
#: The PDQ sections: all three list requirements, whose "No ..." items are exclusions.
_HEADING_CLASSIC = re.compile(
    r"^(?P<name>DISEASE CHARACTERISTICS|PATIENT CHARACTERISTICS|PRIOR(?:/| )CONCURRENT THERAPY)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
#: A lead-in that announces exclusions ("Patients will be excluded if:").
_EXCLUSION_LEAD_IN = re.compile(
    r"\b(?:excluded|ineligible|not\s+(?:be\s+)?eligible|must\s+not|exclusion|"
    r"not\s+be\s+(?:included|enrolled|randomi[sz]ed))\b",
    re.IGNORECASE,
)
_LEAD_IN_END = re.compile(r"(?::|\b(?:if|following|include|includes))\s*$", re.IGNORECASE)
#: Cheap test that a line might be a heading, so most lines skip the heading patterns.
_HEADING_HINT = re.compile(r"clu|eligib|characteristics|concurrent\s+therapy|must\s+not",
                           re.IGNORECASE)
_NOTE = re.compile(r"^(?:\*+\s*)?(?:notes?|n\.?b\.?|remarks?)\s*[:.\-]", re.IGNORECASE)

#: Criteria phrased as a negation are exclusions wherever they are listed.
_NEGATIVE_START = re.compile(
    r"^(?!(?:no|not)\s+(?:more|less|greater|fewer|later|earlier|longer|limitations?|"
    r"restrictions?|only|exceed|specified|applicable|required|necessary)\b)"
    r"(?:no|not|never|none\s+of|neither|without|absence\s+of|free\s+of|"
    r"(?:must|should|may|can|will|shall)\s*(?:not|n't)|cannot|"
    r"(?:the\s+)?(?:patients?|subjects?|participants?|candidates?|volunteers?|women|men)"
    r"\s+(?:must|should|may|will|can|shall)\s*(?:not|n't)|"
    r"(?:has|have|is|are|does|do)\s+not)\b",
    re.IGNORECASE,
)


#: A numbered item inside a line ("... < 30 mm Hg 2- DFU clinically infected", "1.Age 2.BMI");
#: the number must not be a decimal ("1.5") and a letter or bracket must follow.
_INLINE_ITEM = re.compile(
    r"(?:^|(?<=\s))(?P<n>\d{1,2})(?:\s?[.)]|\s?-(?=\s))(?!\d)\s*(?=[^\W\d_(])")
#: The number of the list marker just before a line's content ("7. ").
_LEAD_NUMBER = re.compile(r"(?P<n>\d{1,2})\s?[.)-]\s*$")


def inline_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split the span ``start:end`` of ``text`` at inline numbered items, as (start, end) spans.

    Only a run of consecutive numbers counts (2 then 3 ...; or one number following the
    line's own marker: "7. Cognitive deficit. 8. Mental disorders"), so "type 2 diabetes"
    or "stage 1. Patients" never split a criterion.

    >>> text = "1- Critical ischemia 2- DFU clinically infected 3- Surgery < 2 months"
    >>> [text[a:b] for a, b in inline_items(text, 3, len(text))]
    ['Critical ischemia', 'DFU clinically infected', 'Surgery < 2 months']
    >>> inline_items("HbA1c 1.5 to 2. Grade 2 ulcer", 0, 29)
    [(0, 29)]
    """
    segment = text[start:end]
    # markers opening a line are the line splitter's business (nested sub-items stay put)
    # and numbers inside brackets are a sub-list of one criterion ("(1) at the carina, 2) ...")
    found = [(m.start(), m.end(), int(m.group("n"))) for m in _INLINE_ITEM.finditer(segment)
             if (m.start() == 0 or segment[:m.start()].rsplit("\n", 1)[-1].strip())
             and segment.count("(", 0, m.start()) <= segment.count(")", 0, m.start())]
    if not found:
        return [(start, end)]
    lead = _LEAD_NUMBER.search(text, max(0, start - 6), start)
    expected = int(lead.group("n")) + 1 if lead else None
    numbers = {n for _, _, n in found}
    chain: list[tuple[int, int, int]] = []
    for item in found:
        if chain:
            if item[2] == chain[-1][2] + 1:
                chain.append(item)
        elif item[2] == expected or (item[2] + 1 in numbers and item[2] <= 2 + (expected or 1)):
            chain.append(item)
    if len(chain) < 2 and not (chain and chain[0][2] == expected):
        return [(start, end)]
    lead_in = normalise(segment[:chain[0][0]])
    if lead_in.endswith(":") and _NEGATIVE_START.match(lead_in):
        return [(start, end)]  # "Must not have: 1. HIV 2. cancer": the items need the lead-in
    cuts = [(a, b) for a, b, _ in chain]
    spans: list[tuple[int, int]] = []
    prev = 0
    for a, b in cuts:
        if segment[prev:a].strip():
            spans.append((prev, a))
        prev = b
    spans.append((prev, len(segment)))
    out = []
    for a, b in spans:
        piece = segment[a:b]
        a += len(piece) - len(piece.lstrip())
        b -= len(piece) - len(piece.rstrip())
        if b > a:
            out.append((start + a, start + b))
    return out


@dataclass(frozen=True)
class Criterion:
    """One criterion: effective kind, position within that kind, text and original span."""

    kind: Kind
    position: int
    text: str
    start: int
    end: int
    heading: str | None
    section_kind: Kind | None
    flipped: bool
    subheading: str | None = None


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the content (after indentation and marker) in the original
    end: int  # offset just after the last non-blank character
    indent: int
    marked: bool
    content: str  # unescaped, stripped


@dataclass(frozen=True)
class _Heading:
    kind: Kind | None
    text: str
    after: int | None  # offset of content following the heading on the same line


def unescape(text: str) -> str:
    r"""Remove the v2 markdown backslash escapes.

    >>> unescape(r"eGFR \< 30 and AST \> 5X")
    'eGFR < 30 and AST > 5X'
    """
    return _ESCAPE.sub(r"\1", text)


def normalise(text: str) -> str:
    """Unescape and collapse whitespace."""
    return " ".join(unescape(text).split())


def _lines(text: str) -> Iterator[_Line | None]:
    """Yield the content of each line (None for a blank line) with its offsets."""
    pos = 0
    for raw in text.split("\n"):
        line_start = pos
        pos += len(raw) + 1
        stripped = raw.rstrip()
        body = stripped.lstrip()
        if not body:
            yield None
            continue
        indent = len(stripped) - len(body)
        marker = _MARKER.match(body)
        # a lone marker-looking word such as "A." opening a sentence needs a space after it
        offset = marker.end() if marker is not None and marker.end() < len(body) else 0
        marked = offset > 0
        start = line_start + indent + offset
        yield _Line(start, line_start + len(stripped), indent, marked,
                    unescape(body[offset:]).strip())


def _heading(line: _Line) -> _Heading | None:
    """Classify a line as a heading, or None."""
    content = line.content
    if not _HEADING_HINT.search(content[:160]):
        return None
    patterns: tuple[re.Pattern[str], ...] = (_HEADING_RUN_ON, _HEADING_CRITERIA, _HEADING_BARE)
    if len(content) > 160:
        patterns = (_HEADING_RUN_ON, _HEADING_LONG)
        if not any(pattern.match(content) for pattern in patterns):
            return None
    for pattern in patterns:
        m = pattern.match(content)
        if m is None:
            continue
        kind: Kind = "exclusion" if (
            m.group("kind").lower().startswith("exclusion") or
            (pattern is not _HEADING_BARE and m.group("non"))) else "inclusion"
        after_text = m.group("after")
        after = None
        if after_text and after_text.strip():
            # offsets in unescaped content approximate the original closely enough here:
            # headings carry no escapes, and the remainder is re-measured from the end
            after = line.end - len(after_text.rstrip())
        heading_end = m.start("after") if after_text is not None else len(content)
        return _Heading(kind, content[:heading_end].strip().rstrip(":").strip(), after)
    m = _HEADING_CLASSIC.match(content)
    if m:
        return _Heading("inclusion", m.group("name").strip(), None)
    if _HEADING_ELIGIBILITY.match(content):
        return _Heading("inclusion", content.rstrip(":").strip(), None)
    if _LEAD_IN_END.search(content) and _EXCLUSION_LEAD_IN.search(content) and len(content) < 200:
        return _Heading("exclusion", content.rstrip(":").strip(), None)
    return None


def _uses_markers(lines: list[_Line | None]) -> bool:
    """Whether most content lines of the text carry a list marker (markdown/XML style)."""
    content = [ln for ln in lines if ln is not None]
    if not content:
        return False
    return sum(ln.marked for ln in content) * 2 >= len(content)


def _ends_sentence(text: str) -> bool:
    return text.endswith((".", ";", ":", "!", "?"))


def _is_continuation(line: _Line, group: list[_Line], prev_blank: bool, marked_doc: bool) -> bool:
    """Whether ``line`` belongs to the criterion being built (wrap, sub-item or note)."""
    head = group[0]
    if _NOTE.match(line.content):
        return True
    if line.marked:
        # a nested sub-item stays with its parent
        return line.indent > head.indent
    if line.indent > head.indent:
        return True  # indented wrap or indented paragraph under an item
    if prev_blank:
        return False
    if marked_doc:
        return True  # an unmarked line right after an item is its wrapped tail
    # plain text, one criterion per line: only an obviously unfinished line continues
    last = group[-1].content
    return not _ends_sentence(last) and line.content[:1].islower()


def split_criteria(text: str) -> list[Criterion]:
    r"""Split eligibility criteria text into criteria, in order.

    >>> [(c.kind, c.position, c.text) for c in split_criteria(
    ...     "Inclusion Criteria:\n\n* Age 18\n\nExclusion Criteria:\n\n* HIV")]
    [('inclusion', 1, 'Age 18'), ('exclusion', 1, 'HIV')]
    """
    lines = list(_lines(text))
    headings = {id(ln): _heading(ln) for ln in lines if ln is not None}
    marked_doc = _uses_markers([ln for ln in lines if ln is None or headings[id(ln)] is None])
    out: list[Criterion] = []
    counts: dict[str, int] = {"inclusion": 0, "exclusion": 0}
    section: Kind | None = None
    heading: str | None = None
    subheading: str | None = None
    group: list[_Line] = []
    prev_blank = True

    def flush() -> None:
        nonlocal subheading
        if not group:
            return
        lone = len(group) == 1
        spans = inline_items(text, group[0].start, group[-1].end)
        group.clear()
        for start, end in spans:
            body = normalise(text[start:end])
            if not body:
                continue
            if lone and body.endswith(":") and len(body) < 200:
                # a lone lead-in ("Known history of:", "Hepatic:") gives context only
                subheading = body.rstrip(":").strip()
                continue
            out.append(_make(body, start, end, section, heading, subheading, counts))

    for line in lines:
        if line is None:
            prev_blank = True
            continue
        head = headings[id(line)]
        if head is not None:
            flush()
            if head.kind is not None:
                section = head.kind
            heading, subheading = head.text, None
            if head.after is not None:
                group.append(_Line(head.after, line.end, line.indent, True,
                                   normalise(text[head.after:line.end])))
            prev_blank = False
            continue
        if group and _is_continuation(line, group, prev_blank, marked_doc):
            group.append(line)
        else:
            flush()
            group.append(line)
        prev_blank = False
    flush()
    return out


def _make(body: str, start: int, end: int, section: Kind | None, heading: str | None,
          subheading: str | None, counts: dict[str, int]) -> Criterion:
    """Build a criterion, deciding its effective kind and numbering it within that kind."""
    kind: Kind
    if section == "exclusion":
        kind = "exclusion"
    else:
        kind = "exclusion" if _NEGATIVE_START.match(body) else "inclusion"
    counts[kind] += 1
    return Criterion(kind=kind, position=counts[kind], text=body, start=start, end=end,
                     heading=heading, section_kind=section,
                     flipped=section is not None and kind != section, subheading=subheading)
