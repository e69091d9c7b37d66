"""The word tables compiled for speed: each pattern is tried only on texts holding its cue.

A hit is one non-overlapping match of a table entry; ``term_of`` gives the product word's
:class:`~kg.text.products.terms.KindTerm`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kg.text.products.terms import (
    DONOR_TERMS,
    KIND_TERMS,
    MODIFICATION_TERMS,
    ROUTE_TERMS,
    TISSUE_TERMS,
    KindTerm,
)


@dataclass(frozen=True)
class Hit:
    """One match of a table entry: where it is, which entry, the words matched."""

    start: int
    end: int
    entry: int  # index into the table that matched
    text: str


_COMMON_WORDS = frozenset({"cell", "cells", "ell", "ells", "stem", "derived", "the", "into the"})
_META = frozenset("\\[](){}?*+|^$.")


def _split_alternatives(pattern: str) -> list[str]:
    """The top-level ``|`` alternatives of a regex (groups and classes kept whole)."""
    parts: list[str] = []
    current: list[str] = []
    depth = i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            current.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "[":
            j = i + 1
            while pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            current.append(pattern[i:j + 1])
            i = j + 1
            continue
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _closing(pattern: str, start: int) -> int:
    """Index of the parenthesis closing the group opened at ``start``."""
    depth = 0
    i = start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = pattern.index("]", i + 2) + 1
            continue
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return i
        i += 1
    raise ValueError(f"unbalanced pattern {pattern!r}")


Cue = tuple[str, bool]  # a literal and whether it is matched case-sensitively


def _literal_cues(alternative: str, cased: bool = False) -> list[Cue] | None:
    """Literals one of which every match of ``alternative`` contains.

    The longest run of plain characters outside groups and not made optional by a
    quantifier; a group that is the whole alternative (``(?-i:...)``) is looked into. None
    when there is no such run of two characters or more: the pattern is then always run.
    """
    if alternative.startswith("(") and _closing(alternative, 0) == len(alternative) - 1:
        flags = re.match(r"\(\?([-a-zA-Z]*):", alternative)
        inner = alternative[flags.end():-1] if flags else alternative[1:-1]
        inner_cased = cased or bool(flags and "-i" in flags.group(1))
        cues: list[Cue] = []
        for part in _split_alternatives(inner):
            found = _literal_cues(part, inner_cased)
            if found is None:
                return None
            cues += found
        return cues
    runs: list[str] = []
    run = ""
    depth = i = 0
    while i < len(alternative):
        ch = alternative[i]
        if ch == "\\" and not alternative[i + 1].isalnum() and depth == 0:
            ch = alternative[i + 1]  # an escaped punctuation mark is a plain character
            i += 1
        elif ch == "\\" or ch == "[":
            i = alternative.index("]", i + 2) + 1 if ch == "[" else i + 2
            run = ""
            continue
        elif ch == "{":  # a {m,n} quantifier: nothing literal in it
            i = alternative.index("}", i) + 1
            run = ""
            continue
        elif ch in _META:
            depth += (ch == "(") - (ch == ")")
            run = ""
            i += 1
            continue
        if depth == 0:
            run += ch
            following = alternative[i + 1:i + 2]
            if following and following in "?*{":
                run = run[:-1]  # an optional last character is not part of every match
                runs.append(run)
                run = ""
            runs.append(run)
        else:
            run = ""
        i += 1
    words = [r.strip() if cased else r.strip().lower() for r in runs]
    # The longest literal, unless it is a word of nearly every text ("cell", "derived").
    rare = [w for w in words if len(w) >= 2 and w.lower() not in _COMMON_WORDS]
    usable = rare or [w for w in words if len(w) >= 2]
    return [(max(usable, key=len), cased)] if usable else None


@dataclass(frozen=True)
class Table:
    """A table of patterns matched as one.

    Each entry is tried only on texts holding one of its literal cues, which keeps a
    100-entry table fast on long summaries.
    """

    patterns: tuple[re.Pattern[str], ...]
    always: frozenset[int]  # entries without a usable cue
    cues: tuple[tuple[Cue, frozenset[int]], ...]  # each cue with the entries it opens

    @classmethod
    def of(cls, terms: Sequence[tuple[str, Any]]) -> Table:
        """Compile a table of ``(pattern, value)`` rows."""
        # Every product, tissue, donor and route word starts a word: anchoring at word starts
        # lets the engine skip the other positions cheaply.
        patterns = tuple(re.compile(rf"\b(?:{pattern})", re.IGNORECASE) for pattern, _ in terms)
        always: set[int] = set()
        by_cue: dict[Cue, set[int]] = {}
        for entry, (pattern, _) in enumerate(terms):
            found: list[Cue] = []
            for alternative in _split_alternatives(pattern):
                more = _literal_cues(alternative)
                if more is None:
                    always.add(entry)
                    break
                found += more
            else:
                for cue in found:
                    by_cue.setdefault(cue, set()).add(entry)
        cues = tuple((cue, frozenset(entries)) for cue, entries in sorted(by_cue.items()))
        return cls(patterns, frozenset(always), cues)

    def hits(self, text: str, lower: str, windows: Sequence[tuple[int, int]] | None = None
             ) -> tuple[Hit, ...]:
        """Non-overlapping matches, leftmost first; at one position the earlier entry wins.

        With ``windows`` only those ``(start, end)`` parts of the text are searched.
        """
        found: list[Hit] = []
        for lo, hi in windows if windows is not None else ((0, len(text)),):
            part, cased_part = lower[lo:hi], text[lo:hi]
            active = set(self.always)
            for (cue, cased), entries in self.cues:
                if cue in (cased_part if cased else part):
                    active |= entries
            for entry in active:
                for m in self.patterns[entry].finditer(text, lo, hi):
                    if m.end() > m.start():
                        found.append(Hit(m.start(), m.end(), entry, m.group()))
        found.sort(key=lambda h: (h.start, h.entry))
        kept: list[Hit] = []
        for hit in found:
            if not kept or hit.start >= kept[-1].end:
                kept.append(hit)
        return tuple(kept)


KIND_TABLE = Table.of(KIND_TERMS)
#: How weak a route entry is: 1 implantation, 2 a bare placement; 0 (a route word) otherwise.
ROUTE_RANK: dict[int, int] = {
    **{i: 1 for i, (_, code) in enumerate(ROUTE_TERMS) if code == "IMPLANTATION"},
    len(ROUTE_TERMS) - 1: 2}  # the last entry: a bare placement
PLACEMENT = 2
TISSUE_TABLE = Table.of(TISSUE_TERMS)
DONOR_TABLE = Table.of(DONOR_TERMS)
ROUTE_TABLE = Table.of(ROUTE_TERMS)
MOD_TABLE = Table.of(MODIFICATION_TERMS)


def term_of(hit: Hit) -> KindTerm:
    """The product word's term: its kind, cell type and what it implies."""
    return KIND_TERMS[hit.entry][1]
