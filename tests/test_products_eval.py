"""Measured accuracy of the product extractor on the hand-labelled development samples.

The labels (tests/data/labels-products.tsv, 80 classic-corpus trials, and the two later
development samples labels2 to labels8, 60 each, labelled by hand from the records; see
tests/data/README.md) are compared, trial by trial, with the extractor's
main product: the first cell product of an experimental arm. The computation lives in
benchmarks/eval_products.py, which prints the same table as Markdown.

Floors: the targets were product kind >= 0.97 and tissue source >= 0.93. On 80 trials one
error moves a field by 0.0125, so each floor sits one or two trials below the measured value
(kind 80/80, tissue 75/80, donor 76/80, routes 76/80 at the time of writing) and at or above
the target: a change that loses a trial or two fails here and must be looked at.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
#: Development samples (rules were written on them) and floors one trial or so below the
#: measured values; the held-out samples are measured in docs/accuracy.md, never asserted.
SAMPLES = {
    "labels-products.tsv": (80, {"product_kind": 0.975, "tissue_source": 0.925,
                                 "donor": 0.925, "routes": 0.925}),
    "labels2-products.tsv": (60, {"product_kind": 0.965, "tissue_source": 0.93,
                                  "donor": 0.93, "routes": 0.95}),
    "labels3-products.tsv": (60, {"product_kind": 0.98, "tissue_source": 0.98,
                                  "donor": 0.95, "routes": 0.965}),
    # measured 0.950 / 0.933 / 1.000 / 0.900 after its round (first look 0.900 / 0.917 /
    # 0.983 / 0.800); two of the three kind errors are the curators' judgement calls
    "labels4-products.tsv": (60, {"product_kind": 0.93, "tissue_source": 0.91,
                                  "donor": 0.98, "routes": 0.88}),
    # measured 0.967 / 1.000 / 0.983 / 0.933 after its round (first look 0.950 / 0.967 /
    # 0.967 / 0.817); both kind errors left are the curators' judgement calls
    "labels5-products.tsv": (60, {"product_kind": 0.95, "tissue_source": 0.98,
                                  "donor": 0.96, "routes": 0.88}),
    # measured 0.967 / 0.983 / 0.933 / 0.883 after its round (first look 0.900 / 0.883 /
    # 0.867 / 0.850); the errors left are curators' judgement rows and one typo ("anticular")
    "labels6-products.tsv": (60, {"product_kind": 0.95, "tissue_source": 0.96,
                                  "donor": 0.91, "routes": 0.86}),
    # measured 0.933 / 0.983 / 0.950 / 0.917 after its round (first look 0.917 / 0.967 /
    # 0.900 / 0.850); the four kind errors left are the curators' judgement rows
    "labels7-products.tsv": (60, {"product_kind": 0.91, "tissue_source": 0.96,
                                  "donor": 0.93, "routes": 0.9}),
    # measured 0.983 / 0.967 / 0.917 / 0.917 after its round (first look 0.933 / 0.917 /
    # 0.867 / 0.817); the kind error left is a curator's judgement row
    "labels8-products.tsv": (60, {"product_kind": 0.96, "tissue_source": 0.95,
                                  "donor": 0.9, "routes": 0.9}),
}


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_products",
                                                  ROOT / "benchmarks" / "eval_products.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_products", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_accuracy_per_field(name: str, classic_zip: Path) -> None:
    size, floors = SAMPLES[name]
    ev = _eval_module()
    labels = ev.read_labels(DATA / name)
    report = ev.evaluate(labels, classic_zip)
    print()
    print(report.markdown())
    for nct_id, field, gold, guess in report.errors:
        print(f"  {nct_id} {field}: label {gold}, extracted {guess}")
    assert report.total == len(labels) == size
    low = {f: round(report.accuracy(f), 3) for f in floors if report.accuracy(f) < floors[f]}
    assert not low, f"below the floors {floors}: {low}"


def test_agreement_rules() -> None:
    ev = _eval_module()
    assert ev.agrees("routes", "INTRAVENOUS|INTRATHECAL", "INTRATHECAL|INTRAVENOUS")
    assert not ev.agrees("routes", "INTRAVENOUS|INTRATHECAL", "INTRAVENOUS")
    assert ev.agrees("donor", "AUTOLOGOUS|ALLOGENEIC", "ALLOGENEIC")
    assert not ev.agrees("product_kind", "MSC", "OTHER_CELL")
