"""Legacy ``<clinical_study>`` XML (ClinicalTrials.gov public.xsd) -> the v2 shape.

XML is parsed only with defusedxml and with DTDs refused: registry records have none, and a
DTD is how entity-expansion and external-entity attacks get in.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from kg import vocab
from kg.errors import FieldError, RecordError
from kg.sources import values as v
from kg.sources.record import first_problem

FORMAT = "ctgov-xml"

_DOWNLOAD_DATE = re.compile(r"processed this data on (.+)$")
_MASKING = re.compile(r"^(?P<masking>[^(]+?)\s*\((?P<who>[^)]*)\)$")
_STUDY_TYPE = re.compile(r"^(?P<type>[^\[]+?)\s*\[(?P<note>[^\]]*)\]$")
_LIST_MARKER = re.compile(
    r"^(?:[-*•·]|\d{1,2}[.)]|[a-zA-Z][.)]|\((?:[a-z]|[ivx]{1,4}|\d{1,2})\))\s+")
_BULLET = re.compile(r"^[-*•·]\s+")

_STATUS = "protocolSection.statusModule"
_DESIGN = "protocolSection.designModule"
_ELIGIBILITY = "protocolSection.eligibilityModule"


def parse(data: bytes) -> Element:
    """Parse XML bytes safely; DTDs, entities and malformed XML are RecordErrors."""
    try:
        root: Element = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise RecordError(f"refused XML with a DTD or entity declaration ({type(error).__name__})"
                          "; registry records have none and they can carry entity-expansion or "
                          "external-entity attacks") from error
    except ParseError as error:
        raise RecordError(f"not well-formed XML: {error}") from error
    return root


def is_study(root: Element) -> bool:
    """Whether a parsed XML document is a legacy registry record."""
    return root.tag == "clinical_study"


def nct_id_hint(root: Element) -> str | None:
    """Return the NCT id as written in the record, if any, for error messages."""
    value = root.findtext("id_info/nct_id")
    return value.strip() if value else None


def to_v2(root: Element) -> dict[str, Any]:
    """Convert one ``<clinical_study>`` element to a v2 study dict; raise FieldError."""
    problems: list[FieldError] = []
    ctx = _Context(problems)
    protocol = {
        "identificationModule": _identification(root),
        "statusModule": _status(root, ctx),
        "sponsorCollaboratorsModule": _sponsors(root, ctx),
        "oversightModule": _oversight(root, ctx),
        "descriptionModule": _drop_empty({
            "briefSummary": _textblock(root, "brief_summary"),
            "detailedDescription": _textblock(root, "detailed_description"),
        }),
        "conditionsModule": _drop_empty({
            "conditions": _texts(root, "condition"),
            "keywords": _texts(root, "keyword"),
        }),
        "designModule": _design(root, ctx),
        "armsInterventionsModule": _arms_interventions(root, ctx),
        "outcomesModule": _drop_empty({
            f"{kind}Outcomes": [_drop_empty({
                "measure": _text(el, "measure"),
                "description": _text(el, "description"),
                "timeFrame": _text(el, "time_frame"),
            }) for el in root.findall(f"{kind}_outcome")]
            for kind in ("primary", "secondary", "other")
        }),
        "eligibilityModule": _eligibility(root, ctx),
        "contactsLocationsModule": _contacts_locations(root, ctx),
        "referencesModule": _references(root),
        "ipdSharingStatementModule": _ipd(root, ctx),
    }
    study: dict[str, Any] = {
        "protocolSection": _drop_empty(protocol),
        "derivedSection": _drop_empty({
            "miscInfoModule": _drop_empty({
                "versionHolder": _version_holder(root),
                "removedCountries": _texts(root, "removed_countries/country"),
            }),
            "conditionBrowseModule": _browse(root, "condition_browse"),
            "interventionBrowseModule": _browse(root, "intervention_browse"),
        }),
        "hasResults": root.find("clinical_results") is not None,
    }
    if problems:
        raise first_problem(problems)
    return study


class _Context:
    """Collects conversion problems so that one record reports all of them at once."""

    def __init__(self, problems: list[FieldError]) -> None:
        self.problems = problems

    def value(self, convert: Callable[[Any, str], Any], raw: str | None, path: str) -> Any:
        """``convert(raw, path)``, or None (and a recorded problem) when it fails."""
        if raw is None:
            return None
        try:
            return convert(raw, path)
        except FieldError as error:
            self.problems.append(error)
            return None

    def code(self, enum: vocab.Enumeration, raw: str | None, path: str) -> str | None:
        """Return the v2 code of a display label, or None with a recorded problem."""
        code: str | None = self.value(lambda value, p: v.enum_code(enum, value, p), raw, path)
        return code


def _drop_empty(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: val for k, val in mapping.items() if val not in (None, "", [], {})}


def _text(el: Element, path: str) -> str | None:
    value = el.findtext(path)
    if value is None:
        return None
    value = value.strip()
    return value or None


def _texts(el: Element, path: str) -> list[str]:
    return [t.strip() for t in (x.text for x in el.findall(path)) if t and t.strip()]


def _textblock(el: Element, path: str) -> str | None:
    raw = el.findtext(f"{path}/textblock")
    if raw is None:
        return None
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body = textwrap.dedent("\n".join(line.rstrip() for line in lines)).strip("\n")
    return _unwrap(body) or None


def _unwrap(body: str) -> str:
    """Undo the XML's hard wrapping: paragraphs and list items become one line each.

    The registry rendered every source line as its own blank-line-separated block, so
    inside a block only a list marker starts a new line; bullets become "* " as in v2.
    """
    blocks = []
    for block in re.split(r"\n\s*\n", body):
        joined: list[str] = []
        for line in (raw.strip() for raw in block.split("\n")):
            if not line:
                continue
            if joined and not _LIST_MARKER.match(line):
                joined[-1] += " " + line
            else:
                joined.append(_BULLET.sub("* ", line))
        if joined:
            blocks.append("\n".join(joined))
    return "\n\n".join(blocks)


def _dated(root: Element, tag: str, path: str, ctx: _Context) -> dict[str, Any] | None:
    el = root.find(tag)
    if el is None or not (el.text or "").strip():
        return None
    return _drop_empty({
        "date": ctx.value(v.iso_date, el.text, f"{path}.date"),
        "type": ctx.code(vocab.DATE_TYPE, el.get("type"), f"{path}.type"),
    })


def _identification(root: Element) -> dict[str, Any]:
    return _drop_empty({
        "nctId": _text(root, "id_info/nct_id"),
        "nctIdAliases": _texts(root, "id_info/nct_alias"),
        "orgStudyIdInfo": _drop_empty({"id": _text(root, "id_info/org_study_id")}),
        "secondaryIdInfos": [{"id": s} for s in _texts(root, "id_info/secondary_id")],
        "organization": _drop_empty({"fullName": _text(root, "source")}),
        "briefTitle": _text(root, "brief_title"),
        "officialTitle": _text(root, "official_title"),
        "acronym": _text(root, "acronym"),
    })


def _status(root: Element, ctx: _Context) -> dict[str, Any]:
    s = _STATUS
    dates = {
        "studyFirstSubmitDate": "study_first_submitted",
        "studyFirstSubmitQcDate": "study_first_submitted_qc",
        "resultsFirstSubmitDate": "results_first_submitted",
        "resultsFirstSubmitQcDate": "results_first_submitted_qc",
        "dispFirstSubmitDate": "disposition_first_submitted",
        "dispFirstSubmitQcDate": "disposition_first_submitted_qc",
        "lastUpdateSubmitDate": "last_update_submitted",
        "statusVerifiedDate": "verification_date",
    }
    structs = {
        "startDateStruct": "start_date",
        "primaryCompletionDateStruct": "primary_completion_date",
        "completionDateStruct": "completion_date",
        "studyFirstPostDateStruct": "study_first_posted",
        "resultsFirstPostDateStruct": "results_first_posted",
        "dispFirstPostDateStruct": "disposition_first_posted",
        "lastUpdatePostDateStruct": "last_update_posted",
    }
    out: dict[str, Any] = {
        "overallStatus": ctx.code(vocab.STATUS, _text(root, "overall_status"),
                                  f"{s}.overallStatus"),
        "lastKnownStatus": ctx.code(vocab.STATUS, _text(root, "last_known_status"),
                                    f"{s}.lastKnownStatus"),
        "whyStopped": _text(root, "why_stopped"),
        "expandedAccessInfo": _drop_empty({"hasExpandedAccess": ctx.value(
            v.yes_no, _text(root, "has_expanded_access"),
            f"{s}.expandedAccessInfo.hasExpandedAccess")}),
    }
    for key, tag in dates.items():
        out[key] = ctx.value(v.iso_date, _text(root, tag), f"{s}.{key}")
    for key, tag in structs.items():
        out[key] = _dated(root, tag, f"{s}.{key}", ctx)
    return _drop_empty(out)


def _agency(el: Element, path: str, ctx: _Context) -> dict[str, Any]:
    return _drop_empty({
        "name": _text(el, "agency"),
        "class": ctx.code(vocab.AGENCY_CLASS, _text(el, "agency_class"), f"{path}.class"),
    })


def _sponsors(root: Element, ctx: _Context) -> dict[str, Any]:
    base = "protocolSection.sponsorCollaboratorsModule"
    lead = root.find("sponsors/lead_sponsor")
    party = root.find("responsible_party")
    return _drop_empty({
        "responsibleParty": None if party is None else _drop_empty({
            "type": ctx.code(vocab.RESPONSIBLE_PARTY, _text(party, "responsible_party_type"),
                             f"{base}.responsibleParty.type"),
            "investigatorFullName": _text(party, "investigator_full_name"),
            "investigatorTitle": _text(party, "investigator_title"),
            "investigatorAffiliation": _text(party, "investigator_affiliation"),
            "oldNameTitle": _text(party, "name_title"),
            "oldOrganization": _text(party, "organization"),
        }),
        "leadSponsor": None if lead is None else _agency(lead, f"{base}.leadSponsor", ctx),
        "collaborators": [_agency(el, f"{base}.collaborators[{i}]", ctx)
                          for i, el in enumerate(root.findall("sponsors/collaborator"))],
    })


def _oversight(root: Element, ctx: _Context) -> dict[str, Any]:
    base = "protocolSection.oversightModule"
    tags = {"oversightHasDmc": "has_dmc", "isFdaRegulatedDrug": "is_fda_regulated_drug",
            "isFdaRegulatedDevice": "is_fda_regulated_device",
            "isUnapprovedDevice": "is_unapproved_device", "isUsExport": "is_us_export"}
    return _drop_empty({key: ctx.value(v.yes_no, _text(root, f"oversight_info/{tag}"),
                                       f"{base}.{key}") for key, tag in tags.items()})


def _phases(raw: str | None, ctx: _Context) -> list[str]:
    if raw is None:
        return []
    path = f"{_DESIGN}.phases"
    whole = vocab.PHASE.code_for_label(raw)
    if whole is not None:  # "N/A" contains the separator but is one value
        return [whole]
    codes = [ctx.code(vocab.PHASE, part.strip(), path) for part in raw.split("/")]
    return [c for c in codes if c]


def _masking(raw: str | None, ctx: _Context) -> dict[str, Any]:
    if raw is None:
        return {}
    path = f"{_DESIGN}.designInfo.maskingInfo"
    whole = vocab.MASKING.code_for_label(raw)
    match = _MASKING.match(raw)
    if whole is not None or match is None:  # "None (Open Label)" is a label with parentheses
        return _drop_empty({"masking": ctx.code(vocab.MASKING, raw, f"{path}.masking")})
    who = [ctx.code(vocab.WHO_MASKED, w.strip(), f"{path}.whoMasked")
           for w in match["who"].split(",") if w.strip()]
    return _drop_empty({
        "masking": ctx.code(vocab.MASKING, match["masking"], f"{path}.masking"),
        "whoMasked": [w for w in who if w],
    })


def _design(root: Element, ctx: _Context) -> dict[str, Any]:
    d = _DESIGN
    info = "study_design_info"
    study_type = _text(root, "study_type")
    registry = None
    if study_type is not None and (match := _STUDY_TYPE.match(study_type)):
        # "Observational [Patient Registry]": v2 keeps the note as a flag
        study_type = match["type"]
        registry = match["note"].casefold() == "patient registry"
    enrollment = root.find("enrollment")
    return _drop_empty({
        "studyType": ctx.code(vocab.STUDY_TYPE, study_type, f"{d}.studyType"),
        "patientRegistry": registry,
        "targetDuration": _text(root, "target_duration"),
        "phases": _phases(_text(root, "phase"), ctx),
        "designInfo": _drop_empty({
            "allocation": ctx.code(vocab.ALLOCATION, _text(root, f"{info}/allocation"),
                                   f"{d}.designInfo.allocation"),
            "interventionModel": ctx.code(
                vocab.INTERVENTION_MODEL, _text(root, f"{info}/intervention_model"),
                f"{d}.designInfo.interventionModel"),
            "interventionModelDescription": _text(root, f"{info}/intervention_model_description"),
            "primaryPurpose": ctx.code(
                vocab.PRIMARY_PURPOSE, _text(root, f"{info}/primary_purpose"),
                f"{d}.designInfo.primaryPurpose"),
            "observationalModel": ctx.code(
                vocab.OBSERVATIONAL_MODEL, _text(root, f"{info}/observational_model"),
                f"{d}.designInfo.observationalModel"),
            "timePerspective": ctx.code(
                vocab.TIME_PERSPECTIVE, _text(root, f"{info}/time_perspective"),
                f"{d}.designInfo.timePerspective"),
            "maskingInfo": _drop_empty({
                **_masking(_text(root, f"{info}/masking"), ctx),
                "maskingDescription": _text(root, f"{info}/masking_description"),
            }),
        }),
        "bioSpec": _drop_empty({
            "retention": ctx.code(v.BIOSPEC_RETENTION, _text(root, "biospec_retention"),
                                  f"{d}.bioSpec.retention"),
            "description": _textblock(root, "biospec_descr"),
        }),
        "enrollmentInfo": None if enrollment is None else _drop_empty({
            "count": ctx.value(v.whole_number, _text(root, "enrollment"),
                               f"{d}.enrollmentInfo.count"),
            "type": ctx.code(vocab.DATE_TYPE, enrollment.get("type"), f"{d}.enrollmentInfo.type"),
        }),
    })


def _arms_interventions(root: Element, ctx: _Context) -> dict[str, Any]:
    base = "protocolSection.armsInterventionsModule"
    interventions = []
    # v2 lists, per arm, its interventions as "Type: name"; the XML only links the other way
    names_by_arm: dict[str, list[str]] = {}
    for i, el in enumerate(root.findall("intervention")):
        type_label = _text(el, "intervention_type")
        item = _drop_empty({
            "type": ctx.code(vocab.INTERVENTION_TYPE, type_label,
                             f"{base}.interventions[{i}].type"),
            "name": _text(el, "intervention_name"),
            "description": _text(el, "description"),
            "armGroupLabels": _texts(el, "arm_group_label"),
            "otherNames": _texts(el, "other_name"),
        })
        interventions.append(item)
        for label in item.get("armGroupLabels", []):
            names_by_arm.setdefault(label, []).append(f"{type_label}: {item.get('name', '')}")
    arms = []
    for i, el in enumerate(root.findall("arm_group")):
        label = _text(el, "arm_group_label")
        arms.append(_drop_empty({
            "label": label,
            "type": ctx.code(vocab.ARM_TYPE, _text(el, "arm_group_type"),
                             f"{base}.armGroups[{i}].type"),
            "description": _text(el, "description"),
            "interventionNames": names_by_arm.get(label or "", []),
        }))
    return _drop_empty({"armGroups": arms, "interventions": interventions})


def _age(raw: str | None) -> str | None:
    return None if raw is None or raw.upper() == "N/A" else raw


def _eligibility(root: Element, ctx: _Context) -> dict[str, Any]:
    e = _ELIGIBILITY
    el = root.find("eligibility")
    if el is None:
        return {}
    return _drop_empty({
        "eligibilityCriteria": _textblock(el, "criteria"),
        "healthyVolunteers": ctx.value(v.yes_no, _text(el, "healthy_volunteers"),
                                       f"{e}.healthyVolunteers"),
        "sex": ctx.code(vocab.SEX, _text(el, "gender"), f"{e}.sex"),
        "genderBased": ctx.value(v.yes_no, _text(el, "gender_based"), f"{e}.genderBased"),
        "genderDescription": _text(el, "gender_description"),
        "minimumAge": _age(_text(el, "minimum_age")),
        "maximumAge": _age(_text(el, "maximum_age")),
        "studyPopulation": _textblock(el, "study_pop"),
        "samplingMethod": ctx.code(v.SAMPLING_METHOD, _text(el, "sampling_method"),
                                   f"{e}.samplingMethod"),
    })


def _contact(el: Element, role: str | None) -> dict[str, Any]:
    return _drop_empty({
        "name": _text(el, "last_name"),
        "role": role,
        "phone": _text(el, "phone"),
        "phoneExt": _text(el, "phone_ext"),
        "email": _text(el, "email"),
    })


def _location(el: Element, path: str, ctx: _Context) -> dict[str, Any]:
    contacts = [_contact(c, "CONTACT") for tag in ("contact", "contact_backup")
                for c in el.findall(tag)]
    for j, inv in enumerate(el.findall("investigator")):
        contacts.append(_contact(inv, ctx.code(v.CONTACT_ROLE, _text(inv, "role"),
                                               f"{path}.contacts[{j}].role")))
    return _drop_empty({
        "facility": _text(el, "facility/name"),
        "status": ctx.code(vocab.STATUS, _text(el, "status"), f"{path}.status"),
        "city": _text(el, "facility/address/city"),
        "state": _text(el, "facility/address/state"),
        "zip": _text(el, "facility/address/zip"),
        "country": _text(el, "facility/address/country"),
        "contacts": contacts,
    })


def _contacts_locations(root: Element, ctx: _Context) -> dict[str, Any]:
    base = "protocolSection.contactsLocationsModule"
    return _drop_empty({
        "centralContacts": [_contact(c, "CONTACT") for tag in ("overall_contact",
                                                               "overall_contact_backup")
                            for c in root.findall(tag)],
        "overallOfficials": [_drop_empty({
            "name": _text(el, "last_name"),
            "affiliation": _text(el, "affiliation"),
            "role": ctx.code(vocab.OFFICIAL_ROLE, _text(el, "role"),
                             f"{base}.overallOfficials[{i}].role"),
        }) for i, el in enumerate(root.findall("overall_official"))],
        "locations": [_location(el, f"{base}.locations[{i}]", ctx)
                      for i, el in enumerate(root.findall("location"))],
    })


def _references(root: Element) -> dict[str, Any]:
    refs = [_drop_empty({"pmid": _text(el, "PMID"), "type": kind,
                         "citation": _text(el, "citation")})
            for tag, kind in (("reference", "BACKGROUND"), ("results_reference", "RESULT"))
            for el in root.findall(tag)]
    links = [_drop_empty({"label": _text(el, "description"), "url": _text(el, "url")})
             for el in root.findall("link")]
    return _drop_empty({"references": refs, "seeAlsoLinks": links})


def _ipd(root: Element, ctx: _Context) -> dict[str, Any]:
    base = "protocolSection.ipdSharingStatementModule"
    el = root.find("patient_data")
    if el is None:
        return {}
    types = [ctx.code(v.IPD_INFO_TYPE, t, f"{base}.infoTypes") for t in _texts(el, "ipd_info_type")]
    return _drop_empty({
        "ipdSharing": ctx.code(v.IPD_SHARING, _text(el, "sharing_ipd"), f"{base}.ipdSharing"),
        "description": _text(el, "ipd_description"),
        "infoTypes": [t for t in types if t],
        "timeFrame": _text(el, "ipd_time_frame"),
        "accessCriteria": _text(el, "ipd_access_criteria"),
        "url": _text(el, "ipd_url"),
    })


def _browse(root: Element, tag: str) -> dict[str, Any]:
    # the XML gives MeSH terms only; ids are left out rather than guessed
    return _drop_empty({"meshes": [{"term": t} for t in _texts(root, f"{tag}/mesh_term")]})


def _version_holder(root: Element) -> str | None:
    raw = _text(root, "required_header/download_date")
    match = _DOWNLOAD_DATE.search(raw or "")
    if match is None:
        return None
    try:
        return v.iso_date(match[1], "derivedSection.miscInfoModule.versionHolder")
    except FieldError:
        return None  # a header we cannot read costs only the snapshot date
