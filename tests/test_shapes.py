"""Every shape: a small inline graph that passes it and one that fails it (exact focus, path,
severity); shape files are well-formed; sh:in lists equal kg.vocab's enumerations."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import vocab as V
from kg.validate import ValidationResult, default_shapes_dir, validate

C = V.CTKG
SH = V.SH
T = C + "trial/NCT00000001"
PREFIXES = """
@prefix ctkg: <https://w3id.org/cell-trials-kg/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix t: <https://w3id.org/cell-trials-kg/trial/NCT00000001/> .
@prefix trial: <https://w3id.org/cell-trials-kg/trial/> .
"""
# A trial that passes every shape (with one of each part), to which a case adds or removes.
BASE = """
trial:NCT00000001 a ctkg:Trial ; dcterms:identifier "NCT00000001" ; dcterms:title "A trial" ;
    ctkg:overallStatus ctkg:StatusRecruiting ; ctkg:studyType ctkg:StudyTypeInterventional ;
    ctkg:phase ctkg:Phase1 ; ctkg:enrollment 10 ; ctkg:startDate "2020-01"^^xsd:gYearMonth ;
    ctkg:location t:location\\/1 ; ctkg:overallOfficial t:official\\/1 ;
    ctkg:leadSponsor ctkg:organization\\/acme ; ctkg:eligibility t:eligibility ;
    ctkg:criterion t:criterion\\/inclusion\\/1 ; ctkg:intervention t:intervention\\/1 ;
    ctkg:condition t:condition\\/1 ;
    prov:wasDerivedFrom t:source ; prov:wasGeneratedBy t:build .
t:location\\/1 a ctkg:Location ; ctkg:country ctkg:country\\/taiwan .
ctkg:country\\/taiwan a ctkg:Country ; rdfs:label "Taiwan" .
t:official\\/1 a ctkg:Official ; ctkg:role ctkg:RoleStudyChair .
ctkg:organization\\/acme a ctkg:Organization ; rdfs:label "Acme" ;
    ctkg:agencyClass ctkg:AgencyIndustry .
t:eligibility a ctkg:Eligibility ; ctkg:sex ctkg:SexAll ; ctkg:minimumAge 18.0 ;
    ctkg:maximumAge 65.0 ; ctkg:hasCriterion t:criterion\\/inclusion\\/1 .
t:criterion\\/inclusion\\/1 a ctkg:InclusionCriterion ; ctkg:criterionText "Adults" ;
    ctkg:position 1 ; ctkg:mentions obo:MONDO_0005015 .
t:intervention\\/1 a ctkg:Intervention, ctkg:MSCProduct ; ctkg:position 1 ;
    ctkg:interventionType ctkg:InterventionTypeBiological ; ctkg:productKind ctkg:MSCProduct ;
    ctkg:cellType obo:CL_0002540 ; ctkg:tissueSource obo:UBERON_0002371 ;
    ctkg:donor ctkg:Allogeneic ; ctkg:route ctkg:RouteIntravenous ; ctkg:dose t:dose .
t:dose a ctkg:Dose ; ctkg:doseValue 1000000.0 ; ctkg:doseUnit "cells/kg" ; ctkg:perKilogram true .
t:condition\\/1 a ctkg:Condition ; rdfs:label "Diabetes" ; ctkg:mappedTo obo:MONDO_0005015 .
t:source a ctkg:SourceRecord ; ctkg:sourceFile "x.json" ; ctkg:sourceFormat "ctgov-v2" .
t:build a ctkg:BuildActivity ; prov:endedAtTime "2026-01-01T00:00:00Z"^^xsd:dateTime ;
    prov:wasAssociatedWith ctkg:software\\/kg .
