"""`kg ontology build` and `kg ontology check`."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import EXIT_FAILURE
from kg.ontology import check_ontology
from kg.resources import resource_dir


def default_sssom_dir() -> Path:
    """``shared/ontology-sources`` beside the checkout (where the project keeps it)."""
    return resource_dir("ontology").parent.parent / "shared" / "ontology-sources"


@click.group("ontology")
def ontology_group() -> None:
    """Generate and check the ontology files in ontology/."""


@ontology_group.command("build")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Ontology folder to write (default: this checkout's ontology/).")
@click.option("--sssom", "sssom_dir", type=click.Path(exists=True, file_okay=False,
              path_type=Path), default=None,
              help="Folder with mondo_exactmatch_{mesh,ncit}.sssom.tsv "
                   "(default: ../shared/ontology-sources beside the checkout).")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Shared corpus: recompute the corpus-derived seeds first.")
def build_command(out_dir: Path | None, sssom_dir: Path | None, corpus: Path | None) -> None:
    """Regenerate ontology/slices/*.ttl and ontology/mappings/*.sssom.tsv.

    Needs the build-time extra: pip install 'cell-trials-kg[ontology]'.

    \b
    Example:
      kg ontology build --sssom ../shared/ontology-sources --corpus ../shared/corpus
    """
    # Imported here: the build module is only needed by this command.
    from kg.ontology_build import build_slices, format_report

    sssom = sssom_dir or default_sssom_dir()
    if not (sssom / "mondo_exactmatch_mesh.sssom.tsv").is_file():
        raise click.UsageError(f"no MONDO SSSOM files in {sssom}: pass --sssom")
    report = build_slices(out_dir or resource_dir("ontology"), sssom, corpus)
    click.echo(format_report(report), nl=False)


@ontology_group.command("check")
@click.option("--dir", "directory", type=click.Path(exists=True, file_okay=False,
              path_type=Path), default=None, help="Ontology folder (default: ontology/).")
@click.option("--no-reasoner", is_flag=True, help="Skip HermiT even where Java is installed.")
def check_command(directory: Path | None, no_reasoner: bool) -> None:
    """Check the ontology: HermiT where Java is installed, structural checks always.

    Exit code 1 when a problem is found.

    \b
    Example:
      kg ontology check --no-reasoner
    """
    report = check_ontology(directory, reasoner=not no_reasoner)
    for note in report.notes:
        click.echo(f"note: {note}")
    click.echo(f"reasoner: {'HermiT' if report.reasoner_used else 'not used'}")
    for problem in report.problems:
        click.echo(f"problem: {problem}", err=True)
    if not report.ok:
        raise click.exceptions.Exit(EXIT_FAILURE)
    click.echo("ontology ok")


def register(cli: click.Group) -> None:
    """Mount the `ontology` group on the `kg` command."""
    cli.add_command(ontology_group)
