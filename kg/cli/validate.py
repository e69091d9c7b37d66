"""`kg validate`: SHACL validation of a store or RDF files, for people and for CI."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import EXIT_FAILURE, store_option
from kg.errors import UsageError
from kg.store import EmbeddedStore
from kg.validate import DEFAULT_CHUNK_SIZE, validate
from kg.validate_engines import ENGINES
from kg.validate_report import FORMATS, severity_name


@click.command("validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@store_option
@click.option("--shapes", "shapes_dir", type=click.Path(file_okay=False), default=None,
              help="Folder of SHACL shapes (*.ttl); default: the project's shapes/.")
@click.option("--severity", type=click.Choice(["violation", "warning", "info"]),
              default="violation", show_default=True,
              help="Fail (exit 1) on results at or above this severity.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--trial", "trials", multiple=True, metavar="NCT",
              help="Validate only this trial (repeatable).")
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
              help="auto: shacl (Rust, same results, faster) if installed, "
                   "else pyshacl (the reference).")
@click.option("--processes", type=click.IntRange(min=1), default=2, show_default=True)
@click.option("--chunk-size", type=click.IntRange(min=0), default=DEFAULT_CHUNK_SIZE,
              show_default=True, help="Trials per chunk; 0 validates all in one call.")
def validate_command(files: tuple[str, ...], store: str | None, shapes_dir: str | None,
                     severity: str, fmt: str, output: str | None, trials: tuple[str, ...],
                     engine: str, processes: int, chunk_size: int) -> None:
    """Check trial graphs against the SHACL shapes; exit 1 on results at or above --severity.

    Validates the store (--store, $KG_STORE or ./kg-store), or FILE... (Turtle, N-Triples,
    N-Quads or TriG trial graphs). Exit codes: 0 conforms, 1 results at or above
    --severity, 2 shapes or input cannot be loaded.

    \b
    Example:
      kg validate --format junit -o results.xml --engine shacl
    """
    if files and store:
        raise UsageError("give either --store or FILE arguments, not both")
    source: EmbeddedStore | list[str] = list(files) if files else EmbeddedStore.open(store)
    report = validate(source, shapes_dir=shapes_dir, trials=trials or None, engine=engine,
                      processes=processes, chunk_size=chunk_size)
    level = severity_name(severity)
    text = FORMATS[fmt](report, level)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {fmt} report to {output}", err=True)
    else:
        click.echo(text, nl=False)
    if report.at_least(level):
        sys.exit(EXIT_FAILURE)


def register(group: click.Group) -> None:
    """Mount `kg validate`."""
    group.add_command(validate_command)
