"""ClinicalTrials.gov API v2 study records: passed through after type and code checks.

Containers (a page ``{"studies": [...]}``, ``.jsonl``, folders, the bulk ``.zip``) are
opened by :mod:`kg.sources.reader`; this module deals with one study object.
"""

from __future__ import annotations

from typing import Any

from kg.sources.record import first_problem
from kg.sources.schema import check_study

FORMAT = "ctgov-v2"


def is_study(value: Any) -> bool:
    """Whether a JSON value is one v2 study (it has a ``protocolSection``)."""
    return isinstance(value, dict) and "protocolSection" in value


def nct_id_hint(raw: Any) -> str | None:
    """Return the NCT id as written in the record, if any, for error messages."""
    if not isinstance(raw, dict):
        return None
    section = raw.get("protocolSection")
    ident = section.get("identificationModule") if isinstance(section, dict) else None
    value = ident.get("nctId") if isinstance(ident, dict) else None
    return value if isinstance(value, str) else None


def to_v2(raw: Any) -> dict[str, Any]:
    """Return the study itself once its fields are checked; raise FieldError otherwise.

    Partial records (``fields=`` responses) are fine as long as the NCT id is there.
    """
    problems = check_study(raw)
    if problems:
        raise first_problem(problems)
    study: dict[str, Any] = raw
    return study
