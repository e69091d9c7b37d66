"""The build pipeline: sources -> study dicts -> triples -> a new store, swapped in atomically.

The main process frames the inputs into documents (files, zip members, JSON lines) and
bulk-loads the N-Quads the workers return, in input order; decoding the documents (JSON or
XML parsing, conversion to the v2 shape) and mapping them (text analysis included) run in
worker processes. The main process is the build's critical path: it holds the store, and
RocksDB loading is serial, so everything that can leave it does.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import RecordError
from kg.mapping import ANNOTATION_PARTS, MappingContext, SourceInfo, map_study
from kg.sources import StudyRecord
from kg.sources.reader import Unit, decode_units, frame_sources
from kg.store import build_atomically, ontology_graph, resolve_store_path
from kg.vocab import trial_iri

if TYPE_CHECKING:
    from kg.ontology import Ontology

# Load mapped trials into the store in batches of about this many bytes of N-Quads:
# large enough for bulk_load to be efficient, small enough to keep memory flat.
_BATCH_BYTES = 16 * 1024 * 1024
# Records per task sent to a worker, and tasks in flight per worker (bounds memory). No
# task is handed out while the main process loads a batch, so what is in flight must keep
# the workers busy through a load (about half a second for 16 MB): with 3 tasks a worker
# they ran dry and the products stage took 0.5 s longer (docs/benchmarks.md).
_CHUNK = 24
_IN_FLIGHT = 8
# Workers run this much nicer than the main process, which holds the store and loads it
# serially: when the cores are all busy the critical path goes first (-7% wall on 2 cores,
# docs/benchmarks.md). ``KG_WORKER_NICE`` overrides it (0: same priority).
_WORKER_NICE = 10


@dataclass
class BuildReport:
    """What a build did: counts, skipped records with their reasons, where the store is."""

    store: Path
    trials: int = 0
    triples: int = 0
    skipped: list[RecordError] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # NCT ids seen twice (newest kept)
    seconds: float = 0.0
    committed: bool = False


@dataclass(frozen=True)
class MappedTrial:
    """One record mapped to N-Quads, UTF-8 encoded."""

    nct_id: str
    last_update: str
    # bytes, encoded in the worker: the main process, which holds the store, passes them to
    # bulk_load as they are (10% less bulk_load time on 39 MB than the same text as a str)
    nquads: bytes


def build_time_now() -> str:
    """The build's timestamp; ``SOURCE_DATE_EPOCH`` pins it for reproducible graphs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def load_ontology_graph(store: ox.Store, files: Iterable[Path]) -> None:
    """Load the ontology Turtle files into their own named graph."""
    for path in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ontology_graph())


def ontology_nquads(files: Iterable[Path]) -> bytes:
    """The ontology Turtle files as N-Quads in their own named graph, to load with the trials.

    Parsed and written by pyoxigraph through an in-memory store. The store is loaded with
    this text in the same ``bulk_load`` as the first trials: each ``bulk_load`` adds files
    that RocksDB compacts again later, and one per Turtle file cost 0.4 CPU s more.
    """
    scratch = ox.Store()
    load_ontology_graph(scratch, files)
    return scratch.dump(format=ox.RdfFormat.N_QUADS) or b""


def default_jobs() -> int:
    """Worker processes for mapping: the machine's cores, at most 4; ``KG_JOBS`` overrides."""
    env = os.environ.get("KG_JOBS")
    if env and env.isdigit():
        return max(1, int(env))
    return max(1, min(4, os.cpu_count() or 1))


def build(
    sources: Iterable[str | os.PathLike[str]],
    store: str | os.PathLike[str] | None = None,
    *,
    strict: bool = False,
    with_ontology: bool = True,
    jobs: int | None = None,
    parts: Iterable[str] = ANNOTATION_PARTS,
    on_record: Callable[[MappedTrial | RecordError], None] | None = None,
) -> BuildReport:
    """Build a store from sources; the previous store is replaced only on success.

    A build that loads no trial at all (a mistyped path, an empty folder) keeps the previous
    store, and so, with ``strict``, does any skipped record: ``committed`` is then False.
    ``jobs`` worker processes decode and map records (1: in this process); ``parts`` chooses
    the ontology-linked annotations (conditions, products, eligibility); ``on_record`` is
    called with each record read (mapped, or its error) as it reaches the store.
    """
    started = time.perf_counter()
    report = BuildReport(resolve_store_path(store))
    chosen = frozenset(parts)
    units = frame_sources(sources)

    def fill(ox_store: ox.Store) -> None:
        ctx, ontology_quads = _context(chosen, with_ontology)
        mapped = _observed(_mapped(units, ctx, jobs or default_jobs()), on_record)
        _load(ox_store, ontology_quads, mapped, report)
        if (strict and report.skipped) or report.trials == 0:
            raise _NotCommitted
        report.triples = len(ox_store)

    try:
        build_atomically(report.store, fill)
    except _NotCommitted:
        report.seconds = time.perf_counter() - started
        return report
    report.committed = True
    report.seconds = time.perf_counter() - started
    return report


