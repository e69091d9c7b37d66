"""A v2 study dict -> the triples of the trial itself.

Identification, status and dates, design, sponsors, conditions-as-written keywords and MeSH,
arms and interventions, outcomes, structured eligibility, locations, officials, references.
Ontology links (conditions, products, criteria) are added by the sibling modules.
"""

from __future__ import annotations

from typing import Any

from kg import terms as T
from kg import vocab as V
from kg.mapping.fields import Fields
from kg.rdf import GraphBuilder, slug

PS = "protocolSection"


def organization_iri(name: str) -> str:
    """Organizations are shared across trials: one IRI per normalised name."""
    return f"{V.CTKG}organization/{slug(name)}"


def country_iri(name: str) -> str:
    """Countries are shared across trials."""
    return f"{V.CTKG}country/{slug(name)}"


def map_trial(g: GraphBuilder, trial: str, study: dict[str, Any], f: Fields) -> None:
    """Add everything the record itself says about the trial to ``g``."""
    ps = f.obj(study, PS, "")
    g.type(trial, T.TRIAL)
    _identification(g, trial, f.obj(ps, "identificationModule", PS), f)
    _status(g, trial, f.obj(ps, "statusModule", PS), f)
    _sponsors(g, trial, f.obj(ps, "sponsorCollaboratorsModule", PS), f)
    _oversight(g, trial, f.obj(ps, "oversightModule", PS), f)
    desc = f.obj(ps, "descriptionModule", PS)
    g.text(trial, T.ABSTRACT, f.text(desc, "briefSummary", f"{PS}.descriptionModule"))
    g.text(trial, T.DESCRIPTION, f.text(desc, "detailedDescription", f"{PS}.descriptionModule"))
    cond = f.obj(ps, "conditionsModule", PS)
    for keyword in f.strs(cond, "keywords", f"{PS}.conditionsModule"):
        g.text(trial, T.KEYWORD, keyword)
    _design(g, trial, f.obj(ps, "designModule", PS), f)
    _arms_and_interventions(g, trial, f.obj(ps, "armsInterventionsModule", PS), f)
    _outcomes(g, trial, f.obj(ps, "outcomesModule", PS), f)
    _eligibility(g, trial, f.obj(ps, "eligibilityModule", PS), f)
    contacts = f.obj(ps, "contactsLocationsModule", PS)
    _locations(g, trial, contacts, f)
    _officials(g, trial, contacts, f)
    _references(g, trial, f.obj(ps, "referencesModule", PS), f)
    _mesh(g, trial, f.obj(study, "derivedSection", ""), f)
    g.boolean(trial, T.HAS_RESULTS, f.flag(study, "hasResults", ""))


def _identification(g: GraphBuilder, trial: str, ident: dict[str, Any], f: Fields) -> None:
    path = f"{PS}.identificationModule"
    g.text(trial, T.IDENTIFIER, f.nct_id)
    g.link(trial, T.SEE_ALSO, V.CTGOV_STUDY + f.nct_id)
    g.text(trial, T.ORG_STUDY_ID, f.text(f.obj(ident, "orgStudyIdInfo", path), "id",
                                        f"{path}.orgStudyIdInfo"))
    for n, sec in enumerate(f.objs(ident, "secondaryIdInfos", path), 1):
        spath = f"{path}.secondaryIdInfos[{n - 1}]"
        value = f.text(sec, "id", spath)
        if value is None:
            continue
        node = f"{trial}/secondary-id/{n}"
        g.link(trial, T.SECONDARY_IDENTIFIER, node)
        g.type(node, T.SECONDARY_ID)
        g.text(node, T.IDENTIFIER, value)
        g.text(node, T.ID_TYPE, f.text(sec, "type", spath))
        g.text(node, T.ID_DOMAIN, f.text(sec, "domain", spath))
    g.text(trial, T.TITLE, f.text(ident, "briefTitle", path))
    g.text(trial, T.OFFICIAL_TITLE, f.text(ident, "officialTitle", path))
    g.text(trial, T.ACRONYM, f.text(ident, "acronym", path))


