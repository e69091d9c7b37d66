"""The domain errors of cell-trials-kg.

The library raises these; only the CLI turns them into messages and exit codes.
Every error carries where it happened (file, NCT id, field) so a user can act on it.
"""

from __future__ import annotations

from dataclasses import dataclass


class KGError(Exception):
    """Base of every error the library raises on purpose."""


class UsageError(KGError):
    """The caller asked for something impossible (bad option, unknown query, bad parameter)."""


class QuerySyntaxError(UsageError):
    """A SPARQL text does not parse (the user's input, so a usage error)."""


class StoreError(KGError):
    """The store is missing, locked or cannot be written."""


class QueryError(KGError):
    """A SPARQL query failed to parse or run."""


class ValidationSetupError(KGError):
    """Shapes or data for validation cannot be loaded."""


@dataclass(frozen=True)
class Location:
    """Where a problem is: the file (and zip member), the record and the field."""

    file: str
    nct_id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.nct_id:
            parts.append(self.nct_id)
        if self.field:
            parts.append(self.field)
        return ": ".join(parts)


class RecordError(KGError):
    """A record cannot be read or mapped; other records go on loading."""

    def __init__(self, reason: str, location: Location | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.location = location

    def located(self, file: str, nct_id: str | None = None) -> RecordError:
        """Return the same error with its file (and NCT id, when not yet known) filled in."""
        loc = self.location or Location(file)
        return RecordError(
            self.reason,
            Location(file=loc.file if loc.file else file, nct_id=loc.nct_id or nct_id,
                     field=loc.field),
        )

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}" if self.location else self.reason

    def __reduce__(self) -> tuple[type[RecordError], tuple[str, Location | None]]:
        # Errors travel back from build workers; rebuild them from their parts.
        return (RecordError, (self.reason, self.location))


class FieldError(RecordError):
    """A field of a record has a bad value (wrong type, unknown enumeration code...)."""

    def __init__(self, field: str, reason: str, nct_id: str | None = None) -> None:
        super().__init__(reason, Location(file="", nct_id=nct_id, field=field))
        self.field = field

    def __reduce__(self) -> tuple[type[RecordError], tuple[str, Location | None]]:
        return (_located_field_error, (self.reason, self.location))  # type: ignore[return-value]


def _located_field_error(reason: str, location: Location | None) -> FieldError:
    error = FieldError(location.field if location and location.field else "", reason,
                       location.nct_id if location else None)
    error.location = location
    return error
