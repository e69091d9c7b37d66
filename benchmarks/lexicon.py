"""Speed of loading the ontology and of the lexicon over every classic-corpus criteria text.

Usage: python benchmarks/lexicon.py [path/to/ctgov-classic-fullstudies-2022-01.zip]
"""

from __future__ import annotations

import json
import sys
import time
import zipfile
from pathlib import Path

ZIP = Path(__file__).resolve().parents[2] / "shared" / "corpus" / \
    "ctgov-classic-fullstudies-2022-01.zip"


def main() -> None:
    from kg.ontology import load_ontology

    start = time.perf_counter()
    lexicon = load_ontology().lexicon
    loaded = time.perf_counter() - start
    with zipfile.ZipFile(sys.argv[1] if len(sys.argv) > 1 else ZIP) as archive:
        texts = [json.loads(archive.read(n))["ProtocolSection"]["EligibilityModule"]
                 .get("EligibilityCriteria", "") for n in archive.namelist()]
    start = time.perf_counter()
    mentions = sum(len(lexicon.find(text)) for text in texts)
    elapsed = time.perf_counter() - start
    print(f"load_ontology: {loaded:.2f} s")
    print(f"lexicon: {len(texts)} criteria texts, {mentions} mentions in {elapsed:.2f} s "
          f"({mentions / elapsed:,.0f} mentions/s)")


if __name__ == "__main__":
    main()
