"""Typed access to fields of a v2 study dict, raising FieldError with the JSON path.

The readers check types already; the mapper checks again at the point of use because a
user may hand `kg.build` any iterable of dicts.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from kg.errors import FieldError
from kg.vocab import XSD, Enumeration

_DATE_FORMS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD + "date"),
    (re.compile(r"^\d{4}-\d{2}$"), XSD + "gYearMonth"),
    (re.compile(r"^\d{4}$"), XSD + "gYear"),
)
_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?\s*$", re.I)
# Days per unit, then divided by a year of 365.25 days; the registry allows all these units.
_AGE_UNIT_YEARS = {
    "year": Decimal(1),
    "month": Decimal(1) / Decimal(12),
    "week": Decimal(7) / Decimal("365.25"),
    "day": Decimal(1) / Decimal("365.25"),
    "hour": Decimal(1) / (Decimal(24) * Decimal("365.25")),
    "minute": Decimal(1) / (Decimal(1440) * Decimal("365.25")),
}


class Fields:
    """Reads one record's fields; every error names the NCT id and the dotted path."""

    def __init__(self, nct_id: str) -> None:
        self.nct_id = nct_id

    def fail(self, path: str, reason: str) -> FieldError:
        """An error for ``path`` (returned, for the caller to raise)."""
        return FieldError(path, reason, self.nct_id)

    def obj(self, parent: dict[str, Any], key: str, path: str) -> dict[str, Any]:
        """A nested object, or {} when absent."""
        value = parent.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(f"{path}.{key}", f"expected an object, got {type(value).__name__}")
        return value

    def items(self, parent: dict[str, Any], key: str, path: str) -> list[Any]:
        """A list, or [] when absent."""
        value = parent.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"{path}.{key}", f"expected a list, got {type(value).__name__}")
        return value

    def objs(self, parent: dict[str, Any], key: str, path: str) -> list[dict[str, Any]]:
        """A list of objects."""
        out = self.items(parent, key, path)
        for i, item in enumerate(out):
            if not isinstance(item, dict):
                raise self.fail(f"{path}.{key}[{i}]", "expected an object")
        return out

    def strs(self, parent: dict[str, Any], key: str, path: str) -> list[str]:
        """A list of strings (blank ones dropped)."""
        out = self.items(parent, key, path)
        for i, item in enumerate(out):
            if not isinstance(item, str):
                raise self.fail(f"{path}.{key}[{i}]", f"expected text, got {item!r}")
        return [s for s in out if s.strip()]

    def text(self, parent: dict[str, Any], key: str, path: str) -> str | None:
        """A string, or None when absent or blank."""
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(f"{path}.{key}", f"expected text, got {value!r}")
        return value if value.strip() else None

    def integer(self, parent: dict[str, Any], key: str, path: str) -> int | None:
        """An integer (bools rejected)."""
        value = parent.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{path}.{key}", f"expected an integer, got {value!r}")
        return value

    def flag(self, parent: dict[str, Any], key: str, path: str) -> bool | None:
        """A boolean."""
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise self.fail(f"{path}.{key}", f"expected true or false, got {value!r}")
        return value

    def number(self, parent: dict[str, Any], key: str, path: str) -> float | None:
        """A number (latitude, longitude)."""
        value = parent.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{path}.{key}", f"expected a number, got {value!r}")
        return float(value)

    def enum(self, enumeration: Enumeration, code: str | None, path: str) -> str | None:
        """The IRI of an enumeration code; an unknown code is an error naming the field."""
        if code is None:
            return None
        iri = enumeration.iris.get(code)
        if iri is None:
            known = ", ".join(enumeration.iris)
            raise self.fail(path, f"unknown {enumeration.name} value {code!r} (known: {known})")
        return iri

    def date(self, value: str | None, path: str) -> tuple[str, str] | None:
        """A registry date as (lexical form, XSD datatype): date, gYearMonth or gYear."""
        if value is None:
            return None
        text = value.strip()
        for pattern, datatype in _DATE_FORMS:
            if pattern.match(text):
                return text, datatype
        raise self.fail(path, f"not a date (YYYY-MM-DD, YYYY-MM or YYYY): {value!r}")

    def age_years(self, value: str | None, path: str) -> Decimal | None:
        """An age such as "18 Years" or "6 Months" in years; "N/A" is no limit."""
        if value is None or value.strip().upper() in {"N/A", "NA", "NONE", ""}:
            return None
        match = _AGE.match(value)
        if not match:
            raise self.fail(path, f"not an age (e.g. '18 Years', '6 Months'): {value!r}")
        years = Decimal(match.group(1)) * _AGE_UNIT_YEARS[match.group(2).lower()]
        return years.quantize(Decimal("0.0001")).normalize() if years % 1 else years.quantize(
            Decimal(1))
