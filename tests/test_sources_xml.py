"""Legacy <clinical_study> XML -> v2: own fixture, real records field by field, all 65 files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.errors import FieldError, RecordError
from kg.sources import StudyRecord, read_sources
from kg.sources.ctgov_xml import parse, to_v2

DATA = Path(__file__).parent / "data" / "sources"


def _one(path: Path) -> StudyRecord:
    items = list(read_sources([path]))
    assert len(items) == 1
    assert isinstance(items[0], StudyRecord), str(items[0])
    return items[0]


XML_FILES = 65  # corpus README


@pytest.fixture()
def legacy_xml(corpus: Path) -> Path:
    return corpus / "ctgov-legacy-xml-2023"


def _real(folder: Path, name: str) -> dict[str, Any]:
    return _one(folder / name).study


def test_own_fixture() -> None:
    record = _one(DATA / "study.xml")
    assert record.fmt == "ctgov-xml" and record.nct_id == "NCT99000004"
    ps = record.study["protocolSection"]
    assert ps["designModule"]["phases"] == ["PHASE1", "PHASE2"]
    assert ps["designModule"]["designInfo"]["maskingInfo"] == {
        "masking": "TRIPLE", "whoMasked": ["PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR"]}
    assert ps["designModule"]["enrollmentInfo"] == {"count": 10, "type": "ESTIMATED"}
    assert ps["statusModule"]["startDateStruct"] == {"date": "2024-01", "type": "ESTIMATED"}
    assert ps["sponsorCollaboratorsModule"]["leadSponsor"] == {"name": "Test Institute",
                                                               "class": "FED"}
    elig = ps["eligibilityModule"]
    assert "minimumAge" not in elig and elig["maximumAge"] == "80 Years"
    # hard-wrapped list items are joined; bullets are written as in v2
    assert elig["eligibilityCriteria"] == (
        "Inclusion Criteria:\n\n* Ejection fraction below 35% measured by echocardiography "
        "within 30 days before enrollment\n\nExclusion Criteria:\n\n* Prior malignancy")
    assert ps["armsInterventionsModule"]["armGroups"][0]["interventionNames"] == \
        ["Biological: iPSC-CM"]
    assert record.study["derivedSection"] == {
        "miscInfoModule": {"versionHolder": "2023-05-09"},
        "conditionBrowseModule": {"meshes": [{"term": "Heart Failure"}]}}


def test_nct05389930_field_by_field(legacy_xml: Path) -> None:
    study = _real(legacy_xml, "NCT05389930.xml")
    ps = study["protocolSection"]
    ident = ps["identificationModule"]
    assert ident["nctId"] == "NCT05389930"
    assert ident["orgStudyIdInfo"] == {"id": "2022003195"}
    assert ident["secondaryIdInfos"] == [{"id": "R01AA029711"}]
    assert ident["briefTitle"] == "Cannabis' Impact on Alcohol Consumption"
    assert ident["officialTitle"].startswith("Cannabis' Impact on Alcohol Consumption: Integrat")
    status = ps["statusModule"]
    assert status["overallStatus"] == "RECRUITING"
    assert status["startDateStruct"] == {"date": "2023-03-16", "type": "ACTUAL"}
    assert status["completionDateStruct"] == {"date": "2027-03-31", "type": "ESTIMATED"}
    assert status["primaryCompletionDateStruct"] == {"date": "2027-03-31", "type": "ESTIMATED"}
    assert status["studyFirstSubmitDate"] == "2022-05-20"
    assert status["studyFirstPostDateStruct"] == {"date": "2022-05-25", "type": "ACTUAL"}
    assert status["lastUpdatePostDateStruct"] == {"date": "2023-03-31", "type": "ACTUAL"}
    assert status["statusVerifiedDate"] == "2023-03"
    sponsors = ps["sponsorCollaboratorsModule"]
    assert sponsors["leadSponsor"] == {"name": "Brown University", "class": "OTHER"}
    assert sponsors["collaborators"] == [{
        "name": "National Institute on Alcohol Abuse and Alcoholism (NIAAA)", "class": "NIH"}]
    assert sponsors["responsibleParty"] == {"type": "SPONSOR"}
    assert ps["oversightModule"] == {"oversightHasDmc": False, "isFdaRegulatedDrug": True,
                                     "isFdaRegulatedDevice": False}
    design = ps["designModule"]
    assert design["studyType"] == "INTERVENTIONAL"
    assert design["phases"] == ["PHASE2"]
    info = design["designInfo"]
    assert (info["allocation"], info["interventionModel"], info["primaryPurpose"]) == \
        ("RANDOMIZED", "FACTORIAL", "BASIC_SCIENCE")
    assert info["maskingInfo"]["masking"] == "DOUBLE"
    assert info["maskingInfo"]["whoMasked"] == ["PARTICIPANT", "OUTCOMES_ASSESSOR"]
    assert design["enrollmentInfo"] == {"count": 350, "type": "ESTIMATED"}
    assert ps["conditionsModule"]["conditions"] == [
        "Alcohol Drinking", "Cannabis Use", "Cannabis", "Alcohol Use Disorder"]
    assert "cannabidiol" in ps["conditionsModule"]["keywords"]
    assert ps["outcomesModule"]["primaryOutcomes"] == [{
        "measure": "ml of alcohol consumed",
        "description": "ml of alcohol consumed during the alcohol choice task",
        "timeFrame": "post-smoking during two-hours of the alcohol choice task"}]
    arms = ps["armsInterventionsModule"]["armGroups"]
    assert [(a["label"], a["type"]) for a in arms] == [
        ("THC-dominant cannabis dose", "EXPERIMENTAL"),
        ("CBD-dominant cannabis dose", "EXPERIMENTAL"),
        ("Placebo", "PLACEBO_COMPARATOR"),
        ("Alcohol priming dose", "EXPERIMENTAL"),
        ("Alcohol placebo dose", "PLACEBO_COMPARATOR")]
    assert arms[2]["interventionNames"] == ["Drug: Alcohol", "Drug: Alcohol placebo"]
    interventions = ps["armsInterventionsModule"]["interventions"]
    assert [(i["type"], i["name"]) for i in interventions][:2] == [
        ("DRUG", "THC-dominant cannabis"), ("DRUG", "CBD-dominant cannabis")]
    assert interventions[3]["armGroupLabels"] == [
        "CBD-dominant cannabis dose", "Placebo", "THC-dominant cannabis dose"]
    elig = ps["eligibilityModule"]
    assert (elig["sex"], elig["minimumAge"], elig["maximumAge"], elig["healthyVolunteers"]) == \
        ("ALL", "21 Years", "50 Years", True)
    contacts = ps["contactsLocationsModule"]
    assert contacts["overallOfficials"] == [{"name": "Jane Metrik, PhD",
                                             "affiliation": "Brown University",
                                             "role": "PRINCIPAL_INVESTIGATOR"}]
    assert contacts["locations"][0]["facility"] == "Brown University"
    assert contacts["locations"][0]["status"] == "RECRUITING"
    derived = study["derivedSection"]
    assert derived["conditionBrowseModule"]["meshes"] == [
        {"term": "Marijuana Abuse"}, {"term": "Alcoholism"}, {"term": "Alcohol Drinking"}]
    assert derived["interventionBrowseModule"]["meshes"] == [{"term": "Ethanol"}]
    assert study["hasResults"] is False


def test_nct00739791_na_values_and_results_reference(legacy_xml: Path) -> None:
    ps = _real(legacy_xml, "NCT00739791.xml")["protocolSection"]
    assert ps["designModule"]["phases"] == ["NA"]
    elig = ps["eligibilityModule"]
    assert elig["sex"] == "MALE"
    assert "minimumAge" not in elig and "maximumAge" not in elig
    refs = ps["referencesModule"]["references"]
    assert {"pmid": "18799354", "type": "RESULT"}.items() <= refs[-1].items()
    assert refs[-1]["citation"].startswith("Ornish D, Lin J")


@pytest.mark.parametrize(("name", "path", "expected"), [
    ("NCT05482568.xml", ("designModule", "phases"), ["PHASE1", "PHASE2"]),
    ("NCT05381714.xml", ("designModule", "studyType"), "OBSERVATIONAL"),
    ("NCT05381714.xml", ("designModule", "patientRegistry"), True),
    ("NCT05482568.xml", ("designModule", "designInfo", "maskingInfo"), {"masking": "NONE"}),
])
def test_special_spellings(legacy_xml: Path, name: str, path: tuple[str, ...],
                           expected: Any) -> None:
    value: Any = _real(legacy_xml, name)["protocolSection"]
    for key in path:
        value = value[key]
    assert value == expected


def test_results_are_flagged(legacy_xml: Path) -> None:
    assert _real(legacy_xml, "NCT00056407.xml")["hasResults"] is True


@pytest.mark.corpus
@pytest.mark.parametrize("index", range(XML_FILES), ids=lambda i: f"file{i}")
def test_every_legacy_xml_file_converts(legacy_xml: Path, index: int) -> None:
    path = sorted(legacy_xml.glob("*.xml"))[index]
    record = _one(path)
    assert record.nct_id == path.stem
    assert record.last_update is not None


@pytest.mark.corpus
def test_whole_folder_gives_65_records(legacy_xml: Path) -> None:
    items = list(read_sources([legacy_xml]))
    assert [str(i) for i in items if isinstance(i, RecordError)] == []
    assert len(items) == XML_FILES


@pytest.mark.parametrize(("old", "new", "field"), [
    ("<phase>Phase 1/Phase 2</phase>", "<phase>Phase 9</phase>",
     "protocolSection.designModule.phases"),
    ('<enrollment type="Anticipated">10</enrollment>',
     '<enrollment type="Anticipated">ten</enrollment>',
     "protocolSection.designModule.enrollmentInfo.count"),
    ("<gender>All</gender>", "<gender>Any</gender>", "protocolSection.eligibilityModule.sex"),
    ("Triple (Participant", "Triple (Patient", "protocolSection.designModule.designInfo."
                                               "maskingInfo.whoMasked"),
])
def test_bad_xml_values_name_the_field(old: str, new: str, field: str) -> None:
    text = (DATA / "study.xml").read_text().replace(old, new)
    with pytest.raises(FieldError) as caught:
        to_v2(parse(text.encode()))
    assert caught.value.field == field
