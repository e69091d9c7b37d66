"""Format detection from content, never from file names.

Bytes: a zip archive (starts with ``PK``), XML (starts with ``<``) or JSON. A JSON value: a v2
study (``protocolSection``), a v2 page (``studies``), a classic full study (``ProtocolSection``,
``FullStudy``, ``Study``, a ``FullStudiesResponse`` page), a study-fields record (``NCTId``
list, a ``StudyFieldsResponse`` page), or a list of any of these.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.errors import RecordError
from kg.sources import ctgov_classic, ctgov_studyfields, ctgov_v2

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
BOM = b"\xef\xbb\xbf"

#: Marks the fetch-state file that kg.sources.api writes beside its pages; readers skip it.
FETCH_STATE_KIND = "cell-trials-kg fetch state"

NOT_A_RECORD = ("not a ClinicalTrials.gov study record: expected a v2 study (protocolSection), "
                "a v2 page (studies), a classic study (FullStudy/ProtocolSection) or a "
                "study-fields record (NCTId)")


def sniff(head: bytes) -> str:
    """``"zip"``, ``"xml"``, ``"json"``, ``"empty"`` or ``"other"`` from a file's first bytes."""
    if head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return "zip"
    stripped = head.removeprefix(BOM).lstrip()
    if not stripped:
        return "empty"
    if stripped.startswith(b"<"):
        return "xml"
    return "json" if stripped.startswith((b"{", b"[")) else "other"


def split_json(value: Any) -> Iterator[tuple[str, Any] | RecordError]:
    """Each study in a parsed JSON document as ``(format, raw study)``; others as errors."""
    if isinstance(value, list):
        for item in value:
            yield from split_json(item)
        return
    if not isinstance(value, dict):
        yield RecordError(f"{NOT_A_RECORD}; got a JSON {type(value).__name__}")
        return
    if value.get("kind") == FETCH_STATE_KIND:
        return  # the fetch state beside downloaded pages holds no study
    if ctgov_v2.is_study(value):
        yield ctgov_v2.FORMAT, value
    elif isinstance(value.get("studies"), list):
        yield from split_json(value["studies"])
    elif ctgov_classic.is_study(value):
        yield ctgov_classic.FORMAT, value
    elif "FullStudiesResponse" in value:
        yield from _classic_page(value["FullStudiesResponse"])
    elif isinstance(value.get("FullStudy"), dict):
        yield from split_json(value["FullStudy"])
    elif isinstance(value.get("Study"), dict) and ctgov_classic.is_study(value["Study"]):
        yield ctgov_classic.FORMAT, value["Study"]
    elif "StudyFieldsResponse" in value:
        yield from _studyfields_page(value["StudyFieldsResponse"])
    elif ctgov_studyfields.is_record(value):
        yield ctgov_studyfields.FORMAT, value
    else:
        keys = ", ".join(list(value)[:5]) or "none"
        yield RecordError(f"{NOT_A_RECORD}; found keys: {keys}")


def _classic_page(page: Any) -> Iterator[tuple[str, Any] | RecordError]:
    studies = page.get("FullStudies") if isinstance(page, dict) else None
    if not isinstance(studies, list):
        yield RecordError("FullStudiesResponse without a FullStudies list")
        return
    for item in studies:
        study = item.get("Study") if isinstance(item, dict) else None
        if ctgov_classic.is_study(study):
            yield ctgov_classic.FORMAT, study
        else:
            yield RecordError("FullStudies item without a Study holding a ProtocolSection")


def _studyfields_page(page: Any) -> Iterator[tuple[str, Any] | RecordError]:
    records = page.get("StudyFields") if isinstance(page, dict) else None
    if not isinstance(records, list):
        yield RecordError("StudyFieldsResponse without a StudyFields list")
        return
    for item in records:
        if isinstance(item, dict):
            yield ctgov_studyfields.FORMAT, item
        else:
            yield RecordError(f"StudyFields item is not an object but a {type(item).__name__}")
