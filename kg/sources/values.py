"""Value conversions shared by the readers of the older formats.

Classic JSON, study-fields JSON and legacy XML carry display strings ("Phase 2",
"June 9, 2003", "Yes"); these helpers turn them into the v2 values and raise a
``FieldError`` naming the v2 field when a value cannot be understood.
"""

from __future__ import annotations

import re
from datetime import datetime
from types import MappingProxyType
from typing import Any

from kg.errors import FieldError
from kg.vocab import Enumeration

NCT_FIELD = "protocolSection.identificationModule.nctId"

_DATE_FORMATS: tuple[tuple[str, str], ...] = (
    ("%B %d, %Y", "%Y-%m-%d"),
    ("%b %d, %Y", "%Y-%m-%d"),
    ("%B %Y", "%Y-%m"),
    ("%b %Y", "%Y-%m"),
    ("%Y-%m-%d", "%Y-%m-%d"),
    ("%Y-%m", "%Y-%m"),
    ("%Y", "%Y"),
)
# The registry's own two shapes, read without strptime (a sixth of reading a classic record):
# "June 9, 2003" and "October 2000", English month names, whole or abbreviated.
_MONTHS = MappingProxyType({
    name: number for number, (full, short) in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may", "may"), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")), start=1)
    for name in (full, short)})
_DISPLAY_DATE = re.compile(r"([A-Za-z]+) (?:(\d{1,2}), )?(\d{4})")
_TRUE = frozenset({"yes", "true", "accepts healthy volunteers"})
_FALSE = frozenset({"no", "false"})
_MESH_ID = re.compile(r"^([A-Z])(\d+)$")
# MeSH switched to nine-digit identifiers in 2014-2017; older ids keep six digits, and the
# classic API zero-pads them all to nine. Below these numbers an id predates the switch
# (D066553 is the last six-digit descriptor and C582435 the last six-digit supplementary
# record seen in the corpus; D000067877 and C000594389 are the first nine-digit ones).
_SIX_DIGIT_LIMIT = MappingProxyType({"D": 67000, "C": 590000})


def describe(value: Any) -> str:
    """Short description of a value for error messages: its JSON type and a preview."""
    kinds = {str: "text", bool: "a boolean", int: "a number", float: "a number",
             list: "a list", dict: "an object", type(None): "null"}
    kind = kinds.get(type(value), type(value).__name__)
    preview = repr(value)
    if len(preview) > 40:
        preview = preview[:37] + "..."
    return f"{kind} {preview}"


def text(value: Any, path: str) -> str:
    """Return the value as text; raise FieldError when it is not a string."""
    if not isinstance(value, str):
        raise FieldError(path, f"expected text, got {describe(value)}")
    return value


def whole_number(value: Any, path: str) -> int:
    """Read a count from ``"20"`` or ``20``; anything else is a FieldError."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise FieldError(path, f"expected a whole number, got {describe(value)}")


def yes_no(value: Any, path: str) -> bool:
    """Read a boolean from ``"Yes"``/``"No"`` (and "Accepts Healthy Volunteers")."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        key = value.strip().casefold()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    raise FieldError(path, f"expected Yes or No, got {describe(value)}")


def iso_date(value: Any, path: str) -> str:
    """Convert a display date to ISO: ``"June 9, 2003"`` -> ``"2003-06-09"``.

    Month-only dates stay month-only (``"October 2000"`` -> ``"2000-10"``), as in v2.
    """
    raw = " ".join(text(value, path).split())
    display = _DISPLAY_DATE.fullmatch(raw)
    month = _MONTHS.get(display.group(1).lower()) if display else None
    if display is not None and month is not None:
        year, day = display.group(3), display.group(2)
        if day is None:
            return f"{year}-{month:02d}"
        try:
            return datetime(int(year), month, int(day)).strftime("%Y-%m-%d")
        except ValueError:
            pass  # "February 30, 2003": the formats below refuse it too
    for parse, emit in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, parse).strftime(emit)
        except ValueError:
            continue
    raise FieldError(path, f"not a date: {raw!r} (expected e.g. 'June 9, 2003' or 'October 2000')")


