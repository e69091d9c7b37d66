"""What :func:`kg.validate.validate` validates: inputs as a dataset, cut into small chunks.

The validation data graph is the union of the trial graphs and the ontology graph. A chunk
stands for it exactly, for the nodes it is responsible for:

- a *trial chunk* holds whole trial graphs plus the ontology *closure* of the IRIs they use
  (those classes, their ``rdfs:subClassOf`` ancestors, and the blank nodes they point to);
  it answers for the nodes of its trials (IRIs under ``ctkg:trial/``);
- the *shared chunk* holds every triple about a shared node (organization, country, MeSH
  descriptor, software) from every selected trial graph, plus its closure; it answers for
  the shared nodes, once, over the union of what all trials say about them.

The rule that makes this exact: a shape targeting a shared node reads only that node's own
triples and the ontology (see ``shapes/organization.ttl``), and no shape targets ontology
nodes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import ValidationSetupError
from kg.store import EmbeddedStore
from kg.validate_engines import term_key
from kg.vocab import CTKG, MESH, ONTOLOGY_GRAPH, RDFS

TRIAL_PREFIX = CTKG + "trial/"
_TRIAL_IRI = re.compile(r"^(" + re.escape(TRIAL_PREFIX) + r"NCT\d{8})(?:/|$)")
_SUBCLASS_OF = RDFS + "subClassOf"
_SHARED_PREFIXES = (CTKG + "organization/", CTKG + "country/", CTKG + "software/", MESH)

#: File extensions of the formats accepted as FILE inputs.
FILE_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
}

Source = EmbeddedStore | ox.Store | str | Path | Sequence[str | Path]


def trial_of(iri: str) -> str | None:
    """The trial IRI a node belongs to, or None for shared and ontology nodes.

    >>> trial_of("https://w3id.org/cell-trials-kg/trial/NCT05532943/arm/1")
    'https://w3id.org/cell-trials-kg/trial/NCT05532943'
    """
    match = _TRIAL_IRI.match(iri)
    return match.group(1) if match else None


def open_dataset(source: Source) -> ox.Store:
    """The dataset to validate: a store, a store folder, or RDF files loaded into memory."""
    if isinstance(source, EmbeddedStore):
        return source.raw
    if isinstance(source, ox.Store):
        return source
    if isinstance(source, str | Path):
        path = Path(source)
        if path.is_dir():
            return EmbeddedStore.open(path).raw
        return load_files([path])
    return load_files([Path(p) for p in source])


def store_folder(source: Source) -> str | None:
    """The on-disk store folder behind ``source`` (workers open it themselves), or None."""
    if isinstance(source, EmbeddedStore):
        return str(source.path) if source.path else None
    if isinstance(source, str | Path) and Path(source).is_dir():
        return str(source)
    return None


def load_files(paths: Iterable[Path]) -> ox.Store:
    """Load trial graphs from RDF files into an in-memory dataset.

    N-Quads and TriG keep their graphs. Plain triples (Turtle, N-Triples, and the default
    graph of quad formats) are grouped by trial: a trial node's triples go to its trial's
    graph, a shared node's to every trial graph that links to it, anything else to the
    ontology graph. When the inputs bring no ontology graph, the project ontology is loaded.
    """
    store = ox.Store()
    loose = ox.Store()
    for path in paths:
        fmt = FILE_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise ValidationSetupError(
                f"{path}: unknown RDF format (use {', '.join(sorted(FILE_FORMATS))})")
        if not path.is_file():
            raise ValidationSetupError(f"{path}: no such file")
        try:
            if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
                store.bulk_load(path=str(path), format=fmt)
            else:
                loose.bulk_load(path=str(path), format=fmt, to_graph=ox.DefaultGraph())
        except SyntaxError as err:
            raise ValidationSetupError(f"{path}: {err}") from err
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        loose.add(ox.Quad(quad.subject, quad.predicate, quad.object))
    store.clear_graph(ox.DefaultGraph())
    store.extend(_grouped(loose))
    if not any(True for _ in store.quads_for_pattern(None, None, None,
                                                     ox.NamedNode(ONTOLOGY_GRAPH))):
        _load_project_ontology(store)
    return store


def _grouped(loose: ox.Store) -> Iterator[ox.Quad]:
    """Plain triples -> quads in trial graphs (shared nodes copied into each linking trial)."""
    linking: dict[str, set[str]] = {}
    for quad in loose.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        trial = trial_of(quad.subject.value) if isinstance(quad.subject, ox.NamedNode) else None
        if trial and isinstance(quad.object, ox.NamedNode) and _is_shared(quad.object.value):
            linking.setdefault(quad.object.value, set()).add(trial)
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    for quad in loose.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else ""
        trial = trial_of(subject)
        if trial:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, ox.NamedNode(trial))
        elif _is_shared(subject):
            for owner in sorted(linking.get(subject, ())):
                yield ox.Quad(quad.subject, quad.predicate, quad.object, ox.NamedNode(owner))
        else:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, ontology)


def _is_shared(iri: str) -> bool:
    return iri.startswith(_SHARED_PREFIXES)


def _load_project_ontology(store: ox.Store) -> None:
    try:
        from kg.ontology import ontology_files
    except ImportError as err:
        raise ValidationSetupError(f"cannot load the project ontology: {err}") from err
    for path in ontology_files():
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE,
                        to_graph=ox.NamedNode(ONTOLOGY_GRAPH))


def select_trials(store: ox.Store, nct_ids: Iterable[str] | None) -> list[str]:
    """Trial graph IRIs to validate (all, or those of ``nct_ids``), sorted."""
    graphs = sorted(g.value for g in store.named_graphs()
                    if isinstance(g, ox.NamedNode) and trial_of(g.value) == g.value)
    if nct_ids is None:
        return graphs
    wanted = {TRIAL_PREFIX + n.strip() for n in nct_ids}
    missing = sorted(wanted - set(graphs))
    if missing:
        raise ValidationSetupError("no graph for trial(s): " + ", ".join(
            m.removeprefix(TRIAL_PREFIX) for m in missing))
    return [g for g in graphs if g in wanted]


@dataclass
class OntologyIndex:
    """The ontology graph as N-Triples lines per subject, with direct superclasses."""

    lines: dict[str, list[str]] = field(default_factory=dict)  # subject key -> lines
    parents: dict[str, set[str]] = field(default_factory=dict)  # subject key -> parent keys
    bnodes: dict[str, set[str]] = field(default_factory=dict)  # subject key -> bnode objects

    @classmethod
    def of(cls, store: ox.Store) -> OntologyIndex:
        """Index the ontology graph of ``store`` (empty when it has none)."""
        index = cls()
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)):
            subject = _key(quad.subject)
            obj = quad.object
            assert isinstance(obj, ox.NamedNode | ox.BlankNode | ox.Literal)
            line = f"{subject} <{quad.predicate.value}> {term_key(obj)} .\n"
            index.lines.setdefault(subject, []).append(line)
            if isinstance(obj, ox.BlankNode):
                index.bnodes.setdefault(subject, set()).add(_key(obj))
            elif isinstance(obj, ox.NamedNode) and quad.predicate.value == _SUBCLASS_OF:
                index.parents.setdefault(subject, set()).add(_key(obj))
        return index

    def closure(self, iris: Iterable[str]) -> str:
        """N-Triples of the classes named in ``iris``, their ancestors and their blank nodes."""
        seen: set[str] = set()
        todo = [f"<{iri}>" for iri in iris if f"<{iri}>" in self.lines]
        while todo:
            key = todo.pop()
            if key in seen:
                continue
            seen.add(key)
            todo.extend(self.parents.get(key, ()))
            todo.extend(self.bnodes.get(key, ()))
        return "".join(line for key in sorted(seen) for line in self.lines.get(key, ()))


def _key(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def iris_in(ntriples: str) -> set[str]:
    """The IRIs in object position of an N-Triples text (and datatypes: harmless extras).

    >>> sorted(iris_in('<x:s> <x:p> <x:o> .'))
    ['x:o']
    """
    return {line[line.rindex("<") + 1:-3] for line in ntriples.splitlines()
            if line.endswith("> .")}


def shared_lines(ntriples: str) -> frozenset[str]:
    """The lines of an N-Triples text about shared nodes (subjects outside trials)."""
    return frozenset(line + "\n" for line in ntriples.splitlines()
                     if line and not line.startswith("<" + TRIAL_PREFIX))


def dump_text(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> str:
    """N-Triples of one graph of ``store``."""
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
    return data.decode() if data else ""


def graph_text(store: ox.Store, graphs: Sequence[str]) -> str:
    """N-Triples of the given named graphs (concatenated)."""
    return "".join(dump_text(store, ox.NamedNode(g)) for g in graphs)


@dataclass(frozen=True)
class Chunk:
    """One engine call: trial graphs read by the worker from a store folder, or given text.

    ``trials`` is empty for the shared chunk. With ``store_path`` the worker reads the graphs
    itself (in parallel with other workers) and adds the ontology closure; otherwise
    ``ntriples`` is complete (closure included).
    """

    trials: tuple[str, ...]
    store_path: str | None = None
    ntriples: str | None = None

    @property
    def shared(self) -> bool:
        """Whether this is the chunk of shared nodes."""
        return not self.trials


def plan_chunks(store: ox.Store, store_path: str | None, trials: Sequence[str], size: int,
                ontology: OntologyIndex | None) -> Iterator[Chunk]:
    """Trial chunks of ``size`` trials (the shared chunk comes after, see :func:`shared_chunk`).

    With a store folder, chunks only name their trials; otherwise they carry their text.
    """
    for start in range(0, len(trials), size):
        group = tuple(trials[start:start + size])
        if store_path is not None or ontology is None:
            yield Chunk(group, store_path=store_path)
        else:
            text = graph_text(store, group)
            yield Chunk(group, ntriples=text + ontology.closure(iris_in(text)))


def shared_chunk(lines: Iterable[str], store_path: str | None,
                 ontology: OntologyIndex | None) -> Chunk:
    """The chunk of every triple about shared nodes (deduplicated across trial graphs)."""
    text = "".join(sorted(set(lines)))
    if store_path is None and ontology is not None:
        text += ontology.closure(iris_in(text))
    return Chunk((), store_path=store_path, ntriples=text)


def chunk_text(chunk: Chunk, store: ox.Store | None, ontology: OntologyIndex | None) -> str:
    """The N-Triples a worker validates for ``chunk`` (reading the store when needed)."""
    text = chunk.ntriples
    if text is None:
        assert store is not None
        text = graph_text(store, chunk.trials)
    if chunk.store_path is not None and ontology is not None:
        text += ontology.closure(iris_in(text))
    return text


def whole_text(store: ox.Store, trials: Sequence[str]) -> str:
    """N-Triples of the selected trial graphs and the whole ontology graph, for one call.

    A shared node's triples repeated in several graphs appear once per graph; engines read
    N-Triples into a set of triples, so the repetition changes nothing.
    """
    return graph_text(store, [*trials, ONTOLOGY_GRAPH])
