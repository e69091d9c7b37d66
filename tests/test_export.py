"""Round trips: every export format parsed back gives the store's statements."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import EXAMPLES
from rdflib.compare import isomorphic

from kg.build import build
from kg.errors import UsageError
from kg.export import FORMATS, export
from kg.store import EmbeddedStore


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    path = tmp_path_factory.mktemp("export") / "store"
    build([EXAMPLES], path)
    return EmbeddedStore.open(path)


def distinct_triples(store: EmbeddedStore, graph: str | None = None) -> set[ox.Triple]:
    g = ox.NamedNode(graph) if graph else None
    return {q.triple for q in store.raw.quads_for_pattern(None, None, None, g)}


def dump(store: EmbeddedStore, fmt: str, trials: tuple[str, ...] = ()) -> bytes:
    buf = io.BytesIO()
    export(store, fmt, buf, trials)
    return buf.getvalue()


RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "nquads": "nquads",
                 "trig": "trig"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trip_counts(store: EmbeddedStore, fmt: str) -> None:
    data = dump(store, fmt)
    spec = FORMATS[fmt]
    expected = len(store) if spec.datasets else len(distinct_triples(store))
    if fmt != "jsonld":
        parsed = list(ox.parse(data, spec.rdf_format))
        assert len(set(parsed)) == expected
    if spec.datasets:
        ds = rdflib.Dataset()
        ds.parse(data=data, format=RDFLIB_FORMAT[fmt])
        assert len(list(ds.quads((None, None, None, None)))) == expected
    else:
        g = rdflib.Graph()
        g.parse(data=data, format=RDFLIB_FORMAT[fmt])
        assert len(g) == expected


def test_jsonld_is_compacted_and_pyld_expands_to_the_same_triples(store: EmbeddedStore) -> None:
    pyld = pytest.importorskip("pyld.jsonld")
    doc = json.loads(dump(store, "jsonld"))
    assert "@context" in doc
    nquads = pyld.to_rdf(doc, {"format": "application/n-quads"})
    from_pyld = rdflib.Graph()
    from_pyld.parse(data=nquads, format="nquads")
    from_store = rdflib.Graph()
    from_store.parse(data=ox.serialize(distinct_triples(store), format=ox.RdfFormat.N_TRIPLES),
                     format="nt")
    # The ontology's owl:oneOf lists have blank nodes: compare as graphs, not as sets.
    assert len(from_pyld) == len(from_store)
    assert isomorphic(from_pyld, from_store)


def test_export_of_one_trial(store: EmbeddedStore) -> None:
    data = dump(store, "nquads", ("NCT06882811",))
    graphs = {q.graph_name.value for q in ox.parse(data, ox.RdfFormat.N_QUADS)}
    assert graphs == {"https://w3id.org/cell-trials-kg/trial/NCT06882811"}


@pytest.mark.parametrize("trial", ["NCT123", "NCT00000000", "'; DROP"])
def test_bad_trial_filter_is_a_usage_error(store: EmbeddedStore, trial: str) -> None:
    with pytest.raises(UsageError):
        dump(store, "turtle", (trial,))


def test_unknown_format(store: EmbeddedStore, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        dump(store, "rdfxml")
