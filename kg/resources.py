"""Where the project's data folders (ontology/, shapes/, queries/) are found.

In a checkout or an editable install they are the top-level folders of the repository;
a wheel carries them inside the package as ``kg/_resources/<name>``.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import KGError

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder ``ontology``, ``shapes`` or ``queries`` of this installation."""
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "_resources" / name):
        if candidate.is_dir():
            return candidate
    raise KGError(f"the {name}/ folder of cell-trials-kg is missing (looked beside {_PACKAGE})")
