"""The `kg` command: a small click group; each subsystem mounts its commands from its module.

Commands parse options, call one library function and print its result. Only here are
domain errors turned into messages and exit codes: 0 fine, 1 validation or query failure,
2 usage or input error. ``--debug`` re-raises with the traceback.
"""

from __future__ import annotations

from typing import Any

import click

from kg import __version__
from kg.errors import KGError, QueryError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class KGGroup(click.Group):
    """A group that turns the library's domain errors into a message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; catch only KGError (anything else is a bug: let it show)."""
        try:
            return super().invoke(ctx)
        except KGError as err:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error: {err}", err=True)
            ctx.exit(EXIT_FAILURE if type(err) is QueryError else EXIT_USAGE)


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


store_option = click.option(
    "--store", "store", type=click.Path(file_okay=False), default=None,
    help="Store folder (default: $KG_STORE, else ./kg-store).")


def get_cli() -> click.Group:
    """The `kg` group with every subsystem's commands mounted."""
    # Imported here so that the command modules can import `store_option` from this one.
    from kg.cli import build, fetch, ontology, query, remote, sparql, validate

    for module in (build, fetch, sparql, query, validate, remote, ontology):
        module.register(cli)
    return cli


def main() -> None:
    """Console entry point."""
    get_cli()(prog_name="kg")
