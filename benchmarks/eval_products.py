"""Accuracy of the cell product extractor against the hand labels, and its speed.

Compares, per trial, the labelled main product (``tests/data/labels-products.tsv``) with the
extractor's main product (the first cell product of an experimental arm) on the classic
corpus records, field by field, and times ``extract_products`` over the whole corpus.

Usage: python benchmarks/eval_products.py [--labels TSV] [--zip ZIP] [--errors]
Prints a Markdown table (and, with --errors, every disagreement).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.sources.ctgov_classic import to_v2  # noqa: E402
from kg.text.products import extract_products, main_product  # noqa: E402

SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
DEFAULT_ZIP = SHARED / "corpus" / "ctgov-classic-fullstudies-2022-01.zip"
DEFAULT_LABELS = ROOT / "tests" / "data" / "labels-products.tsv"
FIELDS = ("product_kind", "tissue_source", "donor", "routes")


def read_labels(path: Path) -> dict[str, dict[str, str]]:
    """The labels by NCT id (the first ``#`` comment line is skipped)."""
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return {row["nct_id"]: row for row in csv.DictReader(lines, delimiter="\t")}


def classic_studies(zip_path: Path, wanted: set[str] | None = None
                    ) -> Iterator[tuple[str, dict[str, Any]]]:
    """(NCT id, v2 study) for the members of the classic zip (all, or only ``wanted``)."""
    with zipfile.ZipFile(zip_path) as archive:
        for name in sorted(archive.namelist()):
            nct_id = Path(name).stem
            if not name.endswith(".json") or (wanted is not None and nct_id not in wanted):
                continue
            raw = json.loads(archive.read(name))
            yield nct_id, to_v2(raw.get("FullStudy", {}).get("Study", raw))


def predict(study: dict[str, Any]) -> dict[str, str]:
    """The extractor's trial-level answer in the label file's vocabulary."""
    fact = main_product(study, extract_products(study))
    if fact is None:
        return dict.fromkeys(FIELDS, "NONE")
    return {
        "product_kind": fact.kind,
        "tissue_source": fact.tissue_source or "UNSPECIFIED",
        "donor": fact.donor,
        "routes": "|".join(sorted(fact.routes)) or "UNSPECIFIED",
    }


def agrees(field: str, gold: str, guess: str) -> bool:
    """Whether a prediction matches a label.

    Routes are compared as sets. Tissue and donor labels list several values only when the
    trial's arms compare them with no main one (see tests/data/README.md); then any of them
    is the right main product's value.
    """
    if field == "routes":
        return set(gold.split("|")) == set(guess.split("|"))
    if field in ("tissue_source", "donor"):
        return guess in gold.split("|")
    return gold == guess


@dataclass(frozen=True)
class Report:
    """Accuracy per field over the labelled trials, with the disagreements."""

    total: int
    correct: dict[str, int]
    errors: list[tuple[str, str, str, str]]  # nct_id, field, gold, guess

    def accuracy(self, field: str) -> float:
        """Share of labelled trials where ``field`` agrees."""
        return self.correct[field] / self.total if self.total else 0.0

    def markdown(self) -> str:
        """The table as Markdown."""
        rows = ["| field | correct | trials | accuracy |", "|---|---:|---:|---:|"]
        for field in FIELDS:
            rows.append(f"| {field} | {self.correct[field]} | {self.total} | "
                        f"{self.accuracy(field):.3f} |")
        return "\n".join(rows)


def evaluate(labels: dict[str, dict[str, str]], zip_path: Path) -> Report:
    """Compare every labelled trial found in the corpus with the extractor's answer."""
    correct = dict.fromkeys(FIELDS, 0)
    errors: list[tuple[str, str, str, str]] = []
    total = 0
    for nct_id, study in classic_studies(zip_path, set(labels)):
        total += 1
        guess = predict(study)
        for field in FIELDS:
            gold = labels[nct_id][field]
            if agrees(field, gold, guess[field]):
                correct[field] += 1
            else:
                errors.append((nct_id, field, gold, guess[field]))
    return Report(total, correct, errors)


def time_corpus(zip_path: Path) -> tuple[int, int, float]:
    """(records, products, seconds) for ``extract_products`` over the whole corpus.

    Conversion from the classic format is done first and not timed.
    """
    studies = [study for _, study in classic_studies(zip_path)]
    start = time.perf_counter()
    products = sum(len(extract_products(study)) for study in studies)
    return len(studies), products, time.perf_counter() - start


def main() -> None:
    """Print the accuracy table (and the speed) as Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--zip", type=Path, default=DEFAULT_ZIP)
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    report = evaluate(read_labels(args.labels), args.zip)
    print(f"## Cell products: accuracy on {report.total} labelled trials\n")
    print(report.markdown())
    records, products, seconds = time_corpus(args.zip)
    print(f"\nSpeed: extract_products on {records} records ({products} products) "
          f"in {seconds:.2f} s")
    if args.errors:
        print("\n| nct_id | field | label | extracted |\n|---|---|---|---|")
        for nct_id, field, gold, guess in report.errors:
            print(f"| {nct_id} | {field} | {gold} | {guess} |")


if __name__ == "__main__":
    main()
