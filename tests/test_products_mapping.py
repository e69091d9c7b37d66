"""Product facts -> triples, the product ontology file, and the two product queries."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg import vocab
from kg.mapping.products import EVIDENCE_PROPERTY, map_products
from kg.rdf import GraphBuilder
from kg.text.products import extract_products

ROOT = Path(__file__).resolve().parents[1]
PRODUCTS_TTL = ROOT / "ontology" / "ctkg-products.ttl"
CTKG = vocab.CTKG
SEPSIS = "NCT06882811"


def _study(nct_id: str) -> dict:
    path = ROOT / "examples" / f"{nct_id}.json"
    if not path.exists():
        pytest.skip(f"example record {path} missing")
    return json.loads(path.read_text(encoding="utf-8"))


def _graph(nct_id: str) -> tuple[str, rdflib.Graph]:
    study = _study(nct_id)
    trial = vocab.trial_iri(nct_id)
    g = GraphBuilder(trial)
    map_products(g, trial, study, extract_products(study))
    graph = rdflib.Graph()
    graph.parse(data=g.ntriples(), format="nt")
    return trial, graph


def _u(iri: str) -> rdflib.URIRef:
    return rdflib.URIRef(iri)


def test_sepsis_products_as_triples() -> None:
    trial, graph = _graph(SEPSIS)
    for n in (1, 2):
        node = _u(f"{trial}/intervention/{n}")
        assert (node, rdflib.RDF.type, _u(CTKG + "MSCProduct")) in graph
        assert (node, _u(CTKG + "productKind"), _u(CTKG + "MSCProduct")) in graph
        assert (node, _u(CTKG + "cellType"), _u(vocab.obo("CL:0002569"))) in graph
        assert (node, _u(CTKG + "tissueSource"), _u(vocab.obo("UBERON:0002331"))) in graph
        assert (node, _u(CTKG + "donor"), _u(vocab.DONOR["ALLOGENEIC"])) in graph
        assert (node, _u(CTKG + "route"), _u(vocab.ROUTE["INTRAVENOUS"])) in graph
        dose = _u(f"{trial}/intervention/{n}/dose/1")
        assert (node, _u(CTKG + "dose"), dose) in graph
        assert graph.value(dose, _u(CTKG + "doseValue")).toPython() == Decimal(100000000)
        assert graph.value(dose, _u(CTKG + "doseValue")).datatype == rdflib.XSD.decimal
        assert str(graph.value(dose, _u(CTKG + "doseUnit"))) == "cells"
        assert graph.value(dose, _u(CTKG + "perKilogram")).toPython() is False
    # the control solution (3rd intervention) is not a product
    assert not list(graph.triples((_u(f"{trial}/intervention/3"), None, None)))


def test_evidence_nodes_name_property_field_and_text() -> None:
    trial, graph = _graph(SEPSIS)
    node = _u(f"{trial}/intervention/1")
    rows = {(str(graph.value(e, _u(CTKG + "aboutProperty"))),
             str(graph.value(e, _u(CTKG + "sourceField"))),
             graph.value(e, _u(CTKG + "inferred")).toPython())
            for e in graph.objects(node, _u(CTKG + "evidence"))}
    assert (CTKG + "tissueSource", "briefTitle", False) in rows
    assert (CTKG + "dose", "armGroup.description", False) in rows
    for e in graph.objects(node, _u(CTKG + "evidence")):
        assert str(e).startswith(f"{trial}/intervention/1/evidence/")
        assert graph.value(e, _u(CTKG + "evidenceText"))


def test_no_blank_nodes_and_stable_output() -> None:
    study = _study(SEPSIS)
    trial = vocab.trial_iri(SEPSIS)
    first, second = GraphBuilder(trial), GraphBuilder(trial)
    map_products(first, trial, study, extract_products(study))
    map_products(second, trial, study, extract_products(study))
    assert first.ntriples() == second.ntriples()
    assert "_:" not in first.ntriples()


def test_every_term_used_is_declared() -> None:
    declared = rdflib.Graph().parse(PRODUCTS_TTL)
    subjects = {str(s) for s in declared.subjects(rdflib.RDF.type, None)}
    used = [*vocab.PRODUCT_KIND.values(), *vocab.DONOR.values(), *vocab.ROUTE.values(),
            *vocab.MODIFICATION.values(), *EVIDENCE_PROPERTY.values(), CTKG + "Dose",
            CTKG + "Evidence", CTKG + "doseValue", CTKG + "doseUpperValue", CTKG + "doseUnit",
            CTKG + "perKilogram", CTKG + "numberOfDoses", CTKG + "doseFrequency",
            CTKG + "doseText", CTKG + "evidence", CTKG + "aboutProperty",
            CTKG + "sourceField", CTKG + "evidenceText", CTKG + "inferred"]
    assert [iri for iri in used if iri not in subjects] == []
    for iri in used:
        assert declared.value(_u(iri), rdflib.RDFS.label) is not None, iri


def test_kind_hierarchy() -> None:
    declared = rdflib.Graph().parse(PRODUCTS_TTL)
    sub = rdflib.RDFS.subClassOf
    assert (_u(CTKG + "CellProduct"), sub, _u(CTKG + "Intervention")) in declared
    assert (_u(CTKG + "MSCProduct"), sub, _u(CTKG + "CellProduct")) in declared
    for code in ("EXTRACELLULAR_VESICLES", "SECRETOME", "CONDITIONED_MEDIUM"):
        assert (_u(vocab.PRODUCT_KIND[code]), sub, _u(CTKG + "CellDerivedProduct")) in declared
        assert (_u(vocab.PRODUCT_KIND[code]), sub, _u(CTKG + "CellProduct")) not in declared


def _store(nct_ids: list[str]) -> ox.Store:
    """Products, a trial node and the product ontology in one store (union default graph)."""
    store = ox.Store()
    for nct_id in nct_ids:
        study = _study(nct_id)
        trial = vocab.trial_iri(nct_id)
        g = GraphBuilder(trial)
        g.text(trial, "http://purl.org/dc/terms/identifier", nct_id)
        for n in range(1, len(study["protocolSection"]["armsInterventionsModule"]
                                ["interventions"]) + 1):
            g.link(trial, CTKG + "intervention", f"{trial}/intervention/{n}")
        map_products(g, trial, study, extract_products(study))
        store.load(g.nquads().encode(), ox.RdfFormat.N_QUADS)
    store.load(PRODUCTS_TTL.read_bytes(), ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode(vocab.ONTOLOGY_GRAPH))
    return store


def _query(name: str) -> str:
    return (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")


def test_cell_products_query() -> None:
    store = _store([SEPSIS, "NCT05532943"])
    rows = list(store.query(
        _query("cell-products"), use_default_graph_as_union=True,
        substitutions={ox.Variable("kind_class"): ox.NamedNode(CTKG + "MSCProduct")}))
    assert len(rows) == 3
    by_id = {(r["nct_id"].value, r["product"].value.rsplit("/", 1)[1]): r for r in rows}
    ms = by_id[("NCT05532943", "1")]
    assert sorted(ms["routes"].value.split("|")) == ["intrathecal", "intravenous"]
    assert ms["donor"].value == "allogeneic"
    assert ms["tissue_source"].value == vocab.obo("UBERON:0002331")
    sepsis = by_id[(SEPSIS, "1")]
    assert sepsis["dose"].value == "1.0E8 cells" or sepsis["dose"].value.endswith(" cells")


def test_trials_by_condition_query_follows_subclasses() -> None:
    store = ox.Store()
    ctkg = CTKG
    data = f"""
    @prefix ctkg: <{ctkg}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix dcterms: <http://purl.org/dc/terms/> .
    @prefix MONDO: <http://purl.obolibrary.org/obo/MONDO_> .
    MONDO:0005301 rdfs:subClassOf MONDO:0007179 ; rdfs:label "multiple sclerosis" .
    MONDO:0005314 rdfs:subClassOf MONDO:0005301 .
    <{ctkg}trial/NCT1> dcterms:identifier "NCT1" ; dcterms:title "MS trial" ;
        ctkg:condition <{ctkg}trial/NCT1/condition/1> .
    <{ctkg}trial/NCT1/condition/1> rdfs:label "RRMS" ; ctkg:mappedTo MONDO:0005314 .
    <{ctkg}trial/NCT2> dcterms:identifier "NCT2" ;
        ctkg:condition <{ctkg}trial/NCT2/condition/1> .
    <{ctkg}trial/NCT2/condition/1> ctkg:mappedTo MONDO:0004992 .
    """
    store.load(data.encode(), ox.RdfFormat.TURTLE)
    rows = list(store.query(_query("trials-by-condition"), substitutions={
        ox.Variable("condition_class"): ox.NamedNode(vocab.obo("MONDO:0007179"))}))
    assert [(r["nct_id"].value, r["condition"].value) for r in rows] == [("NCT1", "RRMS")]
