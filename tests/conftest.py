"""Shared fixtures: the example records, the shared corpus (skipped when absent)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
CLASSIC_ZIP = CORPUS / "ctgov-classic-fullstudies-2022-01.zip"
LEGACY_XML = CORPUS / "ctgov-legacy-xml-2023"
V2_DIR = CORPUS / "ctgov-v2"
STUDYFIELDS = CORPUS / "ctgov-classic-studyfields" / "NCT05532943.json"


def need_corpus(path: Path = CORPUS) -> Path:
    """Skip the calling test, naming what is missing, when the shared corpus is absent."""
    if not path.exists():
        pytest.skip(f"shared corpus not found at {path} (set KG_SHARED to ../shared)")
    return path


@pytest.fixture()
def corpus() -> Path:
    """The shared corpus folder, or skip."""
    return need_corpus()


@pytest.fixture()
def classic_zip() -> Path:
    """The classic full-studies zip of the shared corpus, or skip."""
    return need_corpus(CLASSIC_ZIP)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip live-network tests unless KG_NETWORK_TESTS=1."""
    if os.environ.get("KG_NETWORK_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="reaches the internet; set KG_NETWORK_TESTS=1 to run")
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _own_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Compiled tables go to a folder of the test session, not the user's cache."""
    before = os.environ.get("KG_CACHE_DIR")
    os.environ["KG_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ["KG_CACHE_DIR"]
    else:
        os.environ["KG_CACHE_DIR"] = before