def _status(g: GraphBuilder, trial: str, status: dict[str, Any], f: Fields) -> None:
    path = f"{PS}.statusModule"
    g.link(trial, T.OVERALL_STATUS,
           f.enum(V.STATUS, f.text(status, "overallStatus", path), f"{path}.overallStatus"))
    g.text(trial, T.WHY_STOPPED, f.text(status, "whyStopped", path))
    _date(g, trial, T.STATUS_VERIFIED, f.text(status, "statusVerifiedDate", path),
          f"{path}.statusVerifiedDate", f)
    g.boolean(trial, T.HAS_EXPANDED_ACCESS, f.flag(
        f.obj(status, "expandedAccessInfo", path), "hasExpandedAccess",
        f"{path}.expandedAccessInfo"))
    for key, (date_prop, type_prop) in T.DATE_PROPERTIES.items():
        struct = f.obj(status, key, path)
        _date(g, trial, date_prop, f.text(struct, "date", f"{path}.{key}"), f"{path}.{key}.date", f)
        if type_prop:
            g.link(trial, type_prop, f.enum(V.DATE_TYPE, f.text(struct, "type", f"{path}.{key}"),
                                            f"{path}.{key}.type"))
    _date(g, trial, T.FIRST_SUBMITTED, f.text(status, "studyFirstSubmitDate", path),
          f"{path}.studyFirstSubmitDate", f)
    _date(g, trial, T.LAST_UPDATE_SUBMITTED, f.text(status, "lastUpdateSubmitDate", path),
          f"{path}.lastUpdateSubmitDate", f)


def _date(g: GraphBuilder, s: str, p: str, value: str | None, path: str, f: Fields) -> None:
    parsed = f.date(value, path)
    if parsed:
        g.typed(s, p, parsed[0], parsed[1])


def _organization(g: GraphBuilder, trial: str, prop: str, org: dict[str, Any], path: str,
                  f: Fields) -> str | None:
    """Link the trial to a sponsor or collaborator; return the organization's IRI."""
    name = f.text(org, "name", path)
    if name is None:
        return None
    node = organization_iri(name)
    g.link(trial, prop, node)
    g.type(node, T.ORGANIZATION)
    g.text(node, T.LABEL, name.strip())
    g.link(node, T.AGENCY_CLASS, f.enum(V.AGENCY_CLASS, f.text(org, "class", path),
                                        f"{path}.class"))
    return node


def _sponsors(g: GraphBuilder, trial: str, sponsors: dict[str, Any], f: Fields) -> None:
    path = f"{PS}.sponsorCollaboratorsModule"
    orgs = {_organization(g, trial, T.LEAD_SPONSOR, f.obj(sponsors, "leadSponsor", path),
                          f"{path}.leadSponsor", f)}
    for i, collab in enumerate(f.objs(sponsors, "collaborators", path)):
        orgs.add(_organization(g, trial, T.COLLABORATOR, collab, f"{path}.collaborators[{i}]", f))
    _sponsor_pairs(g, sorted(org for org in orgs if org))
    party = f.obj(sponsors, "responsibleParty", path)
    g.link(trial, T.RESPONSIBLE_PARTY_TYPE, f.enum(
        V.RESPONSIBLE_PARTY, f.text(party, "type", f"{path}.responsibleParty"),
        f"{path}.responsibleParty.type"))
    g.text(trial, T.RESPONSIBLE_INVESTIGATOR,
           f.text(party, "investigatorFullName", f"{path}.responsibleParty"))


def _sponsor_pairs(g: GraphBuilder, orgs: list[str]) -> None:
    """Each pair of the trial's organizations once, from the IRI that sorts first.

    A denormalization for the sponsor-collaborations question (docs/model.md): the pairs
    of a trial are its graph's ``ctkg:sharesTrialWith`` triples, read with one scan instead
    of joining the sponsors and collaborators of every trial with each other at query time.
    ``orgs`` is sorted by code point, the order of SPARQL's ``STR(?a) < STR(?b)``.
    """
    for i, first in enumerate(orgs):
        for second in orgs[i + 1:]:
            g.link(first, T.SHARES_TRIAL_WITH, second)


