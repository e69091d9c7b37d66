"""The query catalogue: ``queries/*.rq`` files with a header, typed parameters, safe binding.

A catalogue file starts with comment lines::

    # title: Trials requiring a concept
    # description: Trials with an inclusion criterion that requires the concept
    #   or one of its subclasses.
    # param: concept iri MONDO:0005314 — the required concept (CURIE or IRI)
    # example: kg query run trials-requiring --param concept=MONDO:0005301

Binding convention (see ``docs/queries.md``): each parameter ``NAME`` is the variable
``?NAME`` of the query, used freely in its patterns and filters and listed in the SELECT
projection (and GROUP BY, for aggregates). It is ALWAYS bound: to the user's value, else to
the header default. Values are bound as RDF terms by the store (pyoxigraph ``substitutions``
embedded; a ``VALUES`` block of serialised terms remote), never pasted into the text. A query
file must not give its parameters a ``VALUES`` clause of its own: under substitution a VALUES
clause is joined with the bound value and would silently filter it out.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UsageError
from kg.resources import resource_dir
from kg.store import EmbeddedStore, SelectResult, Store, Term
from kg.vocab import XSD, curie_to_iri

PARAM_TYPES = ("iri", "string", "integer", "decimal", "date")

_KEY = re.compile(r"^#\s*(?P<key>title|description|param|example)\s*:\s?(?P<value>.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(?P<value>\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>\w+)\s+"
    r"(?P<default>\"[^\"]*\"|\S+)\s+(?:—|--)\s+(?P<doc>.+)$"
)
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_IRI_SCHEME = re.compile(r"^https?://[^/?#]+")
_INTEGER = re.compile(r"^[+-]?\d{1,18}$")
_DECIMAL = re.compile(r"^[+-]?(?:\d{1,18}(?:\.\d{0,18})?|\.\d{1,18})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAX_STRING = 1000
#: A value given as ``-`` in a header means "no default": the parameter is required.
NO_DEFAULT = "-"


@dataclass(frozen=True)
class Param:
    """A parameter of a catalogue query: the variable ``?name`` of the query."""

    name: str
    type: str
    default: str | None
    doc: str


@dataclass(frozen=True)
class Query:
    """A catalogue query: its header and text."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    example: str
    text: str
    path: Path = field(compare=False)

    def param(self, name: str) -> Param:
        """Return the parameter called ``name``, or raise a UsageError listing the known ones."""
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise UsageError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")


def queries_dir() -> Path:
    """Return the ``queries/`` folder of this installation."""
    return resource_dir("queries")


def parse_query_file(path: Path) -> Query:
    """Read a ``.rq`` file and its header; a malformed header is a UsageError naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise UsageError(f"cannot read query file {path}: {err}") from err
    return parse_query_text(text, path)


def parse_query_text(text: str, path: Path) -> Query:
    r"""Parse a query's header comments (see the module docstring)."""
    fields: dict[str, list[str]] = {"title": [], "description": [], "example": []}
    params: list[Param] = []
    last: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _KEY.match(line)
        if match:
            last = match["key"]
            value = match["value"].strip()
            if last == "param":
                params.append(_parse_param(value, path, number))
            else:
                fields[last].append(value)
            continue
        cont = _CONTINUATION.match(line)
        if cont and last in fields:
            fields[last].append(cont["value"].strip())
        elif cont and last == "param":
            previous = params[-1]
            params[-1] = Param(previous.name, previous.type, previous.default,
                               f"{previous.doc} {cont['value'].strip()}")
        else:
            last = None
    name = path.stem
    if not fields["title"]:
        raise UsageError(f"{path}: the header has no '# title:' line")
    query = Query(name=name, title=" ".join(fields["title"]),
                  description=" ".join(fields["description"]), params=tuple(params),
                  example=" ".join(fields["example"]), text=text, path=path)
    _check_params_used(query)
    return query


def _parse_param(value: str, path: Path, number: int) -> Param:
    match = _PARAM.match(value)
    if not match:
        raise UsageError(f"{path}:{number}: a param line reads "
                         f"'# param: NAME TYPE DEFAULT — meaning', not {value!r}")
    if match["type"] not in PARAM_TYPES:
        raise UsageError(f"{path}:{number}: unknown parameter type {match['type']!r} "
                         f"(types: {', '.join(PARAM_TYPES)})")
    default: str | None = match["default"]
    if default == NO_DEFAULT:
        default = None
    elif default is not None and default.startswith('"'):
        default = default[1:-1]
    return Param(match["name"], match["type"], default, match["doc"].strip())


def _check_params_used(query: Query) -> None:
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    for param in query.params:
        if not re.search(rf"[?$]{param.name}\b", body):
            raise UsageError(f"{query.path}: parameter {param.name!r} is declared but the "
                             f"query never uses ?{param.name}")


def list_queries(folder: Path | None = None) -> list[Query]:
    """Every query of the catalogue, sorted by name."""
    where = folder or queries_dir()
    return [parse_query_file(path) for path in sorted(where.glob("*.rq"))]


def get_query(name_or_path: str | Path, folder: Path | None = None) -> Query:
    """Get a catalogue query by name, or any ``.rq`` file with the same header format."""
    candidate = Path(name_or_path)
    if candidate.suffix in {".rq", ".sparql"} or candidate.is_file():
        if not candidate.is_file():
            raise UsageError(f"no query file at {candidate}")
        return parse_query_file(candidate)
    name = str(name_or_path)
    if not _NAME.match(name):
        raise UsageError(f"{name!r} is not a query name (see `kg query list`)")
    path = (folder or queries_dir()) / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(q.name for q in list_queries(folder))
        raise UsageError(f"unknown query {name!r}; known queries: {known}")
    return parse_query_file(path)


