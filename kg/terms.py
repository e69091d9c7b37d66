"""IRIs of the project ontology's classes and properties used by the trial mapper.

Each is declared in ``ontology/ctkg.ttl``; a test checks that every ctkg: IRI the build
writes is declared there, so a typo here fails the suite.
"""

from __future__ import annotations

from kg.vocab import CTKG, DCTERMS, PROV, RDFS, SCHEMA

# classes
TRIAL = CTKG + "Trial"
ORGANIZATION = CTKG + "Organization"
COUNTRY = CTKG + "Country"
ARM_GROUP = CTKG + "ArmGroup"
INTERVENTION = CTKG + "Intervention"
OUTCOME = CTKG + "Outcome"
ELIGIBILITY = CTKG + "Eligibility"
LOCATION = CTKG + "Location"
OFFICIAL = CTKG + "Official"
REFERENCE = CTKG + "Reference"
SECONDARY_ID = CTKG + "SecondaryIdentifier"
SOURCE_RECORD = CTKG + "SourceRecord"
BUILD_ACTIVITY = CTKG + "BuildActivity"
SOFTWARE = CTKG + "Software"
MESH_DESCRIPTOR = CTKG + "MeshDescriptor"

# identification and description (aligned vocabularies where they fit)
IDENTIFIER = DCTERMS + "identifier"
TITLE = DCTERMS + "title"
ABSTRACT = DCTERMS + "abstract"
DESCRIPTION = DCTERMS + "description"
SEE_ALSO = RDFS + "seeAlso"
LABEL = RDFS + "label"
ORG_STUDY_ID = CTKG + "orgStudyId"
SECONDARY_IDENTIFIER = CTKG + "secondaryIdentifier"
ID_TYPE = CTKG + "identifierType"
ID_DOMAIN = CTKG + "identifierDomain"
OFFICIAL_TITLE = CTKG + "officialTitle"
ACRONYM = CTKG + "acronym"
KEYWORD = CTKG + "keyword"
MESH_TERM = CTKG + "meshTerm"
INTERVENTION_MESH_TERM = CTKG + "interventionMeshTerm"

# status and dates
OVERALL_STATUS = CTKG + "overallStatus"
WHY_STOPPED = CTKG + "whyStopped"
STATUS_VERIFIED = CTKG + "statusVerifiedDate"
HAS_EXPANDED_ACCESS = CTKG + "hasExpandedAccess"
HAS_RESULTS = CTKG + "hasResults"
#: v2 status field -> (date property, date-type property)
DATE_PROPERTIES: dict[str, tuple[str, str | None]] = {
    "startDateStruct": (CTKG + "startDate", CTKG + "startDateType"),
    "primaryCompletionDateStruct": (CTKG + "primaryCompletionDate",
                                    CTKG + "primaryCompletionDateType"),
    "completionDateStruct": (CTKG + "completionDate", CTKG + "completionDateType"),
    "studyFirstPostDateStruct": (CTKG + "firstPostedDate", CTKG + "firstPostedDateType"),
    "resultsFirstPostDateStruct": (CTKG + "resultsFirstPostedDate", None),
    "lastUpdatePostDateStruct": (CTKG + "lastUpdatePostedDate", CTKG + "lastUpdatePostedDateType"),
}
FIRST_SUBMITTED = CTKG + "firstSubmittedDate"
LAST_UPDATE_SUBMITTED = CTKG + "lastUpdateSubmittedDate"

# design
STUDY_TYPE = CTKG + "studyType"
PHASE = CTKG + "phase"
ALLOCATION = CTKG + "allocation"
INTERVENTION_MODEL = CTKG + "interventionModel"
PRIMARY_PURPOSE = CTKG + "primaryPurpose"
MASKING = CTKG + "masking"
MASKED_ROLE = CTKG + "maskedRole"
OBSERVATIONAL_MODEL = CTKG + "observationalModel"
TIME_PERSPECTIVE = CTKG + "timePerspective"
ENROLLMENT = CTKG + "enrollment"
ENROLLMENT_TYPE = CTKG + "enrollmentType"
HAS_DMC = CTKG + "hasDataMonitoringCommittee"
FDA_DRUG = CTKG + "isFdaRegulatedDrug"
FDA_DEVICE = CTKG + "isFdaRegulatedDevice"

