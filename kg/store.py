"""The store: one small interface with an embedded back end here and a remote one in kg.remote.

Queries run over the union of the named graphs (one per trial plus the ontology graph).
Builds are atomic: :func:`atomic_store` writes a new store beside the old one and swaps it
in only when the caller finishes without error.
"""

from __future__ import annotations

import gc
import os
import shutil
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

import pyoxigraph as ox

from kg.errors import QueryError, QuerySyntaxError, StoreError
from kg.vocab import CTKG, ONTOLOGY_GRAPH, PREFIXES

DEFAULT_STORE = "kg-store"
T = TypeVar("T")
Term = ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple


@dataclass(frozen=True)
class SelectResult:
    """Rows of a SELECT query; a missing binding is None."""

    variables: list[str]
    rows: list[list[Term | None]] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Term | None]]:
        """Rows as dicts keyed by variable name."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class AskResult:
    """The answer of an ASK query."""

    value: bool


@dataclass(frozen=True)
class GraphResult:
    """The triples of a CONSTRUCT or DESCRIBE query."""

    triples: list[ox.Triple]


QueryResult = SelectResult | AskResult | GraphResult


class Store(Protocol):
    """What commands need from a store, embedded or remote."""

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run SPARQL over the union of graphs, with variables pre-bound to RDF terms."""
        ...


def resolve_store_path(path: str | os.PathLike[str] | None) -> Path:
    """``--store`` if given, else ``$KG_STORE``, else ``./kg-store``."""
    return Path(path or os.environ.get("KG_STORE") or DEFAULT_STORE)


class EmbeddedStore:
    """An on-disk pyoxigraph store opened for reading."""

    def __init__(self, store: ox.Store, path: Path | None = None) -> None:
        self.raw = store
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> EmbeddedStore:
        """Open an existing store read-only (several readers may share it)."""
        where = resolve_store_path(path)
        if not where.is_dir():
            raise StoreError(f"no store at {where}: run `kg build SOURCE... --store {where}` first")
        try:
            return cls(ox.Store.read_only(str(where)), where)
        except OSError as err:
            raise StoreError(f"cannot open the store at {where}: {err}") from err

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run a query over the union of all graphs."""
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            result = self.raw.query(sparql, use_default_graph_as_union=True,
                                    prefixes=dict(PREFIXES), substitutions=subs or None)
        except SyntaxError as err:
            raise QuerySyntaxError(f"SPARQL syntax error: {err}") from err
        except OSError as err:
            raise QueryError(f"query failed: {err}") from err
        return to_result(result)

    def named_graphs(self) -> list[str]:
        """IRIs of all named graphs, sorted."""
        return sorted(g.value for g in self.raw.named_graphs() if isinstance(g, ox.NamedNode))

    def trial_graphs(self) -> list[str]:
        """IRIs of the trial graphs, sorted."""
        prefix = CTKG + "trial/"
        return [g for g in self.named_graphs() if g.startswith(prefix)]

    def __len__(self) -> int:
        return len(self.raw)


def to_result(result: object) -> QueryResult:
    """Turn pyoxigraph's query answer into a :data:`QueryResult`."""
    if isinstance(result, bool | ox.QueryBoolean):
        return AskResult(bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return SelectResult(names, [[sol[name] for name in names] for sol in result])
    if isinstance(result, ox.QueryTriples):
        return GraphResult(list(result))
    raise QueryError(f"unexpected query result {type(result).__name__}")


def build_atomically(path: Path, fill: Callable[[ox.Store], T]) -> T:
    """Run ``fill`` on a new empty store beside ``path``; on success it replaces ``path``.

    On any error (or interruption) the new store is dropped and the old one stays in place,
    readable all along. Only this function holds the new store, so it can close it (pyoxigraph
    closes on release) before its folder is removed or moved.
    """
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.building-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    try:
        store = ox.Store(str(tmp))
    except OSError as err:
        raise StoreError(f"cannot create a store at {tmp}: {err}") from err
    try:
        result = fill(store)
        store.flush()
        store.optimize()
    except BaseException as err:
        del store
        # Frames of the failed fill still reference the store (RocksDB stays open and may
        # write into the folder while it is removed): release them first.
        traceback.clear_frames(err.__traceback__)
        gc.collect()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    del store
    gc.collect()
    _swap(tmp, path)
    return result


def _swap(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        if not (target / "CURRENT").exists() and any(target.iterdir()):
            shutil.rmtree(new, ignore_errors=True)
            raise StoreError(f"{target} exists and is not a kg store; refusing to replace it")
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def ontology_graph() -> ox.NamedNode:
    """The named graph that holds the ontology."""
    return ox.NamedNode(ONTOLOGY_GRAPH)
