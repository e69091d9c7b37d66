"""kg.validate on real trial graphs: mutations give exactly one new violation; the chunked,
parallel path equals pySHACL on the whole graph; `kg validate` exit codes and formats."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, need_corpus

from kg import vocab as V
from kg.build import load_ontology_graph
from kg.mapping import MappingContext, SourceInfo, map_study
from kg.validate import ValidationReport, ValidationResult, compare, validate

C = V.CTKG
NCT = "NCT05532943"
T = V.trial_iri(NCT)
XSD = V.XSD
Key = tuple[str | None, str, str | None, str, str]


def _ontology_files() -> list[Path]:
    from kg.ontology import ontology_files

    return ontology_files()


def example_store(names: tuple[str, ...] = (NCT,)) -> ox.Store:
    """Example records mapped (record only) into their graphs, plus the ontology graph."""
    store = ox.Store()
    load_ontology_graph(store, _ontology_files())
    ctx = MappingContext(build_time="2026-01-01T00:00:00Z")
    for name in names:
        path = EXAMPLES / f"{name}.json"
        graph = map_study(json.loads(path.read_text()), SourceInfo(str(path), "ctgov-v2"), ctx)
        store.bulk_load(input=graph.nquads().encode(), format=ox.RdfFormat.N_QUADS)
    return store


def keys(report: ValidationReport) -> set[Key]:
    return {(r.nct_id, r.focus_node, r.path, r.source_shape.rsplit("/", 1)[-1], r.severity)
            for r in report.results}


def _remove(s: str, p: str) -> Callable[[ox.Store], None]:
    def apply(store: ox.Store) -> None:
        for q in list(store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None, None)):
            store.remove(q)
    return apply


def _add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> Callable[[ox.Store], None]:
    def apply(store: ox.Store) -> None:
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, ox.NamedNode(T)))
    return apply


def _both(*steps: Callable[[ox.Store], None]) -> Callable[[ox.Store], None]:
    def apply(store: ox.Store) -> None:
        for step in steps:
            step(store)
    return apply


CRITERION = T + "/criterion/inclusion/1"
CONDITION = T + "/condition/1"
MUTATIONS: dict[str, tuple[Callable[[ox.Store], None], Key]] = {
    "no title": (_remove(T, V.DCTERMS + "title"),
                 (NCT, T, V.DCTERMS + "title", "TrialTitleShape", "Violation")),
    "phase 9": (_both(_remove(T, C + "phase"), _add(T, C + "phase", ox.NamedNode(C + "Phase9"))),
                (NCT, T, C + "phase", "TrialPhaseShape", "Violation")),
    "max age below min age": (
        _both(_remove(T + "/eligibility", C + "maximumAge"),
              _add(T + "/eligibility", C + "maximumAge",
                   ox.Literal("10.0", datatype=ox.NamedNode(XSD + "decimal")))),
        (NCT, T + "/eligibility", C + "minimumAge", "EligibilityAgeOrderShape", "Violation")),
    "criterion without kind": (
        _both(_add(T, C + "criterion", ox.NamedNode(CRITERION)),
              _add(CRITERION, C + "criterionText", ox.Literal("Adults")),
              _add(CRITERION, C + "position", ox.Literal("1", datatype=ox.NamedNode(
                  XSD + "integer")))),
        (NCT, CRITERION, V.RDF + "type", "CriterionKindShape", "Violation")),
    "concept outside the ontology": (
        _both(_add(T, C + "condition", ox.NamedNode(CONDITION)),
              _add(CONDITION, V.RDF + "type", ox.NamedNode(C + "Condition")),
              _add(CONDITION, V.RDFS + "label", ox.Literal("Multiple Sclerosis")),
              _add(CONDITION, C + "mappedTo", ox.NamedNode(V.OBO + "MONDO_9999999"))),
        (NCT, CONDITION, C + "mappedTo", "ConditionMappedToClassShape", "Violation")),
}


@pytest.mark.parametrize("engine", ["pyshacl", "shacl"])
@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_mutation_adds_exactly_one_violation(name: str, engine: str) -> None:
    if engine == "shacl":
        pytest.importorskip("shacl")
    before = keys(validate(example_store(), engine=engine, chunk_size=0))
    store = example_store()
    mutate, expected = MUTATIONS[name]
    mutate(store)
    after = keys(validate(store, engine=engine, chunk_size=0))
    # The criterion mutation also satisfies the "interventional trial has criteria" warning.
    gone = {k for k in before - after if k[3] != "TrialCriteriaShape"}
    assert after - before == {expected}
    assert gone == set()


def test_example_has_no_violation() -> None:
    report = validate(example_store(("NCT05532943", "NCT06882811")), chunk_size=0)
    assert report.conforms
    assert report.trials == ["NCT05532943", "NCT06882811"]


def _same(a: list[ValidationResult], b: list[ValidationResult]) -> None:
    only_a, only_b = compare(a, b)
    assert only_a == [] and only_b == []


@pytest.mark.parametrize(("engine", "processes", "chunk_size"),
                         [("pyshacl", 1, 1), ("pyshacl", 2, 1), ("shacl", 2, 1),
                          ("shacl", 1, 0)])
def test_chunked_equals_whole_graph_pyshacl(engine: str, processes: int,
                                            chunk_size: int) -> None:
    if engine == "shacl":
        pytest.importorskip("shacl")
    store = example_store(("NCT05532943", "NCT06882811"))
    MUTATIONS["phase 9"][0](store)
    reference = validate(store, engine="pyshacl", chunk_size=0).results
    fast = validate(store, engine=engine, processes=processes, chunk_size=chunk_size).results
    assert reference
    _same(reference, fast)


@pytest.mark.corpus
def test_chunked_equals_whole_graph_on_corpus_sample(tmp_path: Path) -> None:
    pytest.importorskip("shacl")
    import zipfile

    corpus = need_corpus()
    from kg.build import build

    zipped = corpus / "ctgov-classic-fullstudies-2022-01.zip"
    with zipfile.ZipFile(zipped) as archive:
        names = sorted(n for n in archive.namelist() if n.endswith(".json"))[:150]
        sample = tmp_path / "sample"
        sample.mkdir()
        for name in names:
            (sample / Path(name).name).write_bytes(archive.read(name))
    store_dir = tmp_path / "store"
    build([sample], store_dir, with_ontology=False)
    writable = ox.Store(str(store_dir))
    load_ontology_graph(writable, _ontology_files())
    writable.flush()
    del writable
    reference = validate(store_dir, engine="pyshacl", chunk_size=0)
    assert len(reference.trials) == 150
    for engine in ("pyshacl", "shacl"):
        _same(reference.results, validate(store_dir, engine=engine, processes=2,
                                          chunk_size=40).results)


# --- FILE inputs --------------------------------------------------------------------------


def test_turtle_file_is_grouped_by_trial(tmp_path: Path) -> None:
    store = example_store()
    turtle = tmp_path / "trial.ttl"
    turtle.write_bytes(store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.NamedNode(T)))
    quads = tmp_path / "trial.nq"
    quads.write_bytes(store.dump(format=ox.RdfFormat.N_QUADS))
    by_store = validate(store, chunk_size=0).results
    _same(by_store, validate([turtle], chunk_size=0).results)
    _same(by_store, validate([quads], processes=1).results)


# --- the command --------------------------------------------------------------------------


def _cli(args: list[str]) -> tuple[int, str]:
    from kg.cli import get_cli

    outcome = CliRunner().invoke(get_cli(), args)
    return outcome.exit_code, outcome.output


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    good = example_store()
    bad = example_store()
    MUTATIONS["phase 9"][0](bad)
    MUTATIONS["no title"][0](bad)
    paths = {"good": tmp_path / "good.nq", "bad": tmp_path / "bad.nq"}
    paths["good"].write_bytes(good.dump(format=ox.RdfFormat.N_QUADS))
    paths["bad"].write_bytes(bad.dump(format=ox.RdfFormat.N_QUADS))
    return paths


def test_cli_exit_0_when_conforming(files: dict[str, Path]) -> None:
    code, out = _cli(["validate", str(files["good"])])
    assert code == 0, out
    assert "conforms" in out


def test_cli_exit_1_on_violations_with_text_summary(files: dict[str, Path]) -> None:
    code, out = _cli(["validate", str(files["bad"])])
    assert code == 1
    assert "TrialPhaseShape" in out and "TrialTitleShape" in out and NCT in out


def test_cli_severity_info_fails_on_infos(files: dict[str, Path]) -> None:
    code, _ = _cli(["validate", str(files["good"]), "--severity", "warning"])
    assert code == 1  # the example's interventional trial has no parsed criteria here


def test_cli_json(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    code, _ = _cli(["validate", str(files["bad"]), "--format", "json", "-o", str(out)])
    assert code == 1
    data = json.loads(out.read_text())
    assert data["totals"]["Violation"] == 2
    assert data["trials_checked"] == 1
    shapes = {r["shape"].rsplit("/", 1)[-1] for r in data["results"] if
              r["severity"] == "Violation"}
    assert shapes == {"TrialPhaseShape", "TrialTitleShape"}
    assert all(r["trial"] == NCT for r in data["results"])


def test_cli_junit(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "r.xml"
    code, _ = _cli(["validate", str(files["bad"]), "--format", "junit", "-o", str(out)])
    assert code == 1
    root = ET.parse(out).getroot()
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "1" and suite.get("failures") == "1"
    failure = suite.find("testcase/failure")
    assert failure is not None and "2 SHACL result(s)" in (failure.get("message") or "")


@pytest.mark.parametrize("args", [
    ["validate", "missing.nq"],
    ["validate", "x.csv"],
    ["validate", "--shapes", "/nonexistent-shapes"],
    ["validate", "--trial", "NCT99999999"],
])
def test_cli_exit_2_on_input_errors(args: list[str], files: dict[str, Path],
                                    tmp_path: Path) -> None:
    if args[1] == "x.csv":
        (tmp_path / "x.csv").write_text("a,b\n")
        args = ["validate", str(tmp_path / "x.csv")]
    if args[1] in ("--shapes", "--trial"):
        args = [*args, str(files["good"])]
    code, out = _cli(args)
    assert code == 2, out
    assert "error:" in out
