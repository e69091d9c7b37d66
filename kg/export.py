"""Export the store as Turtle, JSON-LD, N-Triples, N-Quads or TriG.

Quad formats keep one named graph per trial; triple formats write the union of the graphs
(each distinct triple once). JSON-LD is compacted with the published context
``ontology/context.jsonld``, through rdflib's JSON-LD serializer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import UsageError
from kg.resources import resource_dir
from kg.store import EmbeddedStore
from kg.vocab import NCT_ID, PREFIXES, trial_iri


@dataclass(frozen=True)
class ExportFormat:
    """An export format: its name, whether it keeps graphs, and pyoxigraph's format."""

    name: str
    rdf_format: ox.RdfFormat
    datasets: bool
    suffix: str


FORMATS: dict[str, ExportFormat] = {
    "turtle": ExportFormat("turtle", ox.RdfFormat.TURTLE, False, ".ttl"),
    "ntriples": ExportFormat("ntriples", ox.RdfFormat.N_TRIPLES, False, ".nt"),
    "jsonld": ExportFormat("jsonld", ox.RdfFormat.JSON_LD, False, ".jsonld"),
    "nquads": ExportFormat("nquads", ox.RdfFormat.N_QUADS, True, ".nq"),
    "trig": ExportFormat("trig", ox.RdfFormat.TRIG, True, ".trig"),
}


def context_path() -> Path:
    """The published JSON-LD context."""
    return resource_dir("ontology") / "context.jsonld"


def export(store: EmbeddedStore, fmt: str, output: IO[bytes],
           trials: Iterable[str] = ()) -> int:
    """Write the store (or the graphs of ``trials``) to ``output``; returns statements written."""
    spec = FORMATS.get(fmt)
    if spec is None:
        raise UsageError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    graphs = _graphs(store, list(trials))
    if spec.datasets:
        quads = list(_quads(store, graphs))
        ox.serialize(quads, output, spec.rdf_format, prefixes=dict(PREFIXES))
        return len(quads)
    triples = _distinct_triples(store, graphs)
    if spec.name == "jsonld":
        return _write_jsonld(triples, output)
    ox.serialize(triples, output, spec.rdf_format, prefixes=dict(PREFIXES))
    return len(triples)


def _graphs(store: EmbeddedStore, trials: list[str]) -> list[ox.NamedNode] | None:
    if not trials:
        return None
    known = set(store.named_graphs())
    graphs = []
    for nct in trials:
        if not NCT_ID.match(nct):
            raise UsageError(f"--trial {nct!r} is not an NCT id (NCT followed by 8 digits)")
        iri = trial_iri(nct)
        if iri not in known:
            raise UsageError(f"--trial {nct}: no such trial in the store")
        graphs.append(ox.NamedNode(iri))
    return graphs


def _quads(store: EmbeddedStore, graphs: list[ox.NamedNode] | None) -> Iterator[ox.Quad]:
    if graphs is None:
        yield from store.raw.quads_for_pattern(None, None, None)
        return
    for graph in graphs:
        yield from store.raw.quads_for_pattern(None, None, None, graph)


def _distinct_triples(store: EmbeddedStore,
                      graphs: list[ox.NamedNode] | None) -> list[ox.Triple]:
    seen: set[ox.Triple] = set()
    out: list[ox.Triple] = []
    for quad in _quads(store, graphs):
        triple = quad.triple
        if triple not in seen:
            seen.add(triple)
            out.append(triple)
    return out


def _write_jsonld(triples: list[ox.Triple], output: IO[bytes]) -> int:
    import rdflib

    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(data=nt, format="nt")
    context = json.loads(context_path().read_text(encoding="utf-8"))
    text = graph.serialize(format="json-ld", context=context["@context"], auto_compact=True)
    output.write(text.encode("utf-8"))
    return len(triples)
