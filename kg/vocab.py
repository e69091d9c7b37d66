"""Namespaces and every IRI the world defines: registry enumerations and ontology terms.

Registry enumerations (status, phase, study type, ...) are tables from the API v2 code to a
project IRI and the display label the classic API and the legacy XML use for the same value.
Readers use the labels to convert older records to v2 codes; the mapper uses the IRIs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from types import MappingProxyType

CTKG = "https://w3id.org/cell-trials-kg/"
OBO = "http://purl.obolibrary.org/obo/"
EFO = "http://www.ebi.ac.uk/efo/"
MESH = "http://id.nlm.nih.gov/mesh/"
NCIT = OBO + "NCIT_"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "http://schema.org/"
SH = "http://www.w3.org/ns/shacl#"
OBOINOWL = "http://www.geneontology.org/formats/oboInOwl#"
IAO = "http://purl.obolibrary.org/obo/IAO_"
PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"
CTGOV_STUDY = "https://clinicaltrials.gov/study/"

ONTOLOGY_GRAPH = CTKG + "graph/ontology"
NCT_ID = re.compile(r"^NCT\d{8}$")

#: Prefixes used in exports, query headers and CURIE expansion (one place).
PREFIXES: Mapping[str, str] = MappingProxyType(
    {
        "ctkg": CTKG,
        "rdf": RDF,
        "rdfs": RDFS,
        "owl": OWL,
        "xsd": XSD,
        "skos": SKOS,
        "dcterms": DCTERMS,
        "prov": PROV,
        "schema": SCHEMA,
        "sh": SH,
        "oboInOwl": OBOINOWL,
        "obo": OBO,
        "MONDO": OBO + "MONDO_",
        "CL": OBO + "CL_",
        "UBERON": OBO + "UBERON_",
        "HP": OBO + "HP_",
        "MAXO": OBO + "MAXO_",
        "DOID": OBO + "DOID_",
        "NCIT": NCIT,
        "EFO": EFO + "EFO_",
        "CHEBI": OBO + "CHEBI_",
        "mesh": MESH,
        "pubmed": PUBMED,
    }
)


def curie_to_iri(curie: str) -> str | None:
    """Expand ``MONDO:0004992`` (or an IRI in angle brackets or bare) to an IRI.

    Returns None when the prefix is unknown. ``MONDO_0004992`` style is not accepted.

    >>> curie_to_iri("MONDO:0004992")
    'http://purl.obolibrary.org/obo/MONDO_0004992'
    >>> curie_to_iri("EFO:0004905")
    'http://www.ebi.ac.uk/efo/EFO_0004905'
    """
    text = curie.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text.startswith(("http://", "https://")):
        return text
    prefix, sep, local = text.partition(":")
    if not sep or not local:
        return None
    base = PREFIXES.get(prefix) or PREFIXES.get(prefix.upper())
    return base + local if base else None


def iri_to_curie(iri: str) -> str:
    """Shorten an IRI with the longest matching prefix, or return it unchanged.

    >>> iri_to_curie("http://purl.obolibrary.org/obo/CL_0000134")
    'CL:0000134'
    """
    best = ""
    best_prefix = ""
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(base) > len(best):
            best, best_prefix = base, prefix
    if not best or best_prefix == "obo":
        return iri
    return f"{best_prefix}:{iri[len(best):]}"


def obo(curie: str) -> str:
    """IRI of an OBO-style CURIE such as ``CL:0000134`` (EFO included)."""
    iri = curie_to_iri(curie)
    if iri is None:
        raise ValueError(f"unknown prefix in {curie!r}")
    return iri


@dataclass(frozen=True)
class Enumeration:
    """A registry enumeration: v2 codes -> project IRIs and display labels."""

    name: str  # the class of its values, e.g. "Phase" -> ctkg:Phase
    field: str  # the v2 field it is read from, for error messages
    iris: Mapping[str, str]
    labels: Mapping[str, str]
    #: Other display spellings met in real records ("Estimate" for ESTIMATED), label -> code.
    aliases: Mapping[str, str] = dataclass_field(default_factory=lambda: MappingProxyType({}))

    @property
    def class_iri(self) -> str:
        """IRI of the class whose instances are the values."""
        return CTKG + self.name

    def __post_init__(self) -> None:
        index = {text.casefold(): code for code, text in self.labels.items()}
        index.update({code.casefold(): code for code in self.labels})
        index.update({alias.casefold(): code for alias, code in self.aliases.items()})
        object.__setattr__(self, "_by_label", MappingProxyType(index))

    def code_for_label(self, label: str) -> str | None:
        """The v2 code of a display label ("Phase 2" -> "PHASE2"), case-insensitive."""
        key = " ".join(label.split()).casefold()
        by_label: Mapping[str, str] = self._by_label  # type: ignore[attr-defined]
        return by_label.get(key) or by_label.get(key.replace(" ", "_"))


def _camel(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("_"))


def _prefixed(prefix: str, camel: str) -> str:
    return camel if camel.startswith(prefix) else prefix + camel


def _enum(name: str, field: str, prefix: str, labels: dict[str, str],
          iri_names: dict[str, str] | None = None,
          aliases: dict[str, str] | None = None) -> Enumeration:
    names = iri_names or {}
    iris = {code: CTKG + names.get(code, _prefixed(prefix, _camel(code))) for code in labels}
    return Enumeration(name, field, MappingProxyType(iris), MappingProxyType(dict(labels)),
                       MappingProxyType(dict(aliases or {})))


STATUS = _enum("RecruitmentStatus", "statusModule.overallStatus", "Status", {
    "ACTIVE_NOT_RECRUITING": "Active, not recruiting",
    "COMPLETED": "Completed",
    "ENROLLING_BY_INVITATION": "Enrolling by invitation",
    "NOT_YET_RECRUITING": "Not yet recruiting",
    "RECRUITING": "Recruiting",
    "SUSPENDED": "Suspended",
    "TERMINATED": "Terminated",
    "WITHDRAWN": "Withdrawn",
    "AVAILABLE": "Available",
    "NO_LONGER_AVAILABLE": "No longer available",
    "TEMPORARILY_NOT_AVAILABLE": "Temporarily not available",
    "APPROVED_FOR_MARKETING": "Approved for marketing",
    "WITHHELD": "Withheld",
    "UNKNOWN": "Unknown status",
})

PHASE = _enum("Phase", "designModule.phases", "Phase", {
    "NA": "Not Applicable",
    "EARLY_PHASE1": "Early Phase 1",
    "PHASE1": "Phase 1",
    "PHASE2": "Phase 2",
    "PHASE3": "Phase 3",
    "PHASE4": "Phase 4",
}, {"NA": "PhaseNA", "EARLY_PHASE1": "EarlyPhase1"}, aliases={"N/A": "NA"})

STUDY_TYPE = _enum("StudyType", "designModule.studyType", "StudyType", {
    "INTERVENTIONAL": "Interventional",
    "OBSERVATIONAL": "Observational",
    "EXPANDED_ACCESS": "Expanded Access",
})

INTERVENTION_TYPE = _enum("InterventionType", "armsInterventionsModule.interventions.type",
                          "InterventionType", {
    "BEHAVIORAL": "Behavioral",
    "BIOLOGICAL": "Biological",
    "COMBINATION_PRODUCT": "Combination Product",
    "DEVICE": "Device",
    "DIAGNOSTIC_TEST": "Diagnostic Test",
    "DIETARY_SUPPLEMENT": "Dietary Supplement",
    "DRUG": "Drug",
    "GENETIC": "Genetic",
    "PROCEDURE": "Procedure",
    "RADIATION": "Radiation",
    "OTHER": "Other",
})

SEX = _enum("Sex", "eligibilityModule.sex", "Sex", {
    "ALL": "All",
    "FEMALE": "Female",
    "MALE": "Male",
})

ALLOCATION = _enum("Allocation", "designModule.designInfo.allocation", "Allocation", {
    "RANDOMIZED": "Randomized",
    "NON_RANDOMIZED": "Non-Randomized",
    "NA": "N/A",
})

INTERVENTION_MODEL = _enum("InterventionModel", "designModule.designInfo.interventionModel",
                           "Model", {
    "SINGLE_GROUP": "Single Group Assignment",
    "PARALLEL": "Parallel Assignment",
    "CROSSOVER": "Crossover Assignment",
    "FACTORIAL": "Factorial Assignment",
    "SEQUENTIAL": "Sequential Assignment",
})

PRIMARY_PURPOSE = _enum("PrimaryPurpose", "designModule.designInfo.primaryPurpose", "Purpose", {
    "TREATMENT": "Treatment",
    "PREVENTION": "Prevention",
    "DIAGNOSTIC": "Diagnostic",
    "ECT": "Educational/Counseling/Training",
    "SUPPORTIVE_CARE": "Supportive Care",
    "SCREENING": "Screening",
    "HEALTH_SERVICES_RESEARCH": "Health Services Research",
    "BASIC_SCIENCE": "Basic Science",
    "DEVICE_FEASIBILITY": "Device Feasibility",
    "OTHER": "Other",
})

MASKING = _enum("Masking", "designModule.designInfo.maskingInfo.masking", "Masking", {
    "NONE": "None (Open Label)",
    "SINGLE": "Single",
    "DOUBLE": "Double",
    "TRIPLE": "Triple",
    "QUADRUPLE": "Quadruple",
})

WHO_MASKED = _enum("MaskedRole", "designModule.designInfo.maskingInfo.whoMasked", "Masked", {
    "PARTICIPANT": "Participant",
    "CARE_PROVIDER": "Care Provider",
    "INVESTIGATOR": "Investigator",
    "OUTCOMES_ASSESSOR": "Outcomes Assessor",
})

OBSERVATIONAL_MODEL = _enum("ObservationalModel", "designModule.designInfo.observationalModel",
                            "ObsModel", {
    "COHORT": "Cohort",
    "CASE_CONTROL": "Case-Control",
    "CASE_ONLY": "Case-Only",
    "CASE_CROSSOVER": "Case-Crossover",
    "ECOLOGIC_OR_COMMUNITY": "Ecologic or Community",
    "FAMILY_BASED": "Family-Based",
    "DEFINED_POPULATION": "Defined Population",
    "NATURAL_HISTORY": "Natural History",
    "OTHER": "Other",
})

TIME_PERSPECTIVE = _enum("TimePerspective", "designModule.designInfo.timePerspective",
                         "TimePerspective", {
    "RETROSPECTIVE": "Retrospective",
    "PROSPECTIVE": "Prospective",
    "CROSS_SECTIONAL": "Cross-Sectional",
    "OTHER": "Other",
})

ARM_TYPE = _enum("ArmGroupType", "armsInterventionsModule.armGroups.type", "Arm", {
    "EXPERIMENTAL": "Experimental",
    "ACTIVE_COMPARATOR": "Active Comparator",
    "PLACEBO_COMPARATOR": "Placebo Comparator",
    "SHAM_COMPARATOR": "Sham Comparator",
    "NO_INTERVENTION": "No Intervention",
    "OTHER": "Other",
})

DATE_TYPE = _enum("DateType", "statusModule.*DateStruct.type", "DateType", {
    "ACTUAL": "Actual",
    "ESTIMATED": "Anticipated",
}, aliases={"Estimate": "ESTIMATED", "Estimated": "ESTIMATED"})

AGENCY_CLASS = _enum("AgencyClass", "sponsorCollaboratorsModule.*.class", "Agency", {
    "NIH": "NIH",
    "FED": "U.S. Fed",
    "OTHER_GOV": "Other U.S. Federal agency",
    "INDIV": "Individual",
    "INDUSTRY": "Industry",
    "NETWORK": "Network",
    "AMBIG": "Ambiguous",
    "OTHER": "Other",
    "UNKNOWN": "Unknown",
})

OFFICIAL_ROLE = _enum("OfficialRole", "contactsLocationsModule.overallOfficials.role", "Role", {
    "STUDY_CHAIR": "Study Chair",
    "STUDY_DIRECTOR": "Study Director",
    "PRINCIPAL_INVESTIGATOR": "Principal Investigator",
    "SUB_INVESTIGATOR": "Sub-Investigator",
})

REFERENCE_TYPE = _enum("ReferenceType", "referencesModule.references.type", "Reference", {
    "BACKGROUND": "background",
    "RESULT": "result",
    "DERIVED": "derived",
})

STD_AGE = _enum("AgeGroup", "eligibilityModule.stdAges", "AgeGroup", {
    "CHILD": "Child",
    "ADULT": "Adult",
    "OLDER_ADULT": "Older Adult",
})

RESPONSIBLE_PARTY = _enum("ResponsiblePartyType",
                          "sponsorCollaboratorsModule.responsibleParty.type", "Responsible", {
    "SPONSOR": "Sponsor",
    "PRINCIPAL_INVESTIGATOR": "Principal Investigator",
    "SPONSOR_INVESTIGATOR": "Sponsor-Investigator",
})

#: Every enumeration, for the ontology consistency test and for SHACL ``sh:in`` lists.
ENUMERATIONS: tuple[Enumeration, ...] = (
    STATUS, PHASE, STUDY_TYPE, INTERVENTION_TYPE, SEX, ALLOCATION, INTERVENTION_MODEL,
    PRIMARY_PURPOSE, MASKING, WHO_MASKED, OBSERVATIONAL_MODEL, TIME_PERSPECTIVE, ARM_TYPE,
    DATE_TYPE, AGENCY_CLASS, OFFICIAL_ROLE, REFERENCE_TYPE, STD_AGE, RESPONSIBLE_PARTY,
)

# --- cell products (issue 3): product kinds, donors, routes, modifications -------------------

PRODUCT_KIND: Mapping[str, str] = MappingProxyType({
    "MSC": CTKG + "MSCProduct",
    "CAR_T": CTKG + "CARTProduct",
    "NK": CTKG + "NKProduct",
    "HSC": CTKG + "HSCProduct",
    "IPSC_DERIVED": CTKG + "IPSCDerivedProduct",
    "ESC_DERIVED": CTKG + "ESCDerivedProduct",
    "OTHER_CELL": CTKG + "OtherCellProduct",
    "EXTRACELLULAR_VESICLES": CTKG + "ExtracellularVesicleProduct",
    "SECRETOME": CTKG + "SecretomeProduct",
    "CONDITIONED_MEDIUM": CTKG + "ConditionedMediumProduct",
})

DONOR: Mapping[str, str] = MappingProxyType({
    "AUTOLOGOUS": CTKG + "Autologous",
    "ALLOGENEIC": CTKG + "Allogeneic",
    "UNSPECIFIED": CTKG + "DonorUnspecified",
})

ROUTE: Mapping[str, str] = MappingProxyType({
    code: CTKG + "Route" + _camel(code) for code in (
        "INTRAVENOUS", "INTRATHECAL", "INTRA_ARTICULAR", "INTRAMUSCULAR", "INTRACORONARY",
        "INTRAMYOCARDIAL", "SUBCUTANEOUS", "INTRADERMAL", "INTRA_ARTERIAL", "INTRAPERITONEAL",
        "INTRANASAL", "INHALATION", "LOCAL_INJECTION", "IMPLANTATION", "TOPICAL", "OTHER",
    )
})

MODIFICATION: Mapping[str, str] = MappingProxyType({
    "CAR": CTKG + "ChimericAntigenReceptor",
    "TCR": CTKG + "EngineeredTCR",
    "GENE_EDITED": CTKG + "GeneEdited",
    "TRANSGENE": CTKG + "Transgene",
})

# --- ontology terms the code refers to by name --------------------------------------------

MSC_CELL = OBO + "CL_0000134"
MALIGNANCY = OBO + "MONDO_0004992"
AUTOIMMUNE_DISEASE = OBO + "MONDO_0007179"


def trial_iri(nct_id: str) -> str:
    """IRI of a trial, which is also the name of its graph."""
    return f"{CTKG}trial/{nct_id}"
