"""Print the NCT ids of the third hand-labelled development sample (nothing else automatic).

Selection rule: sort the member names of
../shared/corpus/ctgov-classic-fullstudies-2022-01.zip (1,783 members NCTxxxxxxxx.json),
take every 22nd member starting at index 14 (indices 14, 36, 58, ...), which gives 81,
and keep the first 60. The indices are disjoint from both development samples (7, 29, ...
and 3, 25, ...) and from both held-out samples (18, 40, ... and 11, 33, ...). Labelled by
two curators (30 records each) who saw no project code and no extractor output; used to
develop rules, like the other development samples, after a first measurement.

Usage: python tests/data/sample_dev3.py [path/to/ctgov-classic-fullstudies-2022-01.zip]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_dev import DEFAULT_ZIP, sample_ids

START, STEP, SIZE = 14, 22, 60

if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_ZIP
    for nct_id in sample_ids(path, START, STEP, SIZE):
        print(nct_id)