def enum_code(enum: Enumeration, value: Any, path: str) -> str:
    """Return the v2 code of a display label (kg.vocab table); unknown labels are errors."""
    code = enum.code_for_label(text(value, path))
    if code is None:
        known = ", ".join(repr(label) for label in enum.labels.values())
        raise FieldError(path, f"unknown {enum.name} value {value!r}; expected one of {known}")
    return code


def mesh_id(value: Any, path: str) -> str:
    """Write a MeSH id as v2 does: ``D000007938`` -> ``D007938``; new ids keep nine digits."""
    raw = text(value, path).strip()
    match = _MESH_ID.match(raw)
    if match is None:
        raise FieldError(path, f"not a MeSH id: {raw!r}")
    letter, digits = match.groups()
    number = int(digits)
    if len(digits) == 9 and number < _SIX_DIGIT_LIMIT.get(letter, 0):
        return f"{letter}{number:06d}"
    return raw


def local_enum(name: str, field: str, labels: dict[str, str]) -> Enumeration:
    """Build an enumeration that v2 has but the RDF model does not map (no IRIs)."""
    return Enumeration(name, field, MappingProxyType({}), MappingProxyType(dict(labels)))


# v2 enumerations outside kg.vocab: kept in the study dict, never turned into IRIs.
SECONDARY_ID_TYPE = local_enum("SecondaryIdType", "identificationModule.secondaryIdInfos.type", {
    "NIH": "U.S. NIH Grant/Contract",
    "FDA": "U.S. FDA Grant/Contract",
    "VA": "U.S. VA Grant/Contract",
    "CDC": "U.S. CDC Grant/Contract",
    "AHRQ": "U.S. AHRQ Grant/Contract",
    "SAMHSA": "U.S. SAMHSA Grant/Contract",
    "OTHER_GRANT": "Other Grant/Funding Number",
    "EUDRACT_NUMBER": "EudraCT Number",
    "CTIS": "EU Trial (CTIS) Number",
    "REGISTRY": "Registry Identifier",
    "OTHER": "Other Identifier",
})
IPD_SHARING = local_enum("IpdSharing", "ipdSharingStatementModule.ipdSharing", {
    "YES": "Yes", "NO": "No", "UNDECIDED": "Undecided",
})
IPD_INFO_TYPE = local_enum("IpdInfoType", "ipdSharingStatementModule.infoTypes", {
    "STUDY_PROTOCOL": "Study Protocol",
    "SAP": "Statistical Analysis Plan (SAP)",
    "ICF": "Informed Consent Form (ICF)",
    "CSR": "Clinical Study Report (CSR)",
    "ANALYTIC_CODE": "Analytic Code",
})
SAMPLING_METHOD = local_enum("SamplingMethod", "eligibilityModule.samplingMethod", {
    "PROBABILITY_SAMPLE": "Probability Sample",
    "NON_PROBABILITY_SAMPLE": "Non-Probability Sample",
})
BIOSPEC_RETENTION = local_enum("BioSpecRetention", "designModule.bioSpec.retention", {
    "NONE_RETAINED": "None Retained",
    "SAMPLES_WITH_DNA": "Samples With DNA",
    "SAMPLES_WITHOUT_DNA": "Samples Without DNA",
})
CONTACT_ROLE = local_enum("ContactRole", "contactsLocationsModule.*.role", {
    "STUDY_CHAIR": "Study Chair",
    "STUDY_DIRECTOR": "Study Director",
    "PRINCIPAL_INVESTIGATOR": "Principal Investigator",
    "SUB_INVESTIGATOR": "Sub-Investigator",
    "CONTACT": "Contact",
})
BROWSE_RELEVANCE = local_enum("Relevance", "derivedSection.*.browseLeaves.relevance", {
    "LOW": "low", "HIGH": "high",
})
