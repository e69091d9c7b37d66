"""The word tables compiled for speed: one Hyperscan pass says which entries may match a text.

A hit is one non-overlapping match of a table entry; ``term_of`` gives the product word's
:class:`~kg.text.products.terms.KindTerm`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from kg.text.products.prefilter import Prefilter, scanned
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


def leftmost(found: Iterable[Hit]) -> tuple[Hit, ...]:
    """Non-overlapping hits, leftmost first; at one position the earlier entry wins."""
    kept: list[Hit] = []
    for hit in sorted(found, key=lambda h: (h.start, h.entry)):
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return tuple(kept)


@dataclass(frozen=True)
class Table:
    """A table of patterns matched as one.

    Hyperscan tells which entries may match a text (:mod:`~kg.text.products.prefilter`);
    only those are run, which keeps a 60-entry table fast on long summaries.
    """

    patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def of(cls, terms: Sequence[tuple[str, Any]]) -> Table:
        """Compile a table of ``(pattern, value)`` rows."""
        # Every product, tissue, donor and route word starts a word: anchoring at word starts
        # lets the engine skip the other positions cheaply.
        return cls(tuple(re.compile(rf"\b(?:{pattern})", re.IGNORECASE) for pattern, _ in terms))

    @cached_property
    def prefilter(self) -> Prefilter:
        """The table's Hyperscan database, compiled on first use.

        Compiling takes a tenth of a second or so a table; ``kg.build`` has it done in a
        thread while the ontology loads (see :func:`compile_tables`).
        """
        return Prefilter(self.patterns)

    def hits(self, text: str, windows: Sequence[tuple[int, int]] | None = None
             ) -> tuple[Hit, ...]:
        """Non-overlapping matches, leftmost first; at one position the earlier entry wins.

        With ``windows`` only those ``(start, end)`` parts of the text are searched.
        """
        found: list[Hit] = []
        for lo, hi in windows if windows is not None else ((0, len(text)),):
            for entry in self.prefilter.candidates(scanned(text[lo:hi])):
                for m in self.patterns[entry].finditer(text, lo, hi):
                    if m.end() > m.start():
                        found.append(Hit(m.start(), m.end(), entry, m.group()))
        return leftmost(found)


def exhaustive_hits(table: Table, text: str,
                   windows: Sequence[tuple[int, int]] | None = None) -> tuple[Hit, ...]:
    """What :meth:`Table.hits` gives, found by running every entry (the tests' reference)."""
    spans = windows if windows is not None else ((0, len(text)),)
    return leftmost(Hit(m.start(), m.end(), entry, m.group())
                    for lo, hi in spans
                    for entry, pattern in enumerate(table.patterns)
                    for m in pattern.finditer(text, lo, hi) if m.end() > m.start())


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
TABLES = (KIND_TABLE, TISSUE_TABLE, DONOR_TABLE, ROUTE_TABLE, MOD_TABLE)


def compile_tables() -> None:
    """Compile every table's Hyperscan database now (Hyperscan's compiler releases the GIL)."""
    for table in TABLES:
        _ = table.prefilter


def term_of(hit: Hit) -> KindTerm:
    """The product word's term: its kind, cell type and what it implies."""
    return KIND_TERMS[hit.entry][1]
