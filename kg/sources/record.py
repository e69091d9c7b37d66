"""The record every reader yields, and how errors get their location."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.errors import FieldError, Location, RecordError


@dataclass(frozen=True)
class StudyRecord:
    """One study in the v2 shape, with the file (or zip member, or jsonl line) it came from."""

    study: dict[str, Any]  # {"protocolSection": {...}, "derivedSection": {...}, "hasResults": bool}
    origin: str  # "path.json", "path/to.zip!NCT01234567.json", "file.jsonl:LINE"
    fmt: str  # "ctgov-v2" | "ctgov-classic" | "ctgov-studyfields" | "ctgov-xml"

    @property
    def nct_id(self) -> str:
        """The NCT id (readers only yield records whose id is valid)."""
        nct_id: str = self.study["protocolSection"]["identificationModule"]["nctId"]
        return nct_id

    @property
    def last_update(self) -> str | None:
        """Date of the record's last update post (or, failing that, of its last submission)."""
        status = self.study.get("protocolSection", {}).get("statusModule", {})
        posted = status.get("lastUpdatePostDateStruct", {}).get("date")
        value = posted or status.get("lastUpdateSubmitDate")
        return value if isinstance(value, str) else None


def locate(error: RecordError, origin: str, nct_id: str | None) -> RecordError:
    """Return the error with its file and NCT id filled in, keeping FieldError a FieldError."""
    loc = error.location or Location(origin)
    where = Location(file=loc.file or origin, nct_id=loc.nct_id or nct_id, field=loc.field)
    if isinstance(error, FieldError):
        located = FieldError(error.field, error.reason, where.nct_id)
        located.location = where
        return located
    return RecordError(error.reason, where)


def first_problem(problems: list[FieldError]) -> FieldError:
    """One error for a record with problems: the first, naming how many others there are."""
    first = problems[0]
    if len(problems) == 1:
        return first
    others = ", ".join(p.field for p in problems[1:4])
    more = "..." if len(problems) > 4 else ""
    return FieldError(first.field, f"{first.reason} (and {len(problems) - 1} more problem(s): "
                                   f"{others}{more})")