def _oversight(g: GraphBuilder, trial: str, oversight: dict[str, Any], f: Fields) -> None:
    path = f"{PS}.oversightModule"
    g.boolean(trial, T.HAS_DMC, f.flag(oversight, "oversightHasDmc", path))
    g.boolean(trial, T.FDA_DRUG, f.flag(oversight, "isFdaRegulatedDrug", path))
    g.boolean(trial, T.FDA_DEVICE, f.flag(oversight, "isFdaRegulatedDevice", path))


def _design(g: GraphBuilder, trial: str, design: dict[str, Any], f: Fields) -> None:
    path = f"{PS}.designModule"
    g.link(trial, T.STUDY_TYPE,
           f.enum(V.STUDY_TYPE, f.text(design, "studyType", path), f"{path}.studyType"))
    for phase in f.strs(design, "phases", path):
        g.link(trial, T.PHASE, f.enum(V.PHASE, phase, f"{path}.phases"))
    info = f.obj(design, "designInfo", path)
    ipath = f"{path}.designInfo"
    for prop, enumeration, key in (
        (T.ALLOCATION, V.ALLOCATION, "allocation"),
        (T.INTERVENTION_MODEL, V.INTERVENTION_MODEL, "interventionModel"),
        (T.PRIMARY_PURPOSE, V.PRIMARY_PURPOSE, "primaryPurpose"),
        (T.OBSERVATIONAL_MODEL, V.OBSERVATIONAL_MODEL, "observationalModel"),
        (T.TIME_PERSPECTIVE, V.TIME_PERSPECTIVE, "timePerspective"),
    ):
        g.link(trial, prop, f.enum(enumeration, f.text(info, key, ipath), f"{ipath}.{key}"))
    masking = f.obj(info, "maskingInfo", ipath)
    mpath = f"{ipath}.maskingInfo"
    g.link(trial, T.MASKING, f.enum(V.MASKING, f.text(masking, "masking", mpath),
                                    f"{mpath}.masking"))
    for role in f.strs(masking, "whoMasked", mpath):
        g.link(trial, T.MASKED_ROLE, f.enum(V.WHO_MASKED, role, f"{mpath}.whoMasked"))
    enrollment = f.obj(design, "enrollmentInfo", path)
    count = f.integer(enrollment, "count", f"{path}.enrollmentInfo")
    if count is not None and count < 0:
        raise f.fail(f"{path}.enrollmentInfo.count", f"negative enrollment {count}")
    g.integer(trial, T.ENROLLMENT, count)
    g.link(trial, T.ENROLLMENT_TYPE, f.enum(
        V.DATE_TYPE, f.text(enrollment, "type", f"{path}.enrollmentInfo"),
        f"{path}.enrollmentInfo.type"))


def intervention_iri(trial: str, n: int) -> str:
    """IRI of the n-th (1-based) intervention of a trial; products hang on it."""
    return f"{trial}/intervention/{n}"


