"""The smallest layer between mapping code and the store: triples as N-Triples terms.

Mapping code adds plain Python values to a :class:`GraphBuilder`; it turns them into
N-Triples term strings at once. A finished graph is written as N-Quads text, which
pyoxigraph bulk-loads several times faster than it accepts one Python object per triple
(``../shared/notes/performance.md``). Parsing that text with pyoxigraph or rdflib is the
check that it is valid, and the tests do it on hostile strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from kg.vocab import RDF, RDFS, XSD

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SURROGATE = re.compile("[\ud800-\udfff]")

RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"


@lru_cache(maxsize=16384)  # pure; predicates and shared nodes repeat on every trial
def iri_term(iri: str) -> str:
    """An IRI as an N-Triples term, with characters IRIs forbid percent-encoded.

    >>> iri_term("https://example.org/a b")
    '<https://example.org/a%20b>'
    """
    if _IRI_FORBIDDEN.search(iri):
        iri = _IRI_FORBIDDEN.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), iri)
    return f"<{iri}>"


def literal_term(value: str, datatype: str | None = None, lang: str | None = None) -> str:
    """A literal as an N-Triples term; lone surrogates are replaced so output is valid UTF-8.

    >>> literal_term('say "hi"\\n')
    '"say \\\\"hi\\\\"\\\\n"'
    >>> literal_term("5", XSD + "integer")
    '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    # Four C-level replaces beat str.translate with a dict by about 5x on long texts.
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace(
        "\r", "\\r")
    if _SURROGATE.search(text):
        text = text.encode("utf-8", "replace").decode("utf-8")
    if lang:
        return f'"{text}"@{lang}'
    if datatype and datatype != XSD + "string":
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'


def slug(text: str) -> str:
    """A stable, readable IRI segment for a name (organizations, countries).

    >>> slug("Army Medical University of People's Liberation Army")
    'army-medical-university-of-people-s-liberation-army'
    """
    out = re.sub(r"[^0-9a-z]+", "-", text.casefold()).strip("-")
    return out or "unnamed"


@dataclass
class GraphBuilder:
    """Collects the triples of one named graph (one trial, or the ontology)."""

    graph: str
    triples: list[tuple[str, str, str]] = field(default_factory=list)

    def link(self, s: str, p: str, o: str | None) -> None:
        """Add ``s p o`` with an IRI object; nothing when ``o`` is None or empty."""
        if o:
            self.triples.append((iri_term(s), iri_term(p), iri_term(o)))

    def type(self, s: str, cls: str) -> None:
        """Add ``s rdf:type cls``."""
        self.triples.append((iri_term(s), iri_term(RDF_TYPE), iri_term(cls)))

    def text(self, s: str, p: str, value: str | None, lang: str | None = None) -> None:
        """Add a string literal; nothing for None or blank text (whitespace is kept inside)."""
        if value is not None and value.strip():
            self.triples.append((iri_term(s), iri_term(p), literal_term(value, lang=lang)))

    def typed(self, s: str, p: str, lexical: str | None, datatype: str) -> None:
        """Add a typed literal from its lexical form; nothing for None."""
        if lexical is not None:
            self.triples.append((iri_term(s), iri_term(p), literal_term(lexical, datatype)))

    def integer(self, s: str, p: str, value: int | None) -> None:
        """Add an ``xsd:integer``."""
        if value is not None:
            self.typed(s, p, str(int(value)), XSD + "integer")

    def decimal(self, s: str, p: str, value: float | Decimal | None) -> None:
        """Add an ``xsd:decimal`` (never in exponent notation, which xsd:decimal forbids)."""
        if value is not None:
            self.typed(s, p, format_decimal(value), XSD + "decimal")

    def double(self, s: str, p: str, value: float | None) -> None:
        """Add an ``xsd:double`` (for quantities such as 1e8 cells)."""
        if value is not None:
            self.typed(s, p, repr(float(value)).replace("inf", "INF"), XSD + "double")

    def boolean(self, s: str, p: str, value: bool | None) -> None:
        """Add an ``xsd:boolean``."""
        if value is not None:
            self.typed(s, p, "true" if value else "false", XSD + "boolean")

    def __len__(self) -> int:
        return len(self.triples)

    def nquads(self) -> str:
        """The graph as N-Quads text."""
        g = iri_term(self.graph)
        return "".join(f"{s} {p} {o} {g} .\n" for s, p, o in self.triples)

    def ntriples(self) -> str:
        """The graph as N-Triples text (graph name dropped)."""
        return "".join(f"{s} {p} {o} .\n" for s, p, o in self.triples)


def format_decimal(value: float | Decimal | int) -> str:
    """Lexical ``xsd:decimal`` form, without exponent.

    >>> format_decimal(0.5), format_decimal(65), format_decimal(Decimal("1E+2"))
    ('0.5', '65.0', '100.0')
    """
    dec = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(
        value, float) else value)
    text = format(dec, "f")
    if "." not in text:
        text += ".0"
    return text


def nquads_of(graphs: Iterable[GraphBuilder]) -> Iterator[str]:
    """N-Quads text of several graphs, one chunk per graph."""
    for graph in graphs:
        yield graph.nquads()
