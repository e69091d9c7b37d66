"""`kg fetch`: records from the live ClinicalTrials.gov API v2."""

from __future__ import annotations

from pathlib import Path

import click

from kg.sources.api import API_URL, FetchQuery, fetch_studies
from kg.vocab import STATUS


@click.command("fetch")
@click.option("--term", default=None, help="Free-text query (query.term, Essie syntax).")
@click.option("--cond", "condition", default=None, help="Condition query (query.cond).")
@click.option("--intr", "intervention", default=None, help="Intervention query (query.intr).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(sorted(STATUS.iris)),
              help="Overall status filter (repeatable).")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder for the pages; an interrupted fetch into it resumes.")
@click.option("--max-pages", type=int, default=None, help="Stop after this many pages.")
@click.option("--page-size", type=click.IntRange(1, 1000), default=100, show_default=True)
@click.option("--base-url", default=API_URL, show_default=True, hidden=True)
def fetch_command(term: str | None, condition: str | None, intervention: str | None,
                  statuses: tuple[str, ...], out_dir: str, max_pages: int | None,
                  page_size: int, base_url: str) -> None:
    """Download study records (v2 JSON pages) from the ClinicalTrials.gov API.

    The pages are ready for `kg build FOLDER`.

    \b
    Example:
      kg fetch --cond "multiple sclerosis" --term mesenchymal -o records/
      kg build records/
    """
    if not (term or condition or intervention):
        raise click.UsageError("give at least one of --term, --cond, --intr")
    query = FetchQuery(term=term, condition=condition, intervention=intervention,
                       statuses=statuses, page_size=page_size)
    result = fetch_studies(query, Path(out_dir), base_url=base_url, max_pages=max_pages)
    state = "complete" if result.complete else "more pages remain (run again to continue)"
    resumed = " (resumed)" if result.resumed else ""
    click.echo(f"wrote {result.studies} studies in {len(result.pages)} page(s) to "
               f"{result.out_dir}{resumed}; {state}")


def register(group: click.Group) -> None:
    """Mount this command."""
    group.add_command(fetch_command)
