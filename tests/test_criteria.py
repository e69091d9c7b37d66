"""Splitting criteria text: headings, bullets, numbering, nesting, notes, wraps, escapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.text.criteria import split_criteria, unescape

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _kinds(text: str) -> list[tuple[str, int, str]]:
    return [(c.kind, c.position, c.text) for c in split_criteria(text)]


@pytest.mark.parametrize("heading, kind", [
    ("Inclusion Criteria:", "inclusion"),
    ("Key Inclusion Criteria", "inclusion"),
    ("INCLUSION CRITERIA", "inclusion"),
    ("Exclusion:", "exclusion"),
    ("Exclusion criteria include:", "exclusion"),
    ("Patients will be excluded if", "exclusion"),
    ("Non-inclusion criteria:", "exclusion"),
    ("V.1.4. Exclusion criteria", "exclusion"),
    ("In order to participate in this study, a patient MUST NOT:", "exclusion"),
    ("Patients with any of the following are ineligible to enroll in this study:", "exclusion"),
    ("DISEASE CHARACTERISTICS:", "inclusion"),
    ("PRIOR CONCURRENT THERAPY:", "inclusion"),
])
def test_heading_spellings(heading: str, kind: str) -> None:
    [criterion] = split_criteria(f"{heading}\n\nHistologically confirmed adenocarcinoma")
    assert criterion.kind == kind
    assert criterion.section_kind == kind


def test_a_criterion_mentioning_inclusion_criteria_is_no_heading() -> None:
    text = "Exclusion Criteria:\n\nAny condition not fulfilling inclusion criteria\nHIV positive"
    assert [c.kind for c in split_criteria(text)] == ["exclusion", "exclusion"]


def test_upper_case_heading_run_into_first_item() -> None:
    crits = split_criteria("Inclusion Criteria:\n\nSepsis\n\n"
                           "EXCLUSION CRITERIA Known pregnancy Primary diagnosis of ACS")
    assert crits[-1].kind == "exclusion" and crits[-1].text.startswith("Known pregnancy")


@pytest.mark.parametrize("marker", ["* ", "- ", "• ", "· ", "o ", "1. ", "1) ", "(1) ",
                                    "a. ", "a) ", "i. ", "ii) "])
def test_markers_are_stripped(marker: str) -> None:
    text = f"Exclusion Criteria:\n\n{marker}Pregnant or breastfeeding women\n{marker}HIV"
    assert [c.text for c in split_criteria(text)] == ["Pregnant or breastfeeding women", "HIV"]


def test_classic_sections_flip_no_items_to_exclusions() -> None:
    # NCT00012155 (classic PDQ layout)
    text = ("PATIENT CHARACTERISTICS:\n\nHepatic:\n\nBilirubin no greater than 2.0 mg/dL\n"
            "No active hepatitis\n\nOther:\n\nNot pregnant or nursing\nHIV negative\n"
            "No more than 2 prior regimens")
    crits = split_criteria(text)
    assert [(c.kind, c.position, c.flipped) for c in crits] == [
        ("inclusion", 1, False), ("exclusion", 1, True), ("exclusion", 2, True),
        ("inclusion", 2, False), ("inclusion", 3, False)]
    assert crits[1].heading == "PATIENT CHARACTERISTICS" and crits[1].subheading == "Hepatic"


def test_text_without_headings_reads_no_items_as_exclusions() -> None:
    crits = split_criteria("Age range: 18 years or older\nNo prior malignancy within 5 years")
    assert [(c.kind, c.section_kind, c.flipped) for c in crits] == [
        ("inclusion", None, False), ("exclusion", None, False)]


def test_nested_items_and_notes_stay_with_parent_and_escapes_are_removed() -> None:
    text = ("Exclusion Criteria:\n\n* Specific medical conditions:\n\n"
            "  1. Imminent terminal status (e.g., septic shock, life expectancy \\<7 days)\n"
            "  2. History of malignancy at screening\n"
            "* eGFR \\< 30 mL/min\n  Note: measured by MDRD\n* AST \\> 5X ULN")
    crits = split_criteria(text)
    assert [c.position for c in crits] == [1, 2, 3]
    assert crits[0].text.startswith("Specific medical conditions: 1. Imminent")
    assert "life expectancy <7 days" in crits[0].text
    assert crits[1].text == "eGFR < 30 mL/min Note: measured by MDRD"
    assert unescape(text[crits[2].start:crits[2].end]) == "AST > 5X ULN"


def test_wrapped_lines_are_joined_legacy_xml() -> None:
    text = ("Inclusion Criteria:\r\n\r\n          -  Enrollment in the parent study\r\n\r\n"
            "          -  Homeless and living at a shelter with mother/maternal guardian at the"
            " time of study\r\n             enrollment\r\n")
    crits = split_criteria(text)
    assert crits[1].text == ("Homeless and living at a shelter with mother/maternal guardian"
                             " at the time of study enrollment")


def test_one_criterion_per_line_in_plain_text() -> None:
    text = "Exclusion Criteria:\n\nHIV positive\nUncontrolled infection\n"
    assert [c.text for c in split_criteria(text)] == ["HIV positive", "Uncontrolled infection"]


def test_spans_point_into_the_original_text() -> None:
    text = "Inclusion Criteria:\n\n1. Patients are willing\n   to sign consent.\n"
    [c] = split_criteria(text)
    assert text[c.start:c.end] == "Patients are willing\n   to sign consent."
    assert c.text == "Patients are willing to sign consent."


@pytest.mark.parametrize("nct, inclusions, exclusions", [
    ("NCT05532943", 7, 12), ("NCT06882811", 3, 5)])
def test_seed_examples(nct: str, inclusions: int, exclusions: int) -> None:
    path = EXAMPLES / f"{nct}.json"
    if not path.exists():
        pytest.skip(f"{path} not written yet")
    text = json.loads(path.read_text())["protocolSection"]["eligibilityModule"][
        "eligibilityCriteria"]
    crits = split_criteria(text)
    assert sum(c.kind == "inclusion" for c in crits) == inclusions
    assert sum(c.kind == "exclusion" for c in crits) == exclusions


def test_inline_numbered_items_on_one_line_are_split() -> None:
    # NCT03259217: every exclusion on one line, numbered "1- ... 2- ..."
    text = ("Exclusion Criteria:\n\n1- Critical ischemia of the target limb, a toe systolic "
            "pressure < 30 mm Hg 2- DFU clinically infected 3- Surgery < 2months "
            "4- Collagen tissue diseases , malignant and hematological diseases")
    assert [t for _, _, t in _kinds(text)] == [
        "Critical ischemia of the target limb, a toe systolic pressure < 30 mm Hg",
        "DFU clinically infected", "Surgery < 2months",
        "Collagen tissue diseases , malignant and hematological diseases"]


def test_inline_item_following_the_line_marker_is_split() -> None:
    # NCT04146519: "7. Cognitive deficit. 8. Mental disorders ..."
    text = "Exclusion Criteria:\n\n7. Cognitive deficit. 8. Mental disorders - hallucinations."
    assert [t for _, _, t in _kinds(text)] == ["Cognitive deficit.",
                                                "Mental disorders - hallucinations."]


@pytest.mark.parametrize("line", [
    "Stage of the disease according to Hen-Yar: 1.5 - 3.0 stage.",
    "Diagnosis of type 2 diabetes. 3 months of stable therapy",
    # numbers inside brackets are one criterion's sub-list (NCT01385644)
    "Honeycombing in 0 - 3 lung zones (each lung divided into 3 zones - 1) at the level of "
    "the carina, 2) highest point of right hemi diaphragm)",
    # a negative lead-in needs its items
    "Patients must not have: 1. HIV 2. malignancy",
])
def test_no_inline_split(line: str) -> None:
    assert len(split_criteria("Inclusion Criteria:\n\n" + line)) == 1


def test_long_heading_run_into_numbered_items() -> None:
    # NCT03542253: "Exclusion Criteria:1. ...; 2. ..." on one long line
    text = ("Inclusion Criteria:\n\nAge 18\n\nExclusion Criteria:1. Pulmonary nodules have been "
            "treated surgically (considering that surgery has been performed to interfere with "
            "the study); 2. History of organ transplants such as lung transplantation; "
            "3. Pregnancy or lactation")
    crits = _kinds(text)
    assert crits[1:] == [
        ("exclusion", 1, "Pulmonary nodules have been treated surgically (considering that "
                         "surgery has been performed to interfere with the study);"),
        ("exclusion", 2, "History of organ transplants such as lung transplantation;"),
        ("exclusion", 3, "Pregnancy or lactation")]