def _arms_and_interventions(g: GraphBuilder, trial: str, module: dict[str, Any],
                            f: Fields) -> None:
    path = f"{PS}.armsInterventionsModule"
    interventions = f.objs(module, "interventions", path)
    by_label: dict[str, str] = {}
    arm_of_intervention: dict[str, list[str]] = {}
    for n, item in enumerate(interventions, 1):
        ipath = f"{path}.interventions[{n - 1}]"
        node = intervention_iri(trial, n)
        name = f.text(item, "name", ipath)
        kind = f.text(item, "type", ipath)
        g.link(trial, T.INTERVENTION_OF_TRIAL, node)
        g.type(node, T.INTERVENTION)
        g.integer(node, T.POSITION, n)
        g.text(node, T.LABEL, name)
        g.link(node, T.INTERVENTION_TYPE, f.enum(V.INTERVENTION_TYPE, kind, f"{ipath}.type"))
        g.text(node, T.DESCRIPTION, f.text(item, "description", ipath))
        for other in f.strs(item, "otherNames", ipath):
            g.text(node, T.OTHER_NAME, other)
        if name:
            # Arms name their interventions as "Type: name"; match on both forms.
            by_label[_norm(name)] = node
            if kind:
                type_label = V.INTERVENTION_TYPE.labels.get(kind, kind)
                by_label[_norm(f"{type_label}: {name}")] = node
        arm_of_intervention[node] = [_norm(a) for a in f.strs(item, "armGroupLabels", ipath)]
    for n, arm in enumerate(f.objs(module, "armGroups", path), 1):
        apath = f"{path}.armGroups[{n - 1}]"
        node = f"{trial}/arm/{n}"
        label = f.text(arm, "label", apath)
        g.link(trial, T.ARM, node)
        g.type(node, T.ARM_GROUP)
        g.integer(node, T.POSITION, n)
        g.text(node, T.LABEL, label)
        g.link(node, T.ARM_TYPE, f.enum(V.ARM_TYPE, f.text(arm, "type", apath), f"{apath}.type"))
        g.text(node, T.DESCRIPTION, f.text(arm, "description", apath))
        linked = {by_label[k] for k in map(_norm, f.strs(arm, "interventionNames", apath))
                  if k in by_label}
        if label:
            linked |= {iv for iv, arms in arm_of_intervention.items() if _norm(label) in arms}
        for iv in sorted(linked):
            g.link(node, T.HAS_INTERVENTION, iv)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _outcomes(g: GraphBuilder, trial: str, module: dict[str, Any], f: Fields) -> None:
    path = f"{PS}.outcomesModule"
    for key, prop in T.OUTCOME_PROPERTIES.items():
        kind = key.removesuffix("Outcomes")
        for n, item in enumerate(f.objs(module, key, path), 1):
            opath = f"{path}.{key}[{n - 1}]"
            node = f"{trial}/outcome/{kind}/{n}"
            g.link(trial, prop, node)
            g.type(node, T.OUTCOME)
            g.integer(node, T.POSITION, n)
            g.text(node, T.MEASURE, f.text(item, "measure", opath))
            g.text(node, T.DESCRIPTION, f.text(item, "description", opath))
            g.text(node, T.TIME_FRAME, f.text(item, "timeFrame", opath))


def eligibility_iri(trial: str) -> str:
    """IRI of a trial's eligibility node."""
    return f"{trial}/eligibility"


def _eligibility(g: GraphBuilder, trial: str, module: dict[str, Any], f: Fields) -> None:
    if not module:
        return
    path = f"{PS}.eligibilityModule"
    node = eligibility_iri(trial)
    g.link(trial, T.ELIGIBILITY_OF_TRIAL, node)
    g.type(node, T.ELIGIBILITY)
    g.link(node, T.SEX, f.enum(V.SEX, f.text(module, "sex", path), f"{path}.sex"))
    g.boolean(node, T.GENDER_BASED, f.flag(module, "genderBased", path))
    g.text(node, T.GENDER_DESCRIPTION, f.text(module, "genderDescription", path))
    min_text = f.text(module, "minimumAge", path)
    max_text = f.text(module, "maximumAge", path)
    low = f.age_years(min_text, f"{path}.minimumAge")
    high = f.age_years(max_text, f"{path}.maximumAge")
    g.decimal(node, T.MIN_AGE, low)
    g.decimal(node, T.MAX_AGE, high)
    g.text(node, T.MIN_AGE_TEXT, min_text if low is not None else None)
    g.text(node, T.MAX_AGE_TEXT, max_text if high is not None else None)
    g.boolean(node, T.HEALTHY_VOLUNTEERS, f.flag(module, "healthyVolunteers", path))
    g.text(node, T.CRITERIA_TEXT, f.text(module, "eligibilityCriteria", path))
    for group in f.strs(module, "stdAges", path):
        g.link(node, T.AGE_GROUP, f.enum(V.STD_AGE, group, f"{path}.stdAges"))


