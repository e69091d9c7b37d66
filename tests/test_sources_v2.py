"""API v2 JSON and classic study-fields JSON readers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kg.errors import FieldError, RecordError
from kg.sources import StudyRecord, read_sources
from kg.sources.ctgov_v2 import to_v2

DATA = Path(__file__).parent / "data" / "sources"
V2_RECORDS = ("NCT00791778", "NCT02576665", "NCT03722472", "NCT06131398", "NCT06323538",
              "NCT06382129", "NCT06604689", "NCT07062965")  # corpus README


def _records(path: Path) -> list[StudyRecord]:
    items = list(read_sources([path]))
    assert [str(i) for i in items if isinstance(i, RecordError)] == []
    return [i for i in items if isinstance(i, StudyRecord)]


def test_v2_study_is_passed_through_unchanged() -> None:
    raw = json.loads((DATA / "v2_study.json").read_text())
    [record] = _records(DATA / "v2_study.json")
    assert record.study == raw
    assert (record.fmt, record.nct_id, record.last_update) == \
        ("ctgov-v2", "NCT99000001", "2024-05-03")
    assert record.origin == str(DATA / "v2_study.json")


@pytest.mark.corpus
@pytest.mark.parametrize("nct_id", V2_RECORDS)
def test_real_v2_records_read(corpus: Path, nct_id: str) -> None:
    [record] = _records(corpus / "ctgov-v2" / f"{nct_id}.json")
    assert record.nct_id == nct_id
    assert record.study["protocolSection"]["statusModule"]["overallStatus"]


@pytest.mark.corpus
def test_v2_folder_gives_all_records(corpus: Path) -> None:
    assert sorted(r.nct_id for r in _records(corpus / "ctgov-v2")) == list(V2_RECORDS)


@pytest.mark.corpus
def test_partial_v2_record_with_202_locations(corpus: Path) -> None:
    [record] = _records(corpus / "ctgov-v2" / "NCT07062965.json")
    ps = record.study["protocolSection"]
    assert len(ps["contactsLocationsModule"]["locations"]) == 202
    assert record.last_update is None


def _mutated(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    study: dict[str, Any] = json.loads((DATA / "v2_study.json").read_text())
    node: Any = study
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return study


@pytest.mark.parametrize(("path", "value", "field", "words"), [
    (("protocolSection", "designModule", "enrollmentInfo", "count"), "abc",
     "protocolSection.designModule.enrollmentInfo.count", "whole number"),
    (("protocolSection", "designModule", "enrollmentInfo"), [30],
     "protocolSection.designModule.enrollmentInfo", "expected an object"),
    (("protocolSection", "designModule", "phases"), ["PHASE9"],
     "protocolSection.designModule.phases", "PHASE9"),
    (("protocolSection", "designModule", "phases"), "PHASE1",
     "protocolSection.designModule.phases", "expected a list"),
    (("protocolSection", "statusModule", "overallStatus"), "Recruiting",
     "protocolSection.statusModule.overallStatus", "Recruiting"),
    (("protocolSection", "statusModule", "startDateStruct", "date"), "March 2024",
     "protocolSection.statusModule.startDateStruct.date", "date"),
    (("protocolSection", "armsInterventionsModule", "interventions", 0, "type"), "CELLS",
     "protocolSection.armsInterventionsModule.interventions[0].type", "CELLS"),
    (("protocolSection", "eligibilityModule", "healthyVolunteers"), "No",
     "protocolSection.eligibilityModule.healthyVolunteers", "true or false"),
    (("protocolSection", "contactsLocationsModule", "locations", 0, "geoPoint", "lat"), "45",
     "protocolSection.contactsLocationsModule.locations[0].geoPoint.lat", "number"),
    (("protocolSection", "identificationModule", "nctId"), "NCT123",
     "protocolSection.identificationModule.nctId", "NCT123"),
])
def test_v2_type_and_code_errors(path: tuple[str | int, ...], value: Any, field: str,
                                 words: str) -> None:
    with pytest.raises(FieldError) as caught:
        to_v2(_mutated(path, value))
    assert caught.value.field == field
    assert words in caught.value.reason


@pytest.mark.corpus
def test_studyfields_corpus_record(corpus: Path) -> None:
    [record] = _records(corpus / "ctgov-classic-studyfields" / "NCT05532943.json")
    assert (record.fmt, record.nct_id) == ("ctgov-studyfields", "NCT05532943")
    ps = record.study["protocolSection"]
    assert ps["identificationModule"]["acronym"] == "UMSC01"
    assert ps["statusModule"]["overallStatus"] == "NOT_YET_RECRUITING"
    assert ps["statusModule"]["startDateStruct"] == {"date": "2022-12-31", "type": "ESTIMATED"}
    assert ps["designModule"]["phases"] == ["PHASE1", "PHASE2"]
    assert ps["designModule"]["enrollmentInfo"] == {"count": 41, "type": "ESTIMATED"}
    assert ps["designModule"]["designInfo"]["maskingInfo"] == {
        "masking": "DOUBLE", "whoMasked": ["PARTICIPANT", "INVESTIGATOR"]}
    assert ps["sponsorCollaboratorsModule"]["leadSponsor"] == {
        "name": "Ever Supreme Bio Technology Co., Ltd.", "class": "INDUSTRY"}
    assert ps["conditionsModule"]["conditions"] == ["Multiple Sclerosis"]
    arms = ps["armsInterventionsModule"]["armGroups"]
    assert [(a["label"], a["type"]) for a in arms] == [
        ("UMSC01", "EXPERIMENTAL"), ("Placebo", "SHAM_COMPARATOR")]
    interventions = ps["armsInterventionsModule"]["interventions"]
    assert [(i["type"], i["name"]) for i in interventions] == [
        ("BIOLOGICAL", "Allogeneic umbilical cord mesenchymal stem cells"),
        ("BIOLOGICAL", "Control group")]
    # which arm label belongs to which intervention is not in the flat output
    assert all("armGroupLabels" not in i for i in interventions)
    elig = ps["eligibilityModule"]
    assert (elig["sex"], elig["minimumAge"], elig["maximumAge"], elig["healthyVolunteers"]) == \
        ("ALL", "20 Years", "65 Years", False)
    assert ps["contactsLocationsModule"]["locations"] == [{
        "facility": "China Medical University Hospital", "city": "Taichung",
        "state": "Non-US", "zip": "404", "country": "Taiwan"}]
    assert [m["id"] for m in record.study["derivedSection"]["conditionBrowseModule"]["meshes"]] \
        == ["D009103", "D012598"]
    assert record.last_update == "2022-09-08"


def test_studyfields_page_fixture() -> None:
    [record] = _records(DATA / "studyfields_page.json")
    ps = record.study["protocolSection"]
    assert ps["statusModule"]["overallStatus"] == "UNKNOWN"
    assert ps["designModule"]["phases"] == ["NA"]
    interventions = ps["armsInterventionsModule"]["interventions"]
    # InterventionDescription has one value for two interventions: it cannot be placed
    assert interventions == [{"type": "BIOLOGICAL", "name": "WJ-MSC"},
                             {"type": "OTHER", "name": "Saline"}]
    # one arm only: its two intervention names are its own
    assert ps["armsInterventionsModule"]["armGroups"] == [{
        "label": "Cells", "type": "EXPERIMENTAL",
        "interventionNames": ["Biological: WJ-MSC", "Other: Saline"]}]


@pytest.mark.parametrize(("field", "value", "v2_field"), [
    ("EnrollmentCount", ["twenty"], "protocolSection.designModule.enrollmentInfo.count"),
    ("Phase", ["Phase 9"], "protocolSection.designModule.phases"),
    ("EnrollmentCount", "12", "protocolSection.designModule.enrollmentInfo.count"),
    ("BriefTitle", ["one", "two"], "protocolSection.identificationModule.briefTitle"),
])
def test_studyfields_errors(tmp_path: Path, field: str, value: Any, v2_field: str) -> None:
    page = json.loads((DATA / "studyfields_page.json").read_text())
    page["StudyFieldsResponse"]["StudyFields"][0][field] = value
    path = tmp_path / "fields.json"
    path.write_text(json.dumps(page))
    [error] = list(read_sources([path]))
    assert isinstance(error, FieldError)
    assert error.location is not None
    assert (error.location.file, error.location.nct_id, error.location.field) == \
        (str(path), "NCT99000003", v2_field)