def parse_iri(value: str) -> ox.NamedNode:
    """Parse a CURIE with a known prefix or an absolute http(s) IRI, else a UsageError.

    >>> parse_iri("MONDO:0004992").value
    'http://purl.obolibrary.org/obo/MONDO_0004992'
    """
    if not value or _IRI_FORBIDDEN.search(value):
        raise UsageError(f"{value!r} is not a valid IRI or CURIE (no spaces, control "
                         f"characters or <>\"{{}}|^`\\ allowed)")
    if value.startswith(("http://", "https://")):
        iri = value
    else:
        expanded = curie_to_iri(value) if ":" in value else None
        if expanded is None:
            raise UsageError(f"{value!r} is neither a CURIE with a known prefix nor an "
                             f"absolute http(s) IRI")
        iri = expanded
    if _IRI_FORBIDDEN.search(iri) or not _IRI_SCHEME.match(iri):
        raise UsageError(f"{value!r} is not a valid absolute http(s) IRI")
    try:
        return ox.NamedNode(iri)
    except ValueError as err:
        raise UsageError(f"{value!r} is not a valid IRI: {err}") from err


def parse_value(param: Param, raw: str) -> Term:
    """Parse a raw string as an RDF term of the parameter's type, else a UsageError."""
    where = f"parameter {param.name} ({param.type})"
    if param.type == "iri":
        try:
            return parse_iri(raw)
        except UsageError as err:
            raise UsageError(f"{where}: {err}") from err
    if param.type == "string":
        if len(raw) > _MAX_STRING:
            raise UsageError(f"{where}: longer than {_MAX_STRING} characters")
        if any("\ud800" <= ch <= "\udfff" for ch in raw):
            raise UsageError(f"{where}: not valid Unicode text")
        return ox.Literal(raw)
    text = raw.strip()
    if param.type == "integer":
        if not _INTEGER.match(text):
            raise UsageError(f"{where}: {raw!r} is not an integer")
        return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "decimal":
        if not _DECIMAL.match(text):
            raise UsageError(f"{where}: {raw!r} is not a decimal number")
        try:
            number = Decimal(text)
        except InvalidOperation as err:
            raise UsageError(f"{where}: {raw!r} is not a decimal number") from err
        return ox.Literal(_decimal_lexical(number), datatype=ox.NamedNode(XSD + "decimal"))
    if param.type == "date":
        try:
            if not _DATE.match(text):
                raise ValueError(text)
            day = date.fromisoformat(text)
        except ValueError as err:
            raise UsageError(f"{where}: {raw!r} is not a date (YYYY-MM-DD)") from err
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    raise UsageError(f"{where}: unknown type")  # parse_query_text admits no other


def _decimal_lexical(number: Decimal) -> str:
    # The canonical form Oxigraph writes ("40", "6.5"), so answers are the same everywhere.
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def bind_params(query: Query, raw: Mapping[str, str] | None = None) -> dict[str, Term]:
    """Bind every parameter of ``query`` to an RDF term: the given value, else the default.

    Unknown parameters, missing required ones and bad values are UsageErrors.
    """
    given = dict(raw or {})
    for name in given:
        query.param(name)
    bound: dict[str, Term] = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is None:
            raise UsageError(f"query {query.name!r} needs --param {param.name}=... "
                             f"({param.type}: {param.doc})")
        bound[param.name] = parse_value(param, value)
    return bound


def parse_param_options(options: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Parse ``["k=v", ...]`` from the command line; a repeated key is a UsageError."""
    out: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or not name:
            raise UsageError(f"--param takes NAME=VALUE, not {option!r}")
        if name in out:
            raise UsageError(f"--param {name} given twice")
        out[name] = value
    return out


def execute(query: Query, params: Mapping[str, str] | None = None,
            store: Store | str | os.PathLike[str] | None = None) -> SelectResult:
    """Run a catalogue query with its parameters bound; SELECT queries only.

    The bound terms go into a one-row ``VALUES`` block at the head of the query's WHERE
    group (:func:`kg.remote.with_values`: IRIs validated, literals N-Triples-escaped), for
    the embedded store as for a remote one. pyoxigraph's ``substitutions`` mean the same
    (the tests compare both on every query) but are applied after query planning: on the
    1,856-trial corpus they made selective queries 10-20 times slower (``docs/queries.md``).
    """
    from kg.remote import with_values

    bindings = bind_params(query, params)
    target: Store = (store if store is not None and not isinstance(store, str | os.PathLike)
                     else EmbeddedStore.open(store))
    result = target.query(with_values(query.text, bindings))
    if not isinstance(result, SelectResult):
        raise UsageError(f"query {query.name!r} is not a SELECT query")
    return result


def python_value(term: Term | None) -> object:
    """Convert a result term to a plain Python value (IRIs, strings: str; numbers)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _INTEGER_TYPES:
            return int(term.value)
        if datatype == XSD + "decimal":
            return Decimal(term.value)
        if datatype in (XSD + "double", XSD + "float"):
            return float(term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return term.value
    return str(term)


_INTEGER_TYPES = frozenset(XSD + name for name in (
    "integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
    "unsignedInt", "unsignedLong"))


def run_query(name: str | Path, params: Mapping[str, str] | None = None,
              store: Store | str | os.PathLike[str] | None = None) -> list[dict[str, object]]:
    """Run a catalogue query and return its rows as dicts of plain Python values.

    ``store`` is a store object or a store folder; it defaults to the embedded store at
    ``$KG_STORE`` or ``./kg-store``.
    """
    result = execute(get_query(name), params, store)
    return [{k: python_value(v) for k, v in row.items()} for row in result.dicts()]