# sponsors
LEAD_SPONSOR = CTKG + "leadSponsor"
COLLABORATOR = CTKG + "collaborator"
SHARES_TRIAL_WITH = CTKG + "sharesTrialWith"
AGENCY_CLASS = CTKG + "agencyClass"
RESPONSIBLE_PARTY_TYPE = CTKG + "responsiblePartyType"
RESPONSIBLE_INVESTIGATOR = CTKG + "responsibleInvestigator"

# arms, interventions, outcomes
ARM = CTKG + "arm"
ARM_TYPE = CTKG + "armType"
HAS_INTERVENTION = CTKG + "armIntervention"
INTERVENTION_OF_TRIAL = CTKG + "intervention"
INTERVENTION_TYPE = CTKG + "interventionType"
OTHER_NAME = CTKG + "otherName"
POSITION = CTKG + "position"
OUTCOME_PROPERTIES = {
    "primaryOutcomes": CTKG + "primaryOutcome",
    "secondaryOutcomes": CTKG + "secondaryOutcome",
    "otherOutcomes": CTKG + "otherOutcome",
}
MEASURE = CTKG + "measure"
TIME_FRAME = CTKG + "timeFrame"

# eligibility (structured part; criteria nodes are in kg.mapping.eligibility)
ELIGIBILITY_OF_TRIAL = CTKG + "eligibility"
SEX = CTKG + "sex"
MIN_AGE = CTKG + "minimumAge"
MAX_AGE = CTKG + "maximumAge"
MIN_AGE_TEXT = CTKG + "minimumAgeText"
MAX_AGE_TEXT = CTKG + "maximumAgeText"
HEALTHY_VOLUNTEERS = CTKG + "acceptsHealthyVolunteers"
CRITERIA_TEXT = CTKG + "criteriaText"
AGE_GROUP = CTKG + "ageGroup"
GENDER_BASED = CTKG + "genderBased"
GENDER_DESCRIPTION = CTKG + "genderDescription"

# locations, people, references
LOCATION_OF_TRIAL = CTKG + "location"
FACILITY = CTKG + "facility"
CITY = CTKG + "city"
STATE = CTKG + "state"
ZIP = CTKG + "postalCode"
COUNTRY_OF = CTKG + "country"
SITE_STATUS = CTKG + "siteStatus"
LATITUDE = SCHEMA + "latitude"
LONGITUDE = SCHEMA + "longitude"
OFFICIAL_OF_TRIAL = CTKG + "overallOfficial"
NAME = SCHEMA + "name"
ROLE = CTKG + "role"
AFFILIATION = CTKG + "affiliation"
REFERENCE_OF_TRIAL = CTKG + "reference"
PMID = CTKG + "pmid"
REFERENCE_TYPE = CTKG + "referenceType"
CITATION = CTKG + "citation"

# provenance (PROV-O)
WAS_DERIVED_FROM = PROV + "wasDerivedFrom"
WAS_GENERATED_BY = PROV + "wasGeneratedBy"
ENDED_AT = PROV + "endedAtTime"
WAS_ASSOCIATED_WITH = PROV + "wasAssociatedWith"
SOURCE_FILE = CTKG + "sourceFile"
SOURCE_FORMAT = CTKG + "sourceFormat"
RECORD_LAST_UPDATE = CTKG + "recordLastUpdate"
REGISTRY_VERSION = CTKG + "registryVersion"
SOFTWARE_VERSION = CTKG + "softwareVersion"
