"""Build speed and memory on the classic corpus, against the pyoxigraph floor and rdflib.

In one run, each step in its own process (so peak memory is its own):
  (a) `kg build` of the 1,783-trial classic corpus (readers, mapping, text facts, store),
      also by stage: the record alone (no ontology), + conditions and cell products, + eligibility;
  (b) pyoxigraph bulk-loading the N-Triples that `kg export` writes from that store: the floor;
  (c) rdflib parsing the same N-Triples file: the baseline;
  (d) `kg build` of 25% / 50% / 100% of the records, for peak memory against trial count;
  (e) `kg build` as it was before issue 3 (the last commit before the ontology work, taken
      from git into a temporary folder): the baseline of issue 3's "within 1.5x" target.

Usage: python benchmarks/build.py [--corpus ../shared/corpus] [--repeat 3]
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
step, arg, out = sys.argv[1], sys.argv[2], sys.argv[3]
t = time.perf_counter()
if step.startswith("kg"):
    from kg.build import build
    stage = step.partition(":")[2]
    if stage == "record":
        report = build([arg], out, with_ontology=False)
    elif stage == "products":
        report = build([arg], out, parts=("conditions", "products"))
    else:
        report = build([arg], out)
    n = report.triples
elif step == "floor":
    import pyoxigraph as ox
    store = ox.Store(out)
    store.bulk_load(path=arg, format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    n = len(store)
elif step == "rdflib":
    import rdflib
    g = rdflib.Graph()
    g.parse(arg, format="nt")
    n = len(g)
seconds = time.perf_counter() - t
import kg
own = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)  # the mapping processes, joined
cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
peak = own.ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "cpu": cpu, "triples": n, "peak_mib": peak,
                  "kg": kg.__file__}))
"""


# The last commit before issue 3 (its first commit, da39108, adds the ontology slices).
# That commit can only build a record: its ontology hook imports modules issue 3 added, so
# `build(..., with_ontology=False)` (the "kg:record" step) is the whole build it could do.
PRE_ISSUE_3 = "f35d408aff33ff69289a03cdb60309c14d620bb0"
ROOT = Path(__file__).resolve().parents[1]


def child(step: str, arg: str, out: str, code: Path | None = None) -> dict[str, float]:
    """Run one step in its own process, importing kg from ``code`` (default: this checkout).

    The child runs in the output's folder: ``python -c`` puts its working directory first on
    ``sys.path``, so run from the repository it would import this checkout's kg whatever
    PYTHONPATH says (until 2026-11-24 the "before issue 3" row measured today's code that
    way). The child reports which kg it imported, and that is checked.
    """
    code = code or ROOT
    env = dict(os.environ, PYTHONPATH=str(code))
    folder = Path(out).parent if out else Path(arg).parent
    done = subprocess.run([sys.executable, "-c", CHILD, step, arg, out], check=True,
                          capture_output=True, text=True, env=env, cwd=folder)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    imported = Path(result.pop("kg")).resolve()
    if not imported.is_relative_to(code.resolve()):
        raise RuntimeError(f"the {step} step imported {imported}, not kg from {code}")
    return result


