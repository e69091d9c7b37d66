"""The hand-labelled samples in tests/data/ are well formed, disjoint and reproducible.

Every row of every label file is checked against the label definitions of
tests/data/README.md (codes from kg.vocab), and each file's ids against the sampling script
that the file's comment line names (with the shared corpus present).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest

from kg.vocab import DONOR, PRODUCT_KIND, ROUTE

DATA = Path(__file__).resolve().parent / "data"
sys.path.insert(0, str(DATA))
from samples import SAMPLES, STEP  # noqa: E402

#: label file -> its sample's name in tests/data/samples.py.
PRODUCT_FILES = {
    "labels-products.tsv": "dev",
    "labels2-products.tsv": "dev2",
    "labels3-products.tsv": "dev3",
    "labels4-products.tsv": "dev4",
    "labels5-products.tsv": "dev5",
    "labels6-products.tsv": "dev6",
    "labels7-products.tsv": "dev7",
    "labels8-products.tsv": "dev8",
    "heldout-products.tsv": "heldout",
    "heldout2-products.tsv": "heldout2",
    "heldout3-products.tsv": "heldout3",
    "heldout4-products.tsv": "heldout4",
    "heldout5-products.tsv": "heldout5",
    "heldout6-products.tsv": "heldout6",
    "heldout7-products.tsv": "heldout7",
    "heldout8-products.tsv": "heldout8",
    "heldout9-products.tsv": "heldout9",
    "heldout10-products.tsv": "heldout10",
    "heldout11-products.tsv": "heldout11",
    "heldout12-products.tsv": "heldout12",
    "heldout13-products.tsv": "heldout13",
    "heldout14-products.tsv": "heldout14",
    "heldout15-products.tsv": "heldout15",
    "heldout16-products.tsv": "heldout16",
    "heldout17-products.tsv": "heldout17",
    "heldout18-products.tsv": "heldout18",
    "heldout19-products.tsv": "heldout19",
    "heldout20-products.tsv": "heldout20",
    "heldout21-products.tsv": "heldout21",
    "heldout22-products.tsv": "heldout22",
}
ELIGIBILITY_FILES = {
    "labels-eligibility.tsv": "dev",
    "heldout-eligibility.tsv": "heldout",
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
    assert len(rows) == SAMPLES[PRODUCT_FILES[name]].size
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
    assert len(rows) == SAMPLES[ELIGIBILITY_FILES[name]].size
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


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted({**PRODUCT_FILES, **ELIGIBILITY_FILES}))
def test_label_files_follow_their_sampling_rule(name: str, classic_zip: Path) -> None:
    sample = SAMPLES[{**PRODUCT_FILES, **ELIGIBILITY_FILES}[name]]
    expected = sample.ids(classic_zip)
    assert len(expected) == sample.size
    comment, _, rows = read(name)
    assert [r["nct_id"] for r in rows] == expected
    assert f"index {sample.start} " in comment


def test_samples_take_distinct_members() -> None:
    taken: dict[tuple[int, int], str] = {}
    for name, sample in SAMPLES.items():
        for cell in sample.cells():
            assert cell not in taken, f"{name} and {taken.get(cell)} both take {cell}"
            taken[cell] = name
    assert all(0 <= index < STEP for index, _ in taken)


def test_held_out_samples_are_the_ones_measured_only() -> None:
    """Held-out label files belong to held-out samples (never used to fit rules)."""
    for name, sample in {**PRODUCT_FILES, **ELIGIBILITY_FILES}.items():
        assert name.startswith("heldout") == (SAMPLES[sample].use == "held-out"), name
