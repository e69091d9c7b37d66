"""The hand-labelled samples in tests/data/ are well formed, disjoint and reproducible.

Every row of every label file is checked against the label definitions of
tests/data/README.md (codes from kg.vocab), and each file's ids against the sampling script
that the file's comment line names (with the shared corpus present).
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from kg.vocab import DONOR, PRODUCT_KIND, ROUTE

DATA = Path(__file__).resolve().parent / "data"
#: label file -> the script printing its sample, and the sample size.
PRODUCT_FILES = {
    "labels-products.tsv": ("sample_dev.py", 80),
    "labels2-products.tsv": ("sample_dev2.py", 60),
    "labels3-products.tsv": ("sample_dev3.py", 60),
    "heldout-products.tsv": ("sample_heldout.py", 60),
    "heldout2-products.tsv": ("sample_heldout2.py", 60),
    "heldout3-products.tsv": ("sample_heldout3.py", 60),
}
ELIGIBILITY_FILES = {
    "labels-eligibility.tsv": ("sample_dev.py", 80),
    "heldout-eligibility.tsv": ("sample_heldout.py", 60),
}
PRODUCT_COLUMNS = ["nct_id", "product_kind", "tissue_source", "donor", "routes", "notes"]
ELIGIBILITY_COLUMNS = ["nct_id", "excludes_malignancy", "excludes_pregnancy", "excludes_hiv",
                       "excludes_hepatitis_b_or_c", "notes"]
UBERON = re.compile(r"UBERON:\d{7}")


def read(name: str) -> tuple[str, list[str], list[dict[str, str]]]:
    """The comment line, the header and the rows of a label file."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# sample:"), f"{name}: first line must state the sample rule"
    reader = csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE)
    header, *rows = list(reader)
    for n, row in enumerate(rows, start=3):
        assert len(row) == len(header), f"{name} line {n}: {len(row)} fields"
    return lines[0], header, [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("name", sorted(PRODUCT_FILES))
def test_product_labels_use_the_defined_codes(name: str) -> None:
    _, header, rows = read(name)
    assert header == PRODUCT_COLUMNS
    assert len(rows) == PRODUCT_FILES[name][1]
    for row in rows:
        where = f"{name} {row['nct_id']}"
        kind, tissue, donor, routes = (row[c] for c in PRODUCT_COLUMNS[1:5])
        assert kind in {*PRODUCT_KIND, "NONE"}, where
        if kind == "NONE":
            assert (tissue, donor, routes) == ("NONE", "NONE", "NONE"), where
            continue
        assert tissue == "UNSPECIFIED" or all(UBERON.fullmatch(t) for t in tissue.split("|")), \
            where
        assert set(donor.split("|")) <= set(DONOR), where
        assert routes == "UNSPECIFIED" or set(routes.split("|")) <= set(ROUTE), where
        assert row["notes"].strip(), where


@pytest.mark.parametrize("name", sorted(ELIGIBILITY_FILES))
def test_eligibility_labels_use_the_defined_values(name: str) -> None:
    _, header, rows = read(name)
    assert header == ELIGIBILITY_COLUMNS
    assert len(rows) == ELIGIBILITY_FILES[name][1]
    for row in rows:
        for column in ELIGIBILITY_COLUMNS[1:5]:
            assert row[column] in {"yes", "no", "unclear"}, f"{name} {row['nct_id']} {column}"


def test_samples_are_disjoint() -> None:
    seen: dict[str, str] = {}
    for name in PRODUCT_FILES:
        for row in read(name)[2]:
            nct_id = row["nct_id"]
            assert nct_id not in seen, f"{nct_id} in {name} and in {seen.get(nct_id)}"
            seen[nct_id] = name
    for products, eligibility in (("labels-products.tsv", "labels-eligibility.tsv"),
                                  ("heldout-products.tsv", "heldout-eligibility.tsv")):
        assert [r["nct_id"] for r in read(products)[2]] == \
            [r["nct_id"] for r in read(eligibility)[2]]


def _sampler(script: str) -> object:
    sys.path.insert(0, str(DATA))
    try:
        spec = importlib.util.spec_from_file_location(script[:-3], DATA / script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(DATA))


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted({**PRODUCT_FILES, **ELIGIBILITY_FILES}))
def test_label_files_follow_their_sampling_rule(name: str, classic_zip: Path) -> None:
    script, size = {**PRODUCT_FILES, **ELIGIBILITY_FILES}[name]
    module = _sampler(script)
    expected = module.sample_ids(classic_zip, module.START, module.STEP,  # type: ignore[attr-defined]
                                 module.SIZE)  # type: ignore[attr-defined]
    assert len(expected) == size
    comment, _, rows = read(name)
    assert [r["nct_id"] for r in rows] == expected
    assert f"index {module.START}" in comment  # type: ignore[attr-defined]
