"""A remote SPARQL 1.1 store (SPARQLWrapper) and pushing the embedded store to a server.

:class:`RemoteStore` implements the :class:`kg.store.Store` protocol and returns the same
result objects, with pyoxigraph terms, as the embedded store. SPARQLWrapper has no initial
bindings, so parameters are bound by adding a ``VALUES`` block of serialised RDF terms
(N-Triples syntax, validated) at the start of the query's outer WHERE group: the values are
terms of the data block, never text spliced into the query's patterns.

:func:`push` copies every named graph of an embedded store to a server with the SPARQL 1.1
Graph Store Protocol (HTTP PUT of N-Triples, one request per graph). PUT replaces the graph,
and each trial has its own graph, so pushing again is idempotent.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.errors import QueryError, QuerySyntaxError, StoreError, UsageError
from kg.store import AskResult, EmbeddedStore, GraphResult, QueryResult, SelectResult, Term
from kg.vocab import PREFIXES

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PREFIX_DECL = re.compile(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:")
_TIMEOUT = 120


def term_to_sparql(term: Term) -> str:
    r"""Serialise an RDF term in N-Triples syntax, valid inside a SPARQL ``VALUES`` block.

    >>> print(term_to_sparql(ox.Literal('a "b"' + chr(10))))
    "a \"b\"\n"
    >>> term_to_sparql(ox.NamedNode("http://example.org/x"))
    '<http://example.org/x>'
    """
    if isinstance(term, ox.NamedNode):
        if _IRI_FORBIDDEN.search(term.value):
            raise UsageError(f"cannot bind the IRI {term.value!r}: it holds forbidden characters")
        return str(term)
    if isinstance(term, ox.Literal):
        # pyoxigraph writes N-Triples: ECHARs, control characters as \u escapes, typed or tagged.
        return str(term)
    raise UsageError(f"cannot bind a {type(term).__name__} to a remote query")


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = text.find(quote * 3, i + 3)
        while end != -1 and _escaped(text, end):
            end = text.find(quote * 3, end + 1)
        return len(text) if end == -1 else end + 3
    j = i + 1
    while j < len(text) and text[j] != quote:
        j += 2 if text[j] == "\\" else 1
    return j + 1


def _escaped(text: str, pos: int) -> bool:
    count = 0
    while pos - count - 1 >= 0 and text[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


def _tokens(sparql: str) -> list[tuple[str, int, int]]:
    """Split a query into ("comment" | "string" | "iri" | "char", start, end) spans."""
    spans: list[tuple[str, int, int]] = []
    i = 0
    while i < len(sparql):
        ch = sparql[i]
        if ch == "#":
            end = sparql.find("\n", i)
            end = len(sparql) if end == -1 else end
            spans.append(("comment", i, end))
            i = end
            continue
        if ch in "\"'":
            end = _skip_string(sparql, i)
            spans.append(("string", i, end))
            i = end
            continue
        if ch == "<":
            match = _IRIREF.match(sparql, i)
            if match:
                spans.append(("iri", i, match.end()))
                i = match.end()
                continue
        spans.append(("char", i, i + 1))
        i += 1
    return spans


def strip_comments(sparql: str) -> str:
    """Remove the query's comments (``#`` inside IRIs and strings is kept).

    >>> strip_comments('PREFIX r: <http://e.org/x#> SELECT "#" {} # end')
    'PREFIX r: <http://e.org/x#> SELECT "#" {}  '
    """
    return "".join(sparql[a:b] if kind != "comment" else " " for kind, a, b in _tokens(sparql))


def outer_group_braces(sparql: str) -> list[int]:
    """Find the ``{`` that open groups at depth 0 (comments, strings and IRIs skipped).

    >>> outer_group_braces('SELECT * WHERE { ?s ?p "{" }')
    [15]
    """
    found: list[int] = []
    depth = 0
    for kind, start, _ in _tokens(sparql):
        if kind != "char":
            continue
        if sparql[start] == "{":
            if depth == 0:
                found.append(start)
            depth += 1
        elif sparql[start] == "}":
            depth -= 1
    return found


def with_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """Add a one-row ``VALUES`` block binding ``bindings`` to the query's WHERE group.

    The block opens the outer WHERE group, so the group's patterns, filters, OPTIONALs and
    EXISTS see the values; variables of nested sub-groups, UNION branches and sub-queries
    do not (the catalogue convention, ``docs/queries.md``).

    >>> print(with_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": ox.NamedNode("http://e/a")}))
    SELECT ?x WHERE { VALUES (?x) { (<http://e/a>) }
     ?x ?p ?o }
    """
    if not bindings:
        return sparql
    names = list(bindings)
    for name in names:
        if not _VARIABLE.match(name):
            raise UsageError(f"{name!r} is not a SPARQL variable name")
    braces = outer_group_braces(sparql)
    if not braces:
        raise QuerySyntaxError("the query has no WHERE group to bind parameters in")
    head = sparql[:braces[0]]
    where = braces[0]
    if query_form(sparql) == "CONSTRUCT" and not re.search(
            r"(?i)\bWHERE\s*$", strip_comments(head)):
        if len(braces) < 2:
            raise QuerySyntaxError("CONSTRUCT query without a WHERE group")
        where = braces[1]
    row = " ".join(term_to_sparql(bindings[n]) for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}\n"
    return sparql[:where + 1] + block + sparql[where + 1:]


def with_prefixes(sparql: str) -> str:
    """Declare the project prefixes the query does not declare itself."""
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(sparql)}
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared]
    return "\n".join([*lines, sparql])


def term_from_json(value: Mapping[str, Any]) -> Term:
    """Convert a term of the SPARQL 1.1 JSON results format to a pyoxigraph term."""
    kind = value.get("type")
    text = str(value.get("value", ""))
    if kind == "uri":
        return ox.NamedNode(text)
    if kind == "bnode":
        return ox.BlankNode(text)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return ox.Literal(text, language=str(value["xml:lang"]))
        if "datatype" in value:
            return ox.Literal(text, datatype=ox.NamedNode(str(value["datatype"])))
        return ox.Literal(text)
    if kind == "triple":
        inner = value["value"]
        subject = term_from_json(inner["subject"])
        predicate = term_from_json(inner["predicate"])
        obj = term_from_json(inner["object"])
        if not isinstance(subject, ox.NamedNode | ox.BlankNode) or not isinstance(
                predicate, ox.NamedNode):
            raise QueryError(f"malformed quoted triple in results: {inner!r}")
        return ox.Triple(subject, predicate, obj)
    raise QueryError(f"unknown term type {kind!r} in SPARQL results")


def result_from_json(data: Mapping[str, Any]) -> SelectResult | AskResult:
    r"""SPARQL 1.1 JSON results as a SelectResult or AskResult."""
    if "boolean" in data:
        return AskResult(bool(data["boolean"]))
    variables = [str(v) for v in data.get("head", {}).get("vars", [])]
    rows: list[list[Term | None]] = []
    for binding in data.get("results", {}).get("bindings", []):
        rows.append([term_from_json(binding[v]) if v in binding else None for v in variables])
    return SelectResult(variables, rows)


_FORM = re.compile(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b")


def query_form(sparql: str) -> str:
    r"""SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword outside the prologue."""
    text = "".join(sparql[a:b] if kind == "char" else " "
                   for kind, a, b in _tokens(sparql))
    match = _FORM.search(text)
    if not match:
        raise QuerySyntaxError("not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return match.group(1).upper()


@dataclass
class RemoteStore:
    """A SPARQL 1.1 endpoint (its query URL) used like the embedded store.

    Queries must see the union of the trial graphs, as they do embedded. With
    ``union_default_graph`` (the default) each request carries Oxigraph's
    ``union-default-graph`` parameter; other servers ignore it and need their own setting
    (Fuseki ``tdb2:unionDefaultGraph``, GraphDB and Virtuoso do it by default).
    """

    endpoint: str
    timeout: int = _TIMEOUT
    agent: str = "cell-trials-kg"
    union_default_graph: bool = True

    def __post_init__(self) -> None:
        self.endpoint = query_url(self.endpoint)

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run a query on the server with ``bindings`` as a VALUES block."""
        text = with_prefixes(strip_comments(with_values(sparql, bindings or {})))
        form = query_form(sparql)
        wrapper = SPARQLWrapper(self.endpoint, agent=self.agent)
        wrapper.setMethod(POST)
        wrapper.setTimeout(self.timeout)
        wrapper.setQuery(text)
        wrapper.queryType = form  # not SPARQLWrapper's guess, which words in values can fool
        if self.union_default_graph:
            wrapper.addParameter("union-default-graph", "true")
        if form in ("CONSTRUCT", "DESCRIBE"):
            wrapper.addCustomHttpHeader("Accept", "application/n-triples")
            raw = self._fetch(wrapper)
            try:
                triples = list(ox.parse(raw, format=ox.RdfFormat.N_TRIPLES))
            except SyntaxError as err:
                raise QueryError(f"the server sent bad N-Triples: {err}") from err
            return GraphResult([q.triple for q in triples])
        wrapper.setReturnFormat(JSON)
        raw = self._fetch(wrapper)
        try:
            data = json.loads(raw)
        except ValueError as err:
            raise QueryError(f"the server at {self.endpoint} sent bad JSON: {err}") from err
        return result_from_json(data)

    def _fetch(self, wrapper: SPARQLWrapper) -> bytes:
        try:
            response = wrapper.query()
            return bytes(response.response.read())
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace")[:500]
            if err.code == 400:
                raise QuerySyntaxError(f"the server rejected the query: {detail}") from err
            raise QueryError(f"{self.endpoint}: HTTP {err.code}: {detail}") from err
        except SPARQLWrapperException as err:
            message = str(err)
            if "QueryBadFormed" in type(err).__name__ or "400" in message[:40]:
                raise QuerySyntaxError(f"the server rejected the query: {message}") from err
            raise QueryError(f"{self.endpoint}: {message}") from err
        except (urllib.error.URLError, OSError) as err:
            raise StoreError(f"cannot reach the SPARQL endpoint {self.endpoint}: {err}") from err


def _split(url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{url!r} is not an http(s) endpoint URL")
    return parts


def query_url(url: str) -> str:
    """Return the query URL of an endpoint; a bare server URL gets Oxigraph's ``/query``.

    >>> query_url("http://127.0.0.1:7878")
    'http://127.0.0.1:7878/query'
    """
    parts = _split(url)
    if parts.path in ("", "/"):
        return urllib.parse.urlunsplit(parts._replace(path="/query"))
    return url


def graph_store_url_for(endpoint: str) -> str:
    """Return the Graph Store Protocol URL beside a query URL (Oxigraph's ``/store``).

    >>> graph_store_url_for("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/store'
    """
    parts = _split(query_url(endpoint))
    path = parts.path.rstrip("/")
    base = path.rsplit("/", 1)[0] if path.endswith(("/query", "/sparql")) else path
    return urllib.parse.urlunsplit(parts._replace(path=f"{base}/store", query=""))


@dataclass
class PushReport:
    """What a push did: graphs and triples sent, where."""

    graph_store_url: str
    graphs: int = 0
    triples: int = 0


def put_graph(graph_store_url: str, graph: str, ntriples: bytes, timeout: int = _TIMEOUT) -> None:
    """Replace one named graph on the server (GSP PUT of N-Triples)."""
    if _IRI_FORBIDDEN.search(graph):
        raise UsageError(f"bad graph IRI {graph!r}")
    sep = "&" if "?" in graph_store_url else "?"
    url = f"{graph_store_url}{sep}graph={urllib.parse.quote(graph, safe='')}"
    request = urllib.request.Request(url, data=ntriples, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", "replace")[:500]
        raise StoreError(f"PUT {graph} to {graph_store_url}: HTTP {err.code}: {detail}") from err
    except (urllib.error.URLError, OSError) as err:
        raise StoreError(f"cannot reach the graph store {graph_store_url}: {err}") from err


def push(store: EmbeddedStore, endpoint: str, *, graph_store_url: str | None = None,
         on_graph: Callable[[str, int], None] | None = None) -> PushReport:
    """Copy every named graph of ``store`` to a server; existing graphs are replaced."""
    target = graph_store_url or graph_store_url_for(endpoint)
    _split(target)
    report = PushReport(target)
    for graph in store.named_graphs():
        quads = store.raw.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        triples = [quad.triple for quad in quads]
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        put_graph(target, graph, data if data is not None else b"")
        report.graphs += 1
        report.triples += len(triples)
        if on_graph:
            on_graph(graph, len(triples))
    return report
