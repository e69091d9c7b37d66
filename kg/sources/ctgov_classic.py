"""Classic API full-study JSON ("FullStudy" / "ProtocolSection") -> the v2 shape.

The conversion is a declarative tree (``CLASSIC``): for each classic key, the v2 key and how
to convert the value. Keys that are not in the tree (contacts' internals, results, annotation)
are dropped; values that cannot be converted (an unknown phase, "twenty" as a count) are
errors naming the v2 field. The study-fields reader reuses the same tree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from kg import vocab
from kg.errors import FieldError
from kg.sources import values as v
from kg.sources.record import first_problem

FORMAT = "ctgov-classic"

Convert = Callable[[Any, str], Any]


@dataclass(frozen=True)
class Leaf:
    """A value converted by a function of (value, v2 path)."""

    convert: Convert


@dataclass(frozen=True)
class Fields:
    """An object: classic key -> (v2 key, node)."""

    keys: Mapping[str, tuple[str, Node]]


@dataclass(frozen=True)
class Wrapped:
    """A classic list wrapper ``{"Condition": [...]}``: v2 has the bare list (or its first item)."""

    inner: str
    item: Node
    first: bool = False


Node = Leaf | Fields | Wrapped


def _fields(keys: dict[str, tuple[str, Node]]) -> Fields:
    return Fields(MappingProxyType(keys))


def _code(enum: vocab.Enumeration) -> Leaf:
    return Leaf(lambda value, path: v.enum_code(enum, value, path))


TEXT = Leaf(v.text)
DATE = Leaf(v.iso_date)
COUNT = Leaf(v.whole_number)
YES_NO = Leaf(v.yes_no)
MESH_ID = Leaf(v.mesh_id)


def _texts(inner: str) -> Wrapped:
    return Wrapped(inner, TEXT)


def _date_struct(prefix: str) -> Fields:
    return _fields({prefix: ("date", DATE), prefix + "Type": ("type", _code(vocab.DATE_TYPE))})


def _outcomes(kind: str) -> Wrapped:
    return Wrapped(kind, _fields({
        kind + "Measure": ("measure", TEXT),
        kind + "Description": ("description", TEXT),
        kind + "TimeFrame": ("timeFrame", TEXT),
    }))


def _browse(kind: str) -> Fields:
    def terms(name: str) -> Wrapped:
        return Wrapped(name, _fields({name + "Id": ("id", MESH_ID), name + "Term": ("term", TEXT)}))

    return _fields({
        f"{kind}MeshList": ("meshes", terms(f"{kind}Mesh")),
        f"{kind}AncestorList": ("ancestors", terms(f"{kind}Ancestor")),
        f"{kind}BrowseLeafList": ("browseLeaves", Wrapped(f"{kind}BrowseLeaf", _fields({
            f"{kind}BrowseLeafId": ("id", TEXT),
            f"{kind}BrowseLeafName": ("name", TEXT),
            f"{kind}BrowseLeafAsFound": ("asFound", TEXT),
            f"{kind}BrowseLeafRelevance": ("relevance", _code(v.BROWSE_RELEVANCE)),
        }))),
        f"{kind}BrowseBranchList": ("browseBranches", Wrapped(f"{kind}BrowseBranch", _fields({
            f"{kind}BrowseBranchAbbrev": ("abbrev", TEXT),
            f"{kind}BrowseBranchName": ("name", TEXT),
        }))),
    })


def _contact(prefix: str) -> Fields:
    return _fields({
        prefix + "Name": ("name", TEXT),
        prefix + "Role": ("role", _code(v.CONTACT_ROLE)),
        prefix + "Phone": ("phone", TEXT),
        prefix + "PhoneExt": ("phoneExt", TEXT),
        prefix + "EMail": ("email", TEXT),
    })


IDENTIFICATION = _fields({
    "NCTId": ("nctId", TEXT),
    "NCTIdAliasList": ("nctIdAliases", _texts("NCTIdAlias")),
    "OrgStudyIdInfo": ("orgStudyIdInfo", _fields({
        "OrgStudyId": ("id", TEXT),
        "OrgStudyIdType": ("type", _code(v.SECONDARY_ID_TYPE)),
        "OrgStudyIdLink": ("link", TEXT),
    })),
    "SecondaryIdInfoList": ("secondaryIdInfos", Wrapped("SecondaryIdInfo", _fields({
        "SecondaryId": ("id", TEXT),
        "SecondaryIdType": ("type", _code(v.SECONDARY_ID_TYPE)),
        "SecondaryIdDomain": ("domain", TEXT),
        "SecondaryIdLink": ("link", TEXT),
    }))),
    "Organization": ("organization", _fields({
        "OrgFullName": ("fullName", TEXT),
        "OrgClass": ("class", _code(vocab.AGENCY_CLASS)),
    })),
    "BriefTitle": ("briefTitle", TEXT),
    "OfficialTitle": ("officialTitle", TEXT),
    "Acronym": ("acronym", TEXT),
})

STATUS = _fields({
    "StatusVerifiedDate": ("statusVerifiedDate", DATE),
    "OverallStatus": ("overallStatus", _code(vocab.STATUS)),
    "LastKnownStatus": ("lastKnownStatus", _code(vocab.STATUS)),
    "WhyStopped": ("whyStopped", TEXT),
    "ExpandedAccessInfo": ("expandedAccessInfo", _fields({
        "HasExpandedAccess": ("hasExpandedAccess", YES_NO),
        "ExpandedAccessNCTId": ("nctId", TEXT),
        "ExpandedAccessStatusForNCTId": ("statusForNctId", _code(vocab.STATUS)),
    })),
    "StartDateStruct": ("startDateStruct", _date_struct("StartDate")),
    "PrimaryCompletionDateStruct": ("primaryCompletionDateStruct",
                                    _date_struct("PrimaryCompletionDate")),
    "CompletionDateStruct": ("completionDateStruct", _date_struct("CompletionDate")),
    "StudyFirstSubmitDate": ("studyFirstSubmitDate", DATE),
    "StudyFirstSubmitQCDate": ("studyFirstSubmitQcDate", DATE),
    "StudyFirstPostDateStruct": ("studyFirstPostDateStruct", _date_struct("StudyFirstPostDate")),
    "ResultsFirstSubmitDate": ("resultsFirstSubmitDate", DATE),
    "ResultsFirstSubmitQCDate": ("resultsFirstSubmitQcDate", DATE),
    "ResultsFirstPostDateStruct": ("resultsFirstPostDateStruct",
                                   _date_struct("ResultsFirstPostDate")),
    "DispFirstSubmitDate": ("dispFirstSubmitDate", DATE),
    "DispFirstSubmitQCDate": ("dispFirstSubmitQcDate", DATE),
    "DispFirstPostDateStruct": ("dispFirstPostDateStruct", _date_struct("DispFirstPostDate")),
    "LastUpdateSubmitDate": ("lastUpdateSubmitDate", DATE),
    "LastUpdatePostDateStruct": ("lastUpdatePostDateStruct", _date_struct("LastUpdatePostDate")),
})

SPONSORS = _fields({
    "ResponsibleParty": ("responsibleParty", _fields({
        "ResponsiblePartyType": ("type", _code(vocab.RESPONSIBLE_PARTY)),
        "ResponsiblePartyInvestigatorFullName": ("investigatorFullName", TEXT),
        "ResponsiblePartyInvestigatorTitle": ("investigatorTitle", TEXT),
        "ResponsiblePartyInvestigatorAffiliation": ("investigatorAffiliation", TEXT),
        "ResponsiblePartyOldNameTitle": ("oldNameTitle", TEXT),
        "ResponsiblePartyOldOrganization": ("oldOrganization", TEXT),
    })),
    "LeadSponsor": ("leadSponsor", _fields({
        "LeadSponsorName": ("name", TEXT),
        "LeadSponsorClass": ("class", _code(vocab.AGENCY_CLASS)),
    })),
    "CollaboratorList": ("collaborators", Wrapped("Collaborator", _fields({
        "CollaboratorName": ("name", TEXT),
        "CollaboratorClass": ("class", _code(vocab.AGENCY_CLASS)),
    }))),
})

OVERSIGHT = _fields({
    "OversightHasDMC": ("oversightHasDmc", YES_NO),
    "IsFDARegulatedDrug": ("isFdaRegulatedDrug", YES_NO),
    "IsFDARegulatedDevice": ("isFdaRegulatedDevice", YES_NO),
    "IsUnapprovedDevice": ("isUnapprovedDevice", YES_NO),
    "IsUSExport": ("isUsExport", YES_NO),
})

DESIGN = _fields({
    "StudyType": ("studyType", _code(vocab.STUDY_TYPE)),
    "PatientRegistry": ("patientRegistry", YES_NO),
    "TargetDuration": ("targetDuration", TEXT),
    "ExpandedAccessTypes": ("expandedAccessTypes", _fields({
        "ExpAccTypeIndividual": ("individual", YES_NO),
        "ExpAccTypeIntermediate": ("intermediate", YES_NO),
        "ExpAccTypeTreatment": ("treatment", YES_NO),
    })),
    "PhaseList": ("phases", Wrapped("Phase", _code(vocab.PHASE))),
    "DesignInfo": ("designInfo", _fields({
        "DesignAllocation": ("allocation", _code(vocab.ALLOCATION)),
        "DesignInterventionModel": ("interventionModel", _code(vocab.INTERVENTION_MODEL)),
        "DesignInterventionModelDescription": ("interventionModelDescription", TEXT),
        "DesignPrimaryPurpose": ("primaryPurpose", _code(vocab.PRIMARY_PURPOSE)),
        # v2 keeps one observational model and one time perspective
        "DesignObservationalModelList": ("observationalModel", Wrapped(
            "DesignObservationalModel", _code(vocab.OBSERVATIONAL_MODEL), first=True)),
        "DesignTimePerspectiveList": ("timePerspective", Wrapped(
            "DesignTimePerspective", _code(vocab.TIME_PERSPECTIVE), first=True)),
        "DesignMaskingInfo": ("maskingInfo", _fields({
            "DesignMasking": ("masking", _code(vocab.MASKING)),
            "DesignMaskingDescription": ("maskingDescription", TEXT),
            "DesignWhoMaskedList": ("whoMasked", Wrapped(
                "DesignWhoMasked", _code(vocab.WHO_MASKED))),
        })),
    })),
    "BioSpec": ("bioSpec", _fields({
        "BioSpecRetention": ("retention", _code(v.BIOSPEC_RETENTION)),
        "BioSpecDescription": ("description", TEXT),
    })),
    "EnrollmentInfo": ("enrollmentInfo", _fields({
        "EnrollmentCount": ("count", COUNT),
        "EnrollmentType": ("type", _code(vocab.DATE_TYPE)),
    })),
})

ARMS_INTERVENTIONS = _fields({
    "ArmGroupList": ("armGroups", Wrapped("ArmGroup", _fields({
        "ArmGroupLabel": ("label", TEXT),
        "ArmGroupType": ("type", _code(vocab.ARM_TYPE)),
        "ArmGroupDescription": ("description", TEXT),
        "ArmGroupInterventionList": ("interventionNames", _texts("ArmGroupInterventionName")),
    }))),
    "InterventionList": ("interventions", Wrapped("Intervention", _fields({
        "InterventionType": ("type", _code(vocab.INTERVENTION_TYPE)),
        "InterventionName": ("name", TEXT),
        "InterventionDescription": ("description", TEXT),
        "InterventionArmGroupLabelList": ("armGroupLabels", _texts("InterventionArmGroupLabel")),
        "InterventionOtherNameList": ("otherNames", _texts("InterventionOtherName")),
    }))),
})

ELIGIBILITY = _fields({
    "EligibilityCriteria": ("eligibilityCriteria", TEXT),
    "HealthyVolunteers": ("healthyVolunteers", YES_NO),
    "Gender": ("sex", _code(vocab.SEX)),
    "GenderBased": ("genderBased", YES_NO),
    "GenderDescription": ("genderDescription", TEXT),
    "MinimumAge": ("minimumAge", TEXT),
    "MaximumAge": ("maximumAge", TEXT),
    "StdAgeList": ("stdAges", Wrapped("StdAge", _code(vocab.STD_AGE))),
    "StudyPopulation": ("studyPopulation", TEXT),
    "SamplingMethod": ("samplingMethod", _code(v.SAMPLING_METHOD)),
})

CONTACTS_LOCATIONS = _fields({
    "CentralContactList": ("centralContacts", Wrapped("CentralContact",
                                                      _contact("CentralContact"))),
    "OverallOfficialList": ("overallOfficials", Wrapped("OverallOfficial", _fields({
        "OverallOfficialName": ("name", TEXT),
        "OverallOfficialAffiliation": ("affiliation", TEXT),
        "OverallOfficialRole": ("role", _code(vocab.OFFICIAL_ROLE)),
    }))),
    "LocationList": ("locations", Wrapped("Location", _fields({
        "LocationFacility": ("facility", TEXT),
        "LocationStatus": ("status", _code(vocab.STATUS)),
        "LocationCity": ("city", TEXT),
        "LocationState": ("state", TEXT),
        "LocationZip": ("zip", TEXT),
        "LocationCountry": ("country", TEXT),
        "LocationContactList": ("contacts", Wrapped("LocationContact",
                                                    _contact("LocationContact"))),
    }))),
})

REFERENCES = _fields({
    "ReferenceList": ("references", Wrapped("Reference", _fields({
        "ReferencePMID": ("pmid", TEXT),
        "ReferenceType": ("type", _code(vocab.REFERENCE_TYPE)),
        "ReferenceCitation": ("citation", TEXT),
        "RetractionList": ("retractions", Wrapped("Retraction", _fields({
            "RetractionPMID": ("pmid", TEXT),
            "RetractionSource": ("source", TEXT),
        }))),
    }))),
    "SeeAlsoLinkList": ("seeAlsoLinks", Wrapped("SeeAlsoLink", _fields({
        "SeeAlsoLinkLabel": ("label", TEXT),
        "SeeAlsoLinkURL": ("url", TEXT),
    }))),
    "AvailIPDList": ("availIpds", Wrapped("AvailIPD", _fields({
        "AvailIPDId": ("id", TEXT),
        "AvailIPDType": ("type", TEXT),
        "AvailIPDURL": ("url", TEXT),
        "AvailIPDComment": ("comment", TEXT),
    }))),
})

IPD_SHARING = _fields({
    "IPDSharing": ("ipdSharing", _code(v.IPD_SHARING)),
    "IPDSharingDescription": ("description", TEXT),
    "IPDSharingInfoTypeList": ("infoTypes", Wrapped("IPDSharingInfoType",
                                                    _code(v.IPD_INFO_TYPE))),
    "IPDSharingTimeFrame": ("timeFrame", TEXT),
    "IPDSharingAccessCriteria": ("accessCriteria", TEXT),
    "IPDSharingURL": ("url", TEXT),
})

#: The whole conversion tree, from the classic study object to the v2 study dict.
CLASSIC = _fields({
    "ProtocolSection": ("protocolSection", _fields({
        "IdentificationModule": ("identificationModule", IDENTIFICATION),
        "StatusModule": ("statusModule", STATUS),
        "SponsorCollaboratorsModule": ("sponsorCollaboratorsModule", SPONSORS),
        "OversightModule": ("oversightModule", OVERSIGHT),
        "DescriptionModule": ("descriptionModule", _fields({
            "BriefSummary": ("briefSummary", TEXT),
            "DetailedDescription": ("detailedDescription", TEXT),
        })),
        "ConditionsModule": ("conditionsModule", _fields({
            "ConditionList": ("conditions", _texts("Condition")),
            "KeywordList": ("keywords", _texts("Keyword")),
        })),
        "DesignModule": ("designModule", DESIGN),
        "ArmsInterventionsModule": ("armsInterventionsModule", ARMS_INTERVENTIONS),
        "OutcomesModule": ("outcomesModule", _fields({
            "PrimaryOutcomeList": ("primaryOutcomes", _outcomes("PrimaryOutcome")),
            "SecondaryOutcomeList": ("secondaryOutcomes", _outcomes("SecondaryOutcome")),
            "OtherOutcomeList": ("otherOutcomes", _outcomes("OtherOutcome")),
        })),
        "EligibilityModule": ("eligibilityModule", ELIGIBILITY),
        "ContactsLocationsModule": ("contactsLocationsModule", CONTACTS_LOCATIONS),
        "ReferencesModule": ("referencesModule", REFERENCES),
        "IPDSharingStatementModule": ("ipdSharingStatementModule", IPD_SHARING),
    })),
    "DerivedSection": ("derivedSection", _fields({
        "MiscInfoModule": ("miscInfoModule", _fields({
            "VersionHolder": ("versionHolder", DATE),
            "RemovedCountryList": ("removedCountries", _texts("RemovedCountry")),
        })),
        "ConditionBrowseModule": ("conditionBrowseModule", _browse("Condition")),
        "InterventionBrowseModule": ("interventionBrowseModule", _browse("Intervention")),
    })),
})


def is_study(value: Any) -> bool:
    """Whether a JSON value is one classic study object (it has a ``ProtocolSection``)."""
    return isinstance(value, dict) and "ProtocolSection" in value


def nct_id_hint(raw: Any) -> str | None:
    """Return the NCT id as written in the classic record, if any, for error messages."""
    if not isinstance(raw, dict):
        return None
    section = raw.get("ProtocolSection")
    ident = section.get("IdentificationModule") if isinstance(section, dict) else None
    value = ident.get("NCTId") if isinstance(ident, dict) else None
    return value if isinstance(value, str) else None


def to_v2(raw: Any) -> dict[str, Any]:
    """Convert one classic study object to a v2 study dict; raise FieldError on bad values."""
    problems: list[FieldError] = []
    study = convert(CLASSIC, raw, "", problems)
    if problems:
        raise first_problem(problems)
    result: dict[str, Any] = study or {}
    result["hasResults"] = isinstance(raw, dict) and "ResultsSection" in raw
    return result


def convert(node: Node, value: Any, path: str, problems: list[FieldError]) -> Any:
    """Convert ``value`` by ``node``; problems below an object are collected, not raised.

    Returns None for a value that converts to nothing (an empty wrapper, an empty object).
    """
    if isinstance(node, Leaf):
        return node.convert(value, path)
    if isinstance(node, Fields):
        return _convert_fields(node, value, path, problems)
    return _convert_wrapped(node, value, path, problems)


def _convert_fields(node: Fields, value: Any, path: str,
                    problems: list[FieldError]) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        raise FieldError(path, f"expected an object, got {v.describe(value)}")
    out: dict[str, Any] = {}
    for key, item in value.items():
        rule = node.keys.get(key)
        if rule is None:
            continue  # no v2 counterpart: dropped on purpose
        v2_key, sub = rule
        sub_path = f"{path}.{v2_key}" if path else v2_key
        try:
            result = convert(sub, item, sub_path, problems)
        except FieldError as error:
            problems.append(error)
            continue
        if result is not None and result != {}:
            out[v2_key] = result
    return out or None


def _convert_wrapped(node: Wrapped, value: Any, path: str, problems: list[FieldError]) -> Any:
    if not isinstance(value, dict):
        raise FieldError(path, f"expected an object holding {node.inner!r}, "
                               f"got {v.describe(value)}")
    items = value.get(node.inner)
    if items is None:
        return None
    if not isinstance(items, list):
        raise FieldError(path, f"expected a list in {node.inner!r}, got {v.describe(items)}")
    out: list[Any] = []
    for index, item in enumerate(items):
        item_path = f"{path}[{index}]" if isinstance(node.item, Fields) else path
        try:
            result = convert(node.item, item, item_path, problems)
        except FieldError as error:
            problems.append(error)
            continue
        if result is not None:
            out.append(result)
    if node.first:
        return out[0] if out else None
    return out
