"""Classic full-study JSON -> v2: value conversions, real records field by field, the sweep."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kg.errors import FieldError, RecordError
from kg.sources import StudyRecord, read_sources
from kg.sources import values as v
from kg.sources.ctgov_classic import to_v2
from kg.sources.schema import check_study

DATA = Path(__file__).parent / "data" / "sources"


CLASSIC_MEMBERS = 1783  # corpus README


def _classic(archive_path: Path, nct_id: str) -> dict[str, Any]:
    with zipfile.ZipFile(archive_path) as archive:
        raw: dict[str, Any] = json.loads(archive.read(f"{nct_id}.json"))
    return raw


@pytest.mark.parametrize(("raw", "iso"), [
    ("June 9, 2003", "2003-06-09"),
    ("October 2000", "2000-10"),
    ("January 20, 2022", "2022-01-20"),
    ("2019-12-20", "2019-12-20"),
    ("Sep 3, 2019", "2019-09-03"),
    ("june  2003", "2003-06"),
    ("2003", "2003"),
])
def test_dates_become_iso(raw: str, iso: str) -> None:
    assert v.iso_date(raw, "f") == iso


@pytest.mark.parametrize("raw", ["February 30, 2003", "Foo 2003", "June 9 2003", "9 June 2003"])
def test_impossible_dates_are_field_errors(raw: str) -> None:
    with pytest.raises(FieldError, match="not a date"):
        v.iso_date(raw, "protocolSection.statusModule.startDateStruct.date")


@pytest.mark.parametrize(("raw", "v2"), [
    ("D000007938", "D007938"),
    ("D000066553", "D066553"),
    ("D000067877", "D000067877"),
    ("C000582435", "C582435"),
    ("C000594389", "C000594389"),
    ("D007938", "D007938"),
])
def test_mesh_ids_lose_classic_padding(raw: str, v2: str) -> None:
    assert v.mesh_id(raw, "f") == v2


@pytest.mark.parametrize(("value", "expected"), [
    ("No", False), ("Yes", True), ("Accepts Healthy Volunteers", True),
])
def test_yes_no(value: str, expected: bool) -> None:
    assert v.yes_no(value, "f") is expected


def test_own_fixture_converts_labels_dates_and_mesh() -> None:
    items = list(read_sources([DATA / "classic_study.json"]))
    assert len(items) == 1 and isinstance(items[0], StudyRecord)
    record = items[0]
    assert record.fmt == "ctgov-classic"
    ps = record.study["protocolSection"]
    assert ps["statusModule"]["overallStatus"] == "ACTIVE_NOT_RECRUITING"
    assert ps["statusModule"]["startDateStruct"] == {"date": "2000-10"}
    assert ps["statusModule"]["completionDateStruct"] == {"date": "2003-06-09",
                                                          "type": "ESTIMATED"}
    assert ps["statusModule"]["lastUpdatePostDateStruct"]["type"] == "ESTIMATED"
    assert ps["designModule"]["phases"] == ["EARLY_PHASE1"]
    assert ps["designModule"]["enrollmentInfo"] == {"count": 20, "type": "ACTUAL"}
    assert ps["armsInterventionsModule"]["interventions"] == [
        {"type": "DIAGNOSTIC_TEST", "name": "MRI", "armGroupLabels": ["All"]}]
    assert ps["eligibilityModule"] == {"sex": "FEMALE", "healthyVolunteers": True,
                                       "stdAges": ["CHILD"]}
    assert record.study["derivedSection"]["conditionBrowseModule"]["meshes"] == [
        {"id": "D000690", "term": "Amyotrophic Lateral Sclerosis"}]
    assert record.last_update == "2013-06-26"


def test_nct00099762_field_by_field(classic_zip: Path) -> None:
    study = to_v2(_classic(classic_zip, "NCT00099762"))
    assert check_study(study) == []
    ps = study["protocolSection"]
    ident = ps["identificationModule"]
    assert ident["nctId"] == "NCT00099762"
    assert ident["orgStudyIdInfo"] == {"id": "050050"}
    assert ident["secondaryIdInfos"] == [{"id": "05-D-0050"}]
    assert ident["briefTitle"].startswith("Catheterization to Locate Mesenchymal Tumors")
    assert ident["officialTitle"] == ("Selective Venous Catheterization for the Localization "
                                      "of Phosphaturic Mesenchymal Tumors")
    status = ps["statusModule"]
    assert status["overallStatus"] == "COMPLETED"
    assert status["statusVerifiedDate"] == "2009-09-02"
    assert status["startDateStruct"] == {"date": "2004-12-15"}
    assert status["primaryCompletionDateStruct"] == {"date": "2009-09-02", "type": "ACTUAL"}
    assert status["studyFirstSubmitDate"] == "2004-12-17"
    assert status["studyFirstPostDateStruct"] == {"date": "2004-12-20", "type": "ESTIMATED"}
    assert status["lastUpdatePostDateStruct"] == {"date": "2017-07-02", "type": "ACTUAL"}
    assert status["expandedAccessInfo"] == {"hasExpandedAccess": False}
    assert ps["designModule"] == {"studyType": "OBSERVATIONAL", "enrollmentInfo": {"count": 45}}
    assert ps["sponsorCollaboratorsModule"]["leadSponsor"] == {
        "name": "National Institute of Dental and Craniofacial Research (NIDCR)", "class": "NIH"}
    assert ps["conditionsModule"]["conditions"] == ["Osteomalacia", "Neoplasms"]
    assert "Phosphatonin" in ps["conditionsModule"]["keywords"]
    assert ps["contactsLocationsModule"]["locations"] == [{
        "facility": "National Institutes of Health Clinical Center, 9000 Rockville Pike",
        "city": "Bethesda", "state": "Maryland", "zip": "20892", "country": "United States"}]
    refs = ps["referencesModule"]["references"]
    assert refs[0]["pmid"] == "11062477" and refs[0]["type"] == "BACKGROUND"
    assert refs[0]["citation"].startswith("ADHR Consortium.")
    derived = study["derivedSection"]
    assert derived["conditionBrowseModule"]["meshes"] == [{"id": "D010018", "term": "Osteomalacia"}]
    assert {"id": "D012279", "term": "Rickets"} in derived["conditionBrowseModule"]["ancestors"]
    assert derived["miscInfoModule"]["versionHolder"] == "2022-01-20"
    assert study["hasResults"] is False


def test_nct04543994_arms_interventions_eligibility(classic_zip: Path) -> None:
    study = to_v2(_classic(classic_zip, "NCT04543994"))
    ps = study["protocolSection"]
    design = ps["designModule"]
    assert design["phases"] == ["PHASE1", "PHASE2"]
    assert design["designInfo"] == {
        "allocation": "RANDOMIZED", "interventionModel": "PARALLEL",
        "primaryPurpose": "TREATMENT",
        "maskingInfo": {"masking": "SINGLE", "whoMasked": ["PARTICIPANT"]}}
    assert design["enrollmentInfo"] == {"count": 24, "type": "ESTIMATED"}
    status = ps["statusModule"]
    assert status["overallStatus"] == "RECRUITING"
    assert status["startDateStruct"] == {"date": "2020-11-10", "type": "ACTUAL"}
    assert status["completionDateStruct"] == {"date": "2023-11", "type": "ESTIMATED"}
    sponsors = ps["sponsorCollaboratorsModule"]
    assert sponsors["leadSponsor"] == {"name": "The Cleveland Clinic", "class": "OTHER"}
    assert sponsors["collaborators"] == [{"name": "Mesoblast, Inc.", "class": "INDUSTRY"}]
    assert sponsors["responsibleParty"]["type"] == "PRINCIPAL_INVESTIGATOR"
    arms = ps["armsInterventionsModule"]["armGroups"]
    assert [(a["label"], a["type"], a["interventionNames"]) for a in arms] == [
        ("Remestemcel-L (150 million cells)", "EXPERIMENTAL", ["Drug: Remestemcel-L"]),
        ("Remestemcel-L (300 million cells)", "EXPERIMENTAL", ["Drug: Remestemcel-L"]),
        ("Placebo", "PLACEBO_COMPARATOR", ["Other: Placebo"]),
    ]
    interventions = ps["armsInterventionsModule"]["interventions"]
    assert [(i["type"], i["name"], i["armGroupLabels"]) for i in interventions] == [
        ("DRUG", "Remestemcel-L", ["Remestemcel-L (150 million cells)"]),
        ("DRUG", "Remestemcel-L", ["Remestemcel-L (300 million cells)"]),
        ("OTHER", "Placebo", ["Placebo"]),
    ]
    elig = ps["eligibilityModule"]
    assert (elig["sex"], elig["minimumAge"], elig["maximumAge"], elig["healthyVolunteers"],
            elig["stdAges"]) == ("ALL", "18 Years", "75 Years", False, ["ADULT", "OLDER_ADULT"])
    assert ps["outcomesModule"]["primaryOutcomes"][0]["measure"] == \
        "Treatment related adverse events"
    assert ps["outcomesModule"]["primaryOutcomes"][0]["timeFrame"] == "Month 3"
    location = ps["contactsLocationsModule"]["locations"][0]
    assert (location["facility"], location["status"], location["city"]) == \
        ("Cleveland Clinic", "RECRUITING", "Cleveland")
    assert ps["contactsLocationsModule"]["overallOfficials"] == [{
        "name": "Amy Lightner", "affiliation": "Cleveland Clinic Foundation, Cleveland OH",
        "role": "PRINCIPAL_INVESTIGATOR"}]
    assert [r["pmid"] for r in ps["referencesModule"]["references"]] == ["23964933", "28484890"]
    derived = study["derivedSection"]
    assert [m["id"] for m in derived["conditionBrowseModule"]["meshes"]] == \
        ["D003092", "D003093", "D014456"]
    assert derived["interventionBrowseModule"]["meshes"] == [
        {"id": "C000711674", "term": "Remestemcel-l"}]


@pytest.mark.corpus
@pytest.mark.parametrize("index", range(0, CLASSIC_MEMBERS, 15), ids=lambda i: f"member{i}")
def test_classic_sample_converts(classic_zip: Path, index: int) -> None:
    with zipfile.ZipFile(classic_zip) as archive:
        member = sorted(archive.namelist())[index]
        raw = json.loads(archive.read(member))
    study = to_v2(raw)
    assert check_study(study) == []
    assert study["protocolSection"]["identificationModule"]["nctId"] == member.removesuffix(".json")


@pytest.mark.corpus
def test_whole_classic_zip_converts_without_error(classic_zip: Path) -> None:
    items = list(read_sources([classic_zip]))
    errors = [str(i) for i in items if isinstance(i, RecordError)]
    assert errors == []
    assert len(items) == CLASSIC_MEMBERS
    first = items[0]
    assert isinstance(first, StudyRecord)
    assert first.origin == f"{classic_zip}!NCT00012155.json"
    assert first.fmt == "ctgov-classic"


@pytest.mark.parametrize(("mutate", "field", "words"), [
    (lambda ps: ps["DesignModule"]["EnrollmentInfo"].update(EnrollmentCount="twenty"),
     "protocolSection.designModule.enrollmentInfo.count", "twenty"),
    (lambda ps: ps["DesignModule"].update(PhaseList={"Phase": ["Phase 9"]}),
     "protocolSection.designModule.phases", "Phase 9"),
    (lambda ps: ps["StatusModule"].update(OverallStatus="Paused"),
     "protocolSection.statusModule.overallStatus", "Paused"),
    (lambda ps: ps["StatusModule"]["CompletionDateStruct"].update(CompletionDate="soon"),
     "protocolSection.statusModule.completionDateStruct.date", "soon"),
    (lambda ps: ps["ArmsInterventionsModule"]["InterventionList"]["Intervention"][0].update(
        InterventionType="Magic"),
     "protocolSection.armsInterventionsModule.interventions[0].type", "Magic"),
    (lambda ps: ps["DesignModule"].update(PhaseList=["Phase 1"]),
     "protocolSection.designModule.phases", "list"),
])
def test_bad_classic_values_name_the_v2_field(mutate: Any, field: str, words: str) -> None:
    raw = json.loads((DATA / "classic_study.json").read_text())["FullStudy"]["Study"]
    mutate(raw["ProtocolSection"])
    with pytest.raises(FieldError) as caught:
        to_v2(raw)
    assert caught.value.field == field
    assert words in caught.value.reason


def test_several_problems_are_reported_together() -> None:
    raw = json.loads((DATA / "classic_study.json").read_text())["FullStudy"]["Study"]
    raw["ProtocolSection"]["DesignModule"]["EnrollmentInfo"]["EnrollmentCount"] = "x"
    raw["ProtocolSection"]["EligibilityModule"]["Gender"] = "Both"
    with pytest.raises(FieldError) as caught:
        to_v2(raw)
    assert "1 more problem" in caught.value.reason
    assert "protocolSection.eligibilityModule.sex" in caught.value.reason