def pre_issue_checkout(target: Path) -> Path | None:
    """The package as it was before issue 3, extracted from git (None without the history)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", PRE_ISSUE_3, "kg"],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        print(f"no git history for {PRE_ISSUE_3[:7]}: the pre-issue baseline is skipped",
              file=sys.stderr)
        return None
    target.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def subset_zip(source: Path, fraction: float, target: Path) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        names = sorted(zin.namelist())
        for name in names[: int(len(names) * fraction)]:
            zout.writestr(name, zin.read(name))
    return target


def stages_only(corpus: Path, repeat: int) -> None:
    """Time the pre-issue build and the three build stages, interleaved run by run."""
    runs: dict[str, list[dict[str, float]]] = {"before": [], "record": [], "products": [],
                                               "all": []}
    with tempfile.TemporaryDirectory() as tmp_name:
        before = pre_issue_checkout(Path(tmp_name) / "before")
        if before is None:
            del runs["before"]
        for i in range(repeat):
            for stage in runs:
                step = {"all": "kg", "before": "kg:record"}.get(stage, f"kg:{stage}")
                code = before if stage == "before" else None
                runs[stage].append(child(step, str(corpus), f"{tmp_name}/{stage}{i}", code))
    wall = {stage: statistics.median(r["seconds"] for r in rs) for stage, rs in runs.items()}
    cpu = {stage: statistics.median(r["cpu"] for r in rs) for stage, rs in runs.items()}
    print(stage_table(wall, cpu))


def stage_table(wall: dict[str, float], cpu: dict[str, float]) -> str:
    """The stage table: wall-clock and CPU seconds (all processes), each with its ratio.

    CPU seconds are the steadier figure on a shared machine: other jobs stretch the wall
    clock of a run far more than the work it does.
    """
    rows = [("kg build before issue 3 (commit f35d408, its own code: the record alone)",
             "before", None),
            ("record only, today's code (`with_ontology=False`)", "record", None),
            ("+ conditions, cell products (issue 3)", "products", "record"),
            ("+ eligibility criteria (issue 4)", "all", "products")]
    lines = ["| build stage | median wall s | ratio | median CPU s | ratio |",
             "|---|---:|---:|---:|---:|"]
    for title, stage, base in rows:
        if stage not in wall:
            continue
        w = f"{wall[stage] / wall[base]:.2f}x" if base else ""
        c = f"{cpu[stage] / cpu[base]:.2f}x" if base else ""
        lines.append(f"| {title} | {wall[stage]:.2f} | {w} | {cpu[stage]:.2f} | {c} |")
    if "before" in wall:
        lines.append(f"| issue 3's target: products stage / build before issue 3 | | "
                     f"{wall['products'] / wall['before']:.2f}x | | "
                     f"{cpu['products'] / cpu['before']:.2f}x |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared"
                                                  / "corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stages-only", action="store_true",
                        help="only the build stages, interleaved run by run (quicker)")
    args = parser.parse_args()
    corpus = Path(args.corpus) / "ctgov-classic-fullstudies-2022-01.zip"
    if args.stages_only:
        stages_only(corpus, args.repeat)
        return
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        kg_runs, floor_runs, rdflib_runs = [], [], []
        nt = tmp / "export.nt"
        for i in range(args.repeat):
            kg_runs.append(child("kg", str(corpus), str(tmp / f"kg{i}")))
            if i == 0:
                subprocess.run([sys.executable, "-m", "kg", "export", "--store", str(tmp / "kg0"),
                                "--format", "ntriples", "-o", str(nt)], check=True)
            floor_runs.append(child("floor", str(nt), str(tmp / f"floor{i}")))
        rdflib_runs.append(child("rdflib", str(nt), ""))
        stages, stages_cpu = {}, {}
        before = pre_issue_checkout(tmp / "before")
        for stage in ("before", "record", "products"):
            if stage == "before" and before is None:
                continue
            step = "kg:record" if stage == "before" else f"kg:{stage}"
            code = before if stage == "before" else None
            runs = [child(step, str(corpus), str(tmp / f"{stage}{i}"), code)
                    for i in range(args.repeat)]
            stages[stage] = statistics.median(r["seconds"] for r in runs)
            stages_cpu[stage] = statistics.median(r["cpu"] for r in runs)
        memory = []
        for fraction in (0.25, 0.5, 1.0):
            part = subset_zip(corpus, fraction, tmp / f"part{fraction}.zip")
            memory.append((fraction, child("kg", str(part), str(tmp / f"mem{fraction}"))))
    kg_s = statistics.median(r["seconds"] for r in kg_runs)
    floor_s = statistics.median(r["seconds"] for r in floor_runs)
    rdflib_s = rdflib_runs[0]["seconds"]
    print(f"triples in store: {kg_runs[0]['triples']}; N-Triples exported: "
          f"{floor_runs[0]['triples']}\n")
    print("| step | median s | ratio |")
    print("|---|---|---|")
    print(f"| (a) kg build, classic corpus | {kg_s:.2f} | {kg_s / floor_s:.2f}x the floor |")
    print(f"| (b) pyoxigraph bulk_load of the exported N-Triples (floor) | {floor_s:.2f} | 1 |")
    print(f"| (c) rdflib parse of the same N-Triples (baseline) | {rdflib_s:.2f} | "
          f"kg build is {rdflib_s / kg_s:.1f}x faster |")
    print()
    print(stage_table({**stages, "all": kg_s},
                      {**stages_cpu, "all": statistics.median(r["cpu"] for r in kg_runs)}))
    print("\n| records | kg build s | peak RSS MiB |")
    print("|---|---|---|")
    for fraction, run in memory:
        print(f"| {int(1783 * fraction)} | {run['seconds']:.2f} | {run['peak_mib']:.0f} |")


if __name__ == "__main__":
    main()
