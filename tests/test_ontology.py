"""The ontology files: loading, hierarchy, slices, seeds, synonyms, checks."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from conftest import SHARED

from kg.ontology import (
    check_ontology,
    load_ontology,
    ontology_files,
    python_checks,
    read_synonyms,
    synonym_sort_key,
    unpad_mesh,
)
from kg.resources import resource_dir
from kg.vocab import obo

ONTOLOGY = resource_dir("ontology")
SSSOM = SHARED / "ontology-sources"
HAS_PACKAGE = importlib.util.find_spec("cellxgene_ontology_guide") is not None


@pytest.fixture(scope="module")
def ontology():  # type: ignore[no-untyped-def]
    return load_ontology()


def test_files_listed() -> None:
    names = [p.relative_to(ONTOLOGY).as_posix() for p in ontology_files()]
    assert names == sorted(names, key=lambda n: str(ONTOLOGY / n))
    for slice_name in ("mondo", "cl", "uberon", "efo"):
        assert f"slices/{slice_name}.ttl" in names
    assert "curated.ttl" in names


def test_load_gives_labels_and_a_lexicon() -> None:
    onto = load_ontology()  # its speed is measured in benchmarks/lexicon.py
    assert onto.label(obo("MONDO:0004992")) == "cancer"
    assert onto.lexicon.lookup("cancer")


def test_cell_hierarchy(ontology) -> None:  # type: ignore[no-untyped-def]
    wj, uc, msc = obo("CL:0002568"), obo("CL:0002569"), obo("CL:0000134")
    assert ontology.is_a(wj, uc) and ontology.is_a(uc, msc) and ontology.is_a(wj, msc)
    assert ontology.is_a(msc, msc)
    assert msc not in ontology.ancestors(msc)
    assert not ontology.is_a(msc, wj)
    assert ontology.label(wj) == "mesenchymal stem cell of Wharton's jelly"


def test_disease_hierarchy(ontology) -> None:  # type: ignore[no-untyped-def]
    rrms, ms = obo("MONDO:0005314"), obo("MONDO:0005301")
    assert ontology.is_a(rrms, ms)
    # In MONDO 2026-05-05 multiple sclerosis is classed under autoimmune disease.
    assert ontology.is_a(ms, obo("MONDO:0007179"))
    assert ontology.is_a(obo("MONDO:0020804"), obo("MONDO:0004992"))  # BCC is a cancer


def test_curated_terms(ontology) -> None:  # type: ignore[no-untyped-def]
    sepsis, shock = obo("HP:0100806"), obo("EFO:0006834")
    assert ontology.is_a(shock, sepsis)
    assert ontology.mesh_to_mondo["D018805"] == (sepsis,)
    assert ontology.mesh_to_mondo["D009103"] == (obo("MONDO:0005301"),)
    assert ontology.is_a("https://w3id.org/cell-trials-kg/CARTCell", obo("CL:0000084"))
    go = "http://purl.obolibrary.org/obo/GO_"
    assert ontology.is_a(go + "0070062", go + "1903561")


def test_uberon_part_of_kept_apart(ontology) -> None:  # type: ignore[no-untyped-def]
    wharton, cord = obo("UBERON:0003422"), obo("UBERON:0002331")
    assert not ontology.is_a(wharton, cord)  # part of, not a kind of, the umbilical cord
    text = (ONTOLOGY / "slices" / "uberon.ttl").read_text()
    assert "<http://purl.obolibrary.org/obo/BFO_0000050> <http://purl.obolibrary.org/obo/" \
           "UBERON_0002331>" in text


def test_lexicon_uses_curated_synonyms(ontology) -> None:  # type: ignore[no-untyped-def]
    found = {m.text: m.iri for m in ontology.lexicon.find(
        "hUC-MSCs, WJ-MSC, CAR-T cells, iPSCs, HIV, active infection, breastfeeding")}
    assert found["hUC-MSCs"] == obo("CL:0002569")
    assert found["WJ-MSC"] == obo("CL:0002568")
    assert found["CAR-T cells"] == "https://w3id.org/cell-trials-kg/CARTCell"
    assert found["iPSCs"] == obo("EFO:0004905")
    assert found["HIV"] == obo("MONDO:0005109")
    assert found["breastfeeding"] == "https://w3id.org/cell-trials-kg/Breastfeeding"


def test_every_seed_present(ontology) -> None:  # type: ignore[no-untyped-def]
    from kg.ontology_build import curie_iri, read_seeds

    seeds = read_seeds(ONTOLOGY / "seeds.tsv")
    assert len(seeds) > 500
    missing = [s for s in seeds if curie_iri(s) not in ontology.labels]
    assert not missing, f"seeds missing from the slices (run `kg ontology build`): {missing}"


def test_synonym_table_sorted_and_resolves(ontology) -> None:  # type: ignore[no-untyped-def]
    rows = read_synonyms(ONTOLOGY / "synonyms.tsv")
    header = (ONTOLOGY / "synonyms.tsv").read_text().splitlines()[0]
    assert header == "term\tiri\tnote"
    assert rows == sorted(rows, key=synonym_sort_key), \
        "ontology/synonyms.tsv is not sorted by term: sort it (case-folded term, term, iri)"
    assert all(r.term and r.iri and r.note for r in rows)
    unresolved = [(r.term, r.iri) for r in rows if r.iri not in ontology.labels]
    assert not unresolved, (f"synonyms.tsv names classes not in the slices or curated.ttl: "
                            f"{unresolved}; add seeds and run `kg ontology build`, or add "
                            "the class to ontology/curated.ttl")
    assert not [r for r in rows if r.term in {"CD", "UC", "PD", "AD"}], "ambiguous"


def test_unpad_mesh() -> None:
    assert unpad_mesh("D000009103") == "D009103"
    assert unpad_mesh("D000086382") == "D000086382"
    assert unpad_mesh("C000536092") == "C536092"


def test_check_passes_on_repository() -> None:
    report = check_ontology(reasoner=False)
    assert report.ok, report.problems
    assert not report.reasoner_used


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, target, ignore=shutil.ignore_patterns("mappings"))
    return target


def test_check_finds_planted_cycle_and_undeclared(tmp_path: Path) -> None:
    target = _copy(tmp_path)
    (target / "planted.ttl").write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix obo: <http://purl.obolibrary.org/obo/> .\n"
        "obo:CL_0000134 rdfs:subClassOf obo:CL_0002568 .\n"
        "obo:CL_0002569 rdfs:subClassOf obo:CL_9999999 .\n")
    problems = python_checks(target)
    assert any(p.startswith("subclass cycle") and "CL_0002568" in p for p in problems)
    assert any("undeclared class http://purl.obolibrary.org/obo/CL_9999999" in p
               for p in problems)
    report = check_ontology(target, reasoner=False)
    assert not report.ok


def test_check_finds_unsorted_synonyms(tmp_path: Path) -> None:
    target = _copy(tmp_path)
    table = target / "synonyms.tsv"
    lines = table.read_text().splitlines()
    table.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n")
    problems = python_checks(target)
    assert any("not sorted" in p and "kg ontology" in p for p in problems)


@pytest.mark.skipif(not HAS_PACKAGE, reason="cellxgene-ontology-guide not installed "
                    "(pip install 'cell-trials-kg[ontology]')")
def test_slices_are_deterministic(tmp_path: Path) -> None:
    if not (SSSOM / "mondo_exactmatch_mesh.sssom.tsv").is_file():
        pytest.skip(f"MONDO SSSOM files not found in {SSSOM}")
    from kg.ontology_build import build_slices

    report = build_slices(tmp_path, SSSOM, None, seeds_path=ONTOLOGY / "seeds.tsv")
    assert report.total_bytes < 6_000_000
    for path in report.files:
        committed = ONTOLOGY / path.relative_to(tmp_path)
        assert path.read_bytes() == committed.read_bytes(), (
            f"{committed} differs from a fresh build: run `kg ontology build`")
