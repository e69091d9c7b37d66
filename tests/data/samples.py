"""Print the NCT ids of a hand-labelled sample (nothing else automatic).

Every sample follows one rule: sort the member names of
../shared/corpus/ctgov-classic-fullstudies-2022-01.zip (1,783 members NCTxxxxxxxx.json),
take every 22nd member from a start index, and keep the first SIZE. Samples with different
start indices are disjoint. Why each sample was drawn, who labelled it and what it may be
used for is in tests/data/README.md.

Usage: python tests/data/samples.py NAME [path/to/ctgov-classic-fullstudies-2022-01.zip]
       python tests/data/samples.py --list
"""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
DEFAULT_ZIP = SHARED / "corpus" / "ctgov-classic-fullstudies-2022-01.zip"
STEP = 22


class Sample(NamedTuple):
    """Where a sample starts in the sorted members, and how many trials it keeps."""

    start: int
    size: int
    use: str  # "development" (rules may be fitted to it) or "held-out" (measurement only)


#: Every labelled sample, by name; a new sample takes a start index not used here.
SAMPLES: dict[str, Sample] = {
    "dev": Sample(7, 80, "development"),
    "dev2": Sample(3, 60, "development"),
    "dev3": Sample(14, 60, "development"),
    "dev4": Sample(5, 60, "development"),
    "dev5": Sample(2, 60, "development"),
    "dev6": Sample(4, 60, "development"),
    "dev7": Sample(8, 60, "development"),
    "dev8": Sample(12, 60, "development"),
    "heldout": Sample(18, 60, "held-out"),
    "heldout2": Sample(11, 60, "held-out"),
    "heldout3": Sample(0, 60, "held-out"),
    "heldout4": Sample(21, 60, "held-out"),
    "heldout5": Sample(13, 60, "held-out"),
    "heldout6": Sample(1, 60, "held-out"),
    "heldout7": Sample(16, 60, "held-out"),
    "heldout8": Sample(6, 60, "held-out"),
    "heldout9": Sample(9, 60, "held-out"),
    "heldout10": Sample(10, 60, "held-out"),
    "heldout11": Sample(17, 60, "held-out"),
    "heldout12": Sample(20, 60, "held-out"),
    "heldout13": Sample(15, 60, "held-out"),
    "heldout14": Sample(19, 60, "held-out"),
}


def sample_ids(zip_path: Path, start: int, size: int, step: int = STEP) -> list[str]:
    """The sampled NCT ids, in sorted member order."""
    with zipfile.ZipFile(zip_path) as archive:
        names = sorted(n for n in archive.namelist() if n.endswith(".json"))
    return [Path(n).stem for n in names[start::step][:size]]


def main(argv: list[str]) -> int:
    """Print a sample's ids (or, with --list, the samples)."""
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0 if argv else 2
    if argv[0] == "--list":
        for name, sample in SAMPLES.items():
            print(f"{name}\tstart {sample.start}\tsize {sample.size}\t{sample.use}")
        return 0
    if argv[0] not in SAMPLES:
        print(f"no sample {argv[0]!r}; known: {', '.join(SAMPLES)}", file=sys.stderr)
        return 2
    sample = SAMPLES[argv[0]]
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_ZIP
    for nct_id in sample_ids(path, sample.start, sample.size):
        print(nct_id)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
