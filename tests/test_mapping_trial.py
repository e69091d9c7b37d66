"""The mapping of the two seed trials, triple by triple for the key facts."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import rdflib
from conftest import EXAMPLES
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import FieldError
from kg.mapping import MappingContext, SourceInfo, map_study
from kg.vocab import CTKG, DCTERMS, RDF

C = rdflib.Namespace(CTKG)
DCT = rdflib.Namespace(DCTERMS)
CTX = MappingContext(build_time="2026-01-01T00:00:00Z")


def load(nct: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{nct}.json").read_text(encoding="utf-8"))


def graph_of(study: dict[str, Any]) -> rdflib.Graph:
    g = map_study(study, SourceInfo("examples/x.json", "ctgov-v2", "2025-08-19"), CTX)
    out = rdflib.Graph()
    out.parse(data=g.ntriples(), format="nt")
    return out


@pytest.fixture(scope="module")
def sepsis() -> rdflib.Graph:
    return graph_of(load("NCT06882811"))


@pytest.fixture(scope="module")
def ms() -> rdflib.Graph:
    return graph_of(load("NCT05532943"))


T_SEPSIS = URIRef(CTKG + "trial/NCT06882811")
T_MS = URIRef(CTKG + "trial/NCT05532943")


def test_sepsis_identification_and_design(sepsis: rdflib.Graph) -> None:
    t = T_SEPSIS
    assert (t, URIRef(RDF + "type"), C.Trial) in sepsis
    assert sepsis.value(t, DCT.identifier) == Literal("NCT06882811")
    assert sepsis.value(t, C.orgStudyId) == Literal("2024404")
    assert set(sepsis.objects(t, C.phase)) == {C.EarlyPhase1}
    assert sepsis.value(t, C.enrollment) == Literal(180, datatype=XSD.integer)
    assert sepsis.value(t, C.enrollmentType) == C.DateTypeEstimated
    assert sepsis.value(t, C.overallStatus) == C.StatusRecruiting
    assert sepsis.value(t, C.studyType) == C.StudyTypeInterventional
    assert sepsis.value(t, C.allocation) == C.AllocationRandomized
    assert sepsis.value(t, C.masking) == C.MaskingDouble
    sponsor = sepsis.value(t, C.leadSponsor)
    assert sponsor == URIRef(
        CTKG + "organization/army-medical-university-of-people-s-liberation-army")
    assert sepsis.value(sponsor, rdflib.RDFS.label) == Literal(
        "Army Medical University of People's Liberation Army")


def test_sepsis_arms_and_their_interventions(sepsis: rdflib.Graph) -> None:
    arms = {sepsis.value(a, rdflib.RDFS.label): a for a in sepsis.objects(T_SEPSIS, C.arm)}
    assert set(arms) == {Literal("Experimental group"), Literal("Sham Comparator group")}
    experimental = arms[Literal("Experimental group")]
    sham = arms[Literal("Sham Comparator group")]
    assert "135 patients" in str(sepsis.value(experimental, DCT.description))
    assert "45 patients" in str(sepsis.value(sham, DCT.description))
    assert sepsis.value(experimental, C.armType) == C.ArmExperimental
    assert sepsis.value(sham, C.armType) == C.ArmShamComparator
    labels = {str(sepsis.value(i, rdflib.RDFS.label))
              for i in sepsis.objects(experimental, C.armIntervention)}
    assert labels == {"regulatory MSC", "CD83-positive MSC"}
    sham_labels = {str(sepsis.value(i, rdflib.RDFS.label))
                   for i in sepsis.objects(sham, C.armIntervention)}
    assert sham_labels == {"control solution"}
    types = {str(sepsis.value(i, rdflib.RDFS.label)): sepsis.value(i, C.interventionType)
             for i in sepsis.objects(T_SEPSIS, C.intervention)}
    assert types == {"regulatory MSC": C.InterventionTypeBiological,
                     "CD83-positive MSC": C.InterventionTypeBiological,
                     "control solution": C.InterventionTypeOther}


def test_sepsis_structured_eligibility(sepsis: rdflib.Graph) -> None:
    e = sepsis.value(T_SEPSIS, C.eligibility)
    assert sepsis.value(e, C.sex) == C.SexAll
    assert sepsis.value(e, C.maximumAge).toPython() == Decimal(65)
    assert sepsis.value(e, C.minimumAge) is None
    assert sepsis.value(e, C.acceptsHealthyVolunteers) == Literal(False)
    assert "History of malignancy at screening" in str(sepsis.value(e, C.criteriaText))


def test_ms_trial_key_facts(ms: rdflib.Graph) -> None:
    t = T_MS
    assert set(ms.objects(t, C.phase)) == {C.Phase1, C.Phase2}
    assert ms.value(t, C.enrollment) == Literal(41, datatype=XSD.integer)
    assert ms.value(t, C.acronym) == Literal("UMSC01")
    assert ms.value(t, C.startDate) == Literal("2022-12-31", datatype=XSD.date)
    assert ms.value(t, C.startDateType) == C.DateTypeEstimated
    assert set(ms.objects(t, C.maskedRole)) == {C.MaskedParticipant, C.MaskedInvestigator}
    e = ms.value(t, C.eligibility)
    assert ms.value(e, C.minimumAge).toPython() == Decimal(20)
    assert ms.value(e, C.maximumAge).toPython() == Decimal(65)
    assert set(ms.objects(e, C.ageGroup)) == {C.AgeGroupAdult, C.AgeGroupOlderAdult}
    site = ms.value(t, C.location)
    assert ms.value(site, C.city) == Literal("Taichung")
    country = ms.value(site, C.country)
    assert country == URIRef(CTKG + "country/taiwan")
    assert ms.value(site, C.siteStatus) == C.StatusRecruiting
    official = ms.value(t, C.overallOfficial)
    assert ms.value(official, URIRef("http://schema.org/name")) == Literal("Woei C Shyu")
    assert ms.value(official, C.role) == C.RoleStudyChair
    meshes = set(ms.objects(t, C.meshTerm))
    assert URIRef("http://id.nlm.nih.gov/mesh/D009103") in meshes


def test_provenance(ms: rdflib.Graph) -> None:
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    source = ms.value(T_MS, prov.wasDerivedFrom)
    assert ms.value(source, C.sourceFormat) == Literal("ctgov-v2")
    assert ms.value(source, C.recordLastUpdate) == Literal("2025-08-19", datatype=XSD.date)
    activity = ms.value(T_MS, prov.wasGeneratedBy)
    assert ms.value(activity, prov.endedAtTime) == Literal("2026-01-01T00:00:00Z",
                                                           datatype=XSD.dateTime)


def test_no_blank_nodes_and_rebuild_is_identical() -> None:
    study = load("NCT05532943")
    a = map_study(study, SourceInfo("x", "ctgov-v2"), CTX).nquads()
    b = map_study(study, SourceInfo("x", "ctgov-v2"), CTX).nquads()
    assert a == b
    assert "_:" not in a



def test_sponsor_pairs_once_each_from_the_first_iri() -> None:
    """ctkg:sharesTrialWith: each pair of the trial's organizations once, in IRI order."""
    study = load("NCT05532943")
    module = study["protocolSection"]["sponsorCollaboratorsModule"]
    module["leadSponsor"] = {"name": "Zeta Hospital", "class": "OTHER"}
    module["collaborators"] = [{"name": "Alpha Labs", "class": "INDUSTRY"},
                               {"name": "Mid University", "class": "OTHER"},
                               {"name": "Zeta Hospital", "class": "OTHER"}]
    g = graph_of(study)
    org = {name: URIRef(CTKG + "organization/" + name) for name in
           ("alpha-labs", "mid-university", "zeta-hospital")}
    assert set(g.subject_objects(C.sharesTrialWith)) == {
        (org["alpha-labs"], org["mid-university"]), (org["alpha-labs"], org["zeta-hospital"]),
        (org["mid-university"], org["zeta-hospital"])}
    module["collaborators"] = []
    assert not set(graph_of(study).subject_objects(C.sharesTrialWith))


