"""The N-Triples term layer must produce valid RDF for any text a record may hold."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from kg.rdf import GraphBuilder, format_decimal, iri_term, literal_term, slug

HOSTILE = [
    'quote " inside',
    "back\\slash",
    "new\nline and \r carriage",
    "tab\tand unicode: 1×10⁸ cells, ≤ 1.5× ULN, naïve",
    "> . <http://evil> <http://evil> <http://evil> .",
    "\u2028 line separator",
    "emoji 🧬",
    "lone surrogate \ud800 here",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_round_trips_through_both_parsers(text: str) -> None:
    g = GraphBuilder("https://example.org/g")
    g.triples.append((iri_term("https://example.org/s"), iri_term("https://example.org/p"),
                      literal_term(text)))
    data = g.nquads()
    parsed = list(ox.parse(data.encode("utf-8"), ox.RdfFormat.N_QUADS))
    assert len(parsed) == 1
    expected = text.encode("utf-8", "replace").decode("utf-8") if "\ud800" in text else text
    assert parsed[0].object.value == expected
    ds = rdflib.Dataset()
    ds.parse(data=data, format="nquads")
    assert len(list(ds.quads())) == 1


@pytest.mark.parametrize("iri", [
    "https://example.org/a b", "https://example.org/<x>", 'https://example.org/"q"',
    "https://example.org/{x}|^`\\",
])
def test_bad_iri_characters_are_percent_encoded(iri: str) -> None:
    term = iri_term(iri)
    node = ox.NamedNode(term[1:-1])  # raises if still invalid
    assert " " not in node.value and "<" not in node.value[1:]


def test_builder_skips_empty_values_and_types_literals() -> None:
    g = GraphBuilder("https://example.org/g")
    g.text("https://example.org/s", "https://example.org/p", "   ")
    g.text("https://example.org/s", "https://example.org/p", None)
    g.link("https://example.org/s", "https://example.org/p", None)
    assert len(g) == 0
    g.integer("https://example.org/s", "https://example.org/n", 180)
    g.decimal("https://example.org/s", "https://example.org/d", 0.5)
    g.boolean("https://example.org/s", "https://example.org/b", False)
    objs = {q.object for q in ox.parse(g.nquads().encode(), ox.RdfFormat.N_QUADS)}
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert ox.Literal("180", datatype=ox.NamedNode(xsd + "integer")) in objs
    assert ox.Literal("0.5", datatype=ox.NamedNode(xsd + "decimal")) in objs
    assert ox.Literal("false", datatype=ox.NamedNode(xsd + "boolean")) in objs


def test_decimal_never_uses_exponent() -> None:
    assert format_decimal(1e-7) == "0.0000001"
    assert format_decimal(1e20) == "100000000000000000000.0"


def test_slug_is_stable_and_safe() -> None:
    assert slug("Ever Supreme Bio Technology Co., Ltd.") == "ever-supreme-bio-technology-co-ltd"
    assert slug("!!!") == "unnamed"
