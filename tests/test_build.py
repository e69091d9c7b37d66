"""Building a store: counts, bad input reported per record, atomic swaps, strict mode."""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import CLASSIC_ZIP, EXAMPLES, LEGACY_XML, V2_DIR, need_corpus
from test_sources_read import damaged_member_zip

from kg.build import _init_worker, build, load_ontology_graph, worker_niceness
from kg.mapping import MappingContext
from kg.ontology import ontology_files
from kg.sources import reader
from kg.stats import compute_stats
from kg.store import EmbeddedStore, ontology_graph


def stats_of(path: Path) -> dict[str, object]:
    store = EmbeddedStore.open(path)
    try:
        return compute_stats(store).as_dict()
    finally:
        del store


def write_bad_inputs(folder: Path) -> dict[str, str]:
    """Bad files of every kind; returns file name -> a word the error must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    good = json.loads((EXAMPLES / "NCT05532943.json").read_text(encoding="utf-8"))
    (folder / "empty.json").write_bytes(b"")
    (folder / "truncated.json").write_text('{"protocolSection": {"identificationModule": {"nct')
    no_id = json.loads(json.dumps(good))
    del no_id["protocolSection"]["identificationModule"]["nctId"]
    (folder / "no-id.json").write_text(json.dumps(no_id))
    wrong_type = json.loads(json.dumps(good))
    wrong_type["protocolSection"]["identificationModule"]["nctId"] = "NCT00000001"
    wrong_type["protocolSection"]["designModule"]["enrollmentInfo"]["count"] = "forty-one"
    (folder / "wrong-type.json").write_text(json.dumps(wrong_type))
    bad_enum = json.loads(json.dumps(good))
    bad_enum["protocolSection"]["identificationModule"]["nctId"] = "NCT00000002"
    bad_enum["protocolSection"]["designModule"]["phases"] = ["PHASE9"]
    (folder / "bad-enum.json").write_text(json.dumps(bad_enum))
    (folder / "latin1.json").write_bytes('{"protocolSection": "caf\xe9"}'.encode("latin-1"))
    (folder / "xxe.xml").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE clinical_study [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "\n<clinical_study><id_info><nct_id>NCT00000003</nct_id></id_info>"
        "<brief_title>&x;</brief_title></clinical_study>\n")
    return {"empty.json": "empty", "truncated.json": "truncated.json",
            "no-id.json": "nctId", "wrong-type.json": "enrollmentInfo.count",
            "bad-enum.json": "phases", "latin1.json": "latin1.json", "xxe.xml": "xxe.xml"}


def test_build_examples(tmp_path: Path) -> None:
    report = build([EXAMPLES], tmp_path / "store")
    assert report.committed and not report.skipped
    examples = len(list(EXAMPLES.glob("*.json")))
    assert report.trials == examples
    stats = stats_of(tmp_path / "store")
    assert stats["trials"] == examples
    assert stats["triples"] == report.triples
    assert stats["by_status"]["RECRUITING"] >= 2


def test_bad_records_are_reported_and_others_load(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    expected = write_bad_inputs(bad)
    report = build([EXAMPLES, bad], tmp_path / "store")
    assert report.committed
    assert report.trials == len(list(EXAMPLES.glob("*.json")))
    messages = [str(e) for e in report.skipped]
    assert len(messages) == len(expected), messages
    for name, word in expected.items():
        hits = [m for m in messages if name in m]
        assert hits, f"no error names {name}: {messages}"
        assert word in hits[0], hits[0]
    nct_named = [m for m in messages if "wrong-type.json" in m or "bad-enum.json" in m]
    assert all("NCT0000000" in m for m in nct_named)


@pytest.mark.parametrize("jobs", [1, 2])
def test_damaged_zip_member_is_skipped_in_a_build(tmp_path: Path, jobs: int) -> None:
    archive = tmp_path / "damaged.zip"
    damaged_member_zip(archive)
    report = build([archive], tmp_path / "store", jobs=jobs, with_ontology=False)
    assert report.committed and report.trials == 2
    [error] = report.skipped
    assert error.location is not None
    assert error.location.file == f"{archive}!b/NCT99000002.json"
    assert "CRC" in error.reason


def test_a_one_process_build_opens_each_zip_once_to_decode(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # opening an archive parses its whole directory: once per member would be quadratic
    archive = tmp_path / "damaged.zip"
    damaged_member_zip(archive)
    opened: list[Path] = []
    real = reader._open_zip

    def counting(path: Path) -> object:
        opened.append(path)
        return real(path)

    monkeypatch.setattr(reader, "_open_zip", counting)
    report = build([archive], tmp_path / "store", jobs=1, with_ontology=False)
    assert report.trials == 2
    assert opened == [archive, archive]  # once to frame, once to decode


def test_workers_run_nicer_than_the_main_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # the main process loads the store serially: on busy cores it must go first
    if not hasattr(os, "nice"):
        pytest.skip("no process priorities on this platform")
    ctx = MappingContext(build_time="2026-01-01T00:00:00Z")
    monkeypatch.setenv("KG_WORKER_NICE", "3")
    assert worker_niceness() == 3
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                             initializer=_init_worker, initargs=(ctx, worker_niceness())) as pool:
        assert pool.submit(os.nice, 0).result() == min(19, os.nice(0) + 3)
    monkeypatch.setenv("KG_WORKER_NICE", "not a number")
    assert worker_niceness() == 10


def test_strict_build_keeps_the_previous_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([EXAMPLES], store)
    before = stats_of(store)
    bad = tmp_path / "bad"
    write_bad_inputs(bad)
    report = build([EXAMPLES, bad], store, strict=True)
    assert not report.committed and report.skipped
    assert stats_of(store) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_interrupted_build_leaves_previous_store_intact(tmp_path: Path, jobs: int) -> None:
    store = tmp_path / "store"
    build([EXAMPLES], store)
    before = stats_of(store)
    seen = []

    def explode(_: object) -> None:
        seen.append(1)
        if len(seen) == 3:  # mid-build, with mapped trials already loaded
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([EXAMPLES], store, jobs=jobs, on_record=explode)
    assert stats_of(store) == before
    assert not any(p.name.startswith(".store.building") for p in tmp_path.iterdir())


def test_a_failed_ontology_load_fails_the_build_and_keeps_the_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the ontology graph is read in a helper thread while the lexicon is built
    store = tmp_path / "store"
    build([EXAMPLES], store)
    before = stats_of(store)

    def failing(*_: object) -> None:
        raise OSError("no space left on device")

    # kg.build is also the name of the package's build function: the module by its path
    monkeypatch.setattr(importlib.import_module("kg.build"), "load_ontology_graph", failing)
    with pytest.raises(OSError, match="no space left"):
        build([EXAMPLES], store)
    assert stats_of(store) == before
    assert not any(p.name.startswith(".store.building") for p in tmp_path.iterdir())


def test_the_ontology_graph_loads_whole_with_the_first_trials(tmp_path: Path) -> None:
    """It goes in as N-Quads with the first batch: every triple of the Turtle files is there,
    blank-node structures (OWL restrictions, axioms) included, in a one-process build too."""
    reference = ox.Store()
    load_ontology_graph(reference, ontology_files())
    for jobs in (1, 2):
        store = tmp_path / f"store{jobs}"
        build([EXAMPLES], store, jobs=jobs)
        built = EmbeddedStore.open(store)
        try:
            graph = list(built.raw.quads_for_pattern(None, None, None, ontology_graph()))
        finally:
            del built
        assert _canonical(graph) == _canonical(list(reference))


@pytest.mark.parametrize("source", ["missing.json", "empty-folder"])
def test_a_build_that_loads_no_trial_keeps_the_store(tmp_path: Path, source: str) -> None:
    """A mistyped path or an empty folder must not replace a store with an empty one."""
    store = tmp_path / "store"
    build([EXAMPLES], store)
    before = stats_of(store)
    (tmp_path / "empty-folder").mkdir()
    report = build([tmp_path / source], store)
    assert report.trials == 0 and not report.committed
    assert stats_of(store) == before
    assert not any(p.name.startswith(".store.") for p in tmp_path.iterdir())


def _canonical(quads: list[ox.Quad]) -> list[tuple[str, ...]]:
    """Sorted quads with blank nodes replaced by the sorted labels of their named neighbours.

    Enough to compare two loads of the same files: the labels differ, the structures not.
    """
    named: dict[object, list[str]] = {}  # blank node -> its named (predicate, object)s
    for q in quads:
        if isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode):
            named.setdefault(q.subject, []).append(str(q.predicate) + str(q.object))
    keys = {term: "_:" + "|".join(sorted(named.get(term, [])))
            for q in quads for term in (q.subject, q.object) if isinstance(term, ox.BlankNode)}
    return sorted((keys.get(q.subject, str(q.subject)), str(q.predicate),
                   keys.get(q.object, str(q.object))) for q in quads)


def test_duplicate_records_keep_the_newest(tmp_path: Path) -> None:
    folder = tmp_path / "dups"
    folder.mkdir()
    old = json.loads((EXAMPLES / "NCT05532943.json").read_text(encoding="utf-8"))
    new = json.loads(json.dumps(old))
    old["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = "2020-01-01"
    old["protocolSection"]["identificationModule"]["briefTitle"] = "OLD TITLE"
    (folder / "b-old.json").write_text(json.dumps(old))
    (folder / "a-new.json").write_text(json.dumps(new))
    report = build([folder], tmp_path / "store", with_ontology=False)
    assert report.trials == 1 and report.replaced == ["NCT05532943"]
    store = EmbeddedStore.open(tmp_path / "store")
    titles = store.query("SELECT ?t WHERE { ?x dcterms:title ?t }")
    assert [str(r[0].value) for r in titles.rows] == [new["protocolSection"][
        "identificationModule"]["briefTitle"]]


@pytest.mark.corpus
def test_whole_shared_corpus_loads(tmp_path: Path) -> None:
    for path in (CLASSIC_ZIP, LEGACY_XML, V2_DIR):
        need_corpus(path)
    report = build([CLASSIC_ZIP, LEGACY_XML, V2_DIR], tmp_path / "store")
    assert [str(e) for e in report.skipped] == []
    assert report.trials == 1783 + 65 + 8
    assert stats_of(tmp_path / "store")["trials"] == 1856
    shutil.rmtree(tmp_path / "store")
