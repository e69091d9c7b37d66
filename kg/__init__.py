"""cell-trials-kg: a knowledge graph of cell-therapy clinical trials.

The public Python API; the `kg` command is a thin layer over it.

>>> import kg
>>> sorted(kg.EXPORT_FORMATS)
['jsonld', 'nquads', 'ntriples', 'trig', 'turtle']
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.build import BuildReport, build
from kg.export import FORMATS as EXPORT_FORMATS
from kg.export import export
from kg.matching import match_patient
from kg.queries import get_query, list_queries, run_query
from kg.stats import compute_stats
from kg.store import EmbeddedStore
from kg.validate import validate

open_store = EmbeddedStore.open

__all__ = [
    "EXPORT_FORMATS",
    "BuildReport",
    "EmbeddedStore",
    "__version__",
    "build",
    "compute_stats",
    "export",
    "get_query",
    "list_queries",
    "match_patient",
    "open_store",
    "run_query",
    "validate",
]
