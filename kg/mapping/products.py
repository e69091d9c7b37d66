"""Cell product facts -> triples on the trial's intervention nodes.

The intervention node ``{trial}/intervention/{n}`` (written by ``kg.mapping.trial``) gets the
product kind as an extra ``rdf:type`` and as ``ctkg:productKind``, its cell type, tissue
source, donor, modification, routes, dose nodes ``{intervention}/dose/{k}`` and evidence
nodes ``{intervention}/evidence/{k}``. Terms are declared in ``ontology/ctkg-products.ttl``.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from kg import vocab
from kg.mapping.trial import intervention_iri
from kg.rdf import GraphBuilder
from kg.text.products import Dose, Evidence, ProductFact
from kg.vocab import CTKG

PRODUCT_KIND = CTKG + "productKind"
CELL_TYPE = CTKG + "cellType"
TISSUE_SOURCE = CTKG + "tissueSource"
DONOR = CTKG + "donor"
GENETIC_MODIFICATION = CTKG + "geneticModification"
TARGET_ANTIGEN = CTKG + "targetAntigen"
ROUTE = CTKG + "route"
DOSE = CTKG + "dose"
DOSE_CLASS = CTKG + "Dose"
DOSE_VALUE = CTKG + "doseValue"
DOSE_UPPER_VALUE = CTKG + "doseUpperValue"
DOSE_UNIT = CTKG + "doseUnit"
PER_KILOGRAM = CTKG + "perKilogram"
NUMBER_OF_DOSES = CTKG + "numberOfDoses"
DOSE_FREQUENCY = CTKG + "doseFrequency"
DOSE_TEXT = CTKG + "doseText"
EVIDENCE = CTKG + "evidence"
EVIDENCE_CLASS = CTKG + "Evidence"
ABOUT_PROPERTY = CTKG + "aboutProperty"
SOURCE_FIELD = CTKG + "sourceField"
EVIDENCE_TEXT = CTKG + "evidenceText"
INFERRED = CTKG + "inferred"

#: The property each kind of evidence supports (``Evidence.prop`` -> property IRI).
EVIDENCE_PROPERTY: MappingProxyType[str, str] = MappingProxyType({
    "productKind": PRODUCT_KIND,
    "cellType": CELL_TYPE,
    "tissueSource": TISSUE_SOURCE,
    "donor": DONOR,
    "geneticModification": GENETIC_MODIFICATION,
    "targetAntigen": TARGET_ANTIGEN,
    "route": ROUTE,
    "dose": DOSE,
})


def map_products(g: GraphBuilder, trial: str, study: dict[str, Any],
                 facts: list[ProductFact]) -> None:
    """Add the product triples of ``facts`` to the intervention nodes of ``trial``.

    ``study`` is the record the facts were read from; it is not read again here (the facts
    carry the intervention index) but is part of the signature every mapper shares.
    """
    del study  # the facts carry everything; kept for the shared mapper signature
    for fact in facts:
        _map_product(g, intervention_iri(trial, fact.index + 1), fact)


def _map_product(g: GraphBuilder, node: str, fact: ProductFact) -> None:
    kind = vocab.PRODUCT_KIND[fact.kind]
    g.type(node, kind)
    g.link(node, PRODUCT_KIND, kind)
    if fact.cell_type:
        g.link(node, CELL_TYPE, vocab.obo(fact.cell_type))
    if fact.tissue_source:
        g.link(node, TISSUE_SOURCE, vocab.obo(fact.tissue_source))
    g.link(node, DONOR, vocab.DONOR[fact.donor])
    if fact.modification:
        g.link(node, GENETIC_MODIFICATION, vocab.MODIFICATION[fact.modification])
    for antigen in fact.target_antigens:
        g.text(node, TARGET_ANTIGEN, antigen)
    for route in fact.routes:
        g.link(node, ROUTE, vocab.ROUTE[route])
    for k, dose in enumerate(fact.doses, 1):
        _map_dose(g, node, f"{node}/dose/{k}", dose)
    seen: set[Evidence] = set()
    k = 0
    for evidence in fact.evidence:
        if evidence in seen:
            continue
        seen.add(evidence)
        k += 1
        _map_evidence(g, node, f"{node}/evidence/{k}", evidence)


def _map_dose(g: GraphBuilder, product: str, node: str, dose: Dose) -> None:
    g.link(product, DOSE, node)
    g.type(node, DOSE_CLASS)
    g.decimal(node, DOSE_VALUE, dose.value)
    g.decimal(node, DOSE_UPPER_VALUE, dose.upper)
    g.text(node, DOSE_UNIT, dose.unit)
    g.boolean(node, PER_KILOGRAM, dose.per_kg)
    g.integer(node, NUMBER_OF_DOSES, dose.number_of_doses)
    g.text(node, DOSE_FREQUENCY, dose.frequency)
    g.text(node, DOSE_TEXT, dose.text)


def _map_evidence(g: GraphBuilder, product: str, node: str, evidence: Evidence) -> None:
    g.link(product, EVIDENCE, node)
    g.type(node, EVIDENCE_CLASS)
    g.link(node, ABOUT_PROPERTY, EVIDENCE_PROPERTY[evidence.prop])
    g.text(node, SOURCE_FIELD, evidence.field)
    g.text(node, EVIDENCE_TEXT, evidence.text)
    g.boolean(node, INFERRED, evidence.inferred)
