"""`kg sparql` and `kg export`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import store_option
from kg.export import FORMATS, export
from kg.results import RESULT_FORMATS, render
from kg.store import EmbeddedStore


def read_query_argument(query: str) -> str:
    """A query given inline, as a file path, or as ``-`` for standard input."""
    if query == "-":
        return sys.stdin.read()
    path = Path(query)
    if path.suffix in {".rq", ".sparql"} or (len(query) < 4096 and "\n" not in query
                                              and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as err:
            raise click.BadParameter(f"cannot read {path}: {err}") from err
    return query


@click.command("sparql")
@click.argument("query")
@store_option
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table",
              show_default=True)
def sparql_command(query: str, store: str | None, fmt: str) -> None:
    """Run a SPARQL query (text, a .rq file, or - for stdin) over all graphs.

    SELECT, ASK, CONSTRUCT and DESCRIBE; prefixes such as ctkg:, dcterms:, MONDO: and CL:
    are predefined.

    \b
    Example:
      kg sparql 'SELECT ?id ?title WHERE { ?t a ctkg:Trial ; dcterms:identifier ?id ;
                 dcterms:title ?title }' --format csv
    """
    result = EmbeddedStore.open(store).query(read_query_argument(query))
    click.echo(render(result, fmt), nl=False)


@click.command("export")
@store_option
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: standard output).")
@click.option("--trial", "trials", multiple=True, help="Only this trial (repeatable).")
def export_command(store: str | None, fmt: str, output: str | None,
                   trials: tuple[str, ...]) -> None:
    """Export the graph as Turtle, JSON-LD, N-Triples, N-Quads or TriG.

    \b
    Example:
      kg export --format nquads -o graph.nq
      kg export --format jsonld --trial NCT05532943
    """
    opened = EmbeddedStore.open(store)
    if output is None:
        count = export(opened, fmt, sys.stdout.buffer, trials)
    else:
        # Written beside the target and renamed, so a failed export leaves no half file.
        target = Path(output)
        tmp = target.with_name(f".{target.name}.part")
        try:
            with tmp.open("wb") as handle:
                count = export(opened, fmt, handle, trials)
            tmp.replace(target)
        finally:
            tmp.unlink(missing_ok=True)
        click.echo(f"wrote {count} statements to {target}", err=True)


def register(group: click.Group) -> None:
    """Mount these commands."""
    group.add_command(sparql_command)
    group.add_command(export_command)
