"""Patient matching (`kg match`, kg.matching.match_patient) on the example records."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES
from test_queries import examples_store  # noqa: F401  (the session fixture)

from kg.build import build
from kg.cli import KGGroup
from kg.cli import query as query_cli
from kg.errors import UsageError
from kg.matching import PatientProfile, match_patient
from kg.store import EmbeddedStore

RRMS, MALIGNANCY = "MONDO:0005314", "MONDO:0004992"


def test_rrms_patient_matches_the_ms_trial_only(examples_store: EmbeddedStore) -> None:  # noqa: F811
    report = match_patient(40, "female", [RRMS], store=examples_store)
    assert [m.nct_id for m in report.matches] == ["NCT05532943"]
    assert report.excluded == []  # the sepsis trial is no candidate: its condition differs
    reasons = report.matches[0].reasons
    assert reasons[0].what == "condition" and reasons[0].verdict == "fits"
    assert any(r.what == "age" and r.verdict == "fits" for r in reasons)
    assert {r.position for r in reasons if r.verdict == "fits" and r.kind == "inclusion"} \
        >= {3, 4}
    # Words such as "blood clotting" no longer make "blood" a required concept.
    assert not any(r.concept and "UBERON_0000178" in r.concept for r in reasons)


def test_prior_malignancy_excludes_and_names_the_criterion(
        examples_store: EmbeddedStore) -> None:  # noqa: F811
    report = match_patient(40, "female", [RRMS], [MALIGNANCY], store=examples_store)
    assert report.matches == []
    assert [m.nct_id for m in report.excluded] == ["NCT05532943"]
    excluding = [r for r in report.excluded[0].reasons if r.verdict == "excludes"]
    assert [(r.kind, r.position) for r in excluding] == [("exclusion", 5)]
    assert excluding[0].text is not None and "malignant tumor" in excluding[0].text
    assert "exclusion criterion 5" in excluding[0].message


def test_age_and_sex_exclude(examples_store: EmbeddedStore) -> None:  # noqa: F811
    report = match_patient(70, "male", [RRMS], store=examples_store)
    assert report.matches == []
    assert [r.message for r in report.excluded[0].reasons if r.verdict == "excludes"] == [
        "age 70 outside 20-65 years"]


def test_a_narrower_excluded_condition_still_excludes(
        examples_store: EmbeddedStore) -> None:  # noqa: F811
    # septic shock (EFO) is a kind of sepsis: the sepsis trial studies it but excludes it.
    report = match_patient(30, "male", ["EFO:0006834"], store=examples_store)
    assert [m.nct_id for m in report.excluded] == ["NCT06882811"]
    sepsis = match_patient(30, "male", ["HP:0100806"], store=examples_store)
    assert [m.nct_id for m in sepsis.matches] == ["NCT06882811"]


def test_ranking_prefers_requirements_met(examples_store: EmbeddedStore) -> None:  # noqa: F811
    report = match_patient(45, "female", ["MONDO:0005416", RRMS], store=examples_store)
    assert [m.nct_id for m in report.matches] == ["NCT05532943", "NCT99000002"]
    assert report.matches[0].met >= report.matches[1].met


@pytest.mark.parametrize("age, sex, conditions, has", [
    (-1, "female", [RRMS], []), (200, "female", [RRMS], []), ("old", "female", [RRMS], []),
    (40, "other", [RRMS], []), (40, "female", [], []), (40, "female", ["RRMS"], []),
    (40, "female", [RRMS], ["MONDO:0004992> } UNION { ?s ?p ?o"]),
])
def test_bad_profiles_are_usage_errors(age: object, sex: str, conditions: list[str],
                                       has: list[str]) -> None:
    with pytest.raises(UsageError):
        PatientProfile.parse(age, sex, conditions, has)  # type: ignore[arg-type]


def _cli() -> click.Group:
    """A root group with the query commands mounted, as `kg` mounts them."""
    @click.group(cls=KGGroup)
    def root() -> None:
        """Test root."""

    query_cli.register(root)
    return root


def test_kg_match_command(examples_store: EmbeddedStore) -> None:  # noqa: F811
    root, runner = _cli(), CliRunner()
    store = str(examples_store.path)
    text = runner.invoke(root, ["match", "--age", "40", "--sex", "female", "--condition", RRMS,
                                "--store", store])
    assert text.exit_code == 0, text.output
    assert text.output.startswith("Trials that do not exclude the patient: 1\n1. NCT05532943")
    out = runner.invoke(root, ["match", "--age", "40", "--sex", "female", "--condition", RRMS,
                               "--has", MALIGNANCY, "--all", "--format", "json",
                               "--store", store])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["matches"] == [] and data["excluded"][0]["nct_id"] == "NCT05532943"
    bad = runner.invoke(root, ["match", "--age", "40", "--sex", "female", "--condition",
                               "NOPE:1", "--store", store])
    assert bad.exit_code == 2 and "CURIE" in bad.output


# --- measured values against the criteria's thresholds (--measure) ------------------------
# NCT05532943's inclusion 4 reads "EDSS score between 2.0 to 6.5"; its inclusion 3 states
# EDSS only as the baseline of a required increase; its exclusion 3 "eGFR < 30 mL/min".


def _threshold_reasons(report_trial: object) -> list[tuple[str, str | None, int | None]]:
    from kg.matching import TrialMatch

    assert isinstance(report_trial, TrialMatch)
    return [(r.verdict, r.kind, r.position) for r in report_trial.reasons
            if r.what == "threshold" and r.measured == "EDSS"]


def test_an_edss_inside_the_range_fits(examples_store: EmbeddedStore) -> None:  # noqa: F811
    report = match_patient(45, None, [RRMS], store=examples_store, measures=["EDSS=4"])
    assert [m.nct_id for m in report.matches] == ["NCT05532943"]
    assert _threshold_reasons(report.matches[0]) == [
        ("undecided", "inclusion", 3), ("fits", "inclusion", 4)]
    [fits] = [r for r in report.matches[0].reasons
              if r.what == "threshold" and r.verdict == "fits"]
    assert "EDSS 2-6.5" in fits.message and "EDSS 4 meets it" in fits.message


@pytest.mark.parametrize("edss", ["7", "1.5"])
def test_an_edss_outside_the_range_excludes_and_names_the_criterion(
        edss: str, examples_store: EmbeddedStore) -> None:  # noqa: F811
    report = match_patient(45, None, [RRMS], store=examples_store, measures=[f"EDSS={edss}"])
    assert report.matches == []
    [trial] = report.excluded
    assert ("excludes", "inclusion", 4) in _threshold_reasons(trial)
    [why] = [r for r in trial.reasons if r.verdict == "excludes"]
    assert why.text is not None and "EDSS score between 2.0 to 6.5" in why.text


def test_an_exclusion_threshold_excludes_only_when_met(
        examples_store: EmbeddedStore) -> None:  # noqa: F811
    def verdicts(measure: str) -> list[str]:
        report = match_patient(45, None, [RRMS], store=examples_store, measures=[measure])
        trial = (report.matches + report.excluded)[0]
        return [r.verdict for r in trial.reasons if r.measured == "eGFR"]

    assert verdicts("eGFR=20 mL/min") == ["excludes"]
    assert verdicts("eGFR=90 mL/min") == []  # clear of the exclusion: nothing to report
    assert verdicts("eGFR=20 mL/min/1.73m2") == ["undecided"]  # another quantity


def test_unmeasured_inclusion_thresholds_are_undecided(
        examples_store: EmbeddedStore) -> None:  # noqa: F811
    report = match_patient(45, "female", [RRMS], store=examples_store)
    reasons = [r for r in report.matches[0].reasons if r.what == "threshold"]
    assert {(r.measured, r.position) for r in reasons} == {
        ("EDSS increase", 3), ("EDSS", 3), ("EDSS", 4), ("PT", 5), ("APTT", 5)}
    assert all(r.verdict == "undecided" and r.kind == "inclusion" for r in reasons)
    # age thresholds in the text are left to the registry's structured age range
    assert not any(r.measured == "age" for r in reasons)


def test_sex_left_out_is_undecided_for_single_sex_trials(tmp_path: Path) -> None:
    # the knee osteoarthritis example, made a trial for women only
    record = json.loads((EXAMPLES / "NCT99000002.json").read_text(encoding="utf-8"))
    record["protocolSection"]["eligibilityModule"]["sex"] = "FEMALE"
    (tmp_path / "NCT99000002.json").write_text(json.dumps(record), encoding="utf-8")
    build([tmp_path], tmp_path / "store")
    store = EmbeddedStore.open(tmp_path / "store")
    knee_oa = "MONDO:0005416"  # osteoarthritis; the trial's condition lies below it
    unknown = match_patient(45, None, [knee_oa], store=store)
    assert [m.nct_id for m in unknown.matches] == ["NCT99000002"]
    assert [(r.verdict, r.message) for r in unknown.matches[0].reasons if r.what == "sex"] == [
        ("undecided", "enrols ctkg:SexFemale only: sex not in the profile")]
    assert [m.nct_id for m in match_patient(45, "female", [knee_oa], store=store).matches] \
        == ["NCT99000002"]
    male = match_patient(45, "male", [knee_oa], store=store)
    assert male.matches == [] and [r.message for r in male.excluded[0].reasons
                                   if r.verdict == "excludes"] == ["enrols ctkg:SexFemale only"]


@pytest.mark.parametrize(("edss", "verdict"), [("4", "fits"), ("7", "excludes"),
                                               ("1.5", "excludes")])
def test_a_range_written_as_two_bounds_needs_both(edss: str, verdict: str,
                                                  tmp_path: Path) -> None:
    # the MS seed trial with its EDSS range written as two comparisons, as NCT01056471 does
    record = json.loads((EXAMPLES / "NCT05532943.json").read_text(encoding="utf-8"))
    module = record["protocolSection"]["eligibilityModule"]
    assert "EDSS score between 2.0 to 6.5" in module["eligibilityCriteria"]
    module["eligibilityCriteria"] = module["eligibilityCriteria"].replace(
        "EDSS score between 2.0 to 6.5", "EDSS score ≥ 2.0 and ≤ 6.5")
    (tmp_path / "NCT05532943.json").write_text(json.dumps(record), encoding="utf-8")
    build([tmp_path], tmp_path / "store")
    store = EmbeddedStore.open(tmp_path / "store")
    report = match_patient(45, None, [RRMS], store=store, measures=[f"EDSS={edss}"])
    trial = (report.matches + report.excluded)[0]
    [reason] = [r for r in trial.reasons if r.what == "threshold" and r.position == 4]
    assert reason.verdict == verdict
    assert "requires EDSS ≥ 2 and ≤ 6.5" in reason.message
    assert (trial in report.matches) is (verdict == "fits")


@pytest.mark.parametrize("measures", [["EDSS"], ["EDSS=x"], ["EDSS=4", "edss=5"]])
def test_bad_measures_are_usage_errors(measures: list[str]) -> None:
    with pytest.raises(UsageError):
        PatientProfile.parse(45, None, [RRMS], measures=measures)


def test_kg_match_measure_option(examples_store: EmbeddedStore) -> None:  # noqa: F811
    root, runner = _cli(), CliRunner()
    store = str(examples_store.path)
    out = runner.invoke(root, ["match", "--age", "45", "--condition", RRMS, "--measure",
                               "EDSS=7", "--all", "--store", store])
    assert out.exit_code == 0, out.output
    assert "Trials that do not exclude the patient: 0" in out.output
    assert "excludes: inclusion criterion 4" in out.output
    bad = runner.invoke(root, ["match", "--age", "45", "--condition", RRMS, "--measure",
                               "EDSS:7", "--store", store])
    assert bad.exit_code == 2 and "NAME=VALUE" in bad.output
