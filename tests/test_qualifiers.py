"""Qualifiers and effects of concept mentions, on real criteria sentences."""

from __future__ import annotations

import pytest

from kg.text.eligibility import analyse_eligibility
from kg.text.lexicon import Lexicon
from kg.text.qualifiers import QualifiedMention, qualify, time_window
from kg.vocab import CTKG, obo

CANCER = obo("MONDO:0004992")
SKIN_CANCER = obo("MONDO:0002656")
BCC = obo("MONDO:0005341")
PREGNANCY = obo("EFO:0002950")
LACTATION = CTKG + "Breastfeeding"
HIV = obo("MONDO:0005109")
HBV = obo("MONDO:0005344")
HCV = obo("MONDO:0005231")
MS = obo("MONDO:0005301")
AUTOIMMUNE = obo("MONDO:0007179")
SEPTIC_SHOCK = obo("EFO:0006834")
INFECTION = obo("MONDO:0005550")

LEXICON = Lexicon.from_entries([
    ("malignancy", CANCER, "cancer"), ("cancer", CANCER, "cancer"),
    ("malignant tumor", CANCER, "cancer"), ("malignancies", CANCER, "cancer"),
    ("non-melanoma skin cancer", SKIN_CANCER, "skin carcinoma"),
    ("basal cell carcinoma", BCC, "skin basal cell carcinoma"),
    ("pregnancy", PREGNANCY, "pregnancy"), ("pregnant", PREGNANCY, "pregnancy"),
    ("lactation", LACTATION, "breastfeeding"), ("breastfeeding", LACTATION, "breastfeeding"),
    ("nursing", LACTATION, "breastfeeding"), ("HIV", HIV, "HIV infection"),
    ("hepatitis B", HBV, "hepatitis B"), ("hepatitis C", HCV, "hepatitis C"),
    ("MS", MS, "multiple sclerosis"), ("multiple sclerosis", MS, "multiple sclerosis"),
    ("autoimmune conditions", AUTOIMMUNE, "autoimmune disease"),
    ("septic shock", SEPTIC_SHOCK, "septic shock"), ("infection", INFECTION, "infection"),
])


def _one(text: str, polarity: str | None, iri: str = CANCER) -> QualifiedMention:
    found = [qm for qm in qualify(text, LEXICON.find(text), polarity)  # type: ignore[arg-type]
             if qm.mention.iri == iri]
    assert found, f"no mention of {iri} in {text!r}"
    return found[0]


@pytest.mark.parametrize("text, polarity, negated, effect", [
    ("No history of malignancy", "inclusion", True, "excludes"),
    ("Free of malignancy", "inclusion", True, "excludes"),
    ("Without malignancy", "inclusion", True, "excludes"),
    ("No evidence of malignancy", "inclusion", True, "excludes"),
    ("Absence of malignancy", "inclusion", True, "excludes"),
    ("Diagnosis of cancer", "inclusion", False, "requires"),
    ("History of malignancy at screening", "exclusion", False, "excludes"),
    # an inclusion-style "No ..." under the exclusion heading still excludes (NCT01344109)
    ("No active cancer", "exclusion", True, "excludes"),
    # no heading at all: read like an inclusion list
    ("No prior malignancy within 5 years", None, True, "excludes"),
])
def test_negation_and_effect(text: str, polarity: str | None, negated: bool,
                             effect: str) -> None:
    qm = _one(text, polarity)
    assert (qm.negated, qm.effect) == (negated, effect)


@pytest.mark.parametrize("text, iri", [
    ("HIV negative", HIV),  # NCT00012155
    ("Negative for HIV", HIV),
    ("Negative pregnancy test", PREGNANCY),
    ("NEGATIVE serologies: HIV, hepatitis B", HBV),  # NCT05086939, chained through the list
    ("Not pregnant or nursing", LACTATION),  # NCT00012155
])
def test_inclusion_negatives_exclude(text: str, iri: str) -> None:
    qm = _one(text, "inclusion", iri)
    assert qm.negated and qm.effect == "excludes"


def test_negation_scope_ends_at_clause() -> None:
    qm = _one("Patients without HIV who have cancer", "inclusion")
    assert not qm.negated and qm.effect == "requires"


@pytest.mark.parametrize("text, temporality", [
    # NCT05532943 exclusion 5
    ("Patients who have medical history or current clinically active malignant tumor, "
     "peripheral neuropathy", "history_or_current"),
    ("History of malignancy at screening", "history_or_current"),  # NCT06882811
    ("Active malignancy", "current"),
    ("Uncontrolled malignancy", "current"),
    ("Prior malignancy", "history"),
    ("Previous history of malignancy", "history"),
    ("Malignancy within the past 5 years", "history"),
    ("Malignancy", None),
])
def test_temporality(text: str, temporality: str | None) -> None:
    assert _one(text, "exclusion").temporality == temporality


@pytest.mark.parametrize("text, window", [
    ("within 5 years", "P5Y"), ("in the past 12 months", "P12M"),
    ("during the last 1 month prior to the infusion", "P1M"),
    ("within 6 months prior to", "P6M"), ("within 4 weeks", "P28D"), ("within 7 days", "P7D"),
    ("within the past year", "P1Y"), ("Relapse of MS within1 month", "P1M"),
    ("disease-free for 5 years", None),
])
def test_time_window(text: str, window: str | None) -> None:
    found = time_window(text)
    assert (found[2] if found else None) == window


def test_no_prior_malignancy_within_5_years() -> None:
    qm = _one("No prior malignancy within 5 years", "inclusion")
    assert (qm.effect, qm.negated, qm.temporality, qm.time_window) == (
        "excludes", True, "history", "P5Y")


