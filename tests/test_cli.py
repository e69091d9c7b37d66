"""The command line, in-process: exit codes, messages, files written."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES
from test_build import write_bad_inputs

from kg.cli import get_cli

CLI = get_cli()


def run(*args: str, env: dict[str, str] | None = None) -> click.testing.Result:
    return CliRunner().invoke(CLI, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = run("build", str(EXAMPLES), "--store", str(path))
    assert result.exit_code == 0, result.output
    return path


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in group.commands.items():
        out.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            out += all_commands(command, f"{prefix}{name} ")
    return out


@pytest.mark.parametrize(("name", "command"), all_commands(CLI), ids=lambda v: str(v))
def test_every_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    result = run(*name.split(), "--help")
    assert result.exit_code == 0
    if not isinstance(command, click.Group):
        assert "Example" in result.output, f"kg {name} --help shows no example"
    # The example keeps its lines: click's no-rewrap marker is the backspace character, which
    # a raw docstring turns into a visible "\b" and a paragraph run together.
    assert "\\b" not in result.output, f"kg {name} --help shows a raw \\b marker"
    lines = result.output.splitlines()
    for at, line in enumerate(lines):
        if line.strip() == "Example:":
            assert lines[at + 1].lstrip().startswith("kg "), f"kg {name}: {lines[at + 1]!r}"


def test_build_summary_and_stats_json(store: Path) -> None:
    result = run("stats", "--store", str(store), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    examples = len(list(EXAMPLES.glob("*.json")))
    assert data["trials"] == examples
    assert data["graphs"] == examples + 1  # plus the ontology graph
    assert data["triples"] > 0
    assert set(data) >= {"by_status", "by_phase", "by_study_type"}
    assert data["by_phase"]["PHASE2"] >= 1


def test_store_from_environment(store: Path) -> None:
    result = run("stats", env={"KG_STORE": str(store)})
    assert result.exit_code == 0 and "trials" in result.output


def test_sparql_formats(store: Path) -> None:
    query = ("SELECT ?id ?enrollment WHERE { ?t a ctkg:Trial ; dcterms:identifier ?id ; "
             "ctkg:enrollment ?enrollment } ORDER BY ?id")
    result = run("sparql", query, "--store", str(store), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["id", "enrollment"]
    assert ["NCT06882811", "180"] in rows
    as_json = json.loads(run("sparql", query, "--store", str(store), "--format", "json").output)
    assert as_json["head"]["vars"] == ["id", "enrollment"]
    md = run("sparql", query, "--store", str(store), "--format", "md").output
    assert md.splitlines()[0] == "| id | enrollment |"
    ask = run("sparql", "ASK { ?t ctkg:enrollment 180 }", "--store", str(store))
    assert ask.output.strip() == "yes"
    construct = run("sparql", "CONSTRUCT { ?t dcterms:identifier ?id } WHERE "
                    "{ ?t dcterms:identifier ?id }", "--store", str(store))
    assert "NCT05532943" in construct.output


def test_sparql_from_file(store: Path, tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?t a ctkg:Trial }")
    result = run("sparql", str(path), "--store", str(store), "--format", "csv")
    assert result.output.splitlines()[1] == str(len(list(EXAMPLES.glob("*.json"))))


def test_sparql_syntax_error_is_usage_error(store: Path) -> None:
    result = run("sparql", "SELEKT nothing", "--store", str(store))
    assert result.exit_code == 2
    assert "SPARQL syntax error" in result.output


def test_missing_store_is_usage_error(tmp_path: Path) -> None:
    result = run("stats", "--store", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "no store at" in result.output


def test_export_writes_file(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.nq"
    result = run("export", "--store", str(store), "--format", "nquads", "-o", str(out))
    assert result.exit_code == 0
    assert out.read_text().count("\n") > 100
    assert not list(tmp_path.glob(".*part"))


def test_build_with_bad_input_strict(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run("build", str(EXAMPLES), "--store", str(store)).exit_code == 0
    before = run("stats", "--store", str(store), "--format", "json").output
    bad = tmp_path / "bad"
    write_bad_inputs(bad)
    lenient = run("build", str(EXAMPLES), str(bad), "--store", str(tmp_path / "other"))
    assert lenient.exit_code == 0
    assert "Skipped 7 record(s)" in lenient.output
    strict = run("build", str(EXAMPLES), str(bad), "--store", str(store), "--strict")
    assert strict.exit_code == 2
    assert "previous store" in strict.output and "wrong-type.json" in strict.output
    assert "nothing was written" in strict.output and "triples" not in strict.output
    assert run("stats", "--store", str(store), "--format", "json").output == before


def test_build_of_nothing_fails(tmp_path: Path) -> None:
    result = run("build", str(tmp_path / "missing.json"), "--store", str(tmp_path / "s"))
    assert result.exit_code == 2
    assert "missing.json" in result.output
    assert not (tmp_path / "s").exists()


def test_build_of_a_mistyped_path_keeps_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run("build", str(EXAMPLES), "--store", str(store)).exit_code == 0
    before = run("stats", "--store", str(store), "--format", "json").output
    result = run("build", str(tmp_path / "exmaples"), "--store", str(store))
    assert result.exit_code == 2
    assert "exmaples" in result.output and "unchanged" in result.output
    assert run("stats", "--store", str(store), "--format", "json").output == before
