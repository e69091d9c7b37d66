"""The build benchmark runs the code it is asked to run (it once ran this checkout's instead)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ROOT


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_build", ROOT / "benchmarks" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_checkout(folder: Path, triples: int) -> Path:
    """A folder holding a stand-in ``kg`` whose build reports ``triples``."""
    package = folder / "kg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "build.py").write_text(
        "from types import SimpleNamespace\n"
        f"def build(*args, **kwargs):\n    return SimpleNamespace(triples={triples})\n")
    return folder


def test_a_step_imports_kg_from_the_folder_it_is_given(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bench = _benchmark()
    other = _fake_checkout(tmp_path / "other", 7)
    (tmp_path / "out").mkdir()
    # run from the repository, where `python -c` would put this checkout's kg first
    monkeypatch.chdir(ROOT)
    result = bench.child("kg:record", "corpus.zip", str(tmp_path / "out" / "store"), other)
    assert result["triples"] == 7


def test_a_step_that_imports_another_kg_is_refused(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    bench = _benchmark()
    other = _fake_checkout(tmp_path / "other", 7)
    shadow = _fake_checkout(tmp_path / "out", 9)  # a kg in the step's working folder
    monkeypatch.chdir(ROOT)
    with pytest.raises(RuntimeError, match="imported"):
        bench.child("kg:record", "corpus.zip", str(shadow / "store"), other)