def _context(parts: frozenset[str], with_ontology: bool) -> tuple[MappingContext, bytes]:
    """The workers' mapping context, and the ontology graph's N-Quads (empty without it).

    Until the context exists no worker can start, and one core would idle: so the ontology
    graph is converted (pyoxigraph releases the GIL) and the product tables are compiled
    (Hyperscan's compiler too) in threads while this one builds the lexicon.
    """
    ontology: Ontology | None = None
    quads = b""
    if with_ontology:
        from kg.ontology import load_ontology, ontology_files

        with ThreadPoolExecutor(2, thread_name_prefix="build-start") as helpers:
            converted = helpers.submit(ontology_nquads, ontology_files())
            compiled = None
            if "products" in parts:
                from kg.text.products.tables import compile_tables

                compiled = helpers.submit(compile_tables)
            ontology = load_ontology()
            # a helper's error is raised here, in the build's thread
            quads = converted.result()
            if compiled is not None:
                compiled.result()
    return MappingContext(build_time=build_time_now(), ontology=ontology, parts=parts), quads


class _NotCommitted(Exception):
    """Raised inside the atomic block so the new store is dropped and the old one kept."""


def _observed(records: Iterable[MappedTrial | RecordError],
              on_record: Callable[[MappedTrial | RecordError], None] | None,
              ) -> Iterator[MappedTrial | RecordError]:
    for item in records:
        if on_record:
            on_record(item)
        yield item


def map_record(item: StudyRecord | RecordError, ctx: MappingContext) -> MappedTrial | RecordError:
    """Map one read record to N-Quads, or pass its error on (located in its file)."""
    if isinstance(item, RecordError):
        return item
    try:
        graph = map_study(item.study, SourceInfo(
            item.origin, item.fmt, item.last_update, _version_holder(item)), ctx)
    except RecordError as err:
        return err.located(item.origin, _safe_nct(item))
    return MappedTrial(item.nct_id, item.last_update or "", graph.nquads().encode())


def _mapped(units: Iterator[Unit], ctx: MappingContext,
            jobs: int) -> Iterator[MappedTrial | RecordError]:
    """Decoded and mapped records in input order, in ``jobs`` processes, bounded in flight."""
    if jobs <= 1:
        # one pass over all units, so each zip archive is opened once, not once per member
        for item in decode_units(units):
            yield map_record(item, ctx)
        return
    # fork shares the loaded ontology with the workers instead of pickling it to each.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                             initializer=_init_worker,
                             initargs=(ctx, worker_niceness())) as pool:
        pending: deque[Future[list[MappedTrial | RecordError]]] = deque()
        while True:
            while len(pending) < jobs * _IN_FLIGHT:
                chunk = list(islice(units, _CHUNK))
                if not chunk:
                    break
                pending.append(pool.submit(_map_chunk_in_worker, chunk))
            if not pending:
                return
            yield from pending.popleft().result()


# The one piece of per-process state: each worker's mapping context, set once when the
# worker starts (the standard process-pool pattern; tasks stay small because of it).
_WORKER_CTX: list[MappingContext] = []


def _init_worker(ctx: MappingContext, nice: int) -> None:
    _WORKER_CTX[:] = [ctx]
    if nice > 0 and hasattr(os, "nice"):  # POSIX only
        os.nice(nice)


def worker_niceness() -> int:
    """How much nicer than the main process the workers run; ``KG_WORKER_NICE`` overrides."""
    env = os.environ.get("KG_WORKER_NICE")
    return int(env) if env and env.isdigit() else _WORKER_NICE


def _map_chunk_in_worker(chunk: list[Unit]) -> list[MappedTrial | RecordError]:
    return _map_chunk(chunk, _WORKER_CTX[0])


def _map_chunk(chunk: list[Unit], ctx: MappingContext) -> list[MappedTrial | RecordError]:
    return [map_record(item, ctx) for item in decode_units(chunk)]


def _load(ox_store: ox.Store, first: bytes, mapped: Iterable[MappedTrial | RecordError],
          report: BuildReport) -> None:
    """Load ``first`` (the ontology graph) and the mapped trials, in batches."""
    seen: dict[str, str] = {}  # NCT id -> last update of the loaded version
    batch: list[bytes] = [first] if first else []
    size = len(first)

    def flush() -> None:
        nonlocal batch, size
        if batch:
            # lenient: every IRI is ours or percent-encoded by kg.rdf, so skip re-validation
            ox_store.bulk_load(input=b"".join(batch), format=ox.RdfFormat.N_QUADS, lenient=True)
            batch, size = [], 0

    for item in mapped:
        if isinstance(item, RecordError):
            report.skipped.append(item)
            continue
        if item.nct_id in seen:
            report.replaced.append(item.nct_id)
            if item.last_update < seen[item.nct_id]:
                continue  # the loaded version is newer
            flush()
            ox_store.clear_graph(ox.NamedNode(trial_iri(item.nct_id)))
        else:
            report.trials += 1
        seen[item.nct_id] = item.last_update
        batch.append(item.nquads)
        size += len(item.nquads)
        if size >= _BATCH_BYTES:
            flush()
    flush()


def _version_holder(record: StudyRecord) -> str | None:
    derived = record.study.get("derivedSection")
    if isinstance(derived, dict):
        misc = derived.get("miscInfoModule")
        if isinstance(misc, dict) and isinstance(misc.get("versionHolder"), str):
            return str(misc["versionHolder"])
    return None


def _safe_nct(record: StudyRecord) -> str | None:
    try:
        return record.nct_id
    except (KeyError, TypeError, AttributeError):
        return None
