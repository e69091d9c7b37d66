"""Patient matching (`kg match`, kg.matching.match_patient) on the example records."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner
from test_queries import examples_store  # noqa: F401  (the session fixture)

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


def test_kg_match_command(examples_store: EmbeddedStore) -> None:  # noqa: F811
    @click.group(cls=KGGroup)
    def root() -> None:
        """Test root."""

    query_cli.register(root)
    runner = CliRunner()
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
