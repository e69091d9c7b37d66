"""The build pipeline: sources -> study dicts -> triples -> a new store, swapped in atomically."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from kg.errors import RecordError
from kg.mapping import MappingContext, SourceInfo, map_study
from kg.sources import StudyRecord, read_sources
from kg.store import atomic_store, ontology_graph, resolve_store_path
from kg.vocab import trial_iri

# Flush mapped trials to the store in batches of about this many bytes of N-Quads:
# large enough for bulk_load to be efficient, small enough to keep memory flat.
_BATCH_BYTES = 8 * 1024 * 1024


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


def build_time_now() -> str:
    """The build's timestamp; ``SOURCE_DATE_EPOCH`` pins it for reproducible graphs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def load_ontology_graph(store: ox.Store, files: Iterable[Path]) -> None:
    """Load the ontology Turtle files into their own named graph."""
    for path in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ontology_graph())


def build(
    sources: Iterable[str | os.PathLike[str]],
    store: str | os.PathLike[str] | None = None,
    *,
    strict: bool = False,
    with_ontology: bool = True,
    on_record: Callable[[StudyRecord | RecordError], None] | None = None,
) -> BuildReport:
    """Build a store from sources; the previous store is replaced only on success.

    With ``strict``, any skipped record keeps the previous store (``committed`` is False).
    """
    started = time.perf_counter()
    report = BuildReport(resolve_store_path(store))
    ontology = None
    files: list[Path] = []
    if with_ontology:
        from kg.ontology import load_ontology, ontology_files

        ontology = load_ontology()
        files = ontology_files()
    ctx = MappingContext(build_time=build_time_now(), ontology=ontology)
    try:
        with atomic_store(report.store) as ox_store:
            load_ontology_graph(ox_store, files)
            _load_records(ox_store, read_sources(sources), ctx, report, on_record)
            if strict and report.skipped:
                raise _StrictAbort
            report.triples = len(ox_store)
    except _StrictAbort:
        report.seconds = time.perf_counter() - started
        return report
    report.committed = True
    report.seconds = time.perf_counter() - started
    return report


class _StrictAbort(Exception):
    """Raised inside the atomic block so the new store is dropped."""


def _load_records(
    ox_store: ox.Store,
    records: Iterable[StudyRecord | RecordError],
    ctx: MappingContext,
    report: BuildReport,
    on_record: Callable[[StudyRecord | RecordError], None] | None,
) -> None:
    seen: dict[str, str] = {}  # NCT id -> last update of the loaded version
    batch: list[str] = []
    size = 0
    for item in records:
        if on_record:
            on_record(item)
        if isinstance(item, RecordError):
            report.skipped.append(item)
            continue
        try:
            graph = map_study(item.study, SourceInfo(
                item.origin, item.fmt, item.last_update, _version_holder(item)), ctx)
        except RecordError as err:
            report.skipped.append(err.located(item.origin, _safe_nct(item)))
            continue
        nct = item.nct_id
        if nct in seen:
            report.replaced.append(nct)
            if (item.last_update or "") < seen[nct]:
                continue  # the loaded version is newer
            if batch:
                ox_store.bulk_load(input="".join(batch).encode(), format=ox.RdfFormat.N_QUADS)
                batch, size = [], 0
            ox_store.clear_graph(ox.NamedNode(trial_iri(nct)))
        else:
            report.trials += 1
        seen[nct] = item.last_update or ""
        text = graph.nquads()
        batch.append(text)
        size += len(text)
        if size >= _BATCH_BYTES:
            ox_store.bulk_load(input="".join(batch).encode(), format=ox.RdfFormat.N_QUADS)
            batch, size = [], 0
    if batch:
        ox_store.bulk_load(input="".join(batch).encode(), format=ox.RdfFormat.N_QUADS)


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
