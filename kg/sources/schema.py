"""The v2 study shape the mapper relies on: types and enumeration codes, checked per field.

Only the fields the rest of the pipeline reads are described; other keys pass unchecked.
Every problem is reported as a ``FieldError`` naming the dotted v2 path
(``protocolSection.designModule.enrollmentInfo.count``; items of object lists as ``[i]``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kg import vocab
from kg.errors import FieldError
from kg.sources.values import NCT_FIELD, describe
from kg.vocab import NCT_ID

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Scalar:
    """A leaf: ``text``, ``int``, ``bool``, ``number`` or ``date`` (YYYY[-MM[-DD]])."""

    kind: str


@dataclass(frozen=True)
class Code:
    """A leaf holding a v2 enumeration code of a kg.vocab table."""

    enum: vocab.Enumeration


@dataclass(frozen=True)
class ListOf:
    """A JSON array whose items all follow ``item``."""

    item: Spec


@dataclass(frozen=True)
class Obj:
    """A JSON object; listed keys are checked, other keys are let through."""

    fields: Mapping[str, Spec]


Spec = Scalar | Code | ListOf | Obj

TEXT, INT, BOOL, NUMBER, DATE = (Scalar(k) for k in ("text", "int", "bool", "number", "date"))
TEXTS = ListOf(TEXT)
DATE_STRUCT = Obj({"date": DATE, "type": Code(vocab.DATE_TYPE)})
ORG = Obj({"name": TEXT, "class": Code(vocab.AGENCY_CLASS)})
OUTCOMES = ListOf(Obj({"measure": TEXT, "description": TEXT, "timeFrame": TEXT}))
MESHES = ListOf(Obj({"id": TEXT, "term": TEXT}))
BROWSE = Obj({"meshes": MESHES, "ancestors": MESHES})

STUDY = Obj({
    "protocolSection": Obj({
        "identificationModule": Obj({
            "nctId": TEXT,
            "nctIdAliases": TEXTS,
            "orgStudyIdInfo": Obj({"id": TEXT}),
            "secondaryIdInfos": ListOf(Obj({"id": TEXT, "domain": TEXT, "link": TEXT})),
            "organization": Obj({"fullName": TEXT, "class": Code(vocab.AGENCY_CLASS)}),
            "briefTitle": TEXT,
            "officialTitle": TEXT,
            "acronym": TEXT,
        }),
        "statusModule": Obj({
            "statusVerifiedDate": DATE,
            "overallStatus": Code(vocab.STATUS),
            "lastKnownStatus": Code(vocab.STATUS),
            "whyStopped": TEXT,
            "expandedAccessInfo": Obj({"hasExpandedAccess": BOOL}),
            "startDateStruct": DATE_STRUCT,
            "primaryCompletionDateStruct": DATE_STRUCT,
            "completionDateStruct": DATE_STRUCT,
            "studyFirstSubmitDate": DATE,
            "studyFirstSubmitQcDate": DATE,
            "studyFirstPostDateStruct": DATE_STRUCT,
            "resultsFirstSubmitDate": DATE,
            "resultsFirstPostDateStruct": DATE_STRUCT,
            "lastUpdateSubmitDate": DATE,
            "lastUpdatePostDateStruct": DATE_STRUCT,
        }),
        "sponsorCollaboratorsModule": Obj({
            "responsibleParty": Obj({
                "type": Code(vocab.RESPONSIBLE_PARTY),
                "investigatorFullName": TEXT,
                "investigatorTitle": TEXT,
                "investigatorAffiliation": TEXT,
            }),
            "leadSponsor": ORG,
            "collaborators": ListOf(ORG),
        }),
        "oversightModule": Obj({
            "oversightHasDmc": BOOL, "isFdaRegulatedDrug": BOOL, "isFdaRegulatedDevice": BOOL,
        }),
        "descriptionModule": Obj({"briefSummary": TEXT, "detailedDescription": TEXT}),
        "conditionsModule": Obj({"conditions": TEXTS, "keywords": TEXTS}),
        "designModule": Obj({
            "studyType": Code(vocab.STUDY_TYPE),
            "patientRegistry": BOOL,
            "phases": ListOf(Code(vocab.PHASE)),
            "designInfo": Obj({
                "allocation": Code(vocab.ALLOCATION),
                "interventionModel": Code(vocab.INTERVENTION_MODEL),
                "primaryPurpose": Code(vocab.PRIMARY_PURPOSE),
                "observationalModel": Code(vocab.OBSERVATIONAL_MODEL),
                "timePerspective": Code(vocab.TIME_PERSPECTIVE),
                "maskingInfo": Obj({
                    "masking": Code(vocab.MASKING),
                    "whoMasked": ListOf(Code(vocab.WHO_MASKED)),
                }),
            }),
            "enrollmentInfo": Obj({"count": INT, "type": Code(vocab.DATE_TYPE)}),
        }),
        "armsInterventionsModule": Obj({
            "armGroups": ListOf(Obj({
                "label": TEXT,
                "type": Code(vocab.ARM_TYPE),
                "description": TEXT,
                "interventionNames": TEXTS,
            })),
            "interventions": ListOf(Obj({
                "type": Code(vocab.INTERVENTION_TYPE),
                "name": TEXT,
                "description": TEXT,
                "armGroupLabels": TEXTS,
                "otherNames": TEXTS,
            })),
        }),
        "outcomesModule": Obj({
            "primaryOutcomes": OUTCOMES, "secondaryOutcomes": OUTCOMES, "otherOutcomes": OUTCOMES,
        }),
        "eligibilityModule": Obj({
            "eligibilityCriteria": TEXT,
            "healthyVolunteers": BOOL,
            "sex": Code(vocab.SEX),
            "genderBased": BOOL,
            "minimumAge": TEXT,
            "maximumAge": TEXT,
            "stdAges": ListOf(Code(vocab.STD_AGE)),
        }),
        "contactsLocationsModule": Obj({
            "overallOfficials": ListOf(Obj({
                "name": TEXT, "affiliation": TEXT, "role": Code(vocab.OFFICIAL_ROLE),
            })),
            "locations": ListOf(Obj({
                "facility": TEXT,
                "status": Code(vocab.STATUS),
                "city": TEXT,
                "state": TEXT,
                "zip": TEXT,
                "country": TEXT,
                "geoPoint": Obj({"lat": NUMBER, "lon": NUMBER}),
            })),
        }),
        "referencesModule": Obj({
            "references": ListOf(Obj({
                "pmid": TEXT, "type": Code(vocab.REFERENCE_TYPE), "citation": TEXT,
            })),
        }),
    }),
    "derivedSection": Obj({
        "miscInfoModule": Obj({"versionHolder": DATE}),
        "conditionBrowseModule": BROWSE,
        "interventionBrowseModule": BROWSE,
    }),
    "hasResults": BOOL,
})


def check_study(study: Any) -> list[FieldError]:
    """Every type and enumeration problem of a v2 study dict, NCT id included."""
    problems: list[FieldError] = []
    if not isinstance(study, dict):
        return [FieldError("", f"a study must be a JSON object, got {describe(study)}")]
    _check(study, STUDY, "", problems)
    nct_id = _nct_id_value(study)
    if nct_id is None:
        problems.insert(0, FieldError(NCT_FIELD, "the study has no NCT id"))
    elif not NCT_ID.match(nct_id):
        problems.insert(0, FieldError(
            NCT_FIELD, f"{nct_id!r} is not an NCT id (NCT followed by 8 digits)"))
    return problems


def check_nct_id(study: dict[str, Any]) -> FieldError | None:
    """The NCT id problem of a converted study, if any (the cheap check converters need)."""
    nct_id = _nct_id_value(study)
    if nct_id is None:
        return FieldError(NCT_FIELD, "the study has no NCT id")
    if not NCT_ID.match(nct_id):
        return FieldError(NCT_FIELD, f"{nct_id!r} is not an NCT id (NCT followed by 8 digits)")
    return None


def _nct_id_value(study: dict[str, Any]) -> str | None:
    ident = study.get("protocolSection", {})
    ident = ident.get("identificationModule", {}) if isinstance(ident, dict) else {}
    value = ident.get("nctId") if isinstance(ident, dict) else None
    return value if isinstance(value, str) else None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _check(value: Any, spec: Spec, path: str, problems: list[FieldError]) -> None:
    if value is None:
        return  # an explicit null is treated as an absent field
    if isinstance(spec, Obj):
        if not isinstance(value, dict):
            problems.append(FieldError(path, f"expected an object, got {describe(value)}"))
            return
        for key, sub in spec.fields.items():
            if key in value:
                _check(value[key], sub, _join(path, key), problems)
    elif isinstance(spec, ListOf):
        if not isinstance(value, list):
            problems.append(FieldError(path, f"expected a list, got {describe(value)}"))
            return
        for index, item in enumerate(value):
            # scalar lists are named as a whole (designModule.phases), object items by index
            item_path = f"{path}[{index}]" if isinstance(spec.item, Obj) else path
            _check(item, spec.item, item_path, problems)
    elif isinstance(spec, Code):
        if not isinstance(value, str) or value not in spec.enum.labels:
            known = ", ".join(spec.enum.labels)
            problems.append(FieldError(
                path, f"unknown {spec.enum.name} code {value!r}; expected one of {known}"))
    else:
        _check_scalar(value, spec.kind, path, problems)


def _check_scalar(value: Any, kind: str, path: str, problems: list[FieldError]) -> None:
    if kind == "text":
        ok = isinstance(value, str)
        expected = "text"
    elif kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
        expected = "a whole number"
    elif kind == "bool":
        ok = isinstance(value, bool)
        expected = "true or false"
    elif kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        expected = "a number"
    else:
        ok = isinstance(value, str) and _DATE.match(value) is not None
        expected = "a date YYYY-MM-DD or YYYY-MM"
    if not ok:
        problems.append(FieldError(path, f"expected {expected}, got {describe(value)}"))
