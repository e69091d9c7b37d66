"""Counts over a store: trials, triples, graphs, and trials by status, phase and study type."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import pyoxigraph as ox

from kg import terms as T
from kg.store import EmbeddedStore
from kg.vocab import CTKG, PHASE, STATUS, STUDY_TYPE, Enumeration


@dataclass(frozen=True)
class Stats:
    """The figures `kg stats` prints."""

    trials: int
    triples: int
    graphs: int
    by_status: dict[str, int] = field(default_factory=dict)
    by_phase: dict[str, int] = field(default_factory=dict)
    by_study_type: dict[str, int] = field(default_factory=dict)
    ontology_triples: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict."""
        return asdict(self)


def _count_by(store: EmbeddedStore, predicate: str, enumeration: Enumeration) -> dict[str, int]:
    names = {iri: code for code, iri in enumeration.iris.items()}
    counts: Counter[str] = Counter()
    for quad in store.raw.quads_for_pattern(None, ox.NamedNode(predicate), None):
        obj = quad.object
        if isinstance(obj, ox.NamedNode):
            counts[names.get(obj.value, obj.value)] += 1
    return dict(sorted(counts.items()))


def compute_stats(store: EmbeddedStore) -> Stats:
    """Count what is in the store (quad scans; no query text needed)."""
    graphs = store.named_graphs()
    trials = [g for g in graphs if g.startswith(CTKG + "trial/")]
    onto = sum(1 for _ in store.raw.quads_for_pattern(
        None, None, None, ox.NamedNode(CTKG + "graph/ontology")))
    return Stats(
        trials=len(trials),
        triples=len(store),
        graphs=len(graphs),
        by_status=_count_by(store, T.OVERALL_STATUS, STATUS),
        by_phase=_count_by(store, T.PHASE, PHASE),
        by_study_type=_count_by(store, T.STUDY_TYPE, STUDY_TYPE),
        ontology_triples=onto,
    )


def format_stats(stats: Stats) -> str:
    """Human-readable stats."""
    lines = [f"trials   {stats.trials}", f"triples  {stats.triples}",
             f"graphs   {stats.graphs} (ontology: {stats.ontology_triples} triples)"]
    for title, counts in (("status", stats.by_status), ("phase", stats.by_phase),
                          ("study type", stats.by_study_type)):
        lines.append(f"by {title}:")
        lines += [f"  {k:<28} {v}" for k, v in counts.items()]
    return "\n".join(lines) + "\n"
