"""Catalogue queries on real records: properties every answer must have (skipped without corpus).

The store is built once per session from a sample of the shared corpus (the first 300
classic records, the legacy XML sample and the v2 records). Every catalogue query has a test
here: its answer is recomputed in Python from the store's quads (counts, ranges, the set of
trials or products it must list), or each row is re-checked by an independent ASK query
written here, never by reading the catalogue query again.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

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


# --- the other questions: each answer recomputed from the raw triples, or re-checked row by row


CTKG = "https://w3id.org/cell-trials-kg/"


def objects(store: EmbeddedStore, prop: str) -> dict[str, set[Any]]:
    """Subject IRI -> objects of one ctkg property, read from the quads (no SPARQL)."""
    found: dict[str, set[Any]] = {}
    for quad in store.raw.quads_for_pattern(None, ox.NamedNode(CTKG + prop), None, None):
        found.setdefault(value(quad.subject), set()).add(quad.object)
    return found


def one(store: EmbeddedStore, prop: str) -> dict[str, Any]:
    """Subject IRI -> the single object of a functional ctkg property."""
    found = objects(store, prop)
    assert all(len(values) == 1 for values in found.values()), prop
    return {subject: next(iter(values)) for subject, values in found.items()}


def below(store: EmbeddedStore, iri: str) -> set[str]:
    """The class and its subclasses, as IRIs."""
    rows = store.raw.query(f"SELECT ?c WHERE {{ ?c <http://www.w3.org/2000/01/rdf-schema#"
                           f"subClassOf>* <{iri}> }}", use_default_graph_as_union=True)
    return {value(row["c"]) for row in rows}  # type: ignore[union-attr]


def value(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def trial_ids(store: EmbeddedStore) -> dict[str, str]:
    """Trial IRI -> NCT id, read from the quads."""
    return {value(q.subject): value(q.object) for q in store.raw.quads_for_pattern(
        None, ox.NamedNode("http://purl.org/dc/terms/identifier"), None, None)
        if value(q.subject).startswith(CTKG + "trial/")}


def trials_mapped_to(store: EmbeddedStore, classes: set[str]) -> set[str]:
    """NCT ids of the trials with a condition mapped to one of ``classes`` (from the quads)."""
    mapped = objects(store, "mappedTo")
    ids = trial_ids(store)
    return {ids[trial] for trial, nodes in objects(store, "condition").items()
            if any(c.value in classes for node in nodes for c in mapped.get(node.value, ()))}


def test_phase_and_status_counts_are_the_triples(corpus_store: EmbeddedStore) -> None:
    phases, status = objects(corpus_store, "phase"), one(corpus_store, "overallStatus")
    expected: dict[tuple[str, str], int] = {}
    for trial, found in phases.items():
        for phase in found:
            key = (phase.value, status[trial].value)
            expected[key] = expected.get(key, 0) + 1
    rows = run_query("trials-by-phase-and-status", store=corpus_store)
    assert {(value(r["phase"]), value(r["status"])): int(str(r["trials"])) for r in rows} \
        == expected


def test_start_year_and_kind_counts_are_the_triples(corpus_store: EmbeddedStore) -> None:
    start, kind = one(corpus_store, "startDate"), one(corpus_store, "productKind")
    products = objects(corpus_store, "intervention")
    expected: dict[tuple[int, str], set[str]] = {}
    for trial, date in start.items():
        for product in products.get(trial, ()):
            if product.value in kind:
                key = (int(date.value[:4]), kind[product.value].value)
                expected.setdefault(key, set()).add(trial)
    rows = run_query("trials-by-start-year-and-product-kind", store=corpus_store)
    assert rows
    assert {(int(str(r["year"])), value(r["productKind"])): int(str(r["trials"]))
            for r in rows} == {key: len(trials) for key, trials in expected.items()}


def test_tissue_source_counts_are_the_triples(corpus_store: EmbeddedStore) -> None:
    tissue = one(corpus_store, "tissueSource")
    trials: dict[str, set[str]] = {}
    products: dict[str, set[str]] = {}
    for trial, given in objects(corpus_store, "intervention").items():
        for product in given:
            if product.value in tissue:
                trials.setdefault(tissue[product.value].value, set()).add(trial)
                products.setdefault(tissue[product.value].value, set()).add(product.value)
    rows = run_query("trials-by-tissue-source", store=corpus_store)
    assert {value(r["tissue"]): (int(str(r["trials"])), int(str(r["products"]))) for r in rows} \
        == {t: (len(trials[t]), len(products[t])) for t in trials}
    assert [int(str(r["trials"])) for r in rows] == sorted(
        (int(str(r["trials"])) for r in rows), reverse=True)


def test_sponsor_counts_are_the_triples(corpus_store: EmbeddedStore) -> None:
    lead, collaborators = one(corpus_store, "leadSponsor"), objects(corpus_store, "collaborator")
    ids = trial_ids(corpus_store)
    leads: dict[str, set[str]] = {}
    supports: dict[str, set[str]] = {}
    for trial, org in lead.items():
        leads.setdefault(org.value, set()).add(trial)
    for trial, orgs in collaborators.items():
        for org in orgs:
            supports.setdefault(org.value, set()).add(trial)
    rows = run_query("sponsors", store=corpus_store)
    assert {value(r["sponsor"]) for r in rows} == set(leads) | set(supports)
    for row in rows:
        org = value(row["sponsor"])
        every = leads.get(org, set()) | supports.get(org, set())
        assert int(str(row["trialCount"])) == len(every), org
        assert int(str(row["leads"])) == len(leads.get(org, ())), org
        assert int(str(row["collaborations"])) == len(supports.get(org, ())), org
        assert sorted(str(row["trials"]).split()) == sorted(ids[t] for t in every), org


@pytest.mark.parametrize(("kind", "route"), [("ctkg:MSCProduct", "ctkg:RouteIntravenous"),
                                             ("ctkg:CellProduct", "ctkg:RouteIntramuscular")])
def test_dose_ranges_are_the_doses(kind: str, route: str, corpus_store: EmbeddedStore) -> None:
    kinds = below(corpus_store, kind.replace("ctkg:", CTKG))
    product_kind, routes = one(corpus_store, "productKind"), objects(corpus_store, "route")
    doses, unit = objects(corpus_store, "dose"), one(corpus_store, "doseUnit")
    low, high = one(corpus_store, "doseValue"), one(corpus_store, "doseUpperValue")
    expected: dict[str, tuple[set[str], list[Decimal], list[Decimal]]] = {}
    for product, found in doses.items():
        if product_kind[product].value not in kinds or \
                ox.NamedNode(route.replace("ctkg:", CTKG)) not in routes.get(product, ()):
            continue
        for dose in found:
            if unit[dose.value].value in ("cells", "cells/kg"):
                names, lows, highs = expected.setdefault(unit[dose.value].value, (set(), [], []))
                names.add(product)
                lows.append(Decimal(low[dose.value].value))
                highs.append(Decimal((high.get(dose.value) or low[dose.value]).value))
    rows = run_query("dose-ranges", {"product_kind": kind, "route": route}, corpus_store)
    assert rows
    assert {str(r["unit"]): (int(str(r["products"])), r["minimum"], r["maximum"])
            for r in rows} == {u: (len(n), min(lo), max(hi)) for u, (n, lo, hi)
                               in expected.items()}


@pytest.mark.parametrize(("donor", "kind"), [("ctkg:Allogeneic", "ctkg:MSCProduct"),
                                             ("ctkg:Autologous", "ctkg:CellProduct")])
def test_trials_by_donor_are_the_products(donor: str, kind: str,
                                          corpus_store: EmbeddedStore) -> None:
    kinds = below(corpus_store, kind.replace("ctkg:", CTKG))
    donors, product_kind = one(corpus_store, "donor"), one(corpus_store, "productKind")
    expected = {p for p, d in donors.items()
                if d.value == donor.replace("ctkg:", CTKG) and product_kind[p].value in kinds}
    rows = run_query("trials-by-donor", {"donor": donor, "product_kind": kind}, corpus_store)
    assert rows
    assert sorted(value(r["product"]) for r in rows) == sorted(expected)
    for row in rows:
        assert value(row["product"]).startswith(f"{CTKG}trial/{row['id']}/"), row


@pytest.mark.parametrize("route", ["ctkg:RouteIntrathecal", "ctkg:RouteIntraArticular"])
def test_trials_by_route_are_the_products(route: str, corpus_store: EmbeddedStore) -> None:
    iri = ox.NamedNode(route.replace("ctkg:", CTKG))
    expected = {p for p, found in objects(corpus_store, "route").items() if iri in found}
    rows = run_query("trials-by-route", {"route": route}, corpus_store)
    assert rows
    assert sorted(value(r["product"]) for r in rows) == sorted(expected)


def test_cell_products_are_every_product(corpus_store: EmbeddedStore) -> None:
    kind, routes = one(corpus_store, "productKind"), objects(corpus_store, "route")
    cell, tissue = one(corpus_store, "cellType"), one(corpus_store, "tissueSource")
    rows = run_query("cell-products", store=corpus_store)
    assert sorted(value(r["product"]) for r in rows) == sorted(kind)
    msc = run_query("cell-products", {"kind_class": "ctkg:MSCProduct"}, corpus_store)
    kinds = below(corpus_store, CTKG + "MSCProduct")
    assert sorted(value(r["product"]) for r in msc) == sorted(
        p for p, k in kind.items() if k.value in kinds)
    for row in rows:
        product = value(row["product"])
        assert value(row["product_kind"]) == kind[product].value
        assert value(row["cell_type"] or "") == value(cell.get(product, ""))
        assert value(row["tissue_source"] or "") == value(tissue.get(product, ""))
        named = str(row["routes"] or "").split("|") if row["routes"] else []
        assert len(named) == len(routes.get(product, ())), row
        assert product.startswith(f"{CTKG}trial/{row['nct_id']}/"), row


def test_condition_questions_stay_below_the_class(corpus_store: EmbeddedStore) -> None:
    autoimmune = below(corpus_store, "http://purl.obolibrary.org/obo/MONDO_0007179")
    rows = run_query("trials-by-condition", store=corpus_store)
    assert {str(r["nct_id"]) for r in rows} == trials_mapped_to(corpus_store, autoimmune)
    for row in rows:
        assert value(row["mapped_class"]) in autoimmune, row
        assert ask(corpus_store, "?t dcterms:identifier $nct ; ctkg:condition/ctkg:mappedTo $c",
                   nct=ox.Literal(str(row["nct_id"])), c=ox.NamedNode(value(row["mapped_class"])))
    cord_mscs = run_query("trials-by-condition-cell-tissue", store=corpus_store)
    assert cord_mscs and {r["id"] for r in cord_mscs} <= {r["nct_id"] for r in rows}
    cells = below(corpus_store, "http://purl.obolibrary.org/obo/CL_0000134")
    cords = below(corpus_store, "http://purl.obolibrary.org/obo/UBERON_0002331")
    cell, tissue = one(corpus_store, "cellType"), one(corpus_store, "tissueSource")
    ids = trial_ids(corpus_store)
    giving = {ids[trial] for trial, given in objects(corpus_store, "intervention").items()
              if any(value(cell.get(p.value, "")) in cells
                     and value(tissue.get(p.value, "")) in cords for p in given)}
    assert {str(r["id"]) for r in cord_mscs} == giving & trials_mapped_to(corpus_store,
                                                                          autoimmune)
    recruiting = run_query("trials-by-condition-cell-tissue",
                           {"status": "ctkg:StatusRecruiting"}, corpus_store)
    status = one(corpus_store, "overallStatus")
    assert [r for r in cord_mscs if value(r["overallStatus"]) == CTKG + "StatusRecruiting"] \
        == recruiting
    routes, given = objects(corpus_store, "route"), objects(corpus_store, "intervention")
    for row in cord_mscs:
        trial = f"{CTKG}trial/{row['id']}"
        assert value(row["overallStatus"]) == status[trial].value
        matching = [p.value for p in given[trial]
                    if value(cell.get(p.value, "")) == value(row["cellClass"])
                    and value(tissue.get(p.value, "")) == value(row["tissueClass"])]
        named = str(row["routes"]).split("|") if row["routes"] else []
        assert len(named) == len({r for p in matching for r in routes.get(p, ())}), row
        assert value(row["conditionClass"]) in autoimmune
        assert value(row["cellClass"]) in cells and value(row["tissueClass"]) in cords
        assert ask(corpus_store, "?t dcterms:identifier $nct ; ctkg:intervention ?p . "
                   "?p ctkg:cellType $cell ; ctkg:tissueSource $tissue",
                   nct=ox.Literal(str(row["id"])), cell=ox.NamedNode(value(row["cellClass"])),
                   tissue=ox.NamedNode(value(row["tissueClass"])))


def test_matching_steps_look_up_the_ancestors(corpus_store: EmbeddedStore) -> None:
    rrms = "http://purl.obolibrary.org/obo/MONDO_0005314"
    ancestors = {value(r["ancestor"]) for r in run_query("concept-ancestors", store=corpus_store)}
    assert rrms in ancestors and "http://purl.obolibrary.org/obo/MONDO_0005301" in ancestors
    for ancestor in ancestors:
        assert rrms in below(corpus_store, ancestor)
    candidates = run_query("match-candidate-trials", store=corpus_store)
    assert {str(r["id"]) for r in candidates} == trials_mapped_to(corpus_store, ancestors)
    for row in candidates:
        assert value(row["trialCondition"]) in ancestors, row
    criteria = run_query("match-criteria", store=corpus_store)
    malignancy = {value(r["ancestor"]) for r in run_query(
        "concept-ancestors", {"concept": "MONDO:0004992"}, corpus_store)}
    assert criteria
    for row in criteria:
        assert value(row["target"]) in malignancy, row
        prop = "ctkg:excludesConcept" if row["relation"] == "excludes" else "ctkg:requiresConcept"
        assert ask(corpus_store, f"$t ctkg:criterion $c . $c {prop} $x",
                   t=ox.NamedNode(value(row["trial"])), c=ox.NamedNode(value(row["criterion"])),
                   x=ox.NamedNode(value(row["target"])))


def test_criteria_questions_are_the_criteria(corpus_store: EmbeddedStore) -> None:
    nct = "NCT00395200"
    trial = CTKG + "trial/" + nct
    criteria = {c.value for c in objects(corpus_store, "criterion")[trial]}
    rows = run_query("trial-criteria", {"nct": nct}, corpus_store)
    assert {value(r["criterion"]) for r in rows} == criteria
    overview = run_query("trial-overview", {"nct": nct}, corpus_store)
    assert len(overview) == 1
    assert value(overview[0]["status"]) == one(corpus_store, "overallStatus")[trial].value
    required = run_query("trials-requiring", store=corpus_store)
    ms = below(corpus_store, "http://purl.obolibrary.org/obo/MONDO_0005301")
    assert required and all(value(r["required"]) in ms for r in required)
    for row in required:
        assert ask(corpus_store, "?t dcterms:identifier $nct ; ctkg:criterion ?c . "
                   "?c a ctkg:InclusionCriterion ; ctkg:requiresConcept $x",
                   nct=ox.Literal(str(row["id"])), x=ox.NamedNode(value(row["required"])))
    thresholds = run_query("trials-with-threshold", store=corpus_store)
    assert thresholds
    for row in thresholds:
        assert ask(corpus_store, "?t dcterms:identifier $nct ; ctkg:criterion ?c . "
                   "?c ctkg:hasThreshold/ctkg:measuredThing $m",
                   nct=ox.Literal(str(row["id"])), m=ox.Literal("EDSS"))


def test_trial_thresholds_are_the_graphs_thresholds(corpus_store: EmbeddedStore) -> None:
    ids = trial_ids(corpus_store)
    criteria = objects(corpus_store, "criterion")
    has = objects(corpus_store, "hasThreshold")
    comparators, values = one(corpus_store, "comparator"), one(corpus_store, "value")
    with_thresholds = sorted(t for t, cs in criteria.items() if any(value(c) in has for c in cs))
    assert len(with_thresholds) >= 20
    for trial in with_thresholds[::max(1, len(with_thresholds) // 25)]:
        expected = {value(t) for c in criteria[trial] for t in has.get(value(c), ())}
        rows = run_query("trial-thresholds", {"nct": ids[trial]}, corpus_store)
        assert {value(r["threshold"]) for r in rows} == expected, ids[trial]
        for row in rows:
            threshold = value(row["threshold"])
            assert value(row["comparator"]) == value(comparators[threshold])
            assert Decimal(value(row["value"])) == Decimal(value(values[threshold]))
            assert threshold.startswith(value(row["criterion"]) + "/threshold/")


@pytest.mark.parametrize(("country", "status"), [("Taiwan", "ctkg:StatusRecruiting"),
                                                  ("united states", "ctkg:StatusCompleted")])
def test_trials_by_country_have_sites_there(country: str, status: str,
                                            corpus_store: EmbeddedStore) -> None:
    rows = run_query("recruiting-trials-by-country", {"country": country, "status": status},
                     corpus_store)
    assert rows
    for row in rows:
        assert value(row["status"]) == status.replace("ctkg:", CTKG)
        assert ask(corpus_store, "?t dcterms:identifier $nct ; ctkg:overallStatus $s ; "
                   "ctkg:location/ctkg:country/rdfs:label ?name . "
                   "FILTER(LCASE(STR(?name)) = $country)", nct=ox.Literal(str(row["id"])),
                   s=ox.NamedNode(value(row["status"])), country=ox.Literal(country.lower()))


def test_every_query_has_a_property_test() -> None:
    # a new catalogue query needs its own check on real records here, not only a run
    source = Path(__file__).read_text(encoding="utf-8")
    missing = [q.name for q in list_queries() if f'"{q.name}"' not in source]
    assert not missing, f"add a corpus property test for {missing}"
