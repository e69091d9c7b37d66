"""The wheel carries every package of ``kg``: setuptools gets an explicit list of them."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_kg_package_is_listed_in_pyproject() -> None:
    # `pip install .` (the README's first command) builds a wheel from this list; a package
    # missing from it installs without error and fails at the first import.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts)
             for init in (ROOT / "kg").rglob("__init__.py")}
    assert "kg.text.products" in found
    assert found - listed == set()
