"""Catalogue queries on real records: properties every answer must have (skipped without corpus).

The store is built once per session from a sample of the shared corpus (the first 300
classic records, the legacy XML sample and the v2 records). Each row is re-checked by an
independent ASK query written here, not by reading the catalogue query again.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import CLASSIC_ZIP, LEGACY_XML, V2_DIR, need_corpus

from kg.build import build
from kg.matching import match_patient
from kg.queries import execute, get_query, list_queries, run_query
from kg.remote import term_to_sparql
from kg.store import EmbeddedStore

pytestmark = pytest.mark.corpus
SAMPLE = 300


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    need_corpus(CLASSIC_ZIP)
    sample = tmp_path_factory.mktemp("corpus-sample")
    with zipfile.ZipFile(CLASSIC_ZIP) as archive:
        names = sorted(n for n in archive.namelist() if n.endswith(".json"))[:SAMPLE]
        for name in names:
            (sample / Path(name).name).write_bytes(archive.read(name))
    path = tmp_path_factory.mktemp("corpus") / "store"
    report = build([sample, LEGACY_XML, V2_DIR], path)
    assert report.committed and report.trials >= SAMPLE
    store = EmbeddedStore.open(path)
    yield store
    del store


def ask(store: EmbeddedStore, pattern: str, **terms: ox.NamedNode | ox.Literal) -> bool:
    """An independent ASK, the terms written as N-Triples."""
    text = pattern
    for name, term in terms.items():
        text = text.replace("$" + name, term_to_sparql(term))
    return bool(store.raw.query("ASK { " + text + " }", use_default_graph_as_union=True,
                                prefixes={"ctkg": "https://w3id.org/cell-trials-kg/",
                                          "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                                          "dcterms": "http://purl.org/dc/terms/",
                                          "obo": "http://purl.obolibrary.org/obo/"}))


@pytest.mark.parametrize("query", list_queries(), ids=[q.name for q in list_queries()])
def test_every_query_runs_on_real_records(query: object, corpus_store: EmbeddedStore) -> None:
    from kg.queries import Query

    assert isinstance(query, Query)
    result = execute(query, None, corpus_store)
    assert all(len(row) == len(result.variables) for row in result.rows)


def test_msc_trials_excluding_malignancy_hold(corpus_store: EmbeddedStore) -> None:
    rows = run_query("msc-trials-excluding-prior-malignancy", store=corpus_store)
    assert rows, "the sample has MSC trials that exclude malignancy"
    for row in rows:
        excluded = ox.NamedNode(str(row["excluded"]))
        assert excluded.value == "http://purl.obolibrary.org/obo/MONDO_0005070" or ask(
            corpus_store, "$x rdfs:subClassOf* obo:MONDO_0004992", x=excluded), row
        assert ask(corpus_store, """
            ?trial dcterms:identifier $nct ; ctkg:intervention ?product ; ctkg:criterion ?c .
            ?product ctkg:cellType $cell . $cell rdfs:subClassOf* obo:CL_0000134 .
            ?c ctkg:excludesConcept $x""", nct=ox.Literal(str(row["nct_id"])), x=excluded,
                   cell=ox.NamedNode(str(row["cell_type"]))), row


def test_trials_excluding_rows_exclude_a_subclass(corpus_store: EmbeddedStore) -> None:
    rows = run_query("trials-excluding", {"concept": "MONDO:0005550"}, corpus_store)
    assert rows
    for row in rows:
        assert ask(corpus_store, "$x rdfs:subClassOf* obo:MONDO_0005550 . "
                   "?t dcterms:identifier $nct ; ctkg:criterion ?c . ?c ctkg:excludesConcept $x",
                   x=ox.NamedNode(str(row["excluded"])), nct=ox.Literal(str(row["nct_id"])))


@pytest.mark.parametrize("age", ["0.5", "8", "40", "90"])
def test_trials_for_age_cover_the_age(age: str, corpus_store: EmbeddedStore) -> None:
    from decimal import Decimal

    rows = run_query("trials-for-age", {"age": age}, corpus_store)
    assert rows
    for row in rows:
        low, high = row["minimumAge"], row["maximumAge"]
        assert low is None or low <= Decimal(age), row  # type: ignore[operator]
        assert high is None or high >= Decimal(age), row  # type: ignore[operator]


def test_counts_add_up(corpus_store: EmbeddedStore) -> None:
    counts = run_query("trials-by-phase-and-status", store=corpus_store)
    phased = corpus_store.raw.query(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t ctkg:phase ?p }",
        use_default_graph_as_union=True,
        prefixes={"ctkg": "https://w3id.org/cell-trials-kg/"})
    n = int(next(iter(phased))["n"].value)  # type: ignore[call-overload,union-attr]
    assert sum(int(r["trials"]) for r in counts) >= n  # type: ignore[call-overload]
    sponsors = run_query("sponsors", store=corpus_store)
    assert all(int(r["leads"]) + int(r["collaborations"]) >= 1  # type: ignore[call-overload]
               for r in sponsors)


def test_collaborations_share_trials(corpus_store: EmbeddedStore) -> None:
    rows = run_query("sponsor-collaborations", store=corpus_store)
    for row in rows[:50]:
        for nct in str(row["trials"]).split():
            assert ask(corpus_store, "?t dcterms:identifier $nct ; "
                       "(ctkg:leadSponsor|ctkg:collaborator) $a , $b",
                       nct=ox.Literal(nct), a=ox.NamedNode(str(row["first"])),
                       b=ox.NamedNode(str(row["second"])))


def test_collaborations_at_least_shared(corpus_store: EmbeddedStore) -> None:
    every = run_query("sponsor-collaborations", store=corpus_store)
    repeat = run_query("sponsor-collaborations", {"min_shared": "3"}, store=corpus_store)
    assert repeat and len(repeat) < len(every)
    assert all(int(r["sharedTrials"]) >= 3 for r in repeat)  # type: ignore[call-overload]

    def pairs(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return [(r["first"], r["second"], r["sharedTrials"], r["trials"]) for r in rows]

    frequent = [r for r in every if int(r["sharedTrials"]) >= 3]  # type: ignore[call-overload]
    assert pairs(frequent) == pairs(repeat)


def test_matching_on_real_records(corpus_store: EmbeddedStore) -> None:
    report = match_patient(50, "female", ["MONDO:0005178"], ["MONDO:0004992"],
                           store=corpus_store)
    assert report.matches or report.excluded
    for match in report.matches:
        assert not [r for r in match.reasons if r.verdict == "excludes"]
        assert ask(corpus_store, "$t ctkg:condition/ctkg:mappedTo ?c . "
                   "obo:MONDO_0005178 rdfs:subClassOf* ?c", t=ox.NamedNode(match.trial))
    for match in report.excluded:
        assert [r for r in match.reasons if r.verdict == "excludes"]


def test_every_query_runs_on_the_corpus(corpus_store: EmbeddedStore) -> None:
    """Every catalogue query answers on the corpus store (speed: benchmarks/queries.py)."""
    for query in list_queries():
        result = execute(get_query(query.name), None, corpus_store)
        assert result.variables, query.name
