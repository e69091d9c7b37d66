"""Every reader yields v2-shaped study dicts, whatever the input.

``read_sources`` takes files, folders and zip archives holding API v2 JSON (single studies,
pages, JSON lines, the bulk download), classic API full-study or study-fields JSON, or legacy
``<clinical_study>`` XML, detects the format from the content and yields one
:class:`StudyRecord` (or one :class:`~kg.errors.RecordError`) per study.
"""

from kg.sources.reader import read_sources
from kg.sources.record import StudyRecord

FORMATS: tuple[str, ...] = ("ctgov-v2", "ctgov-classic", "ctgov-studyfields", "ctgov-xml")

__all__ = ["FORMATS", "StudyRecord", "read_sources"]
