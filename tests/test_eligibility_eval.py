"""Precision/recall of the eligibility rules on the hand-labelled dev sample.

Floors: malignancy precision >= 0.97 and recall >= 0.95 (the target); F1 >= 0.90 for the
other questions. The target for those is 0.93; the remaining misses on the dev set are
labels implied without naming the concept ("postmenopausal status", "women of child-bearing
potential" excluded) and lexicon gaps ("human immunodeficiency virus", "viral hepatitis type
B"), which text rules must not be bent to fit, so the floor leaves that margin.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import CLASSIC_ZIP, need_corpus

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "labels-eligibility.tsv"
FLOORS = {
    "excludes_malignancy": {"precision": 0.97, "recall": 0.95},
    "excludes_pregnancy": {"f1": 0.90},
    "excludes_hiv": {"f1": 0.90},
    "excludes_hepatitis_b_or_c": {"f1": 0.90},
}


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eval_eligibility", ROOT / "benchmarks" / "eval_eligibility.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_eligibility", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.corpus
def test_eligibility_eval() -> None:
    need_corpus(CLASSIC_ZIP)
    if not LABELS.exists():
        pytest.skip(f"labels not found at {LABELS}")
    from kg.ontology import load_ontology

    bench = _benchmark()
    ontology = load_ontology()
    labels = bench.read_labels(LABELS)
    texts = bench.criteria_texts(CLASSIC_ZIP, (row["nct_id"] for row in labels))
    scores = bench.evaluate(labels, texts, ontology.lexicon, ontology.is_a)
    print("\n" + bench.markdown(scores))
    for score in scores:
        for metric, floor in FLOORS[score.question].items():
            value = getattr(score, metric)
            assert value >= floor, f"{score.question} {metric} {value:.3f} < {floor} " \
                                   f"({', '.join(score.errors)})"
