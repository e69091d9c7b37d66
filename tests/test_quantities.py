"""Numeric thresholds in real criteria sentences."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.text.lexicon import Lexicon
from kg.text.quantities import find_thresholds
from kg.vocab import obo

Row = tuple[str, str, str, str | None, str | None, str | None]


def _rows(text: str, context: str | None = None) -> list[Row]:
    return [(t.measured, t.comparator, str(t.value), t.upper and str(t.upper), t.unit,
             t.multiple_of) for t in find_thresholds(text, context=context)]


@pytest.mark.parametrize("text, expected", [
    ("AST and ALT \\> 5X ULN".replace("\\", ""),
     [("AST", ">", "5", None, None, "ULN"), ("ALT", ">", "5", None, None, "ULN")]),
    ("eGFR < 30 mL/min", [("eGFR", "<", "30", None, "mL/min", None)]),
    ("EDSS between 2.0 and 6.5", [("EDSS", "between", "2.0", "6.5", None, None)]),
    ("MS diagnosis established between 2 to 15 years and EDSS score between 2.0 to 6.5 "
     "before enrollment", [("EDSS", "between", "2.0", "6.5", None, None)]),
    ("fasting blood glucose > 250 mg/dL", [("glucose", ">", "250", None, "mg/dL", None)]),
    ("Platelet count greater than 100,000/mm^3",
     [("platelets", ">", "100000", None, "/mm^3", None)]),
    ("PT, APTT ≤ 1.5X upper limit of normal (ULN).",
     [("PT", "<=", "1.5", None, None, "ULN"), ("APTT", "<=", "1.5", None, None, "ULN")]),
    ("≥ 18 years", [("age", ">=", "18", None, "years", None)]),
    ("aged 18-65 years", [("age", "between", "18", "65", "years", None)]),
    ("Age: 0-65 years old, diagnosed with sepsis",
     [("age", "between", "0", "65", "years", None)]),
    ("hemoglobin ≥ 9 g/dL", [("hemoglobin", ">=", "9", None, "g/dL", None)]),
    ("LVEF < 40%", [("LVEF", "<", "40", None, "%", None)]),
    ("creatinine ≤ 2 mg/dl", [("creatinine", "<=", "2", None, "mg/dl", None)]),
    ("ANC ≥ 1.5 x 10^9/L", [("neutrophils", ">=", "1.5", None, "10^9/L", None)]),
    ("ECOG 0-2", [("ECOG", "between", "0", "2", None, None)]),
    ("Karnofsky 70-100%", [("Karnofsky", "between", "70", "100", "%", None)]),
    ("Bilirubin ≦ 1.5 mg/dL", [("bilirubin", "<=", "1.5", None, "mg/dL", None)]),
    ("KPS score≧70", [("Karnofsky", ">=", "70", None, None, None)]),
    ("Transaminases no greater than 3 times upper limit of normal",
     [("transaminases", "<=", "3", None, None, "ULN")]),
    ("WBC at least 3,000/mm3", [("WBC", ">=", "3000", None, "/mm3", None)]),
    ("creatinine clearance of more than 60 mL/min",
     [("creatinine clearance", ">", "60", None, "mL/min", None)]),
    ("platelets exceeding 50,000/µL", [("platelets", ">", "50000", None, "/µL", None)]),
    ("Serum creatinine up to 1.5 mg/dL", [("creatinine", "<=", "1.5", None, "mg/dL", None)]),
    ("hemoglobin 9 g/dL or higher", [("hemoglobin", ">=", "9", None, "g/dL", None)]),
    ("INR less than 1.5", [("INR", "<", "1.5", None, None, None)]),
    ("HbA1c no more than 8%", [("HbA1c", "<=", "8", None, "%", None)]),
    ("BMI of 18 to 35 kg/m2", [("BMI", "between", "18", "35", "kg/m2", None)]),
    ("FEV1 > 50%", [("FEV1", ">", "50", None, "%", None)]),
    ("MMSE ≥ 24", [("MMSE", ">=", "24", None, None, None)]),
    ("AST (SGOT) and ALT (SGPT) ≤ 2.5 x ULN",
     [("AST", "<=", "2.5", None, None, "ULN"), ("ALT", "<=", "2.5", None, None, "ULN")]),
    # a second comparison on the same thing (corpus sentences)
    ("Secondary progressive MS patients with EDSS ≥ 5.5 and ≤ 9.",
     [("EDSS", ">=", "5.5", None, None, None), ("EDSS", "<=", "9", None, None, None)]),
    ("the patient should be excluded if their blood glucose is < 3.0 or > 20.0mmol/L.",
     [("glucose", "<", "3.0", None, "mmol/L", None),
      ("glucose", ">", "20.0", None, "mmol/L", None)]),
    ("A baseline 2D echocardiogram with EF ≥ 30 and ≤ 50% following PCI.",
     [("LVEF", ">=", "30", None, "%", None), ("LVEF", "<=", "50", None, "%", None)]),
    # "million" multiplies (NCT04543994); read as "> 1" it enclosed a range with "< 50"
    ("Platelets <50 or > 1 million", [("platelets", "<", "50", None, None, None),
                                      ("platelets", ">", "1000000", None, None, None)]),
    # ... but not a count of something else (NCT04653610)
    ("a platelet count lower than 100,000/µl and a minimum of 16 patients with",
     [("platelets", "<", "100000", None, "/µl", None)]),
    ("AST > 3 x ULN and ALT > 2.5 x ULN",
     [("AST", ">", "3", None, None, "ULN"), ("ALT", ">", "2.5", None, None, "ULN")]),
    # a score's classes joined by "or" are a range; a lab's numbers are not
    ("New York Heart Association (NYHA) Class III or IV",
     [("NYHA class", "between", "3", "4", None, None)]),
    ("ECOG performance status 0 or 1", [("ECOG", "between", "0", "1", None, None)]),
    # a citation, a score's "rate" and "grade"; a lab's grade is a toxicity grade
    ("Expanded Disability Status Score (EDSS, [5]) ≥4.5 that was not acquired within",
     [("EDSS", ">=", "4.5", None, None, None)]),
    ("EDSS rate 5.5-7.5 (moderate to high disability)",
     [("EDSS", "between", "5.5", "7.5", None, None)]),
    ("Creatinine clearance rate <30ml/min",
     [("creatinine clearance", "<", "30", None, "ml/min", None)]),
    ("Abnormalities in routine laboratory parameters (Hb, creatinine) of Grade 2 and above", []),
    # vital signs
    ("Sustained systolic BP >220 mmHg, or <80mmHg, or diastolic BP > 140mmHg or <50 mmHg.",
     [("systolic blood pressure", ">", "220", None, "mmHg", None),
      ("systolic blood pressure", "<", "80", None, "mmHg", None),
      ("diastolic blood pressure", ">", "140", None, "mmHg", None),
      ("diastolic blood pressure", "<", "50", None, "mmHg", None)]),
    ("Resting heart rate of >120 beats per minute",
     [("heart rate", ">", "120", None, "beats per minute", None)]),
    ("Heart rate ≥100/min, and SpO2 ≥90 %",
     [("heart rate", ">=", "100", None, "/min", None),
      ("oxygen saturation", ">=", "90", None, "%", None)]),
    ("Vital sign abnormalities: temperature ≥ 38 °C",
     [("temperature", ">=", "38", None, "°C", None)]),
    ("Pulmonary artery systolic pressure (PASP) >75mmHg", []),
    ("right ventricle systolic pressure (RVSP) >50 mmHg", []),
    # a number before "≤" or "<" is a lower bound: it read "= 17", "= 18" (NCT02150551,
    # NCT05127369, NCT04326985)
    ("For the young adult cohort, patients must be ages 17 ≤22 years",
     [("age", ">=", "17", None, "years", None), ("age", "<=", "22", None, "years", None)]),
    ("the age of 18 ≤ 60, regardless of gender.",
     [("age", ">=", "18", None, None, None), ("age", "<=", "60", None, None, None)]),
    ("Male and female subjects aged between 18 and < 65",
     [("age", ">=", "18", None, None, None), ("age", "<", "65", None, None, None)]),
    ("EDSS 2 < 6.5", [("EDSS", ">", "2", None, None, None),
                      ("EDSS", "<", "6.5", None, None, None)]),
    ("Age: 18 ≤ age ≤ 65", [("age", ">=", "18", None, None, None),
                            ("age", "<=", "65", None, None, None)]),
])
def test_thresholds(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


@pytest.mark.parametrize("text, expected", [
    # Journal-style decimal points (NCT02034188): was "EDSS = 2", which excluded EDSS 4.
    ("EDSS scores of 2·0 to 5·5 points assessed at least 3 months after the last acute "
     "attack of MS.", [("EDSS", "between", "2.0", "5.5", "points", None)]),
    # "&" after "between" (NCT02418325): was "EDSS = 3.5".
    ("Having an EDSS (Kurtzke Expanded Disability Status Scale) score between 3.5 & 6",
     [("EDSS", "between", "3.5", "6", None, None)]),
    # Elsewhere "&" lists things: the virus types of "HIV 1&2" are no range (NCT00813969).
    ("Positive screening tests for hepatitis B, hepatitis C, HIV 1&2, HTLV I/II, CMV", []),
    ("Patients tested positive for HIV 1 & 2, HCV, HBV, CMV", []),
])
def test_range_punctuation(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


def test_a_time_after_a_condition_is_a_window_not_a_threshold() -> None:
    lexicon = Lexicon.from_entries([("myocardial infarction", obo("MONDO:0005068"),
                                     "myocardial infarction")])
    text = "Myocardial infarction within 6 months prior to Screening"
    assert find_thresholds(text, lexicon.find(text)) == []
    # an explicit comparison on a condition's duration stays a threshold
    text = "Myocardial infarction less than 3 month old."
    found = find_thresholds(text, lexicon.find(text))
    assert [(t.measured, t.comparator, str(t.value), t.unit) for t in found] == [
        ("myocardial infarction", "<", "3", "month")]
    # a measure of the table keeps a plain number with a time unit
    assert _rows("Age 45 years") == [("age", "=", "45", None, "years", None)]


def test_markdown_escaped_comparator_after_unescaping() -> None:
    from kg.text.criteria import split_criteria

    [c] = split_criteria("Exclusion Criteria:\n\n3. AST and ALT \\> 5X ULN; eGFR \\< 30 mL/min.")
    assert [(t.measured, t.comparator) for t in find_thresholds(c.text)] == [
        ("AST", ">"), ("ALT", ">"), ("eGFR", "<")]


def test_age_from_lead_in_context() -> None:
    # NCT00012155: "Age:" then "18 and over"
    assert _rows("18 and over", context="Age") == [("age", ">=", "18", None, "years", None)]


def test_years_without_age_context_are_not_ages() -> None:
    assert _rows("MS diagnosis established between 2 to 15 years before enrollment") == []


def test_measured_concept_from_lexicon() -> None:
    iri = obo("MONDO:0005301")
    lex = Lexicon.from_entries([("EDSS", iri, "EDSS")])
    text = "EDSS ≤ 5.5"
    [t] = find_thresholds(text, lex.find(text))
    assert (t.concept, t.value) == (iri, Decimal("5.5"))
