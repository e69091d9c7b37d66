"""Precision/recall of the eligibility rules on the hand-labelled dev sample, as Markdown.

Usage: python benchmarks/eval_eligibility.py [classic-zip] [labels.tsv]

A trial "excludes X" when some criterion's effective meaning excludes a concept that is X or
a subclass of X (the ontology's is_a). Labels "unclear" are ignored. Also prints how long
the analysis of the whole classic corpus takes.
"""

from __future__ import annotations

import csv
import json
import sys
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.text.eligibility import analyse_eligibility, excluded_concepts
from kg.text.lexicon import Lexicon
from kg.vocab import obo

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ZIP = ROOT.parent / "shared" / "corpus" / "ctgov-classic-fullstudies-2022-01.zip"
DEFAULT_LABELS = ROOT / "tests" / "data" / "labels-eligibility.tsv"

#: label column -> the classes whose subclasses answer "yes"
QUESTIONS: Mapping[str, tuple[str, ...]] = {
    "excludes_malignancy": (obo("MONDO:0004992"),),
    "excludes_pregnancy": (obo("EFO:0002950"),),
    "excludes_hiv": (obo("MONDO:0005109"),),
    "excludes_hepatitis_b_or_c": (obo("MONDO:0005344"), obo("MONDO:0005231")),
}

@dataclass(frozen=True)
class Score:
    """Confusion counts of one question."""

    question: str
    tp: int
    fp: int
    fn: int
    tn: int
    errors: tuple[str, ...]  # "FP NCT..." / "FN NCT..."

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_labels(path: Path) -> list[dict[str, str]]:
    """Rows of the labels TSV (the leading ``#`` comment line skipped)."""
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def criteria_texts(zip_path: Path, nct_ids: Iterable[str]) -> dict[str, str]:
    """Eligibility criteria text of each requested trial in the classic zip."""
    wanted = set(nct_ids)
    out: dict[str, str] = {}
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():
            nct = Path(name).stem
            if nct in wanted:
                study = json.loads(archive.read(name))
                out[nct] = (study["ProtocolSection"].get("EligibilityModule", {})
                            .get("EligibilityCriteria", ""))
    return out


def all_texts(zip_path: Path) -> Iterator[str]:
    """Every criteria text of the classic zip."""
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():
            if name.endswith(".json"):
                study = json.loads(archive.read(name))
                text = (study["ProtocolSection"].get("EligibilityModule", {})
                        .get("EligibilityCriteria"))
                if text:
                    yield text


def evaluate(labels: list[dict[str, str]], texts: Mapping[str, str], lexicon: Lexicon,
             is_a: Callable[[str, str], bool]) -> list[Score]:
    """Score each question over the labelled trials (ignoring "unclear")."""
    excluded = {nct: excluded_concepts(analyse_eligibility(texts.get(nct, ""), lexicon))
                for nct in (row["nct_id"] for row in labels)}
    scores = []
    for question, targets in QUESTIONS.items():
        tp = fp = fn = tn = 0
        errors = []
        for row in labels:
            gold = row[question].strip().lower()
            if gold not in ("yes", "no"):
                continue
            nct = row["nct_id"]
            predicted = any(is_a(iri, target) for iri in excluded[nct] for target in targets)
            if predicted and gold == "yes":
                tp += 1
            elif predicted:
                fp += 1
                errors.append(f"FP {nct}")
            elif gold == "yes":
                fn += 1
                errors.append(f"FN {nct}")
            else:
                tn += 1
        scores.append(Score(question, tp, fp, fn, tn, tuple(errors)))
    return scores


def markdown(scores: list[Score]) -> str:
    """The scores as a Markdown table."""
    lines = ["| question | TP | FP | FN | TN | precision | recall | F1 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for s in scores:
        lines.append(f"| {s.question} | {s.tp} | {s.fp} | {s.fn} | {s.tn} | "
                     f"{s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    from kg.ontology import load_ontology  # the committed ontology slices

    zip_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_ZIP
    labels_path = Path(argv[2]) if len(argv) > 2 else DEFAULT_LABELS
    ontology = load_ontology()
    labels = read_labels(labels_path)
    texts = criteria_texts(zip_path, (row["nct_id"] for row in labels))
    scores = evaluate(labels, texts, ontology.lexicon, ontology.is_a)
    print(f"Eligibility rules on {len(labels)} hand-labelled trials ({labels_path.name}):\n")
    print(markdown(scores))
    for s in scores:
        if s.errors:
            print(f"\n{s.question}: {', '.join(s.errors)}")
    corpus = list(all_texts(zip_path))
    started = time.perf_counter()
    n = sum(len(analyse_eligibility(text, ontology.lexicon)) for text in corpus)
    elapsed = time.perf_counter() - started
    print(f"\nWhole classic corpus: {len(corpus)} texts, {n} criteria in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