def test_except_for_non_melanoma_skin_cancer() -> None:
    text = "Prior malignancy, except for non-melanoma skin cancer"
    mentions = qualify(text, LEXICON.find(text), "exclusion")
    head, exception = mentions
    assert head.effect == "excludes" and head.except_concepts == (SKIN_CANCER,)
    assert head.except_text == "except for non-melanoma skin cancer"
    assert exception.effect == "exception" and exception.exception_to == 0


@pytest.mark.parametrize("text", [
    "Malignancy (except basal cell carcinoma)",
    "Malignancy with the exception of basal cell carcinoma",
    "Malignancy other than basal cell carcinoma",
    "Malignancy, excluding basal cell carcinoma",
])
def test_exception_phrasings(text: str) -> None:
    head = _one(text, "exclusion")
    assert head.except_concepts == (BCC,)
    assert _one(text, "exclusion", BCC).effect == "exception"


def test_other_than_ms() -> None:
    # NCT05532943 exclusion 6
    text = ("Patients who have immuno-compromised condition or is with known clinically "
            "significantly autoimmune conditions other than MS or is receiving "
            "immunosuppressive treatments other than MS treatment within 6 months.")
    qm = _one(text, "exclusion", AUTOIMMUNE)
    assert qm.effect == "excludes" and qm.except_concepts == (MS,)


def test_unless_disease_free_is_an_exception_text() -> None:
    qm = _one("History of malignancy unless disease-free for 5 years", "exclusion")
    assert qm.effect == "excludes" and qm.except_text == "unless disease-free for 5 years"


def test_disease_free_history_is_allowed_not_excluded() -> None:
    qm = _one("Patients with a history of cancer who are disease-free for 5 years are "
              "eligible", "inclusion")
    assert qm.effect == "allows" and qm.condition == "disease-free for 5 years"
    qm = _one("History of cancer must be disease-free for at least 5 years", "inclusion")
    assert qm.effect == "allows"


def test_allowance_in_parentheses_under_exclusion() -> None:
    text = "Terminal organ failure, except for renal failure (malignancy acceptable)"
    assert _one(text, "exclusion").effect == "allows"


def test_not_eligible_in_inclusion_section_excludes() -> None:
    assert _one("Patients with HIV are not eligible", "inclusion", HIV).effect == "excludes"


def test_pregnant_or_breastfeeding_excluded() -> None:
    text = "Pregnant or breastfeeding women"
    assert _one(text, "exclusion", PREGNANCY).effect == "excludes"
    assert _one(text, "exclusion", LACTATION).effect == "excludes"


def test_contraception_requirement_does_not_exclude_pregnancy() -> None:
    # decision: using contraception "to avoid pregnancy" is a requirement on behaviour,
    # neither an exclusion nor a requirement of pregnancy; a negative test does exclude it
    text = ("Women of child-bearing potential must use contraception to avoid pregnancy "
            "during the study")
    assert _one(text, "inclusion", PREGNANCY).effect is None
    assert _one("Women of child-bearing potential must have a negative pregnancy test",
                "inclusion", PREGNANCY).effect == "excludes"


def test_septic_shock_in_nested_seed_item() -> None:
    text = ("Exclusion Criteria:\n\n* Specific medical conditions:\n\n"
            "  1. Imminent terminal status (e.g., septic shock, life expectancy \\<7 days)\n"
            "  2. History of malignancy at screening\n"
            "  3. Pregnancy, lactation, or plans for pregnancy within the next year")
    [fact] = analyse_eligibility(text, LEXICON)
    assert set(fact.concepts("excludes")) == {SEPTIC_SHOCK, CANCER, PREGNANCY, LACTATION}
    cancer = next(qm for qm in fact.mentions if qm.mention.iri == CANCER)
    assert cancer.temporality == "history_or_current"


def test_elliptic_hepatitis_b_or_c() -> None:
    [fact] = analyse_eligibility("Exclusion Criteria:\n* Active hepatitis B or C", LEXICON)
    assert fact.concepts("excludes") == (HBV, HCV)


def test_including_but_not_limited_to_is_no_exception() -> None:
    # NCT02481440
    qm = _one("severe comorbidities, including but not limited to craniocerebral injury, "
              "psychiatric disease, or cancer;", "exclusion")
    assert qm.effect == "excludes" and qm.exception_to is None


def test_no_malignancy_is_allowed_excludes() -> None:
    # NCT01586403: a negated mention in an allowance sentence is excluded
    qm = _one("No other prior malignancy is allowed except for the following: adequately "
              "treated basal cell carcinoma", "exclusion")
    assert qm.effect == "excludes" and qm.except_concepts == (BCC,)


@pytest.mark.parametrize("text, polarity", [
    # NCT03030417: "are excluded" is the disallowance, not a negation making it required
    ("Patients with known malignancy are excluded from this clinical trial", "exclusion"),
    ("Pregnant women are excluded from this study because of teratogenic effects", None),
])
def test_are_excluded_excludes(text: str, polarity: str | None) -> None:
    iri = PREGNANCY if "Pregnant" in text else CANCER
    assert _one(text, polarity, iri).effect == "excludes"


def test_not_eligible_for_another_treatment_is_no_disallowance() -> None:
    # NCT01735604: "not eligible for allogeneic SCT" describes the population
    qm = _one("B-cell malignancies with relapsed disease and not eligible for allogeneic SCT",
              "inclusion")
    assert qm.effect == "requires"


def test_exception_ends_at_next_item_of_run_together_list() -> None:
    # NCT03106246: items without punctuation after "not including ..."
    text = ("Organ transplant recipients not including candidates for islet transplant "
            "HIV+ Known concurrent malignancy Known pregnancy")
    assert _one(text, "exclusion").effect == "excludes"
    assert _one(text, "exclusion", PREGNANCY).effect == "excludes"
