"""Eligibility facts -> triples, on the two seed trials; the canned queries run on them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.mapping.eligibility import map_eligibility
from kg.rdf import GraphBuilder
from kg.text.lexicon import Lexicon
from kg.vocab import CTKG, RDFS, obo, trial_iri

ROOT = Path(__file__).resolve().parents[1]
CANCER = obo("MONDO:0004992")
LEXICON = Lexicon.from_entries([
    ("malignant tumor", CANCER, "cancer"), ("malignancy", CANCER, "cancer"),
    ("pregnancy", obo("EFO:0002950"), "pregnancy"),
    ("lactation", CTKG + "Breastfeeding", "breastfeeding"),
    ("septic shock", obo("EFO:0006834"), "septic shock"),
    ("MS", obo("MONDO:0005301"), "multiple sclerosis"),
    ("autoimmune conditions", obo("MONDO:0007179"), "autoimmune disease"),
])


def _study(nct: str) -> dict[str, Any]:
    path = ROOT / "examples" / f"{nct}.json"
    if not path.exists():
        pytest.skip(f"{path} not written yet")
    study: dict[str, Any] = json.loads(path.read_text())
    return study


def _graph(nct: str) -> tuple[str, ox.Store]:
    trial = trial_iri(nct)
    g = GraphBuilder(trial)
    map_eligibility(g, trial, _study(nct), LEXICON)
    store = ox.Store()
    store.load(g.nquads().encode(), ox.RdfFormat.N_QUADS)
    return trial, store


def _select(store: ox.Store, query: str) -> list[tuple[str | None, ...]]:
    prefixes = (f"PREFIX ctkg: <{CTKG}>\nPREFIX obo: <http://purl.obolibrary.org/obo/>\n"
                "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n")
    return [tuple(term.value if term is not None else None for term in row)
            for row in store.query(prefixes + query, use_default_graph_as_union=True)]


def test_seed_ms_exclusion_5_is_a_history_or_current_malignancy_exclusion() -> None:
    trial, store = _graph("NCT05532943")
    node = f"{trial}/criterion/exclusion/5"
    rows = _select(store, f"""SELECT ?t ?c ?e ?temp WHERE {{
        <{node}> a ?t ; ctkg:excludesConcept ?c ; ctkg:hasMention ?m .
        ?m ctkg:concept ?c ; ctkg:effect ?e ; ctkg:temporality ?temp . }}""")
    assert rows == [(CTKG + "ExclusionCriterion", CANCER, CTKG + "Excludes",
                     CTKG + "HistoryOrCurrent")]


def test_seed_ms_thresholds_are_structured() -> None:
    trial, store = _graph("NCT05532943")
    rows = set(_normalised(_select(store, """SELECT ?crit ?thing ?cmp ?v ?hi ?unit ?mult WHERE {
        ?crit ctkg:hasThreshold ?t . ?t ctkg:measuredThing ?thing ; ctkg:comparator ?cmp ;
        ctkg:value ?v . OPTIONAL { ?t ctkg:upperValue ?hi } OPTIONAL { ?t ctkg:unit ?unit }
        OPTIONAL { ?t ctkg:multipleOf ?mult } }""")))
    inc, exc = f"{trial}/criterion/inclusion/", f"{trial}/criterion/exclusion/"
    assert (inc + "4", "EDSS", CTKG + "Between", "2", "6.5") in {r[:5] for r in rows}
    for thing in ("PT", "APTT"):
        assert (inc + "5", thing, CTKG + "LessOrEqual", "1.5") in {r[:4] for r in rows}
        assert any(r[1] == thing and r[6] == CTKG + "ULN" for r in rows)
    for thing in ("AST", "ALT"):
        assert (exc + "3", thing, CTKG + "GreaterThan", "5") in {r[:4] for r in rows}
    assert (exc + "3", "eGFR", CTKG + "LessThan", "30") in {r[:4] for r in rows}
    assert any(r[:4] == (exc + "2", "glucose", CTKG + "GreaterThan", "250")
               and r[5] == "mg/dL" for r in rows)


def _normalised(rows: list[tuple[str | None, ...]]) -> list[tuple[str | None, ...]]:
    """Decimals as Decimal-normalised text (the store writes 2.0 as "2")."""
    return [tuple(format(Decimal(v).normalize(), "f") if i in (3, 4) and v else v
                  for i, v in enumerate(row)) for row in rows]


def test_seed_ms_contraception_is_no_pregnancy_exclusion_but_exclusion_1_is() -> None:
    trial, store = _graph("NCT05532943")
    rows = _select(store, """SELECT ?crit WHERE {
        ?crit ctkg:excludesConcept <http://www.ebi.ac.uk/efo/EFO_0002950> }""")
    assert rows == [(f"{trial}/criterion/exclusion/1",)]


def test_seed_sepsis_exclusions() -> None:
    _, store = _graph("NCT06882811")
    rows = {r[0] for r in _select(store, """SELECT ?c WHERE {
        ?crit ctkg:excludesConcept ?c }""")}
    assert {CANCER, obo("EFO:0006834"), obo("EFO:0002950"), CTKG + "Breastfeeding"} <= rows
    [(temp,)] = _select(store, f"""SELECT ?temp WHERE {{ ?crit ctkg:hasMention ?m .
        ?m ctkg:concept <{CANCER}> ; ctkg:temporality ?temp }}""")
    assert temp == CTKG + "HistoryOrCurrent"


def test_nodes_are_stable_iris_with_positions_and_spans() -> None:
    trial, store = _graph("NCT06882811")
    text = _study("NCT06882811")["protocolSection"]["eligibilityModule"]["eligibilityCriteria"]
    rows = _select(store, f"""SELECT ?pos ?s ?e ?txt WHERE {{
        <{trial}> ctkg:criterion ?c . <{trial}/eligibility> ctkg:hasCriterion ?c .
        ?c ctkg:position ?pos ; ctkg:textStart ?s ; ctkg:textEnd ?e ;
        ctkg:criterionText ?txt }}""")
    assert len(rows) == 8
    for _, start, end, criterion in rows:
        assert " ".join(text[int(start):int(end)].replace("\\", "").split()) == criterion
    assert not any(isinstance(q.subject, ox.BlankNode) for q in store)


def test_canned_queries_run() -> None:
    trial, store = _graph("NCT05532943")
    store.load(f"""<{trial}> <{CTKG}intervention> <{trial}/intervention/1> .
        <{trial}/intervention/1> <{CTKG}cellType> <{obo('CL:0002569')}> .
        <{trial}/intervention/1> <{CTKG}productKind> <{CTKG}MSCProduct> .
        <{CTKG}MSCProduct> <{RDFS}subClassOf> <{CTKG}CellProduct> .
        <{obo('CL:0002569')}> <{RDFS}subClassOf> <{obo('CL:0000134')}> .
        <{trial}> <http://purl.org/dc/terms/identifier> "NCT05532943" .""".encode(),
               ox.RdfFormat.N_TRIPLES)
    msc = (ROOT / "queries" / "msc-trials-excluding-prior-malignancy.rq").read_text()
    rows = list(store.query(msc, use_default_graph_as_union=True, substitutions={
        ox.Variable("concept"): ox.NamedNode(CANCER),
        ox.Variable("cell_class"): ox.NamedNode(obo("CL:0000134"))}))
    assert {row["nct_id"].value for row in rows} == {"NCT05532943"}
    excluding = (ROOT / "queries" / "trials-excluding.rq").read_text()
    rows = list(store.query(excluding, use_default_graph_as_union=True,
                            substitutions={ox.Variable("concept"): ox.NamedNode(CANCER)}))
    assert [row["criterion_text"].value[:28] for row in rows] == [
        "Patients who have medical hi"]


@pytest.fixture(scope="module")
def ontology():  # type: ignore[no-untyped-def]
    from kg.ontology import load_ontology
    return load_ontology()


def _excludes_malignancy(ontology, criterion: str) -> bool:  # type: ignore[no-untyped-def]
    from kg.text.eligibility import analyse_eligibility, excluded_concepts
    excluded = excluded_concepts(analyse_eligibility(f"Exclusion Criteria:\n\n* {criterion}",
                                                     ontology.lexicon))
    return any(ontology.is_a(iri, CANCER) for iri in excluded)


@pytest.mark.parametrize("criterion", [
    "Oncological diseases in anamnesis;",  # NCT03166189
    "Previous or concomitant oncological processes.",  # NCT01389661
    "Neoplastic processes at any time",  # NCT04289194
    "Malignant mass",  # NCT00911365
    "evidence of malignant disorder in the past five years",  # NCT01544712
    "Cancerous or pre-cancerous lesions adjacent to the target wound;",  # NCT02742844
    # a tumour adjective whose noun comes later in the list
    "Drug abuse, excessive drinking, malignant or autoimmune diseases",  # NCT04234750
    "Associated malignant or pre-malignant systemic disease.",  # NCT00629096
    "Any clinically significant renal, neurologic, malignant, metabolic, or other condition",
    "Patients with oncological or lymphoproliferative active diseases",  # NCT03555773
    # site-limited tumours
    "Liver tumor on ultrasonography, CT or MRI examination.",  # NCT00976287
    "Have a history of eye tumors",  # NCT04315025
    "Subjects with other serious neurological disorder such as brain tumour, stroke",
])
def test_excludes_malignancy(ontology, criterion: str) -> None:  # type: ignore[no-untyped-def]
    assert _excludes_malignancy(ontology, criterion)


@pytest.mark.parametrize("criterion", [
    "Tumor Markers +",  # NCT01364246
    "Use of any tumor necrosis factor (TNF) inhibitor therapy within 1 yr before selection.",
    "Patients who have received adjuvant chemotherapy and other anti-tumor treatments",
    "no participation in the parent trial assigned to a beta blocker arm",  # NCT01943383
    "Subject who has chondrocalcinosis, Paget's disease, Villonodular synovitis",  # NCT02674399
    "Benign tumors of uterus and appendages;",  # NCT04432467
    "History of benign prostatic hyperplasia",
    "Patients who are not eligible for Fred Hutchinson Cancer Research Center protocols",
])
def test_does_not_exclude_malignancy(ontology, criterion: str) -> None:  # type: ignore[no-untyped-def]
    assert not _excludes_malignancy(ontology, criterion)
