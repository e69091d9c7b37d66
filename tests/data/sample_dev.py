"""Print the NCT ids of the hand-labelled development sample (nothing else automatic).

Selection rule: sort the member names of
../shared/corpus/ctgov-classic-fullstudies-2022-01.zip (1,783 members NCTxxxxxxxx.json),
take every 22nd member starting at index 7 (indices 7, 29, 51, ...), which gives 81,
and drop the last one to keep 80.

Usage: python tests/data/sample_dev.py [path/to/ctgov-classic-fullstudies-2022-01.zip]
"""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
DEFAULT_ZIP = SHARED / "corpus" / "ctgov-classic-fullstudies-2022-01.zip"

START, STEP, SIZE = 7, 22, 80


def sample_ids(zip_path: Path = DEFAULT_ZIP, start: int = START, step: int = STEP,
               size: int = SIZE) -> list[str]:
    """The sampled NCT ids, in sorted member order (the held-out sample reuses this)."""
    with zipfile.ZipFile(zip_path) as archive:
        names = sorted(n for n in archive.namelist() if n.endswith(".json"))
    picked = names[start::step][:size]
    return [Path(n).stem for n in picked]


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_ZIP
    for nct_id in sample_ids(path):
        print(nct_id)
