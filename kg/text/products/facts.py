"""The facts the product extractor hands to the rest of ``kg``: products, doses, evidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Evidence:
    """Where a value came from: the property it supports, the record field and the snippet."""

    prop: str  # "productKind", "cellType", "tissueSource", "donor", "route", "dose", ...
    field: str  # "intervention.description", "armGroup.description", "briefTitle", ...
    text: str
    inferred: bool = False


@dataclass(frozen=True)
class Dose:
    """One dose of a product: ``value`` (..``upper``) ``unit``, with count and interval."""

    value: float
    upper: float | None
    unit: str  # "cells", "cells/kg", "cells/m2", "particles", "mL", "µg", "mg"
    per_kg: bool
    number_of_doses: int | None
    frequency: str | None
    text: str
    field: str


@dataclass(frozen=True)
class ProductFact:
    """A cell (or cell-derived) product given by one intervention of a study."""

    index: int  # 0-based position in armsInterventionsModule.interventions
    name: str
    kind: str  # vocab.PRODUCT_KIND code
    cell_type: str | None  # CL / EFO CURIE, most specific known
    tissue_source: str | None  # UBERON CURIE
    donor: str  # vocab.DONOR code
    modification: str | None  # vocab.MODIFICATION code
    target_antigens: tuple[str, ...]
    routes: tuple[str, ...]  # vocab.ROUTE codes
    doses: tuple[Dose, ...]
    evidence: tuple[Evidence, ...] = field(default=(), compare=False)

    def evidence_for(self, prop: str) -> tuple[Evidence, ...]:
        """The evidence recorded for one property ("tissueSource", "route", ...)."""
        return tuple(e for e in self.evidence if e.prop == prop)


class MentionLike(Protocol):
    """What :meth:`LexiconLike.find` returns (``kg.text.lexicon.Mention``)."""

    @property
    def text(self) -> str:
        """The words as found."""
        ...

    @property
    def iri(self) -> str:
        """The ontology term they name."""
        ...


class LexiconLike(Protocol):
    """The part of ``kg.text.lexicon.Lexicon`` this module uses."""

    def find(self, text: str) -> Sequence[MentionLike]:
        """Longest-first, non-overlapping ontology mentions in ``text``."""
        ...
