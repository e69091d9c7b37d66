"""Print the NCT ids of the third hand-labelled held-out sample (nothing else automatic).

Selection rule: sort the member names of
../shared/corpus/ctgov-classic-fullstudies-2022-01.zip (1,783 members NCTxxxxxxxx.json),
take every 22nd member starting at index 0 (indices 0, 22, 44, ...), which gives 82, and keep
the first 60. The indices are disjoint from every other labelled sample (7, 3, 14, 18 and 11
mod 22). This sample was drawn and labelled after the second held-out sample had been spent,
so that the product rules could be measured once more on records nobody writing rules had
looked at.

Usage: python tests/data/sample_heldout3.py [path/to/ctgov-classic-fullstudies-2022-01.zip]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_dev import DEFAULT_ZIP, sample_ids

START, STEP, SIZE = 0, 22, 60

if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_ZIP
    for nct_id in sample_ids(path, START, STEP, SIZE):
        print(nct_id)
