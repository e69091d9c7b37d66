"""SHACL engines behind :func:`kg.validate.validate`: each turns N-Triples text into results.

An engine is a function ``(shapes_turtle, data_ntriples) -> list[RawResult]``. Terms in a
:class:`RawResult` are canonical strings (see :func:`term_key`) so that results of different
engines compare equal term for term:

- ``pyshacl``: the reference implementation (pySHACL, rdflib graphs), no inference;
- ``shacl``: the Rust engine of the PyPI package ``shacl`` (optional; about 50x faster).

Compiled shapes are cached per process (:func:`functools.lru_cache`), so a worker compiles
them once however many chunks it validates.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import ValidationSetupError
from kg.rdf import literal_term
from kg.vocab import SH

ENGINES = ("auto", "pyshacl", "shacl")


def resolve_engine(name: str) -> str:
    """The engine an engine name stands for: ``auto`` is the Rust one when installed.

    It gives pyshacl's results (the tests compare them) about ten times faster.
    """
    if name != "auto":
        return name
    try:
        import shacl  # noqa: F401
    except ImportError:
        return "pyshacl"
    return "shacl"


@dataclass(frozen=True, order=True)
class RawResult:
    """One SHACL result with terms as canonical strings (no trial attribution yet)."""

    focus_node: str
    path: str | None
    value: str | None
    source_shape: str
    severity: str  # "Violation", "Warning" or "Info"
    component: str  # local name, e.g. "MinCountConstraintComponent"
    message: str


def term_key(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """Canonical text of a term: ``<iri>``, ``_:id`` or an N-Triples literal.

    >>> term_key(ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return literal_term(term.value, term.datatype.value, term.language)


def node_text(key: str) -> str:
    """A focus node or shape as shown to people: the IRI without brackets."""
    return key[1:-1] if key.startswith("<") and key.endswith(">") else key


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# --- pySHACL ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _pyshacl_shapes(shapes_turtle: str) -> Any:
    import rdflib

    graph = rdflib.Graph()
    try:
        graph.parse(data=shapes_turtle, format="turtle")
    except SyntaxError as err:  # rdflib raises BadSyntax, a SyntaxError
        raise ValidationSetupError(f"shapes do not parse: {err}") from err
    return graph


def _rdflib_key(term: Any) -> str:
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    datatype = str(term.datatype) if term.datatype else None
    return literal_term(str(term), datatype, term.language)


def _rdflib_path(shapes: Any, path: Any) -> str:
    """A result path in SPARQL property-path syntax (a predicate path is its bare IRI)."""
    import rdflib
    from rdflib.collection import Collection

    sh = rdflib.Namespace(SH)
    if isinstance(path, rdflib.URIRef):
        return str(path)

    def render(node: Any) -> str:
        if isinstance(node, rdflib.URIRef):
            return f"<{node}>"
        if (node, rdflib.RDF.first, None) in shapes:
            return "(" + "/".join(render(n) for n in Collection(shapes, node)) + ")"
        for prop, fmt in ((sh.inversePath, "^{}"), (sh.zeroOrMorePath, "({})*"),
                          (sh.oneOrMorePath, "({})+"), (sh.zeroOrOnePath, "({})?")):
            inner = shapes.value(node, prop)
            if inner is not None:
                return fmt.format(render(inner))
        alternatives = shapes.value(node, sh.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(render(n) for n in Collection(shapes, alternatives)) + ")"
        return f"_:{node}"

    return render(path)


@contextmanager
def _literals_as_written() -> Iterator[None]:
    """Parse with rdflib keeping literals' lexical forms as written, then restore its default.

    rdflib rewrites typed literals to a canonical form while parsing ("P2W"^^xsd:duration
    becomes "P14D"), which would hide lexical errors from ``sh:pattern`` and report values
    other than those in the data. SHACL reads the data as it is; so does the Rust engine.
    """
    import rdflib

    saved = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = saved


def run_pyshacl(shapes_turtle: str, data_ntriples: str) -> list[RawResult]:
    """Validate with pySHACL (no inference, no SHACL-AF) and read its results graph."""
    import pyshacl
    import rdflib

    shapes = _pyshacl_shapes(shapes_turtle)
    data = rdflib.Graph()
    with _literals_as_written():
        data.parse(data=data_ntriples, format="nt")
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=False, abort_on_first=False)
    sh = rdflib.Namespace(SH)
    out: list[RawResult] = []
    for node in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        path = report.value(node, sh.resultPath)
        value = report.value(node, sh.value)
        out.append(RawResult(
            focus_node=_rdflib_key(report.value(node, sh.focusNode)),
            path=_rdflib_path(shapes if (path, None, None) in shapes else report, path)
            if path is not None else None,
            value=_rdflib_key(value) if value is not None else None,
            source_shape=_rdflib_key(report.value(node, sh.sourceShape)),
            severity=_local(str(report.value(node, sh.resultSeverity))),
            component=_local(str(report.value(node, sh.sourceConstraintComponent))),
            message=str(report.value(node, sh.resultMessage) or ""),
        ))
    return out


# --- Rust `shacl` -------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _rust_shapes(shapes_turtle: str) -> Any:
    try:
        import shacl
    except ModuleNotFoundError as err:
        raise ValidationSetupError(
            "engine 'shacl' needs the PyPI package shacl (pip install shacl==0.3.4); "
            "use --engine pyshacl without it") from err
    try:
        return shacl.Shapes.from_turtle(shapes_turtle, "https://w3id.org/cell-trials-kg/shapes/")
    except ValueError as err:
        raise ValidationSetupError(f"shapes do not parse: {err}") from err


def _ntriples_term(text: str) -> str:
    """Canonical key of a term the Rust engine returns in N-Triples syntax."""
    if text.startswith("<") or text.startswith("_:"):
        return text
    quad = next(iter(ox.parse(input=f"<x:s> <x:p> {text} .", format=ox.RdfFormat.N_TRIPLES)))
    obj = quad.object
    assert isinstance(obj, ox.Literal | ox.NamedNode | ox.BlankNode)
    return term_key(obj)


def _rust_path(text: str | None) -> str | None:
    if text is None:
        return None
    if text.startswith("<") and text.endswith(">") and text.count("<") == 1:
        return text[1:-1]
    return text


def run_rust(shapes_turtle: str, data_ntriples: str) -> list[RawResult]:
    """Validate with the Rust ``shacl`` engine (no inference)."""
    shapes = _rust_shapes(shapes_turtle)
    report = shapes.validate_text(data_ntriples, format="ntriples", inference="none",
                                  allow_warnings=False)
    return [
        RawResult(
            focus_node=_ntriples_term(r.focus_node),
            path=_rust_path(r.path),
            value=_ntriples_term(r.value) if r.value is not None else None,
            source_shape=r.source_shape or "",
            severity=r.severity,
            component=r.component,
            message=r.message or "",
        )
        for r in report.results
    ]


def engine_function(name: str) -> Callable[[str, str], list[RawResult]]:
    """The engine called ``name``, or a ValidationSetupError listing the known ones."""
    engines: dict[str, Callable[[str, str], list[RawResult]]] = {
        "pyshacl": run_pyshacl, "shacl": run_rust}
    if name not in engines:
        raise ValidationSetupError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    return engines[name]
