"""SHACL validation of trial graphs: results as data, fast on large graphs.

:func:`validate` checks a store (or RDF files) against ``shapes/*.ttl``. pySHACL is the
reference engine; the Rust ``shacl`` engine gives the same results much faster. Large graphs
are validated in chunks of trials (see :mod:`kg.validate_data`) across processes, with at
most two chunks per process in flight, so memory is bounded by the chunk size. With
``chunk_size=0`` the whole graph is validated in one engine call (the reference the chunked
path must reproduce result for result; tests and ``benchmarks/validate.py`` check it).
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import ValidationSetupError
from kg.resources import resource_dir
from kg.validate_data import (
    Chunk,
    OntologyIndex,
    Source,
    chunk_text,
    dump_text,
    open_dataset,
    plan_chunks,
    select_trials,
    shared_chunk,
    shared_lines,
    store_folder,
    trial_of,
    whole_text,
)
from kg.validate_engines import RawResult, engine_function, node_text, resolve_engine

SEVERITIES = ("Violation", "Warning", "Info")  # most severe first
DEFAULT_CHUNK_SIZE = 100


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, attributed to its trial.

    Terms: ``focus_node`` and ``source_shape`` are IRIs; ``path`` is a predicate IRI (or a
    SPARQL property path); ``value`` is an N-Triples term (``<iri>`` or a literal).
    """

    nct_id: str | None  # None for shared nodes (organizations, countries, ...)
    focus_node: str
    path: str | None
    value: str | None
    source_shape: str
    severity: str  # "Violation", "Warning" or "Info"
    message: str
    component: str  # e.g. "MinCountConstraintComponent"

    @classmethod
    def of(cls, raw: RawResult) -> ValidationResult:
        """Attribute an engine's result to the trial its focus node belongs to."""
        focus = node_text(raw.focus_node)
        trial = trial_of(focus)
        return cls(
            nct_id=trial.rsplit("/", 1)[-1] if trial else None,
            focus_node=focus,
            path=raw.path,
            value=raw.value,
            source_shape=node_text(raw.source_shape),
            severity=raw.severity,
            message=raw.message,
            component=raw.component,
        )

    def sort_key(self) -> tuple[str, ...]:
        """Order of reports: by trial, focus node, path, shape, value, component."""
        return (self.nct_id or "", self.focus_node, self.path or "", self.source_shape,
                self.value or "", self.component, self.severity, self.message)

    def at_least(self, severity: str) -> bool:
        """Whether this result is at or above ``severity``."""
        return SEVERITIES.index(self.severity) <= SEVERITIES.index(severity)


