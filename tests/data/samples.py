"""Print the NCT ids of a hand-labelled sample (nothing else automatic).

Every sample follows one rule: sort the member names of
../shared/corpus/ctgov-classic-fullstudies-2022-01.zip (1,783 members NCTxxxxxxxx.json),
take every 22nd member from a start index, and keep the first SIZE. Later samples, once every
start index was taken, skip the first OFFSET members of each run and take an equal share of
SIZE from each of PARTS consecutive start indices (then from the start indices ALSO). No two
samples share a member (tested). Why each sample was drawn, who labelled it and what it may be
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
    offset: int = 0  # members of each run skipped (taken by earlier samples)
    parts: int = 1  # consecutive start indices, each giving size / (parts + len(also)) members
    also: tuple[int, ...] = ()  # further start indices, after the consecutive ones

    def starts(self) -> tuple[int, ...]:
        """Every start index the sample draws from, in the order its members are listed."""
        return (*range(self.start, self.start + self.parts), *self.also)

    def cells(self) -> set[tuple[int, int]]:
        """The (start index, position in its run) of every member the sample takes."""
        per = self.size // len(self.starts())
        return {(start, self.offset + n) for start in self.starts() for n in range(per)}

    def ids(self, zip_path: Path) -> list[str]:
        """The sample's NCT ids, drawn from the classic corpus zip."""
        return sample_ids(zip_path, self.start, self.size, offset=self.offset,
                          parts=self.parts, also=self.also)


#: Every labelled sample, by name; a new sample takes members no sample here takes.
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
    # every start index was taken by now: members 60-79 of the runs of indices 0-2 and 3-5
    "heldout15": Sample(0, 60, "held-out", offset=60, parts=3),
    "heldout16": Sample(3, 60, "held-out", offset=60, parts=3),
    "heldout17": Sample(8, 60, "held-out", offset=60, parts=3),
    "heldout18": Sample(11, 60, "held-out", offset=60, parts=3),
    "heldout19": Sample(14, 60, "held-out", offset=60, parts=3),
    "heldout20": Sample(17, 60, "held-out", offset=60, parts=3),
    # the last free members 60-79: the runs of indices 20, 21 and 6
    "heldout21": Sample(20, 60, "held-out", offset=60, parts=2, also=(6,)),
    # member 80 of every run: the last members (index 0's run alone has an 82nd, member 81)
    "heldout22": Sample(0, 22, "held-out", offset=80, parts=22),
}


def sample_ids(zip_path: Path, start: int, size: int, step: int = STEP, offset: int = 0,
               parts: int = 1, also: tuple[int, ...] = ()) -> list[str]:
    """The sampled NCT ids: each part's in sorted member order, part after part."""
    with zipfile.ZipFile(zip_path) as archive:
        names = sorted(n for n in archive.namelist() if n.endswith(".json"))
    starts = (*range(start, start + parts), *also)
    per = size // len(starts)
    return [Path(n).stem for first in starts for n in names[first::step][offset:offset + per]]


def main(argv: list[str]) -> int:
    """Print a sample's ids (or, with --list, the samples)."""
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0 if argv else 2
    if argv[0] == "--list":
        for name, sample in SAMPLES.items():
            print(f"{name}\tstarts {','.join(map(str, sample.starts()))}\tsize {sample.size}"
                  f"\toffset {sample.offset}\t{sample.use}")
        return 0
    if argv[0] not in SAMPLES:
        print(f"no sample {argv[0]!r}; known: {', '.join(SAMPLES)}", file=sys.stderr)
        return 2
    sample = SAMPLES[argv[0]]
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_ZIP
    for nct_id in sample.ids(path):
        print(nct_id)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
