"""`kg query list|show|run` and `kg match`."""

from __future__ import annotations

import json

import click

from kg.cli import store_option
from kg.matching import PatientProfile, match_profile
from kg.queries import execute, get_query, list_queries, parse_param_options
from kg.results import RESULT_FORMATS, render
from kg.store import EmbeddedStore, Store

endpoint_option = click.option(
    "--endpoint", default=None, metavar="URL",
    help="Query a SPARQL 1.1 endpoint instead of the embedded store.")


def open_target(store: str | None, endpoint: str | None) -> Store:
    """Open the remote endpoint when given, else the embedded store."""
    if endpoint and store:
        raise click.UsageError("give --store or --endpoint, not both")
    if endpoint:
        from kg.remote import RemoteStore

        return RemoteStore(endpoint)
    return EmbeddedStore.open(store)


@click.group("query")
def query_group() -> None:
    """Use the query catalogue (queries/*.rq): list, show and run canned questions.

    \b
    Example:
      kg query run trials-by-condition-cell-tissue --param condition=MONDO:0007179
    """


@query_group.command("list")
def list_command() -> None:
    """List the catalogue: name and title of each query.

    \b
    Example:
      kg query list
    """
    queries = list_queries()
    width = max((len(q.name) for q in queries), default=0)
    for query in queries:
        click.echo(f"{query.name.ljust(width)}  {query.title}")


@query_group.command("show")
@click.argument("name")
def show_command(name: str) -> None:
    """Print a query's header and text (NAME or a path to an .rq file).

    \b
    Example:
      kg query show trials-for-age
    """
    click.echo(get_query(name).text, nl=False)


@query_group.command("run")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value (repeatable); see `kg query show NAME`.")
@store_option
@endpoint_option
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table",
              show_default=True)
def run_command(name: str, params: tuple[str, ...], store: str | None, endpoint: str | None,
                fmt: str) -> None:
    """Run a catalogue query (NAME or a path to an .rq file with the same header).

    Parameters are bound as typed RDF terms, never pasted into the query text.

    \b
    Example:
      kg query run trials-for-age --param age=8 --format csv
      kg query run sponsors --endpoint http://127.0.0.1:7878/query
    """
    query = get_query(name)
    result = execute(query, parse_param_options(params), open_target(store, endpoint))
    click.echo(render(result, fmt), nl=False)


@click.command("match")
@click.option("--age", type=float, required=True, help="Age in years.")
@click.option("--sex", type=click.Choice(["female", "male"]),
              help="Leave out when it should not matter: trials of one sex are then undecided.")
@click.option("--condition", "conditions", multiple=True, required=True, metavar="CURIE",
              help="A condition the patient has and seeks a trial for (repeatable).")
@click.option("--has", "has", multiple=True, metavar="CURIE",
              help="Another concept the patient has or had, e.g. MONDO:0004992 (repeatable).")
@click.option("--measure", "measures", multiple=True, metavar="NAME=VALUE[ UNIT]",
              help="A measured value, as `trials-with-threshold` names it: EDSS=4, "
                   "'eGFR=55 mL/min/1.73m2', 'platelets=150 10^9/L' (repeatable).")
@click.option("--all", "show_all", is_flag=True, help="Also list the trials that exclude.")
@store_option
@endpoint_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def match_command(age: float, sex: str | None, conditions: tuple[str, ...],
                  has: tuple[str, ...], measures: tuple[str, ...], show_all: bool,
                  store: str | None, endpoint: str | None, fmt: str) -> None:
    """Find trials whose structured criteria do not exclude a patient, with reasons.

    \b
    Example:
      kg match --age 40 --sex female --condition MONDO:0005314 --has MONDO:0004992
      kg match --age 45 --condition MONDO:0005314 --measure EDSS=4
    """
    profile = PatientProfile.parse(age, sex, conditions, has, measures)
    report = match_profile(profile, open_target(store, endpoint))
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(include_excluded=show_all), indent=1,
                              ensure_ascii=False))
        return
    click.echo(report.text(include_excluded=show_all), nl=False)


def register(group: click.Group) -> None:
    """Mount these commands."""
    group.add_command(query_group)
    group.add_command(match_command)