def _locations(g: GraphBuilder, trial: str, module: dict[str, Any], f: Fields) -> None:
    path = f"{PS}.contactsLocationsModule"
    for n, loc in enumerate(f.objs(module, "locations", path), 1):
        lpath = f"{path}.locations[{n - 1}]"
        node = f"{trial}/location/{n}"
        g.link(trial, T.LOCATION_OF_TRIAL, node)
        g.type(node, T.LOCATION)
        g.text(node, T.FACILITY, f.text(loc, "facility", lpath))
        g.text(node, T.CITY, f.text(loc, "city", lpath))
        g.text(node, T.STATE, f.text(loc, "state", lpath))
        g.text(node, T.ZIP, f.text(loc, "zip", lpath))
        g.link(node, T.SITE_STATUS, f.enum(V.STATUS, f.text(loc, "status", lpath),
                                           f"{lpath}.status"))
        country = f.text(loc, "country", lpath)
        if country:
            cnode = country_iri(country)
            g.link(node, T.COUNTRY_OF, cnode)
            g.type(cnode, T.COUNTRY)
            g.text(cnode, T.LABEL, country.strip())
        geo = f.obj(loc, "geoPoint", lpath)
        g.decimal(node, T.LATITUDE, f.number(geo, "lat", f"{lpath}.geoPoint"))
        g.decimal(node, T.LONGITUDE, f.number(geo, "lon", f"{lpath}.geoPoint"))


def _officials(g: GraphBuilder, trial: str, module: dict[str, Any], f: Fields) -> None:
    path = f"{PS}.contactsLocationsModule"
    for n, person in enumerate(f.objs(module, "overallOfficials", path), 1):
        ppath = f"{path}.overallOfficials[{n - 1}]"
        node = f"{trial}/official/{n}"
        g.link(trial, T.OFFICIAL_OF_TRIAL, node)
        g.type(node, T.OFFICIAL)
        g.text(node, T.NAME, f.text(person, "name", ppath))
        g.text(node, T.AFFILIATION, f.text(person, "affiliation", ppath))
        g.link(node, T.ROLE, f.enum(V.OFFICIAL_ROLE, f.text(person, "role", ppath),
                                    f"{ppath}.role"))


def _references(g: GraphBuilder, trial: str, module: dict[str, Any], f: Fields) -> None:
    path = f"{PS}.referencesModule"
    for n, ref in enumerate(f.objs(module, "references", path), 1):
        rpath = f"{path}.references[{n - 1}]"
        node = f"{trial}/reference/{n}"
        g.link(trial, T.REFERENCE_OF_TRIAL, node)
        g.type(node, T.REFERENCE)
        pmid = f.text(ref, "pmid", rpath)
        if pmid and pmid.strip().isdigit():
            g.text(node, T.PMID, pmid.strip())
            g.link(node, T.SEE_ALSO, f"{V.PUBMED}{pmid.strip()}/")
        g.link(node, T.REFERENCE_TYPE, f.enum(V.REFERENCE_TYPE, f.text(ref, "type", rpath),
                                              f"{rpath}.type"))
        g.text(node, T.CITATION, f.text(ref, "citation", rpath))


def _mesh(g: GraphBuilder, trial: str, derived: dict[str, Any], f: Fields) -> None:
    for module_key, prop in (("conditionBrowseModule", T.MESH_TERM),
                             ("interventionBrowseModule", T.INTERVENTION_MESH_TERM)):
        path = f"derivedSection.{module_key}"
        module = f.obj(derived, module_key, "derivedSection")
        for i, mesh in enumerate(f.objs(module, "meshes", path)):
            mesh_id = f.text(mesh, "id", f"{path}.meshes[{i}]")
            if not mesh_id:
                continue
            node = V.MESH + mesh_id.strip()
            g.link(trial, prop, node)
            g.type(node, T.MESH_DESCRIPTOR)
            g.text(node, T.LABEL, f.text(mesh, "term", f"{path}.meshes[{i}]"))