@pytest.mark.parametrize(("path", "value", "field"), [
    (("designModule", "enrollmentInfo", "count"), "abc",
     "protocolSection.designModule.enrollmentInfo.count"),
    (("designModule", "phases"), ["PHASE9"], "protocolSection.designModule.phases"),
    (("statusModule", "overallStatus"), "RECRUTING", "protocolSection.statusModule.overallStatus"),
    (("statusModule", "startDateStruct", "date"), "31/12/2022",
     "protocolSection.statusModule.startDateStruct.date"),
    (("eligibilityModule", "minimumAge"), "twenty", "protocolSection.eligibilityModule.minimumAge"),
    (("designModule", "enrollmentInfo", "count"), -3,
     "protocolSection.designModule.enrollmentInfo.count"),
    (("armsInterventionsModule", "interventions"), {"name": "x"},
     "protocolSection.armsInterventionsModule.interventions"),
])
def test_bad_fields_raise_errors_naming_record_and_field(
        path: tuple[str, ...], value: object, field: str) -> None:
    study = load("NCT05532943")
    node = study["protocolSection"]
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(FieldError) as info:
        map_study(study, SourceInfo("x", "ctgov-v2"), CTX)
    assert info.value.field == field
    assert info.value.location is not None and info.value.location.nct_id == "NCT05532943"


def test_examples_folder_has_the_seed_trials() -> None:
    names = {p.stem for p in Path(EXAMPLES).glob("*.json")}
    assert {"NCT05532943", "NCT06882811"} <= names
