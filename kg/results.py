"""Query results as text: table, CSV (with header), JSON (SPARQL 1.1 results), Markdown."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pyoxigraph as ox

from kg.errors import UsageError
from kg.store import AskResult, GraphResult, QueryResult, SelectResult, Term
from kg.vocab import PREFIXES, iri_to_curie

RESULT_FORMATS = ("table", "csv", "json", "md")


def plain(term: Term | None, *, shorten: bool = False) -> str:
    """A term as plain text: IRIs as IRIs (or CURIEs), literals as their value."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return iri_to_curie(term.value) if shorten else term.value
    if isinstance(term, ox.Literal | ox.BlankNode):
        return term.value
    return str(term)


def term_json(term: Term) -> dict[str, str]:
    """A term in the SPARQL 1.1 JSON results form."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def render(result: QueryResult, fmt: str) -> str:
    """Render any query result in one of :data:`RESULT_FORMATS`."""
    if fmt not in RESULT_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose from {', '.join(RESULT_FORMATS)}")
    if isinstance(result, AskResult):
        return _render_ask(result, fmt)
    if isinstance(result, GraphResult):
        return _render_graph(result, fmt)
    return {"table": _table, "csv": _csv, "json": _json, "md": _markdown}[fmt](result)


def _render_ask(result: AskResult, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": result.value}) + "\n"
    if fmt == "csv":
        return f"boolean\r\n{str(result.value).lower()}\r\n"
    return ("yes" if result.value else "no") + "\n"


def _render_graph(result: GraphResult, fmt: str) -> str:
    if fmt == "json":
        data = ox.serialize(result.triples, format=ox.RdfFormat.JSON_LD) or b""
        return data.decode("utf-8") + "\n"
    if fmt == "csv":
        rows = [["subject", "predicate", "object"]]
        rows += [[plain(t.subject), plain(t.predicate), plain(t.object)] for t in result.triples]
        return _csv_text(rows)
    data = ox.serialize(result.triples, format=ox.RdfFormat.TURTLE,
                        prefixes=dict(PREFIXES)) or b""
    return data.decode("utf-8")


def _csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


def _csv(result: SelectResult) -> str:
    return _csv_text([result.variables] + [[plain(t) for t in row] for row in result.rows])


def _json(result: SelectResult) -> str:
    bindings: list[dict[str, Any]] = [
        {var: term_json(t) for var, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    return json.dumps({"head": {"vars": result.variables},
                       "results": {"bindings": bindings}}, ensure_ascii=False, indent=1) + "\n"


def _cells(result: SelectResult) -> list[list[str]]:
    return [[plain(t, shorten=True).replace("\n", " ") for t in row] for row in result.rows]


def _table(result: SelectResult) -> str:
    cells = _cells(result)
    widths = [len(v) for v in result.variables]
    for row in cells:
        widths = [min(max(w, len(c)), 80) for w, c in zip(widths, row, strict=True)]
    def line(values: list[str]) -> str:
        return "  ".join(v[:80].ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()
    out = [line(result.variables), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


def _markdown(result: SelectResult) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|")
    out = ["| " + " | ".join(result.variables) + " |",
           "|" + "|".join("---" for _ in result.variables) + "|"]
    out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in _cells(result)]
    return "\n".join(out) + "\n"
