"""Hostile parameter values: rejected (UsageError) or bound literally; semantics never change.

For every parameter of every catalogue query and every hostile value, either binding fails
with a UsageError, or the query runs and its answer has exactly the shape of the answer to a
plain value that matches nothing: same columns, same number of rows, and the parameter
column holds the value itself, unchanged. Both bindings are checked: pyoxigraph
substitution (embedded) and the VALUES block the remote store sends.
"""

from __future__ import annotations

import pytest
from test_queries import examples_store  # noqa: F401  (the session fixture)

from kg.errors import UsageError
from kg.queries import Param, Query, bind_params, execute, list_queries
from kg.remote import term_to_sparql, with_values
from kg.store import EmbeddedStore, SelectResult

HOSTILE = [
    '"', "'", "}", "{", "> . ?s ?p ?o", "\n", "#", "\\", "é ü 中文 🧬 ∑", "x" * 5000,
    "a" * 999, "not an iri", "MONDO:0004992> } UNION { ?s ?p ?o", '"^^<x>',
    '" ^^<http://www.w3.org/2001/XMLSchema#string>', "SELECT * WHERE { ?s ?p ?o }", "DROP ALL",
    "INSERT DATA { <http://a> <http://b> <http://c> }", "') ; DROP ALL #", "?s", "$s",
    "<http://example.org/x>", "http://example.org/x> <y", "http://example.org/a b",
    "javascript:alert(1)", "file:///etc/passwd", "\x00", "\u202e", "\ud800",
    'NCT05532943" || true || "', 'NCT05532943\\" }', "1; DROP", " ", "", "MONDO:", ":",
    "MONDO:0004992\n", 'Taiwan"@en', '"""', "'''", "\r\n", "ctkg:Trial } ?s ?p ?o {", "%3E",
    "http://example.org/%7D", "\\u0022 } ?s ?p ?o {", "\\u005C\" }", "40 || true", "1e999",
    "-0", "0x10", "2024-13-01", "Taiwan\t", "ctkg:../../x", "UNION", "FILTER(true)",
]
#: A value of each type that is valid and matches nothing in any graph.
NO_MATCH = {"iri": "https://example.org/no-match", "string": "zz-no-match",
            "integer": "-987654321", "decimal": "-987654.5", "date": "1800-01-01"}

CASES = [(q, p) for q in list_queries() for p in q.params]


def _run(store: EmbeddedStore, query: Query, raw: dict[str, str]) -> tuple[SelectResult, ...]:
    bound = bind_params(query, raw)
    substituted = store.query(query.text, bound)
    rewritten = store.query(with_values(query.text, bound))
    assert isinstance(substituted, SelectResult) and isinstance(rewritten, SelectResult)
    return substituted, rewritten


def test_there_are_enough_hostile_values() -> None:
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize("query, param", CASES,
                         ids=[f"{q.name}-{p.name}" for q, p in CASES])
def test_hostile_values_are_rejected_or_inert(query: Query, param: Param,
                                              examples_store: EmbeddedStore) -> None:  # noqa: F811
    baseline, _ = _run(examples_store, query, {param.name: NO_MATCH[param.type]})
    accepted = 0
    for value in HOSTILE:
        try:
            bound = bind_params(query, {param.name: value})
        except UsageError:
            continue
        accepted += 1
        term_to_sparql(bound[param.name])  # serialisable for a remote store too
        for result in _run(examples_store, query, {param.name: value}):
            assert result.variables == baseline.variables, value
            assert len(result.rows) == len(baseline.rows), value
            for row in result.dicts():
                assert row[param.name] == bound[param.name], value
                if param.type == "string":
                    assert row[param.name].value == value  # type: ignore[union-attr]
    if param.type == "string":
        assert accepted >= 30  # strings are bound literally, not rejected


@pytest.mark.parametrize("value", ["x" * 5000, "\ud800", "http://example.org/a b",
                                   "MONDO:0004992> } UNION { ?s ?p ?o", "<http://e.org/x>",
                                   '"^^<x>', "ftp://example.org", "FOO:1", ""])
def test_iris_are_validated(value: str) -> None:
    query = next(q for q in list_queries() if q.name == "trials-excluding")
    with pytest.raises(UsageError):
        execute(query, {"concept": value}, store=None)
