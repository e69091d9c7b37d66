"""The product word tables with their Hyperscan prefilter, against running every entry.

On the texts the product extractor reads in each classic corpus record (titles, summary,
intervention names, other names and descriptions, arm labels and descriptions), in one
process: each table's ``hits`` (Hyperscan says which entries may match; ``re`` runs those)
against ``exhaustive_hits`` (every entry's ``re`` pattern on every text, the baseline).
Checks that both give the same hits, and times compiling the Hyperscan databases.

Usage: python benchmarks/tables.py [--corpus ../shared/corpus] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.sources.ctgov_classic import to_v2  # noqa: E402
from kg.text.products.tables import TABLES, Table, exhaustive_hits  # noqa: E402

NAMES = ("kind", "tissue", "donor", "route", "modification")  # the order of TABLES


def product_texts(study: dict[str, Any]) -> list[str]:
    """The texts of a v2 study that the product extractor reads."""
    protocol = study.get("protocolSection", {})
    ident = protocol.get("identificationModule", {})
    desc = protocol.get("descriptionModule", {})
    arms = protocol.get("armsInterventionsModule", {})
    texts = [ident.get("briefTitle"), ident.get("officialTitle"), desc.get("briefSummary")]
    for item in arms.get("interventions") or []:
        texts += [item.get("name"), item.get("description"), *(item.get("otherNames") or [])]
    for arm in arms.get("armGroups") or []:
        texts += [arm.get("label"), arm.get("description")]
    return [t for t in texts if isinstance(t, str) and t.strip()]


def timed(run: Any, table: Table, texts: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            run(table, text)
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    archive = Path(args.corpus) / "ctgov-classic-fullstudies-2022-01.zip"
    with zipfile.ZipFile(archive) as zipped:
        texts = [text for name in sorted(zipped.namelist())
                 for text in product_texts(to_v2(json.loads(zipped.read(name))))]
    print(f"{len(texts):,} texts, {sum(map(len, texts)):,} characters, "
          f"{sum(not t.isascii() for t in texts):,} of them not ASCII\n")
    print("| table | entries | Hyperscan compile s | hits CPU s | every entry CPU s | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, table in zip(NAMES, TABLES, strict=True):
        start = time.process_time()
        _ = table.prefilter
        compile_s = time.process_time() - start
        for text in texts:
            if table.hits(text) != exhaustive_hits(table, text):
                raise SystemExit(f"{name}: hits differ on {text[:80]!r}")
        fast = timed(lambda t, s: t.hits(s), table, texts, args.repeat)
        full = timed(exhaustive_hits, table, texts, args.repeat)
        print(f"| {name} | {len(table.patterns)} | {compile_s:.3f} | {fast:.3f} | {full:.3f} | "
              f"{full / fast:.1f}x |")


if __name__ == "__main__":
    main()