ctkg:software\\/kg a ctkg:Software .
"""
ONTOLOGY = """
obo:MONDO_0005015 a owl:Class ; rdfs:label "diabetes mellitus" .
obo:CL_0000134 a owl:Class ; rdfs:label "mesenchymal stem cell" .
obo:CL_0002540 a owl:Class ; rdfs:subClassOf obo:CL_0000134 .
obo:CL_0000084 a owl:Class ; rdfs:label "T cell" .
obo:CL_0000236 a owl:Class ; rdfs:label "B cell" .
obo:UBERON_0002371 a owl:Class ; rdfs:label "bone marrow" .
ctkg:InclusionCriterion a owl:Class ; rdfs:subClassOf ctkg:EligibilityCriterion .
ctkg:MSCProduct a owl:Class ; rdfs:subClassOf ctkg:CellProduct .
ctkg:CARTProduct a owl:Class ; rdfs:subClassOf ctkg:CellProduct .
"""


def dataset(extra: str = "", remove: tuple[tuple[str, str], ...] = ()) -> ox.Store:
    """BASE minus removed (subject, predicate) pairs plus extra, in its trial graph + ontology."""
    store = ox.Store()
    store.load(input=PREFIXES + BASE, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(T))
    for s, p in remove:
        for q in list(store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None, None)):
            store.remove(q)
    store.load(input=PREFIXES + extra, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(T))
    store.load(input=PREFIXES + ONTOLOGY, format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode(V.ONTOLOGY_GRAPH))
    return store


def results(store: ox.Store, engine: str = "pyshacl") -> list[ValidationResult]:
    return validate(store, engine=engine, chunk_size=0).results


def key(r: ValidationResult) -> tuple[str, str | None, str, str]:
    return (r.focus_node, r.path, r.source_shape.rsplit("/", 1)[-1], r.severity)


def test_base_graph_passes_every_shape() -> None:
    assert results(dataset()) == []


RDF_TYPE = V.RDF + "type"
DOSE = C + "dose"
# (shape, turtle added, (subject, predicate) removed, expected focus, expected path, severity)
CASES: list[tuple[str, str, tuple[tuple[str, str], ...], str, str | None, str]] = [
    ("TrialIdentifierShape", 'trial:NCT00000001 dcterms:identifier "NCT1" .', (),
     T, V.DCTERMS + "identifier", "Violation"),
    ("TrialTitleShape", "", ((T, V.DCTERMS + "title"),), T, V.DCTERMS + "title", "Violation"),
    ("TrialOfficialTitleShape", 'trial:NCT00000001 ctkg:officialTitle 5 .', (),
     T, C + "officialTitle", "Violation"),
    ("TrialStatusShape", "trial:NCT00000001 ctkg:overallStatus ctkg:StatusBogus .", (),
     T, C + "overallStatus", "Violation"),
    ("TrialPhaseShape", "trial:NCT00000001 ctkg:phase ctkg:Phase9 .", (),
     T, C + "phase", "Violation"),
    ("TrialStudyTypeShape", "trial:NCT00000001 ctkg:studyType ctkg:StudyTypeBogus .", (),
     T, C + "studyType", "Violation"),
    ("TrialStudyTypePresentShape", "", ((T, C + "studyType"),), T, C + "studyType", "Warning"),
    ("TrialAllocationShape", "trial:NCT00000001 ctkg:allocation ctkg:Phase1 .", (),
     T, C + "allocation", "Violation"),
    ("TrialInterventionModelShape", "trial:NCT00000001 ctkg:interventionModel ctkg:X .", (),
     T, C + "interventionModel", "Violation"),
    ("TrialPrimaryPurposeShape", "trial:NCT00000001 ctkg:primaryPurpose ctkg:X .", (),
     T, C + "primaryPurpose", "Violation"),
    ("TrialMaskingShape", "trial:NCT00000001 ctkg:masking ctkg:X .", (),
     T, C + "masking", "Violation"),
    ("TrialMaskedRoleShape", "trial:NCT00000001 ctkg:maskedRole ctkg:X .", (),
     T, C + "maskedRole", "Violation"),
    ("TrialObservationalModelShape", "trial:NCT00000001 ctkg:observationalModel ctkg:X .", (),
     T, C + "observationalModel", "Violation"),
    ("TrialTimePerspectiveShape", "trial:NCT00000001 ctkg:timePerspective ctkg:X .", (),
     T, C + "timePerspective", "Violation"),
    ("TrialResponsiblePartyShape", "trial:NCT00000001 ctkg:responsiblePartyType ctkg:X .", (),
     T, C + "responsiblePartyType", "Violation"),
    ("TrialEnrollmentShape", "", ((T, C + "enrollment"),), None, None, ""),  # optional
    ("TrialEnrollmentShape", "trial:NCT00000001 ctkg:enrollment -1 .", ((T, C + "enrollment"),),
     T, C + "enrollment", "Violation"),
    ("TrialEnrollmentTypeShape", "trial:NCT00000001 ctkg:enrollmentType ctkg:X .", (),
     T, C + "enrollmentType", "Violation"),
    *[(f"Trial{name[0].upper()}{name[1:]}Shape",
       f'trial:NCT00000001 ctkg:{prop} "2020-01-01" .', (),
       T, C + prop, "Violation") for name, prop in (
        ("startDate", "startDate"), ("primaryCompletionDate", "primaryCompletionDate"),
        ("completionDate", "completionDate"), ("firstPostedDate", "firstPostedDate"),
        ("resultsFirstPostedDate", "resultsFirstPostedDate"),
        ("lastUpdatePostedDate", "lastUpdatePostedDate"),
        ("statusVerifiedDate", "statusVerifiedDate"),
        ("firstSubmittedDate", "firstSubmittedDate"),
        ("lastUpdateSubmittedDate", "lastUpdateSubmittedDate"))],
    ("TrialDateTypeShape", "trial:NCT00000001 ctkg:completionDateType ctkg:X .", (), T,
     f"(<{C}startDateType>|<{C}primaryCompletionDateType>|<{C}completionDateType>|"
     f"<{C}firstPostedDateType>|<{C}lastUpdatePostedDateType>)", "Violation"),
    ("TrialArmLinkShape", "trial:NCT00000001 ctkg:arm t:arm\\/1 .", (), T, C + "arm",
     "Violation"),
    ("TrialInterventionLinkShape", "trial:NCT00000001 ctkg:intervention t:arm\\/1 .", (), T,
     C + "intervention", "Violation"),
    ("TrialOutcomeLinkShape", "trial:NCT00000001 ctkg:primaryOutcome t:x .", (), T,
     f"(<{C}primaryOutcome>|<{C}secondaryOutcome>|<{C}otherOutcome>)", "Violation"),
    ("TrialOfficialLinkShape", "trial:NCT00000001 ctkg:overallOfficial t:x .", (), T,
     C + "overallOfficial", "Violation"),
    ("TrialReferenceLinkShape", "trial:NCT00000001 ctkg:reference t:x .", (), T,
     C + "reference", "Violation"),
    ("TrialOfficialPresentShape", "", ((T, C + "overallOfficial"),), T, C + "overallOfficial",
     "Info"),
    ("ArmPositionShape", "t:arm\\/1 a ctkg:ArmGroup .", (), T + "/arm/1", C + "position",
     "Violation"),
    ("ArmTypeShape", "t:arm\\/1 a ctkg:ArmGroup ; ctkg:position 1 ; ctkg:armType ctkg:X .", (),
     T + "/arm/1", C + "armType", "Violation"),
    ("ArmInterventionShape", "t:arm\\/1 a ctkg:ArmGroup ; ctkg:position 1 ; "
     "ctkg:armIntervention t:x .", (), T + "/arm/1", C + "armIntervention", "Violation"),
    ("InterventionPositionShape", "", ((T + "/intervention/1", C + "position"),),
     T + "/intervention/1", C + "position", "Violation"),
    ("InterventionTypeShape", "t:intervention\\/1 ctkg:interventionType ctkg:X .", (),
     T + "/intervention/1", C + "interventionType", "Violation"),
    ("OutcomePositionShape", "t:outcome\\/primary\\/1 a ctkg:Outcome ; ctkg:position 0 .", (),
     T + "/outcome/primary/1", C + "position", "Violation"),
    ("OfficialRoleShape", "t:official\\/1 ctkg:role ctkg:X .", (), T + "/official/1",
     C + "role", "Violation"),
    ("ReferenceTypeShape", "t:reference\\/1 a ctkg:Reference ; ctkg:referenceType ctkg:X .", (),
     T + "/reference/1", C + "referenceType", "Violation"),
    ("ReferencePmidShape", 't:reference\\/1 a ctkg:Reference ; ctkg:pmid "PM1" .', (),
     T + "/reference/1", C + "pmid", "Violation"),
    # organization
    ("TrialLeadSponsorShape", "trial:NCT00000001 ctkg:leadSponsor t:x .", (), T,
     C + "leadSponsor", "Violation"),
    ("TrialCollaboratorShape", "trial:NCT00000001 ctkg:collaborator t:x .", (), T,
     C + "collaborator", "Violation"),
    ("OrganizationLabelShape", "", ((C + "organization/acme", V.RDFS + "label"),),
     C + "organization/acme", V.RDFS + "label", "Violation"),
    ("OrganizationAgencyClassShape", "ctkg:organization\\/acme ctkg:agencyClass ctkg:X .", (),
     C + "organization/acme", C + "agencyClass", "Violation"),
    ("OrganizationSharesTrialWithShape", "ctkg:organization\\/acme ctkg:sharesTrialWith t:x .", (),
     C + "organization/acme", C + "sharesTrialWith", "Violation"),
    # location
    ("TrialLocationLinkShape", "trial:NCT00000001 ctkg:location t:x .", (), T,
     C + "location", "Violation"),
    ("TrialLocationPresentShape", "", ((T, C + "location"),), T, C + "location", "Info"),
    ("LocationCountryShape", "t:location\\/1 ctkg:country t:x .", (), T + "/location/1",
     C + "country", "Violation"),
    ("LocationStatusShape", "t:location\\/1 ctkg:siteStatus ctkg:X .", (), T + "/location/1",
     C + "siteStatus", "Violation"),
    ("LocationLatitudeShape", "t:location\\/1 schema:latitude 91.0 .", (), T + "/location/1",
     V.SCHEMA + "latitude", "Violation"),
    ("LocationLongitudeShape", 't:location\\/1 schema:longitude "east" .', (),
     T + "/location/1", V.SCHEMA + "longitude", "Violation"),
    ("CountryLabelShape", "", ((C + "country/taiwan", V.RDFS + "label"),), C + "country/taiwan",
     V.RDFS + "label", "Violation"),
    # provenance
    ("TrialSourceRecordShape", "", ((T, V.PROV + "wasDerivedFrom"),), T,
     V.PROV + "wasDerivedFrom", "Violation"),
    ("TrialBuildShape", "", ((T, V.PROV + "wasGeneratedBy"),), T, V.PROV + "wasGeneratedBy",
     "Violation"),
    ("SourceFileShape", "", ((T + "/source", C + "sourceFile"),), T + "/source",
     C + "sourceFile", "Violation"),
    ("SourceFormatShape", 't:source ctkg:sourceFormat "csv" .', ((T + "/source",
     C + "sourceFormat"),), T + "/source", C + "sourceFormat", "Violation"),
    ("SourceLastUpdateShape", 't:source ctkg:recordLastUpdate "yesterday" .', (),
     T + "/source", C + "recordLastUpdate", "Violation"),
    ("BuildEndedShape", 't:build prov:endedAtTime "now" .', ((T + "/build",
     V.PROV + "endedAtTime"),), T + "/build", V.PROV + "endedAtTime", "Violation"),
    ("BuildSoftwareShape", "", ((T + "/build", V.PROV + "wasAssociatedWith"),), T + "/build",
     V.PROV + "wasAssociatedWith", "Violation"),
    # eligibility
    ("TrialEligibilityLinkShape", "trial:NCT00000001 ctkg:eligibility t:x .", (), T,
     C + "eligibility", "Violation"),
    ("EligibilitySexShape", "t:eligibility ctkg:sex ctkg:X .", (), T + "/eligibility",
     C + "sex", "Violation"),
    ("EligibilityMinimumAgeShape", "t:eligibility ctkg:minimumAge -1.0 .", ((T + "/eligibility",
     C + "minimumAge"),), T + "/eligibility", C + "minimumAge", "Violation"),
    ("EligibilityMaximumAgeShape", "t:eligibility ctkg:maximumAge 70.0 .", (),
     T + "/eligibility", C + "maximumAge", "Violation"),
    ("EligibilityAgeOrderShape", "t:eligibility ctkg:maximumAge 10.0 .", ((T + "/eligibility",
     C + "maximumAge"),), T + "/eligibility", C + "minimumAge", "Violation"),
    ("EligibilityAgeGroupShape", "t:eligibility ctkg:ageGroup ctkg:X .", (), T + "/eligibility",
     C + "ageGroup", "Violation"),
    ("EligibilityHasCriterionShape", "t:eligibility ctkg:hasCriterion t:x .", (),
     T + "/eligibility", C + "hasCriterion", "Violation"),
    ("TrialCriteriaShape", "", ((T, C + "criterion"),), T, None, "Warning"),
    ("CriterionKindShape", "", ((T + "/criterion/inclusion/1", RDF_TYPE),),
     T + "/criterion/inclusion/1", RDF_TYPE, "Violation"),
    ("CriterionTextShape", "", ((T + "/criterion/inclusion/1", C + "criterionText"),),
     T + "/criterion/inclusion/1", C + "criterionText", "Violation"),
    ("CriterionPositionShape", "", ((T + "/criterion/inclusion/1", C + "position"),),
     T + "/criterion/inclusion/1", C + "position", "Violation"),
    ("CriterionListedAsShape", "t:criterion\\/inclusion\\/1 ctkg:listedAs ctkg:X .", (),
     T + "/criterion/inclusion/1", C + "listedAs", "Violation"),
    ("CriterionConceptShape", "t:criterion\\/inclusion\\/1 ctkg:excludesConcept obo:X_1 .", (),
     T + "/criterion/inclusion/1",
     f"(<{C}mentions>|<{C}excludesConcept>|<{C}requiresConcept>)", "Violation"),
    ("CriterionMentionLinkShape", "t:criterion\\/inclusion\\/1 ctkg:hasMention t:x .", (),
     T + "/criterion/inclusion/1", C + "hasMention", "Violation"),
    ("CriterionThresholdLinkShape", "t:criterion\\/inclusion\\/1 ctkg:hasThreshold t:x .", (),
     T + "/criterion/inclusion/1", C + "hasThreshold", "Violation"),
    *[(shape, f"t:m a ctkg:ConceptMention ; ctkg:concept obo:MONDO_0005015 ; {triple} .", (),
       T + "/m", C + prop, "Violation") for shape, prop, triple in (
        ("MentionConceptShape", "concept", "ctkg:concept obo:X_1"),
        ("MentionExceptConceptShape", "exceptConcept", "ctkg:exceptConcept obo:X_1"),
        ("MentionEffectShape", "effect", "ctkg:effect ctkg:X"),
        ("MentionTemporalityShape", "temporality", "ctkg:temporality ctkg:X"),
        ("MentionNegatedShape", "negated", 'ctkg:negated "no"'),
        ("MentionTimeWindowShape", "timeWindow", 'ctkg:timeWindow "P2W"^^xsd:duration'))],
    *[(shape, f"t:h a ctkg:NumericThreshold ; ctkg:comparator ctkg:LessThan ; ctkg:value 1.0 ; "
       f"{triple} .", (), T + "/h", C + prop, "Violation") for shape, prop, triple in (
        ("ThresholdComparatorShape", "comparator", "ctkg:comparator ctkg:X"),
        ("ThresholdValueShape", "value", "ctkg:value 2.0"),
        ("ThresholdUpperValueShape", "upperValue", 'ctkg:upperValue "high"'),
        ("ThresholdConceptShape", "measuredConcept", "ctkg:measuredConcept obo:X_1"),
        ("ThresholdMultipleOfShape", "multipleOf", "ctkg:multipleOf ctkg:X"))],
    # conditions
    ("TrialConditionLinkShape", "trial:NCT00000001 ctkg:condition t:x .", (), T,
     C + "condition", "Violation"),
    ("ConditionTextShape", "", ((T + "/condition/1", V.RDFS + "label"),), T + "/condition/1",
     V.RDFS + "label", "Violation"),
    ("ConditionMappedToClassShape", "t:condition\\/1 ctkg:mappedTo obo:MONDO_9 .", (),
     T + "/condition/1", C + "mappedTo", "Violation"),
    ("ConditionMappedShape", "", ((T + "/condition/1", C + "mappedTo"),), T + "/condition/1",
     C + "mappedTo", "Warning"),
    ("ConditionMeshShape", "t:condition\\/1 ctkg:assignedMeshTerm t:x .", (),
     T + "/condition/1", C + "assignedMeshTerm", "Violation"),
    ("ConditionMappingLinkShape", "t:condition\\/1 ctkg:mapping t:x .", (), T + "/condition/1",
     C + "mapping", "Violation"),
    ("ConditionMappingClassShape", "t:cm a ctkg:ConditionMapping ; "
     "ctkg:mappingMethod ctkg:LexicalMatch .", (), T + "/cm", C + "mappedClass", "Violation"),
    ("ConditionMappingMethodShape", "t:cm a ctkg:ConditionMapping ; "
     "ctkg:mappedClass obo:MONDO_0005015 .", (), T + "/cm", C + "mappingMethod", "Violation"),
    # products
    ("ProductKindShape", "t:intervention\\/1 ctkg:productKind ctkg:X .", (),
     T + "/intervention/1", C + "productKind", "Violation"),
    ("ProductCellTypeShape", "t:intervention\\/1 ctkg:cellType obo:CL_9 .", (),
     T + "/intervention/1", C + "cellType", "Violation"),
    ("ProductTissueSourceShape", "t:intervention\\/1 ctkg:tissueSource obo:UBERON_9 .", (),
     T + "/intervention/1", C + "tissueSource", "Violation"),
    ("ProductDonorShape", "t:intervention\\/1 ctkg:donor ctkg:X .", (), T + "/intervention/1",
     C + "donor", "Violation"),
    ("ProductRouteShape", "t:intervention\\/1 ctkg:route ctkg:X .", (), T + "/intervention/1",
     C + "route", "Violation"),
    ("ProductModificationShape", "t:intervention\\/1 ctkg:geneticModification ctkg:X .", (),
     T + "/intervention/1", C + "geneticModification", "Violation"),
    ("MSCProductCellTypeShape", "t:intervention\\/1 ctkg:cellType obo:CL_0000084 .", (),
     T + "/intervention/1", None, "Violation"),
    ("CARTProductCellTypeShape", "t:intervention\\/2 a ctkg:Intervention ; ctkg:position 2 ; "
     "ctkg:productKind ctkg:CARTProduct ; ctkg:cellType obo:CL_0000236 ; ctkg:dose t:dose ; "
     "ctkg:tissueSource obo:UBERON_0002371 ; ctkg:donor ctkg:Autologous ; "
     "ctkg:route ctkg:RouteIntravenous .", (), T + "/intervention/2", None, "Violation"),
    ("ProductDoseLinkShape", "t:intervention\\/1 ctkg:dose t:x .", (), T + "/intervention/1",
     DOSE, "Violation"),
    *[(shape, f"t:dose {triple} .", drop, T + "/dose", C + prop, "Violation")
      for shape, prop, triple, drop in (
        ("DoseValueShape", "doseValue", "ctkg:doseValue -1.0", ((T + "/dose", C + "doseValue"),)),
        ("DoseUpperValueShape", "doseUpperValue", 'ctkg:doseUpperValue "many"', ()),
        ("DoseUnitShape", "doseUnit", 'ctkg:doseUnit "cells"', ()),
        ("DosePerKilogramShape", "perKilogram", 'ctkg:perKilogram "yes"', ()),
        ("DoseCountShape", "numberOfDoses", "ctkg:numberOfDoses 0", ()))],
    ("ProductHasTissueSourceShape", "", ((T + "/intervention/1", C + "tissueSource"),),
     T + "/intervention/1", C + "tissueSource", "Warning"),
    ("ProductHasDonorShape", "t:intervention\\/1 ctkg:donor ctkg:DonorUnspecified .",
     ((T + "/intervention/1", C + "donor"),), T + "/intervention/1", C + "donor", "Warning"),
    ("ProductHasRouteShape", "", ((T + "/intervention/1", C + "route"),), T + "/intervention/1",
     C + "route", "Warning"),
    ("ProductHasDoseShape", "", ((T + "/intervention/1", DOSE),), T + "/intervention/1", DOSE,
     "Warning"),
]


# Shapes that one mutation breaks together, by construction.
ALSO = {
    "EligibilityHasCriterionShape": {"CriterionKindShape", "CriterionTextShape",
                                     "CriterionPositionShape"},
    "CriterionKindShape": {"EligibilityHasCriterionShape"},
    "ProductCellTypeShape": {"MSCProductCellTypeShape"},
}


@pytest.mark.parametrize("engine", ["pyshacl", "shacl"])
@pytest.mark.parametrize(("shape", "extra", "remove", "focus", "path", "severity"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_shape_fails_exactly(engine: str, shape: str, extra: str,
                             remove: tuple[tuple[str, str], ...], focus: str | None,
                             path: str | None, severity: str) -> None:
    if engine == "shacl":
        pytest.importorskip("shacl")
    found = {key(r) for r in results(dataset(extra, remove), engine)}
    if focus is None:
        assert found == set()
    else:
        assert (focus, path, shape, severity) in found
        assert {k[2] for k in found} - ALSO.get(shape, set()) == {shape}, found


def _shape_files() -> list[Path]:
    return sorted(default_shapes_dir().glob("*.ttl"))


def _shapes_store() -> ox.Store:
    store = ox.Store()
    for path in _shape_files():
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def test_one_file_per_part() -> None:
    assert {p.stem for p in _shape_files()} == {
        "trial", "organization", "condition", "product", "eligibility", "location",
        "provenance"}


def test_every_named_shape_has_label_message_severity() -> None:
    store = _shapes_store()
    rows = store.query(f"""
        SELECT DISTINCT ?shape WHERE {{
          {{ ?shape a <{SH}NodeShape> }} UNION {{ ?shape a <{SH}PropertyShape> }}
          FILTER(isIRI(?shape)) }}""")
    shapes = [row["shape"] for row in rows]  # type: ignore[union-attr]
    assert len(shapes) > 80
    for shape in shapes:
        for prop in (V.RDFS + "label", SH + "message", SH + "severity"):
            assert list(store.quads_for_pattern(shape, ox.NamedNode(prop), None)), (shape, prop)


def test_every_property_shape_is_tested() -> None:
    store = _shapes_store()
    tested = {c[0] for c in CASES}
    rows = store.query(f"SELECT ?s WHERE {{ ?s a <{SH}PropertyShape> FILTER(isIRI(?s)) }}")
    names = {row["s"].value.rsplit("/", 1)[-1] for row in rows}  # type: ignore[union-attr]
    assert names - tested == set()


def _in_lists(store: ox.Store) -> dict[str, set[str]]:
    """sh:path IRI -> set of sh:in values, over every shape with both."""
    out: dict[str, set[str]] = {}
    rows = store.query(f"""
        SELECT ?path ?v WHERE {{ ?s <{SH}path> ?path ; <{SH}in>/<{V.RDF}rest>*/<{V.RDF}first> ?v
        FILTER(isIRI(?path)) }}""")
    for row in rows:  # type: ignore[union-attr]
        out.setdefault(row["path"].value, set()).add(row["v"].value)
    return out


ENUM_PATHS = {
    C + "overallStatus": V.STATUS, C + "siteStatus": V.STATUS, C + "phase": V.PHASE,
    C + "studyType": V.STUDY_TYPE, C + "interventionType": V.INTERVENTION_TYPE,
    C + "sex": V.SEX, C + "allocation": V.ALLOCATION,
    C + "interventionModel": V.INTERVENTION_MODEL, C + "primaryPurpose": V.PRIMARY_PURPOSE,
    C + "masking": V.MASKING, C + "maskedRole": V.WHO_MASKED,
    C + "observationalModel": V.OBSERVATIONAL_MODEL, C + "timePerspective": V.TIME_PERSPECTIVE,
    C + "armType": V.ARM_TYPE, C + "enrollmentType": V.DATE_TYPE,
    C + "agencyClass": V.AGENCY_CLASS, C + "role": V.OFFICIAL_ROLE,
    C + "referenceType": V.REFERENCE_TYPE, C + "ageGroup": V.STD_AGE,
    C + "responsiblePartyType": V.RESPONSIBLE_PARTY,
}
MAP_PATHS = {C + "productKind": V.PRODUCT_KIND, C + "donor": V.DONOR, C + "route": V.ROUTE,
             C + "geneticModification": V.MODIFICATION}


@pytest.mark.parametrize("path", sorted(ENUM_PATHS) + sorted(MAP_PATHS))
def test_in_lists_equal_vocab(path: str) -> None:
    expected = set(ENUM_PATHS[path].iris.values()) if path in ENUM_PATHS else set(
        MAP_PATHS[path].values())
    assert _in_lists(_shapes_store())[path] == expected


def test_every_enumeration_is_checked_by_a_shape() -> None:
    checked = {e.name for e in ENUM_PATHS.values()}
    assert checked == {e.name for e in V.ENUMERATIONS}


def test_date_type_list_equals_vocab() -> None:
    store = _shapes_store()
    rows = store.query(f"""SELECT ?v WHERE {{
        <{C}shapes/TrialDateTypeShape> <{SH}in>/<{V.RDF}rest>*/<{V.RDF}first> ?v }}""")
    assert {r["v"].value for r in rows} == set(V.DATE_TYPE.iris.values())  # type: ignore