@dataclass
class ValidationReport:
    """All results of one validation, sorted, with what was checked and how."""

    results: list[ValidationResult] = field(default_factory=list)
    trials: list[str] = field(default_factory=list)  # NCT ids checked
    engine: str = "pyshacl"
    chunks: int = 0
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and infos do not break conformance)."""
        return not any(r.severity == "Violation" for r in self.results)

    def at_least(self, severity: str) -> list[ValidationResult]:
        """The results at or above ``severity``."""
        return [r for r in self.results if r.at_least(severity)]

    def totals_by_severity(self) -> dict[str, int]:
        """Result counts per severity (every severity present, most severe first)."""
        counts = Counter(r.severity for r in self.results)
        return {s: counts.get(s, 0) for s in SEVERITIES}

    def totals_by_shape(self) -> dict[tuple[str, str], int]:
        """Result counts per (source shape, severity), largest first."""
        counts = Counter((r.source_shape, r.severity) for r in self.results)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def trials_with_results(self, severity: str = "Info") -> list[str]:
        """NCT ids having a result at or above ``severity``, sorted."""
        return sorted({r.nct_id for r in self.at_least(severity) if r.nct_id})


def default_shapes_dir() -> Path:
    """The ``shapes/`` folder shipped with the project."""
    return resource_dir("shapes")


def load_shapes(shapes_dir: str | os.PathLike[str] | None = None) -> str:
    """All ``*.ttl`` files of the shapes folder as one Turtle text (prefixes per file)."""
    where = Path(shapes_dir) if shapes_dir else default_shapes_dir()
    files = sorted(where.glob("*.ttl")) if where.is_dir() else []
    if not files:
        raise ValidationSetupError(f"no shapes (*.ttl) in {where}")
    merged = ox.Store()
    for path in files:
        try:
            merged.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE,
                             to_graph=ox.DefaultGraph())
        except SyntaxError as err:
            raise ValidationSetupError(f"{path}: {err}") from err
    # N-Triples is valid Turtle: one text every engine reads the same way.
    return dump_text(merged, ox.DefaultGraph())


def validate(
    source: Source,
    *,
    shapes_dir: str | os.PathLike[str] | None = None,
    trials: Iterable[str] | None = None,
    engine: str = "auto",
    processes: int = 2,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> ValidationReport:
    """Validate trial graphs against the shapes; results sorted, one per SHACL result.

    ``source`` is an :class:`~kg.store.EmbeddedStore`, a ``pyoxigraph.Store``, a store folder
    or RDF files (Turtle, N-Triples, N-Quads, TriG). ``trials`` restricts to NCT ids.
    ``chunk_size=0`` validates everything in one engine call; ``processes<=1`` validates
    chunks in this process.
    """
    started = time.perf_counter()
    engine = resolve_engine(engine)
    run = engine_function(engine)
    shapes = load_shapes(shapes_dir)
    store = open_dataset(source)
    graphs = select_trials(store, trials)
    report = ValidationReport(trials=[g.rsplit("/", 1)[-1] for g in graphs], engine=engine)
    if chunk_size <= 0:
        raw = run(shapes, whole_text(store, graphs)) if graphs else []
        report.results = sorted(map(ValidationResult.of, raw), key=ValidationResult.sort_key)
        report.chunks = 1
    else:
        found: set[ValidationResult] = set()
        shared: set[str] = set()
        folder = store_folder(source)
        ontology = None if folder else OntologyIndex.of(store)
        work = plan_chunks(store, folder, graphs, chunk_size, ontology)
        for chunk, (raw, lines) in _run_chunks(work, engine, shapes, processes):
            found.update(r for r in map(ValidationResult.of, raw) if _answers(chunk, r))
            shared.update(lines)
            report.chunks += 1
        if graphs:
            last = shared_chunk(shared, folder, ontology)
            raw, _ = check_chunk(engine, shapes, last)
            found.update(r for r in map(ValidationResult.of, raw) if _answers(last, r))
            report.chunks += 1
        report.results = sorted(found, key=ValidationResult.sort_key)
    report.seconds = time.perf_counter() - started
    return report


def _answers(chunk: Chunk, result: ValidationResult) -> bool:
    """Whether ``chunk`` is the one responsible for the result's focus node."""
    return (result.nct_id is None) == chunk.shared


Outcome = tuple[list[RawResult], frozenset[str]]


def _run_chunks(work: Iterator[Chunk], engine: str, shapes: str,
                processes: int) -> Iterator[tuple[Chunk, Outcome]]:
    """Outcomes per chunk, in completion order; at most 2 chunks per worker in flight."""
    if processes <= 1:
        for chunk in work:
            yield chunk, check_chunk(engine, shapes, chunk)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        yield from _bounded(pool, work, engine, shapes, 2 * processes)


def _bounded(pool: Executor, work: Iterator[Chunk], engine: str, shapes: str,
             window: int) -> Iterator[tuple[Chunk, Outcome]]:
    pending: dict[Future[Outcome], Chunk] = {}
    for chunk in work:
        pending[pool.submit(check_chunk, engine, shapes, chunk)] = chunk
        if len(pending) >= window:
            yield from _drain(pending, FIRST_COMPLETED)
    yield from _drain(pending, None)


def _drain(pending: dict[Future[Outcome], Chunk],
           until: str | None) -> Iterator[tuple[Chunk, Outcome]]:
    while pending:
        done, _ = wait(list(pending), return_when=until or "ALL_COMPLETED")
        for future in done:
            chunk = pending.pop(future)
            yield chunk, future.result()
        if until is not None:
            return


@functools.lru_cache(maxsize=2)
def _folder(path: str) -> tuple[ox.Store, OntologyIndex]:
    """A worker's read-only handle on a store folder and its ontology index (once each)."""
    store = ox.Store.read_only(path)
    return store, OntologyIndex.of(store)


def check_chunk(engine: str, shapes: str, chunk: Chunk) -> Outcome:
    """Validate one chunk: the engine's results and the chunk's lines about shared nodes.

    Runs in worker processes (module level, so that it pickles).
    """
    store, ontology = _folder(chunk.store_path) if chunk.store_path else (None, None)
    text = chunk_text(chunk, store, ontology)
    lines = shared_lines(text) if chunk.trials else frozenset()
    return engine_function(engine)(shapes, text), lines


def compare(first: Sequence[ValidationResult], second: Sequence[ValidationResult]
            ) -> tuple[list[ValidationResult], list[ValidationResult]]:
    """Results only in ``first`` and only in ``second`` (as multisets)."""
    a, b = Counter(first), Counter(second)
    key = ValidationResult.sort_key
    return sorted((a - b).elements(), key=key), sorted((b - a).elements(), key=key)
