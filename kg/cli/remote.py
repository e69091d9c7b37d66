"""`kg push` (Graph Store Protocol upload) and `kg serve` (an Oxigraph server over the store)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import click

from kg.cli import store_option
from kg.errors import UsageError
from kg.remote import push
from kg.store import EmbeddedStore, resolve_store_path


@click.command("push")
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's SPARQL query URL (or its base URL, for Oxigraph).")
@click.option("--graph-store-url", default=None, metavar="URL",
              help="Graph Store Protocol URL (default: /store beside the query URL).")
@store_option
def push_command(endpoint: str, graph_store_url: str | None, store: str | None) -> None:
    """Copy every named graph of the store to a SPARQL server (HTTP PUT, idempotent).

    \b
    Example:
      kg push --endpoint http://127.0.0.1:7878/query
    """
    report = push(EmbeddedStore.open(store), endpoint, graph_store_url=graph_store_url)
    click.echo(f"pushed {report.graphs} graphs ({report.triples} triples) to "
               f"{report.graph_store_url}", err=True)


def oxigraph_binary() -> str:
    """Find the `oxigraph` server binary (PyPI package `oxigraph`), or raise a UsageError."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = shutil.which("oxigraph") or (str(beside) if beside.is_file() else None)
    if found is None:
        raise UsageError("the `oxigraph` server is not installed: "
                         "pip install 'cell-trials-kg[server]'")
    return found


def serve_command_line(store: Path, bind: str) -> list[str]:
    """Build the command that serves ``store`` read-only on ``bind``."""
    return [oxigraph_binary(), "serve-read-only", "--location", str(store), "--bind", bind,
            "--union-default-graph"]


@click.command("serve")
@store_option
@click.option("--bind", default="127.0.0.1:7878", show_default=True, metavar="HOST:PORT")
def serve_command(store: str | None, bind: str) -> None:
    """Serve the store read-only as a SPARQL endpoint (Oxigraph server) until interrupted.

    \b
    Example:
      kg serve --bind 127.0.0.1:7878 &
      kg query run sponsors --endpoint http://127.0.0.1:7878/query
    """
    where = resolve_store_path(store)
    if not where.is_dir():
        raise UsageError(f"no store at {where}: run `kg build SOURCE... --store {where}` first")
    command = serve_command_line(where, bind)
    click.echo(f"serving {where} at http://{bind}/query (Ctrl-C stops)", err=True)
    try:
        completed = subprocess.run(command, check=False)
    except KeyboardInterrupt:
        return
    if completed.returncode not in (0, -2, 130):
        raise UsageError(f"the oxigraph server exited with status {completed.returncode}")


def register(group: click.Group) -> None:
    """Mount these commands."""
    group.add_command(push_command)
    group.add_command(serve_command)
