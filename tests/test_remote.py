"""The remote store: VALUES binding, results parsing, and a real Oxigraph server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from test_queries import answer, examples_store  # noqa: F401  (the session fixture)

from kg.cli import KGGroup
from kg.cli import remote as remote_cli
from kg.errors import QuerySyntaxError, StoreError, UsageError
from kg.matching import match_patient
from kg.queries import execute, list_queries
from kg.remote import (
    RemoteStore,
    graph_store_url_for,
    outer_group_braces,
    push,
    query_form,
    result_from_json,
    term_to_sparql,
    with_values,
)
from kg.store import AskResult, EmbeddedStore, GraphResult, SelectResult

# --- binding by VALUES, without a server ------------------------------------------------------


@pytest.mark.parametrize("term, text", [
    (ox.NamedNode("http://e.org/a"), "<http://e.org/a>"),
    (ox.Literal("a\"b\\c\nd\re\tf\x00"), '"a\\"b\\\\c\\nd\\re\\tf\\u0000"'),
    (ox.Literal("chat", language="fr"), '"chat"@fr'),
    (ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
     '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    (ox.Literal("} UNION { ?s ?p ?o"), '"} UNION { ?s ?p ?o"'),
])
def test_terms_serialise_as_ntriples(term: ox.NamedNode | ox.Literal, text: str) -> None:
    assert term_to_sparql(term) == text


def test_values_go_into_the_outer_where_group() -> None:
    query = ('PREFIX x: <http://e.org/x#>\n# a { comment\nSELECT ?a WHERE { ?a ?p "}{" '
             "FILTER(?a != 'x}') OPTIONAL { ?a ?q ?b } }")
    assert outer_group_braces(query) == [query.index("WHERE {") + 6]
    rewritten = with_values(query, {"a": ox.NamedNode("http://e.org/v")})
    assert 'WHERE { VALUES (?a) { (<http://e.org/v>) }\n ?a ?p "}{"' in rewritten
    construct = "CONSTRUCT { ?a ?p ?o } WHERE { ?a ?p ?o }"
    assert with_values(construct, {"a": ox.NamedNode("http://e.org/v")}).startswith(
        "CONSTRUCT { ?a ?p ?o } WHERE { VALUES")
    with pytest.raises(UsageError):
        with_values(query, {"a b": ox.Literal("x")})
    with pytest.raises(QuerySyntaxError):
        with_values("SELECT * FROM <x>", {"a": ox.Literal("x")})


def test_query_forms_and_json_results() -> None:
    assert query_form("PREFIX a: <http://select.org/>\n# ASK\nSELECT ?x {}") == "SELECT"
    assert query_form("ask {}") == "ASK"
    assert result_from_json({"boolean": True}) == AskResult(True)
    parsed = result_from_json({"head": {"vars": ["a", "b"]}, "results": {"bindings": [
        {"a": {"type": "uri", "value": "http://e.org/a"},
         "b": {"type": "literal", "value": "1",
               "datatype": "http://www.w3.org/2001/XMLSchema#integer"}},
        {"a": {"type": "literal", "value": "x", "xml:lang": "en"}}]}})
    assert isinstance(parsed, SelectResult)
    assert parsed.rows == [
        [ox.NamedNode("http://e.org/a"),
         ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))],
        [ox.Literal("x", language="en"), None]]


def test_graph_store_url() -> None:
    assert graph_store_url_for("http://h:1") == "http://h:1/store"
    assert graph_store_url_for("http://h:1/ds/sparql") == "http://h:1/ds/store"
    with pytest.raises(UsageError):
        RemoteStore("ftp://h/query")


def test_unreachable_endpoint_is_a_store_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreError):
        RemoteStore(f"http://127.0.0.1:{port}/query", timeout=2).query("ASK {}")


# --- a real Oxigraph server ---------------------------------------------------------------


def _oxigraph() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = shutil.which("oxigraph") or (str(beside) if beside.is_file() else None)
    if found is None:
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError("oxigraph did not start within 30 s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = _oxigraph()
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def pushed(server: str, examples_store: EmbeddedStore) -> RemoteStore:  # noqa: F811
    first = push(examples_store, server)
    second = push(examples_store, server)  # idempotent: graphs are replaced, not added to
    assert first.graphs == second.graphs == len(examples_store.named_graphs())
    assert first.triples == second.triples
    remote = RemoteStore(server)
    count = remote.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(count, SelectResult)
    assert int(count.rows[0][0].value) == len(examples_store)  # type: ignore[union-attr]
    return remote


@pytest.mark.server
@pytest.mark.parametrize("query", list_queries(), ids=[q.name for q in list_queries()])
def test_remote_answers_equal_embedded(query: object, pushed: RemoteStore,
                                       examples_store: EmbeddedStore) -> None:  # noqa: F811
    from kg.queries import Query

    assert isinstance(query, Query)
    embedded = answer(execute(query, None, examples_store))
    remote = answer(execute(query, None, pushed))
    assert remote[0] == embedded[0]
    assert sorted(remote[1]) == sorted(embedded[1])


@pytest.mark.server
@pytest.mark.parametrize("value", ['"} UNION { ?s ?p ?o }', "\\u0022 } ?s ?p ?o {",
                                   "Taiwan\n", "'; DROP ALL; #", "中文 🧬"])
def test_remote_binds_hostile_strings_literally(value: str, pushed: RemoteStore) -> None:
    from kg.queries import get_query

    result = execute(get_query("recruiting-trials-by-country"), {"country": value}, pushed)
    assert result.rows == []
    result = execute(get_query("trial-overview"), {"nct": value}, pushed)
    assert result.rows == []


@pytest.mark.server
def test_remote_ask_construct_and_matching(pushed: RemoteStore) -> None:
    assert pushed.query("ASK { ?t a ctkg:Trial }") == AskResult(True)
    graph = pushed.query("CONSTRUCT { ?t dcterms:identifier ?id } WHERE { "
                         "?t a ctkg:Trial ; dcterms:identifier ?id }")
    assert isinstance(graph, GraphResult) and len({t.object for t in graph.triples}) == 6
    with pytest.raises(QuerySyntaxError):
        pushed.query("SELECT WHERE {")
    report = match_patient(40, "female", ["MONDO:0005314"], ["MONDO:0004992"], store=pushed)
    assert [m.nct_id for m in report.excluded] == ["NCT05532943"]


@pytest.mark.server
def test_kg_push_command(server: str, examples_store: EmbeddedStore) -> None:  # noqa: F811
    group = KGGroup()
    remote_cli.register(group)
    result = CliRunner().invoke(group, ["push", "--endpoint", server,
                                        "--store", str(examples_store.path)])
    assert result.exit_code == 0, result.output
    assert f"pushed {len(examples_store.named_graphs())} graphs" in result.output


def test_serve_command_line(tmp_path: Path) -> None:
    _oxigraph()
    command = remote_cli.serve_command_line(tmp_path, "127.0.0.1:1")
    assert command[1:] == ["serve-read-only", "--location", str(tmp_path), "--bind",
                           "127.0.0.1:1", "--union-default-graph"]
