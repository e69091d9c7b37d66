"""`kg build` and `kg stats`."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from kg.build import BuildReport, MappedTrial, build
from kg.cli import EXIT_USAGE, store_option
from kg.errors import RecordError
from kg.stats import compute_stats, format_stats
from kg.store import EmbeddedStore


@click.command("build")
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@store_option
@click.option("--strict", is_flag=True,
              help="Exit 2 and keep the previous store if any record is skipped.")
@click.option("--no-ontology", is_flag=True, help="Map records alone, without ontology links.")
def build_command(sources: tuple[str, ...], store: str | None, strict: bool,
                  no_ontology: bool) -> None:
    """Build the store from trial records (files, folders, .zip, .jsonl; any supported format).

    \b
    Example:
      kg build examples/ ../shared/corpus/ctgov-classic-fullstudies-2022-01.zip --store kg-store
    """
    progress = _Progress()
    try:
        report = build(sources, store, strict=strict, with_ontology=not no_ontology,
                       on_record=progress.step)
    finally:
        progress.done()
    _print_report(report)
    if report.skipped and strict:
        click.echo(f"--strict: {len(report.skipped)} record(s) skipped; "
                   f"the previous store at {report.store} is unchanged", err=True)
        sys.exit(EXIT_USAGE)
    if report.trials == 0:
        click.echo(f"no trial was loaded; the previous store at {report.store}, if any, is "
                   "unchanged", err=True)
        sys.exit(EXIT_USAGE)


class _Progress:
    """A live count on a terminal (rich); silent when stderr is not one, so CI logs stay clean."""

    def __init__(self) -> None:
        self.count = 0
        self.skipped = 0
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if sys.stderr.isatty():
            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                      TimeElapsedColumn(), console=Console(stderr=True),
                                      transient=True)
            self._progress.start()
            self._task = self._progress.add_task("reading records")

    def step(self, item: MappedTrial | RecordError) -> None:
        self.count += 1
        self.skipped += isinstance(item, RecordError)
        if self._progress is not None and self._task is not None and self.count % 25 == 0:
            self._progress.update(self._task, description=(
                f"{self.count} records read, {self.skipped} skipped"))

    def done(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def _print_report(report: BuildReport) -> None:
    if report.committed:
        click.echo(f"Loaded {report.trials} trials ({report.triples} triples) into "
                   f"{report.store} in {report.seconds:.1f} s.")
    else:  # strict with skipped records, or no trial at all: the old store stays
        click.echo(f"Read {report.trials} trials in {report.seconds:.1f} s; nothing was "
                   f"written to {report.store}.")
    if report.replaced:
        click.echo(f"{len(report.replaced)} record(s) seen twice; kept the newest: "
                   + ", ".join(sorted(set(report.replaced))[:20]))
    if report.skipped:
        click.echo(f"Skipped {len(report.skipped)} record(s):", err=True)
        for err in report.skipped:
            click.echo(f"  {err}", err=True)


@click.command("stats")
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def stats_command(store: str | None, fmt: str) -> None:
    """Count trials, triples and graphs, and trials by status, phase and study type.

    \b
    Example:
      kg stats --format json
    """
    stats = compute_stats(EmbeddedStore.open(store))
    if fmt == "json":
        click.echo(json.dumps(stats.as_dict(), indent=2))
    else:
        click.echo(format_stats(stats), nl=False)


def register(group: click.Group) -> None:
    """Mount these commands."""
    group.add_command(build_command)
    group.add_command(stats_command)
