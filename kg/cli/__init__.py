"""The `kg` command: a small click group; each subsystem mounts its commands from its module.

Commands parse options, call one library function and print its result. Only here are
domain errors turned into messages and exit codes: 0 fine, 1 validation or query failure,
2 usage or input error. ``--debug`` re-raises with the traceback.
"""

from __future__ import annotations

import sys

import click

from kg import __version__
from kg.errors import KGError, QueryError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of short messages.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """cell-trials-kg: a knowledge graph of cell-therapy clinical trials.

    \b
    Example:
      kg build examples/ && kg query run cell-products
    """
    ctx.obj = {"debug": debug}


def _mount() -> None:
    # Imported here, not at the top, so each command module can import `cli` helpers.
    from kg.cli import build as build_commands
    from kg.cli import ontology as ontology_commands
    from kg.cli import sparql as sparql_commands

    for module in (build_commands, sparql_commands, ontology_commands):
        module.register(cli)
    for name in ("query", "validate", "remote"):
        try:
            module = __import__(f"kg.cli.{name}", fromlist=["register"])
        except ModuleNotFoundError:
            continue
        module.register(cli)


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    _mount()
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="kg", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as err:
        err.show()
        sys.exit(EXIT_USAGE if err.exit_code != 0 else EXIT_OK)
    except KGError as err:
        if debug:
            raise
        click.echo(f"error: {err}", err=True)
        sys.exit(EXIT_FAILURE if type(err) is QueryError else EXIT_USAGE)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)


store_option = click.option(
    "--store", "store", type=click.Path(file_okay=False), default=None,
    help="Store folder (default: $KG_STORE, else ./kg-store).")
