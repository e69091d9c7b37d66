"""Where a build's wall clock goes: when each batch reaches the store, and whether loading
blocks the other threads of the main process.

    python benchmarks/build_timeline.py                 # the products stage (issue 3)
    python benchmarks/build_timeline.py --stage record  # the record alone

Prints, for one build of the classic corpus, the time of every ``bulk_load`` (start, length),
of ``optimize()`` and the end, and the main process's and the workers' CPU seconds. Then a
second measurement: a Python thread counts while ``bulk_load`` loads 300,000 quads; if the
count goes on at its idle rate, ``bulk_load`` releases the GIL.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import kg.store  # noqa: E402
from kg.build import build  # noqa: E402

CLASSIC = ROOT.parent / "shared" / "corpus" / "ctgov-classic-fullstudies-2022-01.zip"
_STORE = ox.Store  # the real class: the timeline swaps the module's for the timed one


class _TimedStore:
    """An ``ox.Store`` that notes when its loading calls start and how long they take."""

    def __init__(self, path: str, log: list[tuple[float, str, float]], origin: float) -> None:
        self._store = _STORE(path)
        self._log, self._origin = log, origin

    def _timed(self, name: str, call: object, *args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        result = call(*args, **kwargs)  # type: ignore[operator]
        self._log.append((start - self._origin, name, time.perf_counter() - start))
        return result

    def bulk_load(self, *args: object, **kwargs: object) -> object:
        return self._timed("bulk_load", self._store.bulk_load, *args, **kwargs)

    def optimize(self) -> object:
        return self._timed("optimize", self._store.optimize)

    def __len__(self) -> int:
        return len(self._store)

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


def timeline(stage: str) -> None:
    """One build of the classic corpus with its store calls timed."""
    log: list[tuple[float, str, float]] = []
    origin = time.perf_counter()
    # pyoxigraph's own Store is patched; in-memory stores (the ontology's scratch) stay untimed
    kg.store.ox.Store = lambda path=None: (  # type: ignore[assignment]
        _STORE() if path is None else _TimedStore(path, log, origin))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            if stage == "record":
                build([CLASSIC], Path(tmp) / "store", with_ontology=False)
            else:
                build([CLASSIC], Path(tmp) / "store", parts=("conditions", "products"))
    finally:
        kg.store.ox.Store = _STORE  # type: ignore[misc]
    wall = time.perf_counter() - origin
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = 0.0
    for start, name, seconds in log:
        print(f"{start:7.2f} s  {name:10s} {seconds:5.2f} s")
        busy += seconds
    print(f"{wall:7.2f} s  end; main process CPU {own.ru_utime + own.ru_stime:.2f} s, "
          f"workers CPU {children.ru_utime + children.ru_stime:.2f} s; the store's calls "
          f"{busy:.2f} s of the wall clock")


def gil_check(quads: int = 300_000) -> None:
    """Whether a thread of the main process runs while ``bulk_load`` loads."""
    data = "".join(f'<http://e/s{i}> <http://e/p> "literal number {i} with some text" '
                   f"<http://e/g{i % 50}> .\n" for i in range(quads))
    count, stop = [0], [False]

    def spin() -> None:
        while not stop[0]:
            count[0] += 1

    thread = threading.Thread(target=spin)
    thread.start()
    time.sleep(0.5)
    before, start = count[0], time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        _STORE(tmp).bulk_load(input=data, format=ox.RdfFormat.N_QUADS, lenient=True)
        loading = time.perf_counter() - start
        during = count[0] - before
        idle_start, idle_before = time.perf_counter(), count[0]
        time.sleep(0.5)
        idle = (count[0] - idle_before) / (time.perf_counter() - idle_start)
    stop[0] = True
    thread.join()
    print(f"bulk_load of {quads:,} quads: {loading:.2f} s; a counting thread ran at "
          f"{during / loading / idle:.0%} of its idle rate meanwhile")


def main() -> None:
    """Print the timeline of one build, then the GIL check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", choices=["record", "products"], default="products")
    args = parser.parse_args()
    if not CLASSIC.exists():
        parser.error(f"the classic corpus is not at {CLASSIC}")
    timeline(args.stage)
    gil_check()


if __name__ == "__main__":
    main()
