"""Print the NCT ids of the second hand-labelled held-out sample (nothing else automatic).

Selection rule: sort the member names of
../shared/corpus/ctgov-classic-fullstudies-2022-01.zip (1,783 members NCTxxxxxxxx.json),
take every 22nd member starting at index 11 (indices 11, 33, 55, ...), which gives 81,
and keep the first 60. The indices are disjoint from the development sample (7, 29, ...)
and from the first held-out sample (18, 40, ...). This sample was drawn and labelled after
the first held-out sample had been seen, so that the product rules could be measured on
records nobody writing rules had looked at.

Usage: python tests/data/sample_heldout2.py [path/to/ctgov-classic-fullstudies-2022-01.zip]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_dev import DEFAULT_ZIP, sample_ids

START, STEP, SIZE = 11, 22, 60

if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_ZIP
    for nct_id in sample_ids(path, START, STEP, SIZE):
        print(nct_id)
